"""Finding questions in a bank (filters, diacritic-blind search, pages) and bulk actions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from contest.core.i18n import N_
from question_bank.models import (
    Category,
    Question,
    QuestionBank,
    QuestionField,
    QuestionPosition,
    QuestionStatus,
    QuestionTag,
    QuestionVersion,
)
from question_bank.services.questions import (
    QuestionError,
    normalize_tags,
    retire,
    submit_for_review,
)
from question_bank.textnorm import fold

PAGE_SIZE = 25


@dataclass
class QuestionFilter:
    q: str = ""
    category_id: int | None = None
    type: str | None = None
    difficulty: str | None = None
    status: str | None = None
    tag: str | None = None
    position_id: int | None = None
    field_id: int | None = None
    page: int = 1


@dataclass
class Page:
    items: list[tuple[Question, QuestionVersion]]
    total: int
    page: int
    pages: int


def descendants(session: Session, bank_id: int, category_id: int) -> list[int]:
    """A category and everything below it."""
    rows = session.exec(select(Category.id, Category.parent_id).where(Category.bank_id == bank_id)).all()
    children: dict[int | None, list[int]] = {}
    for cid, parent in rows:
        children.setdefault(parent, []).append(cid)
    found, stack = [], [category_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def find_questions(session: Session, bank: QuestionBank, flt: QuestionFilter) -> Page:
    """Questions of ``bank`` matching every given filter, newest first, one page at a time.

    Search ignores case and Vietnamese diacritics: "dich vu cong" finds "Dịch vụ công".
    A category filter includes its subcategories.
    """
    query = select(Question).where(Question.bank_id == bank.id)
    if flt.q.strip():
        for word in fold(flt.q).split():
            query = query.where(Question.search_text.contains(word, autoescape=True))
    if flt.category_id:
        query = query.where(Question.category_id.in_(descendants(session, bank.id, flt.category_id)))
    if flt.type:
        query = query.where(Question.type == flt.type)
    if flt.difficulty:
        query = query.where(Question.difficulty == flt.difficulty)
    if flt.status:
        query = query.where(Question.status == flt.status)
    if flt.tag:
        query = query.where(Question.id.in_(select(QuestionTag.question_id)
                                            .where(QuestionTag.tag == flt.tag.strip().lower())))
    if flt.position_id:
        query = query.where(Question.id.in_(select(QuestionPosition.question_id).where(
            QuestionPosition.job_position_id == flt.position_id)))
    if flt.field_id:
        query = query.where(Question.id.in_(select(QuestionField.question_id)
                                            .where(QuestionField.field_id == flt.field_id)))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, flt.page), pages)
    rows = session.exec(
        select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == Question.head_version_id)
        .where(Question.id.in_(query.with_only_columns(Question.id)))
        .order_by(Question.updated_at.desc(), Question.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return Page(items=list(rows), total=total, page=page, pages=pages)


def bank_tags(session: Session, bank: QuestionBank) -> list[str]:
    return list(session.exec(select(QuestionTag.tag).distinct().join(
        Question, Question.id == QuestionTag.question_id).where(Question.bank_id == bank.id)
        .order_by(QuestionTag.tag)))


BULK_ACTIONS = ("move", "tag", "untag", "retire", "submit")


def bulk_action(session: Session, bank: QuestionBank, question_ids: list[int], action: str,
                value: str | int | None) -> int:
    """Apply one action to the chosen questions of ``bank``; returns how many changed.

    Questions of other banks among the ids are ignored. ``move`` needs a category of this bank;
    ``submit`` sends drafts to review; ``retire`` stops published questions from being drawn.
    """
    questions = list(session.exec(select(Question).where(Question.bank_id == bank.id,
                                                         Question.id.in_(question_ids))))
    if action == "move":
        category = session.get(Category, value) if value else None
        if category is None or category.bank_id != bank.id:
            raise QuestionError(N_("Hãy chọn chủ đề đích thuộc ngân hàng này."))
        for question in questions:
            question.category_id = category.id
            question.lock += 1
        session.flush()
        return len(questions)
    if action in ("tag", "untag"):
        tags = normalize_tags([str(value or "")])
        if not tags:
            raise QuestionError(N_("Hãy nhập thẻ."))
        return _bulk_tag(session, questions, tags[0], add=action == "tag")
    if action in ("retire", "submit"):
        wanted = QuestionStatus.published if action == "retire" else QuestionStatus.draft
        changed = [q for q in questions if q.status == wanted]
        for question in changed:
            (retire if action == "retire" else submit_for_review)(session, question, None)
        return len(changed)
    raise QuestionError(N_("Thao tác không hợp lệ."))


def _bulk_tag(session: Session, questions: list[Question], tag: str, add: bool) -> int:
    """Tags live on versions; a published version is immutable, so tagging changes only the
    question's filter tags and drafts' own tag lists (the next version carries them on)."""
    count = 0
    for question in questions:
        link = session.get(QuestionTag, (question.id, tag))
        version = session.get(QuestionVersion, question.head_version_id)
        if add and link is None:
            session.add(QuestionTag(question_id=question.id, tag=tag))
            if version.status == QuestionStatus.draft:
                version.tags = [*version.tags, tag]
            count += 1
        elif not add and link is not None:
            session.delete(link)
            if version.status == QuestionStatus.draft:
                version.tags = [t for t in version.tags if t != tag]
            count += 1
    session.flush()
    return count
