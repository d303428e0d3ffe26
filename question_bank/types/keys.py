"""Opaque keys for what the examinee's browser may point at: choices, matching sides, items.

Pure: the caller passes a seeded ``random.Random``. Keys are random, so they reveal nothing about
the answer (not the authored position, not which right side belongs to which left side).
"""

from __future__ import annotations

import random

from question_bank.records import QuestionRecord


def record_keys(record: QuestionRecord) -> list[str]:
    """Every non-empty key the record already carries, in authored order."""
    keys = [choice.key for choice in record.choices]
    for pair in record.pairs:
        keys += [pair.key, pair.right_key]
    keys += [item.key for item in record.items]
    return [key for key in keys if key]


def assign_keys(record: QuestionRecord, rng: random.Random) -> None:
    """Fill every empty key in place with 8 random lowercase hex digits, unique in the record.

    Existing keys are left unchanged (even duplicates: ``validate`` reports those), so keys stay
    stable across edits and across question versions.
    """
    used = set(record_keys(record))

    def new_key() -> str:
        while True:
            key = f"{rng.getrandbits(32):08x}"
            if key not in used:
                used.add(key)
                return key

    for choice in record.choices:
        choice.key = choice.key or new_key()
    for pair in record.pairs:
        pair.key = pair.key or new_key()
        pair.right_key = pair.right_key or new_key()
    for item in record.items:
        item.key = item.key or new_key()
