"""Training records: one's own ("Hồ sơ bồi dưỡng của tôi") and, for trainers (their unit and the
units below it) and admins, anyone's; each printable and exported as .xlsx or .csv."""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.accounts.access import roles_required
from contest.accounts.models import Role, Unit, User
from contest.accounts.services import find_by_login
from contest.core import db
from contest.training import exports
from contest.training.access import may_read_record
from contest.training.forms_coverage import FindRecordForm
from contest.training.services.records import STATE_BADGES, local_today, training_record
from contest.training.views.blueprint import bp


def readable_person_or_404(user_id: int) -> User:
    """A person whose record the current user may read (``access.may_read_record``); 404 for a
    missing id and for anyone else's, so ids cannot be probed."""
    session = db.session()
    person = session.get(User, user_id)
    if person is None or not may_read_record(session, current_user, person):
        abort(404)
    return person


def _page(person: User, own: bool):
    rows = training_record(db.session(), person, local_today())
    unit = db.session().get(Unit, person.unit_id) if person.unit_id else None
    return render_template("training/record.html", person=person, unit=unit, rows=rows, own=own,
                           badges=STATE_BADGES)


def _download(person: User, fmt: str):
    rows = training_record(db.session(), person, local_today())
    name = f"{_('Hồ sơ bồi dưỡng')} - {person.full_name} - {local_today().isoformat()}.{fmt}"
    if fmt == "csv":
        data = BytesIO(exports.record_csv(person.full_name, rows, get_timezone()))
        return send_file(data, mimetype=exports.CSV, as_attachment=True, download_name=name)
    return send_file(exports.record_xlsx(person.full_name, rows, get_timezone()), mimetype=exports.XLSX,
                     as_attachment=True, download_name=name)


@bp.get("/record")
@login_required
def my_record():
    """The signed-in person's own record."""
    return _page(current_user, own=True)


@bp.get("/record/export.<any(xlsx, csv):fmt>")
@login_required
def my_record_export(fmt: str):
    return _download(current_user, fmt)


@bp.get("/people/<int:user_id>/record")
@roles_required(Role.trainer, Role.admin)
def record(user_id: int):
    """A person's record, for a trainer of their unit (or a unit above it) and for admins."""
    person = readable_person_or_404(user_id)
    return _page(person, own=person.id == current_user.id)


@bp.get("/people/<int:user_id>/record/export.<any(xlsx, csv):fmt>")
@roles_required(Role.trainer, Role.admin)
def record_export(user_id: int, fmt: str):
    return _download(readable_person_or_404(user_id), fmt)


@bp.get("/people/find")
@roles_required(Role.trainer, Role.admin)
def find_record():
    """"Tra cứu hồ sơ" (the coverage page's search box): the person whose sign-in email or phone
    is given (``find_by_login``), straight to their record when the reader may read it. Nobody
    found and somebody out of reach get the same message, so the box cannot probe accounts."""
    form = FindRecordForm(request.args)
    if not form.validate():
        for message in form.login.errors:
            flash(message, "error")
        return redirect(url_for("training.coverage"))
    session = db.session()
    person = find_by_login(session, form.login.data)
    if person is None or not may_read_record(session, current_user, person):
        flash(_("Không tìm thấy hồ sơ của «%(login)s» trong phạm vi bạn được xem.", login=form.login.data.strip()),
              "error")
        return redirect(url_for("training.coverage"))
    return redirect(url_for("training.record", user_id=person.id))
