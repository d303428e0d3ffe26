"""Enrollment: who is in a course, who waits for a seat, who left.

Rules (every function below applies them; views only call them):

* Only an active official ("cán bộ, công chức") can be enrolled; one row per person and course
  (the ``one_per_course`` constraint): enrolling someone already enrolled or waiting is refused,
  also when a concurrent request enrolled them first; someone who withdrew may be enrolled
  again (the same row, back in arrival order as of now).
* Seats: while fewer than ``capacity`` hold a seat, a newcomer is ``enrolled``; past it they are
  ``waitlisted`` in arrival order. When a seat frees (a withdrawal, capacity raised: call
  ``promote``) the earliest waiting move up (``seats.promotions``). The course row is locked
  while seats are counted, so two requests cannot both take the last seat (PostgreSQL).
* When: an official enrolls *themselves* only in a published course with ``self_enroll``
  inside its enrollment window (``Course.window``), and only when the course targets their job
  position (or targets none). The course's runners enroll people at any time, whatever the
  window says (they organise the class, often after the window closed), until the course's
  last session has ended; a course without sessions until it is archived. Enrolling into an
  archived course is always refused.
* Withdrawal: a runner withdraws anyone at any time (the row stays, ``withdrawn``); an official
  withdraws themselves only from a self-enrollment course before its first session starts.
* Completion: every row placed, moved up or withdrawn gets its completion recorded at once
  (``completion_sync.record_completion``): someone re-enrolled, or joining an assessment-only
  course after passing its assessment, has the verdict of the facts as they are now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.accounts.services import find_by_login, normalize_email, normalize_phone
from contest.admin.official_sheet import RowProblem
from contest.core.i18n import N_
from contest.training import seats
from contest.training.access import unit_subtree
from contest.training.completion import Standing, standing
from contest.training.enrollment_sheet import ListRow
from contest.training.models import (
    Course,
    CourseMaterial,
    CoursePosition,
    CourseSession,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    EnrollmentWindow,
)
from contest.training.services import TrainingError
from contest.training.services.completion_sync import local_day, record_completion
from contest.training.signals import enrolled

#: Statuses that hold a place in the course (a seat or a place in the queue).
IN_COURSE = (EnrollmentStatus.enrolled, EnrollmentStatus.waitlisted)

DUPLICATE = N_("%(name)s đã có trong lớp này.")
STATUS_LABELS = {EnrollmentStatus.enrolled: N_("Đã ghi danh"), EnrollmentStatus.waitlisted: N_("Danh sách chờ"),
                 EnrollmentStatus.withdrawn: N_("Đã rút")}
SOURCE_LABELS = {EnrollmentSource.hand: N_("Thêm từng người"), EnrollmentSource.rule: N_("Theo đơn vị"),
                 EnrollmentSource.file: N_("Từ tệp Excel"), EnrollmentSource.self: N_("Tự đăng ký")}


@dataclass(frozen=True)
class Placed:
    """What an enrollment of several people did."""

    enrolled: int = 0
    waitlisted: int = 0


# --- enrolling -------------------------------------------------------------------------------


def enroll(session: Session, course: Course, user: User, source: EnrollmentSource, by: User | None,
           now: datetime) -> Enrollment:
    """Enroll one person (see the module's rules): ``source`` self is the official enrolling
    themselves (``by`` is then themselves), any other source a runner's act. Returns the row,
    ``enrolled`` or ``waitlisted``; refuses with ``TrainingError``."""
    problem = person_problem(user)
    if problem:
        raise TrainingError(problem, name=user.full_name)
    if source == EnrollmentSource.self:
        _check_self_enroll(session, course, user, now)
    else:
        check_runner_may_enroll(session, course, now)
    existing = _rows(session, course, [user.id]).get(user.id)
    if existing is not None and existing.status in IN_COURSE:
        raise TrainingError(DUPLICATE, name=user.full_name)
    return _place(session, course, [(user, existing)], source, by, now)[0]


def enroll_by_login(session: Session, course: Course, login: str, by: User, now: datetime) -> Enrollment:
    """A runner enrolls one official named by their sign-in email or phone (exactly)."""
    user = find_by_login(session, login)
    if user is None:
        raise TrainingError(N_("Không tìm thấy tài khoản có email hoặc số điện thoại «%(login)s»."),
                            login=login.strip())
    return enroll(session, course, user, EnrollmentSource.hand, by, now)


def rule_units(session: Session, course: Course) -> list[Unit]:
    """The units a rule may name: the course's organising unit and every unit below it, active."""
    ids = unit_subtree(session, course.unit_id)
    return list(session.exec(select(Unit).where(Unit.id.in_(ids), Unit.active)))


def rule_matches(session: Session, course: Course, unit_id: int, position_ids: Sequence[int] = (),
                 field_ids: Sequence[int] = ()) -> tuple[list[User], int]:
    """Enrollment by rule, previewed: (the active officials of ``unit_id`` and its sub-units, of
    the given positions and fields when any are given, who are not in the course yet; how many
    matching officials are already in it). The unit must lie in the course's unit subtree."""
    if unit_id not in unit_subtree(session, course.unit_id):
        raise TrainingError(N_("Đơn vị đã chọn không thuộc phạm vi của lớp."))
    query = select(User).where(User.unit_id.in_(unit_subtree(session, unit_id)), User.active,
                               User.role == Role.official)
    if position_ids:
        query = query.where(User.job_position_id.in_(list(position_ids)))
    if field_ids:
        query = query.where(User.field_id.in_(list(field_ids)))
    found = list(session.exec(query.order_by(User.full_name, User.id)))
    rows = _rows(session, course, [u.id for u in found])
    inside = {uid for uid, row in rows.items() if row.status in IN_COURSE}
    return [u for u in found if u.id not in inside], len(inside)


def enroll_by_rule(session: Session, course: Course, unit_id: int, position_ids: Sequence[int],
                   field_ids: Sequence[int], by: User, now: datetime) -> Placed:
    """Enroll everyone ``rule_matches`` finds (those already in the course are left as they are),
    in name order: past capacity, the rest wait."""
    check_runner_may_enroll(session, course, now)
    users, _inside = rule_matches(session, course, unit_id, position_ids, field_ids)
    return _place_many(session, course, users, EnrollmentSource.rule, by, now)


@dataclass
class FilePlan:
    """The officials of an enrollment list, in file order, or the problems of its rows."""

    users: list[User] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def plan_file(session: Session, course: Course, rows: Sequence[ListRow]) -> FilePlan:
    """Check every row of an enrollment list: a contact (email or phone) that names an account,
    the account an active official's, not named by an earlier row, not already in the course.
    Email and phone on one row must name the same person."""
    emails = {normalize_email(r.email) for r in rows} - {None}
    phones = {normalize_phone(r.phone) for r in rows} - {None}
    by_email, by_phone = _accounts(session, emails, phones)
    rows_in = _rows(session, course, [u.id for u in (*by_email.values(), *by_phone.values())])
    plan, seen = FilePlan(), {}

    def refuse(row: ListRow, message: str, **params) -> None:
        plan.problems.append(RowProblem(row.row, message, params))

    for row in rows:
        email, phone = normalize_email(row.email), normalize_phone(row.phone)
        if not email and not phone:
            refuse(row, N_("Cần email hoặc số điện thoại."))
            continue
        unknown = (row.email if email and email not in by_email else
                   row.phone if phone and phone not in by_phone else None)
        if unknown:
            refuse(row, N_("Không tìm thấy tài khoản có email hoặc số điện thoại «%(login)s»."), login=unknown)
            continue
        found = {u.id: u for u in (by_email.get(email or ""), by_phone.get(phone or "")) if u is not None}
        if len(found) > 1:
            refuse(row, N_("Email và số điện thoại trên dòng này là của hai người khác nhau."))
            continue
        user = next(iter(found.values()))
        problem = person_problem(user)
        existing = rows_in.get(user.id)
        if problem:
            refuse(row, problem, name=user.full_name)
        elif user.id in seen:
            refuse(row, N_("%(name)s trùng với dòng %(other)s trong tệp."), name=user.full_name,
                   other=seen[user.id])
        elif existing is not None and existing.status in IN_COURSE:
            refuse(row, DUPLICATE, name=user.full_name)
        else:
            seen[user.id] = row.row
            plan.users.append(user)
    return plan


def enroll_file(session: Session, course: Course, plan: FilePlan, by: User, now: datetime) -> Placed:
    """Enroll a checked list, all or nothing: a plan with problems enrolls nobody (refused);
    past capacity, the later lines of the file wait."""
    if plan.problems:
        raise TrainingError(N_("Tệp có dòng lỗi; chưa ai được ghi danh."))
    check_runner_may_enroll(session, course, now)
    return _place_many(session, course, plan.users, EnrollmentSource.file, by, now)


def person_problem(user: User) -> str | None:
    """Why this account cannot be enrolled (an ``N_`` text with ``%(name)s``), or None."""
    if user.role != Role.official:
        return N_("%(name)s không phải là tài khoản cán bộ, công chức.")
    if not user.active:
        return N_("Tài khoản của %(name)s đã bị khóa.")
    return None


def check_runner_may_enroll(session: Session, course: Course, now: datetime) -> None:
    """Runners enroll until the last session has ended (no sessions: until archived)."""
    if course.status == CourseStatus.archived:
        raise TrainingError(N_("Lớp đã lưu trữ, không ghi danh thêm."))
    last_end = session.exec(select(func.max(CourseSession.ends_at))
                            .where(CourseSession.course_id == course.id)).one()
    if last_end is not None and now >= last_end:
        raise TrainingError(N_("Lớp đã kết thúc (buổi học cuối đã xong), không ghi danh thêm."))


def targets_position(session: Session, course: Course, user: User) -> bool:
    """A course that names job positions is for officials of those positions; one that names
    none is for everyone."""
    targeted = set(session.exec(select(CoursePosition.position_id).where(CoursePosition.course_id == course.id)))
    return not targeted or user.job_position_id in targeted


def _check_self_enroll(session: Session, course: Course, user: User, now: datetime) -> None:
    if not course.self_enroll or course.status != CourseStatus.published:
        raise TrainingError(N_("Lớp này không nhận tự đăng ký; hãy liên hệ giảng viên của lớp."))
    window = course.window(now)
    if window == EnrollmentWindow.not_yet:
        raise TrainingError(N_("Lớp chưa mở đăng ký."))
    if window == EnrollmentWindow.closed:
        raise TrainingError(N_("Đã hết hạn đăng ký lớp này."))
    if not targets_position(session, course, user):
        raise TrainingError(N_("Lớp này dành cho vị trí việc làm khác với vị trí của bạn."))


def _place_many(session: Session, course: Course, users: Sequence[User], source: EnrollmentSource,
                by: User | None, now: datetime) -> Placed:
    rows = _rows(session, course, [u.id for u in users])
    placed = _place(session, course, [(u, rows.get(u.id)) for u in users], source, by, now)
    enrolled = sum(1 for e in placed if e.status == EnrollmentStatus.enrolled)
    return Placed(enrolled, len(placed) - enrolled)


def _place(session: Session, course: Course, people: Iterable[tuple[User, Enrollment | None]],
           source: EnrollmentSource, by: User | None, now: datetime) -> list[Enrollment]:
    """Give each person a seat while there are some, else a place in the queue; a withdrawn row
    is reused. Each row's completion is recorded for its new status (a seat: the facts' verdict,
    a place in the queue: none). A concurrent enrollment of the same person surfaces at the flush
    (the unique constraint) and is refused like any duplicate: the request rolls back, nothing is
    half-written."""
    _lock(session, course)
    taken = _seated(session, course)
    placed, names = [], []
    for user, row in people:
        status = EnrollmentStatus.enrolled if seats.has_seat(course.capacity, taken) else EnrollmentStatus.waitlisted
        taken += status == EnrollmentStatus.enrolled
        if row is None:
            row = Enrollment(course_id=course.id, user_id=user.id)
        row.status, row.source, row.enrolled_at = status, source, now
        row.enrolled_by = by.id if by is not None else None
        session.add(row)
        placed.append(row)
        names.append(user.full_name)
    try:
        session.flush()
    except IntegrityError as err:  # only one_per_course can fail here: a concurrent enrollment
        raise TrainingError(DUPLICATE, name=", ".join(names[:3]) + ("…" if len(names) > 3 else "")) from err
    for row in placed:
        record_completion(session, row, course)
    for row in placed:
        enrolled.send(row, session=session, enrollment=row)
    return placed


# --- seats freed -------------------------------------------------------------------------------


def promote(session: Session, course: Course, now: datetime) -> list[Enrollment]:
    """Move the earliest waiting into the free seats (``seats.promotions``). Call after anything
    that frees seats: a withdrawal (done here) and a raised capacity (``courses.update_course``).
    Whoever moves up gets their completion recorded (a seat is what the rule is evaluated for)."""
    _lock(session, course)
    waiting = list(session.exec(
        select(Enrollment).where(Enrollment.course_id == course.id,
                                 Enrollment.status == EnrollmentStatus.waitlisted)
        .order_by(Enrollment.enrolled_at, Enrollment.id)))
    moved = seats.promotions(course.capacity, _seated(session, course), waiting)
    for row in moved:
        row.status = EnrollmentStatus.enrolled
        session.add(row)
    session.flush()
    for row in moved:
        record_completion(session, row, course)
        enrolled.send(row, session=session, enrollment=row)
    return moved


def withdraw(session: Session, course: Course, enrollment_id: int, by: User, now: datetime) -> Enrollment:
    """A runner withdraws someone (enrolled or waiting); the earliest waiting take the seat."""
    row = session.get(Enrollment, enrollment_id)
    if row is None or row.course_id != course.id or row.status not in IN_COURSE:
        raise TrainingError(N_("Người này không còn trong lớp."))
    return _withdraw(session, course, row, now)


def leave(session: Session, course: Course, user: User, now: datetime) -> Enrollment:
    """An official withdraws themselves: only from a self-enrollment course, before its first
    session starts (after that the trainer decides)."""
    row = _rows(session, course, [user.id]).get(user.id)
    if row is None or row.status not in IN_COURSE:
        raise TrainingError(N_("Bạn không có trong lớp này."))
    if not course.self_enroll:
        raise TrainingError(N_("Lớp này do giảng viên ghi danh; hãy liên hệ giảng viên để rút tên."))
    first = session.exec(select(func.min(CourseSession.starts_at))
                         .where(CourseSession.course_id == course.id)).one()
    if first is not None and now >= first:
        raise TrainingError(N_("Lớp đã bắt đầu; hãy liên hệ giảng viên để rút tên."))
    return _withdraw(session, course, row, now)


def _withdraw(session: Session, course: Course, row: Enrollment, now: datetime) -> Enrollment:
    row.status = EnrollmentStatus.withdrawn
    session.add(row)
    session.flush()
    record_completion(session, row, course)
    promote(session, course, now)
    return row


def _lock(session: Session, course: Course) -> None:
    """Hold the course row until the request commits, so seats are counted one request at a time."""
    session.exec(select(Course.id).where(Course.id == course.id).with_for_update())


def _seated(session: Session, course: Course) -> int:
    return session.exec(select(func.count()).select_from(Enrollment).where(
        Enrollment.course_id == course.id, Enrollment.status == EnrollmentStatus.enrolled)).one()


def _rows(session: Session, course: Course, user_ids: Sequence[int]) -> dict[int, Enrollment]:
    """The course's rows of these people (any status), by user id, read in chunks."""
    found: dict[int, Enrollment] = {}
    ids = sorted(set(user_ids))
    for start in range(0, len(ids), 500):
        query = select(Enrollment).where(Enrollment.course_id == course.id,
                                         Enrollment.user_id.in_(ids[start:start + 500]))
        found.update((row.user_id, row) for row in session.exec(query))
    return found


def _accounts(session: Session, emails: set[str], phones: set[str]) -> tuple[dict[str, User], dict[str, User]]:
    by_email: dict[str, User] = {}
    by_phone: dict[str, User] = {}
    for values, column, into, key in ((sorted(emails), User.email, by_email, "email"),
                                      (sorted(phones), User.phone, by_phone, "phone")):
        for start in range(0, len(values), 500):
            for user in session.exec(select(User).where(column.in_(values[start:start + 500]))):
                into[getattr(user, key)] = user
    return by_email, by_phone


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    enrollment: Enrollment
    user: User
    unit: str
    position: str
    #: 1 for the first in the queue, ... (None unless waitlisted).
    waiting: int | None = None


def roster(session: Session, course: Course) -> dict[EnrollmentStatus, list[RosterRow]]:
    """The course's people by status: seated by name, waiting in queue order, withdrawn by name.
    One query, whatever the size."""
    query = (select(Enrollment, User, Unit.name, JobPosition.name)
             .join(User, User.id == Enrollment.user_id)
             .outerjoin(Unit, Unit.id == User.unit_id)
             .outerjoin(JobPosition, JobPosition.id == User.job_position_id)
             .where(Enrollment.course_id == course.id)
             .order_by(Enrollment.enrolled_at, Enrollment.id))
    groups: dict[EnrollmentStatus, list[RosterRow]] = {status: [] for status in EnrollmentStatus}
    for row, user, unit, position in session.exec(query):
        waiting = len(groups[row.status]) + 1 if row.status == EnrollmentStatus.waitlisted else None
        groups[row.status].append(RosterRow(row, user, unit or "", position or "", waiting))
    for status in (EnrollmentStatus.enrolled, EnrollmentStatus.withdrawn):
        groups[status].sort(key=lambda r: (r.user.full_name.casefold(), r.user.id))
    return groups


def catalog(session: Session) -> tuple[list[JobPosition], list[Field]]:
    """The active positions and fields a rule may name, by name."""
    return (list(session.exec(select(JobPosition).where(JobPosition.active).order_by(JobPosition.name))),
            list(session.exec(select(Field).where(Field.active).order_by(Field.name))))


@dataclass(frozen=True)
class Reminder:
    """A completion that expires soon (or has expired), and no later one of its programme."""

    course: Course
    expires_on: date
    standing: Standing


@dataclass
class MyTraining:
    """What an official sees of their training ("Lớp của tôi", and the home page's summary)."""

    #: (course, enrollment) of the courses they are in (enrolled or waiting), newest first.
    classes: list[tuple[Course, Enrollment]] = field(default_factory=list)
    #: (session, course) not yet ended, of the courses they hold a seat in, soonest first.
    upcoming: list[tuple[CourseSession, Course]] = field(default_factory=list)
    #: course id -> its materials (without their bytes).
    materials: dict[int, list[CourseMaterial]] = field(default_factory=dict)
    #: Courses open to them for self-enrollment now.
    open_courses: list[Course] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)


def my_training(session: Session, user: User, now: datetime) -> MyTraining:
    """An official's classes (drafts hidden), upcoming sessions and materials of the classes
    they hold a seat in, courses they may join now (``open_courses``), and reminders of
    completions expiring within ``completion.REMINDER_DAYS`` (or expired), one per programme:
    the latest completion of a programme is the one that counts."""
    mine = list(session.exec(
        select(Course, Enrollment).join(Enrollment, Enrollment.course_id == Course.id)
        .where(Enrollment.user_id == user.id, Course.status != CourseStatus.draft)
        .order_by(Enrollment.enrolled_at.desc())))
    result = MyTraining(classes=[(c, e) for c, e in mine if e.status in IN_COURSE])
    seated = [c.id for c, e in mine if e.status == EnrollmentStatus.enrolled]
    if seated:
        titles = {c.id: c for c, _e in mine}
        result.upcoming = [(s, titles[s.course_id]) for s in session.exec(
            select(CourseSession).where(CourseSession.course_id.in_(seated), CourseSession.ends_at > now)
            .order_by(CourseSession.starts_at))]
        materials = session.exec(
            select(CourseMaterial.id, CourseMaterial.course_id, CourseMaterial.title, CourseMaterial.url,
                   CourseMaterial.filename).where(CourseMaterial.course_id.in_(seated))
            .order_by(CourseMaterial.created_at))
        for mid, course_id, title, url, filename in materials:
            result.materials.setdefault(course_id, []).append(
                CourseMaterial(id=mid, course_id=course_id, title=title, url=url, filename=filename))
    result.open_courses = _open_courses(session, user, now, {c.id for c, e in mine if e.status in IN_COURSE})
    result.reminders = _reminders(mine, local_day(now))  # expiry days are the province's days
    return result


def _open_courses(session: Session, user: User, now: datetime, inside: set[int]) -> list[Course]:
    if user.role != Role.official:
        return []
    candidates = [c for c in session.exec(
        select(Course).where(Course.status == CourseStatus.published, Course.self_enroll)
        .order_by(Course.enroll_closes_at, Course.id))
        if c.id not in inside and c.window(now) == EnrollmentWindow.open]
    if not candidates:
        return []
    targets: dict[int, set[int]] = {}
    for course_id, position_id in session.exec(select(CoursePosition.course_id, CoursePosition.position_id)
                                               .where(CoursePosition.course_id.in_([c.id for c in candidates]))):
        targets.setdefault(course_id, set()).add(position_id)
    return [c for c in candidates if c.id not in targets or user.job_position_id in targets[c.id]]


def _reminders(mine: list[tuple[Course, Enrollment]], today: date) -> list[Reminder]:
    latest: dict[int, tuple[Course, Enrollment]] = {}
    for course, row in mine:
        if row.completed_on is None:
            continue
        held = latest.get(course.programme_id)
        if held is None or row.completed_on > held[1].completed_on:
            latest[course.programme_id] = (course, row)
    reminders = []
    for course, row in latest.values():
        state = standing(row.expires_on, today)
        if state != Standing.valid:
            reminders.append(Reminder(course, row.expires_on, state))
    return sorted(reminders, key=lambda r: r.expires_on)
