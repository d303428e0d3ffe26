"""Drawing an attempt's questions from an exam's draw rules ("ma trận đề").

Pure module: plain data in, plain data out, randomness only from the injected ``random.Random``.

Business rules:

* Fixed questions always come first and are never drawn again by a rule.
* A question is never drawn twice, even when rules overlap (a hard question of topic A matches
  both "3 hard questions" and "5 questions of topic A").
* Rules are filled by a maximum bipartite matching between rule slots and candidates, so the
  draw succeeds whenever *any* allocation exists — rule order does not matter for feasibility,
  and ``check_draw_rules`` returns no message exactly when ``draw`` succeeds.
* Candidates are sorted by question id (keeping the highest version of a question listed twice)
  before the seeded shuffle, so the same seed over the same candidates gives the same draw
  whatever order the database returned them in.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class DrawRulesError(ValueError):
    """The draw rules cannot be filled from the published questions (message in Vietnamese)."""




@dataclass(frozen=True, slots=True)
class Candidate:
    """A published question version available to draw."""

    question_id: int
    version_id: int
    category_id: int | None
    difficulty: str


@dataclass(frozen=True, slots=True)
class DrawRule:
    """Draw ``count`` questions from ``category_ids`` at ``difficulty``, ``points`` each.

    ``category_ids`` is already expanded to subcategories (see ``expand_categories``);
    ``None`` means any category, and a ``None`` difficulty means any difficulty.
    """

    count: int
    points: float
    category_ids: frozenset[int] | None = None
    difficulty: str | None = None

    def __post_init__(self) -> None:
        if self.count < 0 or self.points < 0:
            raise ValueError("count and points must not be negative")

    def accepts(self, candidate: Candidate) -> bool:
        if self.category_ids is not None and candidate.category_id not in self.category_ids:
            return False
        return self.difficulty is None or candidate.difficulty == self.difficulty


@dataclass(frozen=True, slots=True)
class DrawnQuestion:
    question_id: int
    version_id: int
    points: float
    position: int


def expand_categories(
    category_ids: Iterable[int], parent_of: dict[int, int | None]
) -> frozenset[int]:
    """The given categories and all their descendants (a cycle in ``parent_of`` is tolerated)."""
    children: dict[int, list[int]] = {}
    for child, parent in parent_of.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    found: set[int] = set()
    stack = list(category_ids)
    while stack:
        category = stack.pop()
        if category not in found:
            found.add(category)
            stack.extend(children.get(category, ()))
    return frozenset(found)


def rule_capacity(
    rules: Sequence[DrawRule],
    fixed: Sequence[tuple[Candidate, float]],
    candidates: Iterable[Candidate],
) -> list[int]:
    """For each rule, how many distinct published questions match it, fixed questions excluded.

    Each rule is counted alone; overlap between rules is handled by ``check_draw_rules``.
    """
    pool = _pool(fixed, candidates)
    return [sum(1 for c in pool if rule.accepts(c)) for rule in rules]


def check_draw_rules(
    rules: Sequence[DrawRule],
    fixed: Sequence[tuple[Candidate, float]],
    candidates: Iterable[Candidate],
) -> list[str]:
    """Vietnamese messages explaining why the draw rules cannot be filled; empty when it can.

    A rule with too few matching questions is reported alone. When every rule is fine alone but
    overlapping rules compete for the same questions, the competing group is reported with the
    number of distinct questions it needs and has (Hall's condition, found from the matching).
    """
    messages = _duplicate_fixed(fixed)
    pool = _pool(fixed, candidates)
    matcher = _Matcher(rules, pool)
    short_alone = set()
    for r, (rule, have) in enumerate(zip(rules, rule_capacity(rules, (), pool), strict=True)):
        if have < rule.count:
            short_alone.add(r)
            messages.append(
                f"Quy tắc {r + 1} cần {rule.count} câu nhưng chỉ có {have} câu đã xuất bản phù hợp."
            )
    groups: dict[frozenset[int], None] = {}
    for r in matcher.deficient_rules():
        if r not in short_alone:
            groups[matcher.competing_group(r)] = None
    for group in groups:
        numbers = ", ".join(str(r + 1) for r in sorted(group))
        need = sum(rules[r].count for r in group)
        have = sum(1 for c in pool if any(rules[r].accepts(c) for r in group))
        messages.append(
            f"Các quy tắc {numbers} dùng chung câu hỏi: cần tổng cộng {need} câu khác nhau "
            f"nhưng chỉ có {have} câu đã xuất bản phù hợp."
        )
    return messages


def draw(
    rules: Sequence[DrawRule],
    fixed: Sequence[tuple[Candidate, float]],
    candidates: Iterable[Candidate],
    rng: random.Random,
    shuffle: bool,
) -> list[DrawnQuestion]:
    """Draw one attempt's questions; positions run 0..n-1.

    Candidates are shuffled with ``rng`` and offered to the rules in that order (a candidate is
    kept whenever some allocation still fits it), so each rule gets a random sample. Without
    ``shuffle`` the list is the fixed questions, then each rule's questions in rule order and in
    sampled order; with ``shuffle`` the whole list is shuffled with ``rng``.
    Raises ``DrawRulesError`` when the draw rules cannot be filled.
    """
    problems = _duplicate_fixed(fixed)
    if problems:
        raise DrawRulesError(" ".join(problems))
    order = _pool(fixed, candidates)
    rng.shuffle(order)
    matcher = _Matcher(rules, order)
    if matcher.deficient_rules():
        raise DrawRulesError(" ".join(check_draw_rules(rules, fixed, order)))
    picked = [(c, points) for c, points in fixed]
    for r, rule in enumerate(rules):
        picked.extend((order[i], rule.points) for i in sorted(matcher.assigned[r]))
    if shuffle:
        rng.shuffle(picked)
    return [
        DrawnQuestion(c.question_id, c.version_id, points, position)
        for position, (c, points) in enumerate(picked)
    ]


def drawable(
    rules: Sequence[DrawRule], fixed: Sequence[tuple[Candidate, float]], candidates: Iterable[Candidate]
) -> frozenset[int]:
    """Ids of every question some attempt of these draw rules could be given."""
    ids = {c.question_id for c, _ in fixed}
    ids.update(c.question_id for c in candidates if any(rule.accepts(c) for rule in rules if rule.count))
    return frozenset(ids)


def _duplicate_fixed(fixed: Sequence[tuple[Candidate, float]]) -> list[str]:
    seen: set[int] = set()
    repeated: set[int] = set()
    for c, _ in fixed:
        (repeated if c.question_id in seen else seen).add(c.question_id)
    return [f"Câu hỏi cố định {qid} được chọn nhiều lần." for qid in sorted(repeated)]


def _pool(
    fixed: Sequence[tuple[Candidate, float]], candidates: Iterable[Candidate]
) -> list[Candidate]:
    """Candidates minus fixed questions, one (highest) version per question, by question id."""
    fixed_ids = {c.question_id for c, _ in fixed}
    latest: dict[int, Candidate] = {}
    for c in candidates:
        if c.question_id in fixed_ids:
            continue
        known = latest.get(c.question_id)
        if known is None or c.version_id > known.version_id:
            latest[c.question_id] = c
    return [latest[qid] for qid in sorted(latest)]


class _Matcher:
    """Maximum matching of candidates (in the given order) to rule slots (Kuhn's algorithm).

    Offering candidates in order and keeping each one that an augmenting path can place yields
    the earliest-first maximum matching; a candidate that fails once fails forever, so every
    later candidate with the same set of matching rules is skipped.
    """

    def __init__(self, rules: Sequence[DrawRule], order: Sequence[Candidate]) -> None:
        self.rules = rules
        self.fits = [tuple(r for r, rule in enumerate(rules) if rule.accepts(c)) for c in order]
        self.assigned: list[list[int]] = [[] for _ in rules]
        self.owner: dict[int, int] = {}
        spare = sum(rule.count for rule in rules)
        failed: set[tuple[int, ...]] = set()
        for i, fits in enumerate(self.fits):
            if spare == 0:
                break
            if not fits or fits in failed:
                continue
            if self._augment(i, set()):
                spare -= 1
            else:
                failed.add(fits)

    def _augment(self, i: int, seen: set[int]) -> bool:
        for r in self.fits[i]:
            if r in seen:
                continue
            seen.add(r)
            holders = self.assigned[r]
            if len(holders) < self.rules[r].count:
                holders.append(i)
                self.owner[i] = r
                return True
            for j in list(holders):
                if self._augment(j, seen):
                    holders.remove(j)
                    holders.append(i)
                    self.owner[i] = r
                    return True
        return False

    def deficient_rules(self) -> list[int]:
        return [r for r, rule in enumerate(self.rules) if len(self.assigned[r]) < rule.count]

    def competing_group(self, start: int) -> frozenset[int]:
        """Rules reachable from ``start`` by alternating paths: together they lack questions."""
        group = {start}
        grew = True
        while grew:
            grew = False
            for i, fits in enumerate(self.fits):
                owner = self.owner.get(i)
                if owner is not None and owner not in group and group.intersection(fits):
                    group.add(owner)
                    grew = True
        return frozenset(group)
