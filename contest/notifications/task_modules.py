"""Every part's queue tasks, as one list: whatever runs the queue (``flask notify worker``,
run-demo's thread, ``notify test --wait``, the tests) must know every task that another process
may have queued, or huey drops it as unknown."""

from __future__ import annotations

from flask import Flask

from contest.accounts import recovery_tasks
from contest.notifications.events import tasks as events_tasks


def install_all(app: Flask) -> None:
    """Register every part's tasks on the app's queue (idempotent)."""
    events_tasks.install(app)
    recovery_tasks.install(app)
