"""Two-step sign-in of staff: an authenticator secret per person and one-time recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from contest.core.db import timestamp


class TwoFactorSecret(SQLModel, table=True):
    """A person's authenticator (TOTP) secret. It asks for the second step only once
    confirmed: a secret being set up (the QR shown, no code typed yet) changes nothing."""

    __tablename__ = "two_factor_secret"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", unique=True)
    #: The base32 secret sealed with a key derived from SECRET_KEY (``totp.Sealer``).
    sealed_secret: str = Field(max_length=255)
    created_at: datetime = timestamp()
    #: When the person proved their app shows the right codes; ``None`` while setting up.
    confirmed_at: datetime | None = timestamp(nullable=True)
    #: The time step of the last code accepted: that code and older ones are refused (replay).
    last_used_step: int | None = None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(SQLModel, table=True):
    """One of a person's one-time codes for signing in without the phone."""

    __tablename__ = "two_factor_recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    #: SHA-256 of the normalized code (``totp.hash_recovery_code``); the code is shown once.
    code_hash: str = Field(max_length=64)
    created_at: datetime = timestamp()
    used_at: datetime | None = timestamp(nullable=True)
