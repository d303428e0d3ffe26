"""The residence select of the forms where a citizen names their commune, ward or special zone
(registration, profile, completing a sign-in through an external provider)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from contest.accounts.models import Unit, UnitKind
from contest.accounts.units import RESIDENCE_GROUP_LABELS, home_province, residence_groups
from contest.core import db


def fill_residence_choices(form) -> Unit | None:
    """Fill ``form.unit_id`` with this deployment's communes, wards and special zones, in groups
    (by kind, or by district in an older tree); returns the province."""
    province = home_province(db.session(), current_app.config["PROVINCE_CODE"])
    choices: dict = {None: [("", _("— Chọn xã/phường/đặc khu —"))]}
    for heading, units in residence_groups(db.session(), province):
        is_kind = isinstance(heading, UnitKind)
        label = _(RESIDENCE_GROUP_LABELS[heading]) if is_kind else heading.name
        choices[label] = [(unit.id, unit.name) for unit in units]
    form.unit_id.choices = choices
    return province
