"""assign_keys fills empty keys with unique random hex and leaves existing keys alone."""

import random
import re

from question_bank.records import Choice, MatchPair, OrderItem, QuestionRecord
from question_bank.types.keys import assign_keys, record_keys


def make_record() -> QuestionRecord:
    return QuestionRecord(
        type="matching",
        stem="x",
        choices=[Choice("a"), Choice("b", key="giu-nguyen")],
        pairs=[MatchPair("l", "r"), MatchPair("", "d", right_key="phai-1")],
        items=[OrderItem("i"), OrderItem("j")],
    )


def test_every_empty_key_is_filled_with_eight_hex_digits():
    record = make_record()
    assign_keys(record, random.Random(3))
    new = [key for key in record_keys(record) if key not in ("giu-nguyen", "phai-1")]
    assert len(record_keys(record)) == 8
    assert all(re.fullmatch(r"[0-9a-f]{8}", key) for key in new)


def test_keys_are_unique_within_the_record():
    record = make_record()
    assign_keys(record, random.Random(3))
    assert len(set(record_keys(record))) == len(record_keys(record))


def test_existing_keys_are_kept():
    record = make_record()
    assign_keys(record, random.Random(3))
    assert record.choices[1].key == "giu-nguyen"
    assert record.pairs[1].right_key == "phai-1"


def test_assigning_again_changes_nothing():
    record = make_record()
    assign_keys(record, random.Random(3))
    before = record_keys(record)
    assign_keys(record, random.Random(4))
    assert record_keys(record) == before


def test_same_seed_gives_same_keys():
    first, second = make_record(), make_record()
    assign_keys(first, random.Random(9))
    assign_keys(second, random.Random(9))
    assert record_keys(first) == record_keys(second)


class CollidingRandom(random.Random):
    """Returns an already-used key first, to prove collisions are retried."""

    def __init__(self):
        super().__init__(0)
        self.values = iter([0xABCDEF01, 0xABCDEF01, 0x12345678])

    def getrandbits(self, k):
        return next(self.values)


def test_a_colliding_key_is_drawn_again():
    record = QuestionRecord(type="ordering", stem="x", items=[OrderItem("a"), OrderItem("b")])
    assign_keys(record, CollidingRandom())
    assert record_keys(record) == ["abcdef01", "12345678"]
