"""Authoring questions: create, edit (a new version once published), review, retire.

Rules:
* A question is created as version 1, a draft.
* A draft (or a returned question) is edited in place; a question in review must be withdrawn
  first; editing a published or retired question makes a new draft version, and exams keep
  drawing the published one until the new version is approved.
* Every edit carries the ``lock`` the editor saw; a different lock means someone else changed the
  question meanwhile, and the edit is refused with nothing overwritten.
* Approving publishes the head version, retires the previously published one and points exams at
  the new one. Only a reviewer of the bank (or an admin) who did not write the version approves.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition, User
from contest.core.db import utcnow
from contest.core.errors import DomainError
from contest.core.i18n import N_
from question_bank.access import can_review
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
from question_bank.payload import from_version, to_payload
from question_bank.records import QuestionRecord
from question_bank.sanitize import clean_text_fields
from question_bank.services.banks import all_exist
from question_bank.textnorm import fold, strip_html
from question_bank.types import get_type
from question_bank.types.keys import assign_keys

_keys_rng = random.SystemRandom()


class QuestionError(DomainError):
    """The question was refused; ``messages`` say why (Vietnamese, for the author)."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


def prepare(record: QuestionRecord) -> QuestionRecord:
    """Sanitize HTML, normalize tags, give every option a key and validate by the type's rules."""
    if record.type not in _types():
        raise QuestionError(N_("Loại câu hỏi không được hỗ trợ."))
    clean_text_fields(record)
    record.tags = normalize_tags(record.tags)
    assign_keys(record, _keys_rng)
    problems = get_type(record.type).validate(record)
    if problems:
        raise QuestionError(problems)
    return record


def _types():
    from question_bank.types import REGISTRY

    return REGISTRY


def normalize_tags(tags: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        tag = " ".join(tag.strip().lower().split())[:60]
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def _new_version(question: Question, record: QuestionRecord, author: User, number: int) -> QuestionVersion:
    return QuestionVersion(question_id=question.id, number=number, status=QuestionStatus.draft,
                           type=record.type, title=record.title[:255], stem=record.stem,
                           payload=to_payload(record), explanation=record.explanation,
                           difficulty=record.difficulty, tags=record.tags, created_by=author.id)


def _mirror(session: Session, question: Question, version: QuestionVersion) -> None:
    """Copy what lists filter on from the head version onto the question."""
    question.head_version_id = version.id
    question.status = version.status
    question.type = version.type
    question.difficulty = version.difficulty
    question.search_text = fold(" ".join([version.title, strip_html(version.stem), *version.tags]))
    question.updated_at = utcnow()
    for old in session.exec(select(QuestionTag).where(QuestionTag.question_id == question.id)):
        session.delete(old)
    session.flush()
    session.add_all([QuestionTag(question_id=question.id, tag=t) for t in version.tags])


def check_targets(session: Session, bank_id: int, category_id: int | None, position_ids=(),
                  field_ids=()) -> None:
    """The category must be one of the question's bank, positions and fields must exist (ids come
    from forms that accept any number)."""
    if category_id is not None:
        category = session.get(Category, category_id)
        if category is None or category.bank_id != bank_id:
            raise QuestionError(N_("Chủ đề không thuộc ngân hàng câu hỏi này."))
    if not all_exist(session, JobPosition, position_ids) or not all_exist(session, Field, field_ids):
        raise QuestionError(N_("Vị trí việc làm hoặc lĩnh vực đã chọn không còn tồn tại."))


def _set_targets(session: Session, question: Question, position_ids, field_ids) -> None:
    for model in (QuestionPosition, QuestionField):
        for link in session.exec(select(model).where(model.question_id == question.id)):
            session.delete(link)
    session.flush()
    session.add_all([QuestionPosition(question_id=question.id, job_position_id=p)
                     for p in set(position_ids)])
    session.add_all([QuestionField(question_id=question.id, field_id=f) for f in set(field_ids)])


def create_question(session: Session, bank: QuestionBank, author: User, record: QuestionRecord, *,
                    category_id: int | None, position_ids=(), field_ids=(),
                    publish: bool = False, validated: bool = False) -> Question:
    """A new question (version 1) in ``bank``: a draft, or published when ``publish`` (the caller
    has checked the author's right to publish directly)."""
    if not validated:
        prepare(record)
    check_targets(session, bank.id, category_id, position_ids, field_ids)
    question = Question(bank_id=bank.id, category_id=category_id, status=QuestionStatus.draft,
                        type=record.type, difficulty=record.difficulty, created_by=author.id)
    session.add(question)
    session.flush()
    version = _new_version(question, record, author, 1)
    if publish:
        version.status = QuestionStatus.published
        version.reviewed_by, version.reviewed_at = author.id, utcnow()
    session.add(version)
    session.flush()
    _mirror(session, question, version)
    if publish:
        question.published_version_id = version.id
    _set_targets(session, question, position_ids, field_ids)
    session.flush()
    return question


def head(session: Session, question: Question) -> QuestionVersion:
    return session.get(QuestionVersion, question.head_version_id)


def _check_lock(question: Question, lock: int | None) -> None:
    if lock is not None and lock != question.lock:
        raise QuestionError(N_("Câu hỏi vừa được người khác thay đổi. Nội dung của bạn chưa được "
                               "lưu; hãy tải lại trang để xem bản mới nhất rồi sửa lại."))


def _bump(question: Question) -> None:
    question.lock += 1
    question.updated_at = utcnow()


def update_question(session: Session, question: Question, author: User, record: QuestionRecord, *,
                    lock: int | None, category_id: int | None, position_ids=(), field_ids=()) -> QuestionVersion:
    """Save an edit: in place for a draft, as a new draft version for a published or retired
    question; refused while in review or when ``lock`` is stale."""
    _check_lock(question, lock)
    prepare(record)
    check_targets(session, question.bank_id, category_id, position_ids, field_ids)
    current = head(session, question)
    if current.status == QuestionStatus.in_review:
        raise QuestionError(N_("Câu hỏi đang chờ duyệt. Hãy rút lại yêu cầu duyệt trước khi sửa."))
    if current.status == QuestionStatus.draft:
        fresh = _new_version(question, record, author, current.number)
        for name in ("type", "title", "stem", "payload", "explanation", "difficulty", "tags"):
            setattr(current, name, getattr(fresh, name))
        current.created_by = author.id
        version = current
    else:
        version = _new_version(question, record, author, current.number + 1)
        session.add(version)
        session.flush()
    question.category_id = category_id
    _mirror(session, question, version)
    _set_targets(session, question, position_ids, field_ids)
    _bump(question)
    session.flush()
    return version


def _head_in(session: Session, question: Question, lock: int | None, status: QuestionStatus,
             refusal: str) -> QuestionVersion:
    """The head version, if the lock is current and the head is in ``status``."""
    _check_lock(question, lock)
    version = head(session, question)
    if version.status != status:
        raise QuestionError(refusal)
    return version


def _settle(session: Session, question: Question, version: QuestionVersion) -> None:
    """Mirror the head's new status on the question and mark the change."""
    question.status = version.status
    _bump(question)
    session.flush()


def submit_for_review(session: Session, question: Question, lock: int | None) -> None:
    """The author asks for review of the head draft."""
    version = _head_in(session, question, lock, QuestionStatus.draft,
                       N_("Chỉ gửi duyệt được câu hỏi ở trạng thái nháp."))
    version.status = QuestionStatus.in_review
    version.submitted_at = utcnow()
    _settle(session, question, version)


def withdraw(session: Session, question: Question, lock: int | None) -> None:
    """The author takes a question back from review to edit it."""
    version = _head_in(session, question, lock, QuestionStatus.in_review,
                       N_("Câu hỏi không ở trạng thái chờ duyệt."))
    version.status = QuestionStatus.draft
    _settle(session, question, version)


def review(session: Session, bank: QuestionBank, question: Question, reviewer: User, *,
           approve: bool, comment: str, lock: int | None) -> None:
    """Approve (publish) or return the version in review, with the reviewer's comment."""
    version = _head_in(session, question, lock, QuestionStatus.in_review,
                       N_("Câu hỏi không ở trạng thái chờ duyệt."))
    if not can_review(session, bank, reviewer, version):
        raise QuestionError(N_("Bạn không thể duyệt câu hỏi này (người duyệt phải là người khác "
                               "tác giả và thuộc danh sách người duyệt của ngân hàng)."))
    if not approve and not comment.strip():
        raise QuestionError(N_("Hãy ghi nhận xét khi trả lại câu hỏi cho tác giả."))
    version.reviewed_by, version.reviewed_at = reviewer.id, utcnow()
    version.review_comment = comment.strip()
    if approve:
        if question.published_version_id:
            previous = session.get(QuestionVersion, question.published_version_id)
            previous.status = QuestionStatus.retired
        version.status = QuestionStatus.published
        question.published_version_id = version.id
    else:
        version.status = QuestionStatus.draft
    _settle(session, question, version)


def retire(session: Session, question: Question, lock: int | None) -> None:
    """Take a published question out of future draws; attempts that used it keep it."""
    version = _head_in(session, question, lock, QuestionStatus.published,
                       N_("Chỉ ngừng sử dụng được câu hỏi đã xuất bản."))
    version.status = QuestionStatus.retired
    question.published_version_id = None
    _settle(session, question, version)


def versions(session: Session, question: Question) -> list[QuestionVersion]:
    return list(session.exec(select(QuestionVersion).where(QuestionVersion.question_id == question.id)
                             .order_by(QuestionVersion.number.desc())))


def record_of(session: Session, question: Question) -> QuestionRecord:
    return from_version(head(session, question))


def targets(session: Session, question: Question) -> tuple[list[int], list[int]]:
    positions = session.exec(select(QuestionPosition.job_position_id)
                             .where(QuestionPosition.question_id == question.id))
    fields = session.exec(select(QuestionField.field_id).where(QuestionField.question_id == question.id))
    return list(positions), list(fields)
