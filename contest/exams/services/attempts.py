"""The attempt engine: start, save an answer, submit, close at the deadline.

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
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, bindparam, insert, update
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.core.caching import ATTEMPT_FACTS, EXAM_SETTINGS
from contest.core.i18n import N_
from contest.exams import drawing, timing
from contest.exams.models import Attempt, AttemptQuestion, AttemptStatus, Exam, ExamKind, Round
from contest.exams.ranking import AttemptSummary, best_attempt
from contest.exams.services import ExamError
from contest.exams.services.draw_rules import plan
from contest.exams.services.eligibility import is_eligible
from question_bank.services.published import version_record, version_records
from question_bank.types import InvalidResponse, get_type


class AttemptClosed(ExamError):
    """The attempt no longer takes answers (submitted, or past its deadline)."""


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
    keep_order = not exam.shuffle_options and record.type in ("single_choice", "multiple_choice")
    rng = None if keep_order else random.Random(seed * 1009 + position)
    return get_type(record.type).public_view(record, rng)


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

    The deadline can only move earlier when a round is closed early, and closing submits the
    attempt, which closes its answers in the database: the cached deadline is never too lenient
    in a way that matters.
    """

    attempt_id: int
    user_id: int
    exam_id: int
    seed: int
    deadline: datetime
    version_ids: tuple[int, ...]  #: by position


def _meta_statement():
    attempts, rounds, rows = Attempt.__table__.c, Round.__table__.c, AttemptQuestion.__table__.c
    return (sa_select(attempts.user_id, attempts.seed, attempts.deadline, rounds.exam_id, rows.version_id)
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
    user_id, seed, deadline, exam_id, _version = rows[0]
    meta = AttemptMeta(attempt_id, user_id, exam_id, seed, deadline, tuple(row[4] for row in rows))
    ATTEMPT_FACTS.put(attempt_id, meta)
    return meta


def clean(session: Session, version_id: int, raw: dict[str, Any]) -> dict[str, Any] | None:
    """The type's normalized response (None for an empty one); ExamError for a forged one."""
    if not raw:
        return None
    record = version_record(session, version_id)
    try:
        return get_type(record.type).clean_response(record, raw)
    except InvalidResponse as err:
        raise ExamError(str(err)) from err


def _save_statement(column: str, check_user: bool):
    """UPDATE of one answer row, built once (this runs for every answer a contestant gives)."""
    rows, users = AttemptQuestion.__table__.c, User.__table__.c
    query = update(AttemptQuestion.__table__).where(
        rows.attempt_id == bindparam("a_id"), rows.position == bindparam("pos"), rows.closed.is_(False))
    if check_user:
        query = query.where(select(users.id).where(users.id == bindparam("u_id"),
                                                   users.session_token == bindparam("token"),
                                                   users.active).exists())
    if column == "response":
        return query.values(response=bindparam("response", type_=JSON(none_as_null=True)), answered_at=bindparam("now"))
    return query.values(flagged=bindparam("flagged"))


_STATEMENTS = {(column, check): _save_statement(column, check)
               for column in ("response", "flagged") for check in (False, True)}


def store_answer(connection: Connection, attempt_id: int, position: int, values: dict[str, Any],
                 now: datetime, deadline: datetime, user_id: int | None = None,
                 session_token: str | None = None) -> bool:
    """One guarded UPDATE of one answer row; returns whether it was stored.

    ``values`` is {"response": ..., "answered_at": now} or {"flagged": bool}. It writes only
    before the deadline (plus the network grace) and while the row is open: the submit closes
    every row of the attempt in its scoring transaction, so a racing save either lands before
    the score is computed or is refused. When given, the person's live session is checked in the
    same statement (a deactivated account or a changed password stops saving).
    """
    if timing.is_late(now, deadline):
        return False
    column = "flagged" if "flagged" in values else "response"
    # Only the statement's own parameters: SQLAlchemy would turn extra keys named like columns
    # into more SET clauses.
    params = {"a_id": attempt_id, "pos": position}
    if user_id is not None:
        params.update(u_id=user_id, token=session_token)
    if column == "flagged":
        params["flagged"] = values["flagged"]
    else:
        params.update(response=values["response"], now=values["answered_at"])
    statement = _STATEMENTS[(column, user_id is not None)]
    return connection.execute(statement, params).rowcount == 1


class QuestionLocked(ExamError):
    """The question's answer was checked (its verdict shown at once) and no longer changes."""


#: The UPDATE of an answer checked at once: it also closes the row (same guards otherwise).
_CHECKED = {check: _save_statement("response", check).values(closed=True) for check in (False, True)}


def store_checked_answer(connection: Connection, attempt_id: int, position: int, values: dict[str, Any],
                         now: datetime, deadline: datetime, user_id: int | None = None,
                         session_token: str | None = None) -> bool:
    """Store an answer whose verdict is shown at once (practice with immediate feedback) and lock
    its question in the same guarded UPDATE: an answer is checked once, so any later write to
    the question is refused (``why_refused_at`` explains). Guards as in ``store_answer``;
    ``values`` is {"response": ..., "answered_at": now}.
    """
    if timing.is_late(now, deadline):
        return False
    params = {"a_id": attempt_id, "pos": position, "response": values["response"], "now": values["answered_at"]}
    if user_id is not None:
        params.update(u_id=user_id, token=session_token)
    return connection.execute(_CHECKED[user_id is not None], params).rowcount == 1


def why_refused_at(session: Session, attempt_id: int, position: int, now: datetime) -> ExamError:
    """Explain a refused write to one question: locked once its verdict was shown, else as
    ``why_refused`` (which closes an overdue attempt)."""
    attempt = session.get(Attempt, attempt_id)
    if attempt is not None and attempt.status == AttemptStatus.in_progress and not timing.is_late(now, attempt.deadline):
        row = question_at(session, attempt, position)
        if row is not None and row.closed:
            return QuestionLocked(N_("Câu này đã được chấm và hiện đáp án nên không thể đổi câu trả lời."))
    return why_refused(session, attempt_id, now)


def why_refused(session: Session, attempt_id: int, now: datetime) -> AttemptClosed:
    """Explain a refused write (and close the attempt if it is overdue)."""
    attempt = session.get(Attempt, attempt_id)
    if attempt is not None and attempt.status == AttemptStatus.in_progress and timing.is_late(now, attempt.deadline):
        close_if_expired(session, attempt, now)
        return AttemptClosed(N_("Đã hết thời gian làm bài; câu trả lời gửi sau giờ nộp không được lưu."))
    return AttemptClosed(N_("Bài thi đã được nộp; câu trả lời này không được lưu."))


def save_answer(session: Session, attempt: Attempt, aq: AttemptQuestion, raw: dict[str, Any],
                now: datetime) -> AttemptQuestion:
    """Store the answer to ``aq`` (a question of ``attempt``); an empty ``raw`` clears it.

    Forged keys or ill-shaped answers are refused by the question type; see the module rules.
    """
    if aq.attempt_id != attempt.id:
        raise ExamError(N_("Câu hỏi không thuộc lượt thi này."))
    values = {"response": clean(session, aq.version_id, raw), "answered_at": now}
    if not store_answer(session.connection(), attempt.id, aq.position, values, now, attempt.deadline):
        raise why_refused(session, attempt.id, now)
    for name, value in values.items():
        setattr(aq, name, value)
    return aq


def set_flag(session: Session, attempt: Attempt, aq: AttemptQuestion, flagged: bool,
             now: datetime) -> AttemptQuestion:
    """Mark or unmark a question to come back to (only while the attempt is open)."""
    if not store_answer(session.connection(), attempt.id, aq.position, {"flagged": flagged}, now,
                        attempt.deadline):
        raise why_refused(session, attempt.id, now)
    aq.flagged = flagged
    return aq


def save_prediction(session: Session, attempt: Attempt, prediction: int | None, now: datetime) -> None:
    """Keep the contest's prediction on an attempt still in progress, the moment it is typed, so
    that a submission by the server at the deadline keeps it (None clears it).

    Like an answer, it is stored only before the deadline (plus the network grace) and while the
    attempt is in progress, in one guarded UPDATE: a save racing the submit either lands before it
    or is refused (AttemptClosed, and an overdue attempt is closed while explaining).
    """
    stored = not timing.is_late(now, attempt.deadline) and session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.status == AttemptStatus.in_progress)
        .values(prediction=prediction).execution_options(synchronize_session=False)).rowcount == 1
    if not stored:
        raise why_refused(session, attempt.id, now)
    session.refresh(attempt, ["prediction"])


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
                # None keeps the prediction saved before (``save_prediction``): a timeout has none
                prediction=Attempt.prediction if prediction is None else prediction)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.refresh(locked)
        return False
    session.execute(update(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)
                    .values(closed=True).execution_options(synchronize_session=False))
    session.refresh(locked)
    _score(session, locked)
    locked.duration_seconds = max(0.0, (submitted_at - locked.started_at).total_seconds())
    session.flush()
    recount(session, locked)
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
