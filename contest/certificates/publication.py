"""What the public side of certificates shows: the verify page's statement and the key page.

Business rules:

* The verify page states only what is printed on the certificate for anyone to read: the name,
  what it certifies, the date, who issued it, and its status (valid; revoked, with the day;
  expired, with the day). Never the person's e-mail, phone or unit tree, never why a
  certificate was revoked: the page gets a ``PublicStatement``, not the certificate row.
* The key page publishes what a verifier compares by eye or saves for offline checks: the
  credential key's fingerprint and ``kid``, where the JWKS and the status list are, and the PDF
  signing certificate's subject, validity and SHA-256 fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cryptography.hazmat.primitives import hashes, serialization

from contest.certificates import keys as credential_keys
from contest.certificates.models import Certificate, CertificateStatus
from contest.certificates.province import JWKS_PATH, STATUS_LIST_PATH, ProvinceKeys
from contest.certificates.services.issuing import local_day


@dataclass(frozen=True)
class PublicStatement:
    """A certificate as the public verify page states it."""

    code: str
    person_name: str
    title: str
    issued_on: date
    #: The unit that awarded it, when printed (a course's unit); the issuer signs either way.
    unit_name: str
    issuer_name: str
    status: CertificateStatus
    #: The day it was revoked (revoked) or stopped being valid (expired); None when valid.
    status_on: date | None
    #: Signed with the demo's self-signed keys (the page says so).
    demo: bool


def public_statement(certificate: Certificate, today: date, issuer_name: str,
                     demo: bool) -> PublicStatement:
    status = certificate.status(today)
    status_on = {CertificateStatus.revoked: certificate.revoked_at and local_day(certificate.revoked_at),
                 CertificateStatus.expired: certificate.expires_on}.get(status)
    return PublicStatement(
        code=certificate.code, person_name=certificate.person_name, title=certificate.title,
        issued_on=certificate.issued_on, unit_name=certificate.unit_name, issuer_name=issuer_name,
        status=status, status_on=status_on, demo=demo)


@dataclass(frozen=True)
class PublishedKeys:
    """The key page's facts."""

    fingerprint: str
    kid: str
    jwks_url: str
    status_list_url: str
    signing_subject: str
    signing_not_before: datetime
    signing_not_after: datetime
    #: SHA-256 of the signing certificate (DER), upper-case hex in pairs separated by colons.
    signing_sha256: str
    demo: bool


def published_keys(province_keys: ProvinceKeys, public_url: str) -> PublishedKeys:
    certificate = province_keys.pdf_identity.certificate
    digest = certificate.fingerprint(hashes.SHA256()).hex().upper()
    return PublishedKeys(
        fingerprint=credential_keys.fingerprint(province_keys.credential_key),
        kid=credential_keys.thumbprint(province_keys.credential_key),
        jwks_url=public_url + JWKS_PATH, status_list_url=public_url + STATUS_LIST_PATH,
        signing_subject=certificate.subject.rfc4514_string(),
        signing_not_before=certificate.not_valid_before_utc,
        signing_not_after=certificate.not_valid_after_utc,
        signing_sha256=":".join(digest[i:i + 2] for i in range(0, len(digest), 2)),
        demo=province_keys.demo)


def signing_certificate_pem(province_keys: ProvinceKeys) -> bytes:
    """The PDF signing certificate as PEM, for verifiers to trust (``--signing-cert``)."""
    return province_keys.pdf_identity.certificate.public_bytes(serialization.Encoding.PEM)
