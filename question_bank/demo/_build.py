"""Small constructors that keep the demo question data readable.

Each helper takes the category path, the stem (short HTML), the answer data, an explanation,
a difficulty and comma-separated tags, plus optional ``positions`` and ``fields``. Keys stay
empty (the bank service assigns them) and ``line`` stays 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from question_bank.records import (
    Choice,
    MatchPair,
    NumericAnswer,
    OrderItem,
    QuestionRecord,
)

# Job positions (exact names used by the contest platform).
LD = "Lãnh đạo cơ quan, đơn vị"
MC = "Chuyên viên bộ phận một cửa"
VP = "Công chức Văn phòng - Thống kê cấp xã"
TP = "Công chức Tư pháp - Hộ tịch"
IT = "Chuyên viên công nghệ thông tin"
VT = "Văn thư - Lưu trữ"
POSITIONS = (LD, MC, VP, TP, IT, VT)

# Fields of management.
F_CNTT = "Công nghệ thông tin"
F_DD = "Đất đai"
F_TP = "Tư pháp"
F_NV = "Nội vụ"
F_VHXH = "Văn hóa - Xã hội"
FIELDS = (F_CNTT, F_DD, F_TP, F_NV, F_VHXH)

PUBLIC_TAG = "công khai"

Cat = tuple[str, ...]


def _tags(tags: str) -> list[str]:
    return [t.strip() for t in tags.split(",") if t.strip()]


def _record(
    qtype: str,
    cat: Cat,
    stem: str,
    expl: str,
    diff: str,
    tags: str,
    positions: Iterable[str],
    fields: Iterable[str],
    **extra,
) -> QuestionRecord:
    return QuestionRecord(
        type=qtype,
        stem=stem,
        category=tuple(cat),
        explanation=expl,
        difficulty=diff,
        tags=_tags(tags),
        positions=list(positions),
        fields=list(fields),
        **extra,
    )


def sc(
    cat: Cat,
    stem: str,
    right: str,
    wrongs: Sequence[str],
    expl: str,
    diff: str,
    tags: str,
    positions: Iterable[str] = (),
    fields: Iterable[str] = (),
) -> QuestionRecord:
    """Single choice: the right answer first, then the distractors (the engine shuffles)."""
    choices = [Choice(right, 1.0)] + [Choice(w, 0.0) for w in wrongs]
    return _record("single_choice", cat, stem, expl, diff, tags, positions, fields, choices=choices)


def mc(
    cat: Cat,
    stem: str,
    rights: Sequence[str],
    wrongs: Sequence[str],
    expl: str,
    diff: str,
    tags: str,
    positions: Iterable[str] = (),
    fields: Iterable[str] = (),
) -> QuestionRecord:
    """Multiple choice: each right choice earns 1/n, each wrong one costs 1/n (n = rights)."""
    share = 1.0 / len(rights)
    choices = [Choice(r, share) for r in rights] + [Choice(w, -share) for w in wrongs]
    return _record(
        "multiple_choice", cat, stem, expl, diff, tags, positions, fields, choices=choices
    )


def tf(
    cat: Cat,
    stem: str,
    correct: bool,
    expl: str,
    diff: str,
    tags: str,
    positions: Iterable[str] = (),
    fields: Iterable[str] = (),
) -> QuestionRecord:
    """True/false: ``stem`` is the statement to judge."""
    return _record("true_false", cat, stem, expl, diff, tags, positions, fields, correct=correct)


def sa(
    cat: Cat,
    stem: str,
    answers: Sequence[str],
    expl: str,
    diff: str,
    tags: str,
    positions: Iterable[str] = (),
    fields: Iterable[str] = (),
) -> QuestionRecord:
    """Short answer: every accepted answer earns full credit; matching ignores case."""
    choices = [Choice(a, 1.0) for a in answers]
    return _record("short_answer", cat, stem, expl, diff, tags, positions, fields, choices=choices)


def num(
    cat: Cat,
    stem: str,
    value: float,
    tolerance: float,
    expl: str,
    diff: str,
    tags: str,
    positions: Iterable[str] = (),
    fields: Iterable[str] = (),
) -> QuestionRecord:
    """Numeric: one accepted value with a tolerance."""
    answers = [NumericAnswer(value=value, tolerance=tolerance, fraction=1.0)]
    return _record("numeric", cat, stem, expl, diff, tags, positions, fields, numeric=answers)


def match(
    cat: Cat,
    stem: str,
    pairs: Sequence[tuple[str, str]],
    expl: str,
    diff: str,
    tags: str,
    positions: Iterable[str] = (),
    fields: Iterable[str] = (),
    distractors: Sequence[str] = (),
) -> QuestionRecord:
    """Matching: (left, right) pairs; ``distractors`` are extra right-hand items."""
    all_pairs = [MatchPair(left, right) for left, right in pairs]
    all_pairs += [MatchPair("", right) for right in distractors]
    return _record("matching", cat, stem, expl, diff, tags, positions, fields, pairs=all_pairs)


def order(
    cat: Cat,
    stem: str,
    items: Sequence[str],
    expl: str,
    diff: str,
    tags: str,
    positions: Iterable[str] = (),
    fields: Iterable[str] = (),
) -> QuestionRecord:
    """Ordering: ``items`` in their correct order."""
    return _record(
        "ordering",
        cat,
        stem,
        expl,
        diff,
        tags,
        positions,
        fields,
        items=[OrderItem(text) for text in items],
    )


def essay(
    cat: Cat,
    stem: str,
    expl: str,
    diff: str,
    tags: str,
    positions: Iterable[str] = (),
    fields: Iterable[str] = (),
) -> QuestionRecord:
    """Essay: graded by hand; ``expl`` states what a good answer covers."""
    return _record("essay", cat, stem, expl, diff, tags, positions, fields)
