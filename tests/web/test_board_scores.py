"""A contest that asks "how many people will answer every question correctly?" must not let
anyone count the full marks before the round ends: its public board shows ranks, names and units
but no scores (nor times) until then."""

from datetime import timedelta

import pytest

from contest.core.db import utcnow
from contest.exams.models import LeaderboardMode
from tests.web.test_leaderboard_visibility import board, submitted

SCORES = ('<th>Điểm</th>', 'data-label="Điểm"', '<th>Thời gian</th>', 'data-label="Thời gian"')


def sitting(factory, *, ask_prediction, **exam):
    contest, round_ = factory.exam("contest", questions=2, ask_prediction=ask_prediction,
                                   opens=utcnow() - timedelta(hours=3), **exam)
    submitted(factory, round_, "Lan", correct=2, prediction=1, minutes_ago=90)
    submitted(factory, round_, "Minh", correct=1, prediction=4, minutes_ago=60)
    return contest, round_


@pytest.mark.parametrize("mode", [LeaderboardMode.live, LeaderboardMode.frozen])
def test_a_prediction_contest_shows_no_scores_before_the_round_ends(web, factory, session, mode):
    contest, round_ = sitting(factory, ask_prediction=True, leaderboard=mode)
    if mode == LeaderboardMode.frozen:
        round_.frozen_at = utcnow() - timedelta(minutes=5)
    factory.commit()
    for page in (board(web, contest, round_), board(web, contest, round_, headers={"HX-Request": "true"})):
        assert "Lan" in page and "Minh" in page and 'data-label="Hạng">1</td>' in page
        assert not any(mark in page for mark in SCORES), page
        assert "Điểm và thời gian làm bài cũng được công bố khi đợt thi kết thúc" in page

    round_.closes_at = utcnow() - timedelta(minutes=1)
    session.add(round_)
    session.commit()
    ended = board(web, contest, round_)
    assert all(mark in ended for mark in SCORES)
    assert '<td data-label="Điểm">2</td>' in ended and '<td data-label="Điểm">1</td>' in ended


def test_a_contest_without_the_prediction_shows_scores_while_open(web, factory):
    contest, round_ = sitting(factory, ask_prediction=False)
    factory.commit()
    page = board(web, contest, round_)
    assert all(mark in page for mark in SCORES) and '<td data-label="Điểm">2</td>' in page
