"""Plain question records: the one shape every format, type and service agrees on.

No Flask, no database. Parsers produce these, writers consume them, the question-type registry
validates and grades them, and the bank service stores them as question versions.

Which types exist is the registry's business (``question_bank.types.QUESTION_TYPES``, read
from the registered classes); records only carry a type's name. The built-in types keep their
answer key in these fields:

* ``single_choice`` / ``multiple_choice``: ``choices`` with ``fraction`` (1.0 for the one right
  choice of a single-choice question, its others 0, part of the credit or negative; for multiple
  choice the right choices' fractions sum to 1 and wrong ones are 0 or negative).
* ``true_false``: ``correct`` (bool); ``feedback_true`` / ``feedback_false`` optional.
* ``short_answer``: ``choices`` are the accepted answers, each with a ``fraction`` (1.0 = full).
* ``numeric``: ``numeric`` answers (value with tolerance, or a min/max range), each a fraction.
* ``matching``: ``pairs`` of (left, right); extra right-hand distractors have an empty left.
* ``ordering``: ``items`` in their correct order.
* ``essay``: nothing; graded by hand.
* ``description``: text only (formats may read it; it is never an exam question).
"""

from __future__ import annotations

from dataclasses import dataclass, field

DIFFICULTIES = ("easy", "medium", "hard")


@dataclass
class Choice:
    """A choice of a choice question, or an accepted answer of a short-answer question."""

    text: str
    fraction: float = 0.0  #: credit for picking it, -1.0 .. 1.0
    feedback: str = ""
    key: str = ""  #: opaque id shown to the browser; assigned by the bank service


@dataclass
class NumericAnswer:
    """An accepted number: ``value`` +- ``tolerance``, or any number in ``[low, high]``."""

    value: float | None = None
    tolerance: float = 0.0
    low: float | None = None
    high: float | None = None
    fraction: float = 1.0
    feedback: str = ""

    def accepts(self, number: float) -> bool:
        if self.low is not None and self.high is not None:
            return self.low <= number <= self.high
        if self.value is None:
            return False
        return abs(number - self.value) <= abs(self.tolerance) + 1e-9


@dataclass
class MatchPair:
    left: str  #: empty for a distractor on the right-hand side
    right: str
    key: str = ""  #: opaque id of the left item; assigned by the bank service
    right_key: str = ""  #: opaque id of the right item


@dataclass
class OrderItem:
    text: str
    key: str = ""


@dataclass
class QuestionRecord:
    """One question, independent of where it comes from or goes to."""

    type: str
    stem: str  #: HTML (sanitized on the way into the bank)
    title: str = ""
    category: tuple[str, ...] = ()  #: path from the bank's root, e.g. ("Dịch vụ công", "Mức độ 4")
    choices: list[Choice] = field(default_factory=list)
    correct: bool | None = None  #: true_false only
    feedback_true: str = ""  #: true_false: shown to those who answered "true"
    feedback_false: str = ""
    numeric: list[NumericAnswer] = field(default_factory=list)
    pairs: list[MatchPair] = field(default_factory=list)
    items: list[OrderItem] = field(default_factory=list)
    explanation: str = ""  #: general feedback, shown in review and practice
    difficulty: str = "medium"
    tags: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)  #: job position names it targets
    fields: list[str] = field(default_factory=list)  #: field-of-management names it targets
    case_sensitive: bool = False  #: short_answer only
    images: dict[str, bytes] = field(default_factory=dict)  #: embedded files by name
    line: int = 0  #: where it started in its source file (1-based; row for spreadsheets)
