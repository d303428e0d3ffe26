"""Admin pages (role admin only). The URL rules live in the view modules imported below, all on
the one ``admin`` blueprint: units, positions and fields, users, the officials' import."""

from __future__ import annotations

from flask import render_template

from contest.admin import users
from contest.admin.blueprint import admin_only, bp
from contest.core import db

__all__ = ["bp"]


@bp.get("/")
@admin_only
def index():
    return render_template("admin/index.html", counts=users.counts(db.session()))


# Registering their routes on ``bp`` is the point of these imports.
from contest.admin import (  # noqa: E402, F401
    catalog_views,
    import_views,
    unit_views,
    user_views,
)
