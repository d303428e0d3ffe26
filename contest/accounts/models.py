"""Accounts and the organisation tree: units, job positions, fields of management, users."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field as Column_
from sqlmodel import SQLModel

from contest.core.columns import enum_column
from contest.core.db import timestamp


class UnitKind(enum.StrEnum):
    """Kinds of unit. Since 1 July 2025 local government has two levels: a province, then its
    communes, wards and special zones ("xã", "phường", "đặc khu"). Districts ("huyện, quận, thị
    xã") are gone; they stay valid for older three-level trees and officials' units."""

    province = "province"
    department = "department"
    district = "district"
    #: "Xã" (and, in an older tree, a "thị trấn").
    commune = "commune"
    ward = "ward"
    special_zone = "special_zone"


#: Commune-level kinds ("đơn vị hành chính cấp xã"): a citizen's residence is one of these.
COMMUNE_LEVEL = (UnitKind.commune, UnitKind.ward, UnitKind.special_zone)

#: Which kinds may sit directly under which. Two-level government: province > department |
#: commune | ward | special zone. An older three-level tree keeps province > district > commune
#: or ward; a special zone (a former island district) sits under a province only.
ALLOWED_PARENT = {
    UnitKind.province: (None,),
    UnitKind.department: (UnitKind.province,),
    UnitKind.district: (UnitKind.province,),
    UnitKind.commune: (UnitKind.province, UnitKind.district),
    UnitKind.ward: (UnitKind.province, UnitKind.district),
    UnitKind.special_zone: (UnitKind.province,),
}


class Role(enum.StrEnum):
    citizen = "citizen"
    official = "official"
    trainer = "trainer"
    admin = "admin"


class Unit(SQLModel, table=True):
    """A node of the organisation tree. Deactivated units stay for history but take no one new."""

    id: int | None = Column_(default=None, primary_key=True)
    #: Administrative code (e.g. the GSO code of a commune); optional, unique when given.
    code: str | None = Column_(default=None, max_length=20, unique=True)
    name: str = Column_(max_length=200)
    kind: UnitKind = Column_(sa_column=enum_column(UnitKind, "unit_kind", nullable=False))
    parent_id: int | None = Column_(default=None, foreign_key="unit.id", index=True)
    active: bool = True


class JobPosition(SQLModel, table=True):
    """"Vị trí việc làm": question banks and assessments target positions."""

    __tablename__ = "job_position"
    id: int | None = Column_(default=None, primary_key=True)
    name: str = Column_(max_length=200, unique=True)
    active: bool = True


class Field(SQLModel, table=True):
    """"Lĩnh vực quản lý": a field of management (land, justice, IT, ...)."""

    id: int | None = Column_(default=None, primary_key=True)
    name: str = Column_(max_length=200, unique=True)
    active: bool = True


class User(SQLModel, table=True):
    """A person who signs in. Citizens register themselves; officials are created by an admin.

    ``session_token`` is part of the login cookie's identity, so rotating it (password change,
    deactivation) signs the person out everywhere.
    """

    __tablename__ = "app_user"
    __table_args__ = (Index("ix_app_user_role_unit", "role", "unit_id"),)

    id: int | None = Column_(default=None, primary_key=True)
    full_name: str = Column_(max_length=120)
    #: Stored lower-cased; unique when given. A person has an email, a phone, or both.
    email: str | None = Column_(default=None, max_length=254, unique=True)
    #: Stored as digits starting with 0 (``+84`` folded); unique when given.
    phone: str | None = Column_(default=None, max_length=15, unique=True)
    password_hash: str = Column_(max_length=255)
    role: Role = Column_(sa_column=enum_column(Role, "user_role", nullable=False))
    unit_id: int | None = Column_(default=None, foreign_key="unit.id", index=True)
    job_position_id: int | None = Column_(default=None, foreign_key="job_position.id")
    field_id: int | None = Column_(default=None, foreign_key="field.id")
    active: bool = True
    must_change_password: bool = False
    #: Registered while confirmation was required and has not yet shown back the link or code
    #: sent to its address: it cannot sign in (a password reset to that address confirms it too).
    confirmation_pending: bool = False
    session_token: str = Column_(default_factory=lambda: secrets.token_hex(8), max_length=32)
    created_at: datetime = timestamp()
    last_login_at: datetime | None = timestamp(nullable=True)

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}.{self.session_token}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def rotate_session_token(self) -> None:
        self.session_token = secrets.token_hex(8)

    @property
    def login_name(self) -> str:
        return self.email or self.phone or ""
