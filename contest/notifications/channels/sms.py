"""SMS through a brandname gateway over HTTP.

The request: ``POST SMS_URL`` with ``Authorization: Bearer SMS_TOKEN`` and the JSON body
``{"to": "0912345678", "brandname": SMS_BRANDNAME, "text": "...", "id": <delivery id>}``.
Any 2xx answer is a success; 5xx, 429 or no answer within 5 s is retried; another 4xx is a
refusal (not retried). A gateway with another shape gets a small adapter in front of it.
"""

from __future__ import annotations

from contest.core.i18n import N_
from contest.notifications.channels import http
from contest.notifications.channels.base import Channel, Message


class SmsChannel(Channel):
    key = "sms"
    label = N_("Tin nhắn SMS")
    setting = "SMS_URL"

    def address_of(self, user) -> str | None:
        return user.phone or None

    def render(self, kind, params: dict) -> tuple[str | None, str]:
        return None, kind.sms(params)


    def send(self, message: Message, config) -> None:
        payload = {"to": message.to, "brandname": config.get("SMS_BRANDNAME") or "",
                   "text": message.body, "id": message.delivery_id}
        http.post(config["SMS_URL"], payload,
                  {"Authorization": f"Bearer {config.get('SMS_TOKEN') or ''}"})
