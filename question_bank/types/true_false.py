"""True/false: the examinee says whether the statement is true."""

from __future__ import annotations

import random
from typing import Any

from contest.core.i18n import N_
from question_bank.records import QuestionRecord
from question_bank.types.base import AnswerField, InvalidResponse, QuestionType, Score, register
from question_bank.types.common import BAD_SHAPE, check_record

_WORDS = {"true": True, "false": False}


@register
class TrueFalse(QuestionType):
    """A statement that is either true or false.

    Rules: ``correct`` must be set to True or False. The score is 1 when the answer equals
    ``correct``, else 0. Response: ``{"value": bool}``; the strings "true"/"false" (any case)
    are accepted from forms.
    """

    name = "true_false"
    label = N_("Đúng/Sai")

    def validate(self, record: QuestionRecord) -> list[str]:
        problems = check_record(record)
        if not isinstance(record.correct, bool):
            problems.append(N_("Câu hỏi Đúng/Sai phải chọn đáp án đúng là Đúng hoặc Sai."))
        return problems

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        return {"type": self.name, "stem": record.stem}

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        value = raw.get("value") if isinstance(raw, dict) else None
        if isinstance(value, str):
            value = _WORDS.get(value.strip().lower())
        if not isinstance(value, bool):
            raise InvalidResponse(BAD_SHAPE)
        return {"value": value}

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        if not response:
            return Score(0.0)
        return Score(1.0 if response.get("value") is record.correct else 0.0)

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        return {"value": record.correct}

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        return {"value": AnswerField(40)}

    def read_answer(self, view, data) -> dict[str, Any]:
        return {"value": data["value"]} if data.get("value") else {}

    def as_posted(self, response) -> dict[str, Any]:
        return {"value": "true" if response["value"] else "false"}

    def from_editor(self, record: QuestionRecord, rows: list[dict], data) -> None:
        record.correct = _WORDS.get(data.get("tf_correct") or "")

    def editor_data_of(self, record: QuestionRecord) -> dict[str, Any]:
        return {"tf_correct": {True: "true", False: "false"}.get(record.correct)}
