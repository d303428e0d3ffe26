"""Security headers on every response, and the first-login password change."""

from __future__ import annotations

from flask import Flask, redirect, request, url_for
from flask_login import current_user

#: No inline scripts or styles anywhere: htmx's own indicator styles are turned off in base.html.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

_PASSWORD_CHANGE_EXEMPT = {"accounts.change_password", "accounts.logout", "static",
                           "accounts.logout_everywhere", "accounts.session_ping"}
#: Endpoints that must not load the user (the answer save authorizes inside its UPDATE).
_NO_USER_LOAD = {"exams.save", "static"}


def _may_cache(response) -> bool:
    """Nothing Flask answers is stored by a browser or proxy unless its view says so with a
    max-age; a download (one-time passwords, exports, templates) never is, whatever it says.
    (``send_file`` sets ``no-cache`` on its own, which still lets a cache store the file.)"""
    if "attachment" in response.headers.get("Content-Disposition", ""):
        return False
    return response.cache_control.max_age is not None


def init_app(app: Flask) -> None:
    fixed = [("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
             ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"), ("Vary", "HX-Request")]
    if app.config["SESSION_COOKIE_SECURE"]:
        fixed.append(("Strict-Transport-Security", "max-age=31536000"))

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.extend(fixed)
        headers.setdefault("Referrer-Policy", "same-origin")  # a page with a secret sets no-referrer
        if "Content-Security-Policy" not in headers:  # a view may set a stricter one
            headers["Content-Security-Policy"] = CSP
        if request.endpoint != "static" and not _may_cache(response):
            headers["Cache-Control"] = "no-store"
        return response

    @app.before_request
    def _force_password_change():
        if request.endpoint in _NO_USER_LOAD:
            return None
        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and request.endpoint not in _PASSWORD_CHANGE_EXEMPT
        ):
            return redirect(url_for("accounts.change_password"))
        return None
