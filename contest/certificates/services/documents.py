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
import multiprocessing
import os
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
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
    return _draw_and_sign(printed_facts(certificate, context), context.keys.pdf_identity, context.issuer.name)


def _draw_and_sign(facts: pdf.CertificateFacts, identity: signing.SigningIdentity, location: str) -> bytes:
    return signing.sign_pdf(pdf.render(facts), identity, reason="Giấy chứng nhận " + facts.code,
                            location=location)


def signed_pdfs(certificates: list[Certificate], context: IssuingContext) -> Iterator[tuple[Certificate, bytes]]:
    """The signed PDFs of many certificates, in order. From ``PARALLEL_FROM`` on they are drawn
    by one worker process per core (drawing and signing are CPU-bound Python: threads would
    take turns), started afresh (``spawn``: a fork of a threaded server may inherit held locks)
    and given only plain facts; each loads the signing certificate from its file once."""
    if len(certificates) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        for certificate in certificates:
            yield certificate, signed_pdf(certificate, context)
        return
    path, passphrase = context.keys.pdf_identity_file
    jobs = [printed_facts(c, context) for c in certificates]
    with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=multiprocessing.get_context("spawn"),
                             initializer=_load_identity, initargs=(path, passphrase)) as pool:
        location = context.issuer.name
        drawn = pool.map(_sign_in_worker, jobs, [location] * len(jobs), chunksize=8)
        yield from zip(certificates, drawn, strict=True)


#: Batches this large are drawn by worker processes (starting them costs about a second).
PARALLEL_FROM = 40
_worker_identity: signing.SigningIdentity | None = None


def _load_identity(path: str, passphrase: str | None) -> None:
    global _worker_identity
    _worker_identity = signing.SigningIdentity.load(path, passphrase)


def _sign_in_worker(facts: pdf.CertificateFacts, location: str) -> bytes:
    return _draw_and_sign(facts, _worker_identity, location)


def file_name(certificate: Certificate) -> str:
    return f"giay-chung-nhan-{certificate.code}.pdf"


def zip_of(certificates: Iterable[Certificate], context: IssuingContext) -> bytes:
    """One .zip of signed PDFs (stored, not deflated: a PDF is compressed already)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as bundle:
        for certificate, document in signed_pdfs(list(certificates), context):
            bundle.writestr(file_name(certificate), document)
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
