"""Flask-Login's user loader: the cookie holds ``id.session_token``."""

from __future__ import annotations

from contest import db
from contest.accounts.models import User


def load_user(identity: str) -> User | None:
    """The active user whose id and current session token match; anything else signs out."""
    user_id, _, token = identity.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session().get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user
