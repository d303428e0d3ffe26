"""Test support for outgoing messages, usable by every part's tests.

- ``run_queue(app)``: run every task waiting in the queue, in this process, through the real
  task code (as the worker would), until it is empty; retries run at once.
- ``outbox(app)``: the development folder's messages (channel, to, subject, text), oldest first.
- ``smtp_server()``: an aiosmtpd server in its own process (``.url``, ``.messages()``).
- ``http_recorder()``: an HTTP server process recording each request and answering as told.
"""

from __future__ import annotations

from contest.notifications import outbox as _outbox
from contest.notifications import queue as _queue
from contest.notifications.outbox import OutboxMessage

__all__ = ["OutboxMessage", "run_queue", "outbox", "clear"]


def run_queue(app) -> int:
    """Run every waiting task (scheduled retries included, at once); how many ran."""
    return _queue.run(app)


def outbox(app) -> list[OutboxMessage]:
    """The messages written to NOTIFY_OUTBOX_DIR, oldest first."""
    return list(reversed(_outbox.messages(app.config["NOTIFY_OUTBOX_DIR"], limit=100000)))


def clear(app) -> None:
    """Empty the queue and the outbox (between tests)."""
    _queue.get(app).flush()
    _outbox.clear(app.config["NOTIFY_OUTBOX_DIR"])
