"""Grading essays by hand.

An essay (any type whose class says ``auto_graded = False``) is scored "pending" at submission. A trainer gives it a share of its points
(0–100%); the attempt's score, its count of fully right answers and of pending essays are then
recomputed, and which attempt counts for the person is decided again. An assessment attempt with
essays still pending is not passed yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from contest.accounts.models import User
from contest.core.i18n import N_
from contest.exams.models import Attempt, AttemptQuestion, AttemptStatus, Round
from contest.exams.services import ExamError
from contest.exams.services.attempts import recount
from contest.exams.signals import attempt_finished
from question_bank.models import QuestionVersion
from question_bank.types import get_type, hand_graded


@dataclass
class PendingEssay:
    answer: AttemptQuestion
    attempt: Attempt
    person: str
    stem: str
    text: str


def pending_essays(session: Session, round_: Round, limit: int = 50) -> list[PendingEssay]:
    """Submitted answers of hand-graded types in the round that nobody has graded yet, oldest first."""
    rows = session.exec(
        select(AttemptQuestion, Attempt, User.full_name, QuestionVersion.stem)
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .join(User, User.id == Attempt.user_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptQuestion.version_id)
        .where(Attempt.round_id == round_.id, Attempt.status == AttemptStatus.submitted,
               QuestionVersion.type.in_(hand_graded()), AttemptQuestion.fraction.is_(None),
               AttemptQuestion.response.is_not(None))
        .order_by(Attempt.submitted_at, AttemptQuestion.position).limit(limit)).all()
    return [PendingEssay(aq, attempt, name, stem, (aq.response or {}).get("text", ""))
            for aq, attempt, name, stem in rows]


def grade_essay(session: Session, round_: Round, answer_id: int, percent: int) -> Attempt:
    """Give an essay answer of ``round_`` ``percent`` of its points and rescore its attempt."""
    if not 0 <= percent <= 100:
        raise ExamError(N_("Điểm phải từ 0 đến 100%."))
    answer = session.get(AttemptQuestion, answer_id)
    attempt = session.get(Attempt, answer.attempt_id) if answer else None
    if attempt is None or attempt.round_id != round_.id or attempt.status != AttemptStatus.submitted:
        raise ExamError(N_("Không tìm thấy bài tự luận cần chấm."))
    version = session.get(QuestionVersion, answer.version_id)
    if get_type(version.type).auto_graded:
        raise ExamError(N_("Chỉ chấm tay được câu tự luận."))
    answer.fraction = percent / 100
    answers = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)).all()
    graded = [a for a in answers if a.fraction is not None]
    attempt.score = round(sum(a.fraction * a.points for a in graded), 6)
    attempt.correct_count = sum(1 for a in graded if a.fraction >= 1.0 - 1e-9)
    attempt.pending_count = sum(1 for a in answers if a.fraction is None)  # only essays stay unscored
    session.flush()
    recount(session, attempt)
    attempt_finished.send(attempt, session=session)  # a changed score may pass or fail a course
    return attempt

