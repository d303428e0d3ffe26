"""The attempt engine: start, save an answer, submit, close at the deadline.

Rules:
* Starting draws questions from published versions with the attempt's own random seed and fixes
  their order; the deadline is start + time limit, never past the round's close.
* A person has at most one attempt in progress per round: starting again resumes it. The
  attempts limit holds under races because (round, person, number) is unique.
* Every answer is stored when it arrives, unless the attempt is no longer in progress or the
  deadline (plus a short network grace) has passed. The check is part of the UPDATE itself, and
  on PostgreSQL the attempt row is share-locked, so a save can never slip in after a submit.
* Submitting scores once: only the request that moves the attempt out of "in progress" scores.
  An attempt closed by the server at its deadline keeps every answer saved before it.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import exists, update
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.exams import drawing, timing
from contest.exams.models import Attempt, AttemptQuestion, AttemptStatus, Exam, ExamKind, Round
from contest.exams.ranking import AttemptSummary, best_attempt
from contest.exams.services import ExamError
from contest.exams.services.blueprint import plan
from contest.exams.services.eligibility import is_eligible
from contest.i18n import N_
from question_bank.services.published import version_record, version_records
from question_bank.types import InvalidResponse, get_type


class AttemptClosed(ExamError):
    """The attempt no longer takes answers (submitted, or past its deadline)."""


def in_progress(session: Session, round_: Round, user: User) -> Attempt | None:
    return session.exec(select(Attempt).where(Attempt.round_id == round_.id, Attempt.user_id == user.id,
                                              Attempt.status == AttemptStatus.in_progress)).first()


def attempts_used(session: Session, round_: Round, user: User) -> int:
    return len(session.exec(select(Attempt.id).where(Attempt.round_id == round_.id,
                                                     Attempt.user_id == user.id)).all())


def start_attempt(session: Session, exam: Exam, round_: Round, user: User, now: datetime) -> Attempt:
    """Resume the person's attempt in progress, or start a new one if the rules allow.

    May raise IntegrityError when a concurrent start of the same person won the race; the caller
    rolls back and resumes the winner's attempt (see ``views``).
    """
    if round_.exam_id != exam.id or not round_.is_open(now):
        raise ExamError(N_("Đợt thi này hiện không mở."))
    if not is_eligible(session, exam, user):
        raise ExamError(N_("Bạn không thuộc đối tượng tham gia kỳ thi này."))
    current = in_progress(session, round_, user)
    if current is not None and not close_if_expired(session, current, now):
        return current
    used = attempts_used(session, round_, user)
    if used >= exam.attempts_allowed:
        raise ExamError(N_("Bạn đã dùng hết %(n)d lượt thi của đợt này.") % {"n": exam.attempts_allowed})
    seed = secrets.randbits(31)
    rules, fixed, candidates = plan(session, exam)
    try:
        drawn = drawing.draw(rules, fixed, candidates, random.Random(seed), exam.shuffle_questions)
    except drawing.BlueprintError as err:
        raise ExamError(N_("Đề thi chưa đủ câu hỏi để bắt đầu. Vui lòng báo ban tổ chức.")) from err
    return _create(session, exam, round_, user, now, seed, used + 1,
                   [(d.question_id, d.version_id, d.points) for d in drawn])


def _create(session, exam, round_, user, now, seed, number, questions) -> Attempt:
    attempt = Attempt(round_id=round_.id, user_id=user.id, unit_id=user.unit_id, number=number,
                      seed=seed, status=AttemptStatus.in_progress, started_at=now,
                      deadline=timing.deadline(now, exam.time_limit_seconds, round_.closes_at),
                      question_count=len(questions), max_score=sum(p for _q, _v, p in questions))
    session.add(attempt)
    session.flush()
    session.add_all([AttemptQuestion(attempt_id=attempt.id, position=i, question_id=q, version_id=v,
                                     points=p) for i, (q, v, p) in enumerate(questions)])
    session.flush()
    return attempt


def start_wrong_answers_review(session: Session, exam: Exam, round_: Round, source: Attempt,
                               user: User, now: datetime) -> Attempt:
    """Practice: a new attempt made of the questions the person got wrong in ``source``."""
    if exam.kind != ExamKind.practice or source.user_id != user.id or source.status != AttemptStatus.submitted:
        raise ExamError(N_("Chỉ ôn lại câu sai được với bài luyện tập đã nộp của chính bạn."))
    wrong = [(aq.question_id, aq.version_id, aq.points) for aq in questions_of(session, source)
             if (aq.fraction or 0.0) < 1.0]
    if not wrong:
        raise ExamError(N_("Bạn không làm sai câu nào. Chúc mừng!"))
    current = in_progress(session, round_, user)
    if current is not None and not close_if_expired(session, current, now):
        raise ExamError(N_("Hãy nộp bài đang làm trước khi ôn lại câu sai."))
    number = attempts_used(session, round_, user) + 1
    rng = random.Random(secrets.randbits(31))
    rng.shuffle(wrong)
    return _create(session, exam, round_, user, now, rng.randrange(2**31), number, wrong)


def questions_of(session: Session, attempt: Attempt) -> list[AttemptQuestion]:
    return list(session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)
                             .order_by(AttemptQuestion.position)))


def option_rng(attempt: Attempt, position: int) -> random.Random:
    """The attempt's own shuffle of one question's options (the same on every reload)."""
    return random.Random(attempt.seed * 1009 + position)


def public_view(exam: Exam, attempt: Attempt, aq: AttemptQuestion, record) -> dict[str, Any]:
    """The question as this examinee sees it: options in this attempt's order, no answer key."""
    qtype = get_type(record.type)
    keep_order = not exam.shuffle_options and record.type in ("single_choice", "multiple_choice")
    return qtype.public_view(record, None if keep_order else option_rng(attempt, aq.position))


def _lock_attempt(session: Session, attempt_id: int, exclusive: bool) -> Attempt | None:
    query = select(Attempt).where(Attempt.id == attempt_id).with_for_update(read=not exclusive)
    return session.exec(query.execution_options(populate_existing=True)).first()


def question_at(session: Session, attempt: Attempt, position: int) -> AttemptQuestion | None:
    return session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id,
                                                      AttemptQuestion.position == position)).first()


def attempts_of(session: Session, round_: Round, user: User) -> list[Attempt]:
    return list(session.exec(select(Attempt).where(Attempt.round_id == round_.id, Attempt.user_id == user.id)
                             .order_by(Attempt.number)))


def exam_of(session: Session, attempt: Attempt) -> Exam:
    return session.exec(select(Exam).join(Round, Round.exam_id == Exam.id)
                        .where(Round.id == attempt.round_id)).one()


def _check_open(session: Session, attempt: Attempt, aq: AttemptQuestion, now: datetime) -> Attempt:
    if aq.attempt_id != attempt.id:
        raise ExamError(N_("Câu hỏi không thuộc lượt thi này."))
    attempt = _lock_attempt(session, attempt.id, exclusive=False)
    if attempt.status != AttemptStatus.in_progress:
        raise AttemptClosed(N_("Bài thi đã được nộp; câu trả lời này không được lưu."))
    if timing.is_late(now, attempt.deadline):
        raise AttemptClosed(N_("Đã hết thời gian làm bài; câu trả lời gửi sau giờ nộp không được lưu."))
    return attempt


def _update_if_open(session: Session, attempt: Attempt, aq: AttemptQuestion, values: dict) -> None:
    still_open = exists().where(Attempt.id == attempt.id, Attempt.status == AttemptStatus.in_progress)
    result = session.execute(update(AttemptQuestion).where(AttemptQuestion.id == aq.id, still_open)
                             .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise AttemptClosed(N_("Bài thi đã được nộp; câu trả lời này không được lưu."))
    for name, value in values.items():
        setattr(aq, name, value)


def save_answer(session: Session, attempt: Attempt, aq: AttemptQuestion, raw: dict[str, Any],
                now: datetime) -> AttemptQuestion:
    """Store the answer to ``aq`` (a question of ``attempt``); an empty ``raw`` clears it.

    Forged keys or ill-shaped answers are refused by the question type; see the module rules.
    """
    attempt = _check_open(session, attempt, aq, now)
    response = None
    if raw:
        record = version_record(session, aq.version_id)
        try:
            response = get_type(record.type).clean_response(record, raw)
        except InvalidResponse as err:
            raise ExamError(str(err)) from err
    _update_if_open(session, attempt, aq, {"response": response, "answered_at": now})
    return aq


def set_flag(session: Session, attempt: Attempt, aq: AttemptQuestion, flagged: bool,
             now: datetime) -> AttemptQuestion:
    """Mark or unmark a question to come back to (only while the attempt is open)."""
    attempt = _check_open(session, attempt, aq, now)
    _update_if_open(session, attempt, aq, {"flagged": flagged})
    return aq


def close_if_expired(session: Session, attempt: Attempt, now: datetime) -> bool:
    """Submit an attempt whose deadline has passed; True if it is (now) closed."""
    if attempt.status != AttemptStatus.in_progress:
        return True
    if not timing.is_late(now, attempt.deadline):
        return False
    submit(session, attempt, now, by="timeout")
    return True


def close_expired(session: Session, now: datetime) -> int:
    """Submit every overdue attempt (the CLI's ``exams close-expired``); returns how many."""
    overdue = session.exec(select(Attempt).where(Attempt.status == AttemptStatus.in_progress,
                                                 Attempt.deadline < now)).all()
    return sum(1 for attempt in overdue if close_if_expired(session, attempt, now))


def submit(session: Session, attempt: Attempt, now: datetime, *, by: str = "user",
           prediction: int | None = None) -> bool:
    """Submit and score the attempt; False if it was already submitted (scored once only).

    A timed-out attempt is dated at its deadline: it holds what was saved before then.
    """
    locked = _lock_attempt(session, attempt.id, exclusive=True)
    submitted_at = min(now, locked.deadline)
    result = session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.status == AttemptStatus.in_progress)
        .values(status=AttemptStatus.submitted, submitted_at=submitted_at, submitted_by=by,
                prediction=prediction).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.refresh(locked)
        return False
    session.refresh(locked)
    _score(session, locked)
    locked.duration_seconds = max(0.0, (submitted_at - locked.started_at).total_seconds())
    session.flush()
    _recount(session, locked)
    return True


def _score(session: Session, attempt: Attempt) -> None:
    """Grade each answer by its type; essays stay pending for a person to grade."""
    questions = questions_of(session, attempt)
    records = version_records(session, [aq.version_id for aq in questions])
    score, correct, pending = 0.0, 0, 0
    for aq in questions:
        record = records[aq.version_id]
        result = get_type(record.type).grade(record, aq.response)
        if result.pending:
            pending += 1
            aq.fraction = None
            continue
        aq.fraction = result.fraction
        score += result.fraction * aq.points
        correct += int(result.correct)
    attempt.score = round(score, 6)
    attempt.correct_count = correct
    attempt.pending_count = pending


def _recount(session: Session, attempt: Attempt) -> None:
    """Mark which of the person's submitted attempts in this round counts (exam policy)."""
    round_ = session.get(Round, attempt.round_id)
    exam = session.get(Exam, round_.exam_id)
    mine = session.exec(select(Attempt).where(Attempt.round_id == attempt.round_id,
                                              Attempt.user_id == attempt.user_id,
                                              Attempt.status == AttemptStatus.submitted)).all()
    summaries = [AttemptSummary(a.id, a.user_id, a.score, a.started_at, a.submitted_at,
                                a.duration_seconds or 0.0) for a in mine]
    chosen = best_attempt(summaries, exam.counted_attempt)[attempt.user_id].attempt_id
    for other in mine:
        other.counted = other.id == chosen
    session.flush()
