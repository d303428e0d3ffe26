"""What exams may draw: published versions only, read fast.

A published version never changes, so its record is cached per process without expiry
(``contest.core.caching.PUBLISHED_RECORDS``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from contest.core.caching import PUBLISHED_RECORDS
from question_bank.models import Category, Question, QuestionVersion
from question_bank.payload import from_version
from question_bank.records import QuestionRecord


@dataclass(frozen=True)
class PublishedQuestion:
    question_id: int
    version_id: int
    bank_id: int
    category_id: int | None
    difficulty: str


def published_questions(session: Session, bank_ids: list[int]) -> list[PublishedQuestion]:
    """Every question of these banks that has a published version, with that version."""
    if not bank_ids:
        return []
    rows = session.exec(select(Question.id, Question.published_version_id, Question.bank_id,
                               Question.category_id, QuestionVersion.difficulty)
                        .join(QuestionVersion, QuestionVersion.id == Question.published_version_id)
                        .where(Question.bank_id.in_(bank_ids))
                        .order_by(Question.id)).all()
    return [PublishedQuestion(*row) for row in rows]


def category_parents(session: Session, bank_ids: list[int]) -> dict[int, int | None]:
    rows = session.exec(select(Category.id, Category.parent_id).where(Category.bank_id.in_(bank_ids)))
    return dict(rows.all())


def version_record(session: Session, version_id: int) -> QuestionRecord:
    """The record of a version an attempt uses (published when drawn, so immutable; cached)."""
    record = PUBLISHED_RECORDS.get(version_id)
    if record is None:
        record = from_version(session.get(QuestionVersion, version_id))
        PUBLISHED_RECORDS.put(version_id, record)
    return record


def version_records(session: Session, version_ids: list[int]) -> dict[int, QuestionRecord]:
    """Records of many versions with one query for those not cached yet."""
    found = {vid: r for vid in version_ids if (r := PUBLISHED_RECORDS.get(vid)) is not None}
    missing = [vid for vid in version_ids if vid not in found]
    if missing:
        for version in session.exec(select(QuestionVersion).where(QuestionVersion.id.in_(missing))):
            record = from_version(version)
            PUBLISHED_RECORDS.put(version.id, record)
            found[version.id] = record
    return found

