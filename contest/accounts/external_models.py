"""Accounts linked to an external OpenID Connect provider (VNeID / the National Public Service
Portal, or a province's own single sign-on).

A provider names a person by ``(issuer, subject)``. The pair is linked to one account, and an
account holds at most one subject of each issuer: one person, one account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from contest.core.db import timestamp


class ExternalIdentity(SQLModel, table=True):
    __tablename__ = "external_identity"
    __table_args__ = (
        UniqueConstraint("issuer", "subject", name="uq_external_identity_issuer_subject"),
        UniqueConstraint("issuer", "user_id", name="uq_external_identity_issuer_user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: The provider's issuer URL, exactly as its ID tokens state it (``iss``).
    issuer: str = Field(max_length=255)
    #: The provider's stable identifier of the person (``sub``); never shown, never reassigned.
    subject: str = Field(max_length=255)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = timestamp()
    #: The last sign-in through the provider.
    last_used_at: datetime | None = timestamp(nullable=True)
