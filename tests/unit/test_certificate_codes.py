"""Certificate codes: 85 random bits, Crockford reading, a check symbol that catches typos."""

import random

import pytest

from contest.certificates.codes import ALPHABET, BITS, is_valid, new_code, normalize


@pytest.fixture
def code():
    return new_code(random.Random(13))


def test_shape_and_entropy(code):
    assert len(code) == 20 and code[6] == code[13] == "-"
    assert BITS >= 80 and (len(code.replace("-", "")) - 1) * 5 == BITS
    assert set(code.replace("-", "")) <= set(ALPHABET)
    assert not set("ILOU") & set(ALPHABET)
    assert is_valid(code)


def test_every_single_substitution_is_caught(code):
    compact = code.replace("-", "")
    for position in range(len(compact)):
        for symbol in ALPHABET:
            if symbol != compact[position]:
                typo = compact[:position] + symbol + compact[position + 1 :]
                assert not is_valid(typo), (position, symbol)


def test_every_swap_of_two_different_symbols_is_caught(code):
    compact = list(code.replace("-", ""))
    for i in range(len(compact)):
        for j in range(i + 1, len(compact)):
            if compact[i] != compact[j]:
                swapped = compact.copy()
                swapped[i], swapped[j] = swapped[j], swapped[i]
                assert not is_valid("".join(swapped)), (i, j)


def test_reading_is_forgiving(code):
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalize(typed) == code
    assert is_valid(typed)
    assert normalize("  abcd-ef ") == "ABCDEF"


@pytest.mark.parametrize("text", ["", "-", "ABC", "U" * 18, "€" * 18])
def test_malformed_text_is_not_a_code(text):
    assert not is_valid(text)


def test_too_long_is_not_a_code(code):
    assert not is_valid(code + "0")


def test_draws_are_unique_and_use_the_whole_alphabet():
    drawn = {new_code() for _ in range(20_000)}
    assert len(drawn) == 20_000
    assert set("".join(drawn).replace("-", "")) == set(ALPHABET)
