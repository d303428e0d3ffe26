"""Tables of the admin pages: the sealed one-time passwords of a bulk import."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from contest.core.db import timestamp


class PasswordHandout(SQLModel, table=True):
    """The one-time passwords of one bulk import, sealed for ONE download by the admin who ran it.

    The row holds only ciphertext; its key lives in the admin's result page and nowhere on the
    server (see ``contest.admin.handouts``). The download deletes the row; so does any handout
    operation once ``expires_at`` has passed.
    """

    __tablename__ = "password_handout"

    id: int | None = Field(default=None, primary_key=True)
    #: The admin who created the accounts: nobody else may download them.
    admin_id: int = Field(foreign_key="app_user.id", index=True)
    #: Fernet token (AES-128-CBC + HMAC-SHA256) of the zlib-compressed JSON credentials.
    sealed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    #: After this instant the handout is refused and purged.
    expires_at: datetime = timestamp(index=True)
