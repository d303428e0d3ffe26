"""A certificate's code: random, short to type, and a typo is caught before any lookup.

The rule: 17 symbols drawn uniformly at random from Crockford's base32 alphabet
(``0-9`` and ``A-Z`` without ``I``, ``L``, ``O``, ``U``), so 17 x 5 = **85 bits** of randomness,
then one check symbol from the same alphabet: 18 symbols shown as three groups of six,
``XXXXXX-XXXXXX-XXXXXX``.

The check symbol makes the weighted sum of all 18 symbols zero in the field GF(32), the weight of
``k``-th random symbol being ``alpha**k`` (``alpha`` a generator) and the check symbol's, printed
last, ``alpha**0 = 1``.
The 18 weights are distinct and non-zero, so every change of one symbol and every swap of two
different symbols (neighbours or not) changes the sum and is caught; Crockford's own mod-37 check
would need the symbols ``* ~ $ =`` that nobody wants to type.

Reading is forgiving as Crockford says: case, spaces and hyphens do not matter, ``O`` reads as
``0`` and ``I``/``L`` as ``1``.
"""

from __future__ import annotations

import secrets
from typing import Protocol

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 17
BITS = RANDOM_SYMBOLS * 5  # 85
LENGTH = RANDOM_SYMBOLS + 1
GROUP = 6

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -\t\n\r\u00a0\u2010\u2011\u2012\u2013\u2014")
_POLY = 0b100101  # x^5 + x^2 + 1, primitive: alpha = x generates GF(32)'s 31 non-zero elements


class _Chooser(Protocol):
    def choice(self, seq: str) -> str: ...


def _times_alpha(value: int) -> int:
    value <<= 1
    return value ^ _POLY if value & 0b100000 else value


def _gf_multiply(a: int, b: int) -> int:
    product = 0
    while b:
        if b & 1:
            product ^= a
        a = _times_alpha(a)
        b >>= 1
    return product


def _weights(count: int) -> list[int]:
    weights, weight = [], 1
    for _ in range(count):
        weights.append(weight)
        weight = _times_alpha(weight)
    return weights


_WEIGHTS = _weights(LENGTH)  # alpha**0 .. alpha**17: distinct and non-zero (31 > 18)


def _weighted_sum(values: list[int]) -> int:
    """The sum over positions k = 1.. of alpha**k * value (addition in GF(32) is XOR)."""
    total = 0
    for weight, value in zip(_WEIGHTS[1:], values, strict=False):
        total ^= _gf_multiply(weight, value)
    return total


def _group(compact: str) -> str:
    return "-".join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))


def new_code(rng: _Chooser = secrets) -> str:
    """A fresh code ``XXXXXX-XXXXXX-XXXXXX`` (85 random bits and a check symbol).

    ``rng`` is ``secrets`` in production; a test may pass a seeded ``random.Random``.
    """
    body = "".join(rng.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    check = ALPHABET[_weighted_sum([_VALUE[s] for s in body])]
    return _group(body + check)


def normalize(text: str) -> str:
    """The code as typed, read the Crockford way: upper case, separators dropped, ``O`` -> ``0``,
    ``I``/``L`` -> ``1``; grouped as printed when it has the code's length, else left compact."""
    compact = text.strip().upper().translate(_SEPARATORS).translate(_READS_AS)
    return _group(compact) if len(compact) == LENGTH else compact


def is_valid(text: str) -> bool:
    """True when ``text`` reads as a code of the right length whose check symbol matches."""
    compact = normalize(text).replace("-", "")
    if len(compact) != LENGTH or any(symbol not in _VALUE for symbol in compact):
        return False
    body, check = compact[:-1], compact[-1]
    return _weighted_sum([_VALUE[s] for s in body]) == _VALUE[check]
