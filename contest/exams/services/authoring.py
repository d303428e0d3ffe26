"""Preparing exams: settings, draw rules, rounds, assignments, publishing (flush, never commit).

Business rules:

* The kind is chosen once, at creation. Contest-only settings (prediction question, leaderboard,
  prize tiers, collective prize tiers) are cleared for other kinds, whose leaderboard stays hidden; the pass mark (a
  share of the maximum score, 0 < ratio <= 1) belongs to assessments only.
* Which attempt counts cannot change once someone has submitted (each submit marks it).
* The draw rules are saved whole or not at all: rules or fixed questions that cannot be filled from
  published questions raise ``Refused`` with ``draw_rules.check()``'s messages, and the caller
  rolls back. Only a draft may be left with empty draw rules (it is still being prepared).
* Staff draw from the banks they manage; a rule already in the draw rules keeps its bank even
  when someone who does not manage it edits the exam (an admin may have added it).
* Publishing needs at least one round and draw rules that can be filled.
* Closing a round (early, or after its close time) finalizes it once: ranks and prizes are stored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_
from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.accounts.services import find_by_login
from contest.core.i18n import N_
from contest.exams import drawing
from contest.exams.models import (
    Assignment,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    DrawRule,
    Exam,
    ExamKind,
    ExamStatus,
    FixedQuestion,
    LeaderboardMode,
    Round,
)
from contest.exams.review_policy import ReviewPolicy, default_policy
from contest.exams.services import ExamError, attempts, draw_rules, results
from question_bank.access import can_manage, visible_banks
from question_bank.models import Category, Question, QuestionBank
from question_bank.records import DIFFICULTIES
from question_bank.sanitize import clean_html
from question_bank.services.published import version_records


class Refused(ExamError):
    """Several reasons at once (Vietnamese sentences); ``capacities`` per rule when known."""

    def __init__(self, problems: list[str], capacities: list[int] | None = None):
        super().__init__(" ".join(problems))
        self.problems = problems
        self.capacities = capacities


def managed_exams(session: Session, user: User) -> list[Exam]:
    """Admins manage every exam; a trainer the exams they created. Newest first."""
    query = select(Exam).order_by(Exam.created_at.desc(), Exam.id.desc())
    if user.role != Role.admin:
        query = query.where(Exam.created_by == user.id)
    return list(session.exec(query))


def exam_overview(session: Session, exam_ids: list[int]) -> dict[int, tuple[int, int]]:
    """exam id -> (rounds, distinct people who started an attempt in any round)."""
    rounds = dict(session.exec(select(Round.exam_id, func.count()).where(Round.exam_id.in_(exam_ids))
                               .group_by(Round.exam_id)).all())
    people = dict(session.exec(select(Round.exam_id, func.count(func.distinct(Attempt.user_id)))
                               .join(Attempt, Attempt.round_id == Round.id)
                               .where(Round.exam_id.in_(exam_ids)).group_by(Round.exam_id)).all())
    return {i: (rounds.get(i, 0), people.get(i, 0)) for i in exam_ids}


def create_exam(session: Session, creator: User, kind: ExamKind | str, **settings: Any) -> Exam:
    """A draft exam of ``kind``; review policy defaults to the kind's (see ``default_policy``)."""
    kind = ExamKind(kind)
    settings.setdefault("review_policy", default_policy(kind.value).to_dict())
    exam = Exam(kind=kind, status=ExamStatus.draft, title="", created_by=creator.id)
    update_settings(session, exam, **settings)
    session.add(exam)
    session.flush()
    return exam


def update_settings(session: Session, exam: Exam, **settings: Any) -> None:
    """Apply settings (names of ``Exam`` columns), keeping each kind to its own options."""
    allowed = {"title", "rules_html", "time_limit_seconds", "attempts_allowed", "counted_attempt",
               "shuffle_questions", "shuffle_options", "pass_ratio", "review_policy",
               "ask_prediction", "leaderboard", "prize_tiers", "unit_prize_tiers", "issues_certificate"}
    unknown = set(settings) - allowed
    if unknown:
        raise TypeError(f"unknown exam settings: {sorted(unknown)}")
    previous = exam.counted_attempt
    for name, value in settings.items():
        setattr(exam, name, value)
    exam.leaderboard = LeaderboardMode(exam.leaderboard)
    exam.title = (exam.title or "").strip()
    if not exam.title:
        raise ExamError(N_("Tên kỳ thi không được để trống."))
    if not 1 <= exam.attempts_allowed <= 50:
        raise ExamError(N_("Số lượt thi phải từ 1 đến 50."))
    if exam.time_limit_seconds is not None and exam.time_limit_seconds <= 0:
        raise ExamError(N_("Thời gian làm bài phải lớn hơn 0."))
    if exam.counted_attempt not in ("highest", "last", "first"):
        raise ExamError(N_("Cách tính lượt thi không hợp lệ."))
    if exam.id is not None and exam.counted_attempt != previous and _has_submissions(session, exam):
        # Which attempt counts is marked at each submit; a new rule would leave old marks wrong.
        raise ExamError(N_("Đã có bài nộp nên không thể đổi lượt được tính kết quả."))
    exam.rules_html = clean_html(exam.rules_html or "")
    exam.review_policy = ReviewPolicy.from_dict(exam.review_policy or {}).to_dict()
    if exam.kind != ExamKind.assessment:
        exam.pass_ratio = None
    elif not 0 < (exam.pass_ratio or 0) <= 1:
        raise ExamError(N_("Điểm đạt phải từ 1% đến 100% điểm tối đa."))
    if exam.kind != ExamKind.contest:
        exam.ask_prediction, exam.prize_tiers, exam.unit_prize_tiers = False, [], []
        exam.leaderboard = LeaderboardMode.hidden
    if exam.kind == ExamKind.practice:  # a certificate is earned by a pass or a prize only
        exam.issues_certificate = False
    session.flush()


def _has_submissions(session: Session, exam: Exam) -> bool:
    return session.exec(select(Attempt.id).join(Round, Round.id == Attempt.round_id)
                        .where(Round.exam_id == exam.id, Attempt.status == AttemptStatus.submitted)
                        .limit(1)).first() is not None


def rule_banks(session: Session, exam: Exam, user: User) -> list[QuestionBank]:
    """Banks a rule may draw from: those ``user`` manages, plus those the draw rules already uses."""
    banks = {b.id: b for b in visible_banks(session, user)}
    used = {r.bank_id for r in draw_rules.exam_rules(session, exam)} - set(banks)
    if used:
        banks.update({b.id: b for b in session.exec(select(QuestionBank).where(QuestionBank.id.in_(used)))})
    return sorted(banks.values(), key=lambda b: b.name)


def set_rules(session: Session, exam: Exam, user: User, rows: list[dict[str, Any]]) -> list[int]:
    """Replace the draw rules (in order); returns each rule's capacity. See module rules."""
    allowed = {b.id for b in rule_banks(session, exam, user)}
    problems = []
    for n, row in enumerate(rows, start=1):
        category = session.get(Category, row["category_id"]) if row.get("category_id") else None
        if row.get("bank_id") not in allowed:
            problems.append(N_("Quy tắc %(n)d: hãy chọn một ngân hàng câu hỏi bạn quản lý.") % {"n": n})
        elif row.get("category_id") and (category is None or category.bank_id != row["bank_id"]):
            problems.append(N_("Quy tắc %(n)d: chủ đề không thuộc ngân hàng đã chọn.") % {"n": n})
        if row.get("difficulty") not in (None, "", *DIFFICULTIES):
            problems.append(N_("Quy tắc %(n)d: mức độ không hợp lệ.") % {"n": n})
        if not 1 <= int(row.get("count") or 0) <= 500 or not 0 <= float(row.get("points") or 0) <= 1000:
            problems.append(N_("Quy tắc %(n)d: số câu phải từ 1 đến 500 và điểm từ 0 đến 1000.") % {"n": n})
    if problems:
        raise Refused(problems)
    session.execute(delete(DrawRule).where(DrawRule.exam_id == exam.id))
    session.add_all([DrawRule(exam_id=exam.id, position=n, bank_id=row["bank_id"],
                                   category_id=row.get("category_id") or None,
                                   difficulty=row.get("difficulty") or None, count=int(row["count"]),
                                   points=float(row["points"])) for n, row in enumerate(rows)])
    session.flush()
    return _refuse_unless_fillable(session, exam)


def set_fixed(session: Session, exam: Exam, user: User, rows: list[dict[str, Any]]) -> None:
    """Replace the fixed questions: published questions of banks ``user`` manages, each once."""
    problems, seen = [], set()
    for row in rows:
        question = session.get(Question, row["question_id"])
        bank = session.get(QuestionBank, question.bank_id) if question else None
        if bank is None or not can_manage(session, bank, user):
            problems.append(N_("Không có câu hỏi số %(id)d trong các ngân hàng bạn quản lý.")
                            % {"id": row["question_id"]})
        elif question.id in seen:
            problems.append(N_("Câu hỏi số %(id)d được chọn nhiều lần.") % {"id": question.id})
        seen.add(row["question_id"])
    if problems:
        raise Refused(problems)
    session.execute(delete(FixedQuestion).where(FixedQuestion.exam_id == exam.id))
    session.add_all([FixedQuestion(exam_id=exam.id, question_id=row["question_id"], position=n,
                                   points=float(row["points"])) for n, row in enumerate(rows)])
    session.flush()
    _refuse_unless_fillable(session, exam)


def _refuse_unless_fillable(session: Session, exam: Exam) -> list[int]:
    """Check the draw rules as just flushed; the draw cache never keeps a refused set of draw rules."""
    empty = not draw_rules.exam_rules(session, exam) and not fixed_questions(session, exam)
    problems = [] if empty and exam.status == ExamStatus.draft else draw_rules.check(session, exam)
    capacities = draw_rules.capacities(session, exam)
    draw_rules.forget(exam.id)
    if problems:
        raise Refused(problems, capacities)
    return capacities


def fixed_questions(session: Session, exam: Exam) -> list[FixedQuestion]:
    return list(session.exec(select(FixedQuestion).where(FixedQuestion.exam_id == exam.id)
                             .order_by(FixedQuestion.position)))


def rounds_of(session: Session, exam: Exam) -> list[Round]:
    return list(session.exec(select(Round).where(Round.exam_id == exam.id)
                             .order_by(Round.opens_at, Round.id)))


def add_round(session: Session, exam: Exam, name: str, opens_at: datetime, closes_at: datetime) -> Round:
    """A round of ``exam``; times are naive UTC and the round must close after it opens."""
    name = (name or "").strip()
    if not name:
        raise ExamError(N_("Tên đợt thi không được để trống."))
    if closes_at <= opens_at:
        raise ExamError(N_("Thời điểm đóng phải sau thời điểm mở."))
    round_ = Round(exam_id=exam.id, name=name, opens_at=opens_at, closes_at=closes_at)
    session.add(round_)
    session.flush()
    return round_


def closing_refusal(round_: Round, now: datetime) -> str | None:
    """Why the round cannot be closed now (a Vietnamese message), or None: a round is closed
    once, and only after it has opened."""
    if round_.finalized_at is not None:
        return N_("Đợt thi này đã được chốt kết quả.")
    if now <= round_.opens_at:  # closing moves ``closes_at`` to now, which must stay after the opening
        return N_("Đợt thi chưa mở nên chưa thể đóng.")
    return None


def close_round(session: Session, round_: Round, now: datetime) -> None:
    """Close the round now (or, past its close time, just finalize it): ranks and prizes stored.
    This cannot be undone; the view asks the organiser to confirm first."""
    refusal = closing_refusal(round_, now)
    if refusal:
        raise ExamError(refusal)
    results.finalize_round(session, round_, now)


def set_assignments(session: Session, exam: Exam, rows: list[dict[str, Any]], logins: list[str]) -> None:
    """Assessments only: replace who must sit the exam. A row needs at least one criterion;
    officials named by email or phone must exist and be officials."""
    if exam.kind != ExamKind.assessment:
        raise ExamError(N_("Chỉ kỳ sát hạch mới giao cho cán bộ."))
    problems, users = [], {}
    for login in logins:
        user = find_by_login(session, login)
        if user is None:
            problems.append(N_("Không tìm thấy tài khoản «%(login)s».") % {"login": login})
        elif user.role != Role.official:
            problems.append(N_("«%(login)s» không phải tài khoản cán bộ, công chức.") % {"login": login})
        else:
            users[user.id] = user
    keys = ("unit_id", "job_position_id", "field_id")
    rows = [row for row in rows if any(row.get(k) for k in keys)]
    for n, row in enumerate(rows, start=1):
        for key, model in zip(keys, (Unit, JobPosition, Field), strict=True):
            if row.get(key) and session.get(model, row[key]) is None:
                problems.append(N_("Dòng %(n)d: lựa chọn không còn tồn tại.") % {"n": n})
    if problems:
        raise Refused(problems)
    session.execute(delete(Assignment).where(Assignment.exam_id == exam.id))
    session.add_all([Assignment(exam_id=exam.id, **{k: row.get(k) or None for k in keys}) for row in rows])
    session.add_all([Assignment(exam_id=exam.id, user_id=uid) for uid in users])
    session.flush()


def assignments_of(session: Session, exam: Exam) -> list[Assignment]:
    return list(session.exec(select(Assignment).where(Assignment.exam_id == exam.id).order_by(Assignment.id)))


def covered_officials(session: Session, exam: Exam) -> list[User]:
    """Active officials this exam's assignments cover: anyone matching every criterion of a row
    (a unit includes its sub-units), or named in a row. Same rule as ``eligibility``."""
    rows = assignments_of(session, exam)
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in session.exec(select(Unit.id, Unit.parent_id)).all():
        children.setdefault(parent_id, []).append(unit_id)
    conditions = []
    for row in rows:
        if row.user_id is not None:
            conditions.append(User.id == row.user_id)
            continue
        parts = []
        if row.unit_id is not None:
            parts.append(User.unit_id.in_(_subtree(children, row.unit_id)))
        if row.job_position_id is not None:
            parts.append(User.job_position_id == row.job_position_id)
        if row.field_id is not None:
            parts.append(User.field_id == row.field_id)
        if parts:
            conditions.append(and_(*parts))
    if not conditions:
        return []
    return list(session.exec(select(User).where(User.role == Role.official, User.active, or_(*conditions))
                             .order_by(User.full_name, User.id)))


def _subtree(children: dict[int | None, list[int]], root: int) -> list[int]:
    found, stack = [], [root]
    while stack and len(found) < 100_000:
        unit_id = stack.pop()
        found.append(unit_id)
        stack.extend(children.get(unit_id, ()))
    return found


def publish(session: Session, exam: Exam) -> None:
    """Open the exam to examinees: it needs a round and draw rules that can be filled."""
    if exam.status == ExamStatus.published:
        return
    problems = draw_rules.check(session, exam)
    draw_rules.forget(exam.id)
    if not rounds_of(session, exam):
        problems.append(N_("Kỳ thi chưa có đợt thi nào."))
    if problems:
        raise Refused(problems)
    exam.status = ExamStatus.published
    session.flush()


def archive(session: Session, exam: Exam) -> None:
    """Withdraw the exam from examinees; its rounds, attempts and results stay."""
    exam.status = ExamStatus.archived
    session.flush()


@dataclass
class SampleQuestion:
    position: int
    points: float
    record: Any  #: the QuestionRecord, key included (staff only)
    view: dict[str, Any]  #: what an examinee would see


def sample_draw(session: Session, exam: Exam, seed: int) -> list[SampleQuestion]:
    """Draw once, and show each question, exactly as an attempt with ``seed`` would get them
    (staff preview); ExamError when the draw rules cannot be filled."""
    rules, fixed, candidates = draw_rules.plan(session, exam, fresh=True)
    rng = random.Random(seed)
    try:
        drawn = drawing.draw(rules, fixed, candidates, rng, exam.shuffle_questions)
    except drawing.DrawRulesError as err:
        raise ExamError(str(err)) from err
    attempt = Attempt(seed=seed)  # never stored: lends its seed to the examinee's view
    records = version_records(session, [item.version_id for item in drawn])
    sample = []
    for item in drawn:
        record = records[item.version_id]
        slot = AttemptQuestion(position=item.position, question_id=item.question_id,
                               version_id=item.version_id, points=item.points)
        sample.append(SampleQuestion(item.position, item.points, record,
                                     attempts.public_view(exam, attempt, slot, record)))
    return sample
