"""CSV files: one question a row, in the layout of ``spreadsheet``. Pure: no Flask, no database.

Reading: UTF-8 with or without a byte-order mark (UTF-16 with a BOM is accepted too); anything
else is refused with a message naming the likely culprit (Windows-1258, what older Vietnamese
Excel saves). The delimiter (comma, semicolon or tab) is the one the header line uses most.

Writing: comma-separated UTF-8 with a BOM and CRLF line ends, which Excel opens with the
diacritics intact. A cell that Excel would run as a formula (starting with ``=``, ``+``, ``@``,
or ``-`` when it is not a number) gets a leading apostrophe; reading removes exactly one
apostrophe before such a character, so an export round-trips.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

from question_bank.formats import spreadsheet
from question_bank.formats.base import (
    MAX_QUESTIONS,
    N_,
    FormatError,
    ItemCap,
    ParseResult,
    thousands,
)
from question_bank.records import QuestionRecord

NAME = "csv"
NOT_UTF8 = N_(
    "Tệp CSV phải được lưu với mã hóa UTF-8 (tệp này có vẻ dùng mã hóa khác, ví dụ Windows-1258)."
)
_DELIMITERS = (",", ";", "\t")
#: Characters one physical line may hold: a row of eleven cells at csv's 128 KB a field fits.
MAX_LINE = 2_000_000
_RISKY_START = ("=", "+", "@", "\t", "\r", "'")
_NUMBER = re.compile(r"-\d+([.,]\d+)?")


def parse(data: bytes | str, *, max_questions: int = MAX_QUESTIONS) -> ParseResult:
    """Read the rows; row problems go to ``errors`` with the row (header = 1) and column.

    Rows are read one at a time and counted: past ``max_questions`` questions the file is
    refused with ``TooManyItems`` without reading further. A physical line longer than
    ``MAX_LINE`` characters refuses the file too (no legitimate row needs it).
    """
    text = data if isinstance(data, str) else decode(data)
    text = text.removeprefix("\ufeff")
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max(_DELIMITERS, key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(_lines(text), delimiter=delimiter)
    result = ParseResult(NAME, cap=ItemCap(max_questions))
    return spreadsheet.parse_table(_rows(reader), result)


def _lines(text: str) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE:
            raise FormatError(
                N_("Dòng %(line)s của tệp CSV dài quá %(max)s ký tự.")
                % {"line": number, "max": thousands(MAX_LINE)},
                number,
            )
        yield line


def _rows(reader: Any) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [_undefuse(v) for v in row[: spreadsheet.MAX_COLUMNS]]
    except csv.Error as exc:
        raise FormatError(
            N_("Tệp CSV bị lỗi ở dòng %(line)s.") % {"line": reader.line_num}, reader.line_num
        ) from exc


def decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FormatError(NOT_UTF8) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(NOT_UTF8, line) from exc


def write(records: Sequence[QuestionRecord]) -> bytes:
    """UTF-8 with BOM, comma-separated, one header row of Vietnamese labels."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.label for column in spreadsheet.COLUMNS])
    for record in records:
        if record.type in spreadsheet.TYPE_LABELS:
            writer.writerow([_defuse(v) for v in spreadsheet.record_to_row(record)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def unsupported(records: Sequence[QuestionRecord]) -> list[QuestionRecord]:
    """Records ``write`` leaves out; ``spreadsheet.losses`` tells what the others lose."""
    return spreadsheet.unsupported(records)


def _defuse(value: str) -> str:
    """Keep Excel from treating a cell as a formula (CSV injection)."""
    risky = value.startswith(_RISKY_START) or (
        value.startswith("-") and not _NUMBER.fullmatch(value)
    )
    return "'" + value if risky else value


def _undefuse(value: str) -> str:
    if value.startswith("'") and value[1:2] and (value[1] in "=+@\t\r'-"):
        return value[1:]
    return value
