"""Password hashing (Argon2id) and the password policy. Pure: no Flask, no database."""

from __future__ import annotations

import secrets

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


#: Generated one-time passwords are random (about 70 bits) and must be changed at first sign-in,
#: so they need no slow hash to resist guessing: light Argon2id parameters let an import of
#: thousands of officials finish within one request. ``verify_password`` reads the parameters
#: from the hash itself.
_light_hasher = PasswordHasher(time_cost=1, memory_cost=2048, parallelism=1)
#: Letters and digits without look-alikes (0/O, 1/l/I), so a password read aloud is typed right.
_GENERATED_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generate_password(length: int = 12) -> str:
    """A random one-time password with letters and digits (so it meets the policy)."""
    while True:
        password = "".join(secrets.choice(_GENERATED_ALPHABET) for _ in range(length))
        if not password_problems(password):
            return password


def hash_generated_password(password: str) -> str:
    """Hash a password from ``generate_password`` (light parameters, see ``_light_hasher``)."""
    return _light_hasher.hash(password)


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
