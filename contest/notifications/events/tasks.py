"""The events' queue tasks, on the notifications' huey (``contest.notifications.queue``).

* ``events_due`` (periodic, every 5 minutes, run by ``flask notify worker``): every due job once
  (``jobs.run_due``), committing after each batch; then queues again the deliveries nobody is
  trying (``delivering.stale``: a worker killed mid-try, a task lost), so nothing waits for a
  person to run ``flask notify requeue``. One run at a time per process: a run that
  outlasts five minutes is not overlapped (other hosts are held off by the deliveries' unique
  dedupe key).
* ``events_later(name, args)``: what a listener deferred out of the organiser's or trainer's
  request (``later``): the enrollment messages of a list of 500, a round's results, the
  certificates of a batch. Enqueued only once the request committed: a rolled-back request
  sends nothing, and the task reads committed rows. A run that crashes midway is retried by
  huey (``LATER_RETRIES`` times, ``LATER_RETRY_DELAY`` seconds apart): the handlers are
  idempotent, since each message carries a dedupe key, so a second run tells only the people
  the first one did not reach.

``install(app)`` registers both on the app's queue (once); the worker, ``flask notify due`` and
the listeners call it before using them.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app
from huey import crontab
from sqlmodel import Session

from contest.core import db
from contest.core.db import utcnow
from contest.notifications import delivering, queue
from contest.notifications.events import announce, jobs

log = logging.getLogger(__name__)

_TASKS = "notify_events_tasks"
_LATER = "notify_events_later"
#: huey's retries of a failed ``events_later`` run.
LATER_RETRIES = 2
LATER_RETRY_DELAY = 60
_due_running = threading.Lock()


def _commit() -> None:
    """The batch's commit point; a commit the database refuses stops the run (retried later)."""
    if not db.finish(True):
        raise RuntimeError("the database refused a batch of notifications")


def run_due_now(now=None) -> dict[str, int]:
    """Every due job once, in the current app context, as of ``now`` (default: the clock)."""
    try:
        return jobs.run_due(db.session(), now or utcnow(), _commit)
    finally:
        db.finish(False)


def sweep_now(now=None) -> int:
    """Queue again the deliveries nobody is trying (``delivering.stale``); how many."""
    app = current_app._get_current_object()
    try:
        ids = delivering.stale(db.session(), now or utcnow())
    finally:
        db.finish(False)
    for delivery_id in ids:
        queue.enqueue(app, delivery_id)
    if ids:
        log.warning("Queued again %s deliveries nobody was trying", len(ids))
    return len(ids)


def run_later(name: str, args: list) -> int:
    """Run a deferred handler in the current app context, committing after each batch."""
    try:
        return announce.HANDLERS[name](db.session(), *args, commit=_commit)
    finally:
        db.finish(False)


def install(app: Flask) -> dict:
    """Register the events' tasks on the app's queue (idempotent); returns them by name."""
    return queue.install_once(app, _TASKS, lambda huey: _register(app, huey))


def _register(app: Flask, huey) -> dict:
    """The tasks, declared on ``huey`` (once per app: ``queue.install_once``)."""

    def events_due() -> None:
        if not _due_running.acquire(blocking=False):
            log.info("events_due still running; this run is skipped")
            return
        try:
            with app.app_context():
                counts = run_due_now()
                sweep_now()
            if any(counts.values()):
                log.info("events_due queued %s", counts)
        finally:
            _due_running.release()

    def events_later(name: str, args: list) -> None:
        with app.app_context():
            run_later(name, args)

    return {
        "due": huey.periodic_task(crontab(minute="*/5"), name="events_due")(events_due),
        "later": huey.task(name="events_later", retries=LATER_RETRIES,
                           retry_delay=LATER_RETRY_DELAY)(events_later),
    }


def later(session: Session, name: str, *args) -> None:
    """Run handler ``name`` with ``args`` in the queue once ``session`` commits (nothing when it
    rolls back: ``db.on_commit``). Calls in one transaction with the same name and a list
    argument are merged into one task (the 500 people of an enrollment by rule are one task, not
    500). Handlers find their rows again and skip the missing ones (a savepoint rolled back)."""
    app = current_app._get_current_object()
    pending: dict = db.on_commit(session, _LATER, lambda items: _queue_later(app, items), dict)
    if len(args) == 1 and isinstance(args[0], list):
        pending.setdefault((name, "list"), []).extend(args[0])
    else:
        pending.setdefault((name, args), None)


def _queue_later(app: Flask, pending: dict) -> None:
    task = install(app)["later"]
    for (name, args), items in pending.items():
        try:
            task(name, [items] if args == "list" else list(args))
        except Exception:  # the queue is unreachable: the periodic job is the backstop where there is one
            log.exception("Could not queue the notifications %s %s", name, args)
