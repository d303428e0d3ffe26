"""Saving one answer: the hot path of a contest, and the only code that stores an answer.

``save`` is what the web route calls and what the tests call. It returns ``Saved`` or
``Refused``; it never raises for a rule, never commits and never submits. An overdue attempt is
reported as ``Refusal.closed_overdue``, and closing it is the caller's own, separate step
(``attempts.close_if_expired``).

Rules (see also ``attempts``):
* The answer must fit its question: the answer form of the question's type, then the type's
  ``clean_response`` (a forged option or an ill-shaped answer is refused, nothing is stored).
* It is stored by one guarded UPDATE of its row, which in the same statement checks that the row
  is still open (the submit closes every row of its attempt before it scores, so a save racing a
  submit is either counted or refused, never acknowledged and lost), that the deadline plus the
  network grace has not passed, and that the person's session is current (account active, session
  token unchanged: a locked account or a password change stops saving at once).
* "Kiểm tra" (an exam showing each verdict during the attempt) grades the answer and locks its
  row in that same UPDATE: an answer is checked once.
* Explaining a refusal only reads.

Each thing is fetched once: the attempt's fixed facts and the exam's settings from the process
caches, the question's published record from its cache; when all are warm a save is exactly one
statement, run by the caller on an autocommit connection, so it is durable when it returns.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, bindparam, exists, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Session
from werkzeug.datastructures import MultiDict

from contest.accounts.loader import Identity
from contest.accounts.models import User
from contest.core.caching import EXAM_SETTINGS, PUBLISHED_RECORDS
from contest.core.i18n import N_
from contest.exams.models import Attempt, AttemptQuestion, AttemptStatus
from contest.exams.review_policy import ReviewPolicy, Visibility, default_policy, visible
from contest.exams.services import attempts
from contest.exams.take_forms import answer_form, raw_response
from contest.exams.timing import GRACE_SECONDS
from question_bank.records import QuestionRecord
from question_bank.services.published import version_record
from question_bank.types import InvalidResponse, Score, get_type


class Refusal(enum.Enum):
    """Why an answer was not stored; the value is the message shown to the person."""

    not_found = "not_found"  #: no such attempt or position, or not this person's (a 404)
    invalid = N_("Câu trả lời không hợp lệ.")
    incomplete = N_("Hãy trả lời đầy đủ câu này.")  #: the type's ``incomplete_message`` as detail
    answer_before_check = N_("Hãy trả lời câu này trước khi kiểm tra.")
    locked = N_("Câu này đã được chấm và hiện đáp án nên không thể đổi câu trả lời.")
    closed_submitted = N_("Bài thi đã được nộp; câu trả lời này không được lưu.")
    closed_overdue = N_("Đã hết thời gian làm bài; câu trả lời gửi sau giờ nộp không được lưu.")
    session_ended = N_("Phiên đăng nhập đã kết thúc; câu trả lời này không được lưu. Vui lòng đăng nhập lại.")


@dataclass(frozen=True, slots=True)
class Refused:
    reason: Refusal
    #: the question type's own message (an answer that does not fit, or one left incomplete)
    detail: str | None = None

    @property
    def message(self) -> str:
        """The Vietnamese message (untranslated msgid) for the person."""
        return self.detail or self.reason.value

    @property
    def closed(self) -> bool:
        """The attempt takes no more answers (the page offers its result)."""
        return self.reason in (Refusal.closed_submitted, Refusal.closed_overdue)


@dataclass(frozen=True, slots=True)
class Saved:
    response: dict[str, Any] | None  #: the stored response (None: the answer was cleared)
    answered_at: datetime
    shown: Visibility  #: what the exam shows during an attempt
    record: QuestionRecord  #: the question, for the verdict's explanation
    verdict: Score | None = None  #: set when "Kiểm tra" graded the answer

    @property
    def locked(self) -> bool:
        """Checked with a final verdict: the row was closed in the same UPDATE."""
        return self.verdict is not None and not self.verdict.pending


SaveResult = Saved | Refused


def _policy(exam) -> Visibility:
    policy = ReviewPolicy.from_dict(exam.review_policy) if exam.review_policy else default_policy(exam.kind.value)
    return visible(policy, "during")


def _statement(lock: bool):
    """The guarded UPDATE of one answer row, built once (it runs for every answer given)."""
    rows, users, tries = AttemptQuestion.__table__.c, User.__table__.c, Attempt.__table__.c
    live = (select(tries.id).join_from(Attempt.__table__, User.__table__, users.id == tries.user_id)
            .where(tries.id == bindparam("a_id"), tries.deadline >= bindparam("cutoff"),
                   users.id == bindparam("u_id"), users.session_token == bindparam("token"), users.active))
    values = {"response": bindparam("response", type_=JSON(none_as_null=True)), "answered_at": bindparam("now")}
    if lock:
        values["closed"] = True
    return (update(AttemptQuestion.__table__)
            .where(rows.attempt_id == bindparam("a_id"), rows.position == bindparam("pos"),
                   rows.closed.is_(False), exists(live))
            .values(values))


_STORE, _STORE_AND_LOCK = _statement(False), _statement(True)
_GRACE = timedelta(seconds=GRACE_SECONDS)


def save(connection: Connection, attempt_id: int, position: int, formdata, who: Identity,
         now: datetime) -> SaveResult:
    """Store the answer to the question at ``position`` of the attempt, as ``who`` submitted it
    in ``formdata`` (the posted form: a MultiDict, or a plain dict in tests); an empty answer
    clears it. See the module rules.

    ``connection`` is the web route's autocommit connection (the UPDATE is durable when it
    returns), or a session's ``connection()`` in a test or a command; nothing is committed here.
    Core statements only: an ORM session is opened on it only when a cache misses.
    """
    meta = attempts.attempt_meta(connection, attempt_id)
    if meta is None or meta.user_id != who.user_id or not 0 <= position < len(meta.version_ids):
        return Refused(Refusal.not_found)
    exam = EXAM_SETTINGS.get(meta.exam_id)
    record = PUBLISHED_RECORDS.get(meta.version_ids[position])
    if exam is None or record is None:
        with Session(connection) as session:
            exam = attempts.exam_cached(session, meta.exam_id)
            record = version_record(session, meta.version_ids[position])
    kind = get_type(record.type)
    view = (attempts.public_view_of(exam, meta.seed, position, record) if kind.answer_needs_view
            else {"type": record.type})
    if not hasattr(formdata, "getlist"):
        formdata = MultiDict(formdata)
    form = answer_form(view, formdata)
    raw = raw_response(view, form) if form.validate() else False
    if raw is False:
        return Refused(Refusal.invalid)
    if raw is None:
        return Refused(Refusal.incomplete, detail=kind.incomplete_message)
    shown = _policy(exam)
    check = shown.correctness and bool(form.check.data)
    if check and not raw:
        return Refused(Refusal.answer_before_check)
    try:
        response = kind.clean_response(record, raw) if raw else None
    except InvalidResponse as err:
        return Refused(Refusal.invalid, str(err))
    verdict = kind.grade(record, response) if check else None
    lock = verdict is not None and not verdict.pending
    params = {"a_id": attempt_id, "pos": position, "response": response, "now": now,
              "cutoff": now - _GRACE, "u_id": who.user_id, "token": who.token}
    if connection.execute(_STORE_AND_LOCK if lock else _STORE, params).rowcount != 1:
        return Refused(refusal(connection, attempt_id, position, who, now))
    return Saved(response, now, shown, record, verdict)


def refusal(connection: Connection, attempt_id: int, position: int, who: Identity, now: datetime) -> Refusal:
    """Why the guarded UPDATE stored nothing (it only reads): the session first, then the
    attempt's state and deadline, then the question's lock."""
    users, tries, rows = User.__table__.c, Attempt.__table__.c, AttemptQuestion.__table__.c
    person = connection.execute(select(users.active, users.session_token).where(users.id == who.user_id)).first()
    if person is None or not person.active or person.session_token != who.token:
        return Refusal.session_ended
    attempt = connection.execute(select(tries.status, tries.deadline).where(tries.id == attempt_id)).first()
    if attempt is None:
        return Refusal.not_found
    if attempt.status != AttemptStatus.in_progress:
        return Refusal.closed_submitted
    if now > attempt.deadline + _GRACE:
        return Refusal.closed_overdue
    closed = connection.execute(select(rows.closed).where(rows.attempt_id == attempt_id,
                                                          rows.position == position)).scalar()
    if closed:
        return Refusal.locked
    return Refusal.closed_submitted  # nothing left to explain it: treat it as closed, as before
