"""Bank list, creation, settings and categories."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from question_bank.access import visible_banks
from question_bank.forms import BankForm, CategoryForm
from question_bank.services import banks as bank_service
from question_bank.views.blueprint import bp
from question_bank.views.loaders import (
    category_choices,
    field_choices,
    get_bank_or_404,
    position_choices,
    reviewer_choices,
)


def _bank_form(**kwargs) -> BankForm:
    form = BankForm(**kwargs)
    form.position_ids.choices = position_choices()
    form.field_ids.choices = field_choices()
    form.reviewer_ids.choices = [c for c in reviewer_choices() if c[0] != current_user.id]
    return form


@bp.route("/", methods=["GET", "POST"])
@roles_required(*STAFF)
def index():
    banks = visible_banks(db.session(), current_user)
    counts = bank_service.bank_counts(db.session(), banks)
    form = _bank_form()
    if form.validate_on_submit():
        try:
            bank = bank_service.create_bank(
                db.session(), current_user, name=form.name.data, description=form.description.data or "",
                is_public=form.is_public.data, position_ids=form.position_ids.data,
                field_ids=form.field_ids.data, reviewer_ids=form.reviewer_ids.data)
        except bank_service.BankError as err:
            db.rollback_only()
            getattr(form, err.field or "name").errors.append(_(err.message))
        else:
            flash(_("Đã tạo ngân hàng câu hỏi."), "success")
            return redirect(url_for("bank.questions", bank_id=bank.id))
    return render_template("bank/index.html", banks=banks, counts=counts, form=form)


@bp.route("/<int:bank_id>/settings", methods=["GET", "POST"])
@roles_required(*STAFF)
def settings(bank_id: int):
    bank = get_bank_or_404(bank_id)
    positions, fields = bank_service.bank_audience(db.session(), bank)
    form = _bank_form(obj=bank, position_ids=positions, field_ids=fields,
                      reviewer_ids=bank_service.bank_reviewer_ids(db.session(), bank))
    if form.validate_on_submit():
        try:
            bank.description = (form.description.data or "").strip()
            bank.is_public = form.is_public.data
            bank_service.set_audience(db.session(), bank, form.position_ids.data, form.field_ids.data)
            bank_service.set_reviewers(db.session(), bank, form.reviewer_ids.data)
        except bank_service.BankError as err:
            db.rollback_only()
            getattr(form, err.field or "name").errors.append(_(err.message))
        else:
            flash(_("Đã lưu cài đặt ngân hàng."), "success")
            return redirect(url_for("bank.questions", bank_id=bank.id))
    return render_template("bank/settings.html", bank=bank, form=form)


@bp.route("/<int:bank_id>/categories", methods=["GET", "POST"])
@roles_required(*STAFF)
def categories(bank_id: int):
    bank = get_bank_or_404(bank_id)
    form = CategoryForm()
    form.parent_id.choices = category_choices(bank, _("— Chủ đề gốc —"))
    if form.validate_on_submit():
        try:
            bank_service.create_category(db.session(), bank, form.name.data, form.parent_id.data)
        except bank_service.BankError as err:
            db.rollback_only()
            getattr(form, err.field or "name").errors.append(_(err.message))
        else:
            flash(_("Đã thêm chủ đề."), "success")
            return redirect(url_for("bank.categories", bank_id=bank.id))
    tree = bank_service.category_tree(db.session(), bank)
    return render_template("bank/categories.html", bank=bank, form=form, tree=tree)
