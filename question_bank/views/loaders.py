"""Load-and-authorize helpers for bank views (flaskr's ``get_post`` pattern)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlmodel import select

from contest.accounts.models import Field, JobPosition, Role, User
from contest.core import db
from question_bank.access import can_manage
from question_bank.models import Question, QuestionBank
from question_bank.services.banks import category_tree


def get_bank_or_404(bank_id: int) -> QuestionBank:
    """The bank, if the current user may manage it: 404 when it does not exist, 403 otherwise."""
    bank = db.session().get(QuestionBank, bank_id)
    if bank is None:
        abort(404)
    if not can_manage(db.session(), bank, current_user):
        abort(403)
    return bank


def get_question_or_404(bank: QuestionBank, question_id: int) -> Question:
    """A question of ``bank`` (404 for another bank's question, so ids cannot be probed)."""
    question = db.session().get(Question, question_id)
    if question is None or question.bank_id != bank.id:
        abort(404)
    return question


def category_choices(bank: QuestionBank, blank: str) -> list[tuple]:
    return [("", blank)] + [(c.id, "— " * depth + c.name)
                            for c, depth in category_tree(db.session(), bank)]


def position_choices() -> list[tuple[int, str]]:
    return [(p.id, p.name) for p in db.session().exec(
        select(JobPosition).where(JobPosition.active).order_by(JobPosition.name))]


def field_choices() -> list[tuple[int, str]]:
    return [(f.id, f.name) for f in db.session().exec(
        select(Field).where(Field.active).order_by(Field.name))]


def reviewer_choices() -> list[tuple[int, str]]:
    return [(u.id, f"{u.full_name} ({u.login_name})") for u in db.session().exec(
        select(User).where(User.role.in_([Role.trainer, Role.admin]), User.active)
        .order_by(User.full_name))]
