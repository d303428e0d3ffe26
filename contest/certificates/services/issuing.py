"""Issuing certificates: the one function that makes one (``issue``), the automatic sources that
call it, and the sweep that catches up on what was earned while nothing could be issued.

Business rules:

* A certificate is earned by completing a course that says it issues one
  (``Course.issues_certificate``), by passing an assessment or winning a prize in a contest whose
  exam says so (``Exam.issues_certificate``), or by being on a list a trainer or an administrator
  issues by hand. Each automatic source earns one certificate (``Certificate.source`` is unique):
  a second pass or a re-evaluated completion issues nothing new.
* The certificate's date is the day it was earned (the completion day, the submit day, the
  round's close day) in the province's time zone; its expiry is the completion's expiry
  (a programme valid for some months), else none.
* The facts are copied at issue time and signed into the credential; nothing rewrites them.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from contest.accounts.models import Unit, User
from contest.certificates import codes, credential
from contest.certificates.models import Certificate, CertificateKind
from contest.certificates.province import IssuingContext, status_list_size
from contest.certificates.services import CertificateError
from contest.certificates.signals import certificate_issued
from contest.core.i18n import N_
from contest.exams.models import Attempt, AttemptStatus, Exam, ExamKind, Prize, Round
from contest.exams.services.results import passed
from contest.training.models import Course, Enrollment, Programme

PROVINCE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
#: Tries for a free random status-list index before the list is grown.
_INDEX_TRIES = 8


@dataclass(frozen=True)
class Earned:
    """What one certificate will state, before it is signed."""

    user: User
    kind: CertificateKind
    title: str
    issued_on: date
    description: str = ""
    unit_name: str = ""
    expires_on: date | None = None
    source: str | None = None
    course_id: int | None = None
    round_id: int | None = None


def local_day(moment: datetime) -> date:
    """The province's calendar day of a stored naive-UTC moment."""
    return moment.replace(tzinfo=UTC).astimezone(PROVINCE_ZONE).date()


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=PROVINCE_ZONE)


class Numbering:
    """Codes and status-list indexes for a batch of certificates in one transaction: the used
    indexes are read once (one query instead of three per certificate), and codes are not looked
    up (85 random bits; the unique constraint is the backstop)."""

    def __init__(self, session: Session):
        self.taken = set(session.exec(select(Certificate.status_index)).all())

    def code(self) -> str:
        return codes.new_code()

    def index(self) -> int:
        size = status_list_size(max(self.taken, default=None))
        while len(self.taken) * 4 >= size:
            size *= 2
        while (index := secrets.randbelow(size)) in self.taken:
            pass
        self.taken.add(index)
        return index


def issue(session: Session, earned: Earned, context: IssuingContext, now: datetime,
          issued_by: int | None = None, signer: tuple[str, str] | None = None,
          numbering: Numbering | None = None) -> Certificate:
    """Issue one certificate: a fresh code, a free random index in the status list, the facts
    signed into the credential. ``signer`` (name, title) overrides the deployment's signer.
    Refuses a date in the future or an expiry not after the date (``CertificateError``)."""
    signer_name, signer_title = signer or (context.signer_name, context.signer_title)
    if earned.issued_on > local_day(now):
        raise CertificateError(N_("Ngày cấp không được sau hôm nay."))
    if earned.expires_on is not None and earned.expires_on <= earned.issued_on:
        raise CertificateError(N_("Ngày hết hạn phải sau ngày cấp."))
    code = numbering.code() if numbering else _free_code(session)
    index = numbering.index() if numbering else _free_index(session)
    facts = credential.Facts(
        code=code, person_name=earned.user.full_name, achievement=earned.title,
        issued_at=local_midnight(earned.issued_on), status_index=index,
        status_list_url=context.status_list_url, description=earned.description or None,
        unit=earned.unit_name or None,
        valid_until=local_midnight(earned.expires_on) if earned.expires_on else None)
    token = credential.issue(facts, context.keys.credential_key, context.issuer,
                             now.replace(tzinfo=UTC))
    certificate = Certificate(
        code=code, status_index=index, kind=earned.kind, source=earned.source,
        user_id=earned.user.id, person_name=earned.user.full_name, title=earned.title,
        description=earned.description, unit_name=earned.unit_name, signer_name=signer_name,
        signer_title=signer_title, issued_on=earned.issued_on, expires_on=earned.expires_on,
        course_id=earned.course_id, round_id=earned.round_id, token=token, issued_at=now,
        issued_by=issued_by)
    session.add(certificate)
    if numbering is None:
        session.flush()
    certificate_issued.send(certificate, session=session)
    return certificate


def _free_code(session: Session) -> str:
    """A new code; 85 random bits make a clash practically impossible, and it is checked anyway."""
    while True:
        code = codes.new_code()
        if session.exec(select(Certificate.id).where(Certificate.code == code)).first() is None:
            return code


def _free_index(session: Session) -> int:
    """A random unused bit of the status list, so an index says nothing about when or to whom a
    certificate was issued (the W3C note on herd privacy). The list grows when it is a quarter full."""
    used = session.exec(select(func.count()).select_from(Certificate)).one()
    highest = session.exec(select(func.max(Certificate.status_index))).one()
    size = status_list_size(highest)
    while used * 4 >= size:
        size *= 2
    for _ in range(_INDEX_TRIES):
        index = secrets.randbelow(size)
        if session.exec(select(Certificate.id).where(Certificate.status_index == index)).first() is None:
            return index
    return max(highest or 0, size - 1) + 1  # a crowded list: one bit past the end grows it


def issued_for(session: Session, source: str) -> Certificate | None:
    return session.exec(select(Certificate).where(Certificate.source == source)).first()


def _unit_name(session: Session, unit_id: int | None) -> str:
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    return unit.name if unit is not None else ""


# --- automatic sources ------------------------------------------------------------------------

def _not_issued(session: Session, earned: Earned) -> Earned | None:
    return earned if issued_for(session, earned.source) is None else None


def earned_by_completion(session: Session, enrollment: Enrollment) -> Earned | None:
    """The certificate a completed course earns when the course issues one (once per enrollment)."""
    if enrollment.completed_on is None:
        return None
    course = session.get(Course, enrollment.course_id)
    if not course.issues_certificate:
        return None
    programme = session.get(Programme, course.programme_id)
    user = session.get(User, enrollment.user_id)
    earned = Earned(
        user=user, kind=CertificateKind.course,
        title=f"Đã hoàn thành lớp bồi dưỡng “{course.title}”",
        description=f"Chương trình bồi dưỡng: {programme.title}",
        unit_name=_unit_name(session, course.unit_id), issued_on=enrollment.completed_on,
        expires_on=enrollment.expires_on, source=f"enrollment:{enrollment.id}", course_id=course.id)
    return _not_issued(session, earned)


def earned_by_attempt(session: Session, attempt: Attempt) -> Earned | None:
    """The certificate a passed assessment earns when its exam issues one (the first passing
    attempt of the person in the exam earns it; later passes earn nothing more)."""
    round_ = session.get(Round, attempt.round_id)
    exam = session.get(Exam, round_.exam_id)
    if (exam.kind != ExamKind.assessment or not exam.issues_certificate
            or attempt.status != AttemptStatus.submitted or not passed(exam, attempt)):
        return None
    earlier = session.exec(select(Certificate.id).join(Round, Round.id == Certificate.round_id).where(
        Certificate.user_id == attempt.user_id, Round.exam_id == exam.id,
        Certificate.kind == CertificateKind.assessment)).first()
    if earlier is not None:
        return None
    user = session.get(User, attempt.user_id)
    earned = Earned(
        user=user, kind=CertificateKind.assessment, title=f"Đạt kỳ sát hạch “{exam.title}”",
        description=f"Đợt {round_.name}: {_points(attempt.score)}/{_points(attempt.max_score)} điểm",
        issued_on=local_day(attempt.submitted_at), source=f"attempt:{attempt.id}", round_id=round_.id)
    return _not_issued(session, earned)


def earned_by_prize(session: Session, prize: Prize) -> Earned | None:
    """The certificate a prize earns in a contest whose exam issues one, dated the round's
    finalization (its close)."""
    round_ = session.get(Round, prize.round_id)
    exam = session.get(Exam, round_.exam_id)
    if not exam.issues_certificate:
        return None
    user = session.get(User, prize.user_id)
    earned = Earned(
        user=user, kind=CertificateKind.prize, title=f"Đoạt {prize.tier}",
        description=f"{exam.title} — {round_.name}",
        issued_on=local_day(round_.finalized_at or round_.closes_at),
        source=f"prize:{prize.id}", round_id=round_.id)
    return _not_issued(session, earned)


def earned_in_round(session: Session, round_: Round) -> list[Earned]:
    """The prize certificates a finalized round earns (none when its exam issues none)."""
    exam = session.get(Exam, round_.exam_id)
    if not exam.issues_certificate:
        return []
    prizes = session.exec(select(Prize).where(Prize.round_id == round_.id).order_by(Prize.rank, Prize.id)).all()
    return [e for e in (earned_by_prize(session, p) for p in prizes) if e is not None]


def issue_all(session: Session, earned: Iterable[Earned | None], context: IssuingContext,
              now: datetime) -> list[Certificate]:
    earned = [e for e in earned if e is not None]
    numbering = Numbering(session) if len(earned) > 1 else None
    issued = [issue(session, e, context, now, numbering=numbering) for e in earned]
    session.flush()
    return issued


def _points(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# --- by hand ----------------------------------------------------------------------------------

def by_hand(session: Session, people: Iterable[User], title: str, description: str,
            issued_on: date, expires_on: date | None, unit_name: str, signer: tuple[str, str],
            context: IssuingContext, issued_by: int, now: datetime) -> list[Certificate]:
    """One certificate per listed person, all with the same facts (a trainer's or an
    administrator's list: a workshop, a contest's special prize)."""
    title = title.strip()
    if not title:
        raise CertificateError(N_("Hãy ghi nội dung chứng nhận."))
    numbering = Numbering(session)
    issued = [issue(session, Earned(user=user, kind=CertificateKind.manual, title=title,
                                    description=description.strip(), unit_name=unit_name.strip(),
                                    issued_on=issued_on, expires_on=expires_on),
                    context, now, issued_by=issued_by, signer=signer, numbering=numbering)
              for user in people]
    session.flush()
    return issued


# --- catching up ------------------------------------------------------------------------------

def issue_due(session: Session, context: IssuingContext, now: datetime) -> list[Certificate]:
    """Every certificate earned and not issued yet: completions of courses that issue one,
    passes of assessments and prizes of contests that issue one. For a course or an exam whose
    setting was switched on later, and for what was earned while the keys were missing. Each is
    issued before the next is judged, so a person's second pass earns nothing more."""
    have = set(session.exec(select(Certificate.source).where(Certificate.source.is_not(None))).all())
    enrollments = session.exec(select(Enrollment).join(Course, Course.id == Enrollment.course_id).where(
        Course.issues_certificate, Enrollment.completed_on.is_not(None)).order_by(Enrollment.id)).all()
    attempts = session.exec(select(Attempt).join(Round, Round.id == Attempt.round_id)
                            .join(Exam, Exam.id == Round.exam_id).where(
        Exam.issues_certificate, Exam.kind == ExamKind.assessment,
        Attempt.status == AttemptStatus.submitted).order_by(Attempt.submitted_at, Attempt.id)).all()
    prizes = session.exec(select(Prize).join(Round, Round.id == Prize.round_id)
                          .join(Exam, Exam.id == Round.exam_id)
                          .where(Exam.issues_certificate).order_by(Prize.id)).all()
    issued = []
    for source, judge, item in ([("enrollment", earned_by_completion, e) for e in enrollments]
                                + [("attempt", earned_by_attempt, a) for a in attempts]
                                + [("prize", earned_by_prize, p) for p in prizes]):
        if f"{source}:{item.id}" in have:
            continue
        earned = judge(session, item)
        if earned is not None:
            issued.append(issue(session, earned, context, now))
    return issued
