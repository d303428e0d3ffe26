"""A round's report for its organisers ("báo cáo đợt thi"): how many took part, how they scored
and how long they took, participation by unit against its headcount, and day by day.

Definitions (what a committee reads):

* *participants*: distinct people who started at least one attempt in the round;
  *attempts*: every attempt started; *submissions*: attempts submitted (by the person or, at the
  deadline, by the server); *counted*: the one attempt per person that counts in the results
  (``Attempt.counted``, the exam's counting policy), which the distributions describe.
* *all correct*: counted attempts with every question right, the prediction's true number; once
  the round is closed the number fixed at the close (``results.all_correct_count``).
* *by unit*: the collective standings of the round (``results.unit_stats``, the rule of
  ``ranking.rank_units``): participants per headcount (entered, else registered people), rank and
  collective prize; nothing here recomputes that rule. Then the units with registered people
  where nobody has taken part yet.
* *by day*: in the province's time zone, attempts started each day and people whose first
  attempt of the round started that day.

Everything is counted by the database (GROUP BY): a round of 100,000 attempts sends back a few
dozen rows. Shaping (bucket widths, empty days, rates) is ``contest.reports.round_figures``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Float, Integer, case, cast, func, literal
from sqlmodel import Session, select

from contest.accounts.models import Unit
from contest.exams.models import Attempt, AttemptStatus, Exam, ExamKind, Round, SubmittedBy
from contest.exams.services import results
from contest.reports import round_figures as figures
from contest.reports.services.local_day import as_date, local_day
from question_bank.textnorm import fold

PROVINCE_ZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Summary:
    participants: int
    attempts: int
    submissions: int
    in_progress: int
    counted: int
    timed_out: int
    all_correct: int
    mean_score: float | None
    max_score: float  #: the largest maximum score of a counted attempt (the histogram's top)
    mean_duration: float | None
    longest: float  #: the longest counted attempt (seconds)
    predictions: int  #: counted attempts with a prediction


@dataclass(frozen=True)
class Prediction:
    """The prediction question of a contest: its true number once the round is closed (None
    before), how many predicted, how many hit it exactly and the nearest distance."""

    truth: int | None
    made: int
    exact: int | None
    nearest_gap: int | None


@dataclass(frozen=True)
class RoundReport:
    exam: Exam
    round: Round
    closed: bool
    summary: Summary
    prediction: Prediction | None
    score_width: float
    scores: list[figures.Bucket]
    duration_width: int
    durations: list[figures.Bucket]
    days: list[figures.Day]
    units: results.CollectiveStandings | None  #: contests only
    #: Contests: active units with registered people where nobody has taken part, (name, registered).
    absent: list[tuple[str, int]] = field(default_factory=list)

    @property
    def submission_rate(self) -> float | None:
        return figures.share(self.summary.counted, self.summary.participants)


def _counted(round_id: int) -> tuple:
    return (Attempt.round_id == round_id, Attempt.counted, Attempt.status == AttemptStatus.submitted)


def _one(flag) -> case:
    return case((flag, 1), else_=0)


def summary(session: Session, round_: Round) -> Summary:
    """The round's head figures in one pass over its attempts. A person's first attempt is
    number 1 (``Attempt.number``), so counting those counts people without a DISTINCT."""
    counted = (Attempt.counted & (Attempt.status == AttemptStatus.submitted))
    whole = (Attempt.question_count > 0) & (Attempt.correct_count == Attempt.question_count)
    row = session.exec(select(
        func.sum(_one(Attempt.number == 1)), func.count(),
        func.sum(_one(Attempt.status == AttemptStatus.submitted)),
        func.sum(_one(Attempt.status == AttemptStatus.in_progress)),
        func.sum(_one(counted)),
        func.sum(_one(Attempt.submitted_by == SubmittedBy.timeout)),
        func.sum(_one(counted & whole)),
        func.avg(case((counted, Attempt.score))),
        func.max(case((counted, Attempt.max_score))),
        func.avg(case((counted, Attempt.duration_seconds))),
        func.max(case((counted, Attempt.duration_seconds))),
        func.sum(_one(counted & Attempt.prediction.is_not(None))),
    ).where(Attempt.round_id == round_.id)).one()
    (people, attempts, submitted, in_progress, n_counted, timed_out, whole_n, mean_score, top, mean_duration,
     longest, predicted) = row
    all_correct = round_.all_correct_count if round_.all_correct_count is not None else int(whole_n or 0)
    return Summary(int(people or 0), int(attempts or 0), int(submitted or 0), int(in_progress or 0),
                   int(n_counted or 0), int(timed_out or 0), all_correct,
                   None if mean_score is None else float(mean_score), float(top or 0),
                   None if mean_duration is None else float(mean_duration), float(longest or 0),
                   int(predicted or 0))


def prediction(session: Session, exam: Exam, round_: Round, now: datetime, made: int) -> Prediction | None:
    """The prediction's figures (contests that ask it; ``made``: how many predicted). The truth
    and the hits are told only once the round is closed, as on the public board."""
    if exam.kind != ExamKind.contest or not exam.ask_prediction:
        return None
    if not round_.is_closed(now):
        return Prediction(None, made, None, None)
    truth = results.all_correct_count(session, round_)
    exact, gap = session.exec(select(func.sum(_one(Attempt.prediction == truth)),
                                     func.min(func.abs(Attempt.prediction - literal(truth))))
                              .where(*_counted(round_.id), Attempt.prediction.is_not(None))).one()
    return Prediction(truth, made, int(exact or 0), None if gap is None else int(gap))


def _histogram(session: Session, round_: Round, column, width: float, top: float) -> list[figures.Bucket]:
    index = cast((column + figures.EPSILON) / literal(float(width), Float), Integer)
    rows = session.exec(select(index, func.count()).where(*_counted(round_.id), column.is_not(None))
                        .group_by(index)).all()
    return figures.histogram({int(i): int(n) for i, n in rows}, width, top)


def score_histogram(session: Session, round_: Round, top: float) -> tuple[float, list[figures.Bucket]]:
    """Counted attempts by score, from 0 to the maximum (``round_figures.score_width``)."""
    width = figures.score_width(top or 1)
    return width, _histogram(session, round_, Attempt.score, width, top)


def duration_histogram(session: Session, round_: Round, exam: Exam, longest: float) -> tuple[int, list[figures.Bucket]]:
    """Counted attempts by time taken, in buckets sized for the time limit (or the longest)."""
    top = max(longest, float(exam.time_limit_seconds or 0))
    width = figures.duration_width(top or 60)
    return width, _histogram(session, round_, Attempt.duration_seconds, width, longest)


def daily(session: Session, round_: Round, now: datetime, zone: str = PROVINCE_ZONE) -> list[figures.Day]:
    """Attempts started and new participants (their attempt number 1) per day of the round, in
    ``zone``: one grouped statement."""
    started = local_day(Attempt.started_at, zone, round_.opens_at)
    rows = session.exec(select(started, func.count(), func.sum(_one(Attempt.number == 1)))
                        .where(Attempt.round_id == round_.id).group_by(started)).all()
    attempts = {as_date(d): int(n) for d, n, _first in rows}
    new_people = {as_date(d): int(first or 0) for d, _n, first in rows}
    return figures.days(_day(round_.opens_at, zone), _day(min(now, round_.closes_at), zone), attempts, new_people)


def _day(moment: datetime, zone: str) -> date:
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).date()


def absent_units(session: Session, standings: results.CollectiveStandings) -> list[tuple[str, int]]:
    """Active units with registered citizens or officials that are not in the standings (nobody
    took part for them and no headcount was entered), most registered first: where the
    committee should call."""
    listed = {s.tally.unit_id for s in standings}
    registered = {unit_id: n for unit_id, n in results.registered_people(session).items() if unit_id not in listed}
    if not registered:
        return []
    names = dict(session.exec(select(Unit.id, Unit.name).where(Unit.id.in_(list(registered)), Unit.active)).all())
    return sorted(((names[i], n) for i, n in registered.items() if i in names),
                  key=lambda item: (-item[1], fold(item[0]), item[0]))


def round_report(session: Session, exam: Exam, round_: Round, now: datetime,
                 zone: str = PROVINCE_ZONE) -> RoundReport:
    """The whole report of one round: six grouped statements (seven once closed), whatever its
    size."""
    head = summary(session, round_)
    score_width, scores = score_histogram(session, round_, head.max_score)
    duration_width, durations = duration_histogram(session, round_, exam, head.longest)
    units = results.unit_stats(session, round_) if exam.kind == ExamKind.contest else None
    return RoundReport(exam, round_, round_.is_closed(now), head, prediction(session, exam, round_, now, head.predictions),
                       score_width, scores, duration_width, durations, daily(session, round_, now, zone), units,
                       absent_units(session, units) if units is not None else [])
