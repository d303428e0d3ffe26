"""Programmes ("chương trình bồi dưỡng") and the programmes job positions require
("khung năng lực"). Admins keep both; courses are classes of a programme."""

from __future__ import annotations

from sqlmodel import Session, func, select

from contest.accounts.models import Field, JobPosition
from contest.core.i18n import N_
from contest.training.models import PositionRequirement, Programme
from contest.training.services import TrainingError


def list_programmes(session: Session, active_only: bool = False) -> list[Programme]:
    query = select(Programme).order_by(Programme.code)
    if active_only:
        query = query.where(Programme.active)
    return list(session.exec(query))


def _check(session: Session, code: str, field_id: int | None, valid_months: int | None,
           programme: Programme | None = None) -> str:
    """The code as stored (trimmed, upper case), refused when another programme has it; an
    unknown field and a non-positive validity are refused too."""
    code = code.strip().upper()
    if not code:
        raise TrainingError(N_("Hãy nhập mã chương trình."))
    clash = session.exec(select(Programme.id).where(func.upper(Programme.code) == code)).first()
    if clash is not None and (programme is None or clash != programme.id):
        raise TrainingError(N_("Mã chương trình «%(code)s» đã được dùng."), code=code)
    if field_id is not None and session.get(Field, field_id) is None:
        raise TrainingError(N_("Lĩnh vực đã chọn không còn tồn tại."))
    if valid_months is not None and valid_months < 1:
        raise TrainingError(N_("Thời hạn hiệu lực phải từ 1 tháng trở lên."))
    return code


def create_programme(session: Session, code: str, title: str, field_id: int | None = None,
                     valid_months: int | None = None, active: bool = True) -> Programme:
    """A new programme; codes are unique whatever their case ("attt-cb" is "ATTT-CB")."""
    programme = Programme(code=_check(session, code, field_id, valid_months), title=title.strip(),
                          field_id=field_id, valid_months=valid_months, active=active)
    session.add(programme)
    session.flush()
    return programme


def update_programme(session: Session, programme: Programme, code: str, title: str,
                     field_id: int | None, valid_months: int | None, active: bool) -> Programme:
    """Change a programme. Its courses keep the validity they were given (a course's own
    ``valid_months`` only defaults from its programme when the course is created)."""
    programme.code = _check(session, code, field_id, valid_months, programme)
    programme.title, programme.field_id = title.strip(), field_id
    programme.valid_months, programme.active = valid_months, active
    session.add(programme)
    session.flush()
    return programme


def requirement_pairs(session: Session) -> set[tuple[int, int]]:
    """Every (position id, programme id) a job position requires."""
    rows = session.exec(select(PositionRequirement.position_id, PositionRequirement.programme_id))
    return {(position_id, programme_id) for position_id, programme_id in rows}


def required_programmes(session: Session, position_id: int) -> list[Programme]:
    """The programmes a job position requires, by code (for coverage and records)."""
    return list(session.exec(
        select(Programme).join(PositionRequirement, PositionRequirement.programme_id == Programme.id)
        .where(PositionRequirement.position_id == position_id).order_by(Programme.code)))


def set_requirements(session: Session, pairs: set[tuple[int, int]]) -> tuple[int, int]:
    """Make the requirement matrix exactly ``pairs`` (position id, programme id): rows not in it
    are removed, missing ones added. Every id must exist (refused otherwise, nothing changed).
    Returns (added, removed)."""
    positions = {p for p, _ in pairs}
    programmes = {q for _, q in pairs}
    known_positions = set(session.exec(select(JobPosition.id).where(JobPosition.id.in_(positions))))
    known_programmes = set(session.exec(select(Programme.id).where(Programme.id.in_(programmes))))
    if positions - known_positions or programmes - known_programmes:
        raise TrainingError(N_("Vị trí việc làm hoặc chương trình đã chọn không còn tồn tại."))
    current = requirement_pairs(session)
    for position_id, programme_id in current - pairs:
        session.delete(session.get(PositionRequirement, (position_id, programme_id)))
    for position_id, programme_id in pairs - current:
        session.add(PositionRequirement(position_id=position_id, programme_id=programme_id))
    session.flush()
    return len(pairs - current), len(current - pairs)
