"""Checking a certificate offline, from what a verifier holds: the PDF, the QR's text or the bare
credential. No database and no network: the province's public keys, and optionally its signed
status list and its PDF signing certificate, are given by the caller (files it saved earlier).

Business rules:

* What is checked is the signed credential: in a PDF, the attached ``credential.jwt``
  (``pdf_reading``); in a QR's text ``https://…/verify/CODE#TOKEN``, the part after ``#``;
  otherwise the text itself.
* A PDF's own signature (PAdES) is checked too, against the province's signing certificate
  when the caller has it, and reported apart: the credential proves the facts, the PDF signature
  proves the printed page was not edited. A PDF is accepted (``OfflineCheck.valid``) only when
  both hold; without the signing certificate the PDF signature is reported as not checked and
  the verdict rests on the credential alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from contest.certificates import credential, pdf_reading, signing
from contest.certificates.credential import Verification
from contest.certificates.pdf import credential_of
from contest.core.i18n import N_

NOT_CHECKED = N_("Chưa kiểm tra chữ ký số của tệp PDF: không có chứng thư ký của tỉnh.")


@dataclass(frozen=True)
class OfflineCheck:
    """The credential's verification, and for a PDF what its signature check found (``None``
    when the PDF signature was not checked: no signing certificate was at hand)."""

    verification: Verification
    is_pdf: bool = False
    pdf_signature: signing.SignatureCheck | None = None

    @property
    def valid(self) -> bool:
        return self.verification.valid and (self.pdf_signature is None or self.pdf_signature.valid)

    def as_dict(self, translate=lambda text: text) -> dict[str, Any]:
        """``Verification.as_dict()``, plus ``pdf_signature`` for a PDF (messages translated)."""
        data = self.verification.as_dict()
        data["message"] = translate(self.verification.message)
        if self.is_pdf:
            data["pdf_signature"] = _signature_dict(self.pdf_signature, translate)
        return data


def _signature_dict(check: signing.SignatureCheck | None, translate) -> dict[str, Any]:
    if check is None:
        return {"checked": False, "valid": None, "intact": None, "signer": None,
                "signed_at": None, "problem": translate(NOT_CHECKED)}
    return {"checked": True, "valid": check.valid, "intact": check.intact, "signer": check.signer,
            "signed_at": check.signed_at.isoformat() if check.signed_at else None,
            "problem": translate(check.problem) if check.problem else None}


def check(data: bytes | str, public_keys: Iterable[Ed25519PublicKey], now: datetime,
          status_list: str | None = None,
          signing_certificate: x509.Certificate | None = None) -> OfflineCheck:
    """Verify what the verifier holds (see the module's rules). A PDF that cannot be read or
    carries no credential raises ``pdf_reading.PdfReadError`` (a ``DomainError``)."""
    if isinstance(data, bytes) and pdf_reading.is_pdf(data):
        token = pdf_reading.embedded_credential(data)
        signature = (signing.validate_pdf(data, signing_certificate)
                     if signing_certificate is not None else None)
        return OfflineCheck(credential.verify(token, public_keys, now, status_list),
                            is_pdf=True, pdf_signature=signature)
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    return OfflineCheck(credential.verify(credential_of(text), public_keys, now, status_list))
