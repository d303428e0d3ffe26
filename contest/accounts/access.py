"""Who may see what: the role guard every protected view wears."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, request
from flask_login import current_user, login_required

from contest.accounts.models import Role

STAFF = (Role.trainer, Role.admin)


def roles_required(*roles: Role) -> Callable:
    """Require a signed-in user holding one of ``roles``: anonymous -> login page, others -> 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = tuple(roles)  # read by the permission-matrix test
        return wrapped

    return decorator


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site; ``None`` for anything that could leave it."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def client_ip() -> str:
    return request.remote_addr or "-"
