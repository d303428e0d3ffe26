"""Who may see a certificate, and whose certificates a member of staff manages.

* The person it was issued to sees it and downloads its PDF (not once it is revoked).
* Admins see and manage every certificate.
* A trainer manages the certificates of the courses they run (created or named a trainer of,
  ``training.access.runs_course``), of the exams they own (the exam's rounds) and those they
  issued by hand.
* Anybody else gets a 404, the same as for a code that does not exist, so a code cannot be
  probed through these pages (the public verify page says only what it may).
"""

from __future__ import annotations

from sqlalchemy import false, or_
from sqlmodel import Session, select

from contest.accounts.models import Role, User
from contest.certificates.models import Certificate
from contest.exams.models import Exam, Round
from contest.training.access import runs_course
from contest.training.models import Course, CourseTrainer


def manages(session: Session, user: User, certificate: Certificate) -> bool:
    """Staff access to one certificate (see the module's rules)."""
    if user.role == Role.admin:
        return True
    if user.role != Role.trainer:
        return False
    if certificate.issued_by == user.id:
        return True
    if certificate.course_id is not None:
        course = session.get(Course, certificate.course_id)
        if course is not None and runs_course(session, course, user):
            return True
    if certificate.round_id is not None:
        round_ = session.get(Round, certificate.round_id)
        exam = session.get(Exam, round_.exam_id) if round_ is not None else None
        if exam is not None and exam.created_by == user.id:
            return True
    return False


def may_see(session: Session, user: User, certificate: Certificate) -> bool:
    return certificate.user_id == user.id or manages(session, user, certificate)


def managed_condition(user: User):
    """The SQL condition of ``manages`` for a list (True for admins, false for non-staff)."""
    if user.role == Role.admin:
        return None
    if user.role != Role.trainer:
        return false()
    return or_(Certificate.issued_by == user.id,
               Certificate.course_id.in_(managed_course_ids(user)),
               Certificate.round_id.in_(select(Round.id).join(Exam, Exam.id == Round.exam_id)
                                        .where(Exam.created_by == user.id)))


def managed_course_ids(user: User):
    """A subquery of the ids of the courses ``user`` (a trainer) runs."""
    named = select(CourseTrainer.course_id).where(CourseTrainer.user_id == user.id)
    return select(Course.id).where((Course.created_by == user.id) | Course.id.in_(named))


def may_bundle_course(session: Session, user: User, course: Course) -> bool:
    """The whole class's certificates: the course's runners and admins."""
    return runs_course(session, course, user)


def may_bundle_round(user: User, exam: Exam) -> bool:
    """A round's certificates: the exam's owner and admins."""
    return user.role == Role.admin or (user.role == Role.trainer and exam.created_by == user.id)
