"""The home page: what each role sees first."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from contest import db
from contest.accounts.units import unit_path

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Anonymous visitors see the public landing; signed-in people see their role's home."""
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    template = f"main/home_{current_user.role.value}.html"
    return render_template(template, unit=unit_path(db.session(), current_user.unit_id))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
