"""Submit for review, withdraw, approve or return, retire; the reviewer's queue."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.i18n import N_
from contest.core.web.errors import refuse_to
from contest.core.web.htmx import wants_partial
from question_bank.forms import LockForm, QueueFilterForm, ReviewBatchForm, ReviewForm
from question_bank.services import questions as service
from question_bank.services import review_queue as queue
from question_bank.views.blueprint import bp
from question_bank.views.loaders import get_bank_or_404, get_question_or_404

_DONE = {"submit": N_("Đã gửi câu hỏi đi duyệt."), "withdraw": N_("Đã rút lại yêu cầu duyệt."),
         "retire": N_("Câu hỏi đã ngừng sử dụng.")}


def _finish(bank, question, run, done: str):
    """Run the step; a refusal goes back to the question page with its reasons."""
    page = url_for("bank.question", bank_id=bank.id, question_id=question.id)
    refuse_to(page)
    run()
    flash(_(done), "success")
    return redirect(page)


@bp.post("/<int:bank_id>/questions/<int:question_id>/<any(submit, withdraw, retire):step>")
@roles_required(*STAFF)
def workflow(bank_id: int, question_id: int, step: str):
    bank = get_bank_or_404(bank_id)
    question = get_question_or_404(bank, question_id)
    form = LockForm()
    if not form.validate_on_submit():
        flash(_("Yêu cầu không hợp lệ."), "error")
        return redirect(url_for("bank.question", bank_id=bank.id, question_id=question.id))
    action = {"submit": service.submit_for_review, "withdraw": service.withdraw,
              "retire": service.retire}[step]
    return _finish(bank, question, lambda: action(db.session(), question, form.lock.data), _DONE[step])


@bp.post("/<int:bank_id>/questions/<int:question_id>/review")
@roles_required(*STAFF)
def review(bank_id: int, question_id: int):
    bank = get_bank_or_404(bank_id)
    question = get_question_or_404(bank, question_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        flash(_("Hãy chọn duyệt hoặc trả lại."), "error")
        return redirect(url_for("bank.question", bank_id=bank.id, question_id=question.id))
    approve = form.decision.data == "approve"
    done = N_("Đã duyệt và xuất bản câu hỏi.") if approve else N_("Đã trả lại câu hỏi cho tác giả.")
    return _finish(bank, question, lambda: service.review(
        db.session(), bank, question, current_user, approve=approve,
        comment=form.comment.data or "", lock=form.lock.data), done)


@bp.app_context_processor
def _review_waiting():
    """``review_waiting()`` in every template: how many questions wait for the signed-in
    person's review (the menu and the home page show it); counted once per request, on use."""

    def review_waiting() -> int:
        if "review_waiting" not in g:
            g.review_waiting = (queue.waiting_count(db.session(), current_user)
                                if current_user.is_authenticated and current_user.role in STAFF else 0)
        return g.review_waiting

    return {"review_waiting": review_waiting}


@bp.get("/review")
@roles_required(*STAFF)
def review_queue():
    """The questions waiting for this person's review across the banks they review."""
    filters = QueueFilterForm(request.args)
    banks = queue.waiting_banks(db.session(), current_user)
    filters.bank_id.choices = [("", _("Tất cả ngân hàng"))] + [
        (bank.id, f"{bank.name} ({n})") for bank, n in banks]
    filters.validate()
    page = queue.waiting_page(db.session(), current_user, filters.bank_id.data,
                              filters.page.data or 1)
    args = {name: value for name, value in request.args.items() if name in filters and name != "page"}
    template = "bank/partials/_review_queue.html" if wants_partial() else "bank/review_queue.html"
    return render_template(template, filters=filters, page=page, args=args,
                           form=ReviewBatchForm(formdata=None))


@bp.post("/review")
@roles_required(*STAFF)
def review_batch():
    """Approve or return the ticked questions with one comment (never one's own questions)."""
    form = ReviewBatchForm()
    kept = {name: value for name, value in request.args.items() if name in QueueFilterForm()}
    if not form.validate_on_submit():
        flash(_("Hãy chọn câu hỏi và chọn duyệt hoặc trả lại."), "error")
        return redirect(url_for("bank.review_queue", **kept))
    approve = form.decision.data == "approve"
    result = queue.review_batch(db.session(), current_user, form.question_ids.data,
                                approve=approve, comment=form.comment.data or "")
    if result.decided:
        done = (_("Đã duyệt và xuất bản %(n)d câu hỏi.", n=result.decided) if approve
                else _("Đã trả lại %(n)d câu hỏi cho tác giả.", n=result.decided))
        flash(done, "success")
    for message, count in result.refused.items():
        flash(_("%(n)d câu hỏi không được xử lý: %(reason)s", n=count, reason=_(message)), "error")
    return redirect(url_for("bank.review_queue", **kept))
