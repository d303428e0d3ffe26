"""notify(): which channels a person gets, topics, deduplication, the per-address limit, and
secret content leaving the log (through the dev outbox folder, as in development)."""

from __future__ import annotations

import pytest

from contest.core import db
from contest.notifications import preferences
from contest.notifications.models import Delivery, DeliveryStatus
from contest.notifications.sending import Address, notify
from tests.support.notifications import (
    deliveries,
    notify_committed,
    outbox,
    run_queue,
    settings,
    topic_kind,
)


def test_a_person_gets_email_by_default(app, factory):
    user = factory.user(email="an@example.vn", phone="0912345678")
    factory.commit()
    [delivery] = notify_committed(app, "test", user=user, params={"code": "K1"})
    assert (delivery.channel, delivery.address) == ("email", "an@example.vn")
    run_queue(app)
    [message] = outbox(app)
    assert (message.channel, message.to) == ("email", "an@example.vn")


def test_a_person_without_email_gets_sms(app, factory):
    user = factory.user(email=None, phone="0912345678")
    factory.commit()
    [delivery] = notify_committed(app, "test", user=user)
    assert (delivery.channel, delivery.address) == ("sms", "0912345678")


def test_a_person_gets_every_channel_they_chose(app, factory, session):
    user = factory.user(email="an@example.vn", phone="0912345678")
    preferences.save(session, user, ["sms", "zalo"], {})
    factory.commit()
    made = notify_committed(app, "test", user=user)
    assert sorted((d.channel, d.address) for d in made) == [("sms", "0912345678"),
                                                            ("zalo", "0912345678")]


def test_an_opt_in_topic_is_not_sent_until_the_person_opts_in(app, factory, session):
    kind = topic_kind("round_opening")
    user = factory.user()
    factory.commit()
    assert notify_committed(app, kind.key, user=user) == []

    preferences.save(session, user, [], {"round_opening": True})
    session.commit()
    assert len(notify_committed(app, kind.key, user=user)) == 1


def test_a_topic_turned_off_is_not_sent(app, factory, session):
    kind = topic_kind("results")
    user = factory.user()
    preferences.save(session, user, [], {"results": False})
    factory.commit()
    assert notify_committed(app, kind.key, user=user) == []
    assert deliveries(app) == []


def test_a_topic_turned_off_after_queueing_is_skipped(app, factory, session):
    kind = topic_kind("results")
    user = factory.user()
    factory.commit()
    [delivery] = notify_committed(app, kind.key, user=user)
    preferences.turn_off(session, user.id, "results")
    session.commit()
    run_queue(app)
    assert deliveries(app)[0].status is DeliveryStatus.skipped
    assert outbox(app) == []


def test_a_message_of_a_topic_carries_the_unsubscribe_link(app, factory):
    kind = topic_kind("results")
    user = factory.user()
    factory.commit()
    notify_committed(app, kind.key, user=user, params={"code": "Z"})
    run_queue(app)
    [message] = outbox(app)
    assert "Ngừng nhận tin loại này: http://127.0.0.1:5000/unsubscribe/" in message.text
    headers = dict(message.headers)
    assert headers["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_essential_message_carries_no_unsubscribe_link(app, factory):
    user = factory.user()
    factory.commit()
    notify_committed(app, "test", user=user)
    run_queue(app)
    [message] = outbox(app)
    assert "unsubscribe" not in message.text
    assert "List-Unsubscribe" not in dict(message.headers)


def test_the_same_dedupe_key_sends_once(app, factory):
    user = factory.user()
    factory.commit()
    assert len(notify_committed(app, "test", user=user, dedupe_key="round:7")) == 1
    assert notify_committed(app, "test", user=user, dedupe_key="round:7") == []
    assert len(notify_committed(app, "test", user=user, dedupe_key="round:8")) == 1
    assert len(notify_committed(app, "test", to=Address("email", "x@example.vn"), dedupe_key="a")) == 1
    assert notify_committed(app, "test", to=Address("email", "x@example.vn"), dedupe_key="a") == []
    run_queue(app)
    assert len(outbox(app)) == 3


def test_past_the_per_address_limit_a_message_is_limited_not_sent(app):
    with settings(app, NOTIFY_PER_ADDRESS="2 per hour"):
        made = [notify_committed(app, "test", to=Address("sms", "0912345678"))[0] for _ in range(3)]
        other = notify_committed(app, "test", to=Address("sms", "0987654321"))[0]
    assert [d.status for d in made] == [DeliveryStatus.queued, DeliveryStatus.queued,
                                        DeliveryStatus.limited]
    assert "giới hạn" in made[2].last_error
    assert other.status is DeliveryStatus.queued
    run_queue(app)
    assert len(outbox(app)) == 3


def test_a_secret_kind_leaves_no_content_in_the_log_once_sent(app):
    kind = topic_kind("results", secret=True)
    [delivery] = notify_committed(app, kind.key, to=Address("email", "x@example.vn"), params={"code": "S3CR3T"})
    assert delivery.body and "S3CR3T" not in delivery.body  # sealed while it waits
    run_queue(app)
    [row] = deliveries(app)
    assert row.status is DeliveryStatus.sent and row.body is None
    assert "S3CR3T" in outbox(app)[0].text


def test_notify_needs_exactly_one_recipient(app, factory):
    user = factory.user()
    with app.app_context(), pytest.raises(ValueError):
        notify(db.session(), "test", user=user, to=Address("email", "x@example.vn"))


def test_a_duplicate_stored_meanwhile_by_another_transaction_does_nothing(app):
    """Two hosts running the same reminders: the unique dedupe key holds the second one off
    without an error, and what that transaction queued before still goes."""
    import threading
    import time

    from sqlmodel import Session

    if not app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("needs concurrent writers (TEST_DATABASE_URL=postgresql+psycopg://...)")
    to = Address("email", "x@example.vn")
    outcome = {}

    def second_host():
        with app.app_context(), Session(db.engine()) as other:
            before = notify(other, "test", to=Address("email", "y@example.vn"))
            outcome["made"] = notify(other, "test", to=to, dedupe_key="reminder:1")
            other.commit()
            outcome["before"] = before[0].id

    with app.app_context():
        notify(db.session(), "test", to=to, dedupe_key="reminder:1")  # flushed, not committed
        thread = threading.Thread(target=second_host)
        thread.start()
        time.sleep(0.5)  # the other host's insert waits on the unique index
        db.finish(True)
    thread.join(10)
    assert outcome["made"] == []
    assert run_queue(app) == 2
    assert sorted(m.to for m in outbox(app)) == ["x@example.vn", "y@example.vn"]


def test_a_savepoint_rolled_back_later_in_the_request_does_not_lose_the_message(app):
    from sqlalchemy.exc import IntegrityError

    from contest.notifications.models import DeliveryStatus as Status

    with app.app_context():
        session = db.session()
        notify(session, "test", to=Address("email", "x@example.vn"))
        try:
            with session.begin_nested():  # another part's step that fails alone
                for _ in range(2):
                    session.add(Delivery(kind="test", channel="email", address="z@example.vn",
                                         recipient="email:z@example.vn", dedupe_key="same",
                                         status=Status.sent))
        except IntegrityError:
            pass
        db.finish(True)
    assert run_queue(app) == 1
    assert [m.to for m in outbox(app)] == ["x@example.vn"]
