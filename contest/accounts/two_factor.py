"""Two-step sign-in of staff: setting up an authenticator, checking a code or a recovery code,
turning it off, and an admin's removal when a phone is lost.

Only admins and trainers have it: a citizen's or an official's sign-in never costs a query here.
A code is accepted once (its time step is recorded in the same UPDATE that accepts it, so two
requests racing with one code cannot both pass); a recovery code is spent the same way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, select

from contest.accounts import totp
from contest.accounts.access import STAFF
from contest.accounts.models import User
from contest.accounts.two_factor_models import RecoveryCode, TwoFactorSecret
from contest.core.db import utcnow
from contest.core.errors import DomainError
from contest.core.i18n import N_

WRONG_CODE = N_("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực, "
                "hoặc một mã khôi phục chưa dùng.")
#: While setting up there are no recovery codes yet: only the app's code is asked for.
WRONG_SETUP_CODE = N_("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực "
                      "(kiểm tra giờ của điện thoại được đặt tự động).")
REUSED_CODE = N_("Mã này vừa được dùng. Hãy đợi ứng dụng hiện mã mới (mỗi 30 giây) rồi nhập mã đó.")
UNREADABLE_SECRET = N_("Không đọc được khóa xác thực của tài khoản (khóa bí mật của máy chủ đã "
                       "thay đổi). Hãy dùng một mã khôi phục, hoặc nhờ quản trị viên gỡ xác thực "
                       "hai bước để thiết lập lại.")


class TwoStepError(DomainError):
    """A code was refused; the message says why and what to do."""


@dataclass(frozen=True)
class Verified:
    """A code that passed: by the authenticator app, or by a recovery code (and how many of
    those the person has left)."""

    by_recovery_code: bool
    recovery_codes_left: int


def _sealer() -> totp.Sealer:
    return totp.Sealer(current_app.secret_key)


def has_feature(user: User) -> bool:
    """Two-step sign-in exists for admins and trainers only."""
    return user.role in STAFF


def secret_of(session: Session, user_id: int) -> TwoFactorSecret | None:
    return session.exec(select(TwoFactorSecret).where(TwoFactorSecret.user_id == user_id)).first()


def is_enabled(session: Session, user: User) -> bool:
    """Whether signing in as ``user`` asks for a code: staff with a confirmed authenticator.
    The role is checked first, so a citizen's sign-in runs no query."""
    if not has_feature(user):
        return False
    secret = secret_of(session, user.id)
    return secret is not None and secret.confirmed


def recovery_codes_left(session: Session, user_id: int) -> int:
    return session.exec(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))).one()


def begin_setup(session: Session, user: User) -> str:
    """A new secret for ``user`` to add to an app; it asks for nothing until confirmed with a
    code. Starting again replaces a secret not yet confirmed; a confirmed one stays until it
    is turned off (with a code)."""
    if not has_feature(user):
        raise TwoStepError(N_("Xác thực hai bước chỉ dành cho quản trị viên và giảng viên."))
    current = secret_of(session, user.id)
    if current is not None and current.confirmed:
        raise TwoStepError(N_("Xác thực hai bước đã được bật."))
    if current is not None:
        session.delete(current)
        session.flush()
    secret = totp.new_secret()
    session.add(TwoFactorSecret(user_id=user.id, sealed_secret=_sealer().seal(secret)))
    session.flush()
    return secret


def setup_secret(session: Session, user: User) -> str | None:
    """The secret being set up (not yet confirmed), to show again as a QR and as text."""
    current = secret_of(session, user.id)
    if current is None or current.confirmed:
        return None
    return _sealer().open(current.sealed_secret)


def _replace_recovery_codes(session: Session, user_id: int) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = totp.new_recovery_codes()
    session.add_all(RecoveryCode(user_id=user_id, code_hash=totp.hash_recovery_code(code))
                    for code in codes)
    session.flush()
    return codes


def _spend_step(session: Session, secret: TwoFactorSecret, step: int) -> bool:
    """Record ``step`` as used unless it (or a later one) already is; False if it was."""
    result = session.execute(
        update(TwoFactorSecret)
        .where(TwoFactorSecret.id == secret.id,
               or_(TwoFactorSecret.last_used_step.is_(None), TwoFactorSecret.last_used_step < step))
        .values(last_used_step=step).execution_options(synchronize_session=False))
    session.refresh(secret)
    return result.rowcount == 1


def _check_app_code(session: Session, secret: TwoFactorSecret, code: str, now: float,
                    wrong: str = WRONG_CODE) -> None:
    plain = _sealer().open(secret.sealed_secret)
    if plain is None:
        raise TwoStepError(UNREADABLE_SECRET)
    result = totp.check_code(plain, code, now, secret.last_used_step)
    if result.check is totp.Check.wrong:
        raise TwoStepError(wrong)
    if result.check is totp.Check.reused or not _spend_step(session, secret, result.step):
        raise TwoStepError(REUSED_CODE)


def confirm_setup(session: Session, user: User, code: str, now: float | None = None) -> list[str]:
    """Turn two-step sign-in on once the person typed a current code of the new secret (their
    app shows the right codes); returns the 10 recovery codes, shown this once only."""
    secret = secret_of(session, user.id)
    if secret is None or secret.confirmed:
        raise TwoStepError(N_("Không có thiết lập nào đang chờ xác nhận. Hãy bắt đầu lại."))
    if not totp.looks_like_totp(code):
        raise TwoStepError(N_("Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."))
    _check_app_code(session, secret, code, time.time() if now is None else now, WRONG_SETUP_CODE)
    secret.confirmed_at = utcnow()
    session.add(secret)
    return _replace_recovery_codes(session, user.id)


def verify(session: Session, user: User, code: str, now: float | None = None) -> Verified:
    """Check the second step: a current code of the person's app (each accepted once), or one
    of their recovery codes (each spent on use). Raises ``TwoStepError`` otherwise."""
    secret = secret_of(session, user.id)
    if secret is None or not secret.confirmed:
        raise TwoStepError(N_("Tài khoản này chưa bật xác thực hai bước."))
    if totp.looks_like_totp(code):
        _check_app_code(session, secret, code, time.time() if now is None else now)
        return Verified(by_recovery_code=False, recovery_codes_left=-1)
    spent = session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None),
               RecoveryCode.code_hash == totp.hash_recovery_code(code))
        .values(used_at=utcnow()).execution_options(synchronize_session=False))
    if spent.rowcount != 1:
        raise TwoStepError(WRONG_CODE)
    return Verified(by_recovery_code=True, recovery_codes_left=recovery_codes_left(session, user.id))


def _remove(session: Session, user_id: int) -> bool:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    removed = session.execute(delete(TwoFactorSecret).where(TwoFactorSecret.user_id == user_id))
    session.expire_all()
    return removed.rowcount > 0


def disable(session: Session, user: User, code: str, now: float | None = None) -> None:
    """Turn two-step sign-in off; a current code or a recovery code proves it is the person
    (a borrowed, still signed-in browser is not enough)."""
    verify(session, user, code, now)
    _remove(session, user.id)


def regenerate_recovery_codes(session: Session, user: User, code: str,
                              now: float | None = None) -> list[str]:
    """New recovery codes for a current code (or an unused recovery code); the old ones stop
    working."""
    verify(session, user, code, now)
    return _replace_recovery_codes(session, user.id)


def remove_for(session: Session, admin: User, target: User) -> None:
    """An admin removes another person's two-step sign-in (a lost or changed phone), so they can
    sign in with their password and set it up again. Their sessions end everywhere: whoever
    holds the lost phone and a signed-in browser is signed out too."""
    if target.id == admin.id:
        raise TwoStepError(N_("Bạn không thể gỡ xác thực hai bước của chính mình ở đây; hãy dùng "
                              "trang Xác thực hai bước trong tài khoản của bạn."))
    if not _remove(session, target.id):
        raise TwoStepError(N_("Tài khoản này chưa bật xác thực hai bước."))
    target.rotate_session_token()
    session.add(target)
    session.flush()
