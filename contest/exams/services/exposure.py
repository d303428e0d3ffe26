"""Answer exposure: a practice exam that shows right/wrong or the keys during the attempt or right
after it (the practice default), while a contest or an assessment that can draw the same
questions is still to be sat, lets people learn that exam's answers by practising. Trainers are
warned on both exams' pages and when publishing; nothing is refused (practice after the contest
has closed is the usual, harmless case).

Not covered: one exam's answers revealed after its round closes while another exam drawing the
same questions is still open (the rounds of one contest share their bank by design).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists
from sqlmodel import Session, select

from contest.exams import drawing
from contest.exams.models import Exam, ExamKind, ExamStatus, Round
from contest.exams.review_policy import ReviewPolicy, default_policy, visible
from contest.exams.services.draw_rules import plan


@dataclass(frozen=True)
class Exposure:
    exam: Exam  #: the other exam
    shared: int  #: questions both can draw


def reveals_answers(exam: Exam) -> bool:
    """Whether an attempt shows right/wrong or the keys before the round closes."""
    policy = ReviewPolicy.from_dict(exam.review_policy) if exam.review_policy else default_policy(exam.kind.value)
    return any(visible(policy, phase).correctness or visible(policy, phase).correct_answers
               for phase in ("during", "after_submit"))


def _drawable(session: Session, exam: Exam) -> frozenset[int]:
    return drawing.drawable(*plan(session, exam))


def _still_to_sit(now: datetime):
    return exists().where(Round.exam_id == Exam.id, Round.not_closed(now))


def exposures(session: Session, exam: Exam, now: datetime) -> list[Exposure]:
    """For a practice exam that reveals answers: the published contests and assessments with a
    round not yet closed that share questions with it. For a contest or assessment (while it has
    such a round): the published practice exams that reveal answers and share questions with it."""
    if exam.kind == ExamKind.practice:
        if not reveals_answers(exam):
            return []
        query = select(Exam).where(Exam.kind != ExamKind.practice, _still_to_sit(now))
    else:
        if not session.exec(select(Round.id).where(Round.exam_id == exam.id, Round.not_closed(now))).first():
            return []
        query = select(Exam).where(Exam.kind == ExamKind.practice)
    others = session.exec(query.where(Exam.status == ExamStatus.published, Exam.id != exam.id)
                          .order_by(Exam.id)).all()
    if not others:
        return []
    if exam.kind != ExamKind.practice:
        others = [other for other in others if reveals_answers(other)]
    if not others:
        return []
    mine = _drawable(session, exam)
    found = [Exposure(other, len(mine & _drawable(session, other))) for other in others]
    return [item for item in found if item.shared]
