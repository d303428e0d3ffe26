"""Compact JWS signed with the province's Ed25519 key: the one place that calls joserfc.

A token is ``header.payload.signature`` (RFC 7515 compact serialization), the header naming the
algorithm (``Ed25519``, RFC 9864's fully specified name for what RFC 8037 called ``EdDSA``), the
key (``kid`` = RFC 7638 thumbprint) and the media type (``typ``). ``open_token`` refuses in a
fixed order, each refusal a ``JwsProblem``: not three base64url parts or an unreadable header
(``MALFORMED``), a key not among the given ones (``OTHER_KEY``), a signature that does not match
(``BAD_SIGNATURE``). Base64url must be canonical (unused trailing bits zero), so changing any one
character of a token is refused, not only the characters that change a decoded byte.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from joserfc import jws as joserfc_jws
from joserfc.errors import JoseError

from contest.certificates.keys import ALGORITHM, jose_key, thumbprint


class JwsProblem(enum.Enum):
    MALFORMED = "malformed"
    OTHER_KEY = "other_key"
    BAD_SIGNATURE = "bad_signature"


class JwsRefused(Exception):
    """The token was refused; ``problem`` says why."""

    def __init__(self, problem: JwsProblem):
        super().__init__(problem.value)
        self.problem = problem


def _b64decode(segment: str) -> bytes:
    """Strict base64url without padding: only the alphabet, and the canonical encoding."""
    try:
        data = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        raise JwsRefused(JwsProblem.MALFORMED) from None
    if _b64encode(data) != segment:
        raise JwsRefused(JwsProblem.MALFORMED)
    return data


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def dumps(payload: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (Vietnamese letters as themselves, not ``\\u`` escapes: shorter)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(payload: dict[str, Any], private_key: Ed25519PrivateKey, typ: str) -> str:
    """The compact JWS of ``payload`` (JSON) signed with ``private_key``."""
    header = {"alg": ALGORITHM, "kid": thumbprint(private_key), "typ": typ}
    return joserfc_jws.serialize_compact(
        header, dumps(payload), jose_key(private_key), algorithms=[ALGORITHM]
    )


def open_token(
    token: str, public_keys: Iterable[Ed25519PublicKey], typ: str
) -> tuple[str, dict[str, Any]]:
    """``(kid, payload)`` of a token signed by one of ``public_keys``; ``JwsRefused`` otherwise.

    A header with another algorithm or media type than ours is ``MALFORMED``: we never verify
    with an algorithm the token chooses. A payload that is not a JSON object after a good
    signature is ``MALFORMED`` too (we never sign one).
    """
    if not isinstance(token, str):
        raise JwsRefused(JwsProblem.MALFORMED)
    token = token.strip()
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise JwsRefused(JwsProblem.MALFORMED)
    try:
        header = json.loads(_b64decode(parts[0]))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise JwsRefused(JwsProblem.MALFORMED) from None
    if not (
        isinstance(header, dict)
        and header.get("alg") == ALGORITHM
        and header.get("typ") == typ
        and isinstance(header.get("kid"), str)
    ):
        raise JwsRefused(JwsProblem.MALFORMED)
    kid = header["kid"]
    key = next((k for k in public_keys if thumbprint(k) == kid), None)
    if key is None:
        raise JwsRefused(JwsProblem.OTHER_KEY)
    try:
        _b64decode(parts[1])
        _b64decode(parts[2])
    except JwsRefused:
        raise JwsRefused(JwsProblem.BAD_SIGNATURE) from None
    try:
        verified = joserfc_jws.deserialize_compact(token, jose_key(key), algorithms=[ALGORITHM])
    except JoseError:
        raise JwsRefused(JwsProblem.BAD_SIGNATURE) from None
    try:
        payload = json.loads(verified.payload)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise JwsRefused(JwsProblem.MALFORMED) from None
    if not isinstance(payload, dict):
        raise JwsRefused(JwsProblem.MALFORMED)
    return kid, payload


def timestamp(moment: datetime) -> str:
    """A credential's date-time: UTC, whole seconds, ``Z`` (XML Schema dateTimeStamp)."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: Any) -> datetime:
    """The aware date-time of a credential's timestamp; ``ValueError`` when it is not one."""
    if not isinstance(text, str):
        raise ValueError("not a timestamp")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a timestamp needs its offset")
    return moment
