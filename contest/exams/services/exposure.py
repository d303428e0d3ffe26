"""Answer exposure: a practice exam shows each answer's correctness at once, so while a contest
or an assessment that can draw the same questions is still to be sat, practising reveals its
answers. Trainers are warned on both exams' pages and when publishing; nothing is refused
(practice after the contest has closed is the usual, harmless case).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists
from sqlmodel import Session, select

from contest.exams import drawing
from contest.exams.models import Exam, ExamKind, ExamStatus, Round
from contest.exams.services.blueprint import plan


@dataclass(frozen=True)
class Exposure:
    exam: Exam  #: the other exam
    shared: int  #: questions both can draw


def _drawable(session: Session, exam: Exam) -> frozenset[int]:
    return drawing.drawable(*plan(session, exam))


def _still_to_sit(now: datetime):
    return exists().where(Round.exam_id == Exam.id, Round.closes_at > now)


def exposures(session: Session, exam: Exam, now: datetime) -> list[Exposure]:
    """For a practice exam: the published contests and assessments with a round not yet closed
    that share questions with it. For a contest or assessment (while it has such a round): the
    published practice exams that share questions with it."""
    if exam.kind == ExamKind.practice:
        query = select(Exam).where(Exam.kind != ExamKind.practice, _still_to_sit(now))
    else:
        if not session.exec(select(Round.id).where(Round.exam_id == exam.id, Round.closes_at > now)).first():
            return []
        query = select(Exam).where(Exam.kind == ExamKind.practice)
    others = session.exec(query.where(Exam.status == ExamStatus.published, Exam.id != exam.id)
                          .order_by(Exam.id)).all()
    if not others:
        return []
    mine = _drawable(session, exam)
    found = [Exposure(other, len(mine & _drawable(session, other))) for other in others]
    return [item for item in found if item.shared]
