"""Numeric: the examinee types a number."""

from __future__ import annotations

import math
import random
import re
from typing import Any

from contest.core.i18n import N_
from question_bank.records import NumericAnswer, QuestionRecord
from question_bank.types.base import AnswerField, InvalidResponse, QuestionType, Score, register
from question_bank.types.common import (
    BAD_SHAPE,
    check_fraction,
    check_record,
    clamp,
    editor_number,
    filled,
)

#: Digits with at most one decimal separator, "." or "," (Vietnamese writes 3,5), and an exponent.
_NUMBER = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?")
NOT_A_NUMBER = N_("Vui lòng nhập một số (ví dụ 3,5 hoặc 3.5).")


def parse_number(text: str) -> float:
    """The number in ``text``; "3,5" and "3.5" both mean three and a half.

    Thousands separators are refused rather than guessed: "1.000" reads as 1.0, "1.000,5" is
    invalid, so the form should say to type digits only.
    """
    text = text.strip().replace("\u2212", "-")  # the typographic minus sign
    if len(text) > 40 or not _NUMBER.fullmatch(text):
        raise InvalidResponse(NOT_A_NUMBER)
    number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise InvalidResponse(NOT_A_NUMBER)
    return number


def _usable(answer: NumericAnswer) -> bool:
    if answer.low is not None and answer.high is not None:
        return answer.low <= answer.high
    return answer.value is not None


@register
class Numeric(QuestionType):
    """A number accepted within a tolerance or a range (``record.numeric``).

    Rules: at least one answer with a fraction > 0 and either a value or a range with low <= high;
    every answer has one of the two; fractions in -1..1. The score is the best fraction among the
    answers that accept the number (``NumericAnswer.accepts``), clamped to 0..1. Response:
    ``{"value": str}`` from the form, stored as ``{"value": float}``.
    """

    name = "numeric"
    label = N_("Số")
    editor_rows = 1

    def validate(self, record: QuestionRecord) -> list[str]:
        problems = check_record(record)
        if not any(_usable(answer) and answer.fraction > 0 for answer in record.numeric):
            problems.append(
                N_("Câu hỏi dạng số cần ít nhất một đáp án đúng có giá trị hoặc khoảng hợp lệ.")
            )
        for number, answer in enumerate(record.numeric, start=1):
            if not _usable(answer):
                message = N_(
                    "Đáp án thứ %(number)d cần một giá trị, hoặc khoảng có cận dưới "
                    "không lớn hơn cận trên."
                )
                problems.append(message % {"number": number})
            problems += check_fraction(answer.fraction, number)
        return problems

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        return {"type": self.name, "stem": record.stem}

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        value = raw.get("value") if isinstance(raw, dict) else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise InvalidResponse(BAD_SHAPE)
        return {"value": parse_number(value)}

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        value = (response or {}).get("value")
        if not isinstance(value, int | float):
            return Score(0.0)
        fractions = [answer.fraction for answer in record.numeric if answer.accepts(value)]
        return Score(clamp(max(fractions, default=0.0)))

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        best = max(
            (answer for answer in record.numeric if _usable(answer)),
            key=lambda answer: answer.fraction,
        )
        if best.low is not None and best.high is not None:
            return {"value": (best.low + best.high) / 2}
        return {"value": best.value}

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        return {"value": AnswerField(40)}

    def read_answer(self, view, data) -> dict[str, Any]:
        return {"value": data["value"]} if data.get("value") else {}

    def from_editor(self, record: QuestionRecord, rows: list[dict], data) -> None:
        """A row's ``text`` is a value ("3,5") or a range "low..high"; ``match`` the tolerance."""
        record.numeric = [_answer_of_row(row) for row in filled(rows, "text")]

    def editor_rows_of(self, record: QuestionRecord) -> list[dict]:
        rows = []
        for n in record.numeric:
            if n.low is not None and n.high is not None:
                rows.append({"text": f"{_typed(n.low)}..{_typed(n.high)}", "match": ""})
            else:
                rows.append({"text": _typed(n.value), "match": _typed(n.tolerance) if n.tolerance else ""})
        return rows


def _answer_of_row(row: dict) -> NumericAnswer:
    text = (row.get("text") or "").strip()
    if ".." in text:
        low, _, high = text.partition("..")
        return NumericAnswer(low=editor_number(low), high=editor_number(high))
    tolerance = editor_number(row.get("match") or "0") or 0.0
    return NumericAnswer(value=editor_number(text), tolerance=abs(tolerance))


def _typed(number: float | None) -> str:
    """A number as an author types it: "3,5", no trailing zeros."""
    return "" if number is None else f"{number:g}".replace(".", ",")
