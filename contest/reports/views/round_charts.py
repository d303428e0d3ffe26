"""The charts of the round pages (staff report and public statistics), each with its table:
the figures of ``services.round_report`` / ``services.public_statistics`` drawn by ``charts``
with Vietnamese titles. Not a view module: the views call it."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from contest.reports import charts
from contest.reports import round_figures as rf


def scores_chart(width: float, buckets: Sequence[rf.Bucket]) -> charts.Chart:
    labels = [rf.score_label(b, width) for b in buckets]
    counts = [b.count for b in buckets]
    heading = _("Điểm") if width == 1 else _("Điểm (từ … đến dưới …)")
    return charts.bar(_("Phân bố điểm"), labels, counts, header=[heading, _("Số người")],
                      x_title=_("Điểm"), y_title=_("Số người"))


def durations_chart(buckets: Sequence[rf.Bucket]) -> charts.Chart:
    labels = [rf.minutes_label(b) for b in buckets]
    return charts.bar(_("Thời gian làm bài"), labels, [b.count for b in buckets],
                      header=[_("Thời gian (phút, từ … đến dưới …)"), _("Số người")],
                      x_title=_("Phút"), y_title=_("Số người"))


def days_chart(days: Sequence[rf.Day]) -> charts.Chart:
    labels = [d.day.strftime("%d/%m") for d in days]
    attempts, people = [d.attempts for d in days], [d.new_people for d in days]
    rows = [(d.day.strftime("%d/%m/%Y"), d.attempts, d.new_people) for d in days]
    return charts.line(_("Tham gia theo ngày"), labels,
                       [(_("Lượt thi bắt đầu"), attempts), (_("Người tham gia mới"), people)],
                       header=[_("Ngày"), _("Lượt thi bắt đầu"), _("Người tham gia mới")], rows=rows)


def units_chart(standings) -> charts.Chart:
    """The collective standings (``results.unit_stats``): rate per headcount, best first."""
    rows = [(s.rank, s.tally.name, rf.percent_text(float(s.tally.rate)), f"{s.tally.participants}/{s.tally.base}",
             s.tally.all_correct, s.prize or "—") for s in standings]
    shown = min(len(rows), charts.MAX_HORIZONTAL_BARS)
    note = _("Biểu đồ vẽ %(n)d đơn vị đứng đầu trong %(total)d; bảng có đủ.", n=shown, total=len(rows)) \
        if len(rows) > shown else ""
    return charts.horizontal_bar(
        _("Tỷ lệ tham gia theo đơn vị"), [s.tally.name for s in standings],
        [rf.percent(float(s.tally.rate)) for s in standings], percent=True, note=note,
        header=[_("Hạng"), _("Đơn vị"), _("Tỷ lệ tham gia"), _("Dự thi / số người"), _("Đúng tất cả"), _("Giải")],
        rows=rows)


def localities_chart(localities: Sequence[tuple[str, int]]) -> charts.Chart:
    """People who took part per commune or unit, most first (public statistics)."""
    shown = min(len(localities), charts.MAX_HORIZONTAL_BARS)
    note = _("Biểu đồ vẽ %(n)d địa phương có nhiều người dự thi nhất trong %(total)d; bảng có đủ.",
             n=shown, total=len(localities)) if len(localities) > shown else ""
    return charts.horizontal_bar(_("Số người dự thi theo địa phương"), [name for name, _n in localities],
                                 [n for _name, n in localities], note=note,
                                 header=[_("Xã, phường, đơn vị"), _("Số người dự thi")], rows=list(localities))


def pass_trend_chart(trend) -> charts.Chart:
    """Pass rate over the rounds of an assessment (``services.assessment_report.Trend``)."""
    labels = [line.name for line in trend]
    rows = [(line.name, line.figures.people, line.figures.sat, line.figures.passed,
             rf.percent_text(line.figures.pass_rate)) for line in trend]
    return charts.line(_("Tỷ lệ đạt qua các đợt"), labels,
                       [(_("Tỷ lệ đạt (%)"), [rf.percent(line.figures.pass_rate) for line in trend])],
                       header=[_("Đợt"), _("Số người"), _("Đã thi"), _("Đạt"), _("Tỷ lệ đạt")], rows=rows,
                       percent=True)



def pass_rate_chart(title: str, first_heading: str, groups) -> charts.Chart:
    """Pass rate per group (units, positions, fields): ``groups`` is (name, Figures) pairs."""
    groups = list(groups)
    rows = [(name or _("(chưa xác định)"), f.people, f.sat, f.passed, f.not_sat, rf.percent_text(f.pass_rate),
             rf.percent_text(f.pass_rate_of_sat)) for name, f in groups]
    shown = min(len(rows), charts.MAX_HORIZONTAL_BARS)
    note = _("Biểu đồ vẽ %(n)d nhóm đầu trong %(total)d; bảng có đủ.", n=shown, total=len(rows)) \
        if len(rows) > shown else ""
    return charts.horizontal_bar(
        title, [row[0] for row in rows], [rf.percent(f.pass_rate) or 0 for _name, f in groups], percent=True,
        note=note, header=[first_heading, _("Số người"), _("Đã thi"), _("Đạt"), _("Chưa thi"), _("Tỷ lệ đạt"),
                           _("Tỷ lệ đạt trong số đã thi")], rows=rows)
