"""Zalo ZNS (Zalo Notification Service: template messages to a phone number) over HTTP.

The request, in the shape of Zalo's template message API: ``POST ZALO_URL`` (e.g.
``https://business.openapi.zalo.me/message/template``) with the header
``access_token: ZALO_TOKEN`` and the JSON body ``{"phone": "84912345678", "template_id": "...",
"template_data": {...}, "tracking_id": "<delivery id>"}``. A success is HTTP 200 with JSON
``"error": 0``; another ``error`` is a refusal (not retried); 5xx, 429 or no answer within 5 s
is retried. The template and its fields are approved by Zalo beforehand; each kind names its own.
"""

from __future__ import annotations

import json

from flask_babel import gettext as _

from contest.core.i18n import N_
from contest.notifications.channels import http
from contest.notifications.channels.base import Channel, Message, PermanentFailure


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
            raise PermanentFailure(_("Zalo từ chối tin (%(detail)s)",
                                     detail=f"error {code}: {detail}"))
