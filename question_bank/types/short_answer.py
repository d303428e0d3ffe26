"""Short answer: the examinee types a word or a short phrase."""

from __future__ import annotations

import random
import re
from functools import partial
from typing import Any

from contest.core.i18n import N_
from question_bank.records import Choice, QuestionRecord
from question_bank.textnorm import normalize_answer
from question_bank.types.base import AnswerField, QuestionType, Score, register
from question_bank.types.common import (
    check_duplicates,
    check_fraction,
    check_record,
    clamp,
    clean_text,
    filled,
    rows_of_choices,
    text_answer,
)

MAX_LENGTH = 500


def matches(accepted: str, answer: str, case_sensitive: bool) -> bool:
    """Whether ``answer`` fits ``accepted`` once both are normalized (``normalize_answer``).

    ``*`` in ``accepted`` stands for any characters, ``\\*`` for a literal star (as in Moodle).
    Matched left to right with ``str.find``, never a backtracking regex, so no answer is slow.
    """
    pattern = normalize_answer(accepted, case_sensitive)
    text = normalize_answer(answer, case_sensitive)
    parts = [part.replace("\\*", "*") for part in re.split(r"(?<!\\)\*", pattern)]
    if len(parts) == 1:
        return text == parts[0]
    first, *middle, last = parts
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    position = len(first)
    for part in middle:
        found = text.find(part, position, end)
        if found < 0:
            return False
        position = found + len(part)
    return True


@register
class ShortAnswer(QuestionType):
    """A typed answer compared with the accepted answers (``record.choices``).

    Rules: at least one accepted answer with content and a fraction > 0; texts unique; fractions in
    -1..1. Comparison ignores surrounding and repeated spaces and, unless ``case_sensitive``,
    letter case; Vietnamese diacritics must match ("Ha Noi" is not "Hà Nội": the marks change the
    word). ``*`` is a wildcard. The score is the best fraction among matching answers, clamped to
    0..1. Response: ``{"text": str}``, trimmed, at most 500 characters.
    """

    name = "short_answer"
    label = N_("Trả lời ngắn")
    editor_rows = 1

    def validate(self, record: QuestionRecord) -> list[str]:
        problems = check_record(record)
        answers = [choice for choice in record.choices if choice.text.strip()]
        if len(answers) < len(record.choices):
            problems.append(N_("Đáp án được chấp nhận chưa có nội dung."))
        if not any(choice.fraction > 0 for choice in answers):
            problems.append(
                N_("Câu hỏi trả lời ngắn cần ít nhất một đáp án được chấp nhận có điểm lớn hơn 0.")
            )
        for number, choice in enumerate(record.choices, start=1):
            problems += check_fraction(choice.fraction, number)
        texts = [choice.text for choice in answers]
        message = N_("Đáp án được chấp nhận bị trùng: %(text)s.")
        same = partial(normalize_answer, case_sensitive=record.case_sensitive)
        return problems + check_duplicates(texts, message, same)

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        return {"type": self.name, "stem": record.stem}

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        return clean_text(raw, MAX_LENGTH)

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        text = (response or {}).get("text") or ""
        if not text.strip():
            return Score(0.0)
        fractions = [
            choice.fraction
            for choice in record.choices
            if choice.text.strip() and matches(choice.text, text, record.case_sensitive)
        ]
        return Score(clamp(max(fractions, default=0.0)))

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        best = max(record.choices, key=lambda choice: choice.fraction)
        return {"text": best.text}

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        # Longer than MAX_LENGTH, so an over-long answer gets clean_response's own message.
        return {"text": AnswerField(20_000)}

    def read_answer(self, view, data) -> dict[str, Any]:
        return text_answer(data, "text")

    def from_editor(self, record: QuestionRecord, rows: list[dict], data) -> None:
        """Each row is an accepted answer with full credit; ``*`` matches anything."""
        record.choices = [Choice(text=row["text"].strip(), fraction=1.0, key=row.get("key") or "")
                          for row in filled(rows, "text")]
        record.case_sensitive = bool(data.get("case_sensitive"))

    def editor_rows_of(self, record: QuestionRecord) -> list[dict]:
        return rows_of_choices(record)

    def editor_data_of(self, record: QuestionRecord) -> dict[str, Any]:
        return {"case_sensitive": record.case_sensitive}

    def sanitize(self, record: QuestionRecord, html) -> None:
        """Accepted answers are plain text, compared as typed (only trimmed); the rest is HTML."""
        typed = [choice.text.strip() for choice in record.choices]
        super().sanitize(record, html)
        for choice, text in zip(record.choices, typed, strict=True):
            choice.text = text
