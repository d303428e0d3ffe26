"""The demo question bank: Vietnamese e-government questions written as plain Python data.

Facts come from the seed articles about provinces' e-government practice and from
well-established general knowledge about Vietnam's e-government. ``demo_questions()`` returns a
fresh list of ``QuestionRecord`` each call (keys empty, ``line`` 0); the bank service assigns keys.
"""

from __future__ import annotations

from question_bank.demo import (
    an_toan,
    chinh_quyen_so,
    dich_vu_cong,
    ke_hoach,
    mot_cua,
    tien_giang,
    tin_hoc,
    tra_cuu,
    van_ban,
)
from question_bank.records import QuestionRecord

_MODULES = (
    dich_vu_cong,
    tra_cuu,
    mot_cua,
    van_ban,
    an_toan,
    chinh_quyen_so,
    tin_hoc,
    ke_hoach,
    tien_giang,
)


def demo_questions() -> list[QuestionRecord]:
    """All demo questions, grouped by topic module."""
    records: list[QuestionRecord] = []
    for module in _MODULES:
        records.extend(module.questions())
    return records


__all__ = ["demo_questions"]
