"""Numeric: best fraction among answers that accept the number; "3,5" and "3.5" both parse."""

import pytest

from question_bank.records import NumericAnswer, QuestionRecord
from question_bank.types import InvalidResponse, get_type

numeric = get_type("numeric")


def make(*answers: NumericAnswer) -> QuestionRecord:
    return QuestionRecord(type="numeric", stem="Bao nhiêu?", numeric=list(answers))


NEEDS_ANSWER = "Câu hỏi dạng số cần ít nhất một đáp án đúng có giá trị hoặc khoảng hợp lệ."


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (make(), NEEDS_ANSWER),
        (make(NumericAnswer(value=3, fraction=0.0)), NEEDS_ANSWER),
        (make(NumericAnswer(low=5, high=1)), NEEDS_ANSWER),
        (
            make(NumericAnswer(value=3), NumericAnswer()),
            "Đáp án thứ 2 cần một giá trị, hoặc khoảng có cận dưới không lớn hơn cận trên.",
        ),
        (
            make(NumericAnswer(value=3, fraction=-2)),
            "Điểm của phương án thứ 1 phải nằm trong khoảng từ -100% đến 100%.",
        ),
    ],
)
def test_validate_reports(record, message):
    assert message in numeric.validate(record)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("3,5", 3.5), ("3.5", 3.5), (" -2 ", -2.0), ("\u22124,25", -4.25), (",5", 0.5),
     ("1e3", 1000.0), (7, 7.0), (2.5, 2.5)],
)  # fmt: skip
def test_clean_response_parses_numbers(raw, value):
    assert numeric.clean_response(make(), {"value": raw}) == {"value": value}


@pytest.mark.parametrize(
    "raw", ["", "abc", "1.000,5", "1,2,3", "nan", "inf", "1_000", "1 000", True, None, [3]]
)
def test_clean_response_refuses_non_numbers(raw):
    with pytest.raises(InvalidResponse):
        numeric.clean_response(make(), {"value": raw})


@pytest.mark.parametrize(("value", "expected"), [(3.5, 1.0), (3.55, 1.0), (3.7, 0.0)])
def test_grade_with_tolerance(value, expected):
    record = make(NumericAnswer(value=3.5, tolerance=0.05))
    assert numeric.grade(record, {"value": value}).fraction == expected


@pytest.mark.parametrize(("value", "expected"), [(10, 1.0), (12, 0.5), (20, 0.5), (21, 0.0)])
def test_grade_best_fraction_among_accepting_answers(value, expected):
    record = make(NumericAnswer(value=10), NumericAnswer(low=10, high=20, fraction=0.5))
    assert numeric.grade(record, {"value": value}).fraction == expected


def test_answer_key_is_the_value_or_the_range_midpoint():
    assert numeric.answer_key(make(NumericAnswer(value=4, fraction=0.5))) == {"value": 4}
    assert numeric.answer_key(make(NumericAnswer(low=10, high=20))) == {"value": 15.0}
