"""An official's training record ("hồ sơ bồi dưỡng"): every course they were ever enrolled in.

Read-only and plain: ``training_record`` returns ``RecordRow`` dataclasses the pages, the exports
and the CLI all print. It runs three queries whatever the number of courses (the enrollments with
their course, programme and sessions' dates; the attempts at the courses' final assessments; the
certificates of the completions, through the registered lookup), nothing per row.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.core.i18n import N_
from contest.exams.models import Attempt, AttemptStatus, Exam, Round
from contest.exams.services.results import passed as attempt_passed
from contest.training.completion import Standing, standing
from contest.training.models import Course, CourseSession, Enrollment, EnrollmentStatus, Programme


class RecordState(enum.StrEnum):
    """Where an official stands in one course, as of a day (``RecordRow.state``)."""

    in_progress = "in_progress"  #: enrolled, not completed (yet)
    waitlisted = "waitlisted"
    withdrawn = "withdrawn"
    completed = "completed"  #: completed, the completion valid
    expiring = "expiring"  #: completed, expiring within ``completion.REMINDER_DAYS``
    expired = "expired"  #: completed once, the completion expired (recertification due)


STATE_LABELS = {RecordState.in_progress: N_("Đang học"), RecordState.waitlisted: N_("Danh sách chờ"),
                RecordState.withdrawn: N_("Đã rút"), RecordState.completed: N_("Hoàn thành"),
                RecordState.expiring: N_("Sắp hết hạn"), RecordState.expired: N_("Hết hạn")}
#: The badge class a state wears on the page.
STATE_BADGES = {RecordState.completed: "ok", RecordState.expiring: "warn", RecordState.expired: "err"}


@dataclass(frozen=True)
class RecordRow:
    """One course of an official's record. ``passed`` is None when the course has no final
    assessment or it was not taken; ``best_score`` is the best submitted attempt's score."""

    enrollment_id: int
    course_id: int
    course_title: str
    programme_code: str
    programme_title: str
    status: EnrollmentStatus
    state: RecordState
    enrolled_at: datetime
    completed_on: date | None
    expires_on: date | None
    attendance_share: float
    sessions: int
    first_session: datetime | None
    last_session: datetime | None
    has_assessment: bool
    best_score: float | None
    max_score: float | None
    passed: bool | None
    #: The code of the certificate the completion earned (``register_certificate_lookup``).
    certificate: str | None = None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    def as_json(self) -> dict:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, date | datetime):
                data[key] = value.isoformat()
            elif isinstance(value, enum.Enum):
                data[key] = value.value
        return data


#: enrollment ids -> {enrollment id: certificate code}. Certificates are built on training, so
#: training does not import them: ``contest.certificates`` registers its lookup when connected.
CertificateLookup = Callable[[Session, list[int]], dict[int, str]]
_certificate_lookups: list[CertificateLookup] = []


def register_certificate_lookup(lookup: CertificateLookup) -> None:
    """Name each completion's certificate in records (registering twice keeps one)."""
    if lookup not in _certificate_lookups:
        _certificate_lookups.append(lookup)


def _certificate_codes(session: Session, enrollment_ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for lookup in _certificate_lookups:
        found.update(lookup(session, enrollment_ids) if enrollment_ids else {})
    return found


def local_today() -> date:
    """Today in the deployment's time zone (completions and expiries are local days); needs an
    app context (views and CLI commands pass it to the services as ``today``)."""
    from flask_babel import get_timezone

    from contest.core.db import utcnow

    return utcnow().replace(tzinfo=UTC).astimezone(get_timezone()).date()


def state_of(status: EnrollmentStatus, completed_on: date | None, expires_on: date | None,
             today: date) -> RecordState:
    """A completion, whatever the enrollment's status now, is kept (valid, expiring or expired
    by ``completion.standing``); otherwise the enrollment's status tells."""
    if completed_on is not None:
        return {Standing.valid: RecordState.completed, Standing.expiring: RecordState.expiring,
                Standing.expired: RecordState.expired}[standing(expires_on, today)]
    return {EnrollmentStatus.enrolled: RecordState.in_progress, EnrollmentStatus.waitlisted: RecordState.waitlisted,
            EnrollmentStatus.withdrawn: RecordState.withdrawn}[status]


def training_record(session: Session, user: User, today: date) -> list[RecordRow]:
    """Every enrollment of ``user``, newest course first (by first session, then enrollment).

    The assessment columns come from the user's submitted attempts at the course's final
    assessment (any round): the best score, and passed when any attempt passed by the exam's own
    rule (``results.passed``: pass ratio reached, no essay waiting for a grade)."""
    dates = (select(CourseSession.course_id, func.count().label("sessions"),
                    func.min(CourseSession.starts_at).label("first"),
                    func.max(CourseSession.starts_at).label("last"))
             .where(CourseSession.course_id.in_(select(Enrollment.course_id).where(Enrollment.user_id == user.id)))
             .group_by(CourseSession.course_id).subquery())
    rows = session.exec(
        select(Enrollment, Course, Programme, dates.c.sessions, dates.c.first, dates.c.last)
        .join(Course, Course.id == Enrollment.course_id)
        .join(Programme, Programme.id == Course.programme_id)
        .outerjoin(dates, dates.c.course_id == Course.id)
        .where(Enrollment.user_id == user.id)).all()
    exam_ids = {course.assessment_exam_id for _e, course, *_rest in rows if course.assessment_exam_id}
    best = _assessments(session, user, exam_ids)
    certificates = _certificate_codes(session, [e.id for e, *_rest in rows if e.completed_on is not None])
    record = []
    for enrollment, course, programme, sessions, first, last in rows:
        score, max_score, passed = best.get(course.assessment_exam_id, (None, None, None))
        record.append(RecordRow(
            enrollment.id, course.id, course.title, programme.code, programme.title, enrollment.status,
            state_of(enrollment.status, enrollment.completed_on, enrollment.expires_on, today),
            enrollment.enrolled_at, enrollment.completed_on, enrollment.expires_on, enrollment.attendance_share,
            sessions or 0, first, last, course.assessment_exam_id is not None, score, max_score, passed,
            certificates.get(enrollment.id)))
    record.sort(key=lambda r: (r.first_session or r.enrolled_at, r.enrollment_id), reverse=True)
    return record


def _assessments(session: Session, user: User,
                 exam_ids: set[int]) -> dict[int, tuple[float, float, bool]]:
    """exam id -> (best score, its maximum, passed by any attempt) of the user's submitted attempts."""
    if not exam_ids:
        return {}
    found: dict[int, tuple[float, float, bool]] = {}
    for attempt, exam in session.exec(
            select(Attempt, Exam).join(Round, Round.id == Attempt.round_id).join(Exam, Exam.id == Round.exam_id)
            .where(Attempt.user_id == user.id, Attempt.status == AttemptStatus.submitted,
                   Round.exam_id.in_(exam_ids))).all():
        score, max_score, passed = found.get(exam.id, (None, None, False))
        if score is None or _share(attempt.score, attempt.max_score) > _share(score, max_score):
            score, max_score = attempt.score, attempt.max_score
        found[exam.id] = (score, max_score, passed or attempt_passed(exam, attempt))
    return found


def _share(score: float, max_score: float) -> float:
    return score / max_score if max_score else 0.0
