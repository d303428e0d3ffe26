"""Opening an uploaded .xlsx within an ``ItemCap``: shared by the question and officials' sheets.

Pure: no Flask, no database. ``open_sheet`` runs, in order:

1. ``check_zip``: what is not a zip is refused; so is a zip that would inflate past
   ``max_uncompressed`` in total, or a large member compressed more than ``MAX_RATIO``:1 (a
   "zip bomb"; Python's zipfile never inflates a member past its declared size, so the
   directory can be trusted); and a package holding more XML tags than ``cap.tag_budget``.
   openpyxl parses the shared strings, the styles and the rest before it hands over the first
   row, and a whole row before handing it over: counting tags first (every ``<`` of every
   part, at the speed of a byte search) bounds all of that work.
2. openpyxl opens the workbook in read-only mode (its XML goes through defusedxml).
3. ``count_filled_rows``: the chosen sheet's rows holding a value (or a formula) are counted on
   its raw XML, again at byte-search speed; past the header and ``cap.limit`` more, the file is
   refused before a single row is parsed, with the refusal ``ItemCap.count`` would give
   (rows that hold only spaces count here, an approximation in the file's disfavour). The
   count while reading rows stays the rule; this only makes an oversized sheet's refusal
   immediate.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any

import openpyxl

from question_bank.formats.base import N_, TOO_MANY, FormatError, ItemCap, TooManyItems

MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100  #: compression ratio refused on a member larger than LARGE_MEMBER
LARGE_MEMBER = 1024 * 1024
NOT_XLSX = N_("Tệp không phải Excel (.xlsx) hợp lệ.")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
_CHUNK = 1024 * 1024
_ROW = b"<row"
_ROW_NUMBER = re.compile(rb'[^>]*?\br="(\d+)"')
_VALUES = (b"<v", b"<is", b"<f")  #: a value, an inline string, a formula
_BROKEN = (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error)


def open_sheet(
    data: bytes, cap: ItemCap, title: str | None = None, max_uncompressed: int = MAX_UNCOMPRESSED
) -> tuple[Any, Any]:
    """(workbook, sheet): the sheet named ``title`` if there is one, else the first.

    Raises ``FormatError`` (``TooManyItems`` past the cap). The caller closes the workbook.
    """
    check_zip(data, max_uncompressed, cap)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise FormatError(NOT_XLSX) from exc
    try:
        sheet = workbook[title] if title in workbook.sheetnames else workbook.worksheets[0]
        path = getattr(sheet, "_worksheet_path", None)  # openpyxl's own record of the part
        if path:
            with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as part:
                count_filled_rows(part, cap)
    except FormatError:
        workbook.close()
        raise
    except Exception as exc:
        workbook.close()
        raise FormatError(NOT_XLSX) from exc
    return workbook, sheet


def check_zip(
    data: bytes, max_uncompressed: int = MAX_UNCOMPRESSED, cap: ItemCap | None = None
) -> None:
    """Refuse what is not a zip, a zip bomb and, given a ``cap``, too many XML tags (step 1)."""
    if data[:8] == _OLE_MAGIC:
        raise FormatError(
            NOT_XLSX
            + " "
            + N_("Tệp Excel 97-2003 (.xls) chưa được hỗ trợ; hãy mở và lưu lại dưới dạng .xlsx.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FormatError(NOT_XLSX) from exc
    with archive:
        members = archive.infolist()
        _check_sizes(members, max_uncompressed)
        if cap is not None:
            _check_tags(archive, members, cap)


def count_filled_rows(part: Any, cap: ItemCap) -> int:
    """Rows of a sheet's XML (a binary stream) holding a value or a formula, the header
    included; ``TooManyItems`` at the first one past ``cap.limit`` after the header (step 3).

    A chunk is searched with its predecessor's last three bytes, so a tag cut in two is still
    seen, and no tag fits whole in those bytes to be counted twice.
    """
    filled, rows, current, tail, number = 0, 0, False, b"", 0
    try:
        while chunk := part.read(_CHUNK):
            pieces = (tail + chunk).split(_ROW)
            for index, piece in enumerate(pieces):
                if index:  # a row starts: the previous one is done
                    filled, rows, current = filled + current, rows + 1, False
                    if filled > cap.limit + 1:  # + 1: the header row
                        raise TooManyItems(TOO_MANY, cap.limit, number, cap.noun)
                    found = _ROW_NUMBER.match(piece)  # the row's own number, if it says
                    number = int(found.group(1)) if found else rows
                current = current or any(tag in piece for tag in _VALUES)
            tail = pieces[-1][-3:]
    except _BROKEN as exc:
        raise FormatError(NOT_XLSX) from exc
    filled += current
    if filled > cap.limit + 1:
        raise TooManyItems(TOO_MANY, cap.limit, number, cap.noun)
    return filled


def _check_sizes(members: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    if sum(m.file_size for m in members) > max_uncompressed:
        raise FormatError(
            N_("Tệp Excel quá lớn khi giải nén (quá %(mb)s MB); hãy chia nhỏ tệp.")
            % {"mb": max_uncompressed // (1024 * 1024)}
        )
    for member in members:
        if member.file_size > LARGE_MEMBER and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise FormatError(
                N_("Tệp Excel có nội dung nén bất thường (%(name)s); hệ thống từ chối đọc tệp này.")
                % {"name": member.filename}
            )


def _check_tags(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], cap: ItemCap) -> None:
    """Stop inflating at the first chunk past the budget."""
    budget = cap.tag_budget
    try:
        for member in members:
            with archive.open(member) as part:
                while chunk := part.read(_CHUNK):
                    budget -= chunk.count(b"<")
                    if budget < 0:
                        raise cap.too_big()
    except _BROKEN as exc:  # a damaged, encrypted or oddly compressed member
        raise FormatError(NOT_XLSX) from exc
