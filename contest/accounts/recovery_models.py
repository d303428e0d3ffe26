"""One-time secrets sent to a person's address: password resets and contact confirmations.

Both are the same thing with a different purpose: a secret the server sent to one e-mail or
phone, that proves whoever shows it back reads that address. An e-mail gets a link with a long
random token, a phone a 6-digit code; only their hashes are stored, so a copy of the database
opens no account.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field as Column_
from sqlmodel import SQLModel

from contest.core.columns import enum_column
from contest.core.db import timestamp

#: Wrong codes a secret survives: the fifth wrong one ends it (a new one must be asked for).
MAX_WRONG_CODES = 5
#: Wrong codes a person may type in 24 hours over all their codes (asking for a new code does not
#: give more): past it, every code is refused until the day has passed.
WRONG_CODES_PER_DAY = 10


class SecretPurpose(enum.StrEnum):
    #: "Quên mật khẩu": sets a new password.
    password_reset = "password_reset"
    #: A new citizen confirms the e-mail or phone they registered with.
    contact_confirm = "contact_confirm"


class AccountSecret(SQLModel, table=True):
    """A reset link or code, or a confirmation link or code, sent to ``address``.

    Usable while not used, not voided and not expired. Asking for a new one voids the person's
    earlier ones of the same purpose; five wrong codes void it too."""

    __tablename__ = "account_secret"
    __table_args__ = (
        Index("ix_account_secret_lookup", "purpose", "address"),
        CheckConstraint("(token_hash IS NULL) <> (code_hash IS NULL)", name="link_or_code"),
        CheckConstraint("wrong_codes >= 0", name="wrong_codes_not_negative"),
    )

    id: int | None = Column_(default=None, primary_key=True)
    user_id: int = Column_(foreign_key="app_user.id", index=True)
    purpose: SecretPurpose = Column_(
        sa_column=enum_column(SecretPurpose, "secret_purpose", nullable=False))
    #: The channel it went by ("email", "sms", "zalo") and the address, as typed and folded.
    channel: str = Column_(max_length=10)
    address: str = Column_(max_length=254)
    #: SHA-256 (hex) of the link's token, for an e-mail.
    token_hash: str | None = Column_(default=None, max_length=64, unique=True)
    #: HMAC-SHA256 (hex, keyed by the app's secret) of the code, for a phone.
    code_hash: str | None = Column_(default=None, max_length=64)
    #: Wrong codes tried against it.
    wrong_codes: int = 0
    created_at: datetime = timestamp()
    expires_at: datetime = timestamp(default_factory=None)
    #: When it did its job (a password was set, an address confirmed).
    used_at: datetime | None = timestamp(nullable=True)
    #: When it was ended unused (a newer one was asked for, too many wrong codes).
    voided_at: datetime | None = timestamp(nullable=True)

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.voided_at is None and now < self.expires_at

    def void(self, now: datetime) -> None:
        if self.used_at is None and self.voided_at is None:
            self.voided_at = now
