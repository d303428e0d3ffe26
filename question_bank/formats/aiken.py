"""Aiken: single-choice questions as plain text, read and written the way Moodle does.

Pure: no Flask, no database. The format::

    Thủ tục nào được nộp trực tuyến mức độ 4?
    A. Đăng ký khai sinh
    B) Cấp giấy phép xây dựng
    ANSWER: A

A question is its text (one line in Moodle; we also accept several lines before the first
option), options ``A.`` / ``A)`` (capital letter, then a space), then ``ANSWER: X``
(``ĐÁP ÁN: X`` is accepted too). Blank lines are ignored. Every question is single choice; texts
are plain and become escaped HTML. The writer emits single-choice questions only, as plain text
on one line each (HTML tags dropped, entities unescaped); feedback, explanation, category and
metadata are not carried. ``unsupported`` lists what cannot be written at all.
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

_OPTION_RE = re.compile(r"([A-Z])[.)](?:[ \t]+(.*))?")
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
    for number, line in enumerate(iter_lines(decode(data)), start=1):
        result.cap.scan(number)
        line = line.strip()
        if not line:
            continue
        if answer := _ANSWER_RE.fullmatch(line):
            if draft is None:
                result.add_error(Problem(number, ORPHAN_ANSWER))
            else:
                _finish(draft, answer.group(1), result)
            draft = None
        elif option := _OPTION_RE.fullmatch(line):
            draft = draft or _Draft(number)
            draft.options.append((option.group(1), (option.group(2) or "").strip()))
        elif draft is None or not draft.options:
            draft = draft or _Draft(number)
            draft.stem.append(line)
        else:  # text after the options: the previous question never got its answer
            result.add_error(Problem(draft.line, MISSING_ANSWER))
            draft = _Draft(number, [line])
    if draft is not None:
        result.add_error(Problem(draft.line, MISSING_ANSWER))
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

    Only single-choice questions with 2 to 26 options, one of them right, whose stem and options
    have text (an image alone cannot be written) and whose stem does not read as an option or
    an ``ANSWER`` line."""
    return [record for record in records if not _writable(record)]


def _writable(record: QuestionRecord) -> bool:
    if record.type != "single_choice" or not 2 <= len(record.choices) <= len(_LETTERS):
        return False
    if sum(choice.fraction >= 1.0 - 1e-9 for choice in record.choices) != 1:
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
