"""Multiple choice: the examinee picks any number of the choices."""

from __future__ import annotations

import random
from typing import Any

from contest.core.i18n import N_
from question_bank.records import QuestionRecord
from question_bank.types.base import AnswerField, InvalidResponse, QuestionType, Score, register
from question_bank.types.common import (
    BAD_SHAPE,
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
class MultipleChoice(QuestionType):
    """Several right choices; partial credit.

    Rules: at least two choices with content, unique texts and keys, fractions in -1..1, at least
    one right choice (fraction > 0), and the right choices' fractions add up to 1 (100%).
    Partial-credit rule: the score is the sum of the picked choices' fractions, clamped to 0..1.
    Wrong choices should carry negative fractions, otherwise picking everything earns full credit
    (two right at 0.5 and two wrong at -0.5: picking all four scores 0). Response:
    ``{"choices": [key, ...]}``, deduplicated and sorted; an empty list is allowed.
    """

    name = "multiple_choice"
    label = N_("Nhiều lựa chọn")
    always_shuffled = False  # options follow the exam's "shuffle options" setting
    editor_rows = 4

    def validate(self, record: QuestionRecord) -> list[str]:
        problems = check_record(record) + check_choices(record)
        right = [choice.fraction for choice in record.choices if choice.fraction > 0]
        if not right:
            problems.append(N_("Câu hỏi nhiều lựa chọn phải có ít nhất một phương án đúng."))
        elif abs(sum(right) - 1.0) > 0.01:
            problems.append(N_("Tổng điểm các phương án đúng phải bằng 100%."))
        return problems

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        choices = keyed([(choice.key, choice.text) for choice in record.choices], rng)
        return {"type": self.name, "stem": record.stem, "choices": choices}

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        keys = field(raw, "choices", list)
        if not all(isinstance(key, str) for key in keys):
            raise InvalidResponse(BAD_SHAPE)
        if not set(keys) <= {choice.key for choice in record.choices}:
            raise InvalidResponse(UNKNOWN_KEY)
        return {"choices": sorted(set(keys))}

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        if not response:
            return Score(0.0)
        picked = set(response.get("choices", ()))
        return Score(clamp(sum(c.fraction for c in record.choices if c.key in picked)))

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        return {"choices": sorted(choice.key for choice in record.choices if choice.fraction > 0)}

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        return {"choices": AnswerField(many=True)}

    def read_answer(self, view, data) -> dict[str, Any]:
        return {"choices": list(data["choices"])} if data.get("choices") else {}

    def from_editor(self, record: QuestionRecord, rows: list[dict], data) -> None:
        record.choices = choices_from_rows(rows, single=False)

    def editor_rows_of(self, record: QuestionRecord) -> list[dict]:
        return rows_of_choices(record)
