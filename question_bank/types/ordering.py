"""Ordering: the examinee puts the items in the right order."""

from __future__ import annotations

import random
from typing import Any

from contest.core.i18n import N_
from question_bank.records import OrderItem, QuestionRecord
from question_bank.types.base import AnswerField, InvalidResponse, QuestionType, Score, register
from question_bank.types.common import (
    BAD_SHAPE,
    check_duplicates,
    check_keys,
    check_record,
    field,
    filled,
    has_content,
    keyed,
)


@register
class Ordering(QuestionType):
    """Items (``record.items``) authored in their correct order.

    Rules: at least two items, each with content, unique texts and keys. Shuffled for an examinee,
    the items are in a uniformly random order, the correct one included (1 in n!): an order that
    avoids the correct one tells it away (with two items it would always be the reverse). All-or-
    nothing: the score is 1 for the exact order and 0 otherwise, with no credit for partly right
    sequences. Response: ``{"order": [key, ...]}``, a permutation of all item keys.
    """

    name = "ordering"
    label = N_("Sắp xếp thứ tự")
    answer_needs_view = True
    incomplete_message = N_("Hãy chọn thứ tự cho tất cả các mục.")
    editor_rows = 4

    def validate(self, record: QuestionRecord) -> list[str]:
        problems = check_record(record)
        filled = [item.text for item in record.items if has_content(item.text)]
        if len(filled) < 2:
            problems.append(N_("Câu hỏi sắp xếp cần ít nhất hai mục có nội dung."))
        for number, item in enumerate(record.items, start=1):
            if not has_content(item.text):
                problems.append(N_("Mục thứ %(number)d chưa có nội dung.") % {"number": number})
        problems += check_duplicates(filled, N_("Các mục bị trùng nội dung: %(text)s."))
        keys = [item.key for item in record.items]
        return problems + check_keys(keys, N_("Mục sắp xếp thiếu mã định danh."))

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        items = keyed([(item.key, item.text) for item in record.items], rng)
        return {"type": self.name, "stem": record.stem, "items": items}

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        order = field(raw, "order", list)
        if not all(isinstance(key, str) for key in order):
            raise InvalidResponse(BAD_SHAPE)
        if sorted(order) != sorted(item.key for item in record.items):
            raise InvalidResponse(N_("Thứ tự phải gồm đủ tất cả các mục, mỗi mục một lần."))
        return {"order": list(order)}

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        order = (response or {}).get("order")
        return Score(1.0 if order == [item.key for item in record.items] else 0.0)

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        return {"order": [item.key for item in record.items]}

    def answer_keys(self, view) -> tuple[str, ...]:
        return tuple(sorted(item["key"] for item in view.get("items", ())))

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        """One position (1..n) per item, named ``pos_<item key>``."""
        return {f"pos_{key}": AnswerField(4) for key in keys}

    def read_answer(self, view, data) -> dict[str, Any] | None:
        """The order once every item has a distinct position 1..n; None while partly filled."""
        positions = {item["key"]: data.get(f"pos_{item['key']}") for item in view["items"]}
        if not any(positions.values()):
            return {}
        if not all((p or "").isdigit() for p in positions.values()):
            return None
        order = sorted(positions, key=lambda key: int(positions[key]))
        if sorted(int(p) for p in positions.values()) != list(range(1, len(order) + 1)):
            return None
        return {"order": order}

    def as_posted(self, response) -> dict[str, Any]:
        return {f"pos_{item}": str(n) for n, item in enumerate(response["order"], start=1)}

    def from_editor(self, record: QuestionRecord, rows: list[dict], data) -> None:
        """The rows' texts in the correct order."""
        record.items = [OrderItem(text=row["text"], key=row.get("key") or "")
                        for row in filled(rows, "text")]

    def editor_rows_of(self, record: QuestionRecord) -> list[dict]:
        return [{"key": i.key, "text": i.text} for i in record.items]
