"""A round's results as an Excel workbook for the organisers (staff only; see the view).

* Contests (and practice): every counted attempt in rank order, with what the organiser needs to
  reach a winner (the prize, phone, email, the unit and the unit above it), then the collective
  standings by unit on a second sheet.
* Assessments: the same columns as the round page (name, account, unit, job position, field,
  score, result), then the summaries by unit and by job position.

Times are written in the deployment's time zone (Vietnam), as naive Excel dates; any text a
person typed stays text (never a formula).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, tzinfo

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from contest.accounts.models import Unit, User
from contest.exams.models import Attempt, Exam, Prize, Round
from contest.exams.services import results

DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"


def local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    """A stored naive-UTC time as the wall clock of ``zone`` (naive: Excel has no time zones)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


class _Sheet:
    """A write-only sheet whose text cells never become formulas and whose dates read as dates."""

    def __init__(self, workbook, title: str, header: list[str]):
        self.sheet = workbook.create_sheet(title)
        self.sheet.append(header)

    def append(self, values: list) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for value in values:
            cell = WriteOnlyCell(self.sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a name typed as "=HYPERLINK(...)" stays a name
            elif isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
            cells.append(cell)
        self.sheet.append(cells)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def contest_workbook(session: Session, exam: Exam, round_: Round, zone: tzinfo) -> bytes:
    """The ranking with prizes and contact details, and the collective standings by unit."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = _Sheet(workbook, "Kết quả", [
        "Hạng", "Họ và tên", "Giải", "Điện thoại", "Email", "Đơn vị", "Đơn vị cấp trên", "Điểm",
        "Điểm tối đa", "Số câu đúng", "Số câu", "Dự đoán", "Thời gian làm bài (giây)",
        "Nộp lúc (giờ Việt Nam)"])
    board = results.leaderboard(session, round_, 1, page_size=10**7)
    contacts = _contacts(session, round_)
    for row in board.rows:
        prize, phone, email, parent = contacts.get(row.attempt_id, ("", "", "", ""))
        sheet.append([row.rank, row.full_name, prize, phone, email, row.unit, parent, row.score,
                      row.max_score, row.correct_count, row.question_count, row.prediction,
                      round(row.duration_seconds or 0), local(row.submitted_at, zone)])
    units = _Sheet(workbook, "Theo đơn vị", [
        "Hạng", "Đơn vị", "Tỷ lệ tham gia (%)", "Số người dự thi", "Số người của đơn vị",
        "Số người của đơn vị theo", "Số người đúng tất cả", "Giải tập thể"])
    for standing in results.unit_stats(session, round_):
        t = standing.tally
        units.append([standing.rank, t.name, round(float(t.rate) * 100, 2), t.participants, t.base,
                      "đã đăng ký" if t.headcount is None else "ban tổ chức nhập", t.all_correct,
                      standing.prize or ""])
    return _save(workbook)


def _contacts(session: Session, round_: Round) -> dict[int, tuple[str, str, str, str]]:
    """attempt id -> (prize, phone, email, the unit above the attempt's unit) of counted attempts."""
    parent = aliased(Unit)
    rows = session.exec(
        select(Attempt.id, Prize.tier, User.phone, User.email, parent.name)
        .join(User, User.id == Attempt.user_id)
        .outerjoin(Prize, Prize.attempt_id == Attempt.id)
        .outerjoin(Unit, Unit.id == Attempt.unit_id)
        .outerjoin(parent, parent.id == Unit.parent_id)
        .where(Attempt.round_id == round_.id, Attempt.counted)).all()
    return {attempt_id: (tier or "", phone or "", email or "", above or "")
            for attempt_id, tier, phone, email, above in rows}


def assessment_workbook(session: Session, exam: Exam, round_: Round, officials: list[User],
                        zone: tzinfo) -> bytes:
    """Each assigned official's result, as on the round page, and the summaries."""
    from openpyxl import Workbook

    report = results.assessment_report(session, exam, round_, officials)
    workbook = Workbook(write_only=True)
    sheet = _Sheet(workbook, "Kết quả từng cán bộ", [
        "Họ và tên", "Tài khoản", "Đơn vị", "Vị trí việc làm", "Lĩnh vực", "Điểm", "Điểm tối đa",
        "Kết quả", "Nộp lúc (giờ Việt Nam)"])
    for row in report:
        verdict = "Chưa thi" if row.passed is None else "Đạt" if row.passed else "Chưa đạt"
        sheet.append([row.full_name, row.login, row.unit, row.position, row.field, row.score,
                      row.max_score, verdict, local(row.submitted_at, zone)])
    for title, key in (("Theo đơn vị", "unit"), ("Theo vị trí việc làm", "position")):
        summary = _Sheet(workbook, title, ["Nhóm", "Phải sát hạch", "Đã thi", "Đạt", "Tỷ lệ đạt (%)"])
        for name, assigned, taken, passed in results.summarize(report, key):
            summary.append([name, assigned, taken, passed, round(100 * passed / assigned, 1) if assigned else None])
    return _save(workbook)
