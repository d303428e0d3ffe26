"""The enrollment list (.xlsx): one official a row, named by email or phone. Pure: no Flask,
no database.

Row 1 holds the headers (matched like the officials' import: ignoring case, diacritics and
order; other columns, such as a name for the reader's convenience, are ignored); at least one
of "Email" and "Số điện thoại" must be there. Row numbers are the spreadsheet's own.

Reading is bounded exactly like the officials' import (``contest.admin.official_sheet``): the
same ``ItemCap`` on rows (and blank rows), the same package checks, formulas refused per row.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Font

from contest.admin.official_sheet import (
    SheetError,
    SheetResult,
    normalize_header,
    read_first_sheet,
    row_values,
)
from contest.core.i18n import N_
from question_bank.formats.base import ItemCap, thousands

#: (key, header written in the template, other accepted headers, column width)
COLUMNS = (
    ("email", "Email", ("thu dien tu", "e mail"), 32),
    ("phone", "Số điện thoại", ("dien thoai", "sdt", "phone"), 18),
    ("note", "Họ và tên (để đối chiếu, không bắt buộc)", ("ho va ten", "ho ten", "ten"), 36),
)
HEADERS = tuple(c[1] for c in COLUMNS)
SHEET_TITLE = "Ghi danh"
GUIDE = (
    N_("Mỗi dòng là một cán bộ, công chức cần ghi danh vào lớp; dòng 1 là tiêu đề."),
    N_("Ghi email hoặc số điện thoại đăng nhập của cán bộ (một trong hai là đủ)."),
    N_("Cột họ và tên chỉ để đối chiếu, hệ thống không đọc cột này."),
    N_("Chỉ nhập giá trị, không dùng công thức. Tối đa %(max)s dòng mỗi tệp."),
    N_("Nếu có dòng lỗi, không ai được ghi danh và hệ thống liệt kê lỗi theo số dòng."),
)

_HEADER_KEYS = {normalize_header(label): key for key, label, _aliases, _w in COLUMNS} | {
    alias: key for key, _label, aliases, _w in COLUMNS for alias in aliases}


@dataclass(frozen=True)
class ListRow:
    """One data row: the contact as typed (trimmed; "" when blank)."""

    row: int
    email: str = ""
    phone: str = ""


def parse_list(data: bytes, *, max_rows: int) -> SheetResult:
    """Read the first sheet into ``ListRow``s; raise ``SheetError`` for an unreadable file, a
    missing contact column, or more than ``max_rows`` data rows (ten times as many counting
    blank ones)."""
    return read_first_sheet(data, ItemCap(max_rows, noun=N_("cán bộ")), _read)


def _read(rows, cap: ItemCap) -> SheetResult:
    header = next(rows, None)
    if header is None:
        raise SheetError(N_("Tệp không có dữ liệu; hãy dùng tệp mẫu."))
    cap.scan(1)
    columns: dict[int, str] = {}
    for index, cell in enumerate(header):
        key = _HEADER_KEYS.get(normalize_header(str(cell.value or "")))
        if key in ("email", "phone") and key not in columns.values():
            columns[index] = key
    if not columns:
        raise SheetError(N_("Thiếu cột Email hoặc Số điện thoại. Hãy dùng tệp mẫu (dòng 1 là tiêu đề)."))
    result = SheetResult()
    for number, cells in enumerate(rows, start=2):
        cap.scan(number)
        values = row_values(number, cells, columns, result)
        if values is not None:
            cap.count(number)
            result.rows.append(ListRow(number, **values))
    return result


def template_xlsx(max_rows: int) -> bytes:
    """The empty list: the header row on the "Ghi danh" sheet and a "Hướng dẫn" sheet stating
    ``max_rows``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(HEADERS))
    for index, (_key, _label, _aliases, width) in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 100
    for line in GUIDE:
        guide.append([line % {"max": thousands(max_rows)} if "%(max)s" in line else line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
