"""Attendance: the trainer's checklist of a session, corrections, and self check-in by QR code.

Rules:

* Only people holding a seat in the course (status enrolled) get a mark, and only for a session
  that has started (the trainer's checklist) or is under way (the QR code: from its start until
  its end).
* A correction is the same action as a first mark. Every mark given or changed writes an
  ``AttendanceChange`` (who, when, from what, to what); giving the mark a person already has
  changes nothing and logs nothing.
* A check-in by code marks the person present once: a second one is refused ("Bạn đã điểm danh
  buổi này") and changes nothing, and it never overrides a present or late mark the trainer
  gave (it only replaces an absence marked before the person arrived).
* The person's completion of the course is re-evaluated in the same call
  (``completion_sync.record_completion``).
* Two requests marking the same person in the same session at once (two check-ins, a check-in
  and the trainer's checklist) never end in an error page: the first mark is inserted inside a
  savepoint and the loser reads the winner's row (see ``_record``).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.core.i18n import N_
from contest.training.checkin_codes import CodeProblem, check_code
from contest.training.models import (
    Attendance,
    AttendanceChange,
    AttendanceMark,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
)
from contest.training.services import TrainingError
from contest.training.services.completion_sync import record_completion

#: The person reads why a scanned code was refused.
CODE_MESSAGES = {
    CodeProblem.expired: N_("Mã điểm danh đã hết hạn. Hãy quét lại mã đang hiển thị trên màn hình của giảng viên."),
    CodeProblem.wrong: N_("Mã điểm danh không đúng với buổi học này. Hãy quét mã đang hiển thị tại lớp."),
    CodeProblem.not_open: N_("Ngoài thời gian điểm danh: chỉ điểm danh được từ giờ bắt đầu "
                             "đến khi buổi học kết thúc."),
}
NOT_STARTED = N_("Buổi học chưa bắt đầu; chỉ điểm danh được khi buổi học đã bắt đầu.")
NOT_ENROLLED = N_("Người này không có tên trong danh sách lớp này.")
NAMED_NOT_ENROLLED = N_("%(name)s không có tên trong danh sách lớp này.")
YOU_ARE_NOT_ENROLLED = N_("Bạn không có tên trong danh sách lớp này, nên không điểm danh được. "
                          "Hãy liên hệ giảng viên của lớp.")
ALREADY_CHECKED_IN = N_("Bạn đã điểm danh buổi này.")


def checkin_secret(app_secret: str | bytes) -> bytes:
    """The key of the check-in codes: derived from the app's SECRET_KEY with its own purpose
    label, so a code reveals nothing about the key that signs the sessions' cookies."""
    key = app_secret.encode() if isinstance(app_secret, str) else app_secret
    return hmac.new(key, b"training-checkin", hashlib.sha256).digest()


class CheckinWindow(enum.StrEnum):
    """Where a session stands for checking in by code, as of a moment."""

    not_yet = "not_yet"
    open = "open"
    over = "over"


def checkin_window(course_session: CourseSession, now: datetime) -> CheckinWindow:
    """Open from the start until the end (the window ``check_code`` accepts)."""
    if now < course_session.starts_at:
        return CheckinWindow.not_yet
    return CheckinWindow.open if now <= course_session.ends_at else CheckinWindow.over


def seat(session: Session, course_id: int, user_id: int) -> Enrollment | None:
    """The person's seat in the course (status enrolled); None for anyone else."""
    return session.exec(select(Enrollment).where(
        Enrollment.course_id == course_id, Enrollment.user_id == user_id,
        Enrollment.status == EnrollmentStatus.enrolled)).first()


def mark_of(session: Session, course_session: CourseSession, user_id: int) -> Attendance | None:
    return session.exec(select(Attendance).where(Attendance.session_id == course_session.id,
                                                 Attendance.user_id == user_id)).first()


@dataclass
class Row:
    person: User
    attendance: Attendance | None

    @property
    def mark(self) -> AttendanceMark | None:
        return self.attendance.mark if self.attendance else None


@dataclass
class Change:
    change: AttendanceChange
    person: str
    by: str


def checklist(session: Session, course_session: CourseSession) -> list[Row]:
    """Everyone holding a seat in the session's course, by name, with their mark (two queries)."""
    people = session.exec(select(User).join(Enrollment, Enrollment.user_id == User.id).where(
        Enrollment.course_id == course_session.course_id, Enrollment.status == EnrollmentStatus.enrolled)
        .order_by(User.full_name, User.id)).all()
    marks = {a.user_id: a for a in session.exec(select(Attendance).where(
        Attendance.session_id == course_session.id))}
    return [Row(person, marks.get(person.id)) for person in people]


def change_log(session: Session, course_session: CourseSession) -> list[Change]:
    """Every mark given or changed in the session, latest first, with names (two queries)."""
    changes = session.exec(select(AttendanceChange).where(AttendanceChange.session_id == course_session.id)
                           .order_by(AttendanceChange.changed_at.desc(), AttendanceChange.id.desc())).all()
    ids = {c.user_id for c in changes} | {c.changed_by for c in changes if c.changed_by}
    names = dict(session.exec(select(User.id, User.full_name).where(User.id.in_(sorted(ids)))).all()) if ids else {}
    return [Change(c, names.get(c.user_id, ""), names.get(c.changed_by, "")) for c in changes]


def _insert(session: Session, course_session: CourseSession, user_id: int, mark: AttendanceMark,
            by_id: int | None, now: datetime, by_code: bool) -> Attendance | None:
    """Insert the person's first mark inside a savepoint; None when a concurrent request (a
    check-in, the trainer's checklist) inserted it first (``one_per_session``): only the
    savepoint is undone, and the caller reads the row that won."""
    attendance = Attendance(session_id=course_session.id, user_id=user_id, mark=mark, by_code=by_code,
                            marked_by=by_id, marked_at=now)
    try:
        with session.begin_nested():
            session.add(attendance)
            session.flush()
    except IntegrityError:
        return None
    return attendance


def _record(session: Session, course_session: CourseSession, enrollment: Enrollment, mark: AttendanceMark,
            by_id: int | None, now: datetime, by_code: bool = False) -> Attendance:
    """Give ``mark`` (logged when it changes anything) and re-record the completion.

    Race-safe: when another request inserted the person's mark between the read and the insert,
    that row is read again and this mark applies to it as a correction would; a check-in that
    finds the person already present or late is refused as a second check-in."""
    attendance = mark_of(session, course_session, enrollment.user_id)
    old = attendance.mark if attendance else None
    if attendance is None:
        attendance = _insert(session, course_session, enrollment.user_id, mark, by_id, now, by_code)
        if attendance is None:
            attendance = mark_of(session, course_session, enrollment.user_id)
            if by_code and already_checked_in(attendance):
                raise TrainingError(ALREADY_CHECKED_IN)
            old = attendance.mark
    if old == mark:
        return attendance
    attendance.mark, attendance.by_code, attendance.marked_by, attendance.marked_at = mark, by_code, by_id, now
    session.add(attendance)
    session.add(AttendanceChange(session_id=course_session.id, user_id=enrollment.user_id, old_mark=old,
                                 new_mark=mark, changed_by=by_id, changed_at=now))
    session.flush()
    record_completion(session, enrollment)
    return attendance


def set_mark(session: Session, course_session: CourseSession, person_id: int, mark: AttendanceMark,
             by: User, now: datetime) -> Attendance:
    """The trainer marks (or corrects) one person in a session that has started; the person must
    hold a seat in the course."""
    if not course_session.has_started(now):
        raise TrainingError(NOT_STARTED)
    enrollment = seat(session, course_session.course_id, person_id)
    if enrollment is None:
        person = session.get(User, person_id)
        if person is None:
            raise TrainingError(NOT_ENROLLED)
        raise TrainingError(NAMED_NOT_ENROLLED, name=person.full_name)
    return _record(session, course_session, enrollment, mark, by.id, now)


def mark_all_present(session: Session, course_session: CourseSession, by: User, now: datetime) -> int:
    """"Có mặt tất cả": everyone with a seat and no mark yet is marked present (a mark already
    given stays); returns how many were marked."""
    if not course_session.has_started(now):
        raise TrainingError(NOT_STARTED)
    marked = {a.user_id for a in session.exec(select(Attendance).where(Attendance.session_id == course_session.id))}
    seats = session.exec(select(Enrollment).where(Enrollment.course_id == course_session.course_id,
                                                  Enrollment.status == EnrollmentStatus.enrolled)).all()
    fresh = [e for e in seats if e.user_id not in marked]
    for enrollment in fresh:
        _record(session, course_session, enrollment, AttendanceMark.present, by.id, now)
    return len(fresh)


def already_checked_in(attendance: Attendance | None) -> bool:
    """Present or late already (by code or by the trainer): a check-in changes nothing then."""
    return attendance is not None and attendance.mark.attended


def check_in(session: Session, course_session: CourseSession, person: User, code: str, secret: bytes,
             now: datetime) -> Attendance:
    """The person scanned the session's QR code: marked present when they hold a seat, the code
    is the current one of this session (``checkin_codes.check_code``) and they are not already
    marked present or late."""
    enrollment = seat(session, course_session.course_id, person.id)
    if enrollment is None:
        raise TrainingError(YOU_ARE_NOT_ENROLLED)
    problem = check_code(secret, course_session.id, code, now, course_session.starts_at, course_session.ends_at)
    if problem is not None:
        raise TrainingError(CODE_MESSAGES[problem])
    if already_checked_in(mark_of(session, course_session, person.id)):
        raise TrainingError(ALREADY_CHECKED_IN)
    return _record(session, course_session, enrollment, AttendanceMark.present, person.id, now, by_code=True)
