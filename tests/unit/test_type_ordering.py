"""Ordering: all-or-nothing; a shuffled view may show any order, the correct one included."""

import random

import pytest

from question_bank.records import OrderItem, QuestionRecord
from question_bank.types import InvalidResponse, get_type

ordering = get_type("ordering")


def make(*texts: str) -> QuestionRecord:
    items = [OrderItem(text, key=f"k{n}") for n, text in enumerate(texts)]
    return QuestionRecord(type="ordering", stem="Sắp xếp các bước", items=items)


STEPS = make("Đăng nhập", "Chọn thủ tục", "Nộp hồ sơ")


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (make("Một bước"), "Câu hỏi sắp xếp cần ít nhất hai mục có nội dung."),
        (make("A", "", "B"), "Mục thứ 2 chưa có nội dung."),
        (make("A", "a"), "Các mục bị trùng nội dung: a."),
    ],
)
def test_validate_reports(record, message):
    assert message in ordering.validate(record)


def test_validate_requires_keys():
    record = make("A", "B")
    record.items[0].key = ""
    assert "Mục sắp xếp thiếu mã định danh." in ordering.validate(record)


@pytest.mark.parametrize("size", [2, 3])
def test_shuffled_view_shows_every_order_the_correct_one_included(size):
    """Never showing the correct order would give it away (see tests/unit/test_shown_order.py)."""
    record = make(*"ABC"[:size])
    correct = [item.key for item in record.items]
    seen = set()
    for seed in range(60):
        items = ordering.public_view(record, random.Random(seed))["items"]
        assert sorted(i["key"] for i in items) == sorted(correct)
        seen.add(tuple(i["key"] for i in items))
    assert tuple(correct) in seen and len(seen) == (2 if size == 2 else 6)


def test_view_without_rng_is_in_authored_order():
    assert [i["key"] for i in ordering.public_view(STEPS, None)["items"]] == ["k0", "k1", "k2"]


def test_clean_response_accepts_a_permutation():
    assert ordering.clean_response(STEPS, {"order": ["k2", "k0", "k1"]}) == {
        "order": ["k2", "k0", "k1"]
    }


@pytest.mark.parametrize(
    "order", [["k0", "k1"], ["k0", "k1", "k1"], ["k0", "k1", "k2", "k9"], ["k0", "k1", 2], "k0"]
)
def test_clean_response_refuses_anything_but_a_permutation(order):
    with pytest.raises(InvalidResponse):
        ordering.clean_response(STEPS, {"order": order})


@pytest.mark.parametrize(
    ("order", "expected"),
    [(["k0", "k1", "k2"], 1.0), (["k0", "k2", "k1"], 0.0), (["k2", "k1", "k0"], 0.0)],
)
def test_grade_is_all_or_nothing(order, expected):
    assert ordering.grade(STEPS, {"order": order}).fraction == expected


def test_answer_key_is_the_authored_order():
    assert ordering.answer_key(STEPS) == {"order": ["k0", "k1", "k2"]}
