"""Essay: an answered essay waits for a grader; an empty one scores 0 at once."""

import pytest

from question_bank.records import QuestionRecord
from question_bank.types import InvalidResponse, Score, get_type

essay = get_type("essay")
RECORD = QuestionRecord(type="essay", stem="Nêu lợi ích của dịch vụ công trực tuyến.")


def test_is_not_auto_graded():
    assert essay.auto_graded is False
    assert essay.validate(RECORD) == []


@pytest.mark.parametrize(
    ("response", "score"),
    [
        ({"text": "Tiết kiệm thời gian."}, Score(0.0, pending=True)),
        ({"text": "   "}, Score(0.0)),
        (None, Score(0.0)),
    ],
)
def test_grade(response, score):
    assert essay.grade(RECORD, response) == score


def test_pending_is_never_correct():
    assert not essay.grade(RECORD, {"text": "Bài làm"}).correct


def test_clean_response_trims_and_limits_length():
    assert essay.clean_response(RECORD, {"text": " Bài làm \n"}) == {"text": "Bài làm"}
    assert essay.clean_response(RECORD, {"text": "x" * 20_000})["text"] == "x" * 20_000
    with pytest.raises(InvalidResponse):
        essay.clean_response(RECORD, {"text": "x" * 20_001})


def test_public_view_and_answer_key():
    assert essay.public_view(RECORD, None) == {"type": "essay", "stem": RECORD.stem}
    assert essay.answer_key(RECORD) == {}
