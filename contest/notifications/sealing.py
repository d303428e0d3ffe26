"""A secret kind's content (a reset link or code) is sealed at rest while it waits to be sent.

The row's ``body`` holds ``sealed:`` + a Fernet token (``contest.accounts.totp.Sealer``, with a
key derived from SECRET_KEY for this use), so a copy of the database or a backup taken while a
reset mail is queued or retrying does not give the link; the worker opens it just before
sending, and the body is cleared once the outcome is final. Changing SECRET_KEY makes the
queued secret messages unreadable: they fail (their links would be refused anyway).
"""

from __future__ import annotations

import base64

from flask import current_app

from contest.accounts.totp import Sealer

PREFIX = "sealed:"


class _MessageSealer(Sealer):
    _INFO = b"contest queued secret messages v1"


def _sealer() -> Sealer:
    return _MessageSealer(current_app.config["SECRET_KEY"])


def seal(text: str) -> str:
    packed = base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")
    return PREFIX + _sealer().seal(packed)


def unseal(stored: str | None) -> str | None:
    """The text of a stored body (a body that was not sealed is returned as it is); None when
    it was sealed under another SECRET_KEY."""
    if stored is None or not stored.startswith(PREFIX):
        return stored
    packed = _sealer().open(stored[len(PREFIX):])
    return None if packed is None else base64.urlsafe_b64decode(packed).decode("utf-8")
