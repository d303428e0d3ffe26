"""Training: programmes and their courses (classes), sessions, materials, enrollments,
attendance and its change log, and the programmes a job position requires.

A *programme* ("chương trình bồi dưỡng", e.g. "An toàn thông tin cơ bản") is what a job position
requires; a *course* ("lớp tập huấn") is one class of a programme, run by trainers on given
days. An official who completes any course of a programme has completed the programme, so a
province can run the same programme fifteen times and count every class toward coverage.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from contest.core.columns import enum_column
from contest.core.db import timestamp
from contest.core.i18n import N_
from contest.training.completion import CompletionRule
from contest.training.services import TrainingError


class Programme(SQLModel, table=True):
    """"Chương trình bồi dưỡng": the content a job position may require."""

    __table_args__ = (CheckConstraint("valid_months IS NULL OR valid_months > 0", name="valid_months_positive"),)
    id: int | None = Field(default=None, primary_key=True)
    #: Short code shown in reports and exports ("ATTT-CB").
    code: str = Field(max_length=20, unique=True)
    title: str = Field(max_length=200)
    field_id: int | None = Field(default=None, foreign_key="field.id")
    #: A completion expires this many months after its date (None: never); courses inherit it.
    valid_months: int | None = None
    active: bool = True


class CourseStatus(enum.StrEnum):
    """draft (being prepared, invisible to officials) -> published -> archived."""

    draft = "draft"
    published = "published"
    archived = "archived"


class EnrollmentWindow(enum.StrEnum):
    """Where a course stands for enrolling, as of a moment (``Course.window(now)``)."""

    not_yet = "not_yet"
    open = "open"
    closed = "closed"


WINDOW_LABELS = {EnrollmentWindow.not_yet: N_("Chưa mở đăng ký"), EnrollmentWindow.open: N_("Đang nhận đăng ký"),
                 EnrollmentWindow.closed: N_("Đã hết hạn đăng ký")}


class Course(SQLModel, table=True):
    """"Lớp tập huấn": one class of a programme, with its completion rule."""

    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("min_attendance >= 0 AND min_attendance <= 1", name="min_attendance_share"),
        CheckConstraint("valid_months IS NULL OR valid_months > 0", name="valid_months_positive"),
        CheckConstraint("enroll_closes_at IS NULL OR enroll_opens_at IS NULL OR enroll_closes_at > enroll_opens_at",
                        name="enroll_window"),
    )
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=5000)
    #: The unit that organises the class; its trainers and managers run it.
    unit_id: int = Field(foreign_key="unit.id", index=True)
    status: CourseStatus = Field(sa_column=enum_column(CourseStatus, "course_status", nullable=False))
    #: Seats; None means no limit. Enrollments past it go to the waiting list.
    capacity: int | None = None
    enroll_opens_at: datetime | None = timestamp(nullable=True)
    enroll_closes_at: datetime | None = timestamp(nullable=True)
    #: Officials may enroll themselves (an "open" course); otherwise only trainers enroll.
    self_enroll: bool = False
    practice_exam_id: int | None = Field(default=None, foreign_key="exam.id")
    #: The final assessment: an official enrolled in the course is eligible for it.
    assessment_exam_id: int | None = Field(default=None, foreign_key="exam.id", index=True)
    #: The completion rule (see ``completion.evaluate``).
    min_attendance: float = 0.8
    assessment_required: bool = False
    practice_required: bool = False
    valid_months: int | None = None
    #: Completing the course earns a certificate ("giấy chứng nhận"), issued automatically.
    issues_certificate: bool = False
    created_by: int = Field(foreign_key="app_user.id")
    created_at: datetime = timestamp()

    def rule(self) -> CompletionRule:
        return CompletionRule(self.min_attendance, self.assessment_required, self.practice_required,
                              self.valid_months)

    def window(self, now: datetime) -> EnrollmentWindow:
        """A published course takes enrollments between its dates (either may be absent); a
        draft's has not opened, an archived course's is closed."""
        if self.status == CourseStatus.draft or (self.enroll_opens_at and now < self.enroll_opens_at):
            return EnrollmentWindow.not_yet
        if self.status == CourseStatus.archived or (self.enroll_closes_at and now >= self.enroll_closes_at):
            return EnrollmentWindow.closed
        return EnrollmentWindow.open

    def publish(self, sessions: int) -> None:
        """A draft becomes published (officials see it, enrollment may open) only with at least
        one session planned: people enroll in a class whose days they can see. Publishing a
        published course changes nothing; an archived course stays archived."""
        if self.status == CourseStatus.archived:
            raise TrainingError(N_("Lớp đã lưu trữ, không thể công bố lại."))
        if sessions < 1:
            raise TrainingError(N_("Hãy thêm ít nhất một buổi học trước khi công bố lớp."))
        self.status = CourseStatus.published

    def archive(self) -> None:
        """Any course may be archived (the class is over or cancelled); it then takes no
        enrollment and cannot be published again. Its records stay."""
        self.status = CourseStatus.archived

class CourseTrainer(SQLModel, table=True):
    __tablename__ = "course_trainer"
    course_id: int = Field(foreign_key="course.id", primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", primary_key=True, index=True)


class CoursePosition(SQLModel, table=True):
    """A job position the course is meant for (used by enrollment by rule and listings)."""

    __tablename__ = "course_position"
    course_id: int = Field(foreign_key="course.id", primary_key=True)
    position_id: int = Field(foreign_key="job_position.id", primary_key=True)


class CourseSession(SQLModel, table=True):
    """"Buổi học": one meeting of a course, in a place or online."""

    __tablename__ = "course_session"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="session_window"),)
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    starts_at: datetime = timestamp()
    ends_at: datetime = timestamp()
    place: str = Field(default="", max_length=200)
    online_url: str = Field(default="", max_length=500)

    def has_started(self, now: datetime) -> bool:
        return now >= self.starts_at


class CourseMaterial(SQLModel, table=True):
    """A file (stored in the database, within the upload limit) or a link for the class."""

    __tablename__ = "course_material"
    __table_args__ = (CheckConstraint("(data IS NULL) <> (url IS NULL)", name="file_or_link"),)
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    title: str = Field(max_length=200)
    url: str | None = Field(default=None, max_length=500)
    filename: str | None = Field(default=None, max_length=200)
    content_type: str | None = Field(default=None, max_length=100)
    size: int | None = None
    data: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime = timestamp()


class EnrollmentStatus(enum.StrEnum):
    """enrolled (has a seat) or waitlisted (no seat yet: the earliest moves up when one frees),
    withdrawn (kept for the record)."""

    enrolled = "enrolled"
    waitlisted = "waitlisted"
    withdrawn = "withdrawn"


class EnrollmentSource(enum.StrEnum):
    hand = "hand"
    rule = "rule"
    file = "file"
    self = "self"


class Enrollment(SQLModel, table=True):
    """An official in a course, with the completion the rule last gave (re-evaluated whenever
    attendance or results change)."""

    __table_args__ = (
        UniqueConstraint("course_id", "user_id", name="one_per_course"),
        Index("ix_enrollment_user_status", "user_id", "status"),
        CheckConstraint("attendance_share >= 0 AND attendance_share <= 1", name="attendance_share"),
        CheckConstraint("expires_on IS NULL OR completed_on IS NOT NULL", name="expiry_needs_completion"),
    )
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    user_id: int = Field(foreign_key="app_user.id")
    status: EnrollmentStatus = Field(sa_column=enum_column(EnrollmentStatus, "enrollment_status", nullable=False))
    source: EnrollmentSource = Field(sa_column=enum_column(EnrollmentSource, "enrollment_source", nullable=False))
    enrolled_at: datetime = timestamp()
    enrolled_by: int | None = Field(default=None, foreign_key="app_user.id")
    attendance_share: float = 0.0
    completed_on: date | None = None
    expires_on: date | None = None


class AttendanceMark(enum.StrEnum):
    present = "present"
    late = "late"
    excused = "excused"
    absent = "absent"

    @property
    def attended(self) -> bool:
        """Present or late counts as attendance; an excused absence does not."""
        return self in (AttendanceMark.present, AttendanceMark.late)


MARK_LABELS = {AttendanceMark.present: N_("Có mặt"), AttendanceMark.late: N_("Đi muộn"),
               AttendanceMark.excused: N_("Vắng có phép"), AttendanceMark.absent: N_("Vắng")}


class Attendance(SQLModel, table=True):
    """One official's mark for one session (one row at most: a check-in twice changes nothing)."""

    __table_args__ = (UniqueConstraint("session_id", "user_id", name="one_per_session"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", index=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    mark: AttendanceMark = Field(sa_column=enum_column(AttendanceMark, "attendance_mark", nullable=False))
    #: True when the official checked in with the session's QR code.
    by_code: bool = False
    marked_by: int | None = Field(default=None, foreign_key="app_user.id")
    marked_at: datetime = timestamp()


class AttendanceChange(SQLModel, table=True):
    """The log of every attendance mark given or changed: who, when, from what to what."""

    __tablename__ = "attendance_change"
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", index=True)
    user_id: int = Field(foreign_key="app_user.id")
    old_mark: AttendanceMark | None = Field(
        default=None, sa_column=enum_column(AttendanceMark, "old_attendance_mark", nullable=True))
    new_mark: AttendanceMark = Field(sa_column=enum_column(AttendanceMark, "new_attendance_mark", nullable=False))
    changed_by: int | None = Field(default=None, foreign_key="app_user.id")
    changed_at: datetime = timestamp()


class PositionRequirement(SQLModel, table=True):
    """"Khung năng lực": a job position requires a programme."""

    __tablename__ = "position_requirement"
    position_id: int = Field(foreign_key="job_position.id", primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", primary_key=True, index=True)
