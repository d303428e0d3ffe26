"""The question editor's data <-> a QuestionRecord. Pure: plain dicts in, records out.

The common fields (stem, title, explanation, difficulty, tags) are read here; what the option
rows and any other answer field mean is the question type's business (``from_editor``,
``editor_rows_of``, ``editor_data_of`` and ``editor_rows`` of each class in
``question_bank.types``).
"""

from __future__ import annotations

from typing import Any

from question_bank.records import QuestionRecord
from question_bank.types import REGISTRY, get_type

DEFAULT_TYPE = "single_choice"


def known_type(name: str | None) -> str:
    """``name`` when it is a registered type, else the default type of a new question."""
    return name if name in REGISTRY else DEFAULT_TYPE


def record_from_form(data: dict) -> QuestionRecord:
    """Build a record from the question form's data (``options`` = list of row dicts)."""
    qtype = data.get("type") or DEFAULT_TYPE
    record = QuestionRecord(
        type=qtype, stem=data.get("stem") or "", title=(data.get("title") or "").strip(),
        explanation=data.get("explanation") or "", difficulty=data.get("difficulty") or "medium",
        tags=[t for t in (data.get("tags") or "").split(",") if t.strip()],
    )
    if qtype in REGISTRY:
        get_type(qtype).from_editor(record, list(data.get("options") or []), data)
    return record


def form_data(record: QuestionRecord) -> dict[str, Any]:
    """The question form's answer fields other than the rows, for an existing record."""
    return get_type(record.type).editor_data_of(record)


def form_rows(record: QuestionRecord) -> list[dict]:
    """The option editor's rows for an existing record."""
    return get_type(record.type).editor_rows_of(record)


def blank_rows(qtype: str) -> list[dict]:
    """The empty rows a new question of ``qtype`` starts with."""
    return [{} for _ in range(REGISTRY[qtype].editor_rows if qtype in REGISTRY else 0)]


def edit_rows(rows: list[dict], action: str) -> list[dict]:
    """Apply an editor button to the rows: add_option, remove-N, up-N, down-N."""
    rows = list(rows)
    name, _, index = action.partition("-")
    if name == "add_option":
        rows.append({})
        return rows
    if not index.isdigit() or int(index) >= len(rows):
        return rows
    i = int(index)
    if name == "remove":
        rows.pop(i)
    elif name == "up" and i > 0:
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif name == "down" and i < len(rows) - 1:
        rows[i + 1], rows[i] = rows[i], rows[i + 1]
    return rows
