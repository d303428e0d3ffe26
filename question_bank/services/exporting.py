"""A bank's questions as plain records, ready for any format's writer.

Rules: each question is exported as its head version (what authors see and edit), with its
category path, job positions and fields (by name), tags and difficulty. Retired questions are
left out: an export is what the bank offers now. Questions come grouped by category path, then
in creation order, so formats that write categories once per group stay compact. With
``with_images`` (Moodle XML carries files), images the bank serves are embedded and their
``<img src>`` point at ``@@PLUGINFILE@@/name`` as Moodle expects.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition
from question_bank.formats import FORMATS, get_format
from question_bank.models import (
    BankImage,
    Category,
    Question,
    QuestionBank,
    QuestionField,
    QuestionPosition,
    QuestionStatus,
    QuestionVersion,
)
from question_bank.payload import from_version
from question_bank.records import QuestionRecord
from question_bank.services.import_flow import PLUGINFILE

_IMAGE_SRC = re.compile(r'src="/bank/images/(\d+)"')
#: File name extension and MIME type of each format's download.
DOWNLOADS = {
    "gift": ("gift", "text/plain; charset=utf-8"),
    "moodle-xml": ("xml", "application/xml; charset=utf-8"),
    "aiken": ("txt", "text/plain; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}


def category_paths(session: Session, bank: QuestionBank) -> dict[int, tuple[str, ...]]:
    """The path from the bank's root of every category of ``bank``."""
    rows = session.exec(select(Category.id, Category.parent_id, Category.name)
                        .where(Category.bank_id == bank.id)).all()
    parents = {id_: (parent, name) for id_, parent, name in rows}
    paths: dict[int, tuple[str, ...]] = {}

    def path(id_: int, seen: frozenset = frozenset()) -> tuple[str, ...]:
        if id_ not in paths:
            parent, name = parents[id_]
            up = path(parent, seen | {id_}) if parent in parents and parent not in seen else ()
            paths[id_] = (*up, name)
        return paths[id_]

    for id_ in parents:
        path(id_)
    return paths


def _names(session: Session, bank: QuestionBank, link, column, model) -> dict[int, list[str]]:
    rows = session.exec(select(link.question_id, model.name).join(model, model.id == column)
                        .join(Question, Question.id == link.question_id)
                        .where(Question.bank_id == bank.id).order_by(model.name)).all()
    found: dict[int, list[str]] = defaultdict(list)
    for question_id, name in rows:
        found[question_id].append(name)
    return found


def bank_records(session: Session, bank: QuestionBank, *,
                 with_images: bool = False) -> list[QuestionRecord]:
    """The bank's questions (head versions, retired left out) as records; see module rules."""
    rows = session.exec(select(Question, QuestionVersion)
                        .join(QuestionVersion, QuestionVersion.id == Question.head_version_id)
                        .where(Question.bank_id == bank.id,
                               Question.status != QuestionStatus.retired)
                        .order_by(Question.id)).all()
    paths = category_paths(session, bank)
    positions = _names(session, bank, QuestionPosition, QuestionPosition.job_position_id, JobPosition)
    fields = _names(session, bank, QuestionField, QuestionField.field_id, Field)
    records = []
    for question, version in rows:
        record = from_version(version)
        record.category = paths.get(question.category_id, ())
        record.positions = positions.get(question.id, [])
        record.fields = fields.get(question.id, [])
        records.append(_floats(record))
    records.sort(key=lambda r: r.category)  # stable: creation order inside a category
    if with_images:
        _embed_images(session, bank, records)
    return records


def _floats(record: QuestionRecord) -> QuestionRecord:
    """JSON gives back ``1`` for ``1.0``; writers format numbers as floats."""
    for choice in record.choices:
        choice.fraction = float(choice.fraction)
    for answer in record.numeric:
        answer.fraction, answer.tolerance = float(answer.fraction), float(answer.tolerance or 0)
        for name in ("value", "low", "high"):
            if getattr(answer, name) is not None:
                setattr(answer, name, float(getattr(answer, name)))
    return record


def _embed_images(session: Session, bank: QuestionBank, records: list[QuestionRecord]) -> None:
    wanted = {int(i) for r in records for i in _IMAGE_SRC.findall(r.stem + r.explanation)}
    if not wanted:
        return
    images = {image.id: image for image in session.exec(
        select(BankImage).where(BankImage.bank_id == bank.id, BankImage.id.in_(wanted)))}
    for record in records:
        def embed(match: re.Match, record: QuestionRecord = record) -> str:
            image = images.get(int(match.group(1)))
            if image is None:
                return match.group(0)
            name = f"{image.id}-{re.sub(r'[^A-Za-z0-9._-]', '_', image.name)}"
            record.images[name] = image.data
            return f'src="{PLUGINFILE}{name}"'

        record.stem = _IMAGE_SRC.sub(embed, record.stem)
        record.explanation = _IMAGE_SRC.sub(embed, record.explanation)


def export_bank(session: Session, bank: QuestionBank, fmt: str) -> tuple[bytes, list[QuestionRecord]]:
    """The file of ``bank`` in ``fmt`` and the questions that format could not carry."""
    records = bank_records(session, bank, with_images=fmt == "moodle-xml")
    module = get_format(fmt)
    output = module.write(records)
    data = output.encode("utf-8") if isinstance(output, str) else output
    return data, list(module.unsupported(records))


def losses_by_format(session: Session, bank: QuestionBank) -> dict[str, list[QuestionRecord]]:
    """For every format, the bank's questions it cannot carry (the export leaves them out)."""
    records = bank_records(session, bank)
    return {fmt: list(get_format(fmt).unsupported(records)) for fmt in FORMATS}
