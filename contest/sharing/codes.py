"""Share codes: short, random, and easy to read off a poster or type on a phone.

The alphabet is Crockford's base32 in lower case without the letters that look like digits
(``0-9``, ``a-z`` without ``i``, ``l``, ``o``, ``u``): 32 symbols, 5 bits each. A contest's code
has 6 symbols (30 bits: a billion codes for a province's few dozen contests), a person's 8
(40 bits). Codes are not secrets: a guessed code only opens a public page or credits a real
referrer; uniqueness is kept by the database (a clash draws again).

Reading is forgiving as Crockford says: case does not matter, ``o`` reads as ``0`` and
``i``/``l`` as ``1``; anything else outside the alphabet makes the text no code at all.
"""

from __future__ import annotations

import secrets
from typing import Protocol

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
CONTEST_LENGTH = 6
PERSON_LENGTH = 8

_READS_AS = str.maketrans({"o": "0", "i": "1", "l": "1"})
_SYMBOLS = frozenset(ALPHABET)


class _Chooser(Protocol):
    def choice(self, seq: str) -> str: ...


def new_code(length: int, rng: _Chooser = secrets) -> str:
    """``length`` symbols drawn uniformly at random (``rng``: ``secrets``, or a seeded
    ``random.Random`` in a test)."""
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def normalize(text: str | None, length: int) -> str | None:
    """The code as typed, read the Crockford way, or None when it cannot be a code of
    ``length`` symbols."""
    compact = (text or "").strip().lower().translate(_READS_AS)
    if len(compact) != length or not _SYMBOLS.issuperset(compact):
        return None
    return compact
