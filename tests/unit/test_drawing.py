"""The blueprint draw: seeded, never repeating a question, and agreeing with its check."""

import random

import pytest

from contest.exams.drawing import (
    Candidate,
    DrawRule,
    DrawRulesError,
    check_draw_rules,
    draw,
    drawable,
    expand_categories,
    rule_capacity,
)


def make_candidates(per_cell=10, categories=(1, 2), difficulties=("easy", "medium", "hard")):
    """``per_cell`` questions for every (category, difficulty); question ids from 1."""
    found = []
    for category in categories:
        for difficulty in difficulties:
            for _ in range(per_cell):
                qid = len(found) + 1
                found.append(Candidate(qid, qid * 100, category, difficulty))
    return found


def rule(count, categories=None, difficulty=None, points=1.0):
    ids = None if categories is None else frozenset(categories)
    return DrawRule(count, points, ids, difficulty)


def ids(drawn):
    return [d.question_id for d in drawn]


def test_same_seed_gives_the_same_draw():
    pool, rules = make_candidates(), [rule(5, {1}), rule(5, difficulty="hard")]
    first = draw(rules, [], pool, random.Random(42), shuffle=True)
    second = draw(rules, [], pool, random.Random(42), shuffle=True)
    assert first == second


def test_draw_does_not_depend_on_candidate_row_order():
    pool, rules = make_candidates(), [rule(8)]
    reordered = list(reversed(pool))
    assert draw(rules, [], pool, random.Random(7), True) == draw(
        rules, [], reordered, random.Random(7), True
    )


def test_different_seeds_give_different_draws():
    pool, rules = make_candidates(), [rule(10)]
    draws = {tuple(ids(draw(rules, [], pool, random.Random(seed), True))) for seed in range(5)}
    assert len(draws) == 5


@pytest.mark.parametrize("seed", range(20))
def test_overlapping_rules_never_draw_a_question_twice(seed):
    pool = make_candidates(per_cell=4)
    # Rule 2 (any hard) overlaps rule 1 (category 1, any difficulty); together they need
    # every hard question of category 2 plus some of category 1.
    rules = [rule(10, {1}), rule(6, difficulty="hard")]
    drawn = draw(rules, [], pool, random.Random(seed), shuffle=False)
    assert len(drawn) == 16
    assert len(set(ids(drawn))) == 16


def test_draw_finds_an_allocation_that_rule_order_alone_would_miss():
    pool = [Candidate(1, 1, 1, "hard"), Candidate(2, 2, 1, "easy")]
    # A greedy draw could give question 1 to the broad rule and leave the hard rule empty.
    rules = [rule(1, {1}), rule(1, {1}, "hard")]
    for seed in range(10):
        drawn = draw(rules, [], pool, random.Random(seed), shuffle=False)
        assert ids(drawn) == [2, 1]


def test_each_rule_gets_its_own_kind_of_question():
    pool = make_candidates()
    by_id = {c.question_id: c for c in pool}
    rules = [rule(3, {2}, "easy", points=2.0), rule(4, difficulty="hard", points=0.5)]
    drawn = draw(rules, [], pool, random.Random(1), shuffle=False)
    assert all(by_id[d.question_id].category_id == 2 for d in drawn[:3])
    assert all(by_id[d.question_id].difficulty == "easy" for d in drawn[:3])
    assert all(by_id[d.question_id].difficulty == "hard" for d in drawn[3:])
    assert [d.points for d in drawn] == [2.0] * 3 + [0.5] * 4


def test_fixed_questions_come_first_and_are_not_drawn_again():
    pool = make_candidates(per_cell=2)
    fixed = [(pool[0], 5.0), (pool[1], 5.0)]
    drawn = draw([rule(len(pool) - 2)], fixed, pool, random.Random(3), shuffle=False)
    assert ids(drawn)[:2] == [1, 2]
    assert [d.points for d in drawn[:2]] == [5.0, 5.0]
    assert len(set(ids(drawn))) == len(pool)


def test_shuffle_mixes_fixed_and_drawn_questions_and_renumbers_positions():
    pool = make_candidates()
    fixed = [(pool[0], 1.0)]
    plain = draw([rule(20)], fixed, pool, random.Random(5), shuffle=False)
    mixed = draw([rule(20)], fixed, pool, random.Random(5), shuffle=True)
    assert sorted(ids(mixed)) == sorted(ids(plain))
    assert ids(mixed) != ids(plain)
    assert [d.position for d in mixed] == list(range(21))


def test_draw_keeps_the_version_of_each_question():
    pool = make_candidates(per_cell=1)
    drawn = draw([rule(6)], [], pool, random.Random(0), shuffle=True)
    assert all(d.version_id == d.question_id * 100 for d in drawn)


def test_a_question_listed_twice_uses_its_highest_version():
    pool = [Candidate(1, 10, 1, "easy"), Candidate(1, 11, 1, "easy")]
    drawn = draw([rule(1)], [], pool, random.Random(0), shuffle=False)
    assert [(d.question_id, d.version_id) for d in drawn] == [(1, 11)]


def test_rule_capacity_excludes_fixed_questions():
    pool = make_candidates(per_cell=5)
    fixed = [(pool[0], 1.0)]  # category 1, easy
    assert rule_capacity([rule(1, {1}, "easy"), rule(1, {2}), rule(1)], fixed, pool) == [
        4,
        15,
        29,
    ]


def test_check_draw_rules_is_empty_when_the_rules_fit():
    assert check_draw_rules([rule(10, {1}), rule(10, {2})], [], make_candidates()) == []


def test_check_draw_rules_reports_a_short_rule():
    pool = make_candidates(per_cell=7, categories=(1,), difficulties=("hard",))
    messages = check_draw_rules([rule(1, {1}), rule(10, difficulty="hard")], [], pool)
    assert messages == ["Quy tắc 2 cần 10 câu nhưng chỉ có 7 câu đã xuất bản phù hợp."]


def test_check_draw_rules_reports_rules_competing_for_the_same_questions():
    pool = make_candidates(per_cell=5, categories=(1,), difficulties=("hard",))
    messages = check_draw_rules([rule(3, {1}), rule(4, difficulty="hard")], [], pool)
    assert messages == [
        "Các quy tắc 1, 2 dùng chung câu hỏi: cần tổng cộng 7 câu khác nhau "
        "nhưng chỉ có 5 câu đã xuất bản phù hợp."
    ]


def test_draw_refuses_a_blueprint_that_does_not_fit():
    pool = make_candidates(per_cell=7, categories=(1,), difficulties=("hard",))
    with pytest.raises(DrawRulesError, match="Quy tắc 1 cần 10 câu"):
        draw([rule(10)], [], pool, random.Random(0), shuffle=False)


def test_draw_refuses_a_fixed_question_chosen_twice():
    pool = make_candidates(per_cell=1)
    with pytest.raises(DrawRulesError, match="Câu hỏi cố định 1"):
        draw([], [(pool[0], 1.0), (pool[0], 1.0)], pool, random.Random(0), shuffle=False)


@pytest.mark.parametrize("seed", range(30))
def test_check_and_draw_agree(seed):
    rng = random.Random(seed)
    pool = make_candidates(per_cell=rng.randint(1, 4))
    rules = [
        rule(rng.randint(0, 6), rng.choice([None, {1}, {2}]), rng.choice([None, "easy", "hard"]))
        for _ in range(3)
    ]
    fits = not check_draw_rules(rules, [], pool)
    try:
        draw(rules, [], pool, random.Random(seed), shuffle=True)
    except DrawRulesError:
        assert not fits
    else:
        assert fits


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ({1}, {1, 2, 3, 4}),
        ({2}, {2, 4}),
        ({3, 5}, {3, 5}),
        ({9}, {9}),
    ],
)
def test_expand_categories_includes_all_descendants(chosen, expected):
    parent_of = {1: None, 2: 1, 3: 1, 4: 2, 5: None}
    assert expand_categories(chosen, parent_of) == frozenset(expected)


def test_expand_categories_survives_a_cycle():
    assert expand_categories({1}, {1: 2, 2: 1}) == frozenset({1, 2})


def test_rule_rejects_a_negative_count():
    with pytest.raises(ValueError):
        DrawRule(-1, 1.0, None, None)


def test_drawable_is_every_question_a_rule_accepts_plus_the_fixed_ones():
    candidates = make_candidates(per_cell=2, categories=(1, 2), difficulties=("easy", "hard"))
    fixed = [(Candidate(99, 9900, 3, "easy"), 1.0)]
    reachable = drawable([rule(1, {1}, "easy"), rule(0, {2})], fixed, candidates)
    assert reachable == {c.question_id for c in candidates if c.category_id == 1 and c.difficulty == "easy"} | {99}
