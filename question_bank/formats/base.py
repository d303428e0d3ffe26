"""What every format parser returns, and the helpers they share. Pure: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass, field

from contest.i18n import N_
from question_bank.records import QuestionRecord

__all__ = ["N_", "FormatError", "ParseResult", "Problem"]


@dataclass
class Problem:
    """One thing wrong (or skipped) in a source file, tied to its line or spreadsheet row."""

    line: int
    message: str


@dataclass
class ParseResult:
    """Everything a parser read: the questions, what it skipped and what it could not read.

    ``skipped`` are items we do not support (cloze, calculated, ...): reported, never fatal.
    ``errors`` are items that are malformed: without ``skip_invalid`` nothing is imported.
    """

    format: str
    questions: list[QuestionRecord] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def categories(self) -> set[tuple[str, ...]]:
        return {q.category for q in self.questions if q.category}


class FormatError(ValueError):
    """The whole file cannot be read as this format (not well-formed, wrong encoding, ...)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line
