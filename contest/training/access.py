"""Who may run a course and whose training records a person may read.

* A course is run by admins, by the trainer who created it and by its named trainers.
* A person reads their own training record; trainers read the records and coverage of their
  unit and every unit below it, and the records of everyone enrolled in a course they run (a
  department's trainer teaches the wards' officials); admins read everyone's.
"""

from __future__ import annotations

from flask import abort
from sqlmodel import Session, select

from contest.accounts.models import Role, Unit, User
from contest.core import db
from contest.training.models import Course, CourseTrainer, Enrollment


def runs_course(session: Session, course: Course, user: User) -> bool:
    if user.role == Role.admin:
        return True
    if user.role != Role.trainer:
        return False
    if course.created_by == user.id:
        return True
    return session.get(CourseTrainer, (course.id, user.id)) is not None


def managed_course_or_404(course_id: int, user: User) -> Course:
    """A course ``user`` runs (see ``runs_course``); 404 for a missing id and for anyone else's,
    so course ids cannot be probed."""
    session = db.session()
    course = session.get(Course, course_id)
    if course is None or not runs_course(session, course, user):
        abort(404)
    return course


def unit_subtree(session: Session, unit_id: int) -> list[int]:
    """The unit and every unit below it (breadth first, one query per level)."""
    found, level = [unit_id], [unit_id]
    while level:
        level = list(session.exec(select(Unit.id).where(Unit.parent_id.in_(level))))
        found.extend(level)
    return found


def readable_units(session: Session, user: User) -> list[int] | None:
    """The units whose people's records ``user`` may read: None means every unit (admins);
    a trainer's unit with its sub-units; nobody else's (an empty list)."""
    if user.role == Role.admin:
        return None
    if user.role == Role.trainer and user.unit_id is not None:
        return unit_subtree(session, user.unit_id)
    return []


def may_read_record(session: Session, reader: User, person: User) -> bool:
    if reader.id == person.id:
        return True
    units = readable_units(session, reader)
    if units is None or person.unit_id in units:
        return True
    return reader.role == Role.trainer and _teaches(session, reader, person)


def _teaches(session: Session, trainer: User, person: User) -> bool:
    """Whether ``person`` is enrolled in a course ``trainer`` created or is a trainer of."""
    named = select(CourseTrainer.course_id).where(CourseTrainer.user_id == trainer.id)
    courses = select(Course.id).where((Course.created_by == trainer.id) | Course.id.in_(named))
    return session.exec(select(Enrollment.id).where(Enrollment.user_id == person.id,
                                                    Enrollment.course_id.in_(courses)).limit(1)).first() is not None
