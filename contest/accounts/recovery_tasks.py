"""The queue tasks of recovery, on the notifications' huey (``contest.notifications.queue``).

* ``reset_requested(key)``: "Quên mật khẩu" for the typed address (folded). The page queues it
  for every request, known address or not, and does nothing else: the page's work and time are
  the same either way. The worker looks the account up, issues the secret and notifies, in its
  own transaction (``recovery.request_password_reset``).
* ``confirmation_resend(user_id)``: a sign-in with the right password to an account awaiting its
  confirmation (the page answers as for a wrong password): send the confirmation again, unless
  the last one is less than a minute old (``registration.resend_confirmation``).

``install(app)`` registers both on the app's queue (once); the web views, ``flask notify
worker``, ``flask notify test --wait``, ``flask run-demo`` and the tests' ``run_queue`` call it.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app

from contest.core import db
from contest.core.db import utcnow
from contest.notifications import queue

log = logging.getLogger(__name__)

_TASKS = "recovery_tasks"


def _run(work) -> None:
    """Run ``work(session)`` and commit (the task's commit point)."""
    try:
        work(db.session())
        if not db.finish(True):
            raise RuntimeError("the database refused a recovery message")
    finally:
        db.finish(False)


def install(app: Flask) -> dict:
    """Register the recovery tasks on the app's queue (idempotent); returns them by name."""
    return queue.install_once(app, _TASKS, lambda huey: _register(app, huey))


def _register(app: Flask, huey) -> dict:
    """The tasks, declared on ``huey`` (once per app: ``queue.install_once``)."""

    def reset_requested(key: str) -> None:
        from contest.accounts import recovery, recovery_context

        with app.app_context():
            _run(lambda session: recovery.request_password_reset(
                session, key, now=utcnow(), policy=recovery_context.reset_policy(),
                links=recovery_context.links()))

    def confirmation_resend(user_id: int) -> None:
        from contest.accounts import recovery_context, registration
        from contest.accounts.models import User

        def work(session) -> None:
            user = session.get(User, user_id)
            if user is not None:
                registration.resend_confirmation(
                    session, user, now=utcnow(), policy=recovery_context.confirm_policy(),
                    links=recovery_context.links())

        with app.app_context():
            _run(work)

    return {
        "reset": huey.task(name="reset_requested")(reset_requested),
        "resend": huey.task(name="confirmation_resend")(confirmation_resend),
    }


def _enqueue(name: str, *args) -> None:
    try:
        install(current_app._get_current_object())[name](*args)
    except Exception:  # the queue is unreachable: the page answers the same, nothing is sent
        log.exception("Could not queue the recovery task %s", name)


def reset_requested(key: str) -> None:
    """Queue "Quên mật khẩu" for ``key`` (a folded e-mail or phone, or anything typed)."""
    _enqueue("reset", key)


def confirmation_resend(user_id: int) -> None:
    """Queue sending the confirmation again to the pending account ``user_id``."""
    _enqueue("resend", user_id)
