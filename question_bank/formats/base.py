"""What every format parser returns, and the helpers they share. Pure: no Flask, no database.

Every upload is bounded by one mechanism, ``ItemCap``: a parser streams through the file and
counts what it reports (questions, errors, skipped items; officials in the officials' sheet)
and what it reads (rows, lines, elements), and stops at the first one past the cap with
``TooManyItems``, one documented ``FormatError``. A refusal therefore costs no more than
reading the cap's worth, however much the file holds behind it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from contest.core.i18n import N_
from question_bank.records import QuestionRecord

__all__ = [
    "LINES_PER_QUESTION",
    "MAX_QUESTIONS",
    "N_",
    "FormatError",
    "ItemCap",
    "ParseResult",
    "Problem",
    "TooManyItems",
    "iter_lines",
    "thousands",
]

#: Questions one file may hold when the caller names no cap (the app passes IMPORT_MAX_QUESTIONS).
MAX_QUESTIONS = 20_000
#: Rows a spreadsheet may have per item allowed, blank rows included (see ``ItemCap.scan``).
ROWS_PER_ITEM = 10
#: Lines a text format (GIFT, Aiken) may have per question allowed, blank and comments included.
LINES_PER_QUESTION = 50
#: XML tags an .xlsx may hold per item allowed, every part of the package together, plus a base
#: for styles, theme and a guide sheet. A row of our template takes about 45 tags (Excel's own
#: files about as many); rich text adds some. This bounds openpyxl's work, which is about 5
#: microseconds a tag: 20,000 questions' worth is some 10 s of CPU at worst.
TAGS_PER_ITEM = 100
BASE_TAGS = 50_000
TOO_MANY = N_(
    "Tệp có hơn %(max)s %(noun)s (đã dừng đọc ở dòng %(line)s); hãy chia thành nhiều tệp, "
    "mỗi tệp tối đa %(max)s %(noun)s."
)
TOO_MANY_ROWS = N_(
    "Tệp có quá nhiều dòng, kể cả dòng trống (hơn %(max)s dòng; đã dừng đọc ở dòng %(line)s); "
    "hãy xóa các dòng thừa hoặc chia thành nhiều tệp nhỏ hơn."
)
TOO_BIG = N_(
    "Tệp Excel chứa nhiều dữ liệu hơn một tệp %(max)s %(noun)s có thể cần; hãy chia thành "
    "nhiều tệp nhỏ hơn."
)


class FormatError(ValueError):
    """The whole file cannot be read as this format (not well-formed, wrong encoding, ...)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


class TooManyItems(FormatError):
    """The file holds more than one import may take: refused whole, read no further than ``line``.

    ``message`` is the refusal filled in; ``template`` and ``params`` let a caller that
    translates on display (the officials' import) fill it in itself.
    """

    def __init__(self, template: str, limit: int, line: int = 0, noun: str = ""):
        self.template = template
        self.limit = limit
        self.params = {"max": thousands(limit), "line": line, "noun": noun}
        super().__init__(template % self.params, line)


@dataclass
class ItemCap:
    """How much of one file a parser may read; every upload goes through one.

    A parser calls ``count`` for each entry it reports (a question, an error or a skipped
    item) and stops at the first one past ``limit`` with ``TooManyItems``: a million malformed
    rows are refused as surely as a million good ones, and nothing piles up past the cap. It
    calls ``scan`` for every unit it reads whatever it holds (a row or line, blank ones
    included; an XML element), so padding stops after ``per_item`` units per item allowed.
    An .xlsx is also refused before it is opened when it holds more than ``tag_budget`` XML
    tags (``question_bank.formats.xlsx.check_zip``).
    """

    limit: int = MAX_QUESTIONS
    #: What is counted, as the refusal names it.
    noun: str = N_("câu hỏi")
    #: Units (rows, lines, elements) read per item allowed, blank or not.
    per_item: int = ROWS_PER_ITEM
    #: The refusal past ``per_item * limit`` units, with ``%(max)s`` and ``%(line)s``.
    scan_message: str = TOO_MANY_ROWS
    counted: int = 0
    scanned: int = 0

    def count(self, line: int) -> None:
        self.counted += 1
        if self.counted > self.limit:
            raise TooManyItems(TOO_MANY, self.limit, line, self.noun)

    def scan(self, line: int) -> None:
        self.scanned += 1
        if self.scanned > self.per_item * self.limit + 1:  # + 1: a header row
            raise TooManyItems(self.scan_message, self.per_item * self.limit, line, self.noun)

    @property
    def tag_budget(self) -> int:
        return TAGS_PER_ITEM * self.limit + BASE_TAGS

    def too_big(self) -> TooManyItems:
        return TooManyItems(TOO_BIG, self.limit, 0, self.noun)


def iter_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (split at "\\n", which they no longer end with), one at a time: a
    parser that stops early never splits, nor copies, the rest."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def thousands(number: int) -> str:
    """20000 -> "20.000", as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


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
    #: Counts what is read; past its limit the parse stops with ``TooManyItems``.
    cap: ItemCap = field(default_factory=ItemCap, repr=False)

    def add_question(self, record: QuestionRecord) -> None:
        self.cap.count(record.line)
        self.questions.append(record)

    def add_error(self, problem: Problem) -> None:
        self.cap.count(problem.line)
        self.errors.append(problem)

    def add_skipped(self, problem: Problem) -> None:
        self.cap.count(problem.line)
        self.skipped.append(problem)

    @property
    def categories(self) -> set[tuple[str, ...]]:
        return {q.category for q in self.questions if q.category}
