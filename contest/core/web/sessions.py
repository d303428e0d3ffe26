"""The signed session cookie, re-issued to extend an idle session at most once a minute.

Flask re-signs and re-sends a permanent session's cookie on every request to slide its expiry.
During a contest every answer is a request, so that work (compress, sign, Set-Cookie) would be
paid tens of thousands of times a minute for nothing: a cookie younger than
``SESSION_REFRESH_SECONDS`` is left as it is unless the session changed. The idle lifetime is
therefore exact to within that many seconds; the page's warning (static/js/app.js) counts from
the earliest possible expiry, the lifetime less that interval, then asks the server.
"""

from __future__ import annotations

import time

from flask import Flask
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature


class IssuedSession(SecureCookieSession):
    """A session that knows when its cookie was signed (epoch seconds; 0 for a new one)."""

    issued_at: float = 0.0
    held: bool = False

    def hold(self) -> None:
        """Answer this request without re-issuing the cookie (so without extending it)."""
        self.held = True

    def seconds_left(self, lifetime: float) -> int:
        return max(0, int(self.issued_at + lifetime - time.time()))


class RefreshThrottledSessionInterface(SecureCookieSessionInterface):
    session_class = IssuedSession

    def open_session(self, app: Flask, request) -> IssuedSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.issued_at = signed.timestamp()
        return session

    def should_set_cookie(self, app: Flask, session: IssuedSession) -> bool:
        if session.held:
            return False
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        return time.time() - session.issued_at >= app.config["SESSION_REFRESH_SECONDS"]
