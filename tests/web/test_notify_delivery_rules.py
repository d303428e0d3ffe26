"""The delivery rules the review asked for: a rolled-back dedupe insert leaves nothing, a row is
sent only by the run that claimed it (and the sweep picks up rows nobody tries), separate
per-address budgets, secret content that expires with its link, one SMTP connection for
consecutive mails, huey retries of the deferred fan-outs, and the after-commit helper."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from sqlalchemy import event, select, update

from contest.core import db
from contest.core.db import utcnow
from contest.notifications import kinds
from contest.notifications.events import announce, jobs, tasks
from contest.notifications.models import Delivery, DeliveryStatus
from contest.notifications.queue import get as get_queue
from contest.notifications.sending import Address, notify
from tests.support.http import free_port
from tests.support.notifications import (
    deliveries,
    http_recorder,
    notify_committed,
    outbox,
    run_queue,
    settings,
    smtp_server,
    topic_kind,
)

TO = Address("email", "rules@example.vn")




def _set(app, delivery_id: int, **values) -> None:
    with app.app_context():
        db.session().execute(update(Delivery).where(Delivery.id == delivery_id).values(**values))
        db.finish(True)


# --- 1. a deduplicated insert is part of its transaction -----------------------------------------


def test_a_deduplicated_message_rolled_back_as_the_first_write_leaves_nothing(app):
    with app.app_context():
        notify(db.session(), "test", to=TO, dedupe_key="reset:1")  # the transaction's first write
        db.finish(False)
    assert deliveries(app) == []

    assert len(notify_committed(app, "test", to=TO, dedupe_key="reset:1")) == 1
    run_queue(app)
    assert [m.to for m in outbox(app)] == [TO.value]


# --- 2. claims and the sweep ---------------------------------------------------------------------


def test_a_delivery_claimed_by_a_try_in_progress_is_not_sent_by_a_second_run(app):
    [delivery] = notify_committed(app, "test", to=TO)
    _set(app, delivery.id, claimed_until=utcnow() + timedelta(minutes=5))  # another thread's try
    run_queue(app)
    assert outbox(app) == []
    assert deliveries(app)[0].status is DeliveryStatus.queued


def test_two_worker_threads_trying_one_delivery_send_it_once(app):
    import threading

    from contest.notifications import delivering

    with smtp_server() as server, settings(app, SMTP_URL=server.url):
        [delivery] = notify_committed(app, "test", to=TO)
        start = threading.Barrier(2)

        def worker():
            start.wait()
            with app.app_context():
                delivering.attempt(delivery.id)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        assert len(server.messages()) == 1
    assert [(r.status, r.attempts) for r in deliveries(app)] == [(DeliveryStatus.sent, 1)]


def test_the_periodic_sweep_sends_a_delivery_whose_worker_died_mid_try(app):
    [delivery] = notify_committed(app, "test", to=TO)
    run_queue(app)  # nothing is lost by running it: the row is sent
    [dead] = notify_committed(app, "test", to=Address("email", "dead@example.vn"))
    with app.app_context():
        from contest.notifications.queue import get

        get(app).flush()  # the task was lost with the worker
    long_ago = utcnow() - timedelta(minutes=20)
    _set(app, dead.id, created_at=long_ago, claimed_until=long_ago + timedelta(minutes=5))
    with app.app_context():
        assert tasks.sweep_now() == 1
    run_queue(app)
    assert sorted(m.to for m in outbox(app)) == ["dead@example.vn", TO.value]
    with app.app_context():
        assert tasks.sweep_now() == 0  # a sent row is not queued again


def test_the_sweep_leaves_fresh_rows_and_rows_waiting_for_their_retry(app):
    [fresh] = notify_committed(app, "test", to=TO)
    [waiting] = notify_committed(app, "test", to=Address("email", "later@example.vn"))
    _set(app, waiting.id, created_at=utcnow() - timedelta(minutes=30), attempts=5,
         tried_at=utcnow() - timedelta(minutes=10))  # next try 16 minutes after the last
    with app.app_context():
        assert tasks.sweep_now() == 0
    assert fresh.id


# --- 3. separate budgets -------------------------------------------------------------------------


def test_reset_requests_by_a_stranger_do_not_block_a_persons_event_messages(app):
    prize = topic_kind("results")
    address = Address("sms", "0912000111")
    with settings(app, NOTIFY_PER_ADDRESS="2 per hour", NOTIFY_EVENTS_PER_ADDRESS="2 per hour"):
        essential = [notify_committed(app, "test", to=address)[0].status for _ in range(3)]
        events = [notify_committed(app, prize.key, to=address)[0].status for _ in range(3)]
    assert essential == [DeliveryStatus.queued, DeliveryStatus.queued, DeliveryStatus.limited]
    assert events == [DeliveryStatus.queued, DeliveryStatus.queued, DeliveryStatus.limited]


# --- 4. secret content expires with its link -----------------------------------------------------


def test_a_secret_message_is_not_sent_once_its_link_expired(app):
    secret = topic_kind("results", secret=True)
    [delivery] = notify_committed(app, secret.key, to=TO, params={"code": "S3CR3T"})
    _set(app, delivery.id, created_at=utcnow() - timedelta(minutes=31))
    run_queue(app)
    [row] = deliveries(app)
    assert row.status is DeliveryStatus.failed and "Hết hạn" in row.last_error
    assert row.body is None and outbox(app) == []


def test_a_registration_confirmation_lives_its_own_day_not_a_resets_half_hour(app):
    [delivery] = notify_committed(app, "contact_confirm", to=TO, params={"link": "http://x/confirm/t",
                                                                "minutes": 1440})
    _set(app, delivery.id, created_at=utcnow() - timedelta(hours=2))
    run_queue(app)
    [row] = deliveries(app)
    assert row.status is DeliveryStatus.sent and [m.to for m in outbox(app)] == [TO.value]


def test_a_secret_message_is_not_retried_past_its_links_life(app):
    secret = topic_kind("results", secret=True)
    with settings(app, SMTP_URL=f"smtp://127.0.0.1:{free_port()}", NOTIFY_RETRY_SECONDS=60):
        [delivery] = notify_committed(app, secret.key, to=TO, params={"code": "S3CR3T"})
        _set(app, delivery.id, created_at=utcnow() - timedelta(minutes=29, seconds=30))
        run_queue(app)
    [row] = deliveries(app)
    assert (row.status, row.attempts) == (DeliveryStatus.failed, 1)
    assert "Hết hạn" in row.last_error and row.body is None


def test_a_secret_message_keeps_no_content_after_any_final_outcome(app):
    secret = topic_kind("results", secret=True)
    with settings(app, SMTP_URL=f"smtp://127.0.0.1:{free_port()}", NOTIFY_RETRY_SECONDS=0,
                  NOTIFY_MAX_RETRIES=1, NOTIFY_EVENTS_PER_ADDRESS="1 per hour"):
        notify_committed(app, secret.key, to=TO, params={"code": "S3CR3T"})
        notify_committed(app, secret.key, to=TO, params={"code": "S3CR3T"})
        run_queue(app)
    rows = deliveries(app)
    assert [r.status for r in rows] == [DeliveryStatus.failed, DeliveryStatus.limited]
    assert [r.body for r in rows] == [None, None]


def test_a_secret_message_is_sealed_at_rest_and_sent_in_clear(app):
    secret = topic_kind("results", secret=True)
    [delivery] = notify_committed(app, secret.key, to=TO, params={"code": "S3CR3T"})
    [row] = deliveries(app)
    assert row.body.startswith("sealed:") and "S3CR3T" not in row.body
    run_queue(app)
    assert "S3CR3T" in outbox(app)[0].text


def test_a_secret_message_sealed_under_another_key_fails_cleanly(app):
    secret = topic_kind("results", secret=True)
    with settings(app, SECRET_KEY="an-old-key"):
        notify_committed(app, secret.key, to=TO, params={"code": "S3CR3T"})
    run_queue(app)
    [row] = deliveries(app)
    assert (row.status, row.body) == (DeliveryStatus.failed, None)
    assert "SECRET_KEY" in row.last_error and outbox(app) == []


# --- 5. fan-out cost and one SMTP connection -----------------------------------------------------


def test_a_fan_out_costs_about_one_statement_per_person(app, factory):
    kind = topic_kind("results")
    people = [factory.user() for _ in range(40)]
    factory.commit()
    ids = [u.id for u in people]
    statements = []
    with app.app_context():
        session = db.session()
        engine = db.engine()

        def count(_conn, _cursor, statement, *_args):
            statements.append(" ".join(statement.split())[:150])

        event.listen(engine, "before_cursor_execute", count)
        try:
            queued = jobs.run_batches(jobs._fan_out(session, kind.key, "fan:1", ids,
                                                    lambda u: {"code": u.id}), lambda: db.finish(True))
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert queued == 40
    assert len(statements) <= 40 + 10, "\n".join(statements[:12])


def test_consecutive_emails_share_one_smtp_connection(app):
    with smtp_server() as server, settings(app, SMTP_URL=server.url):
        for n in range(3):
            notify_committed(app, "test", to=Address("email", f"p{n}@example.vn"))
        run_queue(app)
        assert len(server.messages()) == 3
        assert server.connections() == 1


def test_a_connection_the_server_closed_is_opened_again(app):
    import socket

    from contest.notifications.channels import email

    with smtp_server() as server, settings(app, SMTP_URL=server.url):
        notify_committed(app, "test", to=Address("email", "a@example.vn"))
        run_queue(app)
        email._local.smtp[1].sock.shutdown(socket.SHUT_RDWR)  # closed while idle
        notify_committed(app, "test", to=Address("email", "b@example.vn"))
        run_queue(app)
        assert [m["To"] for m in server.messages()] == ["a@example.vn", "b@example.vn"]
        assert server.connections() == 2
    assert [(r.status, r.attempts) for r in deliveries(app)] == [(DeliveryStatus.sent, 1)] * 2


# --- 6. the deferred fan-outs are retried --------------------------------------------------------


def test_a_deferred_fan_out_that_crashes_is_run_again(app):
    runs = []

    def flaky(session, items, commit):
        runs.append(list(items))
        if len(runs) == 1:
            raise RuntimeError("the database went away")
        return 0

    announce.HANDLERS["test_flaky"] = flaky
    try:
        with app.app_context():
            tasks.install(app)
            tasks.later(db.session(), "test_flaky", [1, 2])
            db.session().add(Delivery(kind="test", channel="email", address="z@example.vn",
                                      recipient="email:z@example.vn", status=DeliveryStatus.sent))
            db.finish(True)
        run_queue(app)
    finally:
        announce.HANDLERS.pop("test_flaky", None)
    assert runs == [[1, 2], [1, 2]]


# --- 7. the after-commit helper ------------------------------------------------------------------


def test_a_savepoint_released_inside_the_request_sends_nothing_before_the_commit(app):
    """Another part's savepoint (the reports hook after a round's close, each person of an
    attendance checklist) is released long before the request's commit point: the messages the
    request queued so far must wait for that commit, or the worker reads rows not stored yet."""
    ran = []
    with app.app_context():
        session = db.session()
        session.execute(select(1))
        db.on_commit(session, "k", ran.extend).append("before")
        notify(session, "test", to=TO)
        with session.begin_nested():
            db.on_commit(session, "k", ran.extend).append("inside")
        assert ran == [] and run_queue(app) == 0
        assert db.finish(True)
    assert ran == ["before", "inside"]
    assert run_queue(app) == 1 and [m.to for m in outbox(app)] == [TO.value]


def test_a_failing_after_commit_step_does_not_undo_or_fail_the_request(app):
    ran = []
    with app.app_context():
        session = db.session()
        session.execute(select(1))
        db.on_commit(session, "broken", lambda items: 1 / 0).append("x")
        db.on_commit(session, "fine", ran.extend).append("y")
        assert db.finish(True)
    assert ran == ["y"]


def test_on_commit_runs_after_the_commit_and_is_dropped_by_a_rollback(app):
    ran = []
    with app.app_context():
        session = db.session()
        session.execute(select(1))
        db.on_commit(session, "k", ran.extend).append("first")
        with session.begin_nested() as savepoint:
            db.on_commit(session, "k", ran.extend).append("second")
            savepoint.rollback()  # a savepoint rolled back keeps the list
        assert ran == []
        session.commit()
        assert ran == ["first", "second"]

        session.execute(select(1))
        db.on_commit(session, "k", ran.extend).append("dropped")
        session.rollback()
        session.commit()
    assert ran == ["first", "second"]


# --- 9. a subject with a line break --------------------------------------------------------------


def test_a_subject_with_a_line_break_is_sent_on_one_line(app):
    key = "test_broken_subject"
    if key not in kinds._REGISTRY:
        kinds.register(kinds.Kind(key=key, label="Tin thử", topic=None, secret=False,
                                  email=lambda p: ("Dòng một\r\nDòng hai", "Nội dung"),
                                  sms=lambda p: "Tin", zalo=lambda p: ("tpl", {})))
    with smtp_server() as server, settings(app, SMTP_URL=server.url):
        notify_committed(app, key, to=TO)
        run_queue(app)
        assert [m["Subject"] for m in server.messages()] == ["Dòng một Dòng hai"]
    assert deliveries(app)[0].status is DeliveryStatus.sent


# --- 10. outcomes written under the run's claim --------------------------------------------------


@contextlib.contextmanager
def _failing_commit(app, nth: int):
    """The ``nth`` COMMIT from now fails (the database refusing it: a lost connection, a
    serialization failure), the others pass."""
    engine = app.extensions["db_engine"]
    seen = []

    def refuse(conn):
        seen.append(1)
        if len(seen) == nth:
            raise RuntimeError("the database refused the commit")

    event.listen(engine, "commit", refuse)
    try:
        yield
    finally:
        event.remove(engine, "commit", refuse)


def test_a_sent_message_whose_outcome_commit_failed_is_not_sent_again_by_the_sweep(app):
    from contest.notifications import delivering

    [delivery] = notify_committed(app, "test", to=TO)
    with app.app_context():
        get_queue(app).flush()  # this test runs the task itself
        with _failing_commit(app, 2):  # 1: the claim, 2: the outcome after the send
            delivering.attempt(delivery.id)
    assert deliveries(app)[0].status is DeliveryStatus.sent
    with app.app_context():
        assert tasks.sweep_now(utcnow() + timedelta(minutes=30)) == 0
    run_queue(app)
    assert [m.to for m in outbox(app)] == [TO.value]


def test_a_run_whose_claim_was_taken_over_does_not_overwrite_the_row(app):
    """Run A's claim expired mid-send and run B took the row: A's outcome is not written."""
    [delivery] = notify_committed(app, "test", to=TO)
    engine = app.extensions["db_engine"]
    fired = []

    def take_over(conn, cursor, statement, parameters, context, executemany):
        if (not fired and statement.startswith("UPDATE delivery SET")
                and "status" in statement.split("WHERE")[0]):
            fired.append(1)  # run B claims the row just before A writes its outcome
            conn.exec_driver_sql("UPDATE delivery SET claimed_until = '2099-01-01 00:00:00' "
                                 f"WHERE id = {int(delivery.id)}")

    event.listen(engine, "before_cursor_execute", take_over)
    try:
        run_queue(app)
    finally:
        event.remove(engine, "before_cursor_execute", take_over)
    [row] = deliveries(app)
    assert fired and row.status is DeliveryStatus.queued and row.claimed_until.year == 2099


def test_an_error_outside_the_send_fails_the_delivery_instead_of_requeueing_it(app):
    [delivery] = notify_committed(app, "test", to=TO)
    _set(app, delivery.id, channel="pigeon")  # a channel removed since the message was queued
    run_queue(app)
    [row] = deliveries(app)
    assert (row.status, row.attempts) == (DeliveryStatus.failed, 1)
    assert "Lỗi không lường trước" in row.last_error
    with app.app_context():
        assert tasks.sweep_now(utcnow() + timedelta(minutes=30)) == 0


def test_a_duplicate_task_does_not_try_a_delivery_waiting_for_its_retry(app):
    from contest.notifications import delivering

    with settings(app, SMTP_URL=f"smtp://127.0.0.1:{free_port()}", NOTIFY_RETRY_SECONDS=600):
        [delivery] = notify_committed(app, "test", to=TO)
        with app.app_context():
            get_queue(app).flush()
            assert delivering.attempt(delivery.id) is not None  # refused: retry in 10 minutes
            assert delivering.attempt(delivery.id) is None  # a requeue, the sweep, a copy
    [row] = deliveries(app)
    assert row.attempts == 1 and row.claimed_until > utcnow() + timedelta(minutes=9)


def test_a_scheduled_retry_may_run_early_and_a_lost_one_is_swept_after_its_time(app):
    from contest.notifications import delivering

    with settings(app, SMTP_URL=f"smtp://127.0.0.1:{free_port()}", NOTIFY_RETRY_SECONDS=600):
        [delivery] = notify_committed(app, "test", to=TO)
        with app.app_context():
            get_queue(app).flush()
            retry = delivering.attempt(delivery.id)
            assert tasks.sweep_now(utcnow() + timedelta(minutes=12)) == 0  # not due yet
            assert tasks.sweep_now(utcnow() + timedelta(minutes=16)) == 1  # the task was lost
            get_queue(app).flush()
            assert delivering.attempt(delivery.id, retry.token) is not None  # the retry's own
    assert deliveries(app)[0].attempts == 2


def test_a_gateways_echo_of_a_secret_code_stays_out_of_the_log(app):
    secret = topic_kind("results", secret=True)
    with http_recorder() as gateway, settings(app, SMS_URL=gateway.url + "/sms", SMS_TOKEN="t",
                                              SMS_BRANDNAME="DONGTHAP"):
        gateway.answer(400, {"error": "bad text: Tin thử 482913"})
        notify_committed(app, secret.key, to=Address("sms", "0912000222"), params={"code": "482913"})
        run_queue(app)
        assert "482913" in gateway.requests()[0]["json"]["text"]
    [row] = deliveries(app)
    assert row.status is DeliveryStatus.failed and "HTTP 400" in row.last_error
    assert "482913" not in row.last_error
