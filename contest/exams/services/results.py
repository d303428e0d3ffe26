"""Results of a round: the leaderboard, prizes, per-unit figures, assessment reports (the Excel
export is ``services.export``).

The leaderboard order is the one of ``contest.exams.ranking.rank`` (its docstring states the
tie-break): score desc, then distance of the prediction from the true number of people who
answered everything correctly (no prediction last), then duration, then submission time. While
a round is open the database ranks live with the same order; when the round is finalized the
pure function ranks once and the ranks and prizes are stored.

What the public may see of a round follows ``board_state``: nothing of a hidden board until the
round ends, a frozen board's standings (and ranks) as of the freeze, and the number of people who
answered everything correctly (the prediction's truth) only once the round has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, literal, nulls_last, update
from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.exams import ranking
from contest.exams.models import (
    Attempt,
    AttemptStatus,
    Exam,
    LeaderboardMode,
    Prize,
    Round,
    UnitHeadcount,
    UnitResult,
)
from contest.exams.services.attempts import close_if_expired
from contest.exams.signals import round_finalized
from contest.exams.timing import GRACE_SECONDS
from question_bank.textnorm import fold

PAGE_SIZE = 50


@dataclass
class Row:
    rank: int
    attempt_id: int
    user_id: int
    full_name: str
    unit: str
    score: float
    max_score: float
    correct_count: int
    question_count: int
    prediction: int | None
    duration_seconds: float | None
    submitted_at: datetime | None
    pending_count: int = 0  #: essays not graded yet


@dataclass
class Board:
    rows: list[Row]
    total: int
    page: int
    pages: int
    all_correct: int


def _counted(round_id: int):
    return (Attempt.round_id == round_id, Attempt.counted, Attempt.status == AttemptStatus.submitted)


def _submitted_by(until: datetime | None) -> tuple:
    return (Attempt.submitted_at <= until,) if until is not None else ()


def all_correct_count(session: Session, round_: Round, until: datetime | None = None) -> int:
    """People whose counted attempt has every question right (the prediction's true number);
    with ``until``, only attempts submitted by then (a frozen board's own figure)."""
    if round_.all_correct_count is not None and until is None:
        return round_.all_correct_count
    return session.exec(select(func.count()).select_from(Attempt).where(
        *_counted(round_.id), *_submitted_by(until), Attempt.question_count > 0,
        Attempt.correct_count == Attempt.question_count)).one()


FREEZE_BEFORE_CLOSE = timedelta(days=1)


def frozen_since(exam: Exam, round_: Round, now: datetime) -> datetime | None:
    """A "frozen" leaderboard stops moving at the round's ``frozen_at`` (by default one day before
    the close) and shows the standings of that moment until the round ends."""
    if exam.leaderboard != LeaderboardMode.frozen:
        return None
    freeze = round_.frozen_at or round_.closes_at - FREEZE_BEFORE_CLOSE
    return freeze if freeze <= now else None


@dataclass(frozen=True)
class BoardState:
    """What the public leaderboard of a round shows now (and so what ranks anyone is told).

    ``closed``: the round has ended; the standings and every figure are shown, the number of
    people who answered everything correctly included (before, it would tell contestants the
    very number they are asked to predict). ``hidden``: nothing until the round ends.
    ``frozen``: the standings as they were at that moment.
    """

    closed: bool
    hidden: bool
    frozen: datetime | None


def board_state(exam: Exam, round_: Round, now: datetime) -> BoardState:
    closed = round_.is_closed(now)
    return BoardState(closed, not closed and exam.leaderboard == LeaderboardMode.hidden,
                      None if closed else frozen_since(exam, round_, now))


def leaderboard(session: Session, round_: Round, page: int = 1, page_size: int = PAGE_SIZE,
                until: datetime | None = None) -> Board:
    """One page of the ranking of counted attempts (live, or the stored final ranks).

    ``until`` ranks only attempts submitted by then, against the all-correct count of that
    moment (a frozen board does not move; a person whose counted attempt came later is left out
    until the round ends).
    """
    return _board(session, round_, page, page_size, all_correct_count(session, round_, until),
                  _submitted_by(until))


def _board(session, round_, page, page_size, actual, extra) -> Board:
    total = session.exec(select(func.count()).select_from(Attempt).where(*_counted(round_.id), *extra)).one()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    if round_.finalized_at is not None:
        rank_col = Attempt.final_rank
        order = (Attempt.final_rank, Attempt.id)
    else:
        order = _ranking_order(actual)
        rank_col = func.rank().over(order_by=order)
        order = (*order, Attempt.id)
    ranked = (select(Attempt.id.label("attempt_id"), rank_col.label("rank"))
              .where(*_counted(round_.id), *extra).order_by(*order)
              .offset((page - 1) * page_size).limit(page_size).subquery())
    rows = session.exec(
        select(ranked.c.rank, Attempt, User.full_name, Unit.name)
        .join(Attempt, Attempt.id == ranked.c.attempt_id)
        .join(User, User.id == Attempt.user_id)
        .outerjoin(Unit, Unit.id == Attempt.unit_id)
        .order_by(ranked.c.rank, Attempt.id)).all()
    return Board([_row(rank, a, name, unit) for rank, a, name, unit in rows], total, page, pages, actual)


def _ranking_order(actual: int) -> tuple:
    """The tie-break of ``ranking.rank`` in SQL (tests check that both agree)."""
    gap = func.abs(Attempt.prediction - literal(actual))
    return (Attempt.score.desc(), nulls_last(gap.asc()), nulls_last(Attempt.duration_seconds.asc()),
            Attempt.submitted_at.asc())


def _live_ranks(round_id: int, actual: int, extra: tuple = ()):
    return (select(Attempt.id.label("attempt_id"),
                   func.rank().over(order_by=_ranking_order(actual)).label("rank"))
            .where(*_counted(round_id), *extra).subquery())


def ranks(session: Session, round_: Round):
    """(attempt_id, rank) of every counted attempt of the round as a subquery, in the
    leaderboard's order: the stored final ranks once finalized, else ranked live. For reading a
    whole round in one statement (a download) instead of page by page."""
    if round_.finalized_at is not None:
        return select(Attempt.id.label("attempt_id"), Attempt.final_rank.label("rank")).where(
            *_counted(round_.id)).subquery()
    return _live_ranks(round_.id, all_correct_count(session, round_))


def _row(rank, attempt: Attempt, name: str, unit: str | None) -> Row:
    return Row(rank or 0, attempt.id, attempt.user_id, name, unit or "", attempt.score,
               attempt.max_score, attempt.correct_count, attempt.question_count, attempt.prediction,
               attempt.duration_seconds, attempt.submitted_at, attempt.pending_count)


def user_rank(session: Session, round_: Round, user: User, until: datetime | None = None) -> int | None:
    """The person's rank in the round (None if they have no submitted attempt); with ``until``,
    their place on the board frozen then (None if their counted attempt came later)."""
    extra = _submitted_by(until)
    mine = session.exec(select(Attempt).where(*_counted(round_.id), *extra,
                                              Attempt.user_id == user.id)).first()
    if mine is None:
        return None
    if round_.finalized_at is not None:
        return mine.final_rank
    ranks = _live_ranks(round_.id, all_correct_count(session, round_, until), extra)
    return session.exec(select(ranks.c.rank).where(ranks.c.attempt_id == mine.id)).one()


def public_rank(session: Session, exam: Exam, round_: Round, user: User, now: datetime) -> int | None:
    """The rank the person may be told now: the one the public leaderboard shows them at
    (``board_state``): none while it is hidden, their frozen standing while it is frozen."""
    state = board_state(exam, round_, now)
    return None if state.hidden else user_rank(session, round_, user, state.frozen)


def _entry(a: Attempt) -> ranking.Entry:
    return ranking.Entry(a.id, a.user_id, a.unit_id, a.score, a.prediction, a.duration_seconds or 0.0,
                         a.submitted_at)


def finalize_round(session: Session, round_: Round, now: datetime) -> None:
    """Close the round: submit unfinished attempts (with what they saved), store every final
    rank in one statement, and award the exam's prizes down the ranking (ranking.award_prizes:
    a tier's places nobody reaches its minimum score for stay empty), and record the collective
    standings by unit with their prizes (``record_unit_results``), fixed from then on."""
    exam = session.get(Exam, round_.exam_id)
    if round_.closes_at > now:
        round_.closes_at = now
    for attempt in session.exec(select(Attempt).where(Attempt.round_id == round_.id,
                                                      Attempt.status == AttemptStatus.in_progress)).all():
        attempt.deadline = min(attempt.deadline, now)
        close_if_expired(session, attempt, now + _grace())
    session.flush()
    actual = all_correct_count(session, round_)
    ranks = _live_ranks(round_.id, actual)
    session.execute(update(Attempt).where(Attempt.id == ranks.c.attempt_id)
                    .values(final_rank=ranks.c.rank).execution_options(synchronize_session=False))
    tiers = prize_tiers(exam)
    places = sum(t.count for t in tiers)
    if places:
        top = session.exec(select(Attempt).where(*_counted(round_.id), Attempt.final_rank <= places)
                           .order_by(Attempt.final_rank, Attempt.id)
                           .execution_options(populate_existing=True)).all()
        ranked = [ranking.RankedEntry(a.final_rank, _entry(a), None) for a in top]
        for award in ranking.award_prizes(ranked, tiers):
            entry = award.ranked.entry
            session.add(Prize(round_id=round_.id, attempt_id=entry.attempt_id, user_id=entry.user_id,
                              tier=award.tier, rank=award.ranked.rank))
    record_unit_results(session, round_)
    round_.all_correct_count = actual
    round_.finalized_at = now
    session.flush()
    round_finalized.send(round_, session=session)


def prize_tiers(exam: Exam) -> list[ranking.PrizeTier]:
    """The exam's stored tiers ([{"name", "count", "min_score"?}]) for ``ranking.award_prizes``."""
    return [ranking.PrizeTier(t["name"], int(t["count"]), t.get("min_score")) for t in exam.prize_tiers or []]


def _grace() -> timedelta:
    return timedelta(seconds=GRACE_SECONDS + 1)


def prizes(session: Session, round_: Round) -> list[tuple[Prize, str, str]]:
    """(prize, winner's name, unit) in rank order; the unit is the one the attempt was made
    for, as on the leaderboard (a person who moves later does not move their prize)."""
    rows = session.exec(select(Prize, User.full_name, Unit.name).join(User, User.id == Prize.user_id)
                        .join(Attempt, Attempt.id == Prize.attempt_id)
                        .outerjoin(Unit, Unit.id == Attempt.unit_id).where(Prize.round_id == round_.id)
                        .order_by(Prize.rank, Prize.id)).all()
    return [(p, name, unit or "") for p, name, unit in rows]


def unfilled_tiers(exam: Exam, awarded: list[tuple[Prize, str, str]]) -> list[tuple[str, int]]:
    """(tier, places not awarded) of a closed round: nobody reached the tier's minimum score, or a
    tie did not fit its places (``ranking.award_prizes``). Such places stay empty."""
    given: dict[str, int] = {}
    for prize, _name, _unit in awarded:
        given[prize.tier] = given.get(prize.tier, 0) + 1
    return [(t.name, t.count - given.get(t.name, 0)) for t in prize_tiers(exam) if given.get(t.name, 0) < t.count]


def unit_tallies(session: Session, round_: Round) -> list[ranking.UnitTally]:
    """Each unit's figures in the round (``ranking.UnitTally``): units someone took part for (the
    unit of their counted attempt) or with a headcount entered for the round. ``registered``
    counts the active citizens and officials of the unit now."""
    counted = {unit_id: (int(n), int(ok or 0)) for unit_id, n, ok in session.exec(
        select(Attempt.unit_id, func.count(), func.sum(
            (Attempt.correct_count == Attempt.question_count).cast(Attempt.question_count.type)))
        .where(*_counted(round_.id), Attempt.unit_id.is_not(None)).group_by(Attempt.unit_id)).all()}
    entered = dict(session.exec(select(UnitHeadcount.unit_id, UnitHeadcount.headcount)
                                .where(UnitHeadcount.round_id == round_.id)).all())
    ids = sorted(set(counted) | set(entered))
    if not ids:
        return []
    names = dict(session.exec(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())
    registered = registered_people(session, ids)
    return [ranking.UnitTally(i, names.get(i, ""), *counted.get(i, (0, 0)), entered.get(i), registered.get(i, 0))
            for i in ids]


def registered_people(session: Session, unit_ids: list[int] | None = None) -> dict[int, int]:
    """unit id -> its active citizens and officials (the default headcount of a unit)."""
    query = (select(User.unit_id, func.count()).where(User.active, User.role.in_((Role.citizen, Role.official)),
                                                      User.unit_id.is_not(None)).group_by(User.unit_id))
    if unit_ids is not None:
        query = query.where(User.unit_id.in_(unit_ids))
    return dict(session.exec(query).all())


def unit_prize_tiers(exam: Exam) -> list[ranking.PrizeTier]:
    """The exam's collective prize tiers ([{"name", "count"}])."""
    return [ranking.PrizeTier(t["name"], int(t["count"])) for t in exam.unit_prize_tiers or []]


@dataclass(frozen=True)
class CollectiveStandings:
    """A round's collective standings (``rows``, iterated in order) and the collective places
    left empty (``ranking.unfilled_unit_prizes``)."""

    rows: list[ranking.UnitStanding]
    unfilled: ranking.UnfilledUnitPrizes

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def unit_stats(session: Session, round_: Round) -> CollectiveStandings:
    """The round's collective standings by unit with the exam's collective prizes
    (``ranking.rank_units`` states the order, who is listed and how ties share prizes): computed
    now while the round is not closed; once it is, the standings recorded at the close
    (``record_unit_results``), which nothing changes afterwards. A round closed before standings
    were recorded is computed now."""
    tiers = unit_prize_tiers(session.get(Exam, round_.exam_id))
    rows = _unit_rows(session, round_, tiers)
    return CollectiveStandings(rows, ranking.unfilled_unit_prizes(rows, tiers))


def _unit_rows(session: Session, round_: Round, tiers: list[ranking.PrizeTier]) -> list[ranking.UnitStanding]:
    if round_.finalized_at is not None:
        stored = session.exec(select(UnitResult, Unit.name).join(Unit, Unit.id == UnitResult.unit_id)
                              .where(UnitResult.round_id == round_.id)).all()
        if stored:
            standings = [ranking.UnitStanding(r.rank, ranking.UnitTally(
                r.unit_id, name, r.participants, r.all_correct, r.headcount, r.registered), r.prize)
                for r, name in stored]
            standings.sort(key=lambda s: (s.rank, fold(s.tally.name), s.tally.name, s.tally.unit_id))
            return standings
    return ranking.rank_units(unit_tallies(session, round_), tiers)


def record_unit_results(session: Session, round_: Round) -> None:
    """Record the collective standings and prizes of the round being closed (before
    ``finalized_at`` is set): from then on they are the round's result, whatever headcounts or
    registrations say later."""
    for s in unit_stats(session, round_):
        t = s.tally
        session.add(UnitResult(round_id=round_.id, unit_id=t.unit_id, rank=s.rank, participants=t.participants,
                               all_correct=t.all_correct, headcount=t.headcount,
                               registered=t.registered, prize=s.prize))


def participation(session: Session, round_: Round) -> dict[str, int]:
    """Live figures: people who started, attempts in progress and submitted."""
    rows = session.exec(select(Attempt.status, func.count()).where(Attempt.round_id == round_.id)
                        .group_by(Attempt.status)).all()
    counts = {status.value if hasattr(status, "value") else status: n for status, n in rows}
    people = session.exec(select(func.count(func.distinct(Attempt.user_id)))
                          .where(Attempt.round_id == round_.id)).one()
    return {"people": people, "in_progress": counts.get("in_progress", 0),
            "submitted": counts.get("submitted", 0)}


@dataclass
class AssessmentRow:
    full_name: str
    login: str
    unit: str
    position: str
    field: str
    score: float | None
    max_score: float | None
    passed: bool | None  #: None: not taken yet
    submitted_at: datetime | None = None


def reaches(score: float, max_score: float, ratio: float) -> bool:
    """The score reaches ``ratio`` of the maximum (a rounding hair below still counts)."""
    return max_score > 0 and score + 1e-9 >= ratio * max_score


def passed(exam: Exam, attempt: Attempt) -> bool:
    """Pass when the score reaches the exam's pass ratio of the maximum (essays pending: not yet)."""
    if attempt.pending_count:
        return False
    ratio = exam.pass_ratio if exam.pass_ratio is not None else 0.5
    return reaches(attempt.score, attempt.max_score, ratio)


def assessment_report(session: Session, exam: Exam, round_: Round, users: list[User]) -> list[AssessmentRow]:
    """Pass/fail of each assigned official in the round (not taken -> ``passed`` None)."""
    counted = {a.user_id: a for a in session.exec(select(Attempt).where(*_counted(round_.id)))}
    units = dict(session.exec(select(Unit.id, Unit.name)).all())
    positions = dict(session.exec(select(JobPosition.id, JobPosition.name)).all())
    fields = dict(session.exec(select(Field.id, Field.name)).all())
    rows = []
    for user in users:
        attempt = counted.get(user.id)
        rows.append(AssessmentRow(user.full_name, user.login_name, units.get(user.unit_id, ""),
                                  positions.get(user.job_position_id, ""), fields.get(user.field_id, ""),
                                  attempt.score if attempt else None, attempt.max_score if attempt else None,
                                  passed(exam, attempt) if attempt else None,
                                  attempt.submitted_at if attempt else None))
    return rows


def summarize(rows: list[AssessmentRow], key: str) -> list[tuple[str, int, int, int]]:
    """(group, assigned, taken, passed) grouped by ``unit`` or ``position``."""
    groups: dict[str, list[int]] = {}
    for row in rows:
        g = groups.setdefault(getattr(row, key) or "—", [0, 0, 0])
        g[0] += 1
        g[1] += row.passed is not None
        g[2] += bool(row.passed)
    return [(name, *counts) for name, counts in sorted(groups.items())]
