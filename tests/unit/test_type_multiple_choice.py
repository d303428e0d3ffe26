"""Multiple choice: partial credit is the sum of picked fractions, clamped to 0..1."""

import pytest

from question_bank.records import Choice, QuestionRecord
from question_bank.types import InvalidResponse, get_type

multiple = get_type("multiple_choice")


def make(*fractions: float) -> QuestionRecord:
    choices = [Choice(f"Phương án {n}", f, key=f"k{n}") for n, f in enumerate(fractions)]
    return QuestionRecord(type="multiple_choice", stem="Chọn các ý đúng", choices=choices)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (make(0.0, -0.5), "Câu hỏi nhiều lựa chọn phải có ít nhất một phương án đúng."),
        (make(0.5, 0.0), "Tổng điểm các phương án đúng phải bằng 100%."),
        (make(1.0), "Cần ít nhất hai phương án."),
        (make(1.0, 2.0), "Điểm của phương án thứ 2 phải nằm trong khoảng từ -100% đến 100%."),
    ],
)
def test_validate_reports(record, message):
    assert message in multiple.validate(record)


def test_thirds_from_moodle_are_valid_and_full_credit():
    record = make(0.3333333, 0.3333333, 0.3333333, -1.0)
    assert multiple.validate(record) == []
    assert multiple.grade(record, {"choices": ["k0", "k1", "k2"]}).correct


def test_clean_response_dedupes_and_sorts():
    cleaned = multiple.clean_response(make(0.5, 0.5), {"choices": ["k1", "k0", "k1"]})
    assert cleaned == {"choices": ["k0", "k1"]}


def test_clean_response_allows_no_choice():
    assert multiple.clean_response(make(0.5, 0.5), {"choices": []}) == {"choices": []}


@pytest.mark.parametrize(
    "raw", [{"choices": ["k0", "forged"]}, {"choices": "k0"}, {"choices": [1]}]
)
def test_clean_response_refuses_forged_or_ill_shaped(raw):
    with pytest.raises(InvalidResponse):
        multiple.clean_response(make(0.5, 0.5), raw)


@pytest.mark.parametrize(
    ("picked", "expected"),
    [
        (["k0", "k1"], 1.0),
        (["k0"], 0.5),
        (["k0", "k2"], 0.0),
        (["k0", "k1", "k2"], 0.5),
        (["k0", "k1", "k2", "k3"], 0.0),  # picking everything earns nothing
        (["k2", "k3"], 0.0),  # never below zero
        ([], 0.0),
    ],
)
def test_grade_sums_fractions_and_clamps(picked, expected):
    record = make(0.5, 0.5, -0.5, -0.5)
    assert multiple.grade(record, {"choices": picked}).fraction == expected


def test_answer_key_lists_every_right_choice():
    assert multiple.answer_key(make(0.5, -0.5, 0.5)) == {"choices": ["k0", "k2"]}
