"""The province's signing material for this process, and what every certificate names.

Two keys sign a certificate: the Ed25519 key signs the credential in the QR (and the status
list); the signing certificate (RSA, from a CA in production) signs the PDF for PDF readers.
Their paths and passphrases are settings (``CERT_KEY_PATH``, ``CERT_KEY_PASSPHRASE``,
``CERT_PDF_IDENTITY``, ``CERT_PDF_PASSPHRASE``, see ``contest.core.config``):

* configured: both are loaded when the app starts (``init_app``), so a missing file or a wrong
  passphrase stops the start with a clear message instead of failing at the first certificate;
* not configured, in development (``CERT_DEMO_KEYS``): a key and a self-signed certificate are
  made under ``CERT_DIR`` on first use (each certificate's page then says it is a demo signature);
* not configured, in production: nothing is issued (``NotConfigured``), never an unsigned
  certificate; ``flask certificates issue-due`` issues what was earned meanwhile.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import Flask, current_app

from contest.certificates import keys as credential_keys
from contest.certificates.credential import Issuer
from contest.certificates.signing import SigningIdentity, make_self_signed
from contest.certificates.status_list import MIN_SIZE
from contest.core.db import utcnow
from contest.core.errors import DomainError
from contest.core.i18n import N_

EXTENSION = "certificate_keys"
#: The demo's files under CERT_DIR.
DEMO_FOLDER = "demo-keys"
DEMO_CREDENTIAL_KEY = "credential-ed25519.pem"
DEMO_PDF_IDENTITY = "pdf-signing.p12"
DEMO_PDF_PASSPHRASE = "pdf-signing.passphrase"

#: Paths of the public side (the views serve them there; credentials name them).
STATUS_LIST_PATH = "/certificates/status-list"
JWKS_PATH = "/.well-known/jwks.json"
VERIFY_PATH = "/verify/"

_lock = threading.Lock()


class NotConfigured(DomainError):
    """The province's keys are not set: certificates are not issued (production)."""


@dataclass(frozen=True)
class ProvinceKeys:
    """The loaded signing material; ``demo`` when made by the demo (self-signed)."""

    credential_key: Ed25519PrivateKey
    pdf_identity: SigningIdentity
    demo: bool
    #: Where the signing certificate was read from (file, passphrase): worker processes that
    #: sign a batch of PDFs load it again (``documents.signed_pdfs``).
    pdf_identity_file: tuple[str, str | None] = ("", None)

    @property
    def public_keys(self) -> list[Ed25519PublicKey]:
        return [self.credential_key.public_key()]


@dataclass(frozen=True)
class IssuingContext:
    """Everything a certificate takes from the deployment, read once per request or command."""

    keys: ProvinceKeys
    issuer: Issuer
    public_url: str
    signer_name: str
    signer_title: str

    @property
    def status_list_url(self) -> str:
        return self.public_url + STATUS_LIST_PATH

    def verify_url(self, code: str) -> str:
        return self.public_url + VERIFY_PATH + code


def init_app(app: Flask) -> None:
    """Load configured keys at start-up, so a wrong passphrase stops the start (RuntimeError with
    the Vietnamese reason); demo keys are made lazily, on first use."""
    if app.config.get("CERT_KEY_PATH") or app.config.get("CERT_PDF_IDENTITY"):
        try:
            app.extensions[EXTENSION] = _configured(app.config)
        except DomainError as refused:
            raise RuntimeError(f"Certificates: {refused.message % refused.params}") from None


def province_keys(app: Flask | None = None) -> ProvinceKeys:
    """The keys of this process (loaded or made once); ``NotConfigured`` when there are none."""
    app = app or current_app._get_current_object()
    loaded = app.extensions.get(EXTENSION)
    if loaded is None:
        with _lock:
            loaded = app.extensions.get(EXTENSION)
            if loaded is None:
                if not app.config.get("CERT_DEMO_KEYS"):
                    raise NotConfigured(N_(
                        "Chưa cấu hình khóa ký giấy chứng nhận (CERT_KEY_PATH, CERT_PDF_IDENTITY): "
                        "không cấp giấy chứng nhận chưa được ký."))
                loaded = app.extensions[EXTENSION] = _demo(Path(app.config["CERT_DIR"]))
    return loaded


def issuing_context(app: Flask | None = None) -> IssuingContext:
    """The keys and the names a certificate is issued with (``NotConfigured`` as above, and
    when production names no signer)."""
    app = app or current_app._get_current_object()
    config = app.config
    if not config.get("CERT_SIGNER_NAME") or not config.get("CERT_SIGNER_TITLE"):
        raise NotConfigured(N_("Chưa cấu hình người ký giấy chứng nhận (CERT_SIGNER_NAME, "
                               "CERT_SIGNER_TITLE)."))
    return IssuingContext(keys=province_keys(app),
                          issuer=Issuer(id=config["PUBLIC_URL"], name=config["CERT_ISSUER_NAME"]),
                          public_url=config["PUBLIC_URL"], signer_name=config["CERT_SIGNER_NAME"],
                          signer_title=config["CERT_SIGNER_TITLE"])


def status_list_size(highest_index: int | None) -> int:
    """Bits in the published list: at least the W3C minimum, whole bytes, covering every index."""
    if highest_index is None or highest_index < MIN_SIZE:
        return MIN_SIZE
    return (highest_index // 8 + 1) * 8


def _configured(config) -> ProvinceKeys:
    if not (config.get("CERT_KEY_PATH") and config.get("CERT_PDF_IDENTITY")):
        raise NotConfigured(N_("Cần cấu hình cả CERT_KEY_PATH (khóa Ed25519 ký mã QR) và "
                               "CERT_PDF_IDENTITY (chứng thư số ký tệp PDF)."))
    key = credential_keys.load_private_key(config["CERT_KEY_PATH"], config.get("CERT_KEY_PASSPHRASE"))
    identity = SigningIdentity.load(config["CERT_PDF_IDENTITY"], config.get("CERT_PDF_PASSPHRASE"))
    return ProvinceKeys(key, identity, demo=False,
                        pdf_identity_file=(config["CERT_PDF_IDENTITY"], config.get("CERT_PDF_PASSPHRASE")))


def _demo(cert_dir: Path) -> ProvinceKeys:
    """The demo's key and self-signed certificate, made once per instance folder. They are made
    in a private temporary folder and moved into place in one rename, so two processes starting
    together end with one set (the loser of the race reads the winner's)."""
    folder = cert_dir / DEMO_FOLDER
    if not folder.exists():
        cert_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".demo-keys-", dir=cert_dir))
        passphrase = secrets.token_urlsafe(24)
        credential_keys.generate_dev_key(staging / DEMO_CREDENTIAL_KEY)
        make_self_signed(staging / DEMO_PDF_IDENTITY, passphrase,
                         "Chứng thư ký thử (bản demo, tự ký)", utcnow())
        descriptor = os.open(staging / DEMO_PDF_PASSPHRASE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(passphrase)
        try:
            staging.rename(folder)
        except OSError:  # another process won the race
            shutil.rmtree(staging, ignore_errors=True)
    key = credential_keys.load_private_key(folder / DEMO_CREDENTIAL_KEY)
    passphrase = (folder / DEMO_PDF_PASSPHRASE).read_text().strip()
    identity = SigningIdentity.load(folder / DEMO_PDF_IDENTITY, passphrase)
    return ProvinceKeys(key, identity, demo=True,
                        pdf_identity_file=(str(folder / DEMO_PDF_IDENTITY), passphrase))
