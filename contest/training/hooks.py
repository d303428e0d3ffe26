"""Training's hooks into the exam engine, which must not import training:

* an official holding a seat in a course is eligible for the course's assessment and practice
  exams (``contest.exams.services.eligibility.register_eligibility``);
* when an attempt's result is known or changes (``contest.exams.signals.attempt_finished``), the
  completion of its owner's courses that use the exam is re-evaluated.

``connect()`` is called once by ``contest.training.views.load_views``; connecting twice is harmless.
"""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.exams.models import Attempt, Exam
from contest.exams.services.eligibility import register_eligibility
from contest.exams.signals import attempt_finished
from contest.training.models import Course, Enrollment, EnrollmentStatus
from contest.training.services.completion_sync import reevaluate_for_attempt


def enrolled_in_a_course_of(session: Session, exam: Exam, user: User) -> bool:
    """The person holds a seat (status enrolled) in a course whose assessment or practice is ``exam``."""
    found = session.exec(select(Enrollment.id).join(Course, Course.id == Enrollment.course_id).where(
        Enrollment.user_id == user.id, Enrollment.status == EnrollmentStatus.enrolled,
        or_(Course.assessment_exam_id == exam.id, Course.practice_exam_id == exam.id)).limit(1)).first()
    return found is not None


def on_attempt_finished(attempt: Attempt, session: Session | None = None, **_extra) -> None:
    """Re-record the completions the attempt's result may change (in the sender's transaction)."""
    session = session or Session.object_session(attempt)
    if session is None:
        from contest.core import db

        session = db.session()
    reevaluate_for_attempt(session, attempt)


def connect() -> None:
    register_eligibility(enrolled_in_a_course_of)
    attempt_finished.connect(on_attempt_finished)
