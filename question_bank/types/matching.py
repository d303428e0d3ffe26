"""Matching: the examinee pairs each left-hand item with a right-hand item."""

from __future__ import annotations

import random
from typing import Any

from contest.core.i18n import N_
from question_bank.records import MatchPair, QuestionRecord
from question_bank.types.base import AnswerField, InvalidResponse, QuestionType, Score, register
from question_bank.types.common import (
    BAD_SHAPE,
    UNKNOWN_KEY,
    check_duplicates,
    check_keys,
    check_record,
    filled,
    has_content,
    keyed,
    text_identity,
)


def _rights(record: QuestionRecord) -> dict[str, str]:
    """Right-hand texts shown once each, by the key of their first pair: two lefts may share a
    right ("Cấp tỉnh"), and the examinee must not tell them apart by a duplicated option."""
    seen: set[str] = set()
    shown: dict[str, str] = {}
    for pair in record.pairs:
        if text_identity(pair.right) not in seen:
            seen.add(text_identity(pair.right))
            shown[pair.right_key] = pair.right
    return shown


@register
class Matching(QuestionType):
    """Pairs (``record.pairs``); a pair with an empty left is a right-hand distractor.

    Rules: at least two pairs with both sides; every pair has a right side; lefts are unique;
    lefts and rights are keyed. Rights with the same text are shown once and are interchangeable.
    The score is the share of lefts matched correctly (partial answers allowed). Response:
    ``{"pairs": {left_key: right_key}}``.
    """

    name = "matching"
    label = N_("Ghép cặp")
    answer_needs_view = True
    editor_rows = 3

    def validate(self, record: QuestionRecord) -> list[str]:
        problems = check_record(record)
        lefts = [pair for pair in record.pairs if has_content(pair.left)]
        if sum(has_content(pair.right) for pair in lefts) < 2:
            problems.append(N_("Câu hỏi ghép cặp cần ít nhất hai cặp có đủ vế trái và vế phải."))
        for number, pair in enumerate(record.pairs, start=1):
            if not has_content(pair.right):
                problems.append(N_("Cặp thứ %(number)d thiếu vế phải.") % {"number": number})
        texts = [pair.left for pair in lefts]
        problems += check_duplicates(texts, N_("Vế trái bị trùng: %(text)s."))
        keys = [pair.key for pair in lefts] + [pair.right_key for pair in record.pairs]
        return problems + check_keys(keys, N_("Cặp ghép thiếu mã định danh."))

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        lefts = [(pair.key, pair.left) for pair in record.pairs if has_content(pair.left)]
        return {
            "type": self.name,
            "stem": record.stem,
            "lefts": keyed(lefts, rng),
            "rights": keyed(list(_rights(record).items()), rng),
        }

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        pairs = raw.get("pairs") if isinstance(raw, dict) else None
        if not isinstance(pairs, dict):
            raise InvalidResponse(BAD_SHAPE)
        lefts = {pair.key for pair in record.pairs if has_content(pair.left)}
        rights = {pair.right_key for pair in record.pairs}
        cleaned = {}
        for left, right in pairs.items():
            if right in ("", None):
                continue  # left unanswered
            if left not in lefts or not isinstance(right, str) or right not in rights:
                raise InvalidResponse(UNKNOWN_KEY)
            cleaned[left] = right
        return {"pairs": dict(sorted(cleaned.items()))}

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        lefts = [pair for pair in record.pairs if has_content(pair.left)]
        answered = (response or {}).get("pairs") or {}
        if not lefts or not answered:
            return Score(0.0)
        right_text = {pair.right_key: text_identity(pair.right) for pair in record.pairs}
        hits = sum(
            right_text.get(answered.get(pair.key)) == text_identity(pair.right) for pair in lefts
        )
        return Score(hits / len(lefts))

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        shown = {text_identity(text): key for key, text in _rights(record).items()}
        pairs = {
            pair.key: shown[text_identity(pair.right)]
            for pair in record.pairs
            if has_content(pair.left)
        }
        return {"pairs": dict(sorted(pairs.items()))}

    def answer_keys(self, view) -> tuple[str, ...]:
        return tuple(sorted(left["key"] for left in view.get("lefts", ())))

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        """One select per left item, named ``pair_<left key>``."""
        return {f"pair_{key}": AnswerField(40) for key in keys}

    def read_answer(self, view, data) -> dict[str, Any]:
        pairs = {left["key"]: data.get(f"pair_{left['key']}") for left in view["lefts"]}
        pairs = {left: right for left, right in pairs.items() if right}
        return {"pairs": pairs} if pairs else {}

    def as_posted(self, response) -> dict[str, Any]:
        return {f"pair_{left}": right for left, right in response["pairs"].items()}

    def from_editor(self, record: QuestionRecord, rows: list[dict], data) -> None:
        """A row's ``text`` is the left item, ``match`` the right (empty left = distractor)."""
        record.pairs = [MatchPair(left=row.get("text") or "", right=row.get("match") or "",
                                  key=row.get("key") or "") for row in filled(rows, "text", "match")]

    def editor_rows_of(self, record: QuestionRecord) -> list[dict]:
        return [{"key": p.key, "text": p.left, "match": p.right} for p in record.pairs]
