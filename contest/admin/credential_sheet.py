"""The one-time passwords of a bulk import as an Excel workbook. Pure: no Flask, no database."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Protocol

HEADERS = ("Dòng trong tệp nhập", "Họ và tên", "Tên đăng nhập", "Mật khẩu ban đầu")
WIDTHS = (12, 32, 32, 20)
NOTE = ("Mật khẩu ban đầu chỉ dùng được một lần: mỗi người phải đổi mật khẩu khi đăng nhập lần "
        "đầu. Hãy giao tận tay từng người rồi xóa tệp này.")


class CredentialLike(Protocol):
    row: int
    full_name: str
    login: str
    password: str


def credentials_xlsx(credentials: Iterable[CredentialLike]) -> bytes:
    """One row per account: the row of the imported file, name, login and password. Every cell
    is text, so a name typed as "=..." never becomes a formula and a phone keeps its leading 0."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Mật khẩu ban đầu")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"

    def text(value, bold=False):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)
        return cell

    sheet.append([text(NOTE)])
    sheet.append([text(h, bold=True) for h in HEADERS])
    for item in credentials:
        sheet.append([item.row, text(item.full_name), text(item.login), text(item.password)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
