"""Issued certificates ("giấy chứng nhận").

A certificate is issued once and never edited: what it states is signed into its credential
(``token``, the compact JWS the QR carries), so changing a name afterwards would only make the
printed and the signed facts disagree. A mistake is revoked (with its reason) and a new one is
issued. The row keeps the facts as printed (the person's name then, the unit's name then), so
a later rename of the account or the unit does not rewrite history.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Text
from sqlmodel import Field, SQLModel

from contest.certificates.services import CertificateError
from contest.core.columns import enum_column
from contest.core.db import timestamp
from contest.core.i18n import N_


class CertificateKind(enum.StrEnum):
    """Why a certificate was issued; ``label`` is shown to people."""

    course = "course"
    assessment = "assessment"
    prize = "prize"
    manual = "manual"

    @property
    def label(self) -> str:
        return {
            "course": N_("Hoàn thành lớp bồi dưỡng"),
            "assessment": N_("Đạt kỳ sát hạch"),
            "prize": N_("Đoạt giải cuộc thi"),
            "manual": N_("Cấp theo danh sách"),
        }[self.value]


class CertificateStatus(enum.StrEnum):
    """What the verify page says of a certificate (``Certificate.status``)."""

    valid = "valid"
    revoked = "revoked"
    expired = "expired"

    @property
    def label(self) -> str:
        return {"valid": N_("Còn hiệu lực"), "revoked": N_("Đã thu hồi"),
                "expired": N_("Đã hết hạn")}[self.value]


class Certificate(SQLModel, table=True):
    __tablename__ = "certificate"
    __table_args__ = (
        CheckConstraint("expires_on IS NULL OR expires_on > issued_on", name="expiry_after_issue"),
        CheckConstraint("status_index >= 0", name="status_index_natural"),
        CheckConstraint("(revoked_at IS NULL) = (revoke_reason IS NULL)", name="revocation_has_reason"),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: The typable code (``codes.new_code``, stored grouped as printed: "K7QM3X-...").
    code: str = Field(max_length=24, unique=True)
    #: The certificate's bit in the province's revocation status list (random, unique).
    status_index: int = Field(unique=True)
    kind: CertificateKind = Field(sa_column=enum_column(CertificateKind, "certificate_kind", nullable=False))
    #: What the certificate was issued for, unique so an automatic issue happens once:
    #: "enrollment:<id>", "attempt:<id>", "prize:<id>"; None for a certificate issued by hand.
    source: str | None = Field(default=None, max_length=40, unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    #: The facts as printed and signed.
    person_name: str = Field(max_length=200)
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=1000)
    unit_name: str = Field(default="", max_length=200)
    signer_name: str = Field(max_length=120)
    signer_title: str = Field(max_length=200)
    issued_on: date
    expires_on: date | None = None
    #: Where it came from, for the bulk download of a class or a round.
    course_id: int | None = Field(default=None, foreign_key="course.id", index=True)
    round_id: int | None = Field(default=None, foreign_key="round.id", index=True)
    #: The signed credential (compact JWS) the QR code carries.
    token: str = Field(sa_column=Column(Text, nullable=False))
    issued_at: datetime = timestamp()
    #: Who issued it by hand; None when issued automatically.
    issued_by: int | None = Field(default=None, foreign_key="app_user.id")
    #: The revocation, with who did it and why (the audit record the committee asks for).
    revoked_at: datetime | None = timestamp(nullable=True)
    revoked_by: int | None = Field(default=None, foreign_key="app_user.id")
    revoke_reason: str | None = Field(default=None, max_length=500)

    def status(self, today: date) -> CertificateStatus:
        """Revoked wins over expired: a revoked certificate says so even after its expiry."""
        if self.revoked_at is not None:
            return CertificateStatus.revoked
        if self.expires_on is not None and today >= self.expires_on:
            return CertificateStatus.expired
        return CertificateStatus.valid

    def revoke(self, by_user_id: int, reason: str, now: datetime) -> None:
        """Revoke once, with a reason; a second revocation keeps the first one's record."""
        reason = reason.strip()
        if not reason:
            raise CertificateError(N_("Hãy ghi lý do thu hồi."))
        if self.revoked_at is not None:
            raise CertificateError(N_("Giấy chứng nhận %(code)s đã bị thu hồi trước đó."), code=self.code)
        self.revoked_at, self.revoked_by, self.revoke_reason = now, by_user_id, reason
