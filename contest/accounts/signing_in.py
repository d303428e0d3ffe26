"""The one way a person becomes signed in: a password, a reset link or an external provider all
end here, so a rule about signing in (a fresh session, a second step for staff) is kept once."""

from __future__ import annotations

from flask import redirect, session, url_for
from flask_login import login_user

from contest.accounts.access import safe_next
from contest.accounts.models import User

#: What a visitor's session carries into the signed-in one: a "Thi ngay" waiting for sign-in.
_CARRIED_OVER = ("start_intent",)


def start_session(user: User) -> None:
    """A fresh session for ``user`` (no fixation), keeping what the visitor was about to do."""
    kept = {key: session[key] for key in _CARRIED_OVER if key in session}
    session.clear()
    session.update(kept)
    session.permanent = True
    login_user(user)


def finish_sign_in(user: User, next_url: str | None):
    """Sign ``user`` in after their first factor was proven, and redirect to where they were
    going (or home)."""
    start_session(user)
    return redirect(safe_next(next_url) or url_for("main.home"))
