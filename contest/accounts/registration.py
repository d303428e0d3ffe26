"""Registration that does not tell who has an account, and the confirmation of an address.

With ``REGISTRATION_CONFIRM`` on (production's default) the page answers alike whatever the
address: a new address gets an account that waits for the link or code sent to it, a taken
address creates nothing and its owner receives "someone tried to register with your address"
with the sign-in and reset links. The same work is done both ways (the password is hashed before
the lookup), so the time tells nothing either.

With it off (development, a demo), a new citizen plays at once: the account is created and signed
in. A taken address still gets no "already taken" message on the page: it is shown the same
"check your e-mail / SMS" page as the confirmation would show, and its owner is told by message.
That is the least revealing answer that lets a new citizen in at once, but it is not
non-enumeration: whoever registers with an address sees either a signed-in home page (new) or
that page (taken). Full non-enumeration needs ``REGISTRATION_CONFIRM=1``.

Signing in to an account that awaits its confirmation, even with the right password, answers
as a wrong password does (``services.authenticate``), so registering and then signing in does not
tell either; the account is sent its confirmation again instead (``resend_confirmation``). Two
registrations of the same new address at once create one account: the other is answered as for
a taken address.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from contest.accounts.models import Unit, User
from contest.accounts.passwords import hash_password
from contest.accounts.recovery import (
    GONE,
    Links,
    Policy,
    RecoveryError,
    is_phone_key,
    issue_secret,
    phone_channel,
    secret_by_code,
    secret_by_token,
    use_secret,
)
from contest.accounts.recovery_models import AccountSecret, SecretPurpose
from contest.accounts.services import (
    AccountError,
    check_residence,
    create_citizen,
    normalize_email,
    normalize_phone,
)
from contest.core import db
from contest.core.i18n import N_

#: A confirmation is sent again on a sign-in only when the last one is older than this.
RESEND_AFTER = timedelta(minutes=1)


def _owners(session: Session, email: str | None, phone: str | None) -> list[tuple[str, User]]:
    """(address, its account) for each given address that an account already has."""
    conditions = [column == value for column, value in ((User.email, email), (User.phone, phone))
                  if value]
    found = []
    for user in session.exec(select(User).where(or_(*conditions))):
        found += [(address, user) for address in (email, phone) if address
                  and address in (user.email, user.phone)]
    return found


def register(session: Session, *, full_name: str, email: str | None, phone: str | None,
             password: str, unit_id: int | None, province: Unit | None, confirm: bool,
             now: datetime, policy: Policy, links: Links) -> User | None:
    """Register a citizen; returns the new account, or None when an address was taken (nothing
    is created and each taken address receives ``address_taken``).

    ``confirm``: the new account cannot sign in until the link (e-mail, when given) or the code
    (phone) sent to it comes back. A wrong residence is refused (``AccountError``): it reveals
    nothing about accounts."""
    check_residence(session, unit_id, province)
    email, phone = normalize_email(email), normalize_phone(phone)
    if not (email or phone):
        raise AccountError(N_("Cần nhập email hoặc số điện thoại."), "email")
    password_hash = hash_password(password)  # before the lookup: a taken address takes as long
    taken = _owners(session, email, phone)
    if taken:
        _tell_taken(session, taken, links)
        return None
    db.begin_before_savepoint(session)
    try:
        with session.begin_nested():  # another registration of this address may win the race
            user = create_citizen(session, full_name=full_name, email=email, phone=phone,
                                  password_hash=password_hash, unit_id=unit_id,
                                  confirmation_pending=confirm)
    except IntegrityError:
        _tell_taken(session, _owners(session, email, phone), links)
        return None
    if confirm:
        issue_secret(session, user, SecretPurpose.contact_confirm, email or phone, now=now,
                     policy=policy, links=links)
    return user


def _tell_taken(session: Session, taken: list[tuple[str, User]], links: Links) -> None:
    """Each taken address receives "someone tried to register with your address"."""
    from contest.notifications.sending import Address, notify

    for address, owner in taken:
        channel = phone_channel(session, owner) if is_phone_key(address) else "email"
        notify(session, "address_taken", to=Address(channel, address),
               params={"login_url": links.login, "forgot_url": links.forgot})


def confirmation_by_token(session: Session, token: str, now: datetime) -> AccountSecret | None:
    """The usable confirmation of this link (None: wrong, used, voided or expired)."""
    return secret_by_token(session, SecretPurpose.contact_confirm, token, now)


def confirmation_by_code(session: Session, phone: str, code: str, *, now: datetime,
                         policy: Policy) -> AccountSecret:
    """The usable confirmation sent to ``phone`` with this code, or ``RecoveryError`` (a wrong
    code is counted and flushed: the view keeps it)."""
    return secret_by_code(session, SecretPurpose.contact_confirm, phone, code, now=now,
                          policy=policy)


def confirm_address(session: Session, secret: AccountSecret, now: datetime) -> User:
    """The address came back: the confirmation is used (one guarded UPDATE: a second use, even
    at the same moment, is refused) and the account may sign in."""
    if not use_secret(session, secret, now):
        raise RecoveryError(GONE)
    user = session.get(User, secret.user_id)
    user.confirmation_pending = False
    session.flush()
    return user


def resend_confirmation(session: Session, user: User, *, now: datetime, policy: Policy,
                        links: Links) -> None:
    """Send a pending account a new link or code (voiding the earlier ones); nothing for an
    account that is confirmed or locked, nor when its last one is younger than ``RESEND_AFTER``
    (a person who signs in three times in a row gets one message, and the code they are typing
    stays valid)."""
    if not user.confirmation_pending or not user.active:
        return
    last = session.exec(select(AccountSecret.created_at).where(
        AccountSecret.user_id == user.id, AccountSecret.purpose == SecretPurpose.contact_confirm)
        .order_by(AccountSecret.created_at.desc())).first()
    if last is not None and now - last < RESEND_AFTER:
        return
    issue_secret(session, user, SecretPurpose.contact_confirm, user.email or user.phone,
                 now=now, policy=policy, links=links)
