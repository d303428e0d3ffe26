"""What the answer cells of a spreadsheet row hold, per question type. Pure: no Flask, no DB.

The layout, the header and the common columns are in ``spreadsheet``; this module reads and
writes the "options" and "correct" cells (see the table in ``spreadsheet``'s docstring) and the
text conventions every cell shares.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from question_bank.formats.base import N_
from question_bank.formats.gift_text import snap
from question_bank.records import Choice, MatchPair, NumericAnswer, OrderItem, QuestionRecord

TRUE_LABEL, FALSE_LABEL = "Đúng", "Sai"
_TRUE = {"dung", "d", "true", "t", "1", "yes"}
_FALSE = {"sai", "s", "false", "f", "0", "no"}


def normalize(text: str) -> str:
    """Lower-case, without Vietnamese diacritics, separators folded: "Đúng/Sai" -> "dung sai"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return " ".join(re.sub(r"[_\-/]+", " ", text).split())


_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def text_to_html(text: str) -> str:
    """A cell's text as HTML: kept when it already has tags, else escaped with ``<br>`` breaks."""
    if _TAG.search(text):
        return text
    return html.escape(text, quote=False).replace("\n", "<br>")


def html_to_text(value: str) -> str:
    """The inverse of ``text_to_html`` for simple HTML; real markup is written as it is."""
    plain = value.replace("<br>", "\n")
    return value if _TAG.search(plain) else html.unescape(plain)


def format_number(number: float) -> str:
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def cell_text(value: Any) -> str:
    """Any cell value as stripped text with "\\n" line breaks."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_number(text: str) -> float:
    text = text.strip().replace(" ", "")
    if re.fullmatch(r"-?\d+,\d+", text):  # Vietnamese decimal comma: 3,14
        text = text.replace(",", ".")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def split_lines(text: str) -> list[str]:
    """Options: one a line, or on a single line separated by "|"."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split("|") if part.strip()]
    return lines


_LETTER_PREFIX = re.compile(r"([A-Za-z])[.)]\s+(.*)", re.S)


def strip_letter_prefixes(options: list[str]) -> list[str]:
    """Drop "A. ", "B. ", ... when every option carries them in sequence."""
    stripped = []
    for index, option in enumerate(options):
        match = _LETTER_PREFIX.fullmatch(option)
        if index >= 26 or not match or match.group(1).upper() != chr(65 + index):
            return options
        stripped.append(match.group(2).strip())
    return stripped


class RowError(Exception):
    """One problem with one cell; becomes a ``Problem`` naming the row and the cell."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key  #: the column key ("options", "correct", ...)
        self.message = message


#: An option given its own credit in the "correct" cell: "B=50%", "B: 50%", "B (50%)", "3=-25%".
_WEIGHTED = re.compile(r"([A-Za-z]|\d+)[.)]?\s*(?:[=:]\s*|\(\s*)(-?\d+(?:[.,]\d+)?)\s*%\s*\)?")


def _read_choices(record: QuestionRecord, cells: Mapping[str, str]) -> None:
    """Plain letters: a single choice gives its one right option 1.0, a multiple choice shares
    1.0 among the right ones and gives the wrong ones minus a share. With any weighted option
    ("A, B=50%") every credit is as written: a plain letter is 100%, an unnamed option 0%."""
    options = strip_letter_prefixes(split_lines(cells["options"]))
    if len(options) < 2:
        raise RowError("options", N_("Cần ít nhất hai phương án, mỗi phương án một dòng."))
    weights: dict[int, float] = {}

    def weigh(match: re.Match) -> str:
        index = _option_index(match.group(1), len(options))
        weights[index] = snap(float(match.group(2).replace(",", ".")) / 100)
        return " "

    rest = _WEIGHTED.sub(weigh, cells["correct"])
    picked = _correct_indexes(rest, len(options), required=not weights)
    if weights:
        fractions = [weights.get(i, 1.0 if i in picked else 0.0) for i in range(len(options))]
        right = sum(fraction >= 1.0 - 1e-9 for fraction in fractions)
    else:
        share = 1.0 if record.type == "single_choice" else 1.0 / len(picked)
        wrong = 0.0 if record.type == "single_choice" else -share
        fractions = [share if i in picked else wrong for i in range(len(options))]
        right = len(picked)
    if record.type == "single_choice" and right != 1:
        raise RowError("correct", N_("Câu một lựa chọn phải có đúng một đáp án đúng."))
    record.choices = [
        Choice(text_to_html(text), fraction)
        for text, fraction in zip(options, fractions, strict=True)
    ]


def _option_index(token: str, count: int) -> int:
    """The 0-based option a token names ("B" or "2"); ``RowError`` when there is none."""
    token = token.rstrip(".)")
    if token.isdigit():
        index = int(token) - 1
    elif len(token) == 1 and token.isascii() and token.isalpha():
        index = ord(token.upper()) - 65
    else:
        raise RowError(
            "correct",
            N_(
                "Đáp án '%(value)s' không hợp lệ; hãy ghi chữ cái (A, B, ...) "
                "hoặc số thứ tự phương án."
            )
            % {"value": token},
        )
    if not 0 <= index < count:
        raise RowError(
            "correct",
            N_("Đáp án '%(value)s' không có trong %(count)s phương án.")
            % {"value": token, "count": count},
        )
    return index


def _correct_indexes(text: str, count: int, required: bool = True) -> list[int]:
    tokens = [t for t in re.split(r"[,;\s]+", text) if t]
    if len(tokens) == 1 and tokens[0].isalpha() and tokens[0].isascii():
        tokens = list(tokens[0])  # "AC"
    picked = {_option_index(token, count) for token in tokens}
    if required and not picked:
        raise RowError("correct", N_("Thiếu đáp án đúng."))
    return sorted(picked)


def _read_true_false(record: QuestionRecord, cells: Mapping[str, str]) -> None:
    value = normalize(cells["correct"])
    if value not in _TRUE | _FALSE:
        raise RowError("correct", N_('Đáp án của câu Đúng/Sai phải là "Đúng" hoặc "Sai".'))
    record.correct = value in _TRUE


def _read_short_answer(record: QuestionRecord, cells: Mapping[str, str]) -> None:
    key = "correct" if cells["correct"] else "options"
    answers = split_lines(cells[key].replace("\n", "|"))
    if not answers:
        raise RowError(key, N_("Thiếu đáp án được chấp nhận."))
    record.choices = [Choice(text, 1.0) for text in answers]


def _read_numeric(record: QuestionRecord, cells: Mapping[str, str]) -> None:
    key = "options" if cells["options"] else "correct"
    lines = split_lines(cells[key])
    if not lines:
        raise RowError(key, N_("Thiếu đáp án số."))
    for line in lines:
        try:
            record.numeric.append(parse_numeric(line))
        except ValueError:
            raise RowError(
                key,
                N_(
                    "Đáp án số '%(value)s' không hợp lệ; hãy ghi \"giá trị:sai số\" "
                    'hoặc "nhỏ nhất..lớn nhất".'
                )
                % {"value": line},
            ) from None


def parse_numeric(text: str) -> NumericAnswer:
    """ "5", "3.14:0.01", "3,14±0,01" or "10..20" as an accepted number."""
    if ".." in text:
        low, high = (parse_number(part) for part in text.split("..", 1))
        if low > high:
            raise ValueError(text)
        return NumericAnswer(low=low, high=high)
    value, _, tolerance = text.replace("±", ":").partition(":")
    return NumericAnswer(
        value=parse_number(value), tolerance=abs(parse_number(tolerance)) if tolerance else 0.0
    )


def _read_matching(record: QuestionRecord, cells: Mapping[str, str]) -> None:
    for line in split_lines(cells["options"]):
        left, arrow, right = re.sub(r"\s*(=>|→)\s*", " -> ", line).partition("->")
        if not arrow or not right.strip():
            raise RowError(
                "options",
                N_("Dòng ghép cặp '%(value)s' phải có dạng \"vế trái -> vế phải\".")
                % {"value": line},
            )
        record.pairs.append(MatchPair(text_to_html(left.strip()), text_to_html(right.strip())))
    if sum(1 for pair in record.pairs if pair.left) < 2:
        raise RowError("options", N_('Câu ghép cặp cần ít nhất hai cặp "vế trái -> vế phải".'))


def _read_ordering(record: QuestionRecord, cells: Mapping[str, str]) -> None:
    record.items = [OrderItem(text_to_html(text)) for text in split_lines(cells["options"])]
    if len(record.items) < 2:
        raise RowError("options", N_("Câu sắp xếp cần ít nhất hai mục, theo đúng thứ tự."))


_READERS = {
    "single_choice": _read_choices,
    "multiple_choice": _read_choices,
    "true_false": _read_true_false,
    "short_answer": _read_short_answer,
    "numeric": _read_numeric,
    "matching": _read_matching,
    "ordering": _read_ordering,
}


def read_answers(record: QuestionRecord, cells: Mapping[str, str]) -> None:
    """Fill the answer fields of ``record`` from the row's cells; ``RowError`` if they are wrong."""
    reader = _READERS.get(record.type)
    if reader is not None:
        reader(record, cells)


def write_answers(record: QuestionRecord) -> tuple[str, str]:
    """The (options, correct) cells for ``record``; ``read_answers`` reads them back."""
    return _WRITERS[record.type](record)


def writable(record: QuestionRecord) -> bool:
    return record.type in _WRITERS


def _write_choices(record: QuestionRecord) -> tuple[str, str]:
    """Options lettered (numbered past 26) and the right ones in "correct". Credits the plain
    letters would not give back (partial credit in a single choice, unusual shares in a multiple
    choice) are written as weights, "A, B=50%", so every credit survives a round trip."""
    lettered = len(record.choices) <= 26
    lines = [_one_line(c.text) for c in record.choices]
    names = [chr(65 + i) if lettered else str(i + 1) for i in range(len(lines))]
    if lettered:
        lines = [f"{name}. {line}" for name, line in zip(names, lines, strict=True)]
    fractions = [c.fraction for c in record.choices]
    right = [name for name, fraction in zip(names, fractions, strict=True) if fraction > 0]
    if fractions == _plain_credit(record.type, fractions):
        return "\n".join(lines), ", ".join(right)
    full = 1.0 - 1e-9
    weighted = [
        name if fraction >= full and record.type == "single_choice" else f"{name}={_percent(fraction)}"
        for name, fraction in zip(names, fractions, strict=True)
        if fraction
    ]
    return "\n".join(lines), ", ".join(weighted)


def _plain_credit(qtype: str, fractions: list[float]) -> list[float]:
    """The credits plain letters give (see ``_read_choices``) for the same right options."""
    right = sum(1 for fraction in fractions if fraction > 0)
    if qtype == "single_choice" or not right:
        return [1.0 if fraction > 0 else 0.0 for fraction in fractions]
    return [(1.0 if fraction > 0 else -1.0) / right for fraction in fractions]


def _percent(fraction: float) -> str:
    """0.5 -> "50%", 1/3 -> "33.333333%" (read back as 1/3)."""
    return f"{fraction * 100:.6f}".rstrip("0").rstrip(".") + "%"


def _one_line(value: str) -> str:
    """An option's text for its line of the options cell (a line break would split it)."""
    return " ".join(html_to_text(value).split("\n"))


def _write_numeric_answer(answer: NumericAnswer) -> str:
    if answer.low is not None and answer.high is not None:
        return f"{format_number(answer.low)}..{format_number(answer.high)}"
    value = format_number(answer.value or 0.0)
    return f"{value}:{format_number(answer.tolerance)}" if answer.tolerance else value


_WRITERS = {
    "single_choice": _write_choices,
    "multiple_choice": _write_choices,
    "true_false": lambda r: ("", TRUE_LABEL if r.correct else FALSE_LABEL),
    "short_answer": lambda r: ("", " | ".join(c.text for c in r.choices if c.fraction > 0)),
    "numeric": lambda r: (
        "\n".join(_write_numeric_answer(a) for a in r.numeric if a.fraction > 0),
        "",
    ),
    "matching": lambda r: (
        "\n".join(f"{_one_line(p.left)} -> {_one_line(p.right)}".lstrip() for p in r.pairs),
        "",
    ),
    "ordering": lambda r: ("\n".join(_one_line(item.text) for item in r.items), ""),
    "essay": lambda r: ("", ""),
}
