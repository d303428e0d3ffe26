"""True/false: full credit when the answer equals ``correct``."""

import pytest

from question_bank.records import QuestionRecord
from question_bank.types import InvalidResponse, get_type

true_false = get_type("true_false")


def make(correct) -> QuestionRecord:
    return QuestionRecord(type="true_false", stem="Một cửa điện tử là ...", correct=correct)


def test_validate_requires_correct():
    assert true_false.validate(make(None)) == [
        "Câu hỏi Đúng/Sai phải chọn đáp án đúng là Đúng hoặc Sai."
    ]


@pytest.mark.parametrize(
    ("raw", "value"),
    [({"value": True}, True), ({"value": "false"}, False), ({"value": " True "}, True)],
)
def test_clean_response_accepts_bools_and_words(raw, value):
    assert true_false.clean_response(make(True), raw) == {"value": value}


@pytest.mark.parametrize("raw", [{"value": 1}, {"value": "yes"}, {"value": None}, {}])
def test_clean_response_refuses_anything_else(raw):
    with pytest.raises(InvalidResponse):
        true_false.clean_response(make(True), raw)


@pytest.mark.parametrize(
    ("correct", "value", "expected"),
    [(True, True, 1.0), (True, False, 0.0), (False, False, 1.0), (False, True, 0.0)],
)
def test_grade(correct, value, expected):
    assert true_false.grade(make(correct), {"value": value}).fraction == expected


def test_public_view_has_only_the_stem():
    assert true_false.public_view(make(False), None) == {
        "type": "true_false",
        "stem": "Một cửa điện tử là ...",
    }


def test_answer_key():
    assert true_false.answer_key(make(False)) == {"value": False}
