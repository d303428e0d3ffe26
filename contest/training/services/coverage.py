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

Everything is counted by the database: the requirements joined with the enrollments, grouped
per person, then per unit, per job position and per field in one statement; only the roll-up of
every unit's sub-units is folded in Python, over the units, never per person.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, literal, or_
from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.accounts.units import name_key
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
        return {"required": self.people, "required_pairs": self.pairs, "enrolled": self.enrolled,
                "completed": self.completed, "passed": self.passed, "people_done": self.people_done}


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


def _passed_attempts():
    """(user, exam) of submitted assessment attempts that passed: ``results.passed`` in SQL."""
    return (select(Attempt.user_id, Round.exam_id)
            .join(Round, Round.id == Attempt.round_id).join(Exam, Exam.id == Round.exam_id)
            .where(Attempt.status == AttemptStatus.submitted, Attempt.pending_count == 0,
                   Attempt.max_score > 0,
                   Attempt.score + 1e-9 >= func.coalesce(Exam.pass_ratio, 0.5) * Attempt.max_score)
            .distinct().subquery("passed_attempt"))


def _requirement_rows(root_id: int | None, today: date):
    """One row per requirement of the population below ``root_id`` and enrollment of the official
    in a course of the programme (a requirement without any: one row): the official (id, unit,
    position, field), the programme, and that enrollment's 0/1 flags enrolled, completed,
    passed, expired. The enrollments are joined, not aggregated first: only the required
    programmes' are looked at."""
    units = scope(root_id)
    passed_attempt = _passed_attempts()
    taken = (select(Enrollment.user_id, Course.programme_id, Enrollment.status, Enrollment.completed_on,
                    Enrollment.expires_on, passed_attempt.c.user_id.is_not(None).label("passed"))
             .join(Course, Course.id == Enrollment.course_id)
             .outerjoin(passed_attempt, and_(passed_attempt.c.user_id == Enrollment.user_id,
                                             passed_attempt.c.exam_id == Course.assessment_exam_id))
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
        .where(User.role == Role.official, User.active, Programme.active, User.unit_id.in_(select(units.c.id)))
        .subquery("requirement_row"))


def requirements(root_id: int | None, today: date):
    """One row per requirement (official, programme) with its 0/1 flags enrolled, completed,
    passed, expired (any of the official's enrollments in the programme's courses)."""
    rows = _requirement_rows(root_id, today)
    return (select(rows.c.user_id, rows.c.unit_id, rows.c.position_id, rows.c.field_id, rows.c.programme_id,
                   func.max(rows.c.enrolled).label("enrolled"), func.max(rows.c.completed).label("completed"),
                   func.max(rows.c.passed).label("passed"), func.max(rows.c.expired).label("expired"))
            .group_by(rows.c.user_id, rows.c.unit_id, rows.c.position_id, rows.c.field_id, rows.c.programme_id)
            .subquery("requirement"))


def coverage(session: Session, root_id: int | None, today: date) -> Coverage:
    """The figures of ``root_id`` and each unit below it (own and rolled up), and of the whole
    scope per job position and per field of the official. Three queries: the groups (per unit,
    position and field in one statement), the units, the names."""
    units = scope(root_id)
    rows = _requirement_rows(root_id, today)

    def programmes(flag=None):
        return func.count(func.distinct(rows.c.programme_id if flag is None else
                                        case((flag == 1, rows.c.programme_id), else_=None)))

    person = (select(rows.c.unit_id, rows.c.position_id, rows.c.field_id, programmes().label("pairs"),
                     programmes(rows.c.enrolled).label("enrolled"), programmes(rows.c.completed).label("completed"),
                     programmes(rows.c.passed).label("passed"))
              .group_by(rows.c.user_id, rows.c.unit_id, rows.c.position_id, rows.c.field_id).cte("person"))

    def by(kind: str, key):
        return (select(literal(kind).label("kind"), key.label("key"), func.count(), func.sum(person.c.pairs),
                       func.sum(person.c.enrolled), func.sum(person.c.completed), func.sum(person.c.passed),
                       func.sum(case((person.c.completed == person.c.pairs, 1), else_=0)))
                .group_by(key))

    # One pass over the people (the CTE), grouped three ways: a few thousand rows come back.
    groups = session.exec(by("u", person.c.unit_id).union_all(by("p", person.c.position_id),
                                                              by("f", person.c.field_id))).all()
    lines = {unit_id: UnitLine(unit_id, name, parent_id, 0) for unit_id, name, parent_id in session.exec(
        select(Unit.id, Unit.name, Unit.parent_id).where(Unit.id.in_(select(units.c.id)))).all()}
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
    ordered = _tree_order(lines)
    for line in reversed(ordered):  # children come after their parent: fold upwards
        line.total.add(line.own)
        if line.parent_id in lines:
            lines[line.parent_id].total.add(line.total)
    return Coverage(root_id, ordered, _by_name(positions), _by_name(fields), total)


def _by_name(groups: dict[str, Figures]) -> list[tuple[str, Figures]]:
    return sorted(groups.items(), key=lambda item: name_key(item[0]))


def _tree_order(lines: dict[int, UnitLine]) -> list[UnitLine]:
    """Pre-order (a parent before its sub-units, siblings by name), setting depth and children."""
    keys = {unit_id: name_key(line.name) for unit_id, line in lines.items()}
    for line in lines.values():
        if line.parent_id in lines:
            lines[line.parent_id].children.append(line.unit_id)
    for line in lines.values():
        line.children.sort(key=keys.__getitem__)
    roots = sorted((line for line in lines.values() if line.parent_id not in lines), key=lambda x: keys[x.unit_id])
    ordered: list[UnitLine] = []
    stack = [(line, 0) for line in reversed(roots)]
    while stack:
        line, depth = stack.pop()
        line.depth = depth
        ordered.append(line)
        stack.extend((lines[child], depth + 1) for child in reversed(line.children))
    return ordered


def _needs_query(root_id: int | None, today: date):
    req = requirements(root_id, today)
    return (select(User.id, User.full_name, User.email, User.phone, Unit.name, JobPosition.name,
                   Programme.code, Programme.title, req.c.enrolled, req.c.expired)
            .select_from(req)
            .join(User, User.id == req.c.user_id).join(Unit, Unit.id == req.c.unit_id)
            .join(Programme, Programme.id == req.c.programme_id)
            .outerjoin(JobPosition, JobPosition.id == req.c.position_id)
            .where(req.c.completed == 0)
            .order_by(Unit.name, User.full_name, User.id, Programme.code))


def _need(row) -> Need:
    user_id, full_name, email, phone, unit, position, code, title, enrolled, expired = row
    return Need(user_id, full_name, email or phone or "", unit, position or "", code, title,
                bool(enrolled), bool(expired))


def needs(session: Session, root_id: int | None, today: date, page: int = 1,
          page_size: int = NEEDS_PAGE_SIZE) -> list[Need]:
    """One page of the requirements not completed (by unit, name, programme). How many there are
    in all is the report's ``pairs - completed`` (no second count)."""
    query = _needs_query(root_id, today)
    return [_need(row) for row in session.exec(query.limit(page_size).offset((max(page, 1) - 1) * page_size))]


def all_needs(session: Session, root_id: int | None, today: date) -> Iterator[Need]:
    """Every requirement not completed, streamed in pages of rows (for the export)."""
    for row in session.exec(_needs_query(root_id, today).execution_options(yield_per=1000)):
        yield _need(row)
