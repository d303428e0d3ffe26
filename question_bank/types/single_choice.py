"""Single choice: the examinee picks exactly one of the choices, each worth its own credit."""

from __future__ import annotations

import random
from typing import Any

from contest.core.i18n import N_
from question_bank.records import Choice, QuestionRecord
from question_bank.types.base import AnswerField, InvalidResponse, QuestionType, Score, register
from question_bank.types.common import (
    FULL_CREDIT,
    UNKNOWN_KEY,
    check_choices,
    check_record,
    clamp,
    editor_number,
    field,
    filled,
    keyed,
    rows_of_choices,
)


@register
class SingleChoice(QuestionType):
    """One best choice among several, the others worth nothing or part of the credit.

    Rules: at least two choices with content, unique texts and keys, fractions in -1..1, and
    exactly one choice with full credit (1.0); others may carry partial credit (a nearly right
    answer worth 50%, as GIFT's ``~%50%`` and Moodle's single-answer multichoice allow) or
    negative credit. The score is the picked choice's fraction clamped to 0..1. Moodle would let
    a negative choice take marks off the quiz; here a question scores 0..1 of its points and never
    takes points from other questions, so a negative choice scores 0 (its fraction is kept, so an
    export to Moodle still carries it). Response: ``{"choice": key}``.

    Editor: the "correct" box marks the full-credit choice; every other row may give its credit
    in percent (``percent``, e.g. "50"; blank is 0).
    """

    name = "single_choice"
    label = N_("Một lựa chọn")
    always_shuffled = False  # options follow the exam's "shuffle options" setting
    editor_rows = 4

    def validate(self, record: QuestionRecord) -> list[str]:
        problems = check_record(record) + check_choices(record)
        if sum(choice.fraction >= FULL_CREDIT for choice in record.choices) != 1:
            problems.append(N_("Câu hỏi một lựa chọn phải có đúng một phương án đúng."))
        return problems

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        choices = keyed([(choice.key, choice.text) for choice in record.choices], rng)
        return {"type": self.name, "stem": record.stem, "choices": choices}

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        key = field(raw, "choice", str)
        if key not in {choice.key for choice in record.choices}:
            raise InvalidResponse(UNKNOWN_KEY)
        return {"choice": key}

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        if not response:
            return Score(0.0)
        picked = response.get("choice")
        fractions = [choice.fraction for choice in record.choices if choice.key == picked]
        return Score(clamp(fractions[0]) if fractions else 0.0)

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        best = max(record.choices, key=lambda choice: choice.fraction)
        return {"choice": best.key}

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        return {"choice": AnswerField(40)}

    def read_answer(self, view, data) -> dict[str, Any]:
        return {"choice": data["choice"]} if data.get("choice") else {}

    def from_editor(self, record: QuestionRecord, rows: list[dict], data) -> None:
        record.choices = [
            Choice(text=row["text"], fraction=_row_credit(row), feedback=row.get("feedback") or "",
                   key=row.get("key") or "")
            for row in filled(rows, "text")
        ]

    def editor_rows_of(self, record: QuestionRecord) -> list[dict]:
        rows = rows_of_choices(record)
        for row, choice in zip(rows, record.choices, strict=True):
            row["correct"] = choice.fraction >= FULL_CREDIT
            row["percent"] = "" if row["correct"] or not choice.fraction else percent(choice.fraction)
        return rows


def percent(fraction: float) -> str:
    """0.5 -> "50", 1/3 -> "33.333333": the editor's percentage of a fraction."""
    return f"{fraction * 100:.6f}".rstrip("0").rstrip(".")


def _row_credit(row: dict) -> float:
    """The credit of an editor row: 1.0 when ticked, else its percentage (blank is 0). A
    percentage that is not a number becomes NaN, which ``validate`` reports as out of range.
    An unchanged percentage keeps the stored fraction (1/3 shown as "33.333333" stays 1/3)."""
    if row.get("correct"):
        return 1.0
    text = (row.get("percent") or "").strip().rstrip("%").strip()
    if not text:
        return 0.0
    stored = editor_number(row.get("fraction"))
    if stored is not None and percent(stored) == text:
        return stored
    number = editor_number(text)
    return float("nan") if number is None else number / 100
