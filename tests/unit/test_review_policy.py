"""Who sees score, correctness, answers and explanations, and when."""

import pytest

from contest.exams.review_policy import (
    EVERYTHING,
    NOTHING,
    ReviewPolicy,
    Visibility,
    default_policy,
    phase_for,
    visible,
)


@pytest.mark.parametrize(
    ("round_closed", "submitted", "phase"),
    [
        (False, False, "during"),
        (False, True, "after_submit"),
        (True, True, "after_close"),
        (True, False, "after_close"),
    ],
)
def test_phase_for(round_closed, submitted, phase):
    assert phase_for(round_closed, submitted) == phase


SCORE_ONLY = Visibility(score=True)


@pytest.mark.parametrize(
    ("kind", "phase", "expected"),
    [
        ("contest", "during", NOTHING),
        ("contest", "after_submit", SCORE_ONLY),
        ("contest", "after_close", EVERYTHING),
        ("assessment", "during", NOTHING),
        ("assessment", "after_submit", SCORE_ONLY),
        ("assessment", "after_close", Visibility(score=True, correctness=True)),
        ("practice", "during", EVERYTHING),
        ("practice", "after_submit", EVERYTHING),
        ("practice", "after_close", EVERYTHING),
    ],
)
def test_default_policy(kind, phase, expected):
    assert visible(default_policy(kind), phase) == expected


@pytest.mark.parametrize("kind", ["contest", "assessment", "practice"])
def test_policy_survives_json_storage(kind):
    policy = default_policy(kind)
    assert ReviewPolicy.from_dict(policy.to_dict()) == policy


def test_to_dict_shape():
    assert default_policy("contest").to_dict()["after_submit"] == {
        "score": True,
        "correctness": False,
        "correct_answers": False,
        "explanations": False,
    }


def test_from_dict_hides_whatever_is_missing():
    policy = ReviewPolicy.from_dict({"after_close": {"score": True}})
    assert policy == ReviewPolicy(after_close=SCORE_ONLY)


@pytest.mark.parametrize(
    "data",
    [
        {"later": {}},
        {"during": {"answers": True}},
        {"during": {"score": "yes"}},
    ],
)
def test_from_dict_rejects_unknown_or_malformed_data(data):
    with pytest.raises(ValueError):
        ReviewPolicy.from_dict(data)


def test_unknown_kind_and_phase_are_errors():
    with pytest.raises(ValueError):
        default_policy("quiz")
    with pytest.raises(ValueError):
        visible(default_policy("contest"), "tomorrow")
