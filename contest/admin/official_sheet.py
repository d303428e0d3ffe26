"""The officials' import sheet (.xlsx): one official a row. Pure: no Flask, no database.

Row 1 holds the headers below (matched ignoring case, diacritics and order; unknown columns are
ignored); every later non-empty row is an official. Row numbers are the spreadsheet's own
(header = row 1), so a message points at the row the admin sees in Excel.

Reading is defensive and bounded like the question imports' (``question_bank.formats.base``
and ``xlsx_package``): no "zip bomb", no more XML than the row cap can need, at most
``max_rows`` data rows read (and ten times as many counting blank ones), XML parsed by openpyxl
through defusedxml; a cell holding a formula is an error on its row (we import values, never
recompute them).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from contest.core.errors import DomainError
from contest.core.i18n import N_
from question_bank.formats.base import FormatError, ItemCap, TooManyItems, thousands
from question_bank.formats.xlsx_package import NOT_XLSX, open_sheet

T = TypeVar("T")

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
#: Data rows one file may hold unless the caller says otherwise (the app: IMPORT_MAX_OFFICIALS).
MAX_ROWS = 5000
MAX_COLUMNS = 30
MAX_UNCOMPRESSED = 50 * 1024 * 1024
SHEET_TITLE = "Cán bộ"
#: The hidden sheet the drop-down lists read from (a range, so no 255-character inline limit).
LISTS_TITLE = "Danh mục"
GUIDE = (
    N_("Mỗi dòng là một cán bộ, công chức; dòng 1 là tiêu đề, không đổi tên các cột."),
    N_("Cần họ và tên, và email hoặc số điện thoại (có thể cả hai)."),
    N_("Đơn vị: ghi đúng tên hoặc mã đơn vị. Nếu có nhiều đơn vị trùng tên, hãy ghi mã."),
    N_("Vị trí việc làm và Lĩnh vực: ghi đúng tên như trong danh mục của hệ thống."),
    N_("Chỉ nhập giá trị, không dùng công thức. Tối đa %(max)s dòng mỗi tệp."),
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


class SheetError(DomainError):
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


def parse_officials(data: bytes, *, max_rows: int | None = None) -> SheetResult:
    """Read the first sheet of an .xlsx into rows; raise ``SheetError`` for an unreadable file.

    The upload goes through the question imports' ``ItemCap``: more than ``max_rows`` data rows
    (``MAX_ROWS`` by default), or ten times as many rows counting blank ones, refuse the file
    at the first row too many, and an oversized package is refused before a row is read.
    """
    return read_first_sheet(data, ItemCap(max_rows or MAX_ROWS, noun=N_("cán bộ")), _read_sheet)


def read_first_sheet(data: bytes, cap: ItemCap, read: Callable[[Iterator, ItemCap], T]) -> T:
    """Open an uploaded .xlsx within ``cap`` and hand the first sheet's rows to ``read``.

    Every way the file can fail is a ``SheetError`` with a Vietnamese message: too many rows
    (at the first one too many), a package too large unpacked (before a row is read), not an
    .xlsx, or a broken part that only shows up while the rows are read.
    """
    try:
        workbook, sheet = open_sheet(data, cap, max_uncompressed=MAX_UNCOMPRESSED)
    except TooManyItems as err:
        raise SheetError(err.template, **err.params) from err
    except FormatError as err:
        raise SheetError(err.message) from err
    try:
        return read(sheet.iter_rows(max_col=MAX_COLUMNS), cap)
    except TooManyItems as err:
        raise SheetError(err.template, **err.params) from err
    except SheetError:
        raise
    except Exception as exc:  # a broken part inside the package shows up while reading rows
        raise SheetError(NOT_XLSX) from exc
    finally:
        workbook.close()


def _read_sheet(rows, cap: ItemCap) -> SheetResult:
    header = next(rows, None)
    if header is None:
        raise SheetError(N_("Tệp không có dữ liệu; hãy dùng tệp mẫu."))
    cap.scan(1)
    columns = _header(header)
    result = SheetResult()
    for number, cells in enumerate(rows, start=2):
        cap.scan(number)
        values = row_values(number, cells, columns, result)
        if values is not None:
            cap.count(number)
            result.rows.append(OfficialRow(number, **values))
    return result


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


def row_values(number: int, cells, columns: dict[int, str], result: SheetResult) -> dict[str, str] | None:
    """The texts of one sheet row by column key (a phone keeps its leading zero); None for a
    blank row. A formula cell is reported in ``result.problems`` (its value is not trusted) and
    keeps the row, so the row is listed with its problem."""
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
    return values if formula or any(values.values()) else None


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


@dataclass(frozen=True)
class TemplateLists:
    """What the template's drop-down lists offer: each value exactly as the import accepts it.
    ``unit_codes`` explains the units listed by code (same-named units): (code, description)."""

    units: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    unit_codes: list[tuple[str, str]] = field(default_factory=list)


def template_xlsx(max_rows: int = MAX_ROWS, lists: TemplateLists | None = None) -> bytes:
    """The empty import template: the header row on the "Cán bộ" sheet and a "Hướng dẫn" sheet
    (which states ``max_rows``, the cap the import applies). With ``lists``, the unit, position
    and field columns of every data row up to the cap get a drop-down list read from a hidden
    "Danh mục" sheet; typing another value only warns, since the import checks every row anyway."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(HEADERS))
    for index, (_key, _label, _aliases, width) in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 100
    for line in GUIDE:
        guide.append([line % {"max": thousands(max_rows)} if "%(max)s" in line else line])
    if lists is not None:
        _add_lists(workbook, sheet, guide, lists, max_rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_LIST_MESSAGES = {
    "unit": N_("Hãy chọn đơn vị trong danh sách (đơn vị trùng tên được ghi bằng mã)."),
    "position": N_("Hãy chọn vị trí việc làm trong danh sách."),
    "field": N_("Hãy chọn lĩnh vực trong danh sách."),
}


def _add_lists(workbook, sheet, guide, lists: TemplateLists, max_rows: int) -> None:
    hidden = workbook.create_sheet(LISTS_TITLE)
    hidden.sheet_state = "hidden"
    keys = [key for key, *_rest in COLUMNS]
    for list_column, (key, values) in enumerate(
            (("unit", lists.units), ("position", lists.positions), ("field", lists.fields)),
            start=1):
        if not values:
            continue  # an empty list would refuse every value
        letter = get_column_letter(list_column)
        for row, value in enumerate(values, start=1):
            hidden.cell(row=row, column=list_column, value=value)
        validation = DataValidation(
            type="list", allow_blank=True, errorStyle="warning", showErrorMessage=True,
            formula1=f"{quote_sheetname(LISTS_TITLE)}!${letter}$1:${letter}${len(values)}",
            error=_LIST_MESSAGES[key])
        target = get_column_letter(keys.index(key) + 1)
        validation.add(f"{target}2:{target}{max_rows + 1}")
        sheet.add_data_validation(validation)
    if lists.unit_codes:
        guide.append([])
        guide.append([N_("Đơn vị trùng tên, ghi bằng mã:")])
        for code, description in lists.unit_codes:
            guide.append([f"{code}: {description}"])
