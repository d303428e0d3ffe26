"""Accounts as the admin sees them: search, counts, staff creation, (de)activation. Each
operation takes the session, flushes and never commits."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from contest.accounts import services
from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.accounts.passwords import generate_password
from contest.admin.units import AdminError, load_tree, subtree_ids, walk
from contest.db import ulower
from contest.i18n import N_

PAGE_SIZE = 50


@dataclass
class UserPage:
    users: list[User]
    total: int
    page: int
    pages: int


def search_users(session: Session, *, q: str | None = None, unit_id: int | None = None,
                 role: Role | None = None, page: int = 1) -> UserPage:
    """Users whose name, email or phone contains ``q`` (ignoring case, Vietnamese capitals
    included), in ``unit_id`` or any unit below it, with ``role``; 50 a page, by name."""
    query = select(User)
    term = unicodedata.normalize("NFC", " ".join((q or "").split())).lower()
    if term:
        conditions = [ulower(User.full_name).contains(term, autoescape=True),
                      User.email.contains(term, autoescape=True)]
        phone = services.normalize_phone(term)
        if phone and phone.isdigit():
            conditions.append(User.phone.contains(phone, autoescape=True))
        query = query.where(or_(*conditions))
    if unit_id is not None:
        query = query.where(User.unit_id.in_(subtree_ids(load_tree(session), unit_id)))
    if role is not None:
        query = query.where(User.role == role)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(page, 1), pages)
    users = session.exec(query.order_by(User.full_name, User.id)
                         .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return UserPage(list(users), total, page, pages)


def counts(session: Session) -> dict[str, object]:
    """What the dashboard shows: units (all and active), users by role, positions, fields."""
    by_role = dict(session.exec(select(User.role, func.count()).group_by(User.role)).all())
    return {
        "units": session.exec(select(func.count()).select_from(Unit)).one(),
        "active_units": session.exec(select(func.count()).select_from(Unit).where(Unit.active)).one(),
        "roles": {role: by_role.get(role, 0) for role in Role},
        "positions": session.exec(select(func.count()).select_from(JobPosition)).one(),
        "fields": session.exec(select(func.count()).select_from(Field)).one(),
    }


def create_staff_account(session: Session, *, full_name: str, email: str | None,
                         phone: str | None, role: Role | None, unit_id: int | None,
                         job_position_id: int | None, field_id: int | None) -> tuple[User, str]:
    """Create an official, trainer or admin with a generated one-time password, returned once
    and stored only hashed; the person must change it at first login. The unit must take people
    (active, in an active branch); an official needs an active job position and field, because
    assessments are matched to both."""
    if role not in (Role.official, Role.trainer, Role.admin):
        raise AdminError(N_("Hãy chọn vai trò trong danh sách (người dân tự đăng ký)."), "role")
    check_staff_links(session, role=role, unit_id=unit_id, job_position_id=job_position_id,
                      field_id=field_id)
    password = generate_password()
    user = services.create_staff(
        session, full_name=full_name, email=email, phone=phone, password=password, role=role,
        unit_id=unit_id, job_position_id=job_position_id, field_id=field_id,
        must_change_password=True, generated_password=True)
    return user, password


def check_staff_links(session: Session, *, role: Role, unit_id: int | None,
                      job_position_id: int | None, field_id: int | None) -> None:
    """The unit, position and field a staff account points to exist and are offered."""
    offered = {n.unit.id for n in walk(load_tree(session)) if n.offered}
    if unit_id not in offered:
        raise AdminError(N_("Hãy chọn đơn vị đang hoạt động trong danh sách."), "unit_id")
    for model, value, name in ((JobPosition, job_position_id, "job_position_id"),
                               (Field, field_id, "field_id")):
        if value is None:
            if role == Role.official:
                raise AdminError(N_("Cán bộ, công chức cần có vị trí việc làm và lĩnh vực."), name)
            continue
        item = session.get(model, value)
        if item is None or not item.active:
            raise AdminError(N_("Hãy chọn trong danh sách đang dùng."), name)


def set_user_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Deactivate or reactivate an account (signing it out everywhere); an admin cannot
    deactivate their own account, so a province is never left locked out by a slip."""
    if not active and actor.id == user.id:
        raise AdminError(N_("Bạn không thể tự khóa tài khoản của chính mình."))
    services.set_active(session, user, active)
