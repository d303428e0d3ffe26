"""Lists of certificates: one person's, a member of staff's (filtered and paged), a class's or a
round's for the bulk download, and the certificate of each completed enrollment for the
training record.

Business rules:

* A person's own list shows every certificate issued to them, revoked ones included (they say
  so), newest first.
* Staff lists show only what the reader manages (``access.managed_condition``); the status
  filter follows ``Certificate.status``: revoked wins over expired, expired from the expiry day.
* A bulk download holds at most ``BULK_LIMIT`` certificates (each PDF is drawn and signed when
  asked, about 60 ms): a larger class or round is refused with the count rather than left to time
  out.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.certificates import access, codes
from contest.certificates.models import Certificate, CertificateKind, CertificateStatus
from contest.certificates.services import CertificateError
from contest.core.db import ulower
from contest.core.i18n import N_
from contest.exams.models import Exam, Round
from contest.training.models import Course

PAGE_SIZE = 50
#: The most certificates one .zip holds.
BULK_LIMIT = 500


def of_person(session: Session, user_id: int) -> list[Certificate]:
    return list(session.exec(select(Certificate).where(Certificate.user_id == user_id)
                             .order_by(Certificate.issued_on.desc(), Certificate.id.desc())).all())


@dataclass(frozen=True)
class Filters:
    kind: CertificateKind | None = None
    status: CertificateStatus | None = None
    course_id: int | None = None
    round_id: int | None = None
    #: A code (any spelling ``codes.normalize`` reads) or a part of the person's name.
    q: str = ""


@dataclass
class CertificatePage:
    certificates: list[Certificate]
    total: int
    page: int
    pages: int
    #: What the rows name: course titles, "exam — round" labels, and the revokers' names.
    courses: dict[int, str]
    rounds: dict[int, str]
    revokers: dict[int, str]


def status_condition(status: CertificateStatus, today: date):
    """``Certificate.status(today) == status`` in SQL."""
    live = Certificate.revoked_at.is_(None)
    if status == CertificateStatus.revoked:
        return Certificate.revoked_at.is_not(None)
    if status == CertificateStatus.expired:
        return and_(live, Certificate.expires_on.is_not(None), Certificate.expires_on <= today)
    return and_(live, or_(Certificate.expires_on.is_(None), Certificate.expires_on > today))


def _text_condition(q: str):
    term = unicodedata.normalize("NFC", " ".join(q.split())).lower()
    if not term:
        return None
    conditions = [ulower(Certificate.person_name).contains(term, autoescape=True)]
    if codes.is_valid(term):
        conditions.append(Certificate.code == codes.normalize(term))
    else:  # a part of a code, typed as printed
        conditions.append(Certificate.code.contains(term.upper(), autoescape=True))
    return or_(*conditions)


def search(session: Session, reader: User, filters: Filters, today: date, page: int = 1) -> CertificatePage:
    """The certificates ``reader`` manages matching ``filters``, newest first, 50 a page."""
    conditions = [c for c in (
        access.managed_condition(reader),
        Certificate.kind == filters.kind if filters.kind else None,
        status_condition(filters.status, today) if filters.status else None,
        Certificate.course_id == filters.course_id if filters.course_id else None,
        Certificate.round_id == filters.round_id if filters.round_id else None,
        _text_condition(filters.q),
    ) if c is not None]
    query = select(Certificate).where(*conditions)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(page, 1), pages)
    found = list(session.exec(query.order_by(Certificate.issued_at.desc(), Certificate.id.desc())
                              .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all())
    return CertificatePage(
        found, total, page, pages,
        courses=course_titles(session, {c.course_id for c in found if c.course_id}),
        rounds=round_labels(session, {c.round_id for c in found if c.round_id}),
        revokers=names(session, {c.revoked_by for c in found if c.revoked_by}))


def course_titles(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.exec(select(Course.id, Course.title).where(Course.id.in_(ids))).all())


def round_labels(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Round.id, Exam.title, Round.name).join(Exam, Exam.id == Round.exam_id)
                        .where(Round.id.in_(ids))).all()
    return {round_id: f"{title} — {name}" for round_id, title, name in rows}


def names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.exec(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def filter_choices(session: Session, reader: User) -> tuple[dict[int, str], dict[int, str]]:
    """The courses and rounds that have certificates ``reader`` manages (for the filters)."""
    condition = access.managed_condition(reader)
    base = select(Certificate.course_id, Certificate.round_id).distinct()
    if condition is not None:
        base = base.where(condition)
    pairs = session.exec(base).all()
    return (course_titles(session, {c for c, _r in pairs if c}),
            round_labels(session, {r for _c, r in pairs if r}))


def count_for(session: Session, course_id: int | None = None, round_id: int | None = None) -> int:
    """How many certificates a class or a round issued (0 when neither is given)."""
    if course_id is None and round_id is None:
        return 0
    column, value = (Certificate.course_id, course_id) if course_id is not None else (Certificate.round_id, round_id)
    return session.exec(select(func.count()).select_from(Certificate).where(column == value)).one()


def for_bundle(session: Session, course_id: int | None = None, round_id: int | None = None) -> list[Certificate]:
    """A class's or a round's certificates in the order of the names, refused past ``BULK_LIMIT``
    (``CertificateError`` with the count) and when there are none."""
    total = count_for(session, course_id, round_id)
    if total == 0:
        raise CertificateError(N_("Chưa có giấy chứng nhận nào để tải."))
    if total > BULK_LIMIT:
        raise CertificateError(N_("Có %(n)d giấy chứng nhận, quá %(limit)d giấy cho một lần tải .zip. "
                                  "Quản trị viên xuất từng giấy bằng lệnh «flask certificates export»."),
                               n=total, limit=BULK_LIMIT)
    column, value = (Certificate.course_id, course_id) if course_id is not None else (Certificate.round_id, round_id)
    return list(session.exec(select(Certificate).where(column == value)
                             .order_by(Certificate.person_name, Certificate.id)).all())


def by_enrollment(session: Session, enrollment_ids: list[int]) -> dict[int, str]:
    """enrollment id -> the code of the certificate its completion earned (one query)."""
    if not enrollment_ids:
        return {}
    sources = {f"enrollment:{i}": i for i in enrollment_ids}
    rows = session.exec(select(Certificate.source, Certificate.code)
                        .where(Certificate.source.in_(sources))).all()
    return {sources[source]: code for source, code in rows}
