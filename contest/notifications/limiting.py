"""The per-address limit (NOTIFY_PER_ADDRESS): how many messages one address may receive,
whatever asks for them. Counted in the app's rate-limit storage (Redis with REDIS_URL, memory
otherwise: Flask-Limiter's own), so every process of a deployment shares the count."""

from __future__ import annotations

import logging

from flask import current_app
from limits import parse_many
from limits.strategies import FixedWindowRateLimiter

from contest.core.extensions import limiter

log = logging.getLogger(__name__)


def allow(channel: str, address: str) -> bool:
    """Count one message to ``address``; False (and nothing counted) when a limit is reached."""
    items = parse_many(current_app.config["NOTIFY_PER_ADDRESS"])
    if not items:
        return True
    strategy = FixedWindowRateLimiter(limiter.storage)
    key = ("notify", channel, address)
    try:
        if not all(strategy.test(item, *key) for item in items):
            return False
        for item in items:
            strategy.hit(item, *key)
    except Exception:  # the storage (Redis) is down: the message goes rather than the request failing
        log.exception("Per-address limit unavailable; message not counted")
    return True
