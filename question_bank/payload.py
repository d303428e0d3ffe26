"""Between a QuestionRecord and what a QuestionVersion stores. Pure: no Flask, no database."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from question_bank.records import Choice, MatchPair, NumericAnswer, OrderItem, QuestionRecord

PAYLOAD_FIELDS = ("choices", "correct", "feedback_true", "feedback_false", "numeric", "pairs",
                  "items", "case_sensitive")


def to_payload(record: QuestionRecord) -> dict[str, Any]:
    """The answer-bearing part of a record as JSON-ready data (only what its type uses)."""
    data = asdict(record)
    payload = {name: data[name] for name in PAYLOAD_FIELDS}
    # ``correct`` False is a true/false question's answer ("Sai"), not an empty value
    return {k: v for k, v in payload.items() if v not in ([], None, "", False) or (k == "correct" and v is False)}


def from_version(version) -> QuestionRecord:
    """Rebuild the record of a stored version (anything with the QuestionVersion attributes)."""
    payload = version.payload or {}
    return QuestionRecord(
        type=version.type,
        stem=version.stem,
        title=version.title or "",
        choices=[Choice(**c) for c in payload.get("choices", [])],
        # Versions stored before 2026-12-06 dropped a true/false answer of False ("Sai") with
        # the empty values; a valid true/false version always had one, so a missing one is False.
        correct=payload.get("correct", False if version.type == "true_false" else None),
        feedback_true=payload.get("feedback_true", ""),
        feedback_false=payload.get("feedback_false", ""),
        numeric=[NumericAnswer(**n) for n in payload.get("numeric", [])],
        pairs=[MatchPair(**p) for p in payload.get("pairs", [])],
        items=[OrderItem(**i) for i in payload.get("items", [])],
        explanation=version.explanation or "",
        difficulty=version.difficulty,
        tags=list(version.tags or []),
        case_sensitive=bool(payload.get("case_sensitive", False)),
    )
