"""Reading issued certificates: look one up by its code, draw and sign its PDF, bundle many in a
.zip, publish the revocation status list, revoke.

Business rules:

* A code is looked up as a person types it (``codes.normalize``: any case, with or without the
  dashes, O read as 0 and I/L as 1); a code whose check symbol fails is not looked up at all.
* The PDF is drawn and signed when asked for (about 60 ms), from the facts stored at issue time,
  so every copy states the same facts and carries the same credential.
* The status list has one bit per certificate (set: revoked); it is signed with the province's
  key and valid for a day, so an offline verifier knows when to fetch it again.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from contest.certificates import codes, pdf, signing
from contest.certificates import status_list as lists
from contest.certificates.models import Certificate
from contest.certificates.province import IssuingContext, status_list_size
from contest.certificates.services import CertificateError
from contest.core.i18n import N_

#: How long a verifier may trust a fetched status list.
STATUS_LIST_VALIDITY = timedelta(days=1)


def find(session: Session, text: str) -> Certificate | None:
    """The certificate a typed or scanned code names; None for unknown or malformed codes."""
    if not codes.is_valid(text):
        return None
    code = codes.normalize(text)
    return session.exec(select(Certificate).where(Certificate.code == code)).first()


def get_or_refuse(session: Session, text: str) -> Certificate:
    certificate = find(session, text)
    if certificate is None:
        raise CertificateError(N_("Không có giấy chứng nhận mã %(code)s."), code=text)
    return certificate


def qr_text(certificate: Certificate, context: IssuingContext) -> str:
    """What the QR carries: the verify page's URL with the signed credential after ``#``. A
    phone opens the page (the fragment never reaches the server); a verifier reads the token
    after ``#`` offline."""
    return f"{context.verify_url(certificate.code)}#{certificate.token}"


def printed_facts(certificate: Certificate, context: IssuingContext) -> pdf.CertificateFacts:
    return pdf.CertificateFacts(
        code=certificate.code, person_name=certificate.person_name, title=certificate.title,
        description=certificate.description, issued_on=certificate.issued_on,
        issuer_name=context.issuer.name, signer_name=certificate.signer_name,
        signer_title=certificate.signer_title, expires_on=certificate.expires_on,
        qr_text=qr_text(certificate, context), verify_url=context.verify_url(certificate.code))


def signed_pdf(certificate: Certificate, context: IssuingContext) -> bytes:
    """The certificate's PDF, signed (PAdES) with the province's signing certificate."""
    drawn = pdf.render(printed_facts(certificate, context))
    return signing.sign_pdf(drawn, context.keys.pdf_identity, reason="Giấy chứng nhận " + certificate.code,
                            location=context.issuer.name)


def file_name(certificate: Certificate) -> str:
    return f"giay-chung-nhan-{certificate.code}.pdf"


def zip_of(certificates: Iterable[Certificate], context: IssuingContext) -> bytes:
    """One .zip of signed PDFs (stored, not deflated: a PDF is compressed already)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as bundle:
        for certificate in certificates:
            bundle.writestr(file_name(certificate), signed_pdf(certificate, context))
    return buffer.getvalue()


def revoked_indexes(session: Session) -> Iterator[int]:
    return iter(session.exec(select(Certificate.status_index).where(Certificate.revoked_at.is_not(None))).all())


def status_list_token(session: Session, context: IssuingContext, now: datetime) -> str:
    """The signed status list as of ``now`` (a compact JWS, valid for ``STATUS_LIST_VALIDITY``)."""
    highest = session.exec(select(func.max(Certificate.status_index))).one()
    moment = now.replace(tzinfo=UTC)
    document = lists.list_credential(
        context.status_list_url, {"id": context.issuer.id, "name": context.issuer.name},
        revoked_indexes(session), moment, status_list_size(highest), moment + STATUS_LIST_VALIDITY)
    return lists.sign_list(document, context.keys.credential_key)


def revoke(session: Session, certificate: Certificate, by_user_id: int, reason: str,
           now: datetime) -> Certificate:
    """Revoke with a reason; the status list says so from the next fetch (``Certificate.revoke``)."""
    certificate.revoke(by_user_id, reason, now)
    session.add(certificate)
    session.flush()
    return certificate
