"""The draw-rules editor ("ma trận đề"): rules, fixed questions, and a sample draw.

Row buttons (add, remove, refresh the categories of a changed bank) rebuild the form without
touching the database; only "save" stores, and only draw rules that can be filled.
"""

from __future__ import annotations

import secrets

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.web.forms import MAX_ID, set_rows
from contest.exams.manage_forms import FixedForm, RulesForm, SampleForm
from contest.exams.services import ExamError, draw_rules
from contest.exams.services import authoring as service
from contest.exams.views.blueprint import bp
from contest.exams.views.manage_common import managed_exam_or_404, rows_editor, section
from question_bank.access import visible_banks
from question_bank.models import Question, QuestionVersion
from question_bank.services.banks import category_trees
from question_bank.titles import question_label

RULES = "exams/manage/partials/_rules.html"
FIXED = "exams/manage/partials/_fixed.html"


def _rule_choices(form: RulesForm, exam) -> None:
    """Banks the user manages (plus those already used); each row's categories of its bank."""
    banks = service.rule_banks(db.session(), exam, current_user)
    bank_options = [("", _("— Chọn ngân hàng —"))] + [(b.id, b.name) for b in banks]
    trees = {bank_id: [(c.id, "— " * d + c.name) for c, d in tree]
             for bank_id, tree in category_trees(db.session(), banks).items()}
    for row in form.rules:
        row.bank_id.choices = bank_options
        categories = trees.get(row.bank_id.data, [])
        row.category_id.choices = [("", _("Mọi chủ đề"))] + categories
        if row.category_id.data not in {c for c, _label in categories}:
            row.category_id.data = None


def rules_context(exam, form: RulesForm | None = None, problems=None, capacities=None,
                  saved: bool = False) -> dict:
    """The rules as saved (with capacities and any problem the published questions now cause),
    or ``form`` as posted with the reasons it was refused."""
    if form is None:
        form = RulesForm(formdata=None)
        set_rows(form.rules, [{"bank_id": r.bank_id, "category_id": r.category_id,
                               "difficulty": r.difficulty or "", "count": r.count, "points": r.points}
                              for r in draw_rules.exam_rules(db.session(), exam)])
        if form.rules.entries:
            capacities = draw_rules.capacities(db.session(), exam)
            problems = draw_rules.check(db.session(), exam)
            draw_rules.forget(exam.id)
    _rule_choices(form, exam)
    rows = [(r["count"] or 0, r["points"] or 0) for r in form.rules.data]
    return {"rules_form": form, "capacities": capacities, "rules_problems": problems or [],
            "rules_saved": saved, "rules_total": (sum(c for c, _p in rows), sum(c * p for c, p in rows))}


@bp.route("/manage/exams/<int:exam_id>/rules", methods=["GET", "POST"])
@roles_required(*STAFF)
def manage_rules(exam_id: int):
    exam = managed_exam_or_404(exam_id)
    form = RulesForm()
    return rows_editor(
        exam, form, form.rules, {"bank_id": None, "difficulty": "", "count": 1, "points": 1.0},
        store=lambda: service.set_rules(db.session(), exam, current_user, form.rules.data),
        render=lambda f, **extra: section(exam, RULES, _("Ma trận đề"), rules_context(exam, f, **extra), "rules"),
        saved_message=_("Đã lưu ma trận đề."), anchor="rules")


def fixed_context(exam, form: FixedForm | None = None, problems=None, capacities=None,
                  saved: bool = False) -> dict:
    """Fixed questions with a short label each (title or stem of the newest version).

    Labels are given only for questions of banks the user manages, or already fixed in this
    exam: a typed id must not show the text of another bank's question."""
    fixed = service.fixed_questions(db.session(), exam)
    saved_ids = {f.question_id for f in fixed}
    if form is None:
        form = FixedForm(formdata=None)
        set_rows(form.fixed, [{"question_id": f.question_id, "points": f.points} for f in fixed])
    ids = [row.question_id.data for row in form.fixed if 0 < (row.question_id.data or 0) <= MAX_ID]
    banks = [b.id for b in visible_banks(db.session(), current_user)]
    rows = db.session().exec(select(Question.id, QuestionVersion.title, QuestionVersion.stem)
                             .join(QuestionVersion, QuestionVersion.id == Question.head_version_id)
                             .where(Question.id.in_(ids))
                             .where(Question.bank_id.in_(banks) | Question.id.in_(sorted(saved_ids)))
                             ).all() if ids else []
    return {"fixed_form": form, "fixed_labels": {qid: question_label(title, stem) for qid, title, stem in rows},
            "fixed_problems": problems or [], "fixed_saved": saved}


@bp.route("/manage/exams/<int:exam_id>/fixed", methods=["GET", "POST"])
@roles_required(*STAFF)
def manage_fixed(exam_id: int):
    exam = managed_exam_or_404(exam_id)
    form = FixedForm()
    return rows_editor(
        exam, form, form.fixed, {"question_id": None, "points": 1.0},
        store=lambda: service.set_fixed(db.session(), exam, current_user, form.fixed.data),
        render=lambda f, **extra: section(exam, FIXED, _("Câu hỏi cố định"),
                                          fixed_context(exam, f, **extra), "fixed"),
        saved_message=_("Đã lưu câu hỏi cố định."), anchor="fixed")


@bp.get("/manage/exams/<int:exam_id>/sample")
@roles_required(*STAFF)
def manage_sample(exam_id: int):
    """One draw as an attempt with a random (or the given) seed would get it, answer keys shown:
    staff may see keys. The seed is in the link, so a sample can be shown to a colleague."""
    exam = managed_exam_or_404(exam_id)
    args = SampleForm(request.args)
    seed = args.seed.data if args.validate() and args.seed.data is not None else secrets.randbits(31)
    questions, problem = [], None
    try:
        questions = service.sample_draw(db.session(), exam, seed)
    except ExamError as err:
        db.rollback_only()
        problem = err.message
    return render_template("exams/manage/sample.html", exam=exam, seed=seed, questions=questions,
                           problem=problem)
