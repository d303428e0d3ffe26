"""``flask notify test --wait``: a test message through the real queue to a real SMTP server."""

from __future__ import annotations

import json

from contest.core import db
from contest.notifications.models import Delivery, DeliveryStatus
from tests.support.notifications import http_recorder, settings, smtp_server


def _run(runner, *args):
    result = runner.invoke(args=["notify", "test", *args])
    return result, json.loads(result.output.strip().splitlines()[-1])


def test_wait_prints_sent_for_a_real_smtp_server(app, runner):
    with smtp_server() as server, settings(app, SMTP_URL=server.url):
        result, outcome = _run(runner, "--channel", "email", "--to", "Dan@Example.vn", "--wait")
        [mail] = server.messages()
    assert result.exit_code == 0, result.output
    assert outcome == {"delivery": outcome["delivery"], "channel": "email", "to": "dan@example.vn",
                       "status": "sent", "attempts": 1, "error": None}
    assert mail["To"] == "dan@example.vn"


def test_wait_prints_failed_and_exits_1_for_a_refusing_server(app, runner):
    with smtp_server(refuse=550) as server, settings(app, SMTP_URL=server.url):
        result, outcome = _run(runner, "--to", "dan@example.vn", "--wait")
    assert result.exit_code == 1
    assert outcome["status"] == "failed" and outcome["attempts"] == 1
    assert "550" in outcome["error"]
    with app.app_context():
        row = db.session().get(Delivery, outcome["delivery"])
        assert row.status is DeliveryStatus.failed and "Máy chủ thư từ chối" in row.last_error


def test_wait_runs_the_retries_at_once(app, runner):
    with http_recorder() as gateway, settings(app, SMS_URL=gateway.url, NOTIFY_RETRY_SECONDS=3600):
        gateway.script([(500, None)], default=(200, {"ok": True}))
        result, outcome = _run(runner, "--channel", "sms", "--to", "+84 912 345 678", "--wait",
                               "--timeout", "20")
    assert result.exit_code == 0, result.output
    assert (outcome["to"], outcome["status"], outcome["attempts"]) == ("0912345678", "sent", 2)


def test_without_wait_the_message_is_only_queued(app, runner):
    result, outcome = _run(runner, "--to", "dan@example.vn")
    assert result.exit_code == 0
    assert (outcome["status"], outcome["attempts"]) == ("queued", 0)


def test_a_wrong_address_is_refused_in_vietnamese(runner):
    result = runner.invoke(args=["notify", "test", "--channel", "sms", "--to", "abc"])
    assert result.exit_code == 2
    assert "Số điện thoại không hợp lệ." in result.output


def test_a_zalo_test_names_its_template(app, runner):
    with http_recorder() as zalo, settings(app, ZALO_URL=zalo.url, ZALO_TOKEN="t"):
        zalo.answer(200, {"error": 0, "message": "Success"})
        result, outcome = _run(runner, "--channel", "zalo", "--to", "0912345678", "--template",
                               "238001", "--wait")
        [request] = zalo.requests()
    assert result.exit_code == 0 and outcome["status"] == "sent"
    assert request["json"]["template_id"] == "238001" and request["json"]["phone"] == "84912345678"
