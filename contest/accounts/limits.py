"""Rate limits of sign-in, registration and password change (decorators for the views).

Many people share one address (a commune's Wi-Fi, a carrier's NAT), so the limits per address
count only what an attacker cannot avoid: failed sign-ins. Guessing one account from many
addresses is stopped by a limit on that account's failures, wherever they come from. A
successful sign-in costs nothing, so a whole commune can sign in within a minute. The numbers
are settings (contest/core/config.py, README "Production"); the address is the client's own only
through the trusted proxies (``TRUSTED_PROXIES``).
"""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from contest.accounts.services import find_by_login, login_key
from contest.core import db
from contest.core.extensions import limiter

#: Longest account key kept: a login is at most 254 characters (LoginForm).
_MAX_KEY = 254


def _setting(name: str):
    return lambda: current_app.config[name]


def _form_came_back(response) -> bool:
    """The sign-in did not succeed: the form was shown again (a success redirects)."""
    return response.status_code == 200


def _account_key() -> str:
    """The account a sign-in names, by its email or its phone alike, whoever sends it; an
    unknown name is its own bucket.

    Read before the form is validated: the limit must refuse before the password is checked."""
    name = login_key(request.form.get("login"))[:_MAX_KEY]
    user = find_by_login(db.session(), name)
    return f"user:{user.id}" if user is not None else f"name:{name}"


def _user_key() -> str:
    return f"user:{current_user.id}"


#: Failed sign-ins from one address.
login_failures_per_address = limiter.limit(
    _setting("LOGIN_FAILURES_PER_ADDRESS"), methods=["POST"], deduct_when=_form_came_back)

#: Failed sign-ins naming one account, from any address: past it even the right password waits.
login_failures_per_account = limiter.limit(
    _setting("LOGIN_FAILURES_PER_ACCOUNT"), methods=["POST"], key_func=_account_key,
    deduct_when=_form_came_back)

#: Registration attempts from one address.
registrations_per_address = limiter.limit(_setting("REGISTER_RATE_LIMIT"), methods=["POST"])

#: Password change attempts by one signed-in person (the current password is a guess there too).
password_changes_per_user = limiter.limit(
    _setting("PASSWORD_CHANGE_RATE_LIMIT"), methods=["POST"], key_func=_user_key)
