"""An assessment's report for the department ("báo cáo sát hạch"): pass rates by unit (with its
sub-units), job position and field; who was assigned and has not sat it; the trend over rounds.

Who is counted in a round: every official the assessment's assignments cover now
(``authoring.covered_officials``: a unit with its sub-units, a position, a field, or a name; the
rule of ``eligibility``), and anyone else who sat it in the round (a rule such as a training
course admitted them). A person *sat* the round with a counted, submitted attempt and *passed*
by ``results.passed`` (the exam's pass ratio of the maximum, no essay pending). A person who sat
is counted in the unit their attempt was made for; one who did not, in their unit now. Job
position and field are the person's now (attempts do not keep them).

Officials number in thousands, not hundreds of thousands: the people are read once per
report (two statements for a round, one more for the trend), never one query per person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition, Unit, User
from contest.exams.models import Attempt, AttemptStatus, Exam, Round
from contest.exams.services import results
from contest.exams.services.authoring import covered_officials, rounds_of
from contest.reports.assessment_figures import Figures, UnitLine, grouped, roll_up
from question_bank.textnorm import fold


@dataclass(frozen=True)
class Person:
    user_id: int
    full_name: str
    login: str
    unit_id: int | None
    unit: str
    position: str
    field: str
    assigned: bool
    sat: bool
    passed: bool
    score: float | None
    max_score: float | None


@dataclass(frozen=True)
class TrendLine:
    round_id: int
    name: str
    opens_at: datetime
    figures: Figures


@dataclass
class AssessmentReport:
    exam: Exam
    round: Round
    total: Figures
    units: list[UnitLine]
    by_position: list[tuple[str, Figures]]
    by_field: list[tuple[str, Figures]]
    people: list[Person]  #: everyone counted, by unit then name
    trend: list[TrendLine]

    @property
    def not_sat(self) -> list[Person]:
        """Assigned officials who have not sat the round, by unit then name."""
        return [p for p in self.people if p.assigned and not p.sat]

    def unit_line(self, unit_id: int | None) -> UnitLine | None:
        return next((line for line in self.units if line.unit_id == unit_id), None)

    def focus(self, unit_id: int | None) -> tuple[UnitLine | None, list[UnitLine]]:
        """The unit asked for and the lines to show under it: its sub-units. Without one, the
        topmost units; when there is only one (the province), its sub-units."""
        line = self.unit_line(unit_id)
        roots = [u for u in self.units if u.depth == 0]
        if line is None and len(roots) == 1 and roots[0].children:
            line = roots[0]
        if line is None:
            return None, roots
        by_id = {u.unit_id: u for u in self.units}
        return line, [by_id[child] for child in line.children]


def _counted(round_ids: Iterable[int]):
    return (select(Attempt.round_id, Attempt.user_id, Attempt.unit_id, Attempt.score, Attempt.max_score,
                   Attempt.pending_count)
            .where(Attempt.round_id.in_(list(round_ids)), Attempt.counted, Attempt.status == AttemptStatus.submitted))


def people(session: Session, exam: Exam, round_: Round, assigned: list[User] | None = None) -> list[Person]:
    """Everyone counted in the round (see the module), by unit name then name."""
    assigned = covered_officials(session, exam) if assigned is None else assigned
    attempts = {row.user_id: row for row in session.exec(_counted([round_.id])).all()}
    assigned_ids = {user.id for user in assigned}
    others = [i for i in attempts if i not in assigned_ids]
    users = list(assigned) + (list(session.exec(select(User).where(User.id.in_(others)))) if others else [])
    units = dict(session.exec(select(Unit.id, Unit.name)).all())
    positions = dict(session.exec(select(JobPosition.id, JobPosition.name)).all())
    fields = dict(session.exec(select(Field.id, Field.name)).all())
    found = []
    for user in users:
        attempt = attempts.get(user.id)
        unit_id = attempt.unit_id if attempt is not None and attempt.unit_id is not None else user.unit_id
        found.append(Person(user.id, user.full_name, user.login_name, unit_id, units.get(unit_id, ""),
                            positions.get(user.job_position_id, ""), fields.get(user.field_id, ""),
                            user.id in assigned_ids, attempt is not None,
                            attempt is not None and results.passed(exam, attempt),
                            attempt.score if attempt else None, attempt.max_score if attempt else None))
    found.sort(key=lambda p: (fold(p.unit), fold(p.full_name), p.user_id))
    return found


def trend(session: Session, exam: Exam, rounds: list[Round], assigned: list[User]) -> list[TrendLine]:
    """Each round's figures over the people assigned now and those who sat that round."""
    assigned_ids = {user.id for user in assigned}
    sat: dict[int, dict[int, bool]] = {r.id: {} for r in rounds}
    for row in session.exec(_counted(sat)).all():
        sat[row.round_id][row.user_id] = results.passed(exam, row)
    lines = []
    for r in rounds:
        figures = Figures()
        for user_id in assigned_ids | set(sat[r.id]):
            figures.count(user_id in sat[r.id], sat[r.id].get(user_id, False))
        lines.append(TrendLine(r.id, r.name, r.opens_at, figures))
    return lines


def assessment_report(session: Session, exam: Exam, round_: Round, now: datetime) -> AssessmentReport:
    """The report of ``round_`` with the trend over the exam's rounds that have opened."""
    assigned = covered_officials(session, exam)
    counted = people(session, exam, round_, assigned)
    own: dict[int, Figures] = {}
    total = Figures()
    for person in counted:
        total.count(person.sat, person.passed)
        if person.unit_id is not None:
            own.setdefault(person.unit_id, Figures()).count(person.sat, person.passed)
    tree = {unit_id: (name, parent) for unit_id, name, parent in session.exec(select(Unit.id, Unit.name, Unit.parent_id))}
    return AssessmentReport(
        exam, round_, total, roll_up(tree, own),
        grouped((p.position, p.sat, p.passed) for p in counted),
        grouped((p.field, p.sat, p.passed) for p in counted),
        counted, trend(session, exam, [r for r in rounds_of(session, exam) if r.opens_at <= now], assigned))
