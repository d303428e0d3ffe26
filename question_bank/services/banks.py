"""Creating banks and their category trees."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition, Role, User
from contest.core.errors import DomainError
from contest.core.i18n import N_
from question_bank.models import (
    BankField,
    BankPosition,
    BankReviewer,
    Category,
    Question,
    QuestionBank,
    QuestionStatus,
)


class BankError(DomainError):
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


def all_exist(session: Session, model, ids) -> bool:
    """Every id of ``ids`` is a row of ``model`` (ids come from forms that accept any number)."""
    wanted = set(ids or ())
    return not wanted or len(session.exec(select(model.id).where(model.id.in_(sorted(wanted)))).all()) == len(wanted)


def set_audience(session: Session, bank: QuestionBank, position_ids, field_ids) -> None:
    """The job positions and fields the bank is meant for; each must exist."""
    if not all_exist(session, JobPosition, position_ids) or not all_exist(session, Field, field_ids):
        raise BankError(N_("Vị trí việc làm hoặc lĩnh vực đã chọn không còn tồn tại."), "position_ids")
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


def category_tree(session: Session, bank: QuestionBank) -> list[tuple[Category, int]]:
    """Categories in tree order with their depth, for indented selects and lists."""
    return category_trees(session, [bank])[bank.id]


def category_trees(session: Session, banks: list[QuestionBank]) -> dict[int, list[tuple[Category, int]]]:
    """``category_tree`` of each bank, with one query for all of them."""
    trees: dict[int, list[tuple[Category, int]]] = {bank.id: [] for bank in banks}
    children: dict[tuple[int, int | None], list[Category]] = {}
    if trees:
        for category in session.exec(select(Category).where(Category.bank_id.in_(list(trees)))
                                     .order_by(Category.name)):
            children.setdefault((category.bank_id, category.parent_id), []).append(category)

    def walk(bank_id, parent_id, depth):
        for category in children.get((bank_id, parent_id), []):
            trees[bank_id].append((category, depth))
            walk(bank_id, category.id, depth + 1)

    for bank_id in trees:
        walk(bank_id, None, 0)
    return trees


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


def bank_counts(session: Session, banks: list[QuestionBank]) -> dict[int, dict[str, object]]:
    """Per bank id: questions, published questions, questions in review, categories and
    questions per type; two grouped queries whatever the number of banks."""
    counts: dict[int, dict[str, object]] = {
        b.id: {"questions": 0, "published": 0, "in_review": 0, "categories": 0, "by_type": {}}
        for b in banks}
    if not counts:
        return counts
    rows = session.exec(select(Question.bank_id, Question.type, Question.status, func.count(),
                               func.count(Question.published_version_id))
                        .where(Question.bank_id.in_(list(counts)))
                        .group_by(Question.bank_id, Question.type, Question.status)).all()
    for bank_id, qtype, status, n, published in rows:
        bank = counts[bank_id]
        bank["questions"] += n
        bank["published"] += published
        bank["in_review"] += n if status == QuestionStatus.in_review else 0
        bank["by_type"][qtype] = bank["by_type"].get(qtype, 0) + n
    for bank_id, n in session.exec(select(Category.bank_id, func.count())
                                   .where(Category.bank_id.in_(list(counts))).group_by(Category.bank_id)):
        counts[bank_id]["categories"] = n
    return counts
