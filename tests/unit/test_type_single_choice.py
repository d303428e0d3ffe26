"""Single choice: exactly one right choice; the picked choice's fraction, clamped to 0..1."""

import random

import pytest

from question_bank import authoring
from question_bank.records import Choice, QuestionRecord
from question_bank.types import InvalidResponse, get_type

single = get_type("single_choice")


def make(*fractions: float, texts=None) -> QuestionRecord:
    texts = texts or [f"Phương án {n}" for n in range(len(fractions))]
    choices = [
        Choice(t, f, key=f"k{n}") for n, (t, f) in enumerate(zip(texts, fractions, strict=True))
    ]
    return QuestionRecord(type="single_choice", stem="Câu hỏi?", choices=choices)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (make(1.0, 1.0), "Câu hỏi một lựa chọn phải có đúng một phương án đúng."),
        (make(0.5, 0.0), "Câu hỏi một lựa chọn phải có đúng một phương án đúng."),
        (make(1.0), "Cần ít nhất hai phương án."),
        (make(1.0, 0.0, texts=["A", "<p> </p>"]), "Phương án thứ 2 chưa có nội dung."),
        (make(1.0, 0.0, texts=["Hà Nội", " hà  nội"]), "Các phương án bị trùng nội dung: hà nội."),
        (make(1.0, -1.5), "Điểm của phương án thứ 2 phải nằm trong khoảng từ -100% đến 100%."),
    ],
)
def test_validate_reports(record, message):
    assert message in single.validate(record)


def test_diacritics_make_options_different():
    assert single.validate(make(1.0, 0.0, texts=["Hà Nội", "Hạ Nội"])) == []


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["k0", ""], "Phương án thiếu mã định danh."),
        (["k0", "k0"], "Mã định danh bị trùng: k0."),
    ],
)
def test_validate_requires_unique_keys(keys, message):
    record = make(1.0, 0.0)
    for choice, key in zip(record.choices, keys, strict=True):
        choice.key = key
    assert message in single.validate(record)


def test_public_view_keeps_authored_order_without_rng():
    view = single.public_view(make(1.0, 0.0, 0.0), None)
    assert [c["key"] for c in view["choices"]] == ["k0", "k1", "k2"]


def test_public_view_shuffles_reproducibly_with_rng():
    record = make(*[1.0] + [0.0] * 7)
    first = single.public_view(record, random.Random(5))["choices"]
    assert first == single.public_view(record, random.Random(5))["choices"]
    assert [c["key"] for c in first] != [c.key for c in record.choices]


def test_clean_response_accepts_a_known_key():
    assert single.clean_response(make(1.0, 0.0), {"choice": "k1"}) == {"choice": "k1"}


@pytest.mark.parametrize("raw", [{"choice": "forged"}, {"choice": ["k0"]}, {"choices": "k0"}])
def test_clean_response_refuses_forged_or_ill_shaped(raw):
    with pytest.raises(InvalidResponse):
        single.clean_response(make(1.0, 0.0), raw)


@pytest.mark.parametrize(("key", "expected"), [("k0", 1.0), ("k1", 0.5), ("k2", 0.0)])
def test_grade_is_the_choice_fraction_clamped(key, expected):
    assert single.grade(make(1.0, 0.5, -0.5), {"choice": key}).fraction == expected


def test_answer_key_is_the_best_choice():
    assert single.answer_key(make(0.0, 0.5, 1.0)) == {"choice": "k2"}


# -- partial credit in the editor ----------------------------------------------------------


def rows_of(record: QuestionRecord) -> list[dict]:
    return authoring.form_rows(record)


def test_partial_and_negative_credit_are_valid_and_shown_in_percent():
    record = make(1.0, 0.5, -0.25, 0.0)
    assert single.validate(record) == []
    assert [(row["correct"], row["percent"]) for row in rows_of(record)] == [
        (True, ""), (False, "50"), (False, "-25"), (False, ""),
    ]


def test_editor_rows_keep_partial_credit_through_a_save():
    record = make(1.0, 1 / 3, 0.0)
    data = {"type": "single_choice", "stem": record.stem, "options": rows_of(record)}
    again = authoring.record_from_form(data)
    assert [c.fraction for c in again.choices] == [1.0, 1 / 3, 0.0]


@pytest.mark.parametrize(
    ("percent", "fraction"), [("50", 0.5), ("50%", 0.5), ("12,5", 0.125), ("-100", -1.0), ("", 0.0)]
)
def test_a_typed_percentage_is_the_option_credit(percent, fraction):
    rows = [{"text": "Đúng", "correct": True}, {"text": "Gần đúng", "percent": percent}]
    record = authoring.record_from_form({"type": "single_choice", "stem": "Hỏi?", "options": rows})
    assert [c.fraction for c in record.choices] == [1.0, fraction]


@pytest.mark.parametrize("percent", ["nửa", "150"])
def test_a_percentage_out_of_range_or_not_a_number_is_refused(percent):
    rows = [{"text": "Đúng", "correct": True}, {"text": "Gần đúng", "percent": percent}]
    record = authoring.record_from_form({"type": "single_choice", "stem": "Hỏi?", "options": rows})
    assert "Điểm của phương án thứ 2 phải nằm trong khoảng từ -100% đến 100%." in (
        single.validate(record)
    )
