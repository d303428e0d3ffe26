"""The province's Ed25519 key, which signs every certificate's credential and the status list.

The caller says where the key is (a PEM file, PKCS#8, encrypted with a passphrase in production);
``contest.core.config`` reads those from the environment, this module reads no environment.
Anyone verifies with the public half, published as a JWKS at a well-known URL and on a printable
page with its fingerprint: the SHA-256 of the 32-byte raw public key, in hexadecimal groups of
four, which a person compares by eye.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from joserfc.jwk import OKPKey

from contest.core.errors import DomainError
from contest.core.i18n import N_

#: The JWS algorithm (RFC 9864's fully specified name for EdDSA over Ed25519).
ALGORITHM = "Ed25519"

AnyKey = Ed25519PrivateKey | Ed25519PublicKey


class SigningKeyError(DomainError):
    """The province's signing key cannot be used (missing file, wrong passphrase, not Ed25519)."""


def _as_bytes(passphrase: str | bytes | None) -> bytes | None:
    if passphrase is None or passphrase in ("", b""):
        return None
    return passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase


def load_private_key(path: str | os.PathLike[str], passphrase: str | bytes | None = None):
    """The Ed25519 private key in the PEM file ``path``, decrypted with ``passphrase``.

    Raises ``SigningKeyError`` with a Vietnamese message when the file is missing or unreadable,
    the passphrase is missing or wrong, or the key is not an Ed25519 key.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningKeyError(
            N_("Không tìm thấy tệp khóa ký của tỉnh: %(path)s."), path=str(path)
        ) from None
    except OSError as error:
        raise SigningKeyError(
            N_("Không đọc được tệp khóa ký của tỉnh %(path)s: %(reason)s."),
            path=str(path),
            reason=error.strerror or str(error),
        ) from None
    password = _as_bytes(passphrase)
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except TypeError:
        # cryptography: a password given for a plain key, or none for an encrypted one.
        if password is None:
            raise SigningKeyError(
                N_("Tệp khóa ký %(path)s được mã hóa: cần mật khẩu của khóa."), path=str(path)
            ) from None
        raise SigningKeyError(
            N_("Tệp khóa ký %(path)s không được mã hóa: đã cho mật khẩu nhưng không cần."),
            path=str(path),
        ) from None
    except ValueError:
        if password is None:
            raise SigningKeyError(
                N_("Tệp %(path)s không phải là khóa ký dạng PEM đọc được."), path=str(path)
            ) from None
        raise SigningKeyError(
            N_("Sai mật khẩu của khóa ký %(path)s (hoặc tệp không phải khóa PEM)."),
            path=str(path),
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(
            N_("Khóa trong tệp %(path)s không phải khóa Ed25519."), path=str(path)
        )
    return key


def generate_dev_key(path: str | os.PathLike[str], passphrase: str | bytes | None = None):
    """A new key for the demo, written to ``path`` (PKCS#8 PEM, mode 0600, encrypted when a
    passphrase is given). Never overwrites: an existing file is refused."""
    path = Path(path)
    key = Ed25519PrivateKey.generate()
    password = _as_bytes(passphrase)
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(
            N_("Tệp khóa ký %(path)s đã có: không ghi đè khóa cũ."), path=str(path)
        ) from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return key


def public_key(key: AnyKey) -> Ed25519PublicKey:
    return key.public_key() if isinstance(key, Ed25519PrivateKey) else key


def raw_public_bytes(key: AnyKey) -> bytes:
    return public_key(key).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def jose_key(key: AnyKey) -> OKPKey:
    """The key as joserfc wants it (private when given the private key)."""
    return OKPKey.import_key(key)


def thumbprint(key: AnyKey) -> str:
    """The RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key: the JWS ``kid``."""
    return jose_key(public_key(key)).thumbprint()


def public_jwk(key: AnyKey) -> dict[str, Any]:
    """The public key as a JWK with its ``kid`` (thumbprint), ``alg`` and ``use``."""
    jwk = jose_key(public_key(key)).as_dict(private=False)
    return {**jwk, "kid": thumbprint(key), "alg": ALGORITHM, "use": "sig"}


def fingerprint(key: AnyKey) -> str:
    """SHA-256 of the raw public key, upper-case hex in groups of four (16 groups) for print."""
    digest = hashlib.sha256(raw_public_bytes(key)).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def jwks(keys: Iterable[AnyKey]) -> dict[str, Any]:
    """The JWK Set published at the well-known URL (several keys while one is being replaced)."""
    return {"keys": [public_jwk(key) for key in keys]}


def keys_from_jwks(document: dict[str, Any]) -> list[Ed25519PublicKey]:
    """The Ed25519 public keys of a JWK Set (an offline verifier's saved copy); others skipped.

    Raises ``SigningKeyError`` when the document is not a JWK Set.
    """
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise SigningKeyError(N_('Tệp khóa công khai không đúng dạng JWKS (thiếu "keys").'))
    found = []
    for entry in entries:
        if not (isinstance(entry, dict) and entry.get("kty") == "OKP"):
            continue
        if entry.get("crv") != "Ed25519":
            continue
        try:
            okp = OKPKey.import_key({k: entry[k] for k in ("kty", "crv", "x")})
        except (KeyError, ValueError, TypeError):
            continue
        found.append(okp.public_key)
    return found
