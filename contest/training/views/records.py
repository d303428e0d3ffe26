"""Training records: one's own ("Hồ sơ bồi dưỡng của tôi") and, for trainers (their unit and the
units below it) and admins, anyone's; each printable and exported as .xlsx or .csv."""

from __future__ import annotations

from io import BytesIO

from flask import abort, render_template, send_file
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.accounts.access import roles_required
from contest.accounts.models import Role, Unit, User
from contest.core import db
from contest.training import exports
from contest.training.access import may_read_record
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
