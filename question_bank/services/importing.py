"""Bringing parsed question records into a bank: validate everything first, then write in bulk.

Rules: every record is sanitized and validated by its type; job positions and fields are matched
by name (ignoring case) and an unknown name is a problem on that record's line; categories are
created as needed. The caller decides whether problems stop the import (nothing is written)
or the invalid records are skipped. Imported questions are drafts, or published when the
importer may publish directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition, User
from contest.core.db import utcnow
from contest.core.i18n import N_
from question_bank.formats.base import Problem
from question_bank.models import (
    Question,
    QuestionBank,
    QuestionField,
    QuestionPosition,
    QuestionStatus,
    QuestionTag,
    QuestionVersion,
)
from question_bank.payload import to_payload
from question_bank.records import QuestionRecord
from question_bank.services.banks import ensure_category_path
from question_bank.services.questions import QuestionError, prepare
from question_bank.textnorm import fold, strip_html

#: Options (choices, numeric answers, matching pairs, ordering items) one imported question may
#: have; the question form allows 30.
MAX_PARTS = 100
#: Tags, and likewise job positions or fields, one imported question may carry.
MAX_LABELS = 100


@dataclass
class Prepared:
    record: QuestionRecord
    position_ids: list[int]
    field_ids: list[int]


@dataclass
class Checked:
    ready: list[Prepared] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _names(session: Session, model) -> dict[str, int]:
    return {name.lower(): id_ for id_, name in session.exec(select(model.id, model.name))}


def check_records(session: Session, records: list[QuestionRecord]) -> Checked:
    """Validate each record and resolve its positions and fields; collect problems by line.

    A record with more than ``MAX_PARTS`` options (answers, pairs, items) or more than
    ``MAX_LABELS`` tags (positions, fields) is a problem before anything else is checked: one
    question of a file within the question cap must not carry a million tags to the database.
    """
    positions, fields = _names(session, JobPosition), _names(session, Field)
    checked = Checked()
    for record in records:
        if excess := _excess(record):
            checked.problems += [Problem(record.line, m) for m in excess]
            continue
        messages: list[str] = []
        try:
            prepare(record)
        except QuestionError as err:
            messages += err.messages
        unknown_p = [p for p in record.positions if p.strip().lower() not in positions]
        unknown_f = [f for f in record.fields if f.strip().lower() not in fields]
        if unknown_p:
            messages.append(N_("Không có vị trí việc làm: %(names)s.") % {"names": ", ".join(unknown_p)})
        if unknown_f:
            messages.append(N_("Không có lĩnh vực: %(names)s.") % {"names": ", ".join(unknown_f)})
        if messages:
            checked.problems += [Problem(record.line, m) for m in messages]
            continue
        checked.ready.append(Prepared(
            record, sorted({positions[p.strip().lower()] for p in record.positions}),
            sorted({fields[f.strip().lower()] for f in record.fields})))
    return checked


def _excess(record: QuestionRecord) -> list[str]:
    parts = max(len(record.choices), len(record.numeric), len(record.pairs), len(record.items))
    messages = []
    if parts > MAX_PARTS:
        messages.append(N_("Câu hỏi có %(n)s phương án hoặc đáp án; tối đa %(max)s.")
                        % {"n": parts, "max": MAX_PARTS})
    for label, names in ((N_("thẻ"), record.tags), (N_("vị trí việc làm"), record.positions),
                         (N_("lĩnh vực"), record.fields)):
        if len(names) > MAX_LABELS:
            messages.append(N_("Câu hỏi gắn %(n)s %(label)s; tối đa %(max)s.")
                            % {"n": len(names), "label": label, "max": MAX_LABELS})
    return messages


def store(session: Session, bank: QuestionBank, author: User, items: list[Prepared], *,
          publish: bool) -> list[Question]:
    """Write validated records as questions of ``bank`` in a few bulk statements."""
    status = QuestionStatus.published if publish else QuestionStatus.draft
    cache: dict = {}
    now = utcnow()
    questions = []
    for item in items:
        record = item.record
        questions.append(Question(
            bank_id=bank.id, category_id=ensure_category_path(session, bank, record.category, cache),
            status=status, type=record.type, difficulty=record.difficulty, created_by=author.id,
            search_text=fold(" ".join([record.title, strip_html(record.stem), *record.tags])),
            created_at=now, updated_at=now))
    session.add_all(questions)
    session.flush()
    versions = [QuestionVersion(
        question_id=q.id, number=1, status=status, type=i.record.type, title=i.record.title[:255],
        stem=i.record.stem, payload=to_payload(i.record), explanation=i.record.explanation,
        difficulty=i.record.difficulty, tags=i.record.tags, created_by=author.id, created_at=now,
        reviewed_by=author.id if publish else None, reviewed_at=now if publish else None)
        for q, i in zip(questions, items, strict=True)]
    session.add_all(versions)
    session.flush()
    links: list = []
    for question, version, item in zip(questions, versions, items, strict=True):
        question.head_version_id = version.id
        if publish:
            question.published_version_id = version.id
        links += [QuestionTag(question_id=question.id, tag=t) for t in item.record.tags]
        links += [QuestionPosition(question_id=question.id, job_position_id=p) for p in item.position_ids]
        links += [QuestionField(question_id=question.id, field_id=f) for f in item.field_ids]
    session.add_all(links)
    session.flush()
    return questions


def find_bank(session: Session, name: str) -> QuestionBank | None:
    return session.exec(select(QuestionBank).where(func.lower(QuestionBank.name) == name.strip().lower())).first()
