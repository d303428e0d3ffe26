"""Training files: an official's record (.xlsx and .csv), a unit's coverage figures and the
"still needs" list (.xlsx).

Workbooks are written with openpyxl's write-only mode into a temporary file, row by row (the
"still needs" list of a province is read from the database in batches), and the file is sent in
chunks, so memory stays flat whatever the size. Text a person typed stays text, never a formula.
Pure formatting: the rows come from ``services.records`` and ``services.coverage``.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from typing import IO

from flask_babel import gettext as _

from contest.training.services.coverage import Coverage, Need
from contest.training.services.records import RecordRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Werkzeug adds "; charset=utf-8" to a text/* mimetype itself.
CSV = "text/csv"
_RISKY = ("=", "+", "-", "@", "\t", "\r")


class _Sheet:
    """A write-only sheet whose text cells never become formulas and whose dates read as dates."""

    def __init__(self, workbook, title: str, header: list[str]):
        self.sheet = workbook.create_sheet(title)
        self.sheet.append(header)

    def append(self, values: Iterable) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for value in values:
            cell = WriteOnlyCell(self.sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            elif isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            cells.append(cell)
        self.sheet.append(cells)


def _saved(workbook) -> IO[bytes]:
    """The workbook in a temporary file, rewound (the caller streams and closes it)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it after streaming
    workbook.save(handle)
    handle.seek(0)
    return handle


def _record_header() -> list[str]:
    return [_("Mã chương trình"), _("Chương trình"), _("Lớp"), _("Trạng thái"), _("Tỷ lệ chuyên cần (%)"),
            _("Buổi đầu"), _("Buổi cuối"), _("Điểm sát hạch cao nhất"), _("Điểm tối đa"), _("Kết quả sát hạch"),
            _("Ngày hoàn thành"), _("Hết hạn"), _("Chứng nhận")]


def _local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    """A stored naive-UTC time as the wall clock of ``zone`` (Excel has no time zones)."""
    return None if moment is None else moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def _record_values(row: RecordRow, zone: tzinfo) -> list:
    result = "" if row.passed is None else _("Đạt") if row.passed else _("Chưa đạt")
    return [row.programme_code, row.programme_title, row.course_title, _(row.state_label),
            round(row.attendance_share * 100, 1), _local(row.first_session, zone), _local(row.last_session, zone), row.best_score,
            row.max_score, result, row.completed_on, row.expires_on, row.certificate or ""]


def record_xlsx(full_name: str, rows: list[RecordRow], zone: tzinfo) -> IO[bytes]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = _Sheet(workbook, _("Hồ sơ bồi dưỡng"), [_("Họ và tên"), *_record_header()])
    for row in rows:
        sheet.append([full_name, *_record_values(row, zone)])
    return _saved(workbook)


def record_csv(full_name: str, rows: list[RecordRow], zone: tzinfo) -> bytes:
    """UTF-8 with a BOM (Excel reads the diacritics), risky cells prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Họ và tên"), *_record_header()])
    for row in rows:
        values = [full_name, *_record_values(row, zone)]
        writer.writerow(["" if v is None else _defuse(v.isoformat() if isinstance(v, date | datetime) else str(v))
                         for v in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _defuse(value: str) -> str:
    if value.startswith(_RISKY) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _figure_header(first: str) -> list[str]:
    return [first, _("Cán bộ phải bồi dưỡng"), _("Lượt yêu cầu (người × chương trình)"), _("Đã ghi danh (lượt)"),
            _("Đã hoàn thành (lượt)"), _("Đạt sát hạch (lượt)"), _("Tỷ lệ hoàn thành (%)"), _("Cán bộ đã đủ")]


def _figure_values(name: str, figures) -> list:
    return [name, figures.people, figures.pairs, figures.enrolled, figures.completed, figures.passed,
            _percent(figures.rate("completed")), figures.people_done]


def coverage_xlsx(report: Coverage, needs: Iterable[Need]) -> IO[bytes]:
    """Sheets: per unit (with sub-units, indented by level), per job position, per field, then
    every requirement not completed (``needs``, streamed)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    units = _Sheet(workbook, _("Theo đơn vị"), [*_figure_header(_("Đơn vị")), _("Cấp")])
    for line in report.units:
        units.append([*_figure_values("  " * line.depth + line.name, line.total), line.depth])
    for title, groups in ((_("Theo vị trí việc làm"), report.by_position), (_("Theo lĩnh vực"), report.by_field)):
        sheet = _Sheet(workbook, title, _figure_header(_("Nhóm")))
        for name, figures in groups:
            sheet.append(_figure_values(name or _("(chưa xác định)"), figures))
    _needs_sheet(workbook, needs)
    return _saved(workbook)


def needs_xlsx(needs: Iterable[Need]) -> IO[bytes]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _needs_sheet(workbook, needs)
    return _saved(workbook)


def _needs_sheet(workbook, needs: Iterable[Need]) -> None:
    sheet = _Sheet(workbook, _("Còn phải bồi dưỡng"), [
        _("Họ và tên"), _("Tài khoản"), _("Đơn vị"), _("Vị trí việc làm"), _("Mã chương trình"),
        _("Chương trình"), _("Tình trạng")])
    for need in needs:
        state = _("Đang học") if need.enrolled else _("Hết hạn, cần bồi dưỡng lại") if need.expired else _("Chưa học")
        sheet.append([need.full_name, need.login, need.unit, need.position, need.programme_code,
                      need.programme_title, state])
