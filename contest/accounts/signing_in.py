"""The one way a person becomes signed in: a password, a reset link or an external provider all
end here, so a rule about signing in (a fresh session, a second step for staff) is kept once."""

from __future__ import annotations

import time

from flask import redirect, session, url_for
from flask_login import login_user

from contest.accounts import two_factor
from contest.accounts.access import safe_next
from contest.accounts.models import User
from contest.core import db

#: What a visitor's session carries into the signed-in one: a "Thi ngay" waiting for sign-in.
_CARRIED_OVER = ("start_intent",)
#: The session key of a sign-in waiting for its second step.
PENDING_KEY = "two_step_pending"
#: How long a proven password waits for its code: past it, the person starts again.
PENDING_SECONDS = 5 * 60


def _fresh_session() -> None:
    kept = {key: session[key] for key in _CARRIED_OVER if key in session}
    session.clear()
    session.update(kept)


def start_session(user: User) -> None:
    """A fresh session for ``user`` (no fixation), keeping what the visitor was about to do."""
    _fresh_session()
    session.permanent = True
    login_user(user)


def finish_sign_in(user: User, next_url: str | None):
    """Sign ``user`` in after their first factor was proven, and redirect to where they were
    going (or home). Staff with two-step sign-in are not signed in yet: the session remembers
    who proved their password (and with which session token, so a password change meanwhile
    voids it) for ``PENDING_SECONDS``, and the code page asks for the second step."""
    if two_factor.is_enabled(db.session(), user):
        _fresh_session()
        session[PENDING_KEY] = {"user": user.id, "token": user.session_token,
                                "next": safe_next(next_url), "at": int(time.time())}
        return redirect(url_for("accounts.two_step_login"))
    start_session(user)
    return redirect(safe_next(next_url) or url_for("main.home"))


def pending_user_id() -> int | None:
    """Who is waiting for their second step in this session (not checked against the database)."""
    pending = session.get(PENDING_KEY)
    return pending.get("user") if isinstance(pending, dict) else None


def pending_user() -> User | None:
    """The person whose password was proven in this session within ``PENDING_SECONDS``, still
    active and with the same session token; ``None`` otherwise (and a stale wait is forgotten)."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    user = db.session().get(User, pending.get("user") or 0)
    fresh = time.time() - float(pending.get("at") or 0) <= PENDING_SECONDS
    if not fresh or user is None or not user.active or user.session_token != pending.get("token"):
        session.pop(PENDING_KEY, None)
        return None
    return user


def finish_second_step(user: User):
    """The code was right: sign ``user`` in and go where the first step was heading."""
    next_url = (session.get(PENDING_KEY) or {}).get("next")
    start_session(user)
    return redirect(safe_next(next_url) or url_for("main.home"))
