"""Aiken: single-choice questions as plain text, read and written the way Moodle does.

Pure: no Flask, no database. The format::

    Thủ tục nào được nộp trực tuyến mức độ 4?
    A. Đăng ký khai sinh
    B) Cấp giấy phép xây dựng
    ANSWER: A

Read as Moodle's ``qformat_aiken`` reads it: a question is its text, options ``A.`` / ``A)``
(a capital letter, then the text; the space after the marker may be missing, ``A)Text``), then
``ANSWER: X``. Windows and old Mac line ends and a UTF-8 byte-order mark are accepted. A bad
question never costs the next one: as in Moodle, an unfinished question is reported when the
next one starts, an option or ``ANSWER`` line outside a question is reported on its own line,
and reading carries on with the next question. Every question is single choice; texts are
plain and become escaped HTML.

Where we read more than Moodle, because Moodle would lose the question:

* The text may span several lines (Moodle starts a new question at each line and discards the
  previous one); a blank line between two text lines still starts a new question, as Moodle's
  "not completed" error would. Without a space after the marker (``A.B là gì?``), a line that
  opens a question is its text, not an option.
* ``answer: b`` in any case, and ``ĐÁP ÁN: B``, are answer lines (Moodle requires the capital
  ``ANSWER:``, otherwise the line starts a new question and the one before it is lost).

The writer emits single-choice questions as plain text on one line each (HTML tags dropped,
entities unescaped); feedback, explanation, category and metadata are not carried, nor is
partial credit: ``unsupported`` lists the questions Aiken cannot hold and ``write`` leaves them
out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from question_bank.formats.base import (
    LINES_PER_QUESTION,
    MAX_QUESTIONS,
    N_,
    ItemCap,
    ParseResult,
    Problem,
    iter_lines,
)
from question_bank.formats.gift_text import decode, to_html
from question_bank.records import Choice, QuestionRecord
from question_bank.textnorm import strip_html as plain_text

NAME = "aiken"

_OPTION_RE = re.compile(r"([A-Z])[.)](?:[ \t]+(.*))?")  #: an option, marker and text spaced
_LOOSE_OPTION_RE = re.compile(r"([A-Z])[.)](\S.*)")  #: Moodle's option without the space
_ANSWER_RE = re.compile(r"(?:ANSWER|ĐÁP ÁN)\s*:\s*(.*)", re.IGNORECASE)
_LETTER_RE = re.compile(r"([A-Z])[.)]?")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

MISSING_ANSWER = N_("Thiếu dòng 'ANSWER: <chữ cái>' cho câu hỏi.")
ANSWER_NOT_OPTION = N_("Đáp án «%(answer)s» không có trong các phương án (%(letters)s).")
TOO_FEW_OPTIONS = N_("Câu hỏi cần ít nhất hai phương án.")
EMPTY_OPTION = N_("Phương án %(letter)s không có nội dung.")
REPEATED_OPTION = N_("Phương án %(letter)s xuất hiện nhiều lần.")
EMPTY_STEM = N_("Câu hỏi không có nội dung (các phương án không có đề bài phía trước).")
ORPHAN_ANSWER = N_("Dòng 'ANSWER' không thuộc câu hỏi nào.")
NOT_COMPLETED = N_(
    "Câu hỏi chưa có phương án và dòng 'ANSWER' thì câu hỏi khác đã bắt đầu (dòng %(line)d)."
)


@dataclass
class _Draft:
    """A question being read: its text lines and ``(letter, text)`` options."""

    line: int
    stem: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)


def parse(data: bytes | str, *, max_questions: int = MAX_QUESTIONS) -> ParseResult:
    """Read every question of an Aiken file; one bad question never stops the rest.

    Lines are read one at a time through ``ItemCap``: past ``max_questions`` questions (or
    ``LINES_PER_QUESTION`` lines a question) the file is refused with ``TooManyItems``.
    """
    result = ParseResult(NAME, cap=ItemCap(max_questions, per_item=LINES_PER_QUESTION))
    draft: _Draft | None = None
    gap = False  # a blank line since the draft's last text line
    for number, line in enumerate(iter_lines(decode(data)), start=1):
        result.cap.scan(number)
        line = line.strip()
        if not line:
            gap = draft is not None
            continue
        if answer := _ANSWER_RE.fullmatch(line):
            if draft is None:
                result.add_error(Problem(number, ORPHAN_ANSWER))
            else:
                _finish(draft, answer.group(1), result)
            draft = None
        elif option := _OPTION_RE.fullmatch(line) or (
            draft is not None and draft.stem and _LOOSE_OPTION_RE.fullmatch(line)
        ):
            draft = draft or _Draft(number)
            draft.options.append((option.group(1), (option.group(2) or "").strip()))
        elif draft is None:
            draft = _Draft(number, [line])
        elif draft.options:  # text after the options: the question never got its answer
            result.add_error(Problem(draft.line, MISSING_ANSWER if draft.stem else EMPTY_STEM))
            draft = _Draft(number, [line])
        elif gap and draft.stem:  # a new question after a blank line; the last had no options
            result.add_error(Problem(draft.line, NOT_COMPLETED % {"line": number}))
            draft = _Draft(number, [line])
        else:
            draft.stem.append(line)
        gap = False
    if draft is not None:
        result.add_error(Problem(draft.line, MISSING_ANSWER if draft.stem else EMPTY_STEM))
    return result


def _finish(draft: _Draft, answer: str, result: ParseResult) -> None:
    problem = _check(draft, answer)
    if problem:
        result.add_error(Problem(draft.line, problem))
        return
    right = answer.strip()[0].upper()
    choices = [
        Choice(to_html(text, "plain"), float(letter == right)) for letter, text in draft.options
    ]
    stem = to_html("\n".join(draft.stem), "plain")
    result.add_question(
        QuestionRecord(type="single_choice", stem=stem, choices=choices, line=draft.line)
    )


def _check(draft: _Draft, answer: str) -> str | None:
    """What is wrong with a finished draft, or None."""
    if not draft.stem:
        return EMPTY_STEM
    if len(draft.options) < 2:
        return TOO_FEW_OPTIONS
    letters = [letter for letter, _ in draft.options]
    uses = Counter(letters)
    for letter, text in draft.options:
        if not text:
            return EMPTY_OPTION % {"letter": letter}
        if uses[letter] > 1:
            return REPEATED_OPTION % {"letter": letter}
    match = _LETTER_RE.fullmatch(answer.strip().upper())
    if not match or match.group(1) not in letters:
        return ANSWER_NOT_OPTION % {"answer": answer.strip(), "letters": ", ".join(letters)}
    return None


# -- writing -------------------------------------------------------------------------------


def unsupported(records: list[QuestionRecord]) -> list[QuestionRecord]:
    """The records Aiken cannot carry; ``write`` leaves them out.

    Only single-choice questions with 2 to 26 options, one of them right and no option worth
    part of the credit (Aiken has no weights), whose stem and options
    have text (an image alone cannot be written) and whose stem does not read as an option or
    an ``ANSWER`` line."""
    return [record for record in records if not _writable(record)]


def _writable(record: QuestionRecord) -> bool:
    if record.type != "single_choice" or not 2 <= len(record.choices) <= len(_LETTERS):
        return False
    if sum(choice.fraction >= 1.0 - 1e-9 for choice in record.choices) != 1:
        return False
    if any(0 < choice.fraction < 1.0 - 1e-9 for choice in record.choices):
        # Partial credit has no place in Aiken: written as a wrong option it would score 0.
        # A negative credit scores 0 here anyway, so writing it as wrong changes no score.
        return False
    stem = plain_text(record.stem)
    if not stem or _OPTION_RE.fullmatch(stem) or _ANSWER_RE.fullmatch(stem):
        return False
    return all(plain_text(choice.text) for choice in record.choices)


def write(records: list[QuestionRecord]) -> str:
    """Aiken text for the single-choice ``records`` (in order), a blank line after each."""
    out = []
    for record in records:
        if not _writable(record):
            continue
        letters = _LETTERS[: len(record.choices)]
        out.append(plain_text(record.stem) + "\n")
        options = list(zip(letters, record.choices, strict=True))
        out += [f"{letter}. {plain_text(choice.text)}\n" for letter, choice in options]
        right = next(letter for letter, choice in options if choice.fraction >= 1.0 - 1e-9)
        out.append(f"ANSWER: {right}\n\n")
    return "".join(out)
