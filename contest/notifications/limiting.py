"""The per-address limits: how many messages one address may receive, in two separate budgets.

* ``essential``: kinds without a topic (password reset, confirmation, "address taken"), the
  ones a visitor can ask for: NOTIFY_PER_ADDRESS.
* ``events``: kinds with a topic (round opening, results and prizes, reminders, certificates):
  NOTIFY_EVENTS_PER_ADDRESS.

So someone who asks for thirty password resets for another person's address spends only the
essential budget: that person's prize and round messages still go.

Counted in the app's rate-limit storage (Flask-Limiter's own): with REDIS_URL every process and
host of a deployment shares the count; without it each process counts in its own memory (the
web process and the worker each allow the full budget)."""

from __future__ import annotations

import logging

from flask import current_app
from limits import parse_many
from limits.strategies import FixedWindowRateLimiter

from contest.core.extensions import limiter

log = logging.getLogger(__name__)

#: Budget name -> the setting that holds its limits.
SETTINGS = {"essential": "NOTIFY_PER_ADDRESS", "events": "NOTIFY_EVENTS_PER_ADDRESS"}


def bucket_of(kind) -> str:
    """The budget a message of ``kind`` counts against (see the module)."""
    return "essential" if kind.topic is None else "events"


def allow(channel: str, address: str, bucket: str = "essential") -> bool:
    """Count one message to ``address`` in ``bucket``; False (and nothing counted) when a limit
    is reached."""
    items = parse_many(current_app.config[SETTINGS[bucket]])
    if not items:
        return True
    strategy = FixedWindowRateLimiter(limiter.storage)
    key = ("notify", bucket, channel, address)
    try:
        if not all(strategy.test(item, *key) for item in items):
            return False
        for item in items:
            strategy.hit(item, *key)
    except Exception:  # the storage (Redis) is down: the message goes rather than the request failing
        log.exception("Per-address limit unavailable; message not counted")
    return True
