"""Coverage of the required programmes ("khung năng lực"): who must be trained in what, and how
far a unit and its sub-units have come.

Definitions (every figure is as of ``today``):

* The *population*: active officials (role official) of the unit and every unit below it.
* A *requirement* is a pair (official, programme) where the official's job position requires the
  (active) programme (``PositionRequirement``). An official is *required* when they have at
  least one requirement. ``people`` counts officials, ``pairs`` counts requirements.
* *enrolled*: requirements where the official holds a seat (status enrolled) in some course of
  the programme, completed or not.
* *completed*: requirements with a valid completion: some course of the programme completed
  (``completed_on`` set, whatever the enrollment's status now) and not expired
  (``expires_on`` absent or after ``today``, as ``completion.standing`` says).
* *passed*: completed requirements where a completed, unexpired course of the programme has a
  final assessment and the official passed it: a submitted attempt at that exam with no essay
  pending whose score reaches the exam's pass ratio (0.5 when unset) of a maximum above zero
  (``results.passed``, written in SQL). Completing a course without an assessment is never
  "passed", so ``passed <= completed``.
* *people_done*: required officials whose every requirement is completed.

``people`` and ``people_done`` count officials; ``pairs``, ``enrolled``, ``completed`` and
``passed`` count requirements (official x programme, "lượt" on the page). ``Figures.as_json``
names each key by what it counts (``required_people``, ``completed_pairs``, ...).

Everything is counted by the database in one statement: per official, how many programmes the
position requires (``pairs``, from the positions, not from a row per requirement) and the
progress read from the enrollments in those programmes' courses alone; then per unit, per job
position and per field. Only the roll-up of every unit's sub-units is folded in Python, over
the units, never per person. The "still needs" list is read a few units at a time: the report's
per-unit counts say which units a page falls in (``needs``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, literal, or_
from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.accounts.units import name_key, tree_order
from contest.exams.models import Attempt, AttemptStatus, Exam, Round
from contest.training.models import (
    Course,
    Enrollment,
    EnrollmentStatus,
    PositionRequirement,
    Programme,
)

#: The "still needs" list on the page; the export has all of it.
NEEDS_PAGE_SIZE = 50


@dataclass
class Figures:
    """The counts of one group (see the module's definitions)."""

    people: int = 0
    pairs: int = 0
    enrolled: int = 0
    completed: int = 0
    passed: int = 0
    people_done: int = 0

    def add(self, other: Figures) -> None:
        self.people += other.people
        self.pairs += other.pairs
        self.enrolled += other.enrolled
        self.completed += other.completed
        self.passed += other.passed
        self.people_done += other.people_done

    def rate(self, name: str) -> float | None:
        """``name``'s share of the requirements (people_done: of the people); None when none."""
        base = self.people if name == "people_done" else self.pairs
        return getattr(self, name) / base if base else None

    def as_json(self) -> dict:
        """Each key says what it counts: ``_people`` officials, ``_pairs`` requirements."""
        return {"required_people": self.people, "required_pairs": self.pairs, "enrolled_pairs": self.enrolled,
                "completed_pairs": self.completed, "passed_pairs": self.passed,
                "completed_people": self.people_done}


@dataclass
class UnitLine:
    """A unit of the report: its own officials (``own``) and with its sub-units (``total``)."""

    unit_id: int
    name: str
    parent_id: int | None
    depth: int
    own: Figures = field(default_factory=Figures)
    total: Figures = field(default_factory=Figures)
    children: list[int] = field(default_factory=list)


@dataclass
class Coverage:
    """The report of ``root_id`` (None: every unit). ``units`` in tree order (sub-units by name)."""

    root_id: int | None
    units: list[UnitLine]
    by_position: list[tuple[str, Figures]]
    by_field: list[tuple[str, Figures]]
    total: Figures

    def __post_init__(self) -> None:
        self._by_id = {line.unit_id: line for line in self.units}

    def line(self, unit_id: int) -> UnitLine | None:
        return self._by_id.get(unit_id)

    def roots(self) -> list[UnitLine]:
        return [line for line in self.units if line.parent_id not in self._by_id]

    def children(self, unit_id: int) -> list[UnitLine]:
        parent = self.line(unit_id)
        return [self._by_id[child] for child in parent.children] if parent else []


@dataclass(frozen=True)
class Need:
    """A requirement not (validly) completed: who, where, which programme, and how it stands."""

    user_id: int
    full_name: str
    login: str
    unit: str
    position: str
    programme_code: str
    programme_title: str
    enrolled: bool  #: holds a seat in a course of the programme (training under way)
    expired: bool  #: completed it once; the completion expired

    def as_json(self) -> dict:
        return dict(self.__dict__)


def scope(root_id: int | None):
    """The ids of ``root_id`` and every unit below it, as a recursive CTE (None: every unit)."""
    if root_id is None:
        return select(Unit.id).cte("scope")
    tree = select(Unit.id).where(Unit.id == root_id).cte("scope", recursive=True)
    return tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))


def _passed(user_id, exam_id):
    """The official passed the exam: ``results.passed`` in SQL, asked per completed seat (the
    (user, round) index of the attempts answers it)."""
    return (select(Attempt.id).join(Round, Round.id == Attempt.round_id).join(Exam, Exam.id == Round.exam_id)
            .where(Attempt.user_id == user_id, Round.exam_id == exam_id,
                   Attempt.status == AttemptStatus.submitted, Attempt.pending_count == 0, Attempt.max_score > 0,
                   Attempt.score + 1e-9 >= func.coalesce(Exam.pass_ratio, 0.5) * Attempt.max_score)
            .exists())


def _requirement_rows(unit_ids: list[int], today: date):
    """One row per requirement of the population of ``unit_ids`` and enrollment of the official
    in a course of the programme (a requirement without any: one row): the official (id, unit,
    position, field), the programme, and that enrollment's 0/1 flags enrolled, completed,
    passed, expired. The enrollments are joined, not aggregated first: only the required
    programmes' are looked at."""
    taken = (select(Enrollment.user_id, Course.programme_id, Enrollment.status, Enrollment.completed_on,
                    Enrollment.expires_on, _passed(Enrollment.user_id, Course.assessment_exam_id).label("passed"))
             .join(Course, Course.id == Enrollment.course_id)
             .subquery("taken"))
    done = taken.c.completed_on.is_not(None)
    valid = and_(done, or_(taken.c.expires_on.is_(None), taken.c.expires_on > today))
    return (
        select(User.id.label("user_id"), User.unit_id, User.job_position_id.label("position_id"),
               User.field_id, PositionRequirement.programme_id,
               case((taken.c.status == EnrollmentStatus.enrolled, 1), else_=0).label("enrolled"),
               case((valid, 1), else_=0).label("completed"),
               case((and_(valid, taken.c.passed), 1), else_=0).label("passed"),
               case((and_(done, ~valid), 1), else_=0).label("expired"))
        .join(PositionRequirement, PositionRequirement.position_id == User.job_position_id)
        .join(Programme, Programme.id == PositionRequirement.programme_id)
        .outerjoin(taken, and_(taken.c.user_id == User.id, taken.c.programme_id == PositionRequirement.programme_id))
        .where(User.role == Role.official, User.active, Programme.active, User.unit_id.in_(unit_ids))
        .subquery("requirement_row"))


def requirements(unit_ids: list[int], today: date):
    """One row per requirement (official, programme) of the officials of ``unit_ids`` (a few
    units: the "still needs" list) with its 0/1 flags enrolled, completed, passed, expired (any
    of the official's enrollments in the programme's courses)."""
    rows = _requirement_rows(unit_ids, today)
    return (select(rows.c.user_id, rows.c.unit_id, rows.c.position_id, rows.c.field_id, rows.c.programme_id,
                   func.max(rows.c.enrolled).label("enrolled"), func.max(rows.c.completed).label("completed"),
                   func.max(rows.c.passed).label("passed"), func.max(rows.c.expired).label("expired"))
            .group_by(rows.c.user_id, rows.c.unit_id, rows.c.position_id, rows.c.field_id, rows.c.programme_id)
            .subquery("requirement"))


def _in_scope(unit_ids: list[int] | None):
    """The officials' unit is one of ``unit_ids`` (None: any unit). The ids are sent as a list,
    not as the tree's recursive CTE, whose row count the planner cannot know (it guessed 200
    units for a commune and for the province alike, and chose its joins for neither)."""
    return User.unit_id.is_not(None) if unit_ids is None else User.unit_id.in_(unit_ids)


def _progress(unit_ids: list[int] | None, today: date):
    """Per official of ``unit_ids`` (the scope) with any progress: how many of their requirements
    they are enrolled in, have completed (validly) and passed. Only enrollments in a course of a
    programme the official's position requires (and that is active) are read: a few thousand
    rows at province scale, where joining every requirement to its enrollments read ~90,000."""
    valid = and_(Enrollment.completed_on.is_not(None),
                 or_(Enrollment.expires_on.is_(None), Enrollment.expires_on > today))
    pair = (select(Enrollment.user_id,
                   func.max(case((Enrollment.status == EnrollmentStatus.enrolled, 1), else_=0)).label("enrolled"),
                   func.max(case((valid, 1), else_=0)).label("completed"),
                   func.max(case((valid, case((_passed(Enrollment.user_id, Course.assessment_exam_id), 1), else_=0)),
                                 else_=0)).label("passed"))
            .join(Course, Course.id == Enrollment.course_id)
            .join(User, User.id == Enrollment.user_id)
            .join(PositionRequirement, and_(PositionRequirement.position_id == User.job_position_id,
                                            PositionRequirement.programme_id == Course.programme_id))
            .join(Programme, Programme.id == Course.programme_id)
            .where(User.role == Role.official, User.active, Programme.active, _in_scope(unit_ids))
            .group_by(Enrollment.user_id, Course.programme_id).subquery("pair"))
    return (select(pair.c.user_id, func.sum(pair.c.enrolled).label("enrolled"),
                   func.sum(pair.c.completed).label("completed"), func.sum(pair.c.passed).label("passed"))
            .group_by(pair.c.user_id).subquery("progress"))


def _people(unit_ids: list[int] | None, today: date):
    """One row per required official of ``unit_ids``: unit, position, field, how many programmes
    the position requires (``pairs``) and the official's progress (0 without any)."""
    need = (select(PositionRequirement.position_id, func.count().label("pairs"))
            .join(Programme, Programme.id == PositionRequirement.programme_id).where(Programme.active)
            .group_by(PositionRequirement.position_id).subquery("need"))
    progress = _progress(unit_ids, today)
    return (select(User.unit_id, User.job_position_id.label("position_id"), User.field_id, need.c.pairs,
                   *(func.coalesce(progress.c[name], 0).label(name) for name in ("enrolled", "completed", "passed")))
            .join(need, need.c.position_id == User.job_position_id)
            .outerjoin(progress, progress.c.user_id == User.id)
            .where(User.role == Role.official, User.active, _in_scope(unit_ids))
            .cte("person"))


def coverage(session: Session, root_id: int | None, today: date) -> Coverage:
    """The figures of ``root_id`` and each unit below it (own and rolled up), and of the whole
    scope per job position and per field of the official. Three queries: the groups (per unit,
    position and field in one statement), the units, the names."""
    units = scope(root_id)
    lines = {unit_id: UnitLine(unit_id, name, parent_id, 0) for unit_id, name, parent_id in session.exec(
        select(Unit.id, Unit.name, Unit.parent_id).where(Unit.id.in_(select(units.c.id)))).all()}
    person = _people(None if root_id is None else list(lines), today)

    def by(kind: str, key):
        return (select(literal(kind).label("kind"), key.label("key"), func.count(), func.sum(person.c.pairs),
                       func.sum(person.c.enrolled), func.sum(person.c.completed), func.sum(person.c.passed),
                       func.sum(case((person.c.completed == person.c.pairs, 1), else_=0)))
                .group_by(key))

    # One pass over the people (the CTE), grouped three ways: a few thousand rows come back.
    groups = session.exec(by("u", person.c.unit_id).union_all(by("p", person.c.position_id),
                                                              by("f", person.c.field_id))).all()
    names = {(kind, item_id): name for kind, item_id, name in session.exec(
        select(literal("p"), JobPosition.id, JobPosition.name)
        .union_all(select(literal("f"), Field.id, Field.name))).all()}
    total, positions, fields = Figures(), {}, {}
    for kind, key, *counts in groups:
        figures = Figures(*(int(c or 0) for c in counts))
        if kind == "u":
            lines[key].own.add(figures)
            total.add(figures)
        else:
            (positions if kind == "p" else fields).setdefault(names.get((kind, key), ""), Figures()).add(figures)
    ordered = tree_order(lines)
    for line in reversed(ordered):  # children come after their parent: fold upwards
        line.total.add(line.own)
        if line.parent_id in lines:
            lines[line.parent_id].total.add(line.total)
    return Coverage(root_id, ordered, _by_name(positions), _by_name(fields), total)


def _by_name(groups: dict[str, Figures]) -> list[tuple[str, Figures]]:
    return sorted(groups.items(), key=lambda item: name_key(item[0]))


def _needs_of(session: Session, unit_ids: list[int], today: date) -> list[Need]:
    """The requirements not completed of the officials of ``unit_ids`` (a few units: the users
    are found through the (role, unit) index), by the units' order in ``unit_ids``, then name
    (as Vietnamese sort), person and programme code."""
    req = requirements(unit_ids, today)
    rows = session.exec(
        select(User.id, User.full_name, User.email, User.phone, Unit.name, JobPosition.name,
               Programme.code, Programme.title, req.c.enrolled, req.c.expired, req.c.unit_id)
        .select_from(req)
        .join(User, User.id == req.c.user_id).join(Unit, Unit.id == req.c.unit_id)
        .join(Programme, Programme.id == req.c.programme_id)
        .outerjoin(JobPosition, JobPosition.id == req.c.position_id)
        .where(req.c.completed == 0)).all()
    place = {unit_id: n for n, unit_id in enumerate(unit_ids)}
    rows.sort(key=lambda row: (place[row[-1]], name_key(row[1]), row[0], row[6]))
    return [_need(row) for row in rows]


def _need(row) -> Need:
    user_id, full_name, email, phone, unit, position, code, title, enrolled, expired, _unit_id = row
    return Need(user_id, full_name, email or phone or "", unit, position or "", code, title,
                bool(enrolled), bool(expired))


def _unfinished(report: Coverage) -> list[tuple[int, int]]:
    """(unit id, its own requirements not completed) in the report's order, units with none left
    out: the "still needs" list follows the report's tree (a unit, then its sub-units)."""
    return [(line.unit_id, line.own.pairs - line.own.completed) for line in report.units
            if line.own.pairs > line.own.completed]


def needs(session: Session, root_id: int | None, today: date, page: int = 1,
          page_size: int = NEEDS_PAGE_SIZE, report: Coverage | None = None) -> list[Need]:
    """One page of the requirements not completed, unit by unit in the report's tree order, then
    by name and programme. How many there are in all is the report's ``pairs - completed``.

    The report's per-unit counts say which units the page falls in, so only those units' people
    are read: a page costs the same at the province's first page or its last (``report``: the
    report of ``root_id`` when the caller has it)."""
    report = report or coverage(session, root_id, today)
    skip, chosen, rows = (max(page, 1) - 1) * page_size, [], 0
    for unit_id, count in _unfinished(report):
        if not chosen and skip >= count:  # the whole unit is on earlier pages
            skip -= count
            continue
        chosen.append(unit_id)
        rows += count
        if rows - skip >= page_size:
            break
    return _needs_of(session, chosen, today)[skip:skip + page_size] if chosen else []


def all_needs(session: Session, root_id: int | None, today: date, report: Coverage | None = None,
              batch: int = 5_000) -> Iterator[Need]:
    """Every requirement not completed, in the page's order, read a few units at a time (about
    ``batch`` rows each) for the export."""
    report = report or coverage(session, root_id, today)
    chosen, size = [], 0
    for unit_id, count in _unfinished(report):
        chosen.append(unit_id)
        size += count
        if size >= batch:
            yield from _needs_of(session, chosen, today)
            chosen, size = [], 0
    if chosen:
        yield from _needs_of(session, chosen, today)
