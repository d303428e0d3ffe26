"""Matching: share of lefts matched; distractors have an empty left; equal rights are one option."""

import random

import pytest

from question_bank.records import MatchPair, QuestionRecord
from question_bank.types import InvalidResponse, get_type

matching = get_type("matching")


def make(*pairs: tuple[str, str]) -> QuestionRecord:
    keyed = [MatchPair(left, right, f"L{n}", f"R{n}") for n, (left, right) in enumerate(pairs)]
    return QuestionRecord(type="matching", stem="Ghép", pairs=keyed)


THREE = make(("Xã", "UBND xã"), ("Huyện", "UBND huyện"), ("Tỉnh", "UBND tỉnh"), ("", "Bộ"))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (make(("Xã", "UBND xã"), ("", "Bộ")), "Câu hỏi ghép cặp cần ít nhất hai cặp có đủ vế trái và vế phải."),
        (make(("Xã", "UBND xã"), ("Tỉnh", " ")), "Cặp thứ 2 thiếu vế phải."),
        (make(("Xã", "A"), ("xã", "B")), "Vế trái bị trùng: xã."),
    ],
)  # fmt: skip
def test_validate_reports(record, message):
    assert message in matching.validate(record)


def test_validate_requires_keys():
    record = make(("Xã", "A"), ("Tỉnh", "B"))
    record.pairs[1].right_key = ""
    assert "Cặp ghép thiếu mã định danh." in matching.validate(record)


def test_public_view_lists_lefts_and_all_rights():
    view = matching.public_view(THREE, None)
    assert [left["key"] for left in view["lefts"]] == ["L0", "L1", "L2"]
    assert {right["text"] for right in view["rights"]} == {
        "UBND xã",
        "UBND huyện",
        "UBND tỉnh",
        "Bộ",
    }


def test_public_view_shuffles_rights_with_rng():
    orders = {
        tuple(r["key"] for r in matching.public_view(THREE, random.Random(s))["rights"])
        for s in range(5)
    }
    assert len(orders) > 1


def test_equal_rights_are_shown_once_and_both_count():
    record = make(("Sở TT&TT", "Cấp tỉnh"), ("Sở Tư pháp", "Cấp tỉnh"), ("Phòng VH", "Cấp huyện"))
    assert [r["key"] for r in matching.public_view(record, None)["rights"]] == ["R0", "R2"]
    response = {"pairs": {"L0": "R0", "L1": "R0", "L2": "R2"}}
    assert matching.grade(record, response).correct
    assert matching.answer_key(record) == response


def test_clean_response_allows_partial_answers_and_drops_blanks():
    cleaned = matching.clean_response(THREE, {"pairs": {"L1": "R1", "L0": "", "L2": None}})
    assert cleaned == {"pairs": {"L1": "R1"}}


@pytest.mark.parametrize(
    "raw",
    [{"pairs": {"L9": "R0"}}, {"pairs": {"L0": "R9"}}, {"pairs": {"L0": 3}}, {"pairs": ["L0"]}],
)
def test_clean_response_refuses_forged_or_ill_shaped(raw):
    with pytest.raises(InvalidResponse):
        matching.clean_response(THREE, raw)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ({"L0": "R0", "L1": "R1", "L2": "R2"}, 1.0),
        ({"L0": "R0", "L1": "R2", "L2": "R1"}, 1 / 3),
        ({"L0": "R0"}, 1 / 3),
        ({"L0": "R3"}, 0.0),
        ({}, 0.0),
    ],
)
def test_grade_is_the_share_of_lefts_matched(pairs, expected):
    assert matching.grade(THREE, {"pairs": pairs}).fraction == pytest.approx(expected)


def test_answer_key_maps_every_left():
    assert matching.answer_key(THREE) == {"pairs": {"L0": "R0", "L1": "R1", "L2": "R2"}}
