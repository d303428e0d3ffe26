"""The attempt engine: start, submit, close at the deadline (an answer is saved by ``saving``).

Rules:
* Starting draws questions from published versions with the attempt's own random seed and fixes
  their order; the deadline is start + time limit, never past the round's close.
* A person has at most one attempt in progress per round: starting again resumes it. The
  attempts limit holds under races because (round, person, number) is unique.
* Every answer is stored when it arrives, unless the attempt is no longer in progress or the
  deadline (plus a short network grace) has passed. The check is part of the answer row's own
  UPDATE: the submit closes every row of its attempt before it scores, so a save racing a submit
  either is counted or is refused, never acknowledged and lost.
* Submitting scores once: only the request that moves the attempt out of "in progress" scores.
  An attempt closed by the server at its deadline keeps every answer saved before it.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.core.caching import ATTEMPT_FACTS, EXAM_SETTINGS
from contest.core.i18n import N_
from contest.exams import drawing, timing
from contest.exams.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Exam,
    ExamKind,
    Round,
    SubmittedBy,
)
from contest.exams.ranking import AttemptSummary, best_attempt
from contest.exams.services import ExamError
from contest.exams.services.draw_rules import plan
from contest.exams.services.eligibility import is_eligible
from contest.exams.signals import attempt_finished
from question_bank.services.published import version_records
from question_bank.types import get_type


class AttemptClosed(ExamError):
    """The attempt no longer takes answers (submitted, or past its deadline: ``overdue``)."""

    def __init__(self, message: str, overdue: bool = False):
        super().__init__(message)
        self.overdue = overdue


def in_progress(session: Session, round_: Round, user: User) -> Attempt | None:
    return session.exec(select(Attempt).where(Attempt.round_id == round_.id, Attempt.user_id == user.id,
                                              Attempt.status == AttemptStatus.in_progress)).first()


def start_attempt(session: Session, exam: Exam, round_: Round, user: User, now: datetime) -> Attempt:
    """Resume the person's attempt in progress, or start a new one if the rules allow.

    May raise IntegrityError when a concurrent start of the same person won the race; the caller
    rolls back and resumes the winner's attempt (see ``views``).
    """
    if round_.exam_id != exam.id or not round_.is_open(now):
        raise ExamError(N_("Đợt thi này hiện không mở."))
    if not is_eligible(session, exam, user):
        raise ExamError(N_("Bạn không thuộc đối tượng tham gia kỳ thi này."))
    mine = attempts_of(session, round_, user)
    current = next((a for a in mine if a.status == AttemptStatus.in_progress), None)
    if current is not None and not close_if_expired(session, current, now):
        return current
    used = len(mine)
    if used >= exam.attempts_allowed:
        raise ExamError(N_("Bạn đã dùng hết %(n)d lượt thi của đợt này.") % {"n": exam.attempts_allowed})
    seed = secrets.randbits(31)
    rules, fixed, candidates = plan(session, exam)
    try:
        drawn = drawing.draw(rules, fixed, candidates, random.Random(seed), exam.shuffle_questions)
    except drawing.DrawRulesError as err:
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
    # One multi-row INSERT through Core: nothing reads these rows back in this request.
    session.execute(insert(AttemptQuestion.__table__), [
        {"attempt_id": attempt.id, "position": i, "question_id": q, "version_id": v, "points": p,
         "flagged": False, "closed": False} for i, (q, v, p) in enumerate(questions)])
    return attempt


def start_wrong_answers_review(session: Session, exam: Exam, round_: Round, source: Attempt,
                               user: User, now: datetime) -> Attempt:
    """Practice: a new attempt made of the questions the person got wrong in ``source``."""
    if exam.kind != ExamKind.practice or source.user_id != user.id or source.status != AttemptStatus.submitted:
        raise ExamError(N_("Chỉ ôn lại câu sai được với bài luyện tập đã nộp của chính bạn."))
    if round_.exam_id != exam.id or not round_.is_open(now):
        raise ExamError(N_("Đợt thi này hiện không mở."))
    if not is_eligible(session, exam, user):
        raise ExamError(N_("Bạn không thuộc đối tượng tham gia kỳ thi này."))
    mine = attempts_of(session, round_, user)
    if len(mine) >= exam.attempts_allowed:
        raise ExamError(N_("Bạn đã dùng hết %(n)d lượt thi của đợt này.") % {"n": exam.attempts_allowed})
    wrong = [(aq.question_id, aq.version_id, aq.points) for aq in questions_of(session, source)
             if (aq.fraction or 0.0) < 1.0]
    if not wrong:
        raise ExamError(N_("Bạn không làm sai câu nào. Chúc mừng!"))
    current = next((a for a in mine if a.status == AttemptStatus.in_progress), None)
    if current is not None and not close_if_expired(session, current, now):
        raise ExamError(N_("Hãy nộp bài đang làm trước khi ôn lại câu sai."))
    rng = random.Random(secrets.randbits(31))
    rng.shuffle(wrong)
    return _create(session, exam, round_, user, now, rng.randrange(2**31), len(mine) + 1, wrong)


def question_at(session: Session, attempt: Attempt, position: int) -> AttemptQuestion | None:
    return session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id,
                                                      AttemptQuestion.position == position)).first()


def attempts_of(session: Session, round_: Round, user: User) -> list[Attempt]:
    return list(session.exec(select(Attempt).where(Attempt.round_id == round_.id, Attempt.user_id == user.id)
                             .order_by(Attempt.number)))


def questions_of(session: Session, attempt: Attempt) -> list[AttemptQuestion]:
    return list(session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)
                             .order_by(AttemptQuestion.position)))


def public_view(exam: Exam, attempt: Attempt, aq: AttemptQuestion, record) -> dict[str, Any]:
    """The question as this examinee sees it: options in this attempt's order, no answer key."""
    return public_view_of(exam, attempt.seed, aq.position, record)


def public_view_of(exam: Exam, seed: int, position: int, record) -> dict[str, Any]:
    qtype = get_type(record.type)
    keep_order = not exam.shuffle_options and not qtype.always_shuffled
    rng = None if keep_order else random.Random(seed * 1009 + position)
    return qtype.public_view(record, rng)


def exam_cached(session: Session, exam_id: int) -> Exam:
    """The exam's settings, read at most every few seconds per process (detached copy)."""
    exam = EXAM_SETTINGS.get(exam_id)
    if exam is None:
        loaded = session.get(Exam, exam_id)
        exam = Exam(**loaded.model_dump())  # a detached copy: safe to share between requests
        EXAM_SETTINGS.put(exam_id, exam)
    return exam


def _lock_attempt(session: Session, attempt_id: int, exclusive: bool) -> Attempt | None:
    query = select(Attempt).where(Attempt.id == attempt_id).with_for_update(read=not exclusive)
    return session.exec(query.execution_options(populate_existing=True)).first()


@dataclass(frozen=True)
class AttemptMeta:
    """What never changes about an attempt once started: cached per process for the hot path.

    The deadline is not among them: it moves earlier when a round is closed early, so the save
    reads it in its own UPDATE (``saving``).
    """

    attempt_id: int
    user_id: int
    exam_id: int
    seed: int
    version_ids: tuple[int, ...]  #: by position


def _meta_statement():
    attempts, rounds, rows = Attempt.__table__.c, Round.__table__.c, AttemptQuestion.__table__.c
    return (sa_select(attempts.user_id, attempts.seed, rounds.exam_id, rows.version_id)
            .join_from(Attempt.__table__, Round.__table__, rounds.id == attempts.round_id)
            .join(AttemptQuestion.__table__, rows.attempt_id == attempts.id)
            .where(attempts.id == bindparam("a_id")).order_by(rows.position))


_META = _meta_statement()


def attempt_meta(connection: Connection, attempt_id: int) -> AttemptMeta | None:
    """The attempt's fixed facts: from this process's cache, else one query (every gunicorn
    worker meets each attempt once, so a miss must stay cheap)."""
    meta = ATTEMPT_FACTS.get(attempt_id)
    if meta is not None:
        return meta
    rows = connection.execute(_META, {"a_id": attempt_id}).all()
    if not rows:
        return None
    user_id, seed, exam_id, _version = rows[0]
    meta = AttemptMeta(attempt_id, user_id, exam_id, seed, tuple(row[3] for row in rows))
    ATTEMPT_FACTS.put(attempt_id, meta)
    return meta


def _flag_statement():
    """UPDATE of one row's "come back to it" mark: only while the row is open and the attempt is
    before its deadline (plus the network grace), checked in the statement itself."""
    rows, tries = AttemptQuestion.__table__.c, Attempt.__table__.c
    before_deadline = sa_select(tries.id).where(tries.id == bindparam("a_id"), tries.deadline >= bindparam("cutoff"))
    return (update(AttemptQuestion.__table__)
            .where(rows.attempt_id == bindparam("a_id"), rows.position == bindparam("pos"),
                   rows.closed.is_(False), before_deadline.exists())
            .values(flagged=bindparam("flagged")))


_FLAG = _flag_statement()


def why_closed(session: Session, attempt_id: int, now: datetime) -> AttemptClosed:
    """Why a write to the attempt was refused: submitted, or overdue (``overdue`` is then True
    and closing the attempt is the caller's own step, ``close_if_expired``). Only reads."""
    attempt = session.get(Attempt, attempt_id)
    if attempt is not None and attempt.status == AttemptStatus.in_progress and timing.is_late(now, attempt.deadline):
        return AttemptClosed(N_("Đã hết thời gian làm bài; câu trả lời gửi sau giờ nộp không được lưu."), overdue=True)
    return AttemptClosed(N_("Bài thi đã được nộp; câu trả lời này không được lưu."))


def set_flag(session: Session, attempt: Attempt, aq: AttemptQuestion, flagged: bool,
             now: datetime) -> AttemptQuestion:
    """Mark or unmark a question to come back to (only while the attempt is open; AttemptClosed
    otherwise, see ``why_closed``)."""
    params = {"a_id": attempt.id, "pos": aq.position, "flagged": flagged,
              "cutoff": now - timedelta(seconds=timing.GRACE_SECONDS)}
    if session.connection().execute(_FLAG, params).rowcount != 1:
        raise why_closed(session, attempt.id, now)
    aq.flagged = flagged
    return aq


def save_prediction(session: Session, attempt: Attempt, prediction: int | None, now: datetime) -> None:
    """Keep the contest's prediction on an attempt still in progress, the moment it is typed, so
    that a submission by the server at the deadline keeps it (None clears it).

    Like an answer, it is stored only before the deadline (plus the network grace) and while the
    attempt is in progress, in one guarded UPDATE: a save racing the submit either lands before it
    or is refused (AttemptClosed; closing an overdue attempt is the caller's step).
    """
    stored = not timing.is_late(now, attempt.deadline) and session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.status == AttemptStatus.in_progress)
        .values(prediction=prediction).execution_options(synchronize_session=False)).rowcount == 1
    if not stored:
        raise why_closed(session, attempt.id, now)
    session.refresh(attempt, ["prediction"])


def close_if_expired(session: Session, attempt: Attempt, now: datetime) -> bool:
    """Submit an attempt whose deadline has passed; True if it is (now) closed."""
    if attempt.status != AttemptStatus.in_progress:
        return True
    if not timing.is_late(now, attempt.deadline):
        return False
    submit(session, attempt, now, by=SubmittedBy.timeout)
    return True


def close_expired(session: Session, now: datetime) -> int:
    """Submit every overdue attempt (the CLI's ``exams close-expired``); returns how many."""
    overdue = session.exec(select(Attempt).where(Attempt.status == AttemptStatus.in_progress,
                                                 Attempt.deadline < now)).all()
    return sum(1 for attempt in overdue if close_if_expired(session, attempt, now))


def submit(session: Session, attempt: Attempt, now: datetime, *, by: SubmittedBy = SubmittedBy.user,
           prediction: int | None = None) -> bool:
    """Submit and score the attempt; False if it was already submitted (scored once only).

    The outcome follows ``Attempt.finish``: a timed-out attempt is dated at its deadline and
    holds what was saved before then. Only the UPDATE that still finds the attempt in progress
    writes it, so of two racing submits one scores.
    """
    locked = _lock_attempt(session, attempt.id, exclusive=True)
    if locked.status != AttemptStatus.in_progress:
        return False
    with session.no_autoflush:  # the guarded UPDATE writes the outcome, not a flush
        outcome = locked.finish(now, by)
        result = session.execute(
            update(Attempt).where(Attempt.id == attempt.id, Attempt.status == AttemptStatus.in_progress)
            # None keeps the prediction saved before (``save_prediction``): a timeout has none
            .values(**outcome, prediction=Attempt.prediction if prediction is None else prediction)
            .execution_options(synchronize_session=False))
    session.refresh(locked)  # what the database holds, the winner's outcome if this one lost
    if result.rowcount != 1:
        return False
    session.execute(update(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)
                    .values(closed=True).execution_options(synchronize_session=False))
    _score(session, locked)
    session.flush()
    recount(session, locked)
    attempt_finished.send(locked, session=session)  # e.g. training records a course's completion
    return True


def _score(session: Session, attempt: Attempt) -> None:
    """Grade each answer by its type; essays stay pending for a person to grade."""
    questions = list(session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)
                                  .order_by(AttemptQuestion.position)
                                  .execution_options(populate_existing=True)))
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


def recount(session: Session, attempt: Attempt) -> None:
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
