"""Accounts and the provider's subjects: find, link, unlink, and register a citizen whom the
provider vouches for. Each takes the session first, flushes, and never commits.

The checks before a link or an account is stored can be stale: the same answer submitted twice
at once (a double click, two callbacks of one subject) passes both checks in both requests. The
database's unique constraints then refuse the second insert; it runs in a savepoint, and the
clash becomes the refusal the checks would have given had they run a moment later.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from contest.accounts.external import ProviderIdentity
from contest.accounts.external_models import ExternalIdentity
from contest.accounts.models import Unit, User
from contest.accounts.services import AccountError, check_residence, create_citizen
from contest.core import db
from contest.core.db import utcnow
from contest.core.i18n import N_

#: A password hash no password matches (Argon2 cannot read it): the account of a citizen who
#: registered through the provider signs in only through it, until they set a password by
#: "Quên mật khẩu".
UNUSABLE_PASSWORD_PREFIX = "!"

LOCKED = N_("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên để được mở lại.")
LINKED_ELSEWHERE = N_("Tài khoản %(provider)s này đã được liên kết với một tài khoản khác của "
                      "hệ thống. Mỗi người chỉ có một tài khoản.")
ALREADY_LINKED = N_("Tài khoản của bạn đã liên kết với một tài khoản %(provider)s khác. Hãy hủy "
                    "liên kết đó trước.")
CONTACT_TAKEN = N_("Email hoặc số điện thoại mà %(provider)s cung cấp đã thuộc về một tài khoản "
                   "của hệ thống. Hãy đăng nhập bằng mật khẩu của tài khoản đó, rồi liên kết "
                   "với %(provider)s trong trang Thông tin cá nhân.")
NO_PASSWORD = N_("Tài khoản chưa có mật khẩu: nếu hủy liên kết, bạn sẽ không đăng nhập được. "
                 "Hãy đặt mật khẩu (Quên mật khẩu) trước khi hủy liên kết.")
NOT_LINKED = N_("Tài khoản của bạn chưa liên kết với %(provider)s.")
ALREADY_REGISTERED = N_("Tài khoản %(provider)s này vừa được dùng để đăng ký (có thể do bấm gửi "
                        "hai lần). Hãy đăng nhập bằng %(provider)s.")


@contextmanager
def _stored_or_clash(session: Session) -> Iterator[None]:
    """A savepoint around an insert that a unique constraint may refuse (``IntegrityError``
    leaves the savepoint rolled back and the request's transaction usable). The transaction is
    opened first: on SQLite a savepoint that opens it would commit on its release."""
    db.begin_before_savepoint(session)
    with session.begin_nested():
        yield
        session.flush()


def has_usable_password(user: User) -> bool:
    return not user.password_hash.startswith(UNUSABLE_PASSWORD_PREFIX)


def linked_identity(session: Session, user: User, issuer: str) -> ExternalIdentity | None:
    """The subject of ``issuer`` linked to ``user``, if any."""
    return session.exec(select(ExternalIdentity).where(
        ExternalIdentity.issuer == issuer, ExternalIdentity.user_id == user.id)).first()


def _link_of(session: Session, identity: ProviderIdentity) -> ExternalIdentity | None:
    return session.exec(select(ExternalIdentity).where(
        ExternalIdentity.issuer == identity.issuer,
        ExternalIdentity.subject == identity.subject)).first()


def sign_in_linked(session: Session, identity: ProviderIdentity) -> User | None:
    """The account linked to the provider's subject, its sign-in recorded; ``None`` when the
    subject is linked to no account. A locked account is refused, as with a password."""
    link = _link_of(session, identity)
    if link is None:
        return None
    user = session.get(User, link.user_id)
    if not user.active:
        raise AccountError(LOCKED)
    now = utcnow()
    link.last_used_at = user.last_login_at = now
    session.flush()
    return user


def link_account(session: Session, user: User, identity: ProviderIdentity) -> ExternalIdentity:
    """Link the provider's subject to ``user``. One person, one account: a subject already
    linked to another account is refused, and so is a second subject of the same provider for
    this account. Linking the same subject again changes nothing."""
    link = _link_of(session, identity)
    if link is not None:
        if link.user_id != user.id:
            raise AccountError(LINKED_ELSEWHERE)
        return link
    if linked_identity(session, user, identity.issuer) is not None:
        raise AccountError(ALREADY_LINKED)
    try:
        with _stored_or_clash(session):
            link = _new_link(session, user, identity)
    except IntegrityError:  # a request racing this one linked first: as if it had been before
        link = _link_of(session, identity)
        if link is None:
            raise AccountError(ALREADY_LINKED) from None
        if link.user_id != user.id:
            raise AccountError(LINKED_ELSEWHERE) from None
    return link


def _new_link(session: Session, user: User, identity: ProviderIdentity) -> ExternalIdentity:
    link = ExternalIdentity(issuer=identity.issuer, subject=identity.subject, user_id=user.id,
                            last_used_at=utcnow())
    session.add(link)
    session.flush()
    return link


def unlink_account(session: Session, user: User, issuer: str) -> None:
    """Remove the link to ``issuer``'s subject; refused while the account has no password of its
    own, since the person could then no longer sign in."""
    link = linked_identity(session, user, issuer)
    if link is None:
        raise AccountError(NOT_LINKED)
    if not has_usable_password(user):
        raise AccountError(NO_PASSWORD)
    session.delete(link)
    session.flush()


def contact_taken(session: Session, identity: ProviderIdentity) -> bool:
    """Whether an account already uses the verified e-mail or phone the provider gave. Such an
    account is never linked on the provider's word (whoever controls a provider account with
    that address would take it over): its owner signs in with the password and links it."""
    conditions = []
    if identity.email:
        conditions.append(User.email == identity.email)
    if identity.phone:
        conditions.append(User.phone == identity.phone)
    if not conditions:
        return False
    return session.exec(select(User.id).where(or_(*conditions))).first() is not None


def register_linked_citizen(session: Session, identity: ProviderIdentity, *, full_name: str,
                            unit_id: int | None, province: Unit | None) -> User:
    """A citizen whom the provider vouches for registers with their name and residence, linked to
    the provider's subject. Their e-mail and phone are the ones the provider verified, if any (an
    address typed here would be nobody's word: whoever owns it could reset the password). The
    account gets no password: it signs in through the provider until its owner sets one.

    A subject that meanwhile has its account (the form sent twice) is refused with
    ``ALREADY_REGISTERED``: the person signs in through the provider."""
    if _link_of(session, identity) is not None:
        raise AccountError(ALREADY_REGISTERED)
    check_residence(session, unit_id, province)
    if contact_taken(session, identity):
        raise AccountError(CONTACT_TAKEN)
    try:
        with _stored_or_clash(session):
            user = create_citizen(session, full_name=full_name, email=identity.email,
                                  phone=identity.phone,
                                  password_hash=UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(16),
                                  unit_id=unit_id)
            user.last_login_at = utcnow()
            _new_link(session, user, identity)
    except IntegrityError:  # a request racing this one registered the subject or the address
        if _link_of(session, identity) is None and contact_taken(session, identity):
            raise AccountError(CONTACT_TAKEN) from None
        raise AccountError(ALREADY_REGISTERED) from None
    return user
