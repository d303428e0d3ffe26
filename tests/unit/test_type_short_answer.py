"""Short answer: best matching accepted answer; case ignored, diacritics must match, * wildcard."""

import pytest

from question_bank.records import Choice, QuestionRecord
from question_bank.types import InvalidResponse, get_type
from question_bank.types.short_answer import matches

short = get_type("short_answer")


def make(*answers: tuple[str, float], case_sensitive=False) -> QuestionRecord:
    choices = [Choice(text, fraction) for text, fraction in answers]
    return QuestionRecord(
        type="short_answer", stem="Thủ đô?", choices=choices, case_sensitive=case_sensitive
    )


NEEDS_ANSWER = "Câu hỏi trả lời ngắn cần ít nhất một đáp án được chấp nhận có điểm lớn hơn 0."
OUT_OF_RANGE = "Điểm của phương án thứ 1 phải nằm trong khoảng từ -100% đến 100%."


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (make(), NEEDS_ANSWER),
        (make(("Hà Nội", 0.0)), NEEDS_ANSWER),
        (make(("Hà Nội", 1.0), ("  ", 0.5)), "Đáp án được chấp nhận chưa có nội dung."),
        (make(("Hà Nội", 1.0), ("hà  nội", 0.5)), "Đáp án được chấp nhận bị trùng: hà nội."),
        (make(("Hà Nội", 1.5)), OUT_OF_RANGE),
    ],
)
def test_validate_reports(record, message):
    assert message in short.validate(record)


def test_case_sensitive_answers_differing_in_case_are_not_duplicates():
    assert short.validate(make(("pH", 1.0), ("PH", 0.0), case_sensitive=True)) == []


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Hà Nội", 1.0),
        ("  hà   NỘI ", 1.0),  # case and spacing ignored
        ("Ha Noi", 0.0),  # diacritics must match: they change the word
        ("Ha\u0300 No\u0323\u0302i", 1.0),  # decomposed input is the same text
        ("Thành phố Hà Nội", 0.5),
        ("Hải Phòng", 0.0),
        ("", 0.0),
    ],
)
def test_grade(answer, expected):
    record = make(("Hà Nội", 1.0), ("Thành phố *", 0.5))
    assert short.grade(record, {"text": answer}).fraction == expected


def test_best_matching_fraction_wins():
    record = make(("*", 0.2), ("Hà Nội", 1.0))
    assert short.grade(record, {"text": "hà nội"}).fraction == 1.0


@pytest.mark.parametrize(("answer", "expected"), [("pH", 1.0), ("PH", 0.0), ("ph", 0.0)])
def test_case_sensitive(answer, expected):
    record = make(("pH", 1.0), case_sensitive=True)
    assert short.grade(record, {"text": answer}).fraction == expected


@pytest.mark.parametrize(("answer", "expected"), [("5*3", 1.0), ("5x3", 0.0)])
def test_escaped_star_is_literal(answer, expected):
    assert short.grade(make(("5\\*3", 1.0)), {"text": answer}).fraction == expected


def test_wildcard_does_not_treat_regex_characters_specially():
    assert short.grade(make(("a.b", 1.0)), {"text": "axb"}).fraction == 0.0


def test_clean_response_trims():
    assert short.clean_response(make(), {"text": "  Hà Nội \n"}) == {"text": "Hà Nội"}


@pytest.mark.parametrize("raw", [{"text": "x" * 501}, {"text": 5}, {"value": "x"}])
def test_clean_response_refuses_long_or_ill_shaped(raw):
    with pytest.raises(InvalidResponse):
        short.clean_response(make(), raw)


def test_answer_key_is_the_first_full_credit_answer():
    record = make(("Thủ đô", 0.5), ("Hà Nội", 1.0), ("HN", 1.0))
    assert short.answer_key(record) == {"text": "Hà Nội"}


@pytest.mark.parametrize(
    ("accepted", "answer", "expected"),
    [
        ("*", "", True),
        ("a*", "a", True),
        ("*b", "ab", True),
        ("a*b", "ab", True),
        ("a*b", "a", False),
        ("ab*ba", "aba", False),  # prefix and suffix may not overlap
        ("a*b*c", "axxbyyc", True),
        ("a*b*c", "acb", False),
    ],
)
def test_wildcard_matching(accepted, answer, expected):
    assert matches(accepted, answer, case_sensitive=False) is expected


def test_many_wildcards_on_a_long_answer_stay_fast():
    assert not matches("a*a*a*a*a*a*a*a*b", "a" * 500, case_sensitive=False)
