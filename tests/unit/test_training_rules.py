"""The pure training rules: completion of a course, expiry, and the QR check-in codes."""

from datetime import date, datetime, timedelta

import pytest

from contest.training.checkin_codes import (
    CodeProblem,
    check_code,
    code_for,
    current_code,
    period_of,
)
from contest.training.completion import (
    CompletionRule,
    CourseFacts,
    Missing,
    Standing,
    add_months,
    evaluate,
    standing,
)

D = date(2026, 3, 2)


def days(*offsets):
    return tuple(D + timedelta(days=n) for n in offsets)


def test_attendance_share_met_completes_on_the_session_that_crossed_it():
    verdict = evaluate(CompletionRule(min_attendance=0.8), CourseFacts(5, days(0, 1, 2, 3)))
    assert verdict.completed and verdict.completed_on == D + timedelta(days=3)
    assert verdict.attendance_share == pytest.approx(0.8)


def test_attendance_short_of_the_share_is_missing():
    verdict = evaluate(CompletionRule(min_attendance=0.8), CourseFacts(5, days(0, 1, 2)))
    assert not verdict.completed and verdict.missing == (Missing.attendance,)
    assert verdict.attendance_share == pytest.approx(0.6)


def test_every_stated_condition_must_hold_and_the_last_one_dates_it():
    rule = CompletionRule(min_attendance=0.5, assessment_required=True, practice_required=True)
    facts = CourseFacts(4, days(0, 1), passed_on=D + timedelta(days=10), practiced_on=D + timedelta(days=5))
    assert evaluate(rule, facts).completed_on == D + timedelta(days=10)
    unpassed = CourseFacts(4, days(0, 1, 2, 3), practiced_on=D)
    assert evaluate(rule, unpassed).missing == (Missing.assessment,)
    assert evaluate(rule, CourseFacts(4)).missing == (Missing.attendance, Missing.assessment, Missing.practice)


def test_an_assessment_only_course_ignores_attendance():
    rule = CompletionRule(min_attendance=0, assessment_required=True)
    assert evaluate(rule, CourseFacts(3, passed_on=D)).completed_on == D


def test_a_course_with_no_condition_is_completed_by_attending_one_session():
    rule = CompletionRule(min_attendance=0)
    assert not evaluate(rule, CourseFacts(3)).completed
    assert evaluate(rule, CourseFacts(3, days(4))).completed_on == D + timedelta(days=4)


def test_a_course_without_sessions_cannot_be_completed_by_attendance():
    assert evaluate(CompletionRule(min_attendance=0.8), CourseFacts(0)).missing == (Missing.attendance,)


def test_completion_expires_after_the_stated_months_and_is_reminded_before():
    verdict = evaluate(CompletionRule(min_attendance=1.0, valid_months=12), CourseFacts(1, days(0)))
    assert verdict.expires_on == date(2027, 3, 2)
    assert standing(verdict.expires_on, date(2027, 1, 1)) == Standing.valid
    assert standing(verdict.expires_on, date(2027, 2, 20)) == Standing.expiring
    assert standing(verdict.expires_on, date(2027, 3, 2)) == Standing.expired
    assert standing(None, date(2099, 1, 1)) == Standing.valid


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


SECRET = b"test-secret"
START = datetime(2026, 12, 7, 8, 0, 0)
END = START + timedelta(hours=3)


def test_the_shown_code_is_accepted_until_the_next_period_ends():
    code, left = current_code(SECRET, 7, START)
    assert 0 < left <= 30
    assert check_code(SECRET, 7, code, START, START, END) is None
    assert check_code(SECRET, 7, code.lower(), START + timedelta(seconds=left), START, END) is None
    assert check_code(SECRET, 7, code, START + timedelta(seconds=left + 30), START, END) == CodeProblem.expired


def test_a_code_changes_every_period_and_belongs_to_one_session():
    period = period_of(START)
    assert code_for(SECRET, 7, period) != code_for(SECRET, 7, period + 1)
    assert check_code(SECRET, 8, code_for(SECRET, 7, period), START, START, END) == CodeProblem.wrong
    assert check_code(b"other", 7, code_for(SECRET, 7, period), START, START, END) == CodeProblem.wrong
    assert check_code(SECRET, 7, "", START, START, END) == CodeProblem.wrong


def test_codes_are_refused_outside_the_session_window():
    """The window is the session's own: from its start to its end, not a minute earlier."""
    early = START - timedelta(seconds=1)
    assert check_code(SECRET, 7, current_code(SECRET, 7, early)[0], early, START, END) == CodeProblem.not_open
    assert check_code(SECRET, 7, current_code(SECRET, 7, END)[0], END, START, END) is None
    late = END + timedelta(seconds=1)
    assert check_code(SECRET, 7, current_code(SECRET, 7, late)[0], late, START, END) == CodeProblem.not_open


@pytest.mark.parametrize("code", ["Đ", "ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ", "mã", "\u017f", "ABCD 1234", "ABCD-EFGH", "0189", "=" * 16,
                                  "\x00", "   "])
def test_anything_but_base32_ascii_is_a_wrong_code_not_an_error(code):
    """``hmac.compare_digest`` raises TypeError on non-ASCII text; such a code is simply wrong
    (and "ſ", which upper-cases to the ASCII "S", is not taken for one)."""
    assert check_code(SECRET, 7, code, START, START, END) == CodeProblem.wrong


def test_a_code_with_spaces_around_or_in_lower_case_is_still_read():
    code, _ = current_code(SECRET, 7, START)
    assert check_code(SECRET, 7, f"  {code.lower()}\n", START, START, END) is None
