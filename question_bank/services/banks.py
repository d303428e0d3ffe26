"""Creating banks and their category trees."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from contest.accounts.models import Role, User
from contest.i18n import N_
from question_bank.models import (
    BankField,
    BankPosition,
    BankReviewer,
    Category,
    Question,
    QuestionBank,
    QuestionStatus,
)


class BankError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def create_bank(session: Session, owner: User, *, name: str, description: str = "",
                is_public: bool = False, position_ids=(), field_ids=(), reviewer_ids=()) -> QuestionBank:
    """A new bank owned by ``owner``; names are unique (ignoring case)."""
    name = name.strip()
    exists = session.exec(select(QuestionBank.id).where(func.lower(QuestionBank.name) == name.lower()))
    if exists.first() is not None:
        raise BankError(N_("Đã có ngân hàng câu hỏi mang tên này."), "name")
    bank = QuestionBank(name=name, description=description.strip(), owner_id=owner.id,
                        is_public=is_public)
    session.add(bank)
    session.flush()
    set_audience(session, bank, position_ids, field_ids)
    set_reviewers(session, bank, reviewer_ids)
    return bank


def set_audience(session: Session, bank: QuestionBank, position_ids, field_ids) -> None:
    for link in session.exec(select(BankPosition).where(BankPosition.bank_id == bank.id)):
        session.delete(link)
    for link in session.exec(select(BankField).where(BankField.bank_id == bank.id)):
        session.delete(link)
    session.flush()
    session.add_all([BankPosition(bank_id=bank.id, job_position_id=p) for p in set(position_ids)])
    session.add_all([BankField(bank_id=bank.id, field_id=f) for f in set(field_ids)])
    session.flush()


def set_reviewers(session: Session, bank: QuestionBank, reviewer_ids) -> None:
    """Reviewers are trainers or admins other than nobody in particular; the owner may be one too,
    but never approves their own questions (see access.can_review)."""
    for link in session.exec(select(BankReviewer).where(BankReviewer.bank_id == bank.id)):
        session.delete(link)
    session.flush()
    ids = set(reviewer_ids)
    if ids:
        valid = set(session.exec(select(User.id).where(
            User.id.in_(ids), User.role.in_([Role.trainer, Role.admin]), User.active)))
        if valid != ids:
            raise BankError(N_("Người duyệt phải là giảng viên hoặc quản trị viên đang hoạt động."),
                            "reviewer_ids")
    session.add_all([BankReviewer(bank_id=bank.id, user_id=u) for u in ids])
    session.flush()


def bank_reviewer_ids(session: Session, bank: QuestionBank) -> list[int]:
    return list(session.exec(select(BankReviewer.user_id).where(BankReviewer.bank_id == bank.id)))


def bank_audience(session: Session, bank: QuestionBank) -> tuple[list[int], list[int]]:
    positions = session.exec(select(BankPosition.job_position_id).where(BankPosition.bank_id == bank.id))
    fields = session.exec(select(BankField.field_id).where(BankField.bank_id == bank.id))
    return list(positions), list(fields)


def categories(session: Session, bank: QuestionBank) -> list[Category]:
    return list(session.exec(select(Category).where(Category.bank_id == bank.id).order_by(Category.name)))


def category_tree(session: Session, bank: QuestionBank) -> list[tuple[Category, int]]:
    """Categories in tree order with their depth, for indented selects and lists."""
    items = categories(session, bank)
    children: dict[int | None, list[Category]] = {}
    for category in items:
        children.setdefault(category.parent_id, []).append(category)
    ordered: list[tuple[Category, int]] = []

    def walk(parent_id, depth):
        for category in children.get(parent_id, []):
            ordered.append((category, depth))
            walk(category.id, depth + 1)

    walk(None, 0)
    return ordered


def create_category(session: Session, bank: QuestionBank, name: str,
                    parent_id: int | None = None) -> Category:
    """A category under ``parent_id`` (of the same bank); sibling names are unique."""
    name = name.strip()
    if not name:
        raise BankError(N_("Tên chủ đề không được để trống."), "name")
    if parent_id is not None:
        parent = session.get(Category, parent_id)
        if parent is None or parent.bank_id != bank.id:
            raise BankError(N_("Chủ đề cha không thuộc ngân hàng này."), "parent_id")
    same = session.exec(select(Category).where(Category.bank_id == bank.id,
                                               Category.parent_id == parent_id,
                                               func.lower(Category.name) == name.lower())).first()
    if same is not None:
        raise BankError(N_("Đã có chủ đề cùng tên ở vị trí này."), "name")
    category = Category(bank_id=bank.id, parent_id=parent_id, name=name)
    session.add(category)
    session.flush()
    return category


def ensure_category_path(session: Session, bank: QuestionBank, path: tuple[str, ...],
                         cache: dict | None = None) -> int | None:
    """The id of the category at ``path`` (created as needed), or None for an empty path."""
    cache = {} if cache is None else cache
    parent_id = None
    for depth in range(1, len(path) + 1):
        key = path[:depth]
        if key not in cache:
            name = path[depth - 1].strip()[:200] or "?"
            found = session.exec(select(Category).where(
                Category.bank_id == bank.id, Category.parent_id == parent_id,
                func.lower(Category.name) == name.lower())).first()
            if found is None:
                found = Category(bank_id=bank.id, parent_id=parent_id, name=name)
                session.add(found)
                session.flush()
            cache[key] = found.id
        parent_id = cache[key]
    return parent_id


def bank_counts(session: Session, bank: QuestionBank) -> dict[str, object]:
    """Questions, published questions, categories and questions per type."""
    rows = session.exec(select(Question.type, Question.status, Question.published_version_id)
                        .where(Question.bank_id == bank.id)).all()
    by_type: dict[str, int] = {}
    for qtype, _status, _published in rows:
        by_type[qtype] = by_type.get(qtype, 0) + 1
    return {
        "questions": len(rows),
        "published": sum(1 for _t, _s, published in rows if published is not None),
        "drafts": sum(1 for _t, s, _p in rows if s == QuestionStatus.draft),
        "in_review": sum(1 for _t, s, _p in rows if s == QuestionStatus.in_review),
        "categories": len(categories(session, bank)),
        "by_type": by_type,
    }
