"""Account operations. Each takes the session first, flushes, and never commits."""

from __future__ import annotations

import re

from flask import current_app, has_app_context
from sqlalchemy import or_
from sqlmodel import Session, select

from contest.accounts.models import Role, Unit, User
from contest.accounts.passwords import (
    check_password,
    hash_generated_password,
    hash_password,
    verify_password,
)
from contest.accounts.signals import citizen_registered
from contest.accounts.units import is_district, is_residence_in
from contest.core.db import utcnow
from contest.core.errors import DomainError
from contest.core.i18n import N_

_PHONE = re.compile(r"^0\d{9,10}$")


class AccountError(DomainError):
    """A business rule refused the operation; ``field`` names the form field to show it on."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


#: The one answer to a sign-in that does not succeed for a reason the page may not tell.
WRONG_LOGIN = N_("Email/số điện thoại hoặc mật khẩu không đúng.")


class UnconfirmedAccount(AccountError):
    """The right password, but the account still awaits the confirmation of its address. Its
    message is the wrong password's: whoever registered with an address could otherwise learn,
    by signing in, whether the address was new (a pending account) or taken (a wrong password).
    ``user`` is the account to send the confirmation again."""

    def __init__(self, user: User):
        super().__init__(WRONG_LOGIN, "password")
        self.user = user


def normalize_email(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value or None


def normalize_phone(value: str | None) -> str | None:
    """Vietnamese mobile numbers as ``0xxxxxxxxx``: spaces, dots and a +84/84 prefix are folded."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if not digits:
        return None
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def is_valid_phone(phone: str) -> bool:
    return bool(_PHONE.match(phone))


def login_key(login: str | None) -> str:
    """The one spelling of a sign-in name: a lower-cased email, or a phone as ``0xxxxxxxxx``
    (so ``+84 912...`` and ``0912...`` are the same account); empty when nothing was given.
    A NUL character names no account (and PostgreSQL refuses it in a query)."""
    login = (login or "").strip()
    if "\x00" in login:
        return ""
    if "@" in login:
        return normalize_email(login) or ""
    return normalize_phone(login) or ""


def find_by_login(session: Session, login: str) -> User | None:
    """The user whose email or phone is ``login`` (either form accepted)."""
    key = login_key(login)
    if not key:
        return None
    column = User.email if "@" in key else User.phone
    return session.exec(select(User).where(column == key)).first()


def ensure_unique_contact(session: Session, email: str | None, phone: str | None,
                          exclude_id: int | None = None) -> None:
    """Refuse an email or phone that another account already uses."""
    conditions = []
    if email:
        conditions.append(User.email == email)
    if phone:
        conditions.append(User.phone == phone)
    if not conditions:
        raise AccountError(N_("Cần nhập email hoặc số điện thoại."), "email")
    query = select(User).where(or_(*conditions))
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    for other in session.exec(query):
        if email and other.email == email:
            raise AccountError(N_("Email này đã được dùng cho một tài khoản khác."), "email")
        if phone and other.phone == phone:
            raise AccountError(N_("Số điện thoại này đã được dùng cho một tài khoản khác."), "phone")


def check_residence(session: Session, unit_id: int | None, province: Unit | None) -> None:
    """A citizen lives in a commune, ward or special zone of this deployment's province that takes
    people. Districts were abolished on 1 July 2025: choosing one is refused with that reason."""
    if unit_id is not None and is_district(session, unit_id):
        raise AccountError(N_("Từ ngày 1/7/2025 không còn cấp huyện: hãy chọn xã, phường hoặc "
                              "đặc khu nơi bạn cư trú."), "unit_id")
    if unit_id is None or not is_residence_in(session, unit_id, province):
        raise AccountError(N_("Hãy chọn xã, phường hoặc đặc khu nơi bạn cư trú trong danh sách."),
                           "unit_id")


def create_citizen(session: Session, *, full_name: str, email: str | None, phone: str | None,
                   password_hash: str, unit_id: int | None,
                   confirmation_pending: bool = False) -> User:
    """Create a citizen's account (addresses already folded and checked free) and announce it
    (``signals.citizen_registered``, once per account created)."""
    user = User(full_name=full_name.strip(), email=email, phone=phone, role=Role.citizen,
                password_hash=password_hash, unit_id=unit_id,
                confirmation_pending=confirmation_pending)
    session.add(user)
    session.flush()
    citizen_registered.send(current_app._get_current_object() if has_app_context() else None,
                            session=session, user=user)
    return user


def create_staff(session: Session, *, full_name: str, email: str | None, phone: str | None,
                 password: str, role: Role, unit_id: int | None, job_position_id: int | None = None,
                 field_id: int | None = None, must_change_password: bool = True,
                 generated_password: bool = False) -> User:
    """An admin creates an official, trainer or admin; they change the given password at first login.

    ``generated_password`` says ``password`` came from ``passwords.generate_password``: being
    random and one-time, it is hashed with the light parameters (bulk imports stay fast).
    """
    email, phone = normalize_email(email), normalize_phone(phone)
    ensure_unique_contact(session, email, phone)
    hashed = hash_generated_password(password) if generated_password else hash_password(password)
    user = User(full_name=full_name.strip(), email=email, phone=phone, role=role,
                password_hash=hashed, unit_id=unit_id,
                job_position_id=job_position_id, field_id=field_id,
                must_change_password=must_change_password)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, login: str, password: str) -> User:
    """The user with this login and password, or ``AccountError``.

    A wrong name and a wrong password get the same message in the same time (see
    ``passwords.check_password``): neither reveals which accounts exist. Only someone who
    knows the password learns that the account is locked. An account awaiting the confirmation
    of its address gets the wrong password's message (``UnconfirmedAccount``, see there)."""
    user = find_by_login(session, login)
    if not check_password(user.password_hash if user else None, password):
        raise AccountError(WRONG_LOGIN, "password")
    if not user.active:
        raise AccountError(N_("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên "
                              "để được mở lại."), "login")
    if user.confirmation_pending:
        raise UnconfirmedAccount(user)
    user.last_login_at = utcnow()
    session.flush()
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change a password after checking the current one; signs out the user's other sessions."""
    if not verify_password(user.password_hash, current):
        raise AccountError(N_("Mật khẩu hiện tại không đúng."), "current_password")
    if current == new:
        raise AccountError(N_("Mật khẩu mới phải khác mật khẩu hiện tại."), "new_password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.rotate_session_token()
    session.flush()


def sign_out_everywhere(session: Session, user: User) -> None:
    """End every session of ``user``: the session token in each cookie stops matching.

    The token is per user, not per browser, so signing out on one device signs out the others
    too; a cookie copied before that can never be replayed."""
    user.rotate_session_token()
    session.flush()


def set_active(session: Session, user: User, active: bool) -> None:
    """Deactivating a user signs them out everywhere; their history stays."""
    user.active = active
    user.rotate_session_token()
    session.flush()
