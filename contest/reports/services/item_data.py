"""The item analysis of an exam from the database: the person x item matrix, the options picked,
the breakdowns by job position and field, and the flags written for the bank.

Who counts: every submitted attempt of the chosen rounds is one "person" (as Moodle does when it
includes all attempts); an item is a question *version*, pooled over the rounds that drew it. A
version's weight is its points in the exam (the largest, if rules gave it different points);
versions worth 0 points count in no score and are left out. An essay still waiting for a grader
has no fraction yet and counts as unseen.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Text, case, cast, delete, func, literal, select, tuple_, union_all
from sqlmodel import Session

from contest.accounts.models import Field, JobPosition, User
from contest.core.db import utcnow
from contest.core.i18n import N_
from contest.exams.models import Attempt, AttemptQuestion, AttemptStatus, Exam, Round
from contest.reports import item_analysis
from contest.reports.item_analysis import Analysis, GroupFacility, OptionCount
from contest.reports.services.answer_rows import SCORE_SHARE, answer_rows, attempt_facts
from question_bank.models import Question, QuestionFlag, QuestionVersion
from question_bank.payload import from_version
from question_bank.titles import question_label

CHOICE_TYPES = ("single_choice", "multiple_choice", "true_false")


@dataclass
class Matrix:
    """Scores of the submitted attempts (rows, sorted by id) on the versions (columns)."""

    attempt_ids: np.ndarray
    round_ids: np.ndarray  #: each attempt's round
    version_ids: np.ndarray
    scores: np.ndarray  #: fractions; NaN where the attempt did not draw the version
    weights: np.ndarray  #: points of each version
    score_shares: np.ndarray  #: each attempt's score / its maximum (``answer_rows.SCORE_SHARE``)


@dataclass
class Option:
    key: str
    text: str
    correct: bool


@dataclass
class ItemInfo:
    version_id: int
    question_id: int
    bank_id: int
    number: int  #: the version's number
    label: str
    type: str
    options: list[Option] = field(default_factory=list)
    guess: float | None = None  #: random guess score


@dataclass
class Breakdown:
    """Facility of each item (and the mean score) per group of people (a job position, a field)."""

    title: str  #: message id
    groups: list[tuple[str, int, float | None, list[GroupFacility | None]]]


@dataclass
class ItemReport:
    exam: Exam
    rounds: list[Round]
    analysis: Analysis
    infos: list[ItemInfo]  #: aligned with ``analysis.items``
    distractors: dict[int, list[OptionCount]] = field(default_factory=dict)
    breakdowns: list[Breakdown] = field(default_factory=list)

    def items(self):
        return zip(self.infos, self.analysis.items, strict=True)


def load_matrix(session: Session, round_ids: list[int]) -> Matrix:
    """The score matrix of the submitted attempts of the rounds (``answer_rows``: one binary
    COPY on PostgreSQL), built with numpy: an attempt's row, a version's column."""
    data = answer_rows(session, round_ids)
    attempts, person = np.unique(data["attempt"], return_inverse=True)
    versions, item = np.unique(data["version"], return_inverse=True)
    scores = np.full((len(attempts), len(versions)), np.nan)
    scores[person, item] = data["fraction"]
    ids, rounds, shares = attempt_facts(session, round_ids)
    at = np.searchsorted(ids, attempts)
    weights = np.zeros(len(versions))
    np.maximum.at(weights, item, data["points"])
    keep = weights > 0
    return Matrix(attempts.astype(np.int64), rounds[at], versions[keep].astype(np.int64),
                  scores[:, keep], weights[keep], shares[at])


def random_guess(record) -> float | None:
    """The expected score of a guess: single choice, the mean credit of its options (Moodle's
    rule); true/false, 1/2; multiple choice, the mean credit of every subset of the options (each
    ticked or not at random, up to 12 options); other types: unknown."""
    if record.type == "true_false":
        return 0.5
    fractions = [max(0.0, min(1.0, c.fraction)) for c in record.choices]
    if record.type == "single_choice" and fractions:
        return sum(fractions) / len(fractions)
    if record.type == "multiple_choice" and 0 < len(record.choices) <= 12:
        raw = [c.fraction for c in record.choices]
        subsets = itertools.product((0, 1), repeat=len(raw))
        total = sum(max(0.0, min(1.0, sum(f for f, on in zip(raw, s, strict=True) if on))) for s in subsets)
        return total / 2 ** len(raw)
    return None


def item_infos(session: Session, version_ids: list[int]) -> dict[int, ItemInfo]:
    rows = session.execute(select(QuestionVersion, Question.bank_id)
                           .join(Question, Question.id == QuestionVersion.question_id)
                           .where(QuestionVersion.id.in_(version_ids))).all()
    infos = {}
    for version, bank_id in rows:
        record = from_version(version)
        info = ItemInfo(version.id, version.question_id, bank_id, version.number,
                        question_label(version.title, version.stem), version.type)
        if version.type == "true_false":
            info.options = [Option("true", "Đúng", record.correct is True),
                            Option("false", "Sai", record.correct is False)]
        elif version.type in CHOICE_TYPES:
            # The key: a multiple choice's credited options; a single choice's full-credit one
            # (an option worth part of the credit is still a distractor).
            full = 1.0 if version.type == "single_choice" else 1e-9
            info.options = [Option(c.key, question_label("", c.text, 60), c.fraction >= full)
                            for c in record.choices]
        info.guess = random_guess(record)
        infos[version.id] = info
    return infos


def analysed_rounds(session: Session, exam: Exam, round_id: int | None = None) -> list[Round]:
    """The exam's rounds in order of opening (only ``round_id`` when given)."""
    query = select(Round).where(Round.exam_id == exam.id).order_by(Round.opens_at, Round.id)
    if round_id is not None:
        query = query.where(Round.id == round_id)
    return list(session.scalars(query))


def _labels(rounds: list[Round]) -> dict[int, str]:
    """Round names, with the id where two rounds share a name."""
    counts: dict[str, int] = {}
    for r in rounds:
        counts[r.name] = counts.get(r.name, 0) + 1
    return {r.id: r.name if counts[r.name] == 1 else f"{r.name} (#{r.id})" for r in rounds}


def item_report(session: Session, exam: Exam, round_id: int | None = None, *,
                details: bool = True) -> ItemReport:
    """The item analysis of ``exam`` pooled over its rounds (or one round): the statistics and
    flags of each version; with ``details``, the options picked (choice questions) and, for
    assessments, the breakdowns by job position and field."""
    rounds = analysed_rounds(session, exam, round_id)
    matrix = load_matrix(session, [r.id for r in rounds])
    infos = item_infos(session, matrix.version_ids.tolist())
    ordered = [infos[v] for v in matrix.version_ids.tolist()]
    names = _labels(rounds)
    analysis = item_analysis.analyse(
        matrix.scores, matrix.weights, names=[str(i.version_id) for i in ordered],
        random_guess=[i.guess for i in ordered], groups=[names[r] for r in matrix.round_ids.tolist()],
        group_order=[names[r.id] for r in rounds])
    report = ItemReport(exam, rounds, analysis, ordered)
    if details:
        round_ids = [r.id for r in rounds]
        report.distractors = distractors(session, matrix, round_ids, ordered)
        if exam.kind == "assessment":
            report.breakdowns = breakdowns(session, matrix, round_ids)
    return report


def _picks(kind: str, stored: Any) -> tuple[str, ...]:
    """The options of a stored response (its JSON, as text or already parsed): a single choice's
    key, a multiple choice's keys, a true/false value; () for no answer."""
    if isinstance(stored, str):
        try:
            stored = json.loads(stored)
        except ValueError:
            return ()
    if not isinstance(stored, dict):
        return ()
    if kind == "multiple_choice":
        keys = stored.get("choices")
        return tuple(str(key) for key in keys) if isinstance(keys, list) else ()
    if kind == "true_false":
        value = stored.get("value")
        if value is None or value == "":
            return ()
        return ("true" if str(value).lower() in ("true", "1") else "false",)
    key = stored.get("choice")
    return (str(key),) if key not in (None, "") else ()


def _cutoffs(matrix: Matrix, version_id: int) -> tuple[tuple[float, int], tuple[float, int]] | None:
    """The (score share, attempt id) of the last response of the bottom third and of the last
    response below the top third of a version, or None when there are fewer than 3."""
    column = int(np.searchsorted(matrix.version_ids, version_id))
    seen = ~np.isnan(matrix.scores[:, column])
    shares, ids = matrix.score_shares[seen], matrix.attempt_ids[seen]
    order = np.lexsort((ids, shares))
    n, third = len(order), len(order) // 3
    if not third:
        return None
    low, high = order[third - 1], order[n - third - 1]
    return (float(shares[low]), int(ids[low])), (float(shares[high]), int(ids[high]))


def distractors(session: Session, matrix: Matrix, round_ids: list[int],
                infos: list[ItemInfo]) -> dict[int, list[OptionCount]]:
    """Per choice version: how often each option was picked, overall and by the top and bottom
    thirds, counted by the database in one pass (a few rows per option come back).

    The thirds follow ``item_analysis.distractors``: a version's responses ranked by the
    attempt's score share, ties by attempt id; the first ``n // 3`` are the bottom third, the
    last ``n // 3`` the top third. The cut-offs are found here on the matrix and joined there
    as a small table, so each answer row is compared twice."""
    present = set(matrix.version_ids.tolist())
    wanted = [i for i in infos if i.options and i.version_id in present]
    if not wanted:
        return {}
    cuts = [select(literal(i.version_id).label("version_id"), literal(low[0]).label("low_share"),
                   literal(low[1]).label("low_id"), literal(high[0]).label("high_share"),
                   literal(high[1]).label("high_id"))
            for i in wanted for low, high in [_cutoffs(matrix, i.version_id) or ((-1.0, 0), (2.0, 0))]]
    cut = (cuts[0] if len(cuts) == 1 else union_all(*cuts)).subquery("cut")
    me = tuple_(SCORE_SHARE, Attempt.id)
    group = case((me <= tuple_(cut.c.low_share, cut.c.low_id), -1),
                 (me > tuple_(cut.c.high_share, cut.c.high_id), 1), else_=0).label("grp")
    # Grouped by the stored response as text (a handful of distinct answers per version) and read
    # in Python: cheaper than extracting three JSON keys from each of millions of rows.
    picked = cast(AttemptQuestion.response, Text).label("picked")
    rows = session.execute(
        select(AttemptQuestion.version_id, picked, group, func.count())
        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
        .join(cut, cut.c.version_id == AttemptQuestion.version_id)
        .where(Attempt.round_id.in_(round_ids), Attempt.status == AttemptStatus.submitted)
        .group_by(AttemptQuestion.version_id, picked, group)).all()
    kinds = {i.version_id: i.type for i in wanted}
    counts: dict[int, dict[int, Counter]] = {i.version_id: {} for i in wanted}
    totals: Counter = Counter()
    for version_id, value, grp, count in rows:
        counter = counts[version_id].setdefault(int(grp), Counter())
        for key in _picks(kinds[version_id], value) or (None,):
            counter[key] += count
        totals[version_id] += count
    return {i.version_id: item_analysis.option_counts(counts[i.version_id], totals[i.version_id],
                                                      [o.key for o in i.options]) for i in wanted}


def breakdowns(session: Session, matrix: Matrix, round_ids: list[int]) -> list[Breakdown]:
    """Facility of each item and the mean score per job position and per field of the people
    who sat (their position and field now)."""
    rows = session.execute(select(Attempt.id, JobPosition.name, Field.name)
                           .join(User, User.id == Attempt.user_id)
                           .outerjoin(JobPosition, JobPosition.id == User.job_position_id)
                           .outerjoin(Field, Field.id == User.field_id)
                           .where(Attempt.round_id.in_(round_ids), Attempt.status == AttemptStatus.submitted)).all()
    by_attempt = {attempt_id: (position, field_) for attempt_id, position, field_ in rows}
    scores = item_analysis.person_scores(matrix.scores, matrix.weights)
    found = []
    for index, title in ((0, N_("Theo vị trí việc làm")), (1, N_("Theo lĩnh vực"))):
        labels = np.array([by_attempt.get(a, (None, None))[index] or "—"
                           for a in matrix.attempt_ids.tolist()], dtype=object)
        groups = []
        for group in sorted(set(labels.tolist())):
            mine = labels == group
            facilities = []
            for column in range(matrix.scores.shape[1]):
                values = matrix.scores[mine, column]
                values = values[~np.isnan(values)]
                facilities.append(GroupFacility(group, len(values), float(values.mean())) if len(values) else None)
            mean = float(np.nanmean(scores[mine])) if mine.any() else None
            groups.append((group, int(mine.sum()), mean, facilities))
        found.append(Breakdown(title, groups))
    return found


def refresh_flags(session: Session, exam_id: int) -> int:
    """Recompute the flags of every version ``exam_id`` drew, pooled over all its rounds, and
    replace the exam's flags in the bank with them (``store_flags``). For the end of a round
    (``round_finalized``) and the CLI. Only flushes; the caller commits."""
    exam = session.get(Exam, exam_id)
    if exam is None:
        return 0
    return store_flags(session, exam_id, item_report(session, exam, details=False))


def store_flags(session: Session, exam_id: int, report: ItemReport) -> int:
    """Replace the exam's flags in the bank with those of ``report`` (an analysis pooled over all
    the exam's rounds): a version no longer flagged loses its mark. Nothing is written when the
    flags are those already stored (the page runs this on every visit). Returns how many flags
    the exam has."""
    wanted = [(info.question_id, info.version_id, flag.reason.value, flag.reason.message, flag.detail)
              for info, item in report.items() for flag in item.flags]
    stored = session.scalars(select(QuestionFlag).where(QuestionFlag.exam_id == exam_id)).all()
    if sorted(map(repr, wanted)) == sorted(repr((f.question_id, f.version_id, f.reason, f.message, f.detail))
                                           for f in stored):
        return len(wanted)
    session.execute(delete(QuestionFlag).where(QuestionFlag.exam_id == exam_id))
    now = utcnow()
    for question_id, version_id, reason, message, detail in wanted:
        session.add(QuestionFlag(question_id=question_id, version_id=version_id, exam_id=exam_id,
                                 reason=reason, message=message, detail=detail, computed_at=now))
    session.flush()
    return len(wanted)
