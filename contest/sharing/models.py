"""Share links of contests, people's personal codes, and the registrations they brought."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from contest.core.db import timestamp


class ShareLink(SQLModel, table=True):
    """A contest's short link ``/s/<code>`` (made the first time it is asked for)."""

    __tablename__ = "share_link"
    id: int | None = Field(default=None, primary_key=True)
    #: One link per exam (a contest).
    exam_id: int = Field(foreign_key="exam.id", unique=True)
    #: ``codes.CONTEST_LENGTH`` symbols of ``codes.ALPHABET``.
    code: str = Field(max_length=16, unique=True)
    created_at: datetime = timestamp()


class PersonalCode(SQLModel, table=True):
    """A person's code, added to any contest's link to make it theirs (``/s/<code>/<person>``);
    made when they open "Lan tỏa của tôi", never by viewing a contest."""

    __tablename__ = "personal_share_code"
    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    #: ``codes.PERSON_LENGTH`` symbols of ``codes.ALPHABET``.
    code: str = Field(max_length=16, unique=True)
    created_at: datetime = timestamp()


class Referral(SQLModel, table=True):
    """A person registered after following ``referrer_id``'s link to ``exam_id``. A person is
    referred once at most (the unique ``referred_user_id``), and never by themselves."""

    __tablename__ = "referral"
    __table_args__ = (CheckConstraint("referrer_id <> referred_user_id", name="not_self"),)
    id: int | None = Field(default=None, primary_key=True)
    referrer_id: int = Field(foreign_key="app_user.id", index=True)
    referred_user_id: int = Field(foreign_key="app_user.id", unique=True)
    exam_id: int = Field(foreign_key="exam.id", index=True)
    #: When the referred person registered.
    created_at: datetime = timestamp()
