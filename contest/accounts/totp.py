"""Time-based one-time codes (RFC 6238), recovery codes and the sealing of secrets at rest.

Pure: no Flask, no database. Times are passed in (``now`` as a Unix timestamp), so the window
and the replay rule are tested without waiting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import Enum

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: Seconds a code lasts (the authenticator apps' default).
STEP_SECONDS = 30
#: Steps either side of now a code is still accepted: a phone's clock a little off, or a code
#: typed as it changed.
WINDOW = 1
DIGITS = 6
RECOVERY_CODE_COUNT = 10
#: Lower-case letters and digits without look-alikes (0/o, 1/l/i): a code read from paper is
#: typed right. 10 characters of 32 = 50 bits each, beyond guessing within the rate limit.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
_SIX_DIGITS = re.compile(r"\d{6}")


class Check(Enum):
    """What checking a one-time code found."""

    accepted = "accepted"
    wrong = "wrong"
    #: The right code of a step already used: a code works once (someone may have seen it).
    reused = "reused"


@dataclass(frozen=True)
class CodeResult:
    check: Check
    #: The time step the code belongs to (recorded so it cannot be used again).
    step: int | None = None


def new_secret() -> str:
    """A fresh base32 secret of 160 bits (RFC 4226's recommended length)."""
    return pyotp.random_base32(32)


def current_step(now: float) -> int:
    return int(now // STEP_SECONDS)


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).generate_otp(step)


def check_code(secret: str, code: str, now: float, last_used_step: int | None) -> CodeResult:
    """Whether ``code`` is the secret's code for a step within ``WINDOW`` of now; a code of a
    step at or before the last one used is refused as reused, so a code seen over a shoulder
    (or a second click) cannot sign anyone in again."""
    code = normalize_code(code)
    if not _SIX_DIGITS.fullmatch(code):
        return CodeResult(Check.wrong)
    now_step = current_step(now)
    for step in range(now_step - WINDOW, now_step + WINDOW + 1):
        if hmac.compare_digest(code_at(secret, step), code):
            if last_used_step is not None and step <= last_used_step:
                return CodeResult(Check.reused, step)
            return CodeResult(Check.accepted, step)
    return CodeResult(Check.wrong)


def normalize_code(text: str | None) -> str:
    """What a person typed, without spaces, hyphens and case (``123 456``, ``ABCDE-FGHJK``)."""
    return re.sub(r"[\s\-]", "", text or "").lower()


def looks_like_totp(text: str | None) -> bool:
    """Six digits: an authenticator's code; anything else is taken as a recovery code."""
    return bool(_SIX_DIGITS.fullmatch(normalize_code(text)))


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Random one-time recovery codes, shown as ``xxxxx-xxxxx``."""
    codes = []
    while len(codes) < count:
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        code = f"{raw[:5]}-{raw[5:]}"
        if code not in codes:
            codes.append(code)
    return codes


def hash_recovery_code(code: str) -> str:
    """SHA-256 of the normalized code: the codes are random (50 bits), so a fast hash does not
    make them guessable, and a code is found by its hash in one lookup."""
    return hashlib.sha256(normalize_code(code).encode("ascii", "replace")).hexdigest()


def group_secret(secret: str) -> str:
    """The secret in groups of four, as a person types it into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://totp/...`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer)


class Sealer:
    """Encrypts secrets at rest with a key derived from the app's SECRET_KEY (HKDF-SHA256), so
    a copy of the database alone does not give anyone the staff's authenticator secrets.
    Changing SECRET_KEY makes the stored secrets unreadable: staff then enrol again."""

    _INFO = b"contest two-step sign-in secrets v1"

    def __init__(self, secret_key: str | bytes):
        material = secret_key.encode() if isinstance(secret_key, str) else secret_key
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=self._INFO).derive(material)
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode("ascii")).decode("ascii")

    def open(self, sealed: str) -> str | None:
        """The secret, or ``None`` when it was sealed under another key (or tampered with)."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("ascii")
        except (InvalidToken, ValueError):
            return None
