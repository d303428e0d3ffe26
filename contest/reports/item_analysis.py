"""Item analysis of a test, with the definitions of Moodle's quiz statistics report. Pure: numpy,
no Flask, no database.

Input: a person x item matrix of scores as fractions of each item's maximum (0..1; NaN where the
person did not see the item: random draws from a pool) and each item's maximum mark (its
weight). A person's test score is the sum of the marks of the items they saw (fraction x weight),
out of the sum of those items' weights. Units follow Moodle's report: facility, item SD and the
random guess score are fractions (0..1); weights, discrimination, efficiency, the coefficient of
internal consistency and the error ratio are percentages; the test's mean, median, SD and
standard error are percentages of the maximum score.

Items of a pool (NaN cells): Moodle computes per position of the quiz; here each item is a
question version, computed over the people who saw it. Where the whole test enters a formula
(weights, Cronbach's alpha), an item counts by its exposure ``n_i / N`` (the share of people who
saw it), which is exactly Moodle's formula when everyone sees every item: the denominators are
those of "the average test".
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from contest.core.i18n import N_

#: Fewer responses than this and an item gets no flag (its figures are noise).
MIN_RESPONSES = 10
#: Discriminative efficiency under this (percent) is weak (Moodle marks such questions).
LOW_EFFICIENCY = 15.0
TOO_HARD, TOO_EASY = 0.2, 0.95
#: Drift: |z| of the two-proportion test and the jump in facility, between consecutive rounds
#: that each had at least DRIFT_MIN_RESPONSES responses.
DRIFT_Z, DRIFT_JUMP, DRIFT_MIN_RESPONSES = 3.0, 0.2, 30


class FlagReason(enum.StrEnum):
    """Why a question should be looked at again ("cần xem lại")."""

    negative_discrimination = "negative_discrimination"
    low_efficiency = "low_efficiency"
    too_hard = "too_hard"
    too_easy = "too_easy"
    drift = "drift"

    @property
    def message(self) -> str:
        """The reason in Vietnamese: a message id, translated where it is shown."""
        return _MESSAGES[self]


_MESSAGES = {
    FlagReason.negative_discrimination: N_(
        "Độ phân biệt âm: người làm bài tốt lại hay sai câu này (có thể sai đáp án)"),
    FlagReason.low_efficiency: N_("Hiệu quả phân biệt yếu: dưới 15 phần trăm"),
    FlagReason.too_hard: N_("Quá khó: chỉ số dễ dưới 0,2"),
    FlagReason.too_easy: N_("Quá dễ: chỉ số dễ trên 0,95"),
    FlagReason.drift: N_("Chỉ số dễ thay đổi đột ngột giữa các đợt (có thể lộ đề)"),
}


@dataclass(frozen=True)
class Flag:
    reason: FlagReason
    #: Figures behind it (JSON-ready), e.g. {"from": "Đợt 1", "to": "Đợt 2", "z": 4.1}.
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GroupFacility:
    """An item's facility in one group of people (a round)."""

    group: str
    responses: int
    facility: float


@dataclass
class ItemStats:
    name: str
    responses: int  #: people who saw the item
    weight: float  #: its maximum mark
    facility: float | None  #: mean score / maximum (0..1)
    sd: float | None  #: sample SD of the score / maximum (0..1)
    random_guess: float | None  #: expected score of a random guess (0..1), from the caller
    intended_weight: float | None  #: % of the (average) test's maximum
    effective_weight: float | None  #: % share of the test's spread; None if it works against it
    discrimination: float | None  #: 100 x correlation of the item with the rest of the test
    efficiency: float | None  #: 100 x cov(item, rest) / the largest cov the marginals allow
    by_group: list[GroupFacility] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass
class TestStats:
    people: int  #: people who saw at least one item
    items: int
    mean_items: float  #: items seen per person, on average
    mean: float | None  #: % of the maximum
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    alpha: float | None  #: coefficient of internal consistency (Cronbach's alpha), %
    error_ratio: float | None  #: %
    standard_error: float | None  #: % of the maximum


@dataclass
class Analysis:
    test: TestStats
    items: list[ItemStats]

    def as_dict(self) -> dict:
        """JSON-ready: the test, then each item with its flags."""
        return {"test": vars(self.test), "items": [
            {**{k: v for k, v in vars(item).items() if k not in ("by_group", "flags")},
             "by_group": [vars(g) for g in item.by_group],
             "flags": [{"reason": f.reason.value, "message": f.reason.message, "detail": f.detail}
                       for f in item.flags]} for item in self.items]}


def _cov(a: np.ndarray, b: np.ndarray) -> float:
    """Sample covariance (n - 1), as Moodle's."""
    return float(np.dot(a - a.mean(), b - b.mean()) / (len(a) - 1))


def _num(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def analyse(scores, weights: Sequence[float], names: Sequence[str] | None = None,
            random_guess: Sequence[float | None] | None = None, groups: Sequence | None = None,
            group_order: Sequence | None = None, min_responses: int = MIN_RESPONSES) -> Analysis:
    """Moodle's test and item statistics of ``scores`` (people x items, fractions, NaN unseen).

    ``groups`` (optional, one label per person, e.g. the round) gives each item's facility per
    group, in ``group_order`` (default: order of first appearance), and the drift flag between
    consecutive groups. People who saw no item are left out.
    """
    matrix = np.asarray(scores, dtype=float)
    if matrix.ndim != 2:
        raise ValueError("scores must be a people x items matrix")
    w = np.asarray(weights, dtype=float)
    if w.shape != (matrix.shape[1],) or (w <= 0).any():
        raise ValueError("one positive weight per item")
    names = list(names) if names is not None else [str(i + 1) for i in range(matrix.shape[1])]
    guesses = list(random_guess) if random_guess is not None else [None] * matrix.shape[1]
    seen = ~np.isnan(matrix)
    keep = seen.any(axis=1)
    matrix, seen = matrix[keep], seen[keep]
    labels = np.asarray(groups, dtype=object)[keep] if groups is not None else None
    marks = np.where(seen, matrix, 0.0) * w
    totals = marks.sum(axis=1)
    maxima = (seen * w).sum(axis=1)
    people, count = len(totals), seen.sum(axis=0)
    exposure = count / people if people else np.zeros_like(w)

    computed = [_item(names[i], w[i], guesses[i], marks[seen[:, i], i], totals[seen[:, i]])
                for i in range(matrix.shape[1])]
    items = [item for item, _, _ in computed]
    variances = [variance for _, variance, _ in computed]
    covs = [cov for _, _, cov in computed]  # with the whole test
    spread = sum(e * math.sqrt(c) for e, c in zip(exposure, covs, strict=True) if c is not None and c >= 0)
    average_max = float(np.dot(exposure, w))
    for i, item in enumerate(items):
        cov = covs[i]
        item.intended_weight = _num(100 * w[i] / average_max) if average_max else None
        item.effective_weight = (100 * math.sqrt(cov) / spread
                                 if spread and cov is not None and cov >= 0 else None)
        if labels is not None:
            item.by_group = by_group(matrix[seen[:, i], i], labels[seen[:, i]], group_order)
        item.flags = flags_of(item, min_responses)
    sum_variance = sum(e * v for e, v in zip(exposure, variances, strict=True) if v is not None)
    test = _test(totals, maxima, float(count.sum() / people) if people else 0.0, sum_variance,
                 matrix.shape[1])
    return Analysis(test=test, items=items)


def _item(name: str, weight: float, guess: float | None, x: np.ndarray,
          totals: np.ndarray) -> tuple[ItemStats, float | None, float | None]:
    """One item's statistics over the people who saw it (``x``: their marks on it), with the
    variance of its marks and their covariance with the test score (None under 2 responses)."""
    n = len(x)
    item = ItemStats(name=name, responses=n, weight=float(weight),
                     facility=float(x.mean() / weight) if n else None, sd=None,
                     random_guess=guess, intended_weight=None, effective_weight=None,
                     discrimination=None, efficiency=None)
    if n < 2:
        return item, None, None
    rest = totals - x
    variance, rest_variance, cov = _cov(x, x), _cov(rest, rest), _cov(x, rest)
    item.sd = math.sqrt(variance) / weight
    if variance * rest_variance > 1e-12:
        item.discrimination = 100 * cov / math.sqrt(variance * rest_variance)
    cov_max = _cov(np.sort(x), np.sort(rest))
    if abs(cov_max) > 1e-12:
        item.efficiency = 100 * cov / cov_max
    return item, variance, _cov(x, totals)


def by_group(fractions: np.ndarray, labels: np.ndarray, order: Sequence | None = None) -> list[GroupFacility]:
    """Facility (mean fraction) per label, in ``order`` (default: first appearance); a label
    without responses is left out."""
    labels = np.asarray(labels, dtype=object)
    present = set(labels.tolist())
    order = [g for g in (order if order is not None else dict.fromkeys(labels.tolist())) if g in present]
    return [GroupFacility(group=str(g), responses=int((labels == g).sum()),
                          facility=float(fractions[labels == g].mean())) for g in order]


def person_scores(scores, weights: Sequence[float]) -> np.ndarray:
    """Each person's test score as a % of the maximum of the items they saw (NaN: saw none)."""
    matrix = np.asarray(scores, dtype=float)
    seen = ~np.isnan(matrix)
    w = np.asarray(weights, dtype=float)
    maxima = (seen * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100 * (np.where(seen, matrix, 0.0) * w).sum(axis=1) / maxima


def _test(totals: np.ndarray, maxima: np.ndarray, mean_items: float, sum_variance: float,
          items: int) -> TestStats:
    """Moodle's test statistics: moments of the percentage scores; alpha from the marks."""
    s = len(totals)
    stats = TestStats(people=s, items=items, mean_items=mean_items, mean=None, median=None, sd=None,
                      skewness=None, kurtosis=None, alpha=None, error_ratio=None, standard_error=None)
    if not s:
        return stats
    pct = 100 * totals / maxima
    stats.mean, stats.median = float(pct.mean()), float(np.median(pct))
    if s < 2:
        return stats
    stats.sd = math.sqrt(_cov(pct, pct))
    if s < 3:
        return stats
    d = pct - pct.mean()
    m2, m3, m4 = (float((d ** k).sum() / s) for k in (2, 3, 4))
    k2 = s * m2 / (s - 1)
    if k2 <= 1e-12:
        return stats
    stats.skewness = s * s * m3 / ((s - 1) * (s - 2)) / k2 ** 1.5
    if s > 3:
        k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
        stats.kurtosis = k4 / (k2 * k2)
    variance_total = _cov(totals, totals)
    if mean_items > 1 and variance_total > 1e-12:
        stats.alpha = float(100 * mean_items / (mean_items - 1) * (1 - sum_variance / variance_total))
        stats.error_ratio = 100 * math.sqrt(max(0.0, 1 - stats.alpha / 100))
        stats.standard_error = stats.error_ratio * stats.sd / 100
    return stats


def drift_z(n1: int, p1: float, n2: int, p2: float) -> float | None:
    """The two-proportion z statistic of a change in facility from p1 (n1) to p2 (n2), pooled
    standard error; None when it is undefined (everyone right, or everyone wrong)."""
    pooled = (n1 * p1 + n2 * p2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return (p2 - p1) / se if se > 0 else None


def flags_of(item: ItemStats, min_responses: int = MIN_RESPONSES) -> list[Flag]:
    """The reasons to look at an item again, each rule stated here:

    * negative discrimination (index < 0): the better a person does on the rest of the test, the
      less they score here: most often a wrong key;
    * discriminative efficiency under 15% (not repeated when the discrimination is negative);
    * facility under 0.2 (too hard) or over 0.95 (too easy);
    * drift: between two consecutive groups (rounds) with at least 30 responses each, the
      facility moved by at least 0.2 and the two-proportion z-test gives |z| > 3 (a fraction
      of credit counts as that fraction of a success): a leaked question gets easier at once.

    An item seen by fewer than ``min_responses`` people gets no flag (the drift rule has its own
    minimum per round).
    """
    found: list[Flag] = []
    if item.responses < min_responses:
        return found
    if item.discrimination is not None and item.discrimination < 0:
        found.append(Flag(FlagReason.negative_discrimination,
                          {"discrimination": round(item.discrimination, 2)}))
    elif item.efficiency is not None and item.efficiency < LOW_EFFICIENCY:
        found.append(Flag(FlagReason.low_efficiency, {"efficiency": round(item.efficiency, 2)}))
    if item.facility is not None and item.facility < TOO_HARD:
        found.append(Flag(FlagReason.too_hard, {"facility": round(item.facility, 4)}))
    elif item.facility is not None and item.facility > TOO_EASY:
        found.append(Flag(FlagReason.too_easy, {"facility": round(item.facility, 4)}))
    found.extend(_drift(item.by_group))
    return found


def _drift(groups: list[GroupFacility]) -> list[Flag]:
    found, previous = [], None
    for group in groups:
        if group.responses < DRIFT_MIN_RESPONSES:
            continue
        if previous is not None:
            z = drift_z(previous.responses, previous.facility, group.responses, group.facility)
            jump = group.facility - previous.facility
            if z is not None and abs(z) > DRIFT_Z and abs(jump) >= DRIFT_JUMP:
                found.append(Flag(FlagReason.drift, {
                    "from": previous.group, "to": group.group, "before": round(previous.facility, 4),
                    "after": round(group.facility, 4), "z": round(z, 2)}))
        previous = group
    return found


@dataclass(frozen=True)
class OptionCount:
    """How often an option was picked: overall, by the top and the bottom third."""

    option: str | None  #: None: no answer
    overall: int
    top: int
    bottom: int
    overall_share: float
    top_share: float | None
    bottom_share: float | None


def distractors(picks: Sequence[Sequence[str] | None], scores: Sequence[float],
                options: Sequence[str]) -> list[OptionCount]:
    """Distractor analysis of one item: for each option (in ``options`` order, then "no answer")
    how many responses picked it, overall and within the top and bottom thirds.

    ``picks[k]`` are the options of the k-th response (empty or None: no answer) and
    ``scores[k]`` that person's test score. The thirds: responses sorted by score (ties keep
    their order), the last ``n // 3`` are the top third, the first ``n // 3`` the bottom third.
    Shares are of the responses in the group (a multiple-choice response may count for several
    options, so shares need not add up to 1).
    """
    n = len(picks)
    order = np.argsort(np.asarray(scores, dtype=float), kind="stable")
    third = n // 3
    rank = np.zeros(n, dtype=np.int8)  # -1 bottom third, 1 top third
    if third:
        rank[order[:third]], rank[order[n - third:]] = -1, 1
    counts: dict[int, Counter] = {-1: Counter(), 0: Counter(), 1: Counter()}
    for pick, group in zip(picks, rank.tolist(), strict=True):
        counter = counts[group]
        if pick:
            counter.update(pick)
        else:
            counter[None] += 1
    return option_counts(counts, n, options)


def option_counts(counts: dict[int, Counter], n: int, options: Sequence[str]) -> list[OptionCount]:
    """The rows of a distractor table from counts of picks by group (-1 bottom third, 0 middle,
    1 top third; key None: no answer) among ``n`` responses, thirds of ``n // 3``."""
    third = n // 3
    rows = []
    for option in [*options, None]:
        t, b = counts.get(1, {}).get(option, 0), counts.get(-1, {}).get(option, 0)
        total = t + b + counts.get(0, {}).get(option, 0)
        rows.append(OptionCount(option, total, t, b, total / n if n else 0.0,
                                t / third if third else None, b / third if third else None))
    return rows
