"""Turning an exam's stored draw rules into the pure drawing module's terms, and checking it.

Published questions per exam are cached for a few seconds (``contest.core.caching.DRAW_PLANS`` says
why that is safe).
"""

from __future__ import annotations

from sqlmodel import Session, select

from contest.core.caching import DRAW_PLANS
from contest.core.i18n import N_
from contest.exams import drawing
from contest.exams.models import DrawRule, Exam, FixedQuestion
from question_bank.models import Category, Question
from question_bank.services.published import category_parents, published_questions


def _uncategorized(bank_id: int) -> int:
    """Questions without a category are keyed by a negative pseudo-category of their bank, so a
    rule "any category of bank B" never draws from another bank."""
    return -bank_id


def exam_rules(session: Session, exam: Exam) -> list[DrawRule]:
    return list(session.exec(select(DrawRule).where(DrawRule.exam_id == exam.id)
                             .order_by(DrawRule.position, DrawRule.id)))


def _plan(session: Session, exam: Exam):
    rules = exam_rules(session, exam)
    bank_ids = sorted({r.bank_id for r in rules})
    fixed_rows = list(session.exec(select(FixedQuestion).where(FixedQuestion.exam_id == exam.id)
                                   .order_by(FixedQuestion.position)))
    published = published_questions(session, bank_ids)
    parents = category_parents(session, bank_ids)
    candidates = [drawing.Candidate(p.question_id, p.version_id,
                                    p.category_id if p.category_id is not None else _uncategorized(p.bank_id),
                                    p.difficulty) for p in published]
    bank_of = _category_banks(session, bank_ids)
    pure_rules = []
    for rule in rules:
        if rule.category_id is not None:
            categories = drawing.expand_categories({rule.category_id}, parents)
        else:
            categories = frozenset({c for c, bank in bank_of.items() if bank == rule.bank_id}
                                   | {_uncategorized(rule.bank_id)})
        pure_rules.append(drawing.DrawRule(rule.count, rule.points, categories, rule.difficulty))
    fixed = _fixed(session, fixed_rows)
    return pure_rules, fixed, candidates


def _category_banks(session: Session, bank_ids: list[int]) -> dict[int, int]:
    return dict(session.exec(select(Category.id, Category.bank_id).where(Category.bank_id.in_(bank_ids))).all())


def _fixed(session: Session, rows: list[FixedQuestion]) -> list[tuple[drawing.Candidate, float]]:
    fixed = []
    for row in rows:
        question = session.get(Question, row.question_id)
        if question is None or question.published_version_id is None:
            continue  # reported by check(): a fixed question must be published
        fixed.append((drawing.Candidate(question.id, question.published_version_id,
                                        question.category_id, question.difficulty), row.points))
    return fixed


def plan(session: Session, exam: Exam, fresh: bool = False):
    """(rules, fixed, candidates) for ``exam``, from the process cache unless ``fresh``."""
    result = None if fresh else DRAW_PLANS.get(exam.id)
    if result is None:
        result = _plan(session, exam)
        DRAW_PLANS.put(exam.id, result)
    return result


def forget(exam_id: int) -> None:
    """Drop one exam's cached plan (its draw rules changed)."""
    DRAW_PLANS.forget(exam_id)


def check(session: Session, exam: Exam) -> list[str]:
    """Why the draw rules cannot be filled from published questions; empty when it can."""
    rules, fixed, candidates = plan(session, exam, fresh=True)
    problems = []
    if not rules and not fixed:
        problems.append(N_("Đề thi chưa có quy tắc rút câu hỏi nào."))
    missing = len(list(session.exec(select(FixedQuestion).where(FixedQuestion.exam_id == exam.id)))) - len(fixed)
    if missing:
        problems.append(N_("Có câu hỏi cố định chưa được xuất bản."))
    return problems + drawing.check_draw_rules(rules, fixed, candidates)


def capacities(session: Session, exam: Exam) -> list[int]:
    """For each rule (in order), how many published questions it can draw from."""
    rules, fixed, candidates = plan(session, exam, fresh=True)
    return drawing.rule_capacity(rules, fixed, candidates)
