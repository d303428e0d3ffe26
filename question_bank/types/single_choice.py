"""Single choice: the examinee picks exactly one of the choices."""

from __future__ import annotations

import random
from typing import Any

from contest.core.i18n import N_
from question_bank.records import QuestionRecord
from question_bank.types.base import AnswerField, InvalidResponse, QuestionType, Score, register
from question_bank.types.common import (
    FULL_CREDIT,
    UNKNOWN_KEY,
    check_choices,
    check_record,
    choices_from_rows,
    clamp,
    field,
    keyed,
    rows_of_choices,
)


@register
class SingleChoice(QuestionType):
    """One right choice among several.

    Rules: at least two choices with content, unique texts and keys, fractions in -1..1, and
    exactly one choice with full credit (1.0); others may carry partial or negative credit.
    The score is the picked choice's fraction clamped to 0..1 (a negative choice scores 0, it
    never takes points from other questions). Response: ``{"choice": key}``.
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
        record.choices = choices_from_rows(rows, single=True)

    def editor_rows_of(self, record: QuestionRecord) -> list[dict]:
        return rows_of_choices(record)
