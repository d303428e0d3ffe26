"""The revocation list, as the W3C Bitstring Status List v1.0 says, so a verifier can cache it.

Rules followed (https://www.w3.org/TR/vc-bitstring-status-list/):

- one bit per certificate (``statusSize`` 1, ``statusPurpose`` ``revocation``); a set bit means
  revoked; each certificate holds its own ``statusListIndex`` (a string in the credential);
- the bitstring has at least 131,072 bits (16 KB) so one list hides who among many is checked
  (herd privacy); we keep whole bytes;
- bit order: index 0 is the left-most (most significant) bit of the first byte;
- ``encodedList`` is the multibase base64url form (prefix ``u``, no padding) of the
  GZIP-compressed bitstring (RFC 1952; our GZIP header carries no time so the output is
  reproducible);
- the list is itself a credential of type ``BitstringStatusListCredential`` whose subject
  (``type`` ``BitstringStatusList``) has ``statusPurpose`` and ``encodedList``; the province signs
  it like a certificate (``sign_list``, a compact JWS), and ``credential.verify`` checks it.

A list read from elsewhere is untrusted: decoding refuses (``StatusListError``) anything but a
``u``-prefixed base64url GZIP stream of 16 KB to 16 MB, so a small "gzip bomb" cannot fill memory.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contest.certificates import jws
from contest.core.errors import DomainError
from contest.core.i18n import N_

MIN_SIZE = 131_072  # bits
MAX_BYTES = 16 * 1024 * 1024
PURPOSE = "revocation"
CONTEXT = "https://www.w3.org/ns/credentials/v2"
#: The JWS media type of a signed status list (VC-JOSE-COSE: a credential secured as a JWT).
TYP = "vc+jwt"


class StatusListError(DomainError):
    """A status list cannot be read (not multibase base64url GZIP of a long enough bitstring)."""


def encode(revoked_indexes: Iterable[int], size: int = MIN_SIZE) -> str:
    """The ``encodedList`` of a bitstring of ``size`` bits with the given indexes set."""
    if size < MIN_SIZE or size % 8:
        raise ValueError(f"size must be a multiple of 8 and at least {MIN_SIZE}")
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        if not 0 <= index < size:
            raise ValueError(f"index {index} outside the list of {size} bits")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The bitstring of an ``encodedList``; ``StatusListError`` when it is not one."""
    unreadable = StatusListError(N_("Danh sách thu hồi không đọc được (sai định dạng)."))
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise unreadable
    body = encoded[1:]
    try:
        compressed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP framing
        bits = inflater.decompress(compressed, MAX_BYTES + 1)
    except (binascii.Error, ValueError, zlib.error):
        raise unreadable from None
    if len(bits) > MAX_BYTES or not inflater.eof:
        raise unreadable
    if len(bits) * 8 < MIN_SIZE:
        raise StatusListError(
            N_("Danh sách thu hồi quá ngắn: cần ít nhất %(bits)s bit."), bits=MIN_SIZE
        )
    return bits


def bit(bits: bytes, index: int) -> bool:
    """Bit ``index`` of a decoded bitstring (index 0 = left-most bit of the first byte)."""
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(N_("Số thứ tự %(index)s nằm ngoài danh sách thu hồi."), index=index)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def is_set(encoded: str, index: int) -> bool:
    """Whether the certificate at ``index`` is revoked in the ``encodedList``."""
    return bit(decode(encoded), index)


def list_credential(
    url: str,
    issuer: dict[str, str],
    revoked_indexes: Iterable[int],
    now: datetime,
    size: int = MIN_SIZE,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """The status list credential published at ``url`` (``issuer`` is ``{"id", "name"}``).

    ``validFrom`` is ``now``; an optional ``validUntil`` tells a cache when to fetch it again.
    """
    credential: dict[str, Any] = {
        "@context": [CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": dict(issuer),
        "validFrom": jws.timestamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(revoked_indexes, size),
        },
    }
    if valid_until is not None:
        credential["validUntil"] = jws.timestamp(valid_until)
    return credential


def sign_list(credential: dict[str, Any], private_key: Ed25519PrivateKey) -> str:
    """The status list credential as a compact JWS signed with the province's key."""
    return jws.sign(credential, private_key, TYP)
