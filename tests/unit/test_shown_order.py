"""The order an examinee is shown gives nothing away: over many attempt seeds, every order of an
ordering question's items appears (the correct one included) about equally often, the correct
choice sits at every position equally often, and a matching question's rights are lined up
with its lefts in every way equally often.

The views come from ``attempts.public_view_of`` (the function the attempt page and the answer
save use) with the seeds 0..N-1, so the counts are the same on every run: the tolerance is
generous against chance (a uniform shuffle stays far below it) and a biased order, like
"never the correct one", is far above it.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter

import pytest

from contest.exams.models import Exam, ExamKind, ExamStatus
from contest.exams.services.attempts import public_view_of
from question_bank.records import Choice, MatchPair, OrderItem, QuestionRecord
from question_bank.types import get_type

EXAM = Exam(kind=ExamKind.contest, status=ExamStatus.published, title="Thử", created_by=1,
            shuffle_options=True)
SEEDS_PER_ORDER = 1000


def chi_square(counts: Counter, outcomes: list, total: int) -> float:
    expected = total / len(outcomes)
    return sum((counts.get(outcome, 0) - expected) ** 2 / expected for outcome in outcomes)


def tolerance(outcomes: int) -> float:
    """Ten standard deviations above the mean of chi-square with ``outcomes - 1`` degrees of
    freedom, plus ten (25 for 2 orders, 47 for 6, 101 for 24): chance alone reaches it less
    than once in a million, while an order never shown scores about ``total`` (thousands)."""
    freedom = outcomes - 1
    return freedom + 10 * math.sqrt(2 * freedom) + 10


def shown(record: QuestionRecord, seed: int, position: int = 3) -> dict:
    return public_view_of(EXAM, seed, position, record)


@pytest.mark.parametrize("size", [2, 3, 4])
def test_ordering_items_are_shown_in_a_uniformly_random_order(size):
    record = QuestionRecord(type="ordering", stem="Sắp xếp", items=[
        OrderItem(f"Bước {n}", key=f"k{n}") for n in range(size)])
    correct = tuple(item.key for item in record.items)
    orders = list(itertools.permutations(correct))
    total = SEEDS_PER_ORDER * len(orders)
    counts = Counter(tuple(i["key"] for i in shown(record, seed)["items"]) for seed in range(total))
    assert set(counts) == set(orders)
    assert abs(counts[correct] / total - 1 / math.factorial(size)) < 0.3 / math.factorial(size)
    assert chi_square(counts, orders, total) < tolerance(len(orders)), counts


def test_the_shown_order_is_replayed_from_the_attempt_seed():
    record = QuestionRecord(type="ordering", stem="Sắp xếp", items=[
        OrderItem(f"Bước {n}", key=f"k{n}") for n in range(5)])
    assert shown(record, 12345) == shown(record, 12345)
    assert len({tuple(i["key"] for i in shown(record, seed)["items"]) for seed in range(20)}) > 10


def test_matching_rights_line_up_with_the_lefts_in_every_way_equally_often():
    """What would leak is the rights' order relative to the lefts' (e.g. both shuffled alike):
    count, per seed, where each left's right sits among the rights."""
    record = QuestionRecord(type="matching", stem="Ghép", pairs=[
        MatchPair(left, right, f"L{n}", f"R{n}")
        for n, (left, right) in enumerate([("Xã", "UBND xã"), ("Tỉnh", "UBND tỉnh"),
                                           ("Bộ", "Chính phủ")])])
    key = get_type("matching").answer_key(record)["pairs"]
    outcomes = list(itertools.permutations(range(3)))
    total = SEEDS_PER_ORDER * len(outcomes)
    counts = Counter()
    for seed in range(total):
        view = shown(record, seed)
        rights = [r["key"] for r in view["rights"]]
        counts[tuple(rights.index(key[left["key"]]) for left in view["lefts"])] += 1
    assert set(counts) == set(outcomes)
    assert chi_square(counts, outcomes, total) < tolerance(len(outcomes)), counts


@pytest.mark.parametrize("kind", ["single_choice", "multiple_choice"])
def test_the_right_choice_sits_at_every_position_equally_often(kind):
    record = QuestionRecord(type=kind, stem="Chọn", choices=[
        Choice("Đúng", 1.0, key="right"), Choice("Sai 1", key="w1"), Choice("Sai 2", key="w2"),
        Choice("Sai 3", key="w3")])
    outcomes = list(range(4))
    total = SEEDS_PER_ORDER * len(outcomes)
    counts = Counter([c["key"] for c in shown(record, seed)["choices"]].index("right")
                     for seed in range(total))
    assert chi_square(counts, outcomes, total) < tolerance(len(outcomes)), counts
