"""Rotating check-in codes for a training session's QR, and their checks. Pure: no Flask, no DB.

The trainer's screen shows a code that changes every ``PERIOD_SECONDS``. A code is an HMAC of
the session's id and the period's number under the application's secret, so it cannot be
guessed, belongs to one session only, and is checked without storing anything. A scan is
accepted for the period shown and the one before it (a scan at the turn of a period would
otherwise fail), so a code lives between 30 and 60 seconds; an official is marked present once
(the attendance row is unique per session and person), so scanning again changes nothing.
Codes are accepted only during the session's own window, from its start to its end: before the
start the session has not begun, and attendance for it would be a mark for a session not yet
started.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
from datetime import datetime

PERIOD_SECONDS = 30
#: Every character a code may have (RFC 4648 base32, no padding: 80 bits make 16 characters).
CODE_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

_EPOCH = datetime(1970, 1, 1)


def _seconds(moment: datetime) -> int:
    return int((moment - _EPOCH).total_seconds())


def period_of(moment: datetime) -> int:
    """The number of the 30-second period ``moment`` (naive UTC, as stored) falls in."""
    return _seconds(moment) // PERIOD_SECONDS


def code_for(secret: bytes, session_id: int, period: int) -> str:
    """The code of one session in one period: 16 characters of base32 (80 bits)."""
    digest = hmac.new(secret, f"checkin:{session_id}:{period}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode()


def current_code(secret: bytes, session_id: int, now: datetime) -> tuple[str, int]:
    """The code to show now, and the seconds until it changes."""
    seconds = _seconds(now)
    return code_for(secret, session_id, seconds // PERIOD_SECONDS), PERIOD_SECONDS - seconds % PERIOD_SECONDS


class CodeProblem(enum.StrEnum):
    """Why a scanned code is refused."""

    not_open = "not_open"  #: before the session starts or after it ends
    expired = "expired"  #: a real code of this session, from an earlier period
    wrong = "wrong"  #: not a code of this session at all (another session's, or garbled)


def check_code(secret: bytes, session_id: int, code: str, now: datetime, starts_at: datetime,
               ends_at: datetime) -> CodeProblem | None:
    """None when ``code`` lets a person check in to the session now; else why not.

    Accepted: during the session (its start until its end), the code of the current period or
    the one before. A code of this session from up to an hour earlier is reported as expired (a
    photographed code sent on); anything else is wrong, including text that is not base32 ASCII
    (checked before comparing: ``hmac.compare_digest`` refuses non-ASCII text with a TypeError).
    """
    if not starts_at <= now <= ends_at:
        return CodeProblem.not_open
    code = (code or "").strip()
    if not code.isascii():
        return CodeProblem.wrong
    code = code.upper()
    if not code or not set(code) <= CODE_ALPHABET:
        return CodeProblem.wrong
    period = period_of(now)
    if any(hmac.compare_digest(code, code_for(secret, session_id, p)) for p in (period, period - 1)):
        return None
    for back in range(2, 3600 // PERIOD_SECONDS + 1):
        if hmac.compare_digest(code, code_for(secret, session_id, period - back)):
            return CodeProblem.expired
    return CodeProblem.wrong
