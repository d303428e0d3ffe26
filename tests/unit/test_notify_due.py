"""What is due when (contest.notifications.events.due): pure, with an injected ``now``."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from contest.notifications.events import due
from contest.notifications.events.due import Held

# 2026-03-10 09:00 in Hồ Chí Minh time (UTC+7), stored naive UTC.
NOW = datetime(2026, 3, 10, 2, 0)


def round_(opens_at, closes_at=None, finalized_at=None):
    return SimpleNamespace(opens_at=opens_at, closes_at=closes_at or opens_at + timedelta(days=7),
                           finalized_at=finalized_at)


@pytest.mark.parametrize(("opened", "expected"), [
    (timedelta(minutes=1), True),
    (timedelta(hours=23), True),
    (timedelta(days=1), False),      # the window is (now - 1 day, now]
    (timedelta(days=3), False),
    (timedelta(0), True),            # opens exactly now
    (-timedelta(minutes=1), False),  # not open yet
])
def test_a_round_is_announced_within_a_day_of_opening(opened, expected):
    assert due.opening_due(round_(NOW - opened), NOW) is expected


def test_a_round_closed_early_is_not_announced():
    assert not due.opening_due(round_(NOW - timedelta(hours=2), closes_at=NOW - timedelta(hours=1)), NOW)


def test_a_finalized_round_is_not_announced():
    assert not due.opening_due(round_(NOW - timedelta(hours=2), finalized_at=NOW - timedelta(minutes=5)), NOW)


def test_the_opening_window_matches_the_rule():
    after, until = due.opening_window(NOW)
    assert (after, until) == (NOW - timedelta(days=1), NOW)


def test_a_session_is_reminded_on_the_local_day_before():
    # Starts 2026-03-11 08:00 local = 01:00 UTC; today (local) is 2026-03-10, 09:00.
    assert due.session_reminder_due(datetime(2026, 3, 11, 1, 0), NOW)


def test_a_session_the_day_after_tomorrow_is_not_reminded_yet():
    assert not due.session_reminder_due(datetime(2026, 3, 12, 1, 0), NOW)


def test_a_session_later_today_is_not_a_next_day_reminder():
    assert not due.session_reminder_due(datetime(2026, 3, 10, 7, 0), NOW)


def test_local_days_decide_not_utc_days():
    # 2026-03-10 18:00 UTC is already 2026-03-11 01:00 local: a session then is "today" at
    # 2026-03-11 in the province, so at 2026-03-10 09:00 local it is tomorrow.
    assert due.session_reminder_due(datetime(2026, 3, 10, 18, 0), NOW)
    # 2026-03-11 17:30 UTC is 2026-03-12 00:30 local: the day after tomorrow.
    assert not due.session_reminder_due(datetime(2026, 3, 11, 17, 30), NOW)


def test_no_reminder_before_the_morning():
    early = datetime(2026, 3, 9, 22, 0)  # 2026-03-10 05:00 local
    assert not due.session_reminder_due(datetime(2026, 3, 11, 1, 0), early)
    assert due.session_reminder_due(datetime(2026, 3, 11, 1, 0), early, from_hour=5)


def test_the_session_window_holds_every_start_of_the_next_local_day():
    after, until = due.session_window(NOW)
    last_of_tomorrow = datetime(2026, 3, 11, 16, 59)  # 2026-03-11 23:59 local
    assert after < last_of_tomorrow <= until


TODAY = date(2026, 3, 10)


def held(eid, expires_on, user=1, programme=1, completed_on=date(2025, 3, 10)):
    return Held(eid, user, programme, completed_on, expires_on)


def test_a_completion_expiring_within_30_days_is_reminded():
    items = [held(1, TODAY + timedelta(days=30)), held(2, TODAY, user=2), held(3, TODAY + timedelta(days=31), user=3)]
    assert [h.enrollment_id for h in due.expiring(items, TODAY)] == [2, 1]


def test_an_expired_or_endless_completion_is_not_reminded():
    assert due.expiring([held(1, TODAY - timedelta(days=1)), held(2, None, user=2)], TODAY) == []


def test_a_renewed_programme_is_not_reminded():
    old = held(1, TODAY + timedelta(days=10), completed_on=date(2024, 1, 1))
    new = held(2, date(2028, 1, 1), completed_on=date(2026, 1, 1))
    assert due.expiring([old, new], TODAY) == []


def test_each_programme_counts_apart():
    a = held(1, TODAY + timedelta(days=10), programme=1)
    b = held(2, TODAY + timedelta(days=5), programme=2)
    assert [h.enrollment_id for h in due.expiring([a, b], TODAY)] == [2, 1]


def test_results_go_out_for_two_days_after_finalizing():
    assert due.results_due(NOW - timedelta(hours=1), NOW)
    assert not due.results_due(NOW - timedelta(days=3), NOW)
    assert not due.results_due(None, NOW)


def test_chunks_cover_everything_once():
    assert [list(c) for c in due.chunks(list(range(7)), 3)] == [[0, 1, 2], [3, 4, 5], [6]]
