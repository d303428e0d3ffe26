"""Security headers on every response, the first-login password change, and CSRF protection
that remembers the tokens it has already verified."""

from __future__ import annotations

import logging
import time

from flask import Flask, current_app, g, redirect, request, session, url_for
from flask_login import current_user
from flask_wtf import CSRFProtect
from flask_wtf.csrf import ValidationError, same_origin, validate_csrf
from itsdangerous.encoding import base64_decode, bytes_to_int

from contest.core.caching import VERIFIED_CSRF_TOKENS

log = logging.getLogger("flask_wtf.csrf")

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
             ("Referrer-Policy", "same-origin"),
             ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"), ("Vary", "HX-Request")]
    if app.config["SESSION_COOKIE_SECURE"]:
        fixed.append(("Strict-Transport-Security", "max-age=31536000"))

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.extend(fixed)
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


class RememberingCSRFProtect(CSRFProtect):
    """flask-wtf's CSRFProtect, except that a (token, session secret) pair it accepted is
    remembered (``caching.VERIFIED_CSRF_TOKENS``), so the next request with the same pair skips
    re-checking the token's signature.

    Why: an exam page sends the same token with every answer, and unsigning it was a good share
    of the answer save's cost. How strict a hit is: the key is the whole token and the session's
    own secret, so a tampered token or one from another session always takes the full check; the
    token's age is checked against ``WTF_CSRF_TIME_LIMIT`` as itsdangerous does; everything else
    (exemptions, methods, the HTTPS referrer rule, the error responses) is flask-wtf 1.3's
    ``protect``, which this method mirrors step by step (re-read it when upgrading flask-wtf).
    """

    def protect(self, apply_exemptions: bool = False) -> None:
        if apply_exemptions and (not request.endpoint or self._is_exempt()):
            return
        config = current_app.config
        if request.method not in config["WTF_CSRF_METHODS"]:
            return
        token = self._get_csrf_token()
        key = (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, token,
               session.get(config["WTF_CSRF_FIELD_NAME"]))
        if not self._verified_before(key, config.get("WTF_CSRF_TIME_LIMIT", 3600)):
            try:
                validate_csrf(token)
            except ValidationError as err:
                log.info(err.args[0])
                self._error_response(err.args[0])
            VERIFIED_CSRF_TOKENS.put(key, _signed_at(token))
        if request.is_secure and config["WTF_CSRF_SSL_STRICT"]:
            if not request.referrer:
                self._error_response("The referrer header is missing.")
            if not same_origin(request.referrer, f"https://{request.host}/"):
                self._error_response("The referrer does not match the host.")
        g.csrf_valid = True

    @staticmethod
    def _verified_before(key: tuple, time_limit: int | None) -> bool:
        signed_at = VERIFIED_CSRF_TOKENS.get(key)
        if signed_at is None:
            return False
        # itsdangerous's own rule: the age in whole seconds, never negative, at most the limit
        return time_limit is None or 0 <= int(time.time()) - signed_at <= time_limit


def _signed_at(token: str) -> int:
    """The signing time (epoch seconds) of a token that has just been verified: the middle
    part of ``payload.timestamp.signature``, as itsdangerous reads it."""
    return bytes_to_int(base64_decode(token.rsplit(".", 2)[1]))
