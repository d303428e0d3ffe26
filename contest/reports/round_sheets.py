"""The tables of a round's downloads (results and report) with their Vietnamese headers, as
``streaming`` sheets ``(title, header, rows)``; rows are generators, read while the file is sent.

Formatting only: the figures come from ``services.round_report``, ``services.round_results``
and ``results``. Times are written in the province's wall clock."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, tzinfo

from flask_babel import gettext as _

from contest.reports import round_figures as rf
from contest.reports import streaming


def _local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def contest_results(lines: Iterable, standings, zone: tzinfo) -> list[streaming.Sheet]:
    """Every counted attempt in rank order (``round_results.ResultLine``), then the collective
    standings by unit: the columns of the round page's Excel export."""
    header = [_("Hạng"), _("Họ và tên"), _("Giải"), _("Điện thoại"), _("Email"), _("Đơn vị"), _("Đơn vị cấp trên"),
              _("Điểm"), _("Điểm tối đa"), _("Số câu đúng"), _("Số câu"), _("Dự đoán"),
              _("Thời gian làm bài (giây)"), _("Nộp lúc (giờ Việt Nam)")]
    rows = ([r.rank, r.full_name, r.prize, r.phone, r.email, r.unit, r.parent_unit, r.score, r.max_score,
             r.correct_count, r.question_count, r.prediction, round(r.duration_seconds or 0), _local(r.submitted_at, zone)]
            for r in lines)
    return [(_("Kết quả"), header, rows), units_sheet(standings)]


def units_sheet(standings) -> streaming.Sheet:
    header = [_("Hạng"), _("Đơn vị"), _("Tỷ lệ tham gia (%)"), _("Số người dự thi"), _("Số người của đơn vị"),
              _("Số người của đơn vị theo"), _("Số người đúng tất cả"), _("Giải tập thể")]
    rows = ([s.rank, s.tally.name, rf.percent(float(s.tally.rate), 2), s.tally.participants, s.tally.base,
             _("đã đăng ký") if s.tally.headcount is None else _("ban tổ chức nhập"), s.tally.all_correct, s.prize or ""]
            for s in standings)
    return (_("Theo đơn vị"), header, rows)


def assessment_results(rows, by_unit, by_position, zone: tzinfo) -> list[streaming.Sheet]:
    """Each assigned official's result (``results.assessment_report``), then the summaries."""
    header = [_("Họ và tên"), _("Tài khoản"), _("Đơn vị"), _("Vị trí việc làm"), _("Lĩnh vực"), _("Điểm"),
              _("Điểm tối đa"), _("Kết quả"), _("Nộp lúc (giờ Việt Nam)")]
    lines = ([r.full_name, r.login, r.unit, r.position, r.field, r.score, r.max_score, verdict(r.passed),
              _local(r.submitted_at, zone)] for r in rows)
    summary_header = [_("Nhóm"), _("Phải sát hạch"), _("Đã thi"), _("Đạt"), _("Tỷ lệ đạt (%)")]

    def summary(groups):
        return ([name, assigned, taken, passed, rf.percent(rf.share(passed, assigned))]
                for name, assigned, taken, passed in groups)

    return [(_("Kết quả từng cán bộ"), header, lines), (_("Theo đơn vị"), summary_header, summary(by_unit)),
            (_("Theo vị trí việc làm"), summary_header, summary(by_position))]


def verdict(passed: bool | None) -> str:
    return _("Chưa thi") if passed is None else _("Đạt") if passed else _("Chưa đạt")


def report_sheets(report) -> list[streaming.Sheet]:
    """The round report (``services.round_report.RoundReport``): head figures, the two
    distributions, day by day and, for a contest, the units."""
    s = report.summary
    head = [(_("Người tham gia"), s.participants), (_("Lượt thi bắt đầu"), s.attempts),
            (_("Bài đã nộp"), s.submissions), (_("Đang làm bài"), s.in_progress),
            (_("Người có bài được tính"), s.counted), (_("Bài hệ thống tự nộp khi hết giờ"), s.timed_out),
            (_("Đúng tất cả các câu"), s.all_correct), (_("Điểm trung bình"), _round(s.mean_score)),
            (_("Thời gian làm bài trung bình (giây)"), _round(s.mean_duration, 0))]
    if report.prediction is not None:
        p = report.prediction
        head += [(_("Số người dự đoán"), p.made), (_("Đáp án câu dự đoán"), p.truth),
                 (_("Dự đoán đúng chính xác"), p.exact), (_("Dự đoán gần nhất lệch"), p.nearest_gap)]
    sheets: list[streaming.Sheet] = [
        (_("Tổng quan"), [_("Chỉ số"), _("Giá trị")], head),
        (_("Phân bố điểm"), [_("Điểm từ"), _("Đến dưới"), _("Số người")],
         [(b.low, b.high, b.count) for b in report.scores]),
        (_("Thời gian làm bài"), [_("Từ (phút)"), _("Đến dưới (phút)"), _("Số người")],
         [(round(b.low / 60, 2), round(b.high / 60, 2), b.count) for b in report.durations]),
        (_("Theo ngày"), [_("Ngày"), _("Lượt thi bắt đầu"), _("Người tham gia mới")],
         [(d.day, d.attempts, d.new_people) for d in report.days]),
    ]
    if report.units is not None:
        sheets.append(units_sheet(report.units))
        sheets.append((_("Đơn vị chưa có người dự thi"), [_("Đơn vị"), _("Số người đã đăng ký")], report.absent))
    return sheets


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def csv_sections(sheets: Iterable[streaming.Sheet]) -> Iterator[str]:
    """Several tables in one CSV: each opened by its title on a line of its own, separated by an
    empty line (one BOM, at the start). A single table is written as ``streaming.csv_stream``."""
    sheets = list(sheets)
    if len(sheets) == 1:
        yield from streaming.csv_stream(sheets[0][1], sheets[0][2])
        return
    for n, (title, header, rows) in enumerate(sheets):
        for k, chunk in enumerate(streaming.csv_stream(header, rows)):
            if k == 0:
                chunk = chunk.removeprefix("\ufeff")
                title_line = next(streaming.csv_stream([title], [])).removeprefix("\ufeff")
                chunk = ("\ufeff" if n == 0 else "\r\n") + title_line + chunk
            yield chunk


def assessment_report_sheets(report) -> list[streaming.Sheet]:
    """The assessment report (``services.assessment_report.AssessmentReport``): units (each
    with its sub-units, indented by level), positions, fields, who has not sat, the rounds."""
    header = [_("Số người"), _("Đã thi"), _("Đạt"), _("Chưa thi"), _("Tỷ lệ đạt (%)"), _("Tỷ lệ đạt trong số đã thi (%)")]

    def figures(f) -> list:
        return [f.people, f.sat, f.passed, f.not_sat, rf.percent(f.pass_rate), rf.percent(f.pass_rate_of_sat)]

    return [
        (_("Theo đơn vị"), [_("Đơn vị"), *header, _("Cấp")],
         (["  " * line.depth + line.name, *figures(line.total), line.depth] for line in report.units)),
        (_("Theo vị trí việc làm"), [_("Vị trí việc làm"), *header],
         ([name or _("(chưa xác định)"), *figures(f)] for name, f in report.by_position)),
        (_("Theo lĩnh vực"), [_("Lĩnh vực"), *header],
         ([name or _("(chưa xác định)"), *figures(f)] for name, f in report.by_field)),
        (_("Chưa thi"), [_("Họ và tên"), _("Tài khoản"), _("Đơn vị"), _("Vị trí việc làm"), _("Lĩnh vực")],
         ([p.full_name, p.login, p.unit, p.position, p.field] for p in report.not_sat)),
        (_("Qua các đợt"), [_("Đợt"), *header],
         ([line.name, *figures(line.figures)] for line in report.trend)),
    ]
