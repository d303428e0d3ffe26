"""One-time secrets sent to an address, and the password reset they lead to.

A reset goes to the address the person TYPED (never to another address of the account). The
page does no lookup at all: it queues one task with the typed address, whatever it is, and
answers the same page in the same time; the queue worker looks the account up and sends
(``contest.accounts.recovery_tasks``). Only the owner of the address learns, by receiving the
message. An e-mail gets a link with a 256-bit token, a phone a 6-digit code (by SMS, or Zalo when
the person chose it); only hashes are stored. A new request voids the person's earlier ones; a
request past the address's message limit issues nothing. Five wrong codes void a code, and ten
wrong codes in a day (over all the person's codes, a new code does not reset the count) refuse
every code until the day has passed; each guess is counted before its code is compared, so
parallel guesses cannot pass either limit. A secret is used up by one guarded UPDATE, so two uses at
once cannot both pass; using one ends every other session of the account. Services flush and
never commit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.accounts.passwords import hash_password
from contest.accounts.recovery_models import (
    MAX_WRONG_CODES,
    WRONG_CODES_PER_DAY,
    AccountSecret,
    SecretPurpose,
)
from contest.accounts.services import find_by_login, login_key
from contest.core.errors import DomainError
from contest.core.i18n import N_


class RecoveryError(DomainError):
    """A link or code was refused; ``field`` names the form field to show it on."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


#: Said for any wrong, expired, used or unknown code: which one it was is nobody's business.
WRONG_CODE = N_("Mã không đúng hoặc đã hết hạn. Hãy kiểm tra lại, hoặc yêu cầu mã mới.")
#: Said for a link or code that is no longer usable when it is used.
GONE = N_("Liên kết đã hết hạn hoặc đã được dùng.")


@dataclass(frozen=True)
class Links:
    """Absolute URLs the messages carry (built by the views from PUBLIC_URL)."""

    #: token -> the link of a reset (``/reset/<token>``) or of a confirmation (``/confirm/<token>``)
    reset: Callable[[str], str]
    confirm: Callable[[str], str]
    #: Where a code is typed.
    reset_code: str
    confirm_code: str
    login: str
    forgot: str


@dataclass(frozen=True)
class Policy:
    """How long a secret lives, and the key its codes are hashed with (the app's secret, so a
    copy of the database alone cannot try the million codes offline)."""

    minutes: int
    code_key: bytes


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_hash(policy: Policy, code: str) -> str:
    return hmac.new(policy.code_key, code.encode(), hashlib.sha256).hexdigest()


def is_phone_key(key: str) -> bool:
    return bool(key) and "@" not in key


def phone_channel(session: Session, user: User) -> str:
    """Zalo when the person chose Zalo and not SMS among their channels, else SMS."""
    from contest.notifications.models import NotificationPreference

    preference = session.get(NotificationPreference, user.id)
    channels = (preference.channels if preference else None) or []
    return "zalo" if "zalo" in channels and "sms" not in channels else "sms"


def issue_secret(session: Session, user: User, purpose: SecretPurpose, address: str, *,
                 now: datetime, policy: Policy, links: Links) -> None:
    """Send ``user`` a new secret of ``purpose`` at ``address`` (an e-mail gets a link, a phone a
    code) and void their earlier ones of that purpose. When the address's message limit refused
    the message (a "limited" delivery), the new secret is voided at once: asking again past the
    limit gives no fresh set of guesses."""
    from contest.notifications.models import DeliveryStatus
    from contest.notifications.sending import Address, notify

    for earlier in session.exec(select(AccountSecret).where(
            AccountSecret.user_id == user.id, AccountSecret.purpose == purpose,
            AccountSecret.used_at.is_(None), AccountSecret.voided_at.is_(None))):
        earlier.void(now)
    secret = AccountSecret(user_id=user.id, purpose=purpose, address=address, channel="email",
                           created_at=now, expires_at=now + timedelta(minutes=policy.minutes))
    params: dict = {"minutes": policy.minutes, "name": user.full_name}
    reset = purpose == SecretPurpose.password_reset
    if is_phone_key(address):
        code = f"{secrets.randbelow(10**6):06d}"
        secret.channel = phone_channel(session, user)
        secret.code_hash = code_hash(policy, code)
        params.update(code=code, url=links.reset_code if reset else links.confirm_code)
    else:
        token = secrets.token_urlsafe(32)
        secret.token_hash = token_hash(token)
        params["link"] = links.reset(token) if reset else links.confirm(token)
    session.add(secret)
    session.flush()
    kind = "password_reset" if reset else "contact_confirm"
    made = notify(session, kind, to=Address(secret.channel, address), params=params)
    if any(delivery.status is DeliveryStatus.limited for delivery in made):
        secret.void(now)
        session.flush()


def request_password_reset(session: Session, login: str, *, now: datetime, policy: Policy,
                           links: Links) -> None:
    """"Quên mật khẩu": send a reset to the typed e-mail or phone if an active account has it.

    Run by the queue worker (``recovery_tasks.reset_requested``), never by the page. Returns
    nothing on purpose. An unknown address and an inactive account get nothing (no message to
    someone who has no account)."""
    key = login_key(login)
    user = find_by_login(session, key) if key else None
    if user is None or not user.active:
        return
    issue_secret(session, user, SecretPurpose.password_reset, key, now=now, policy=policy,
                 links=links)


def secret_by_token(session: Session, purpose: SecretPurpose, token: str,
                    now: datetime) -> AccountSecret | None:
    """The usable secret of this link's token (None for a wrong, used, voided or expired one,
    or one whose account was locked since)."""
    if not token or len(token) > 100:
        return None
    secret = session.exec(select(AccountSecret).where(
        AccountSecret.token_hash == token_hash(token), AccountSecret.purpose == purpose)).first()
    if secret is None or not secret.is_usable(now):
        return None
    user = session.get(User, secret.user_id)
    return secret if user is not None and user.active else None


def secret_by_code(session: Session, purpose: SecretPurpose, phone: str, code: str, *,
                   now: datetime, policy: Policy) -> AccountSecret:
    """The usable secret sent to ``phone`` whose code is ``code``, or ``RecoveryError``.

    Every guess goes to the newest usable secret of that phone and is reserved BEFORE the code
    is compared: one guarded UPDATE counts it, only while the secret has guesses left
    (``MAX_WRONG_CODES``) and is neither used nor voided, so guesses sent at the same moment
    cannot pass the limit (the UPDATE holds the row until the request commits: the next guess
    waits and then sees the count). Then, past ``WRONG_CODES_PER_DAY`` wrong codes over the
    person's secrets of the last 24 hours (this guess included), every code is refused, the
    right one too; that check follows the reservation, so guesses at one secret are serialized
    by its row. A wrong code keeps its reservation (the fifth voids the secret); a right one
    gives it back (``wrong_codes`` counts wrong codes only, and the day's budget must not shrink
    with each code used). The count is written before the refusal: the view must keep it (no
    rollback)."""
    key = login_key(phone)
    secret = session.exec(select(AccountSecret).where(
        AccountSecret.purpose == purpose, AccountSecret.address == key,
        AccountSecret.code_hash.is_not(None), AccountSecret.used_at.is_(None),
        AccountSecret.voided_at.is_(None)).order_by(AccountSecret.id.desc())).first() \
        if is_phone_key(key) else None
    if secret is None or not secret.is_usable(now) or not _reserve_guess(session, secret):
        raise RecoveryError(WRONG_CODE, "code")
    if wrong_codes_today(session, secret.user_id, now) > WRONG_CODES_PER_DAY:
        raise RecoveryError(WRONG_CODE, "code")  # the reserved guess stays counted
    given = code_hash(policy, (code or "").strip())
    if not hmac.compare_digest(given, secret.code_hash or ""):
        _end_if_out_of_guesses(session, secret, now)
        raise RecoveryError(WRONG_CODE, "code")
    _give_back_guess(session, secret)
    user = session.get(User, secret.user_id)
    if user is None or not user.active:
        raise RecoveryError(WRONG_CODE, "code")
    return secret


def _reserve_guess(session: Session, secret: AccountSecret) -> bool:
    """Count one guess on ``secret`` if it has guesses left and is still live (one guarded
    UPDATE); False when it has none."""
    result = session.execute(update(AccountSecret).where(
        AccountSecret.id == secret.id, AccountSecret.wrong_codes < MAX_WRONG_CODES,
        AccountSecret.used_at.is_(None), AccountSecret.voided_at.is_(None))
        .values(wrong_codes=AccountSecret.wrong_codes + 1)
        .execution_options(synchronize_session=False))
    session.expire(secret)
    return result.rowcount == 1


def _give_back_guess(session: Session, secret: AccountSecret) -> None:
    session.execute(update(AccountSecret).where(AccountSecret.id == secret.id)
                    .values(wrong_codes=AccountSecret.wrong_codes - 1)
                    .execution_options(synchronize_session=False))
    session.expire(secret)


def _end_if_out_of_guesses(session: Session, secret: AccountSecret, now: datetime) -> None:
    """Void ``secret`` once its reserved wrong codes reach ``MAX_WRONG_CODES``."""
    session.execute(update(AccountSecret).where(
        AccountSecret.id == secret.id, AccountSecret.wrong_codes >= MAX_WRONG_CODES,
        AccountSecret.used_at.is_(None), AccountSecret.voided_at.is_(None))
        .values(voided_at=now).execution_options(synchronize_session=False))
    session.expire(secret)


def wrong_codes_today(session: Session, user_id: int, now: datetime) -> int:
    """Wrong codes tried against the person's secrets (any purpose) made in the last 24 hours."""
    return session.exec(select(func.coalesce(func.sum(AccountSecret.wrong_codes), 0)).where(
        AccountSecret.user_id == user_id,
        AccountSecret.created_at > now - timedelta(days=1))).one()


def use_secret(session: Session, secret: AccountSecret, now: datetime) -> bool:
    """Mark ``secret`` used by one guarded UPDATE: True only for the one use that found it
    still usable (two uses at once: one wins, the other gets False)."""
    result = session.execute(update(AccountSecret).where(
        AccountSecret.id == secret.id, AccountSecret.used_at.is_(None),
        AccountSecret.voided_at.is_(None), AccountSecret.expires_at > now)
        .values(used_at=now).execution_options(synchronize_session=False))
    session.expire(secret)
    return result.rowcount == 1


def reset_password(session: Session, secret: AccountSecret, new_password: str,
                   now: datetime) -> User:
    """Set a new password with a usable reset secret (a link's or a code's: both end here).

    The secret is used up, every session of the account ends (its token rotates), a first-login
    password change is no longer asked for, and an account awaiting confirmation of this same
    address is confirmed (the secret reached it). The person then signs in as usual, so staff
    still pass their second step."""
    if secret.purpose != SecretPurpose.password_reset:
        raise RecoveryError(GONE)
    user = session.get(User, secret.user_id)
    if user is None or not user.active or not use_secret(session, secret, now):
        raise RecoveryError(GONE)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    if secret.address in (user.email, user.phone):
        user.confirmation_pending = False
    user.rotate_session_token()
    session.flush()
    return user
