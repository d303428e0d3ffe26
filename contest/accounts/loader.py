"""Flask-Login's user loader: the cookie holds ``id.session_token``."""

from __future__ import annotations

from flask import session

from contest.accounts.models import User
from contest.core import db


def load_user(identity: str) -> User | None:
    """The active user whose id and current session token match; anything else signs out.

    A cookie that no longer matches (signed out, password changed, account locked) is emptied
    on the spot, so it is answered with a deleted cookie and never slides forward again."""
    user_id, _, token = identity.partition(".")
    user = db.session().get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or user.session_token != token:
        session.clear()
        return None
    return user
