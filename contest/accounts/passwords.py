"""Password hashing (Argon2id) and the password policy. Pure: no Flask, no database."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from contest.core.i18n import N_

#: Argon2id at OWASP's minimum (19 MiB, 2 passes): strong, yet a 2-core server can sign in a
#: contest's morning rush without queueing for seconds.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)

MIN_LENGTH = 8
#: zxcvbn's score (0-4) a new password needs: 2 means more than 10^6 guesses, beyond what the
#: sign-in limits let anyone try online, while a citizen can still pick one without a manager.
MIN_SCORE = 2
#: zxcvbn takes time quadratic in the length: longer passwords are judged by their start.
_SCORED_LENGTH = 72
#: Words Vietnamese users pick that zxcvbn's English dictionaries miss.
_VIETNAMESE_WORDS = (
    "matkhau", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "vietnam", "hanoi", "saigon",
    "hochiminh", "danang", "haiphong", "cantho", "quantri", "quantrivien", "admin", "xinchao",
    "chinhquyen", "dientu", "dichvucong", "motcua", "nguyen", "tran", "pham", "hoang", "huynh",
)
#: A hint per zxcvbn pattern that made the password guessable.
_PATTERN_HINTS = {
    "repeat": N_("Tránh lặp lại ký tự hay cụm ký tự (như aaaa, abcabc)."),
    "sequence": N_("Tránh dãy liên tiếp (như 12345, abcd)."),
    "spatial": N_("Tránh các phím liền nhau trên bàn phím (như qwerty, asdf)."),
    "date": N_("Tránh ngày tháng và năm sinh."),
    "regex": N_("Tránh ngày tháng và năm sinh."),
    "dictionary": N_("Tránh từ thông dụng, tên riêng và mật khẩu phổ biến (như matkhau, password)."),
}


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


def _is_light(password_hash: str) -> bool:
    """A hash made with parameters cheaper than the full ones (a generated one-time password)."""
    try:
        params = extract_parameters(password_hash)
    except InvalidHashError:
        return True
    return params.memory_cost < _hasher.memory_cost or params.time_cost < _hasher.time_cost


def check_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` opens an account with ``password_hash`` (``None``: no such account).

    Every case costs one full-strength verification, so the time of a sign-in reveals neither
    whether the account exists nor whether it still has its light one-time hash (an official
    created in bulk who has not signed in yet): an unknown name is checked against the dummy
    hash, and a light hash is checked against the dummy hash as well as its own."""
    if password_hash is None:
        verify_password(DUMMY_HASH, password)
        return False
    matches = verify_password(password_hash, password)
    if _is_light(password_hash):
        verify_password(DUMMY_HASH, password)
    return matches


def password_problems(password: str) -> list[str]:
    """Why a new password is too weak: at least 8 characters, letters and digits, and not
    guessable by zxcvbn's estimate (repeats, sequences, keyboard rows, dates, common words and
    passwords, Vietnamese ones included), with a hint of what to avoid."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(N_("Mật khẩu cần ít nhất 8 ký tự."))
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        problems.append(N_("Mật khẩu cần có cả chữ và số."))
    if problems:
        return problems
    estimate = zxcvbn(password[:_SCORED_LENGTH], user_inputs=_VIETNAMESE_WORDS)
    if estimate["score"] >= MIN_SCORE:
        return []
    problems.append(N_("Mật khẩu này quá dễ đoán."))
    for match in estimate["sequence"]:
        hint = _PATTERN_HINTS.get(match["pattern"])
        if hint and hint not in problems:
            problems.append(hint)
    problems.append(N_("Gợi ý: ghép vài từ không liên quan đến nhau, thêm chữ số hoặc ký tự "
                       "đặc biệt, ví dụ một câu ngắn chỉ bạn nhớ."))
    return problems
