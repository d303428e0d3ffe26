"""What a visitor's browser remembers of the personal link they followed, until they register.

The referral lives in the session (``flask.session``) and in a cookie of its own signed with
the app's key, valid ``SHARE_REFERRAL_DAYS`` days: someone who follows a friend's link today and
registers tomorrow, in a fresh session, still counts for the friend. The signature makes a
forged cookie worth nothing; the codes inside are checked again when the person registers.
The last personal link followed is the one that counts.
"""

from __future__ import annotations

from flask import after_this_request, current_app, request, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "share_ref"
_SESSION_KEY = "share_ref"
_SALT = "contest.sharing.referral"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _max_age() -> int:
    return int(current_app.config["SHARE_REFERRAL_DAYS"]) * 86400


def remember(response, exam_id: int, person_code: str):
    """Keep the referral in the session and in the signed cookie of ``response``."""
    value = {"e": exam_id, "r": person_code}
    session[_SESSION_KEY] = value
    response.set_cookie(COOKIE, _serializer().dumps(value), max_age=_max_age(), httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"],
                        path=current_app.config.get("APPLICATION_ROOT") or "/")
    return response


def pending() -> tuple[int, str] | None:
    """The referral this browser carries, ``(exam_id, person_code)``: the session's, else the
    cookie's if its signature holds and it is not older than ``SHARE_REFERRAL_DAYS``."""
    value = session.get(_SESSION_KEY)
    if not isinstance(value, dict):
        try:
            value = _serializer().loads(request.cookies.get(COOKIE, ""), max_age=_max_age())
        except BadSignature:  # also a missing or expired cookie (SignatureExpired is one)
            return None
    exam_id, code = (value or {}).get("e"), (value or {}).get("r")
    if not isinstance(exam_id, int) or not isinstance(code, str):
        return None
    return exam_id, code


def forget() -> None:
    """Drop the referral once it was used: the next account made in this browser is not
    counted for the same link by accident."""
    session.pop(_SESSION_KEY, None)

    @after_this_request
    def _drop_cookie(response):
        response.delete_cookie(COOKIE, path=current_app.config.get("APPLICATION_ROOT") or "/")
        return response
