"""Headcounts of units for a round's collective prizes ("số người của đơn vị"; flush, never commit).

A unit's participation rate is its participants per headcount (``ranking.UnitTally``). The
organiser enters a unit's headcount for a round; a unit without one counts its registered
citizens and officials. Headcounts may be entered or corrected until the round is closed
("chốt kết quả"): closing records the collective standings and prizes (``results.record_unit_results``),
and from then on headcounts can no longer change.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func
from sqlmodel import Session, select

from contest.accounts.models import Unit
from contest.core.i18n import N_
from contest.exams.models import Attempt, Round, UnitHeadcount
from contest.exams.services import ExamError
from contest.exams.services.results import registered_people
from question_bank.textnorm import fold

CLOSED = N_("Đợt thi đã chốt kết quả: số người của đơn vị và giải tập thể không thể thay đổi nữa.")

#: More than any commune, ward or department has: a larger number is a typing mistake.
MAX_HEADCOUNT = 10_000_000


@dataclass(frozen=True)
class HeadcountRow:
    """A line of the headcount form."""

    unit: Unit
    parent: str
    registered: int
    participants: int
    headcount: int | None


def headcount_rows(session: Session, round_: Round) -> list[HeadcountRow]:
    """Every active unit, and any inactive one someone took part for or with a headcount entered,
    ordered by the unit above it, then by name."""
    participants = dict(session.exec(select(Attempt.unit_id, func.count()).where(
        Attempt.round_id == round_.id, Attempt.counted, Attempt.unit_id.is_not(None))
        .group_by(Attempt.unit_id)).all())
    entered = dict(session.exec(select(UnitHeadcount.unit_id, UnitHeadcount.headcount)
                                .where(UnitHeadcount.round_id == round_.id)).all())
    units = {u.id: u for u in session.exec(select(Unit))}
    registered = registered_people(session)
    keep = [u for u in units.values() if u.active or u.id in participants or u.id in entered]
    parent = {u.id: units[u.parent_id].name if u.parent_id in units else "" for u in keep}
    keep.sort(key=lambda u: (fold(parent[u.id]), fold(u.name), u.id))
    return [HeadcountRow(u, parent[u.id], registered.get(u.id, 0), participants.get(u.id, 0), entered.get(u.id))
            for u in keep]


def set_headcounts(session: Session, round_: Round, values: dict[int, int | None]) -> None:
    """Store the headcounts typed for the round: a number replaces the unit's entry, None removes
    it (the unit counts its registered people again); units not in ``values`` keep theirs. A unit
    that does not exist, or a number outside 1..MAX_HEADCOUNT, refuses the whole entry; so does a
    closed round (its collective prizes are fixed)."""
    if round_.finalized_at is not None:
        raise ExamError(CLOSED)
    if not values:
        return
    known = set(session.exec(select(Unit.id).where(Unit.id.in_(list(values)))).all())
    if set(values) - known:
        raise ExamError(N_("Có đơn vị không tồn tại; hãy tải lại trang và nhập lại."))
    if any(v is not None and not 1 <= v <= MAX_HEADCOUNT for v in values.values()):
        raise ExamError(N_("Số người của đơn vị phải từ 1 đến 10.000.000."))
    session.execute(delete(UnitHeadcount).where(UnitHeadcount.round_id == round_.id,
                                                UnitHeadcount.unit_id.in_(list(values))))
    session.add_all(UnitHeadcount(round_id=round_.id, unit_id=unit_id, headcount=n)
                    for unit_id, n in values.items() if n is not None)
    session.flush()
