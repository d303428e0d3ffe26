"""Accounts as the admin sees them: search, counts, staff creation, editing, password reset,
(de)activation. Each operation takes the session, flushes and never commits."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from contest.accounts import services
from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.accounts.passwords import generate_password, hash_generated_password
from contest.accounts.units import is_residence_in
from contest.admin.units import AdminError, load_tree, subtree_ids, walk
from contest.core.db import ulower
from contest.core.i18n import N_

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
                      job_position_id: int | None, field_id: int | None,
                      holder: User | None = None) -> None:
    """The unit, position and field a staff account points to exist and are offered; an official
    needs a position and a field. What ``holder`` already has is accepted as it is: people keep
    a unit, position or field deactivated since (history stays), and can still be edited."""
    offered = {n.unit.id for n in walk(load_tree(session)) if n.offered}
    if unit_id not in offered and not _kept(holder, "unit_id", unit_id):
        raise AdminError(N_("Hãy chọn đơn vị đang hoạt động trong danh sách."), "unit_id")
    for model, value, name in ((JobPosition, job_position_id, "job_position_id"),
                               (Field, field_id, "field_id")):
        if value is None:
            if role == Role.official:
                raise AdminError(N_("Cán bộ, công chức cần có vị trí việc làm và lĩnh vực."), name)
            continue
        if _kept(holder, name, value):
            continue
        item = session.get(model, value)
        if item is None or not item.active:
            raise AdminError(N_("Hãy chọn trong danh sách đang dùng."), name)


def _kept(holder: User | None, name: str, value: int | None) -> bool:
    return holder is not None and value is not None and getattr(holder, name) == value


def update_user(session: Session, actor: User, user: User, *, full_name: str, email: str | None,
                phone: str | None, role: Role | None, unit_id: int | None,
                job_position_id: int | None, field_id: int | None,
                province: Unit | None) -> None:
    """An admin edits a person's name, contact, role, unit, position and field.

    Email and phone are normalised as at registration and stay unique (one of them at least).
    A citizen lives in a commune, ward or special zone of ``province``; staff belong to
    an offered unit and an official has a position and a field (``check_staff_links``); values
    the person already has are kept as they are. Leaving the admin role follows
    ``ensure_admin_remains``. Sessions are not ended: the role is read again on every request.
    """
    if role not in set(Role):
        raise AdminError(N_("Hãy chọn vai trò trong danh sách."), "role")
    if user.role == Role.admin and role != Role.admin:
        ensure_admin_remains(session, actor, user, N_(
            "Bạn không thể tự bỏ vai trò quản trị viên của chính mình; hãy nhờ một quản trị viên "
            "khác."))
    if role == Role.citizen:
        if not _kept(user, "unit_id", unit_id) and (
                unit_id is None or not is_residence_in(session, unit_id, province)):
            raise AdminError(N_("Người dân cần có nơi cư trú là một xã, phường hoặc đặc khu "
                                "đang hoạt động trong tỉnh."), "unit_id")
    else:
        check_staff_links(session, role=role, unit_id=unit_id, job_position_id=job_position_id,
                          field_id=field_id, holder=user)
    email, phone = services.normalize_email(email), services.normalize_phone(phone)
    services.ensure_unique_contact(session, email, phone, exclude_id=user.id)
    user.full_name = full_name.strip()
    user.email, user.phone, user.role = email, phone, role
    user.unit_id, user.job_position_id, user.field_id = unit_id, job_position_id, field_id
    session.flush()


def reset_password(session: Session, actor: User, user: User) -> str:
    """Give ``user`` a new generated one-time password, returned once and stored only hashed.

    The old password stops working, every session of the person ends (the session token
    rotates), and the new password must be changed at the next sign-in. An admin changes their
    own password on the password page, where the current one is asked.
    """
    if actor.id == user.id:
        raise AdminError(N_("Hãy đổi mật khẩu của chính bạn ở trang Đổi mật khẩu."))
    password = generate_password()
    user.password_hash = hash_generated_password(password)
    user.must_change_password = True
    user.rotate_session_token()
    session.flush()
    return password


def set_user_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Deactivate or reactivate an account (signing it out everywhere); deactivating an admin
    follows ``ensure_admin_remains``, so a province is never left locked out by a slip."""
    if not active and user.role == Role.admin:
        ensure_admin_remains(session, actor, user,
                             N_("Bạn không thể tự khóa tài khoản của chính mình."))
    services.set_active(session, user, active)


def ensure_admin_remains(session: Session, actor: User, user: User, self_message: str) -> None:
    """Before ``user`` stops being an active admin: another active admin must remain, and no
    admin does it to themselves (``self_message``), since only an admin can undo it.

    The active admins are read under a row lock (PostgreSQL), so two admins demoting or locking
    each other at the same moment cannot both succeed and leave none.
    """
    admins = session.exec(select(User.id).where(User.role == Role.admin, User.active)
                          .with_for_update()).all()
    if not set(admins) - {user.id}:
        raise AdminError(N_("Đây là quản trị viên cuối cùng đang hoạt động; hãy chỉ định một "
                            "quản trị viên khác trước."), "role")
    if actor.id == user.id:
        raise AdminError(self_message, "role")
