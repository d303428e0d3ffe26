"""Import/export formats, by name. Pure: no Flask, no database.

Each format is a module with ``NAME``, ``parse(data, *, max_questions) -> ParseResult``,
``write(records)`` (bytes or str) and ``unsupported(records)``: the records its writer leaves
out. Every parser streams its file through ``base.ItemCap`` (see ``base``). Modules are imported on
first use, so a format whose module is missing or broken fails alone, with a ``FormatError``.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from types import ModuleType

from question_bank.formats.base import (
    MAX_QUESTIONS,
    N_,
    FormatError,
    ParseResult,
    Problem,
    TooManyItems,
)
from question_bank.records import QuestionRecord
from question_bank.types import QUESTION_TYPES

FORMATS = ("gift", "moodle-xml", "aiken", "xlsx", "csv")
_MODULES = {
    "gift": "question_bank.formats.gift",
    "moodle-xml": "question_bank.formats.moodle_xml",
    "aiken": "question_bank.formats.aiken",
    "xlsx": "question_bank.formats.xlsx",
    "csv": "question_bank.formats.csv_format",
}
_EXTENSIONS = {
    "gift": "gift",
    "xml": "moodle-xml",
    "txt": "aiken",
    "aiken": "aiken",
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "xls": "xlsx",
    "csv": "csv",
}
_SNIFF_BYTES = 64 * 1024

__all__ = [
    "FORMATS",
    "MAX_QUESTIONS",
    "FormatError",
    "ParseResult",
    "Problem",
    "TooManyItems",
    "counts_by_type",
    "get_format",
    "guess_format",
    "parse",
    "unsupported",
    "write",
]


def get_format(name: str) -> ModuleType:
    """The module of format ``name``; ``FormatError`` if unknown or unavailable."""
    if name not in _MODULES:
        raise FormatError(N_("Định dạng '%(name)s' không được hỗ trợ.") % {"name": name})
    try:
        return importlib.import_module(_MODULES[name])
    except ImportError as exc:
        raise FormatError(N_("Định dạng '%(name)s' hiện chưa dùng được.") % {"name": name}) from exc


def parse(data: bytes, fmt: str, *, max_questions: int = MAX_QUESTIONS) -> ParseResult:
    """Read ``data`` as ``fmt``; past ``max_questions`` questions the file is refused with
    ``TooManyItems`` (a ``FormatError``), read no further than the first one too many."""
    return get_format(fmt).parse(data, max_questions=max_questions)


def write(records: Sequence[QuestionRecord], fmt: str) -> bytes:
    """The file's bytes; text formats are encoded as UTF-8."""
    output = get_format(fmt).write(records)
    return output.encode("utf-8") if isinstance(output, str) else output


def unsupported(records: Sequence[QuestionRecord], fmt: str) -> list[QuestionRecord]:
    """The records ``write(records, fmt)`` would leave out."""
    return list(get_format(fmt).unsupported(records))


def counts_by_type(records: Iterable[QuestionRecord]) -> dict[str, int]:
    """How many records of each question type; every registered type present, unknown ones ignored."""
    counts = dict.fromkeys(QUESTION_TYPES, 0)
    for record in records:
        if record.type in counts:
            counts[record.type] += 1
    return counts


def guess_format(filename: str, data: bytes) -> str | None:
    """The format of an upload, judged by its content; the file name only breaks ties.

    A zip holding ``xl/workbook.xml`` is xlsx; XML is moodle-xml; a header row naming our
    columns is csv; "A." options with "ANSWER:" lines are aiken; GIFT's ``::``, ``{...}`` or
    ``$CATEGORY`` is gift. When the content is ambiguous the extension picks among the
    candidates; when it says nothing, the extension decides; otherwise ``None``.
    """
    hint = _EXTENSIONS.get(filename.rsplit(".", 1)[-1].lower()) if "." in filename else None
    if data.startswith(b"PK\x03\x04"):
        return "xlsx" if _is_xlsx(data) else None
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # old binary Office; the xlsx parser explains
        return "xlsx" if hint == "xlsx" else None
    text = _sniff_text(data[:_SNIFF_BYTES])
    if text.startswith("<?xml") or re.match(r"(<!--.*?-->\s*)*<quiz[\s>]", text, re.S):
        return "moodle-xml"
    candidates = [name for name, test in _TEXT_TESTS if test(text)]
    if hint in candidates:
        return hint
    if candidates:
        return candidates[0]
    return hint if hint in ("gift", "aiken", "csv", "moodle-xml") and text.strip() else None


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _sniff_text(data: bytes) -> str:
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(encoding, errors="replace").lstrip()
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff").lstrip()


def _looks_like_csv(text: str) -> bool:
    from question_bank.formats import spreadsheet

    header = text.split("\n", 1)[0]
    cells = re.split(r"[,;\t]", header)
    known = {spreadsheet.header_key(cell.strip().strip('"')) for cell in cells} - {None}
    return len(cells) >= 2 and {"type", "stem"} <= known


def _looks_like_aiken(text: str) -> bool:
    """Options ``A.``/``A)`` (a space after the marker or not) and an answer line in any case,
    as ``aiken`` reads them."""
    text = text.replace("\r", "\n")
    return bool(
        re.search(r"^[A-Z][.)]\s*\S", text, re.M)
        and re.search(r"^(?:ANSWER|ĐÁP ÁN)\s*:\s*[A-Z]\b", text, re.M | re.I)
    )


def _looks_like_gift(text: str) -> bool:
    return bool(
        re.search(r"^\s*(::|\$CATEGORY:)", text, re.M) or re.search(r"\{[^{}]*\}", text, re.S)
    )


_TEXT_TESTS = (("csv", _looks_like_csv), ("aiken", _looks_like_aiken), ("gift", _looks_like_gift))
