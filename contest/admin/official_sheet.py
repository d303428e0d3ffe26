"""The officials' import sheet (.xlsx): one official a row. Pure: no Flask, no database.

Row 1 holds the headers below (matched ignoring case, diacritics and order; unknown columns are
ignored); every later non-empty row is an official. Row numbers are the spreadsheet's own
(header = row 1), so a message points at the row the admin sees in Excel.

Reading is defensive: the zip directory is checked before openpyxl opens the file (no "zip
bomb"), openpyxl parses XML through defusedxml, at most ``MAX_ROWS`` data rows are read, and a
cell holding a formula is an error on its row (we import values, never recompute them).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.styles import Font

from contest.i18n import N_

#: (key, header written in the template, other accepted headers, column width)
COLUMNS = (
    ("full_name", "Họ và tên", ("ho ten", "ten", "full name"), 28),
    ("email", "Email", ("thu dien tu", "e mail"), 30),
    ("phone", "Số điện thoại", ("dien thoai", "sdt", "phone"), 16),
    ("unit", "Đơn vị", ("ma don vi", "ten don vi", "unit"), 32),
    ("position", "Vị trí việc làm", ("vi tri", "position"), 30),
    ("field", "Lĩnh vực", ("linh vuc quan ly", "field"), 24),
)
HEADERS = tuple(c[1] for c in COLUMNS)
MAX_ROWS = 5000
MAX_COLUMNS = 30
MAX_SCANNED_ROWS = 10 * MAX_ROWS  #: empty rows included
MAX_UNCOMPRESSED = 50 * 1024 * 1024
NOT_XLSX = N_("Tệp không phải Excel (.xlsx) hợp lệ.")
SHEET_TITLE = "Cán bộ"
GUIDE = (
    N_("Mỗi dòng là một cán bộ, công chức; dòng 1 là tiêu đề, không đổi tên các cột."),
    N_("Cần họ và tên, và email hoặc số điện thoại (có thể cả hai)."),
    N_("Đơn vị: ghi đúng tên hoặc mã đơn vị. Nếu có nhiều đơn vị trùng tên, hãy ghi mã."),
    N_("Vị trí việc làm và Lĩnh vực: ghi đúng tên như trong danh mục của hệ thống."),
    N_("Chỉ nhập giá trị, không dùng công thức. Tối đa 5.000 dòng mỗi tệp."),
    N_("Nếu có dòng lỗi, hệ thống không tạo tài khoản nào và liệt kê lỗi theo số dòng."),
)


@dataclass(frozen=True)
class OfficialRow:
    """One data row, cells as trimmed text ("" when blank)."""

    row: int
    full_name: str = ""
    email: str = ""
    phone: str = ""
    unit: str = ""
    position: str = ""
    field: str = ""


@dataclass(frozen=True)
class RowProblem:
    """What is wrong on one row: a catalogue message and its parameters."""

    row: int
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class SheetResult:
    rows: list[OfficialRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


class SheetError(ValueError):
    """The whole file is refused (not an .xlsx, no header, too many rows, ...)."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message)
        self.message = message
        self.params = params


def normalize_header(text: str) -> str:
    """Lower-case, without diacritics, separators folded: "Số điện thoại" -> "so dien thoai"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return " ".join(re.sub(r"[_\-/.:*]+", " ", text).split())


_HEADER_KEYS = {normalize_header(label): key for key, label, _aliases, _w in COLUMNS} | {
    alias: key for key, _label, aliases, _w in COLUMNS for alias in aliases}


def parse_officials(data: bytes) -> SheetResult:
    """Read the first sheet of an .xlsx into rows; raise ``SheetError`` for an unreadable file."""
    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of error for a broken package
        raise SheetError(NOT_XLSX) from exc
    try:
        return _read_sheet(workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS))
    except SheetError:
        raise
    except Exception as exc:  # a broken part inside the package shows up while reading rows
        raise SheetError(NOT_XLSX) from exc
    finally:
        workbook.close()


def _read_sheet(rows) -> SheetResult:
    header = next(rows, None)
    if header is None:
        raise SheetError(N_("Tệp không có dữ liệu; hãy dùng tệp mẫu."))
    columns = _header(header)
    result = SheetResult()
    for number, cells in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:  # a sheet formatted down to row 1,048,576 is not walked
            raise SheetError(N_("Trang tính có quá nhiều dòng (kể cả dòng trống); hãy xóa các "
                                "dòng thừa ở cuối rồi tải lên lại."))
        _read_row(number, cells, columns, result)
        if len(result.rows) > MAX_ROWS:
            raise SheetError(N_("Tệp có hơn %(max)s dòng dữ liệu; hãy chia thành nhiều tệp "
                                "nhỏ hơn."), max="5.000")
    return result


def _check_zip(data: bytes) -> None:
    """Refuse what is not a zip, and a zip that would inflate absurdly."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SheetError(NOT_XLSX) from exc
    if total > MAX_UNCOMPRESSED:
        raise SheetError(N_("Tệp Excel quá lớn khi giải nén; hãy chia thành nhiều tệp nhỏ hơn."))


def _header(cells) -> dict[int, str]:
    """Column index -> key; every template column must be present."""
    columns: dict[int, str] = {}
    for index, cell in enumerate(cells):
        key = _HEADER_KEYS.get(normalize_header(str(cell.value or "")))
        if key and key not in columns.values():
            columns[index] = key
    missing = [label for key, label, _a, _w in COLUMNS if key not in columns.values()]
    if missing:
        raise SheetError(N_("Thiếu cột: %(columns)s. Hãy dùng tệp mẫu (dòng 1 là tiêu đề)."),
                         columns=", ".join(missing))
    return columns


def _read_row(number: int, cells, columns: dict[int, str], result: SheetResult) -> None:
    values: dict[str, str] = {}
    formula = False
    for index, key in columns.items():
        cell = cells[index] if index < len(cells) else None
        if cell is None or cell.value is None:
            continue
        if cell.data_type == "f":
            result.problems.append(RowProblem(number, N_(
                "Ô %(cell)s chứa công thức; hãy dán giá trị thay cho công thức."),
                {"cell": cell.coordinate}))
            formula = True
            continue
        values[key] = _phone_text(cell.value) if key == "phone" else cell_text(cell.value)
    if formula or any(values.values()):
        result.rows.append(OfficialRow(number, **values))


def cell_text(value: Any) -> str:
    """A cell as trimmed text; whole numbers lose Excel's ".0"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _phone_text(value: Any) -> str:
    """Excel turns 0912345678 typed as a number into 912345678: put the leading zero back."""
    text = cell_text(value)
    if isinstance(value, int | float) and text.isdigit() and not text.startswith(("0", "84")):
        text = "0" + text
    return text


def template_xlsx() -> bytes:
    """The empty import template: the header row on the "Cán bộ" sheet and a "Hướng dẫn" sheet."""
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
        guide.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
