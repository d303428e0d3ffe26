"""Essay: the examinee writes free text that a person grades."""

from __future__ import annotations

import random
from typing import Any

from contest.core.i18n import N_
from question_bank.records import QuestionRecord
from question_bank.types.base import AnswerField, QuestionType, Score, register
from question_bank.types.common import check_record, clean_text, text_answer

MAX_LENGTH = 20_000


@register
class Essay(QuestionType):
    """Free text graded by hand.

    Rules: only the shared ones (a stem, a known difficulty). A non-empty answer scores
    ``Score(0.0, pending=True)`` until a grader decides; an empty or missing answer scores 0 and
    needs no grader. Response: ``{"text": str}``, trimmed, at most 20,000 characters. There is no
    answer key; ``record.explanation`` may hold guidance for graders.
    """

    name = "essay"
    label = N_("Tự luận")
    auto_graded = False

    def validate(self, record: QuestionRecord) -> list[str]:
        return check_record(record)

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        return {"type": self.name, "stem": record.stem}

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        return clean_text(raw, MAX_LENGTH)

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        text = (response or {}).get("text") or ""
        return Score(0.0, pending=bool(text.strip()))

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        return {}

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        return {"text": AnswerField(MAX_LENGTH)}

    def read_answer(self, view, data) -> dict[str, Any]:
        return text_answer(data, "text")
