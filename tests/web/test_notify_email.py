"""E-mail through a real SMTP server process (aiosmtpd): sent, refused for good, retried."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.core import db
from contest.notifications.models import Delivery, DeliveryStatus
from contest.notifications.sending import Address, notify
from tests.support.notifications import outbox, run_queue, settings, smtp_server


@pytest.fixture
def smtp(app):
    with smtp_server() as server, settings(app, SMTP_URL=server.url, NOTIFY_RETRY_SECONDS=0):
        yield server


def _queue_test_mail(app, to="dan@example.vn", **kwargs):
    with app.app_context():
        made = notify(db.session(), "test", to=Address("email", to), params={"code": "X1"}, **kwargs)
        db.finish(True)
        return [d.id for d in made]


def _delivery(app, delivery_id) -> Delivery:
    with app.app_context():
        return db.session().get(Delivery, delivery_id)


def test_a_queued_mail_reaches_the_smtp_server(app, smtp):
    [delivery_id] = _queue_test_mail(app)
    run_queue(app)

    [mail] = smtp.messages()
    assert mail["To"] == "dan@example.vn"
    assert mail["Subject"] == "Thư thử nghiệm từ hệ thống cuộc thi"
    assert "X1" in mail.get_body(("plain",)).get_content()
    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.sent, 1)
    assert delivery.sent_at is not None
    assert outbox(app) == []  # a configured server: nothing goes to the dev folder


def test_nothing_is_sent_before_the_commit(app, smtp):
    with app.app_context():
        notify(db.session(), "test", to=Address("email", "dan@example.vn"))
        assert run_queue(app) == 0
        db.finish(True)
    assert run_queue(app) == 1
    assert len(smtp.messages()) == 1


def test_a_rolled_back_request_sends_nothing(app, smtp):
    with app.app_context():
        notify(db.session(), "test", to=Address("email", "dan@example.vn"))
        db.finish(False)
    assert run_queue(app) == 0
    assert smtp.messages() == []
    with app.app_context():
        assert db.session().scalars(select(Delivery)).first() is None


def test_a_refusal_550_fails_at_once_with_the_reason_in_the_log(app, smtp):
    smtp.refuse(550)
    [delivery_id] = _queue_test_mail(app)
    run_queue(app)

    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 1)
    assert "Máy chủ thư từ chối" in delivery.last_error and "550" in delivery.last_error
    assert smtp.tries() == 1


def test_a_temporary_refusal_451_is_retried_until_the_server_accepts(app, smtp):
    smtp.refuse(451)
    [delivery_id] = _queue_test_mail(app)
    with app.app_context():
        from tests.support.notifications import _queue

        huey = _queue.get(app)
        huey.execute(huey.dequeue())  # the first try, as the worker would
    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.queued, 1)
    assert "451" in delivery.last_error

    smtp.refuse(None)
    run_queue(app)
    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.sent, 2)
    assert len(smtp.messages()) == 1


def test_a_temporary_refusal_that_lasts_fails_after_the_last_retry(app, smtp):
    smtp.refuse(451)
    with settings(app, NOTIFY_MAX_RETRIES=2):
        [delivery_id] = _queue_test_mail(app)
        run_queue(app)
    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 3)
    assert smtp.tries() == 3


def test_a_server_that_is_down_is_retried_then_failed(app):
    from tests.support.http import free_port

    with settings(app, SMTP_URL=f"smtp://127.0.0.1:{free_port()}", NOTIFY_RETRY_SECONDS=0,
                  NOTIFY_MAX_RETRIES=1):
        [delivery_id] = _queue_test_mail(app)
        run_queue(app)
    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 2)
    assert "Không kết nối được máy chủ thư" in delivery.last_error


def test_the_worker_waits_for_a_retry_time(app, smtp):
    from contest.notifications import queue

    smtp.refuse(451)
    with settings(app, NOTIFY_RETRY_SECONDS=3600):
        [delivery_id] = _queue_test_mail(app)
        assert queue.run(app, early=False) == 1  # the first try; the retry waits an hour
        assert queue.run(app, early=False) == 0
    assert _delivery(app, delivery_id).status is DeliveryStatus.queued
    assert queue.get(app).scheduled_count() == 1
    assert smtp.tries() == 1


def test_a_mail_of_a_topic_unsubscribes_in_one_click(app, smtp, factory):
    from urllib.parse import urlsplit

    from contest.notifications.models import NotificationPreference
    from tests.support.notifications import topic_kind

    kind = topic_kind("results")
    user = factory.user(email="an@example.vn")
    factory.commit()
    with app.app_context():
        notify(db.session(), kind.key, user=user, params={"code": "R1"})
        db.finish(True)
    run_queue(app)

    [mail] = smtp.messages()
    link = mail["List-Unsubscribe"].strip("<>")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in mail.get_body(("plain",)).get_content()
    response = app.test_client().post(urlsplit(link).path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session().get(NotificationPreference, user.id).topics == {"results": False}


@pytest.mark.parametrize("tls", ["starttls", "smtps"])
def test_mail_goes_over_tls_with_a_login(app, tls, monkeypatch):
    with smtp_server(tls=tls, login=("mailer", "p@ss word")) as server:
        monkeypatch.setenv("SSL_CERT_FILE", server.ca_file)  # trust the test certificate
        url = server.url.replace("p@ss word", "p%40ss%20word")  # percent-encoded in SMTP_URL
        with settings(app, SMTP_URL=url):
            [delivery_id] = _queue_test_mail(app)
            run_queue(app)
        assert len(server.messages()) == 1
    assert _delivery(app, delivery_id).status is DeliveryStatus.sent


def test_a_wrong_smtp_password_fails_at_once(app, monkeypatch):
    with smtp_server(tls="starttls", login=("mailer", "right")) as server:
        monkeypatch.setenv("SSL_CERT_FILE", server.ca_file)
        with settings(app, SMTP_URL=server.url.replace(":right@", ":wrong@")):
            [delivery_id] = _queue_test_mail(app)
            run_queue(app)
    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 1)
    assert "535" in delivery.last_error


def test_an_untrusted_certificate_fails_at_once(app):
    with smtp_server(tls="starttls") as server, settings(app, SMTP_URL=server.url):
        [delivery_id] = _queue_test_mail(app)
        run_queue(app)
    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 1)
    assert "chứng chỉ" in delivery.last_error
