"""Courses ("lớp tập huấn") as their trainers run them: details and completion rule, status,
trainers, sessions and materials. Enrollment, attendance and completion live in their own
services; this one reads ``Enrollment`` to let enrolled officials download materials, moves the
waiting list up when capacity grows (``enrollment.promote``) and re-records the course's
completions when its rule or its sessions change (``completion_sync.reevaluate_course``)."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_
from sqlalchemy.orm import defer
from sqlmodel import Session, func, select

from contest.accounts.models import JobPosition, Role, Unit, User
from contest.core.db import ulower
from contest.core.i18n import N_
from contest.exams.models import Exam, ExamKind, ExamStatus
from contest.training.access import runs_course, unit_subtree
from contest.training.models import (
    Attendance,
    Course,
    CourseMaterial,
    CoursePosition,
    CourseSession,
    CourseStatus,
    CourseTrainer,
    Enrollment,
    EnrollmentStatus,
    Programme,
)
from contest.training.services import TrainingError
from contest.training.services.completion_sync import reevaluate_course
from contest.training.services.enrollment import promote


@dataclass
class CourseDraft:
    """What the course form gives: the course's details and its completion rule."""

    programme_id: int
    title: str
    unit_id: int
    description: str = ""
    position_ids: list[int] = field(default_factory=list)
    capacity: int | None = None
    enroll_opens_at: datetime | None = None
    enroll_closes_at: datetime | None = None
    self_enroll: bool = False
    practice_exam_id: int | None = None
    assessment_exam_id: int | None = None
    min_attendance: float = 0.8
    assessment_required: bool = False
    practice_required: bool = False
    #: None: the programme's validity (on creation).
    valid_months: int | None = None
    #: Completing the course earns a signed certificate (contest.certificates issues it).
    issues_certificate: bool = False


# --- Listing -------------------------------------------------------------------------------------


def courses_for(session: Session, user: User, status: CourseStatus | None = None,
                programme_id: int | None = None) -> list[Course]:
    """The courses ``user`` runs (admins: all; a trainer: those they created or train), newest
    first, optionally of one status or programme."""
    query = select(Course).order_by(Course.created_at.desc(), Course.id.desc())
    if user.role != Role.admin:
        trains = select(CourseTrainer.course_id).where(CourseTrainer.user_id == user.id)
        query = query.where(or_(Course.created_by == user.id, Course.id.in_(trains)))
    if status is not None:
        query = query.where(Course.status == status)
    if programme_id is not None:
        query = query.where(Course.programme_id == programme_id)
    return list(session.exec(query))


def session_counts(session: Session, course_ids: list[int]) -> Counter:
    """Sessions per course, in one query."""
    if not course_ids:
        return Counter()
    rows = session.exec(select(CourseSession.course_id, func.count()).where(
        CourseSession.course_id.in_(course_ids)).group_by(CourseSession.course_id))
    return Counter({course_id: count for course_id, count in rows})


def exam_choices(session: Session, user: User, kind: ExamKind, keep: int | None = None) -> list[Exam]:
    """Exams of ``kind`` a course of ``user`` may link: admins any that is not archived, a
    trainer only those they created (linking an exam makes a course's officials eligible for
    it, so a trainer may not open someone else's assessment). ``keep`` (the exam linked now)
    stays listed."""
    query = select(Exam).where(Exam.kind == kind, Exam.status != ExamStatus.archived)
    if user.role != Role.admin:
        query = query.where(Exam.created_by == user.id)
    exams = list(session.exec(query.order_by(Exam.title)))
    if keep is not None and all(exam.id != keep for exam in exams):
        kept = session.get(Exam, keep)
        exams += [kept] if kept is not None else []
    return exams


def unit_choices(session: Session, user: User) -> list[Unit]:
    """Units that may organise a course of ``user``: a trainer's unit and those below it,
    every active unit for admins."""
    query = select(Unit).where(Unit.active)
    if user.role != Role.admin:
        query = query.where(Unit.id.in_(unit_subtree(session, user.unit_id) if user.unit_id else []))
    return list(session.exec(query.order_by(Unit.name)))


def position_ids(session: Session, course: Course) -> list[int]:
    return list(session.exec(select(CoursePosition.position_id).where(CoursePosition.course_id == course.id)))


# --- Creating and editing ------------------------------------------------------------------------


def _check_draft(session: Session, user: User, draft: CourseDraft, course: Course | None = None) -> Programme:
    """Refuse what the form cannot check alone: a missing programme, unit, position or exam; an
    exam of the wrong kind (or someone else's, see ``exam_choices``); a rule needing an exam
    the course does not link; an enrollment window that closes before it opens."""
    programme = session.get(Programme, draft.programme_id)
    if programme is None:
        raise TrainingError(N_("Chương trình bồi dưỡng đã chọn không còn tồn tại."))
    if draft.unit_id not in {unit.id for unit in unit_choices(session, user)} and (
            course is None or draft.unit_id != course.unit_id):
        raise TrainingError(N_("Đơn vị tổ chức phải là đơn vị của bạn hoặc đơn vị trực thuộc."))
    if draft.position_ids:
        known = session.exec(select(func.count()).select_from(JobPosition).where(
            JobPosition.id.in_(draft.position_ids))).one()
        if known != len(set(draft.position_ids)):
            raise TrainingError(N_("Vị trí việc làm đã chọn không còn tồn tại."))
    linked = (course.practice_exam_id, course.assessment_exam_id) if course else (None, None)
    for exam_id, kind, keep, label in (
            (draft.practice_exam_id, ExamKind.practice, linked[0], N_("bài luyện tập")),
            (draft.assessment_exam_id, ExamKind.assessment, linked[1], N_("bài sát hạch cuối khóa"))):
        if exam_id is not None and exam_id not in {e.id for e in exam_choices(session, user, kind, keep)}:
            raise TrainingError(N_("Hãy chọn %(what)s trong danh sách."), what=label)
    if draft.assessment_required and draft.assessment_exam_id is None:
        raise TrainingError(N_("Điều kiện hoàn thành cần đạt bài sát hạch: hãy chọn bài sát hạch cuối khóa."))
    if draft.practice_required and draft.practice_exam_id is None:
        raise TrainingError(N_("Điều kiện hoàn thành cần làm bài luyện tập: hãy chọn bài luyện tập."))
    if draft.enroll_opens_at and draft.enroll_closes_at and draft.enroll_closes_at <= draft.enroll_opens_at:
        raise TrainingError(N_("Hạn đăng ký phải sau thời điểm mở đăng ký."))
    if not 0 <= draft.min_attendance <= 1:
        raise TrainingError(N_("Tỷ lệ chuyên cần tối thiểu phải từ 0 đến 100%."))  # no params: one %
    return programme


def _apply(session: Session, course: Course, draft: CourseDraft) -> None:
    for name in ("programme_id", "unit_id", "capacity", "enroll_opens_at", "enroll_closes_at",
                 "self_enroll", "practice_exam_id", "assessment_exam_id", "min_attendance",
                 "assessment_required", "practice_required", "valid_months", "issues_certificate"):
        setattr(course, name, getattr(draft, name))
    course.title, course.description = draft.title.strip(), (draft.description or "").strip()
    session.add(course)
    session.flush()
    wanted = set(draft.position_ids)
    for link in session.exec(select(CoursePosition).where(CoursePosition.course_id == course.id)):
        if link.position_id not in wanted:
            session.delete(link)
        wanted.discard(link.position_id)
    for position_id in sorted(wanted):
        session.add(CoursePosition(course_id=course.id, position_id=position_id))
    session.flush()


def create_course(session: Session, author: User, draft: CourseDraft, now: datetime) -> Course:
    """A draft course of ``author``; a trainer author is its first trainer. Its validity
    defaults to the programme's when the form leaves it blank."""
    programme = _check_draft(session, author, draft)
    if draft.valid_months is None:
        draft.valid_months = programme.valid_months
    course = Course(programme_id=programme.id, title=draft.title, unit_id=draft.unit_id,
                    status=CourseStatus.draft, created_by=author.id, created_at=now)
    _apply(session, course, draft)
    if author.role == Role.trainer:
        session.add(CourseTrainer(course_id=course.id, user_id=author.id))
        session.flush()
    return course


#: The fields a completion depends on: changing one re-records every seat of the course.
RULE_FIELDS = ("min_attendance", "assessment_required", "practice_required", "valid_months",
               "assessment_exam_id", "practice_exam_id")


@dataclass(frozen=True)
class CourseUpdate:
    """What saving a course did beyond its fields."""

    course: Course
    #: People moved up from the waiting list (capacity raised or lifted).
    promoted: int = 0
    #: Seats held beyond a capacity lowered below them (0 when the course is not over-full).
    over_capacity: int = 0


def update_course(session: Session, course: Course, user: User, draft: CourseDraft,
                  now: datetime) -> CourseUpdate:
    """Change a course's details and rule (an archived course is final).

    Capacity: raised (or lifted), the earliest waiting move into the new seats
    (``enrollment.promote``). Lowered below the number already seated, nobody loses a seat
    they were given (they may have planned their days around the class): the seats are kept,
    newcomers wait, and as people leave nobody moves up until the course is back under its
    capacity (``seats.promotions``). ``over_capacity`` tells the trainer how many seats are
    beyond it.

    Completion: a changed rule or linked exam re-records every seat's completion
    (``completion_sync.reevaluate_course``); people moved up get theirs recorded by ``promote``."""
    if course.status == CourseStatus.archived:
        raise TrainingError(N_("Lớp đã lưu trữ, không thể sửa."))
    _check_draft(session, user, draft, course)
    before = {name: getattr(course, name) for name in RULE_FIELDS}
    _apply(session, course, draft)
    promoted = promote(session, course, now)
    if any(getattr(course, name) != value for name, value in before.items()):
        reevaluate_course(session, course)
    seated = session.exec(select(func.count()).select_from(Enrollment).where(
        Enrollment.course_id == course.id, Enrollment.status == EnrollmentStatus.enrolled)).one()
    over = max(0, seated - course.capacity) if course.capacity is not None else 0
    return CourseUpdate(course, len(promoted), over)


def publish_course(session: Session, course: Course) -> Course:
    """Publish (see ``Course.publish``: at least one session)."""
    count = session.exec(select(func.count()).select_from(CourseSession).where(
        CourseSession.course_id == course.id)).one()
    course.publish(count)
    session.add(course)
    session.flush()
    return course


def archive_course(session: Session, course: Course) -> Course:
    course.archive()
    session.add(course)
    session.flush()
    return course


# --- Trainers ------------------------------------------------------------------------------------


def trainers_of(session: Session, course: Course) -> list[User]:
    return list(session.exec(select(User).join(CourseTrainer, CourseTrainer.user_id == User.id)
                             .where(CourseTrainer.course_id == course.id).order_by(User.full_name)))


def add_trainer(session: Session, course: Course, who: str) -> User:
    """Name an active trainer (found by email, or by full name when only one trainer has it)
    as a trainer of ``course``; naming one twice changes nothing."""
    text = " ".join((who or "").split())
    if not text:
        raise TrainingError(N_("Hãy nhập email hoặc họ tên của giảng viên."))
    trainers = select(User).where(User.role == Role.trainer, User.active)
    found = list(session.exec(trainers.where(ulower(User.email) == text.lower())))
    if not found:
        found = list(session.exec(trainers.where(ulower(User.full_name) == text.lower()).limit(2)))
    if not found:
        raise TrainingError(N_("Không tìm thấy giảng viên «%(who)s» (tài khoản giảng viên đang hoạt động)."),
                            who=text[:120])
    if len(found) > 1:
        raise TrainingError(N_("Có nhiều giảng viên tên «%(who)s»; hãy nhập email."), who=text[:120])
    trainer = found[0]
    if session.get(CourseTrainer, (course.id, trainer.id)) is None:
        session.add(CourseTrainer(course_id=course.id, user_id=trainer.id))
        session.flush()
    return trainer


def remove_trainer(session: Session, course: Course, user_id: int) -> User:
    """Remove a trainer from ``course``; the last one stays (a class always has a trainer)."""
    link = session.get(CourseTrainer, (course.id, user_id))
    if link is None:
        raise TrainingError(N_("Người này không phải giảng viên của lớp."))
    count = session.exec(select(func.count()).select_from(CourseTrainer).where(
        CourseTrainer.course_id == course.id)).one()
    if count <= 1:
        raise TrainingError(N_("Lớp cần ít nhất một giảng viên; hãy thêm giảng viên khác trước."))
    session.delete(link)
    session.flush()
    return session.get(User, user_id)


# --- Sessions ------------------------------------------------------------------------------------


def sessions_of(session: Session, course: Course) -> list[CourseSession]:
    return list(session.exec(select(CourseSession).where(CourseSession.course_id == course.id)
                             .order_by(CourseSession.starts_at, CourseSession.id)))


def _check_session(session: Session, course: Course, starts_at: datetime, ends_at: datetime,
                   place: str, online_url: str, keep: CourseSession | None = None) -> None:
    """A session ends after it starts, has a place or an online link, and overlaps no other
    session of the same course (back to back is fine)."""
    if course.status == CourseStatus.archived:
        raise TrainingError(N_("Lớp đã lưu trữ, không thể sửa buổi học."))
    if ends_at <= starts_at:
        raise TrainingError(N_("Giờ kết thúc phải sau giờ bắt đầu."))
    if not (place or "").strip() and not (online_url or "").strip():
        raise TrainingError(N_("Hãy nhập địa điểm hoặc đường dẫn học trực tuyến."))
    if online_url and not re.match(r"https?://", online_url.strip()):
        raise TrainingError(N_("Đường dẫn phải bắt đầu bằng http:// hoặc https://."))
    query = select(CourseSession).where(CourseSession.course_id == course.id,
                                        CourseSession.starts_at < ends_at, CourseSession.ends_at > starts_at)
    if keep is not None:
        query = query.where(CourseSession.id != keep.id)
    if session.exec(query).first() is not None:
        raise TrainingError(N_("Buổi học trùng giờ với một buổi khác của lớp."))


def add_session(session: Session, course: Course, starts_at: datetime, ends_at: datetime,
                place: str = "", online_url: str = "") -> CourseSession:
    """A new session (times in naive UTC), see ``_check_session``. One more planned session
    changes everyone's attendance share: the course's completions are re-recorded."""
    _check_session(session, course, starts_at, ends_at, place, online_url)
    item = CourseSession(course_id=course.id, starts_at=starts_at, ends_at=ends_at,
                         place=(place or "").strip(), online_url=(online_url or "").strip())
    session.add(item)
    session.flush()
    reevaluate_course(session, course)
    return item


def _has_attendance(session: Session, item: CourseSession) -> bool:
    return session.exec(select(Attendance.id).where(Attendance.session_id == item.id)).first() is not None


def update_session(session: Session, course: Course, item: CourseSession, starts_at: datetime,
                   ends_at: datetime, place: str, online_url: str, now: datetime) -> CourseSession:
    """Change a session's times or place (see ``_check_session``). A session with attendance
    cannot move to a time that has not started yet (attendance is only taken for a session
    that has started, so its marks would describe a meeting still to come). Moving a session
    changes the day its attendance counts from: the course's completions are re-recorded."""
    _check_session(session, course, starts_at, ends_at, place, online_url, keep=item)
    if now < starts_at and _has_attendance(session, item):
        raise TrainingError(N_("Buổi học đã có điểm danh, không thể dời sang thời điểm chưa bắt đầu."))
    moved = (item.starts_at, item.ends_at) != (starts_at, ends_at)
    item.starts_at, item.ends_at = starts_at, ends_at
    item.place, item.online_url = (place or "").strip(), (online_url or "").strip()
    session.add(item)
    session.flush()
    if moved:
        reevaluate_course(session, course)
    return item


def delete_session(session: Session, course: Course, item: CourseSession) -> None:
    """Delete a session with no attendance taken (marks are records: correct them instead); a
    published course keeps at least one session. One planned session fewer changes everyone's
    attendance share: the course's completions are re-recorded."""
    if _has_attendance(session, item):
        raise TrainingError(N_("Buổi học đã có điểm danh, không thể xóa."))
    if course.status == CourseStatus.published and len(sessions_of(session, course)) <= 1:
        raise TrainingError(N_("Lớp đã công bố cần ít nhất một buổi học."))
    session.delete(item)
    session.flush()
    reevaluate_course(session, course)


# --- Materials -----------------------------------------------------------------------------------

_ZIP = (b"PK\x03\x04",)
#: extension -> (MIME type, the bytes such a file starts with): the type is read from the bytes
#: too, so a renamed file is refused.
MATERIAL_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
TYPES_TEXT = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG, JPG"


def materials_of(session: Session, course: Course) -> list[CourseMaterial]:
    """The course's materials, without their bytes (only the download reads them)."""
    return list(session.exec(select(CourseMaterial).options(defer(CourseMaterial.data)).where(CourseMaterial.course_id == course.id)
                             .order_by(CourseMaterial.created_at, CourseMaterial.id)))


def _clean_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/"))
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]+", "", name).strip() or "tai-lieu"
    stem, dot, ext = name.rpartition(".")
    return (stem[:190] + dot + ext[:9]) if dot else name[:200]


def add_material_file(session: Session, course: Course, title: str, filename: str, data: bytes,
                      max_bytes: int, now: datetime) -> CourseMaterial:
    """Keep an uploaded file of ``course``: at most ``max_bytes``, one of ``MATERIAL_TYPES`` by
    its name and its first bytes."""
    if len(data) > max_bytes:
        raise TrainingError(N_("Tệp quá lớn (tối đa %(mb)s MB)."), mb=f"{max_bytes / 1048576:g}")
    name = _clean_name(filename)
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    kind = MATERIAL_TYPES.get(ext)
    if not data or kind is None or not data.startswith(kind[1]):
        raise TrainingError(N_("Chỉ nhận tệp %(types)s."), types=TYPES_TEXT)
    material = CourseMaterial(course_id=course.id, title=(title or "").strip() or name, filename=name,
                              content_type=kind[0], size=len(data), data=data, created_at=now)
    session.add(material)
    session.flush()
    return material


def add_material_link(session: Session, course: Course, title: str, url: str, now: datetime) -> CourseMaterial:
    """A link (http or https only: nothing a browser would run)."""
    url = (url or "").strip()
    if not re.match(r"https?://[^\s]+$", url):
        raise TrainingError(N_("Đường dẫn phải bắt đầu bằng http:// hoặc https://."))
    material = CourseMaterial(course_id=course.id, title=(title or "").strip() or url[:200], url=url,
                              created_at=now)
    session.add(material)
    session.flush()
    return material


def delete_material(session: Session, material: CourseMaterial) -> None:
    session.delete(material)
    session.flush()


def may_download(session: Session, material: CourseMaterial, user: User) -> bool:
    """The course's runners, and officials enrolled in it (a seat, not the waiting list)."""
    course = session.get(Course, material.course_id)
    if course is None:
        return False
    if runs_course(session, course, user):
        return True
    return session.exec(select(Enrollment.id).where(
        Enrollment.course_id == course.id, Enrollment.user_id == user.id,
        Enrollment.status == EnrollmentStatus.enrolled)).first() is not None
