"""What a round's standings tell people before the round ends.

* A contestant's result page gives a rank only as the public leaderboard shows it: none while
  the board is hidden, the frozen standing while it is frozen (none for an attempt after the
  freeze), the live rank on a live board, the final rank once the round is over.
* A frozen board stays as it stood: later submissions do not reorder it through the
  prediction tie-break.
* Nothing shows how many people answered every question correctly (the number contestants are
  asked to predict) until the round has ended: not the leaderboard, its htmx fragment, the
  result page or the exam page.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from contest.accounts.models import Role
from contest.core.db import utcnow
from contest.exams.models import Attempt, AttemptStatus, LeaderboardMode, SubmittedBy
from contest.exams.services import results

RANK = re.compile(r"<dt>(Thứ hạng[^<]*)</dt><dd>(\d+)</dd>")
ROW = re.compile(r"<td[^>]*>(\d+)</td><td[^>]*>([^<]+)</td>")


@pytest.fixture
def contest(factory):
    """A contest round of 2 questions with a prediction, opened 3 hours ago."""
    exam, round_ = factory.exam("contest", questions=2, ask_prediction=True,
                                opens=utcnow() - timedelta(hours=3))
    return exam, round_


def submitted(factory, round_, name, *, correct, prediction, minutes_ago):
    """A counted, submitted attempt of a new contestant (``correct`` of 2 questions right)."""
    person = factory.user(role=Role.citizen, full_name=name)
    at = utcnow() - timedelta(minutes=minutes_ago)
    attempt = Attempt(round_id=round_.id, user_id=person.id, unit_id=person.unit_id, seed=1,
                      status=AttemptStatus.submitted, started_at=at - timedelta(minutes=5),
                      deadline=at + timedelta(hours=1), submitted_at=at, submitted_by=SubmittedBy.user,
                      score=float(correct),
                      max_score=2.0, correct_count=correct, question_count=2, duration_seconds=300.0,
                      prediction=prediction, counted=True)
    factory.session.add(attempt)
    factory.session.flush()
    return person, attempt


def rank_on_result(web, person, attempt):
    web.login(person)
    found = RANK.search(web.get(f"/attempts/{attempt.id}/result").get_data(as_text=True))
    web.post("/logout", {})
    return (found.group(1), int(found.group(2))) if found else None


def board(web, exam, round_, **kwargs):
    return web.get(f"/exams/{exam.id}/rounds/{round_.id}/leaderboard", **kwargs).get_data(as_text=True)


def test_the_result_page_gives_no_rank_while_the_board_is_hidden(web, factory, session, contest):
    exam, round_ = contest
    exam.leaderboard = LeaderboardMode.hidden
    person, attempt = submitted(factory, round_, "An", correct=2, prediction=1, minutes_ago=30)
    factory.commit()
    assert rank_on_result(web, person, attempt) is None
    results.finalize_round(session, round_, utcnow())
    session.commit()
    assert rank_on_result(web, person, attempt) == ("Thứ hạng", 1)


def test_the_result_page_gives_the_frozen_standing_while_the_board_is_frozen(
        web, factory, session, contest):
    """Frozen an hour ago: An and Bình had everything right and the count was 2, so An (who
    predicted 2) led Bình (who predicted 4). Two more perfect papers since make the live count 4,
    which would put Bình first: the frozen board, and An's result page, keep the standing."""
    exam, round_ = contest
    exam.leaderboard = LeaderboardMode.frozen
    round_.frozen_at = utcnow() - timedelta(hours=1)
    an, an_attempt = submitted(factory, round_, "An", correct=2, prediction=2, minutes_ago=120)
    binh, binh_attempt = submitted(factory, round_, "Bình", correct=2, prediction=4, minutes_ago=110)
    late = [submitted(factory, round_, name, correct=2, prediction=9, minutes_ago=10)
            for name in ("Chi", "Dũng")]
    factory.commit()
    assert results.user_rank(session, round_, binh) == 1  # the live standing
    assert ROW.findall(board(web, exam, round_)) == [("1", "An"), ("2", "Bình")]
    frozen = "Thứ hạng khi bảng xếp hạng tạm dừng cập nhật"
    assert rank_on_result(web, an, an_attempt) == (frozen, 1)
    assert rank_on_result(web, binh, binh_attempt) == (frozen, 2)
    assert rank_on_result(web, *late[0]) is None  # not on the frozen board


def test_the_result_page_gives_the_live_rank_on_a_live_board(web, factory, contest):
    exam, round_ = contest
    submitted(factory, round_, "An", correct=2, prediction=1, minutes_ago=30)
    person, attempt = submitted(factory, round_, "Bình", correct=1, prediction=1, minutes_ago=20)
    factory.commit()
    assert rank_on_result(web, person, attempt) == ("Thứ hạng hiện tại", 2)


FIGURE = re.compile(r"\d+ người trả lời đúng tất cả")


@pytest.mark.parametrize("mode", [LeaderboardMode.live, LeaderboardMode.frozen])
def test_the_all_correct_count_and_the_predictions_wait_for_the_close(
        web, factory, session, contest, mode):
    """The number contestants predict, and the predictions next to the ranks they order, are
    nowhere before the round ends; afterwards the board shows both."""
    exam, round_ = contest
    exam.leaderboard = mode
    round_.frozen_at = utcnow() - timedelta(minutes=1)
    person, attempt = submitted(factory, round_, "An", correct=2, prediction=731, minutes_ago=30)
    submitted(factory, round_, "Bình", correct=1, prediction=542, minutes_ago=20)
    factory.commit()
    web.login(person)
    pages = {"leaderboard": board(web, exam, round_),
             "leaderboard fragment": board(web, exam, round_, headers={"HX-Request": "true"}),
             "result": web.get(f"/attempts/{attempt.id}/result").get_data(as_text=True),
             "exam page": web.get(f"/exams/{exam.id}").get_data(as_text=True)}
    assert ROW.findall(pages["leaderboard"]) == [("1", "An"), ("2", "Bình")]
    assert {where: FIGURE.findall(html) for where, html in pages.items()} == dict.fromkeys(pages, [])
    assert "542" not in pages["leaderboard"] + pages["leaderboard fragment"]
    results.finalize_round(session, round_, utcnow())
    session.commit()
    final = board(web, exam, round_)
    assert FIGURE.findall(final) == ["1 người trả lời đúng tất cả"]
    assert '<td data-label="Dự đoán">542</td>' in final and '<td data-label="Dự đoán">731</td>' in final
