"""Submit for review, withdraw, approve or return, retire."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import db
from contest.accounts.access import STAFF, roles_required
from contest.i18n import N_
from question_bank.forms import LockForm, ReviewForm
from question_bank.services import questions as service
from question_bank.views.blueprint import bp
from question_bank.views.loaders import get_bank_or_404, get_question_or_404

_DONE = {"submit": N_("Đã gửi câu hỏi đi duyệt."), "withdraw": N_("Đã rút lại yêu cầu duyệt."),
         "retire": N_("Câu hỏi đã ngừng sử dụng.")}


def _finish(bank, question, run, done: str):
    try:
        run()
    except service.QuestionError as err:
        db.session().rollback()
        flash(" ".join(_(m) for m in err.messages), "error")
    else:
        db.session().commit()
        flash(_(done), "success")
    return redirect(url_for("bank.question", bank_id=bank.id, question_id=question.id))


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
