"""SMS and Zalo ZNS through a real HTTP server process: the documented request shapes, retries
on 5xx, refusals on 4xx or a Zalo error, a provider that is down."""

from __future__ import annotations

import pytest

from contest.core import db
from contest.notifications.models import Delivery, DeliveryStatus
from contest.notifications.sending import Address, notify
from tests.support.notifications import down_url, http_recorder, run_queue, settings

PHONE = "0912345678"


@pytest.fixture
def gateway(app):
    with http_recorder() as recorder, settings(
            app, SMS_URL=recorder.url + "/sms/send", SMS_TOKEN="sms-secret", SMS_BRANDNAME="DONGTHAP",
            ZALO_URL=recorder.url + "/message/template", ZALO_TOKEN="zalo-secret",
            NOTIFY_RETRY_SECONDS=0):
        recorder.answer(200, {"error": 0, "message": "Success"})
        yield recorder


def _send(app, channel, params=None) -> int:
    with app.app_context():
        [delivery] = notify(db.session(), "test", to=Address(channel, PHONE),
                            params=params or {"code": "C9"})
        db.finish(True)
        delivery_id = delivery.id
    run_queue(app)
    return delivery_id


def _delivery(app, delivery_id) -> Delivery:
    with app.app_context():
        return db.session().get(Delivery, delivery_id)


def test_an_sms_is_posted_in_the_documented_shape(app, gateway):
    delivery_id = _send(app, "sms")

    [request] = gateway.requests()
    assert (request["method"], request["path"]) == ("POST", "/sms/send")
    assert request["headers"]["Authorization"] == "Bearer sms-secret"
    assert request["json"] == {"to": PHONE, "brandname": "DONGTHAP", "id": delivery_id,
                               "text": "Tin nhắn thử nghiệm từ hệ thống cuộc thi. Mã thử: C9"}
    assert _delivery(app, delivery_id).status is DeliveryStatus.sent


def test_a_zalo_message_is_posted_in_the_shape_of_the_zns_api(app, gateway):
    delivery_id = _send(app, "zalo", {"code": "C9", "template_id": "238001"})

    [request] = gateway.requests()
    assert (request["method"], request["path"]) == ("POST", "/message/template")
    assert request["headers"]["access_token"] == "zalo-secret"
    assert request["json"] == {"phone": "84912345678", "template_id": "238001",
                               "template_data": {"code": "C9"}, "tracking_id": str(delivery_id)}
    assert _delivery(app, delivery_id).status is DeliveryStatus.sent


def test_a_gateway_error_500_is_retried_then_sent(app, gateway):
    gateway.script([(500, {"error": "busy"}), (503, None)], default=(200, {"ok": True}))
    delivery_id = _send(app, "sms")

    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.sent, 3)
    assert len(gateway.requests()) == 3
    assert "HTTP 503" in delivery.last_error  # the last failure stays readable in the log


def test_a_refusal_400_fails_at_once_with_the_reason(app, gateway):
    gateway.answer(400, {"error": "invalid phone"})
    delivery_id = _send(app, "sms")

    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 1)
    assert "Máy chủ gửi tin từ chối" in delivery.last_error and "HTTP 400" in delivery.last_error
    assert len(gateway.requests()) == 1


def test_a_zalo_error_code_fails_at_once(app, gateway):
    gateway.answer(200, {"error": -118, "message": "Zalo account not existed"})
    delivery_id = _send(app, "zalo")

    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 1)
    assert "Zalo từ chối tin" in delivery.last_error and "-118" in delivery.last_error


def test_an_expired_zalo_token_is_retried_and_logged_for_the_operator(app, gateway, caplog):
    """Zalo OA access tokens expire (~25 h): the message waits for a refreshed ZALO_TOKEN."""
    gateway.script([(200, {"error": -124, "message": "Access token is invalid"})],
                   default=(200, {"error": 0, "message": "Success"}))
    with caplog.at_level("ERROR"):
        delivery_id = _send(app, "zalo")

    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.sent, 2)
    assert any("ZALO_TOKEN" in r.getMessage() and r.levelname == "ERROR" for r in caplog.records)


def test_a_provider_that_is_down_is_retried_then_failed(app):
    with settings(app, SMS_URL=down_url(), NOTIFY_RETRY_SECONDS=0, NOTIFY_MAX_RETRIES=2):
        delivery_id = _send(app, "sms")

    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 3)
    assert "Không kết nối được máy chủ gửi tin" in delivery.last_error


def test_a_channel_without_a_server_in_production_fails_as_not_configured(app):
    with settings(app, NOTIFY_OUTBOX=False, SMS_URL=None):
        delivery_id = _send(app, "sms")

    delivery = _delivery(app, delivery_id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.failed, 1)
    assert "chưa cấu hình" in delivery.last_error
