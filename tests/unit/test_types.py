"""Rules every question type shares: registry, validation basics, no answer key in the view."""

import json
import random

import pytest

from question_bank.records import (
    Choice,
    MatchPair,
    NumericAnswer,
    OrderItem,
    QuestionRecord,
)
from question_bank.types import QUESTION_TYPES, REGISTRY, InvalidResponse, get_type
from question_bank.types.keys import assign_keys

SECRET = "BI-MAT"  # feedback and explanations carry it; no public view may


def sample(type_name: str) -> QuestionRecord:
    """A valid, keyed record of each type whose answer-bearing fields all contain SECRET."""
    record = QuestionRecord(type=type_name, stem="<p>Dịch vụ công trực tuyến</p>")
    record.explanation = f"Giải thích {SECRET}"
    fb = f"Phản hồi {SECRET}"
    if type_name in ("single_choice", "multiple_choice"):
        right = 1.0 if type_name == "single_choice" else 0.5
        record.choices = [
            Choice("Mức độ 3", right, fb),
            Choice("Mức độ 4", 1.0 - right, fb),
            Choice("Mức độ 1", -0.5 if right == 0.5 else 0.0, fb),
        ]
    elif type_name == "true_false":
        record.correct, record.feedback_true, record.feedback_false = True, fb, fb
    elif type_name == "short_answer":
        record.choices = [Choice(f"Một cửa {SECRET}", 1.0, fb), Choice(f"{SECRET} 2", 0.5, fb)]
    elif type_name == "numeric":
        record.numeric = [NumericAnswer(value=4242.5, tolerance=0.1, feedback=fb)]
    elif type_name == "matching":
        record.pairs = [MatchPair("Cấp xã", "UBND xã"), MatchPair("Cấp tỉnh", "UBND tỉnh")]
        record.pairs.append(MatchPair("", "Bộ"))
    elif type_name == "ordering":
        record.items = [OrderItem(text) for text in ("Đăng nhập", "Chọn thủ tục", "Nộp hồ sơ")]
    assign_keys(record, random.Random(1))
    return record


def test_registry_holds_every_record_type():
    assert set(REGISTRY) == set(QUESTION_TYPES)
    assert all(get_type(name).name == name and get_type(name).label for name in QUESTION_TYPES)


def test_unknown_type_is_a_key_error():
    with pytest.raises(KeyError):
        get_type("cloze")


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_sample_is_valid(type_name):
    assert get_type(type_name).validate(sample(type_name)) == []


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
@pytest.mark.parametrize("stem", ["", "   ", "<p> &nbsp; </p>", "<p><br></p>"])
def test_every_type_rejects_an_empty_stem(type_name, stem):
    record = sample(type_name)
    record.stem = stem
    assert "Câu hỏi chưa có nội dung." in get_type(type_name).validate(record)


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_an_image_is_a_stem(type_name):
    record = sample(type_name)
    record.stem = '<p><img src="bieu-mau.png"></p>'
    assert get_type(type_name).validate(record) == []


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_every_type_rejects_an_unknown_difficulty(type_name):
    record = sample(type_name)
    record.difficulty = "very hard"
    assert any("Mức độ" in message for message in get_type(type_name).validate(record))


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
@pytest.mark.parametrize("seed", [None, 0, 7])
def test_public_view_never_reveals_the_answer(type_name, seed):
    record = sample(type_name)
    rng = None if seed is None else random.Random(seed)
    view = get_type(type_name).public_view(record, rng)
    text = json.dumps(view, ensure_ascii=False)
    for leak in (SECRET, "fraction", "correct", "feedback", "4242", "explanation"):
        assert leak not in text
    assert view["type"] == type_name and view["stem"] == record.stem
    assert set(view) <= {"type", "stem", "choices", "lefts", "rights", "items"}
    for options in (value for value in view.values() if isinstance(value, list)):
        assert all(set(option) == {"key", "text"} for option in options)


@pytest.mark.parametrize("type_name", sorted(set(QUESTION_TYPES) - {"essay"}))
def test_answer_key_is_a_valid_response_with_full_credit(type_name):
    record, question_type = sample(type_name), get_type(type_name)
    response = question_type.clean_response(record, question_type.answer_key(record))
    assert question_type.grade(record, response).correct


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_unanswered_scores_zero(type_name):
    score = get_type(type_name).grade(sample(type_name), None)
    assert score.fraction == 0.0 and not score.pending and not score.correct


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
@pytest.mark.parametrize("raw", [None, [], "x", {"unrelated": 1}])
def test_ill_shaped_responses_are_refused(type_name, raw):
    with pytest.raises(InvalidResponse):
        get_type(type_name).clean_response(sample(type_name), raw)
