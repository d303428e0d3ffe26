"""Flask-Login's user loader: the cookie holds ``id.session_token``."""

from __future__ import annotations

from typing import NamedTuple

from flask import session

from contest.accounts.models import User
from contest.core import db


class Identity(NamedTuple):
    """Who a signed session cookie names: the user's id and the session token it was issued with."""

    user_id: int
    token: str


def parse_identity(identity: str) -> Identity | None:
    """``"id.session_token"`` (Flask-Login's stored user id, see ``User.get_id``) as an Identity."""
    user_id, _, token = identity.partition(".")
    return Identity(int(user_id), token) if user_id.isdigit() else None


def cookie_identity() -> Identity | None:
    """The identity of this request's signed session cookie, read without loading the person.

    Only for a route that checks it against the database itself (the answer save does, in its
    own UPDATE): nothing here says the account is active or the token still current."""
    return parse_identity(str(session.get("_user_id") or ""))


def load_user(identity: str) -> User | None:
    """The active user whose id and current session token match; anything else signs out.

    A cookie that no longer matches (signed out, password changed, account locked) is emptied
    on the spot, so it is answered with a deleted cookie and never slides forward again."""
    who = parse_identity(identity)
    user = db.session().get(User, who.user_id) if who else None
    if user is None or not user.active or user.session_token != who.token:
        session.clear()
        return None
    return user
