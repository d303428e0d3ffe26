"""The channel registry: the only list of ways to reach a person (STYLE rule 14).

Each channel implements ``base.Channel``; adding one touches its module and this registry.
"""

from __future__ import annotations

from contest.notifications.channels.base import (  # noqa: F401
    Channel,
    Message,
    PermanentFailure,
    TemporaryFailure,
)
from contest.notifications.channels.email import EmailChannel
from contest.notifications.channels.sms import SmsChannel
from contest.notifications.channels.zalo import ZaloChannel

CHANNELS: dict[str, Channel] = {c.key: c for c in (EmailChannel(), SmsChannel(), ZaloChannel())}


def get(key: str) -> Channel:
    return CHANNELS[key]
