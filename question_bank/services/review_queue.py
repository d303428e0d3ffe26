"""The review queue: the questions waiting for one reviewer, and deciding several at once.

Rules:
* A question waits for ``user`` when its head version is in review, ``user`` did not write that
  version, and ``user`` reviews its bank (an admin reviews every bank): ``access.can_review``
  as a query. Other roles have nothing waiting.
* The queue is oldest submission first, so nothing waits behind newer work.
* A batch decision is the single-question ``questions.review`` run on each chosen question with
  the same decision and comment: every check (in review, reviewer of the bank, never one's own
  version, a comment when returning) is the one the question page applies. A refused question
  is left as it was and counted with its reason; the others are decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import false, func
from sqlmodel import Session, select

from contest.accounts.models import Role, User
from question_bank.models import (
    BankReviewer,
    Question,
    QuestionBank,
    QuestionStatus,
    QuestionVersion,
)
from question_bank.services.questions import QuestionError, review

PAGE_SIZE = 50


@dataclass
class QueuePage:
    #: (question, its head version in review, its bank, the author's name)
    items: list[tuple[Question, QuestionVersion, QuestionBank, str]]
    total: int
    page: int
    pages: int


@dataclass
class BatchResult:
    decided: int = 0
    #: refusal message (untranslated) -> how many chosen questions it stopped
    refused: dict[str, int] = field(default_factory=dict)


def _waiting(user: User, bank_id: int | None = None):
    """Ids of the questions waiting for ``user`` (see the module's rules)."""
    query = (select(Question.id)
             .join(QuestionVersion, QuestionVersion.id == Question.head_version_id)
             .where(Question.status == QuestionStatus.in_review,
                    QuestionVersion.status == QuestionStatus.in_review,
                    QuestionVersion.created_by != user.id))
    if user.role == Role.trainer:
        query = query.where(Question.bank_id.in_(
            select(BankReviewer.bank_id).where(BankReviewer.user_id == user.id)))
    elif user.role != Role.admin:
        query = query.where(false())
    if bank_id is not None:
        query = query.where(Question.bank_id == bank_id)
    return query


def waiting_count(session: Session, user: User) -> int:
    """How many questions wait for ``user``'s review, across every bank they review."""
    return session.exec(select(func.count()).select_from(_waiting(user).subquery())).one()


def waiting_banks(session: Session, user: User) -> list[tuple[QuestionBank, int]]:
    """The banks with questions waiting for ``user``, by name, with how many wait in each."""
    return list(session.exec(
        select(QuestionBank, func.count(Question.id))
        .join(Question, Question.bank_id == QuestionBank.id)
        .where(Question.id.in_(_waiting(user)))
        .group_by(QuestionBank.id).order_by(QuestionBank.name)).all())


def waiting_page(session: Session, user: User, bank_id: int | None = None, page: int = 1) -> QueuePage:
    """One page of the questions waiting for ``user`` (in one bank when ``bank_id``), oldest
    submission first."""
    ids = _waiting(user, bank_id)
    total = session.exec(select(func.count()).select_from(ids.subquery())).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = session.exec(
        select(Question, QuestionVersion, QuestionBank, User.full_name)
        .join(QuestionVersion, QuestionVersion.id == Question.head_version_id)
        .join(QuestionBank, QuestionBank.id == Question.bank_id)
        .join(User, User.id == QuestionVersion.created_by)
        .where(Question.id.in_(ids))
        .order_by(QuestionVersion.submitted_at, Question.id)
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return QueuePage(items=list(rows), total=total, page=page, pages=pages)


def review_batch(session: Session, reviewer: User, question_ids: list[int], *, approve: bool,
                 comment: str) -> BatchResult:
    """Approve (publish) or return each chosen question with one comment, through
    ``questions.review``; ids that are not questions are ignored."""
    result = BatchResult()
    questions = session.exec(select(Question).where(Question.id.in_(sorted(set(question_ids))))
                             .order_by(Question.id)).all()
    for question in questions:
        bank = session.get(QuestionBank, question.bank_id)
        try:
            review(session, bank, question, reviewer, approve=approve, comment=comment, lock=None)
        except QuestionError as err:
            for message in err.messages:
                result.refused[message] = result.refused.get(message, 0) + 1
        else:
            result.decided += 1
    return result
