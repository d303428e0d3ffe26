"""Zalo ZNS (Zalo Notification Service: template messages to a phone number) over HTTP.

The request, in the shape of Zalo's template message API: ``POST ZALO_URL`` (e.g.
``https://business.openapi.zalo.me/message/template``) with the header
``access_token: ZALO_TOKEN`` and the JSON body ``{"phone": "84912345678", "template_id": "...",
"template_data": {...}, "tracking_id": "<delivery id>"}``. A success is HTTP 200 with JSON
``"error": 0``; another ``error`` is a refusal (not retried); 5xx, 429 or no answer within 5 s
is retried. The template and its fields are approved by Zalo beforehand; each kind names its own.

ZALO_TOKEN is a Zalo Official Account access token, which expires (about 25 hours after it was
issued). An answer that the token is invalid or expired (``error`` -124 or -216, or a message
naming the access token) is a temporary failure: the message is retried, and the worker logs an
ERROR ("Zalo access token invalid or expired: refresh ZALO_TOKEN") so that the operator
refreshes ZALO_TOKEN (from the refresh token, in Zalo's developer console) and restarts the
worker; messages still queued then go out on their next try.
"""

from __future__ import annotations

import json
import logging

from flask_babel import gettext as _

from contest.core.i18n import N_
from contest.notifications.channels import http
from contest.notifications.channels.base import Channel, Message, PermanentFailure, TemporaryFailure

log = logging.getLogger(__name__)

#: Zalo's error codes for an invalid or expired access token.
TOKEN_ERRORS = {-124, -216}


def token_expired(code, detail) -> bool:
    """Whether Zalo's answer says the access token (ZALO_TOKEN) is invalid or expired."""
    text = str(detail or "").lower().replace("_", " ")
    return code in TOKEN_ERRORS or "access token" in text


def international(phone: str) -> str:
    """0912345678 -> 84912345678 (Zalo wants the country code, without +)."""
    return "84" + phone[1:] if phone.startswith("0") else phone.lstrip("+")


class ZaloChannel(Channel):
    key = "zalo"
    label = N_("Zalo")
    setting = "ZALO_URL"

    def address_of(self, user) -> str | None:
        return user.phone or None

    def render(self, kind, params: dict) -> tuple[str | None, str]:
        template_id, data = kind.zalo(params)
        return str(template_id), json.dumps(data, ensure_ascii=False)


    def send(self, message: Message, config) -> None:
        payload = {"phone": international(message.to), "template_id": message.subject,
                   "template_data": json.loads(message.body),
                   "tracking_id": str(message.delivery_id)}
        response = http.post(config["ZALO_URL"], payload,
                             {"access_token": config.get("ZALO_TOKEN") or ""})
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code != 200 or not isinstance(answer, dict) or answer.get("error") != 0:
            detail = (answer or {}).get("message") if isinstance(answer, dict) else response.text[:200]
            code = answer.get("error") if isinstance(answer, dict) else "?"
            if token_expired(code, detail):
                log.error("Zalo access token invalid or expired: refresh ZALO_TOKEN (error %s: %s)",
                          code, detail)
                raise TemporaryFailure(_("Mã truy cập Zalo (ZALO_TOKEN) hết hạn hoặc không hợp lệ "
                                         "(%(detail)s)", detail=f"error {code}: {detail}"))
            raise PermanentFailure(_("Zalo từ chối tin (%(detail)s)",
                                     detail=f"error {code}: {detail}"))
