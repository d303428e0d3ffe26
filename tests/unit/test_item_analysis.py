"""Item analysis on small matrices whose figures are worked out by hand (Moodle's definitions)."""

import math

import numpy as np
import pytest

from contest.reports.item_analysis import (
    FlagReason,
    analyse,
    distractors,
    drift_z,
)

NAN = float("nan")

# A Guttman pattern: whoever gets a harder item right gets the easier ones right too.
#        A  B  C   total
GUTTMAN = [[1, 1, 1],  # 3
           [1, 1, 0],  # 2
           [1, 0, 0],  # 1
           [0, 0, 0]]  # 0


def by_name(analysis):
    return {item.name: item for item in analysis.items}


def test_the_test_statistics_of_a_guttman_pattern():
    """Totals 3, 2, 1, 0 out of 3: mean 1.5 (50%), median 1.5 (50%); deviations +-1.5, +-0.5 so
    the sample variance is 5/3 and the SD sqrt(5/3)/3 = 43.03% of the maximum. Symmetric: skewness
    0. Kurtosis: m2 = 5/4, m4 = 41/16, k4 = 16((5)(41/16) - 3(3)(25/16)) / 6 = -10/3, k2 = 5/3,
    so -10/3 / (25/9) = -1.2. Item variances 1/4, 1/3, 1/4 (sum 5/6); alpha = 3/2 (1 - (5/6)/(5/3))
    = 75%; error ratio 100 sqrt(1 - 0.75) = 50%; standard error 50% of the SD = 21.52%."""
    test = analyse(GUTTMAN, [1, 1, 1]).test
    assert (test.people, test.items, test.mean_items) == (4, 3, 3)
    assert test.mean == pytest.approx(50) and test.median == pytest.approx(50)
    assert test.sd == pytest.approx(100 * math.sqrt(5 / 3) / 3)
    assert test.skewness == pytest.approx(0, abs=1e-9)
    assert test.kurtosis == pytest.approx(-1.2)
    assert test.alpha == pytest.approx(75)
    assert test.error_ratio == pytest.approx(50)
    assert test.standard_error == pytest.approx(50 * math.sqrt(5 / 3) / 3)


def test_the_item_statistics_of_a_guttman_pattern():
    """B: scores 1,1,0,0 (facility 0.5, SD sqrt(1/3)); the rest of the test 2,1,1,0; cov 1/3,
    var(rest) 2/3, so the discrimination is (1/3)/sqrt(1/3 x 2/3) = 70.71%. Sorting both columns
    changes nothing, so cov = covmax: efficiency 100%.
    A: scores 1,1,1,0, rest 2,1,0,0: cov 1/4, var 1/4 and 11/12: 0.25/sqrt(0.25 x 11/12) = 52.22%;
    sorted: 0,1,1,1 against 0,0,1,2 gives the same 1/4, efficiency 100%.
    Weights: cov with the total is 1/2, 2/3, 1/2; effective weight sqrt(cov) / the sum of them."""
    items = by_name(analyse(GUTTMAN, [1, 1, 1], names="ABC", random_guess=[0.25, 0.25, None]))
    a, b, c = items["A"], items["B"], items["C"]
    assert (a.facility, b.facility, c.facility) == (0.75, 0.5, 0.25)
    assert b.sd == pytest.approx(math.sqrt(1 / 3)) and a.sd == pytest.approx(0.5)
    assert b.discrimination == pytest.approx(100 / math.sqrt(2))
    assert a.discrimination == pytest.approx(100 * 0.25 / math.sqrt(0.25 * 11 / 12))
    assert a.efficiency == pytest.approx(100) and b.efficiency == pytest.approx(100)
    assert [i.intended_weight for i in (a, b, c)] == pytest.approx([100 / 3] * 3)
    spread = 2 * math.sqrt(0.5) + math.sqrt(2 / 3)
    assert a.effective_weight == pytest.approx(100 * math.sqrt(0.5) / spread)  # 31.70
    assert b.effective_weight == pytest.approx(100 * math.sqrt(2 / 3) / spread)  # 36.60
    assert (a.random_guess, c.random_guess) == (0.25, None)
    assert a.responses == 4 and a.flags == []  # fewer than 10 responses: no flag


def test_a_question_the_strong_get_wrong_is_flagged_as_a_likely_wrong_key():
    """C is answered by the two weakest only. Totals 2,2,1,1,1. For C: scores 0,0,0,1,1 (mean
    0.4), rest 2,2,1,0,0 (mean 1): cov = (-0.4 - 0.4 + 0 - 0.6 - 0.6)/4 = -1/2, var 0.3 and 1,
    discrimination -0.5/sqrt(0.3) = -91.29%; sorted: 0,0,0,1,1 against 0,0,1,2,2 gives +1/2, so
    the efficiency is -100%. Its covariance with the total is -0.2: no effective weight."""
    matrix = [[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1], [0, 0, 1]]
    analysis = analyse(matrix, [1, 1, 1], names="ABC", min_responses=5)
    c = by_name(analysis)["C"]
    assert c.discrimination == pytest.approx(-50 / math.sqrt(0.3))
    assert c.efficiency == pytest.approx(-100)
    assert c.effective_weight is None
    assert [f.reason for f in c.flags] == [FlagReason.negative_discrimination]
    b = by_name(analysis)["B"]  # the rest of the test is 1 for everyone: no correlation at all
    assert b.discrimination is None and b.efficiency is None
    # A: cov with the total 0.2, B: 0.3 (C is left out of the sum)
    assert by_name(analysis)["A"].effective_weight == pytest.approx(
        100 * math.sqrt(0.2) / (math.sqrt(0.2) + math.sqrt(0.3)))
    # Totals 2,2,1,1,1: k2 = 0.3, m3 = 0.048, k3 = 25 x 0.048 / 12 = 0.1, skewness 0.1/0.3^1.5
    assert analysis.test.skewness == pytest.approx(0.1 / 0.3 ** 1.5)
    assert analysis.test.kurtosis == pytest.approx(-0.3 / 0.09)


def test_unseen_items_of_random_draws_are_left_out_not_scored_zero():
    """Each person saw two of three items. A was seen by 1, 2 and 4 (scores 1,1,0; totals 2,1,0;
    rest 1,0,0): facility 2/3, cov 1/6, both variances 1/3, discrimination 50%. Percent scores
    100, 50, 50, 0: mean and median 50. Alpha over the average test: 2 items a person; item
    variances 1/3, 1/3, 1/2 weighted by exposure 3/4, 3/4, 1/2 sum to 3/4; the totals' variance is
    2/3: 100 x 2 x (1 - (3/4)/(2/3)) = -25%. Intended weights: 1 / (3/4 + 3/4 + 1/2) = 50% each."""
    matrix = [[1, 1, NAN], [1, NAN, 0], [NAN, 0, 1], [0, 0, NAN], [NAN, NAN, NAN]]
    analysis = analyse(matrix, [1, 1, 1], names="ABC")
    a = by_name(analysis)["A"]
    assert a.responses == 3 and a.facility == pytest.approx(2 / 3)
    assert a.discrimination == pytest.approx(50)
    assert analysis.test.people == 4 and analysis.test.mean_items == 2  # the fifth saw nothing
    assert analysis.test.mean == pytest.approx(50) and analysis.test.median == pytest.approx(50)
    assert analysis.test.alpha == pytest.approx(-25)
    assert [i.intended_weight for i in analysis.items] == pytest.approx([50, 50, 50])
    assert by_name(analysis)["C"].responses == 2


def test_weights_are_marks_and_fractions_scale_by_them():
    """Two items worth 1 and 3: intended weights 25% and 75%; a person with 1 of the first and
    half of the second has 1 + 1.5 = 2.5 of 4 (62.5%)."""
    analysis = analyse([[1, 0.5], [0, 1]], [1, 3])
    assert [i.intended_weight for i in analysis.items] == pytest.approx([25, 75])
    assert analysis.test.mean == pytest.approx((62.5 + 75) / 2)
    assert analysis.items[1].facility == pytest.approx(0.75)


def test_facility_flags_need_enough_responses():
    easy = np.ones((12, 2))
    easy[0, 1] = 0
    items = analyse(easy, [1, 1], names="XY").items
    assert [f.reason for f in items[0].flags] == [FlagReason.too_easy]
    hard = np.zeros((12, 1))
    hard[0, 0] = 1
    assert [f.reason for f in analyse(hard, [1]).items[0].flags] == [FlagReason.too_hard]
    assert analyse(hard[:9], [1]).items[0].flags == []


def test_the_drift_rule():
    """50 people each round, facility 0.8 then 0.4: pooled 0.6, se sqrt(0.24 x 0.04) = 0.098,
    z = -4.08 and the jump is 0.4: drift. 0.8 then 0.65: a jump of 0.15, no drift. Ten a round,
    0.8 then 0.4: z = -1.83, no drift."""
    assert drift_z(50, 0.8, 50, 0.4) == pytest.approx(-0.4 / math.sqrt(0.24 * 0.04))
    assert drift_z(10, 1.0, 10, 1.0) is None

    def rounds(n, before, after):
        column = [1.0] * round(n * before) + [0.0] * (n - round(n * before))
        column += [1.0] * round(n * after) + [0.0] * (n - round(n * after))
        other = [1.0] * len(column)
        return analyse(np.column_stack([column, other]), [1, 1], names="QR",
                       groups=["Đợt 1"] * n + ["Đợt 2"] * n).items[0]

    drifted = rounds(50, 0.8, 0.4)
    assert [(g.group, g.responses, g.facility) for g in drifted.by_group] == [
        ("Đợt 1", 50, 0.8), ("Đợt 2", 50, 0.4)]
    flag = next(f for f in drifted.flags if f.reason == FlagReason.drift)
    assert flag.detail == {"from": "Đợt 1", "to": "Đợt 2", "before": 0.8, "after": 0.4, "z": -4.08}
    assert FlagReason.drift not in [f.reason for f in rounds(50, 0.8, 0.66).flags]
    assert FlagReason.drift not in [f.reason for f in rounds(10, 0.8, 0.4).flags]


def test_distractors_by_thirds():
    """Six responses; sorted by score the bottom third is responses 5 and 2, the top 0 and 3."""
    picks = [["a"], ["b"], ["c"], ["a"], [], ["c"]]
    scores = [90, 50, 20, 80, 40, 10]
    rows = {row.option: row for row in distractors(picks, scores, ["a", "b", "c"])}
    assert (rows["a"].overall, rows["a"].top, rows["a"].bottom) == (2, 2, 0)
    assert (rows["c"].overall, rows["c"].top, rows["c"].bottom) == (2, 0, 2)
    assert rows["c"].bottom_share == 1.0 and rows["a"].overall_share == pytest.approx(1 / 3)
    assert (rows[None].overall, rows[None].top, rows[None].bottom) == (1, 0, 0)


def test_the_json_form_lists_flags_with_their_messages():
    matrix = [[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1], [0, 0, 1]]
    data = analyse(matrix, [1, 1, 1], names="ABC", min_responses=5).as_dict()
    assert data["test"]["people"] == 5
    flag = data["items"][2]["flags"][0]
    assert flag["reason"] == "negative_discrimination" and "đáp án" in flag["message"]


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        analyse([1, 2, 3], [1, 1, 1])
    with pytest.raises(ValueError):
        analyse([[1, 0]], [1])
