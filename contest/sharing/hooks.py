"""Sharing's hook into accounts: when a citizen registers (``citizen_registered``, sent inside
the registration's request and transaction), the personal link this browser followed
(``visits.pending``) is counted for its owner (``services.record_referral``).

Outside a request (an import, a script) there is no browser and nothing is counted. A referral
must never stop a registration: a failure is logged and undone alone (a savepoint).
"""

from __future__ import annotations

import logging

from flask import has_request_context
from sqlmodel import Session

from contest.accounts.signals import citizen_registered
from contest.core import db
from contest.core.db import utcnow
from contest.sharing import services, visits

log = logging.getLogger(__name__)


def on_citizen_registered(sender=None, session: Session | None = None, user=None, **_extra) -> None:
    user = user if user is not None else sender
    if not has_request_context() or user is None or getattr(user, "id", None) is None:
        return
    referral = visits.pending()
    if referral is None:
        return
    session = session or Session.object_session(user) or db.session()
    exam_id, person_code = referral
    try:
        with session.begin_nested():
            services.record_referral(session, user, exam_id, person_code, utcnow())
    except Exception:  # noqa: BLE001 - a referral must not undo the registration
        log.exception("referral of user %s not recorded", user.id)
        return
    visits.forget()


def connect() -> None:
    """Connect the hook (connecting twice is harmless: blinker keeps one)."""
    citizen_registered.connect(on_citizen_registered)
