"""The signed session cookie, re-issued to extend an idle session at most once a minute.

Flask re-signs and re-sends a permanent session's cookie on every request to slide its expiry.
During a contest every answer is a request, so that work (compress, sign, Set-Cookie) would be
paid tens of thousands of times a minute for nothing: a cookie younger than
``SESSION_REFRESH_SECONDS`` is left as it is unless the session changed. The idle lifetime is
therefore exact to within that many seconds; the page's warning (static/js/app.js) counts from
the earliest possible expiry, the lifetime less that interval, then asks the server.

The same cookie then comes back with every answer for up to that interval, so a cookie whose
signature was checked once is remembered (``caching.VERIFIED_COOKIES``, keyed by the whole
cookie): a hit is held to the same idle lifetime as the signature check, and gets its own copy
of the data.
"""

from __future__ import annotations

import copy
import time

from flask import Flask
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

from contest.core.caching import VERIFIED_COOKIES

_SCALARS = (str, int, float, bool, type(None))


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
        if not app.secret_key:  # as get_signing_serializer: no key, no session
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (app.secret_key, value)
        known = VERIFIED_COOKIES.get(key)
        # itsdangerous's own rule: the age in whole seconds, never negative, at most max_age
        if known is not None and 0 <= int(time.time()) - known[1] <= max_age:
            data, signed_at = _copy(known[0]), known[1]
        else:
            serializer = self.get_signing_serializer(app)
            try:
                data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            signed_at = int(signed.timestamp())
            VERIFIED_COOKIES.put(key, (_copy(data), signed_at))
        session = self.session_class(data)
        session.issued_at = float(signed_at)
        return session

    def should_set_cookie(self, app: Flask, session: IssuedSession) -> bool:
        if session.held:
            return False
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        return time.time() - session.issued_at >= app.config["SESSION_REFRESH_SECONDS"]


def _copy(data: dict) -> dict:
    """A copy of a session's data that a request may change without touching the cached one
    (flashed messages are a list that Flask appends to)."""
    if all(isinstance(item, _SCALARS) for item in data.values()):
        return dict(data)
    return copy.deepcopy(data)
