"""Password hashing (Argon2id) and the password policy. Pure: no Flask, no database."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from contest.i18n import N_

#: Argon2id at OWASP's minimum (19 MiB, 2 passes): strong, yet a 2-core server can sign in a
#: contest's morning rush without queueing for seconds.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)

MIN_LENGTH = 8
_COMMON = {"12345678", "123456789", "1234567890", "password", "matkhau123", "abc12345",
           "qwerty123", "11111111", "password1", "admin123", "iloveyou"}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


#: A hash of a random password: verified against when the login name is unknown, so a wrong
#: name costs the same time as a wrong password and does not reveal which accounts exist.
DUMMY_HASH = hash_password("not-a-real-password-0")


def password_problems(password: str) -> list[str]:
    """Why a new password is too weak: at least 8 characters, letters and digits, not common."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(N_("Mật khẩu cần ít nhất 8 ký tự."))
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        problems.append(N_("Mật khẩu cần có cả chữ và số."))
    if password.lower() in _COMMON:
        problems.append(N_("Mật khẩu này quá phổ biến, hãy chọn mật khẩu khác."))
    return problems
