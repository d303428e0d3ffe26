"""The shapes of a round report's figures: histogram buckets, days, rates (worked by hand)."""

from datetime import date

import pytest

from contest.reports import round_figures as rf


@pytest.mark.parametrize(("top", "width"), [(10, 1), (20, 1), (21, 2), (40, 2), (100, 5), (3, 1), (1, 1), (0.5, 0.1), (0.25, 0.1)])
def test_score_width_gives_whole_points_from_one_and_at_most_twenty_buckets(top, width):
    assert rf.score_width(top) == width


def test_ten_one_point_questions_give_eleven_bars_with_the_full_mark_alone():
    width = rf.score_width(10)
    counts = {rf.bucket_index(score, width): n for score, n in ((0, 1), (7, 4), (10, 2))}
    bars = rf.histogram(counts, width, 10)
    assert [b.count for b in bars] == [1, 0, 0, 0, 0, 0, 0, 4, 0, 0, 2]
    assert [rf.score_label(b, width) for b in bars][-2:] == ["9", "10"]


def test_a_score_of_exactly_k_widths_lands_in_bucket_k_despite_float_noise():
    assert rf.bucket_index(0.1 + 0.2, 0.1) == 3
    assert rf.bucket_index(0.7, 0.1) == 7


def test_half_points_are_labelled_as_ranges_with_decimal_commas():
    bars = rf.histogram({0: 1, 5: 2}, 0.5, 2.5)
    assert [rf.score_label(b, 0.5) for b in bars] == ["0–0,5", "0,5–1", "1–1,5", "1,5–2", "2–2,5", "2,5–3"]
    assert bars[-1].count == 2


def test_an_index_past_the_top_folds_into_the_last_bucket_and_a_bucket_count_is_never_lost():
    bars = rf.histogram({0: 1, 3: 2}, 1, 1)
    assert [b.count for b in bars] == [1, 0, 0, 2]
    assert rf.histogram({}, 1, 0) == [rf.Bucket(0, 1, 0)]


@pytest.mark.parametrize(("longest", "width"), [(100, 10), (140, 10), (150, 15), (600, 60), (1200, 120), (2700, 300), (0, 10)])
def test_duration_width_keeps_fewer_than_fifteen_bars(longest, width):
    assert rf.duration_width(longest) == width


def test_durations_are_labelled_in_minutes():
    assert rf.minutes_label(rf.Bucket(300, 600, 3)) == "5–10"
    assert rf.minutes_label(rf.Bucket(30, 60, 3)) == "0,5–1"


def test_days_fill_the_days_nobody_took_part_and_add_up_to_the_participants():
    first, last = date(2026, 12, 1), date(2026, 12, 4)
    days = rf.days(first, last, {date(2026, 12, 1): 5, date(2026, 12, 3): 2}, {date(2026, 12, 1): 4, date(2026, 12, 3): 1})
    assert [(d.day.day, d.attempts, d.new_people) for d in days] == [(1, 5, 4), (2, 0, 0), (3, 2, 1), (4, 0, 0)]
    assert sum(d.new_people for d in days) == 5


def test_a_day_outside_the_round_widens_the_span_instead_of_being_dropped():
    days = rf.days(date(2026, 12, 2), date(2026, 12, 2), {date(2026, 12, 1): 1}, {})
    assert [d.day.day for d in days] == [1, 2]


def test_shares_and_percentages():
    assert rf.share(3, 8) == 0.375 and rf.share(1, 0) is None
    assert rf.percent(0.375) == 37.5 and rf.percent(None) is None
    assert rf.percent_text(0.375) == "37,5%" and rf.percent_text(None) == "—"
    assert rf.mean(10, 4) == 2.5 and rf.mean(None, 0) is None
