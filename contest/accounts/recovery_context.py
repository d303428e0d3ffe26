"""What the recovery and confirmation services take from the app: their policies (how long a
link or code lives, the key of the codes) and the absolute links their messages carry. Used by
the views and by the queue tasks alike (no request in the worker)."""

from __future__ import annotations

from flask import current_app

from contest.accounts import recovery


def _public(endpoint: str, **values) -> str:
    """PUBLIC_URL + the endpoint's path: works in the queue worker too (no request there)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def links() -> recovery.Links:
    return recovery.Links(
        reset=lambda token: _public("accounts.reset_password", token=token),
        confirm=lambda token: _public("accounts.confirm_link", token=token),
        reset_code=_public("accounts.reset_with_code"),
        confirm_code=_public("accounts.confirm_code"),
        login=_public("accounts.login"),
        forgot=_public("accounts.forgot_password"))


def reset_policy() -> recovery.Policy:
    return recovery.Policy(minutes=current_app.config["PASSWORD_RESET_MINUTES"],
                           code_key=str(current_app.config["SECRET_KEY"]).encode())


def confirm_policy() -> recovery.Policy:
    return recovery.Policy(minutes=current_app.config["CONFIRMATION_MINUTES"],
                           code_key=str(current_app.config["SECRET_KEY"]).encode())
