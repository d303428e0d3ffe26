"""The admin blueprint and what its views share: the guard, loaders and error helpers."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from flask_babel import gettext as _

from contest.accounts.access import roles_required, safe_next
from contest.accounts.models import Role
from contest.accounts.services import AccountError
from contest.admin.forms import kind_label
from contest.core import db

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: Every admin view wears this guard (anonymous -> login, other roles -> 403).
admin_only = roles_required(Role.admin)


@bp.context_processor
def _names():
    return {"kind_label": kind_label}


def get_or_404(model, item_id: int):
    """The row of ``model`` with this id, or 404."""
    item = db.session().get(model, item_id)
    if item is None:
        abort(404)
    return item


def show_error(form, err: AccountError) -> None:
    """Put a refused rule's message, translated, next to the field it names; what the service
    flushed before refusing is rolled back (``db.rollback_only``) and the form shown again."""
    db.rollback_only()
    message = _(err.message, **getattr(err, "params", {}))
    field = getattr(form, err.field or "", None) or next(iter(f for f in form if f.type not in (
        "CSRFTokenField", "HiddenField")), None)
    if field is None:
        form.form_errors.append(message)
    else:
        field.errors = [*field.errors, message]


def back(form, default_endpoint: str):
    """Redirect to the page the action was posted from (a path on this site), or a default."""
    return redirect(safe_next(form.next.data) or url_for(default_endpoint))
