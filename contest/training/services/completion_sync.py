"""Recording completion: gather one enrollment's ``CourseFacts`` from the database, let the pure
``completion.evaluate`` decide, and store its verdict on the enrollment.

The recorded completion is always the rule applied to the facts as they are now, for every row
that holds a seat or held one (``JUDGED``: enrolled or withdrawn; records and coverage keep a
completion whatever the status). A withdrawn person keeps a completion only while the facts
still meet the rule: a session added later, or a stricter rule, takes it away as it would from
anyone seated. A waiting row (waitlisted) records no verdict: nothing of the course is its own
until it takes a seat, and what an earlier seat left behind is cleared.

It is recorded whenever a row's status or facts change: a seat given (``enrollment._place``,
``enrollment.promote``), a withdrawal, every attendance change (in the same service call), a
course-wide change of sessions or rule (``reevaluate_course``) and an exam result of the course's
assessment or practice (``reevaluate_for_attempt``, subscribed to
``contest.exams.signals.attempt_finished``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_
from sqlmodel import Session, select

from contest.exams.models import Attempt, AttemptStatus, Exam, Round
from contest.exams.services.results import passed
from contest.training.completion import CourseFacts, Verdict, evaluate
from contest.training.models import (
    Attendance,
    AttendanceMark,
    Course,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
)
from contest.training.signals import course_completed

#: The statuses whose rows carry the verdict of the facts (a waiting row carries none).
JUDGED = (EnrollmentStatus.enrolled, EnrollmentStatus.withdrawn)

#: Days are the province's days (the app's BABEL_DEFAULT_TIMEZONE): a session at 06:30 in Hà Nội
#: is stored at 23:30 UTC the evening before, but happened on the local day.
PROVINCE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def local_day(moment: datetime) -> date:
    """The province's calendar day of a stored naive-UTC moment."""
    return moment.replace(tzinfo=UTC).astimezone(PROVINCE_ZONE).date()


def _submitted(session: Session, exam_id: int, user_id: int) -> list[tuple[Attempt, Exam]]:
    """The person's submitted attempts of the exam, earliest first."""
    return list(session.exec(
        select(Attempt, Exam).join(Round, Round.id == Attempt.round_id).join(Exam, Exam.id == Round.exam_id)
        .where(Round.exam_id == exam_id, Attempt.user_id == user_id,
               Attempt.status == AttemptStatus.submitted)
        .order_by(Attempt.submitted_at, Attempt.id)).all())


def course_facts(session: Session, course: Course, user_id: int) -> CourseFacts:
    """One person's facts in one course: every planned session, the days of the sessions they
    attended (present or late), the first day a submitted attempt of the assessment passed
    (``results.passed``: the exam's pass ratio of the maximum score, no essay pending), and the
    first day a practice attempt was submitted."""
    total = session.exec(select(func.count()).select_from(CourseSession)
                         .where(CourseSession.course_id == course.id)).one()
    attended = [mark for mark in AttendanceMark if mark.attended]
    starts = session.exec(select(CourseSession.starts_at)
                          .join(Attendance, Attendance.session_id == CourseSession.id)
                          .where(CourseSession.course_id == course.id, Attendance.user_id == user_id,
                                 Attendance.mark.in_(attended))).all()
    passed_on = practiced_on = None
    if course.assessment_exam_id is not None:
        passed_on = next((local_day(a.submitted_at) for a, exam in
                          _submitted(session, course.assessment_exam_id, user_id) if passed(exam, a)), None)
    if course.practice_exam_id is not None:
        practiced_on = next((local_day(a.submitted_at) for a, _exam in
                             _submitted(session, course.practice_exam_id, user_id)), None)
    return CourseFacts(total_sessions=total, attended_days=tuple(local_day(s) for s in starts),
                       passed_on=passed_on, practiced_on=practiced_on)


def record_completion(session: Session, enrollment: Enrollment, course: Course | None = None) -> Verdict:
    """Evaluate the course's rule on the enrollment's current facts and store the verdict
    (attendance share, completion day, expiry day: all cleared again when no longer met); a
    waiting row stores the empty verdict (see the module's docstring)."""
    if enrollment.status in JUDGED:
        course = course or session.get(Course, enrollment.course_id)
        verdict = evaluate(course.rule(), course_facts(session, course, enrollment.user_id))
    else:
        verdict = Verdict(0.0)
    newly_completed = enrollment.completed_on is None and verdict.completed_on is not None
    enrollment.attendance_share = round(verdict.attendance_share, 6)
    enrollment.completed_on = verdict.completed_on
    enrollment.expires_on = verdict.expires_on
    session.add(enrollment)
    session.flush()
    if newly_completed:
        course_completed.send(enrollment, session=session)
    return verdict


def reevaluate_course(session: Session, course: Course) -> int:
    """Re-record every enrolled and withdrawn row of the course (``JUDGED``) after a change that
    touches everyone: a session added or removed changes the planned count, a rule edited
    changes the verdict. Returns how many were re-evaluated."""
    rows = session.exec(select(Enrollment).where(Enrollment.course_id == course.id,
                                                 Enrollment.status.in_(JUDGED))).all()
    for enrollment in rows:
        record_completion(session, enrollment, course)
    return len(rows)


def reevaluate_for_exam(session: Session, user_id: int, exam_id: int) -> int:
    """Re-record the completion of every enrolled or withdrawn row (``JUDGED``) of ``user_id`` in
    a course whose assessment or practice is ``exam_id``; returns how many were re-evaluated."""
    rows = session.exec(select(Enrollment, Course).join(Course, Course.id == Enrollment.course_id).where(
        Enrollment.user_id == user_id, Enrollment.status.in_(JUDGED),
        or_(Course.assessment_exam_id == exam_id, Course.practice_exam_id == exam_id))).all()
    for enrollment, course in rows:
        record_completion(session, enrollment, course)
    return len(rows)


def reevaluate_for_attempt(session: Session, attempt: Attempt) -> int:
    """An attempt's result is known or changed: re-evaluate its owner's courses that use its exam."""
    exam_id = session.exec(select(Round.exam_id).where(Round.id == attempt.round_id)).one()
    return reevaluate_for_exam(session, attempt.user_id, exam_id)
