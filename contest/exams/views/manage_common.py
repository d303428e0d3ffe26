"""What the exam management views share: load-and-authorize helpers and htmx replies."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts.models import Role
from contest.core import db
from contest.core.web.forms import set_rows
from contest.core.web.htmx import wants_partial
from contest.exams.models import Exam, Round
from contest.exams.services import ExamError


def managed_exam_or_404(exam_id: int) -> Exam:
    """The exam, if the current user manages it: 404 when it does not exist; 403 unless the user
    is an admin or the trainer who created it."""
    exam = db.session().get(Exam, exam_id)
    if exam is None:
        abort(404)
    if current_user.role != Role.admin and exam.created_by != current_user.id:
        abort(403)
    return exam


def get_round_or_404(exam: Exam, round_id: int) -> Round:
    """A round of ``exam`` (404 for another exam's round, so ids cannot be probed)."""
    round_ = db.session().get(Round, round_id)
    if round_ is None or round_.exam_id != exam.id:
        abort(404)
    return round_


def messages(err: ExamError) -> list[str]:
    """The Vietnamese reasons of a refusal, translated for display."""
    return [_(text, **err.params) for text in err.texts()]


def section(exam: Exam, partial: str, title: str, context: dict, anchor: str):
    """A section of the exam page: alone for htmx, or on a page of its own (a form with errors
    posted without JavaScript)."""
    if wants_partial():
        return render_template(partial, exam=exam, **context)
    return render_template("exams/manage/section.html", exam=exam, partial=partial, title=title,
                           anchor=anchor, **context)


def rows_editor(exam: Exam, form, field, blank: dict, store, render, saved_message: str, anchor: str):
    """A row editor's GET or POST. "add" / "remove-N" / "refresh" rebuild the rows without touching
    the database (CSRF is still checked, app-wide); "save" validates and calls ``store()``, which
    raises ``ExamError`` to refuse: the transaction is rolled back, nothing is saved.
    ``render(form, **extra)`` draws the section (``form`` None: as saved)."""
    if not form.is_submitted():
        return render(None)
    extra: dict = {}
    if form.action.data != "save":
        rows = list(field.data)
        removed = form.removed_row()
        if form.action.data == "add" and len(rows) < (field.max_entries or len(rows) + 1):
            row = dict(blank)
            if rows and "bank_id" in row:
                row["bank_id"] = rows[-1]["bank_id"]  # the next rule usually draws from the same bank
            rows.append(row)
        elif removed is not None and 0 <= removed < len(rows):
            rows.pop(removed)
        set_rows(field, rows)
    elif form.validate():
        try:
            store()
        except ExamError as err:
            db.rollback_only()
            extra = {"problems": messages(err), "capacities": getattr(err, "capacities", None)}
        else:
            if not wants_partial():
                flash(saved_message, "success")
                return redirect(url_for("exams.manage_exam", exam_id=exam.id) + f"#{anchor}")
            return render(None, saved=True)
    return render(form, **extra)
