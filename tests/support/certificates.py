"""Issuing a certificate in a test through the production service (``issuing.issue``)."""

from __future__ import annotations

from datetime import date, timedelta

from contest.accounts.models import Role
from contest.certificates.models import CertificateKind
from contest.certificates.services import issuing
from contest.core.db import utcnow


def issue_certificate(session, factory, context, *, name="Nguyễn Thị Hoà", issued_on: date | None = None,
                      expires_on: date | None = None, title="Đã hoàn thành lớp “Chuyển đổi số cơ bản”",
                      unit_name="Trung tâm Bồi dưỡng chính trị tỉnh", **user_fields):
    """A committed certificate for a new official called ``name`` (issued yesterday by default)."""
    person = factory.user(role=Role.official, full_name=name, **user_fields)
    now = utcnow()
    earned = issuing.Earned(user=person, kind=CertificateKind.manual, title=title,
                            issued_on=issued_on or issuing.local_day(now) - timedelta(days=1),
                            expires_on=expires_on, unit_name=unit_name, description="Khóa 2026")
    certificate = issuing.issue(session, earned, context, now)
    factory.commit()
    return certificate
