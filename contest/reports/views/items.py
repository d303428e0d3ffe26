"""The item analysis of an exam ("Phân tích câu hỏi") for the people who manage it, and its
exports. Staff only: the trainer who created the exam, or an admin (the exam management views'
rule, ``managed_exam_or_404``)."""

from __future__ import annotations

from flask import Response, render_template, request, stream_with_context
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.web.htmx import wants_partial
from contest.exams.views.manage_common import managed_exam_or_404
from contest.reports.item_forms import ItemFilterForm
from contest.reports.services import item_data
from contest.reports.streaming import (
    CSV_MIMETYPE,
    XLSX_MIMETYPE,
    content_disposition,
    csv_stream,
    xlsx_stream,
)
from contest.reports.views.blueprint import bp


def _report(exam_id: int):
    """Load and authorize the exam, read the round filter, analyse. The pooled analysis (all
    rounds) also replaces the exam's flags in the bank: what the page shows is what the bank
    marks."""
    exam = managed_exam_or_404(exam_id)
    session = db.session()
    rounds = item_data.analysed_rounds(session, exam)
    form = ItemFilterForm(request.args).with_rounds(rounds, _("Tất cả các đợt"))
    round_id = form.round_id()
    report = item_data.item_report(session, exam, round_id)
    if round_id is None:
        # Two visits at once may both find the flags changed: the later insert loses the race
        # to the unique (version, exam, reason) and keeps the first's rows instead of failing.
        try:
            with session.begin_nested():
                item_data.store_flags(session, exam.id, report)
        except IntegrityError:
            pass
    return exam, form, report


@bp.get("/exams/<int:exam_id>/items")
@roles_required(*STAFF)
def items(exam_id: int):
    """The analysis page; htmx (the round filter) gets the figures alone."""
    exam, form, report = _report(exam_id)
    template = "reports/partials/_items.html" if wants_partial() else "reports/items.html"
    return render_template(template, exam=exam, form=form, report=report)


def _item_rows(report):
    for info, item in report.items():
        yield [info.question_id, info.number, info.label, item.responses, item.weight, item.facility,
               item.sd, item.random_guess, item.intended_weight, item.effective_weight,
               item.discrimination, item.efficiency, "; ".join(_(f.reason.message) for f in item.flags)]


def _item_header():
    return [_("Mã câu hỏi"), _("Phiên bản"), _("Câu hỏi"), _("Số lượt"), _("Điểm tối đa"),
            _("Chỉ số dễ"), _("Độ lệch chuẩn"), _("Điểm đoán ngẫu nhiên"), _("Trọng số dự kiến (%)"),
            _("Trọng số thực tế (%)"), _("Độ phân biệt (%)"), _("Hiệu quả phân biệt (%)"),
            _("Cần xem lại")]


def _name(exam, form) -> str:
    chosen = dict(form.round.choices).get(form.round.data) if form.round.data else None
    return " - ".join(p for p in (_("Phân tích câu hỏi"), exam.title, chosen) if p)


@bp.get("/exams/<int:exam_id>/items.csv")
@roles_required(*STAFF)
def items_csv(exam_id: int):
    """The per-question table as CSV (UTF-8 with BOM), streamed."""
    exam, form, report = _report(exam_id)
    body = stream_with_context(csv_stream(_item_header(), _item_rows(report)))
    return Response(body, mimetype=CSV_MIMETYPE,
                    headers={"Content-Disposition": content_disposition(_name(exam, form), "csv")})


def _sheets(report):
    test = report.analysis.test
    yield _("Toàn bài"), [_("Chỉ số"), _("Giá trị")], [
        [_("Số lượt làm bài"), test.people], [_("Số câu hỏi (phiên bản)"), test.items],
        [_("Số câu mỗi lượt (trung bình)"), test.mean_items], [_("Điểm trung bình (%)"), test.mean],
        [_("Trung vị (%)"), test.median], [_("Độ lệch chuẩn (%)"), test.sd],
        [_("Độ lệch (skewness)"), test.skewness], [_("Độ nhọn (kurtosis)"), test.kurtosis],
        [_("Hệ số nhất quán nội tại (Cronbach alpha, %)"), test.alpha],
        [_("Tỷ lệ sai số (%)"), test.error_ratio], [_("Sai số chuẩn (%)"), test.standard_error]]
    yield _("Câu hỏi"), _item_header(), _item_rows(report)
    yield _("Theo đợt"), [_("Mã câu hỏi"), _("Phiên bản"), _("Đợt thi"), _("Số lượt"), _("Chỉ số dễ")], (
        [info.question_id, info.number, g.group, g.responses, g.facility]
        for info, item in report.items() for g in item.by_group)
    yield _("Phương án"), [_("Mã câu hỏi"), _("Phiên bản"), _("Phương án"), _("Đáp án đúng"), _("Số lượt chọn"),
                           _("Tỷ lệ chọn"), _("Tỷ lệ chọn (nhóm cao)"), _("Tỷ lệ chọn (nhóm thấp)")], (
        row for info in report.infos for row in _option_rows(info, report.distractors.get(info.version_id, [])))


def _option_rows(info, counts):
    texts = {o.key: (o.text, o.correct) for o in info.options}
    for count in counts:
        text, correct = texts.get(count.option, (_("(Không trả lời)"), False))
        yield [info.question_id, info.number, text, _("Đúng") if correct else "", count.overall,
               count.overall_share, count.top_share, count.bottom_share]


@bp.get("/exams/<int:exam_id>/items.xlsx")
@roles_required(*STAFF)
def items_xlsx(exam_id: int):
    """The analysis as an Excel workbook (the test, the questions, by round, the options),
    streamed."""
    exam, form, report = _report(exam_id)
    body = stream_with_context(xlsx_stream(_sheets(report)))
    return Response(body, mimetype=XLSX_MIMETYPE,
                    headers={"Content-Disposition": content_disposition(_name(exam, form), "xlsx")})
