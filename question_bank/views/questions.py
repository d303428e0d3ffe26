"""A bank's question list, the question editor with live preview, details and history."""

from __future__ import annotations

import random

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.web.forms import set_rows
from contest.core.web.htmx import wants_partial
from question_bank import authoring
from question_bank.access import can_review
from question_bank.forms import BulkForm, FilterForm, LockForm, QuestionForm, ReviewForm
from question_bank.models import QuestionTag
from question_bank.payload import from_version
from question_bank.sanitize import clean_text_fields
from question_bank.services import flags as question_flags
from question_bank.services import listing
from question_bank.services import questions as service
from question_bank.services.images import ImageError, store_image
from question_bank.titles import question_label
from question_bank.types import get_type
from question_bank.types.keys import assign_keys
from question_bank.views.blueprint import bp
from question_bank.views.loaders import (
    category_choices,
    field_choices,
    get_bank_or_404,
    get_question_or_404,
    position_choices,
)


@bp.app_template_filter("question_label")
def _question_label(item) -> str:
    """``{{ version|question_label }}``: how every list names a question version or record."""
    return question_label(item.title, item.stem)


@bp.get("/<int:bank_id>")
@roles_required(*STAFF)
def questions(bank_id: int):
    bank = get_bank_or_404(bank_id)
    filters = FilterForm(request.args)
    categories = category_choices(bank, _("Tất cả"))
    filters.category_id.choices = categories
    filters.tag.choices = [("", _("Tất cả"))] + [(t, t) for t in listing.bank_tags(db.session(), bank)]
    filters.position_id.choices = [("", _("Tất cả"))] + position_choices()
    filters.field_id.choices = [("", _("Tất cả"))] + field_choices()
    filters.validate()
    flt = listing.QuestionFilter(**{k: v or None for k, v in filters.data.items() if k != "q"},
                                 q=filters.q.data or "")
    flt.page = filters.page.data or 1
    page = listing.find_questions(db.session(), bank, flt)
    bulk = BulkForm()
    bulk.category_id.choices = [("", _("— Chọn chủ đề —"))] + categories[1:]
    template = "bank/partials/_question_list.html" if wants_partial() else "bank/questions.html"
    # Only filter names travel on in links (not bank_id or url_for's own _external, _scheme...).
    args = {name: value for name, value in request.args.items() if name in filters}
    return render_template(template, bank=bank, filters=filters, page=page, bulk=bulk, args=args,
                           flags=question_flags.flags_of(db.session(), [q for q, _v in page.items]))


@bp.post("/<int:bank_id>/bulk")
@roles_required(*STAFF)
def bulk(bank_id: int):
    bank = get_bank_or_404(bank_id)
    form = BulkForm()  # its category is checked by the service: no choices to load
    if form.validate_on_submit():
        value = form.category_id.data if form.bulk_action.data == "move" else form.tag.data
        try:
            count = listing.bulk_action(db.session(), bank, form.question_ids.data,
                                        form.bulk_action.data, value)
        except service.QuestionError as err:
            db.rollback_only()
            flash(" ".join(_(m) for m in err.messages), "error")
        else:
            flash(_("Đã áp dụng cho %(n)d câu hỏi.", n=count), "success")
    else:
        flash(_("Thao tác hàng loạt không hợp lệ."), "error")
    # Back to the list as it was filtered; only filter names are passed on, so a query string
    # cannot reach url_for's own arguments (bank_id, _external, _scheme, ...).
    filters = FilterForm(request.args)
    kept = {name: value for name, value in request.args.items() if name in filters}
    return redirect(url_for("bank.questions", bank_id=bank.id, **kept))


def _question_form(bank, **kwargs) -> QuestionForm:
    form = QuestionForm(**kwargs)
    form.category_id.choices = category_choices(bank, _("— Chưa phân loại —"))
    form.position_ids.choices = position_choices()
    form.field_ids.choices = field_choices()
    return form


def _editor(bank, question=None):
    """New or edit: the editor buttons rebuild the option rows; "save" validates and stores."""
    form = _question_form(bank)
    errors: list[str] = []
    if request.method == "GET":
        _load(form, bank, question)
    elif form.validate_on_submit():
        action = form.action.data or "save"
        if action == "save":
            saved = _save(form, bank, question, errors)
            if saved is not None:
                return saved
        elif action == "upload_image":
            _upload_image(form, bank, errors)
        elif action == "change_type":
            set_rows(form.options, authoring.blank_rows(form.type.data))
        else:
            set_rows(form.options, authoring.edit_rows(form.options.data, action))
    template = "bank/partials/_editor.html" if wants_partial() else "bank/editor.html"
    return render_template(template, bank=bank, question=question, form=form, errors=errors)


def _load(form: QuestionForm, bank, question) -> None:
    if question is None:
        form.type.data = authoring.known_type(request.args.get("type"))
        set_rows(form.options, authoring.blank_rows(form.type.data))
        return
    record = service.record_of(db.session(), question)
    positions, fields = service.targets(db.session(), question)
    tags = db.session().exec(select(QuestionTag.tag).where(QuestionTag.question_id == question.id))
    form.process(data={"type": record.type, "title": record.title, "stem": record.stem,
                       "explanation": record.explanation, "difficulty": record.difficulty,
                       "tags": ", ".join(tags), "category_id": question.category_id,
                       "position_ids": positions, "field_ids": fields, "lock": question.lock,
                       **authoring.form_data(record)})
    set_rows(form.options, authoring.form_rows(record))


def _save(form: QuestionForm, bank, question, errors: list[str]):
    record = authoring.record_from_form(form.data)
    targets = {"category_id": form.category_id.data, "position_ids": form.position_ids.data,
               "field_ids": form.field_ids.data}
    try:
        if question is None:
            question = service.create_question(db.session(), bank, current_user, record, **targets)
            message = _("Đã tạo câu hỏi (bản nháp).")
        else:
            version = service.update_question(db.session(), question, current_user, record,
                                              lock=form.lock.data, **targets)
            message = _("Đã lưu phiên bản %(n)d (bản nháp).", n=version.number)
    except service.QuestionError as err:
        db.rollback_only()
        errors.extend(_(m) for m in err.messages)
        return None
    flash(message, "success")
    return redirect(url_for("bank.question", bank_id=bank.id, question_id=question.id))


def _upload_image(form: QuestionForm, bank, errors: list[str]) -> None:
    upload = form.image.data
    if not upload:
        errors.append(_("Hãy chọn một tệp ảnh."))
        return
    try:
        image = store_image(db.session(), bank, upload.filename, upload.read(),
                            current_app.config["IMAGE_MAX_BYTES"], current_user.id)
    except ImageError as err:
        errors.append(_(err.message))
        return
    url = url_for("bank.image", image_id=image.id)
    form.stem.data = (form.stem.data or "") + f'<p><img src="{url}" alt=""></p>'


@bp.route("/<int:bank_id>/questions/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_question(bank_id: int):
    return _editor(get_bank_or_404(bank_id))


@bp.route("/<int:bank_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit_question(bank_id: int, question_id: int):
    bank = get_bank_or_404(bank_id)
    return _editor(bank, get_question_or_404(bank, question_id))


@bp.post("/<int:bank_id>/questions/preview")
@roles_required(*STAFF)
def preview(bank_id: int):
    """The question as the examinee will see it, plus what is still wrong with it."""
    bank = get_bank_or_404(bank_id)
    form = _question_form(bank)
    form.validate_on_submit()
    if form.type.data != authoring.known_type(form.type.data):
        return render_template("bank/partials/_preview.html", view=None,
                               problems=[_("Loại câu hỏi không được hỗ trợ.")])
    record = authoring.record_from_form(form.data)
    clean_text_fields(record)
    assign_keys(record, random.Random(0))
    qtype = get_type(record.type)
    problems = [_(m) for m in qtype.validate(record)]
    view = qtype.public_view(record, random.Random(1))
    return render_template("bank/partials/_preview.html", view=view, problems=problems)


@bp.get("/<int:bank_id>/questions/<int:question_id>")
@roles_required(*STAFF)
def question(bank_id: int, question_id: int):
    bank = get_bank_or_404(bank_id)
    item = get_question_or_404(bank, question_id)
    version = service.head(db.session(), item)
    record = from_version(version)
    review_form = ReviewForm(lock=item.lock) if can_review(db.session(), bank, current_user, version) else None
    return render_template("bank/question.html", bank=bank, question=item, version=version,
                           record=record, view=get_type(record.type).public_view(record, None),
                           key=get_type(record.type).answer_key(record), lock_form=LockForm(lock=item.lock),
                           review_form=review_form, flags=question_flags.flags_of(db.session(), [item]).get(item.id, []))


@bp.get("/<int:bank_id>/questions/<int:question_id>/history")
@roles_required(*STAFF)
def history(bank_id: int, question_id: int):
    bank = get_bank_or_404(bank_id)
    item = get_question_or_404(bank, question_id)
    versions = [(v, from_version(v)) for v in service.versions(db.session(), item)]
    return render_template("bank/history.html", bank=bank, question=item, versions=versions)
