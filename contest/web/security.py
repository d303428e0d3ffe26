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
                           "accounts.session_ping"}


def init_app(app: Flask) -> None:
    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        response.vary.add("HX-Request")
        return response

    @app.before_request
    def _force_password_change():
        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and request.endpoint not in _PASSWORD_CHANGE_EXEMPT
        ):
            return redirect(url_for("accounts.change_password"))
        return None
