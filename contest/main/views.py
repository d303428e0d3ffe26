"""The home page: what each role sees first."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from contest.accounts.models import Role
from contest.accounts.units import unit_path
from contest.core import db
from contest.core.db import utcnow
from contest.exams.models import ExamKind
from contest.exams.services.catalog import offers_for, open_offers, public_contests
from contest.training.services.enrollment import my_training

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Anonymous visitors see open contests; signed-in people see their role's home."""
    now = utcnow()
    if not current_user.is_authenticated:
        return render_template("main/landing.html", contests=public_contests(db.session(), now), now=now)
    offers = {kind.value: offers_for(db.session(), current_user, kind, now) for kind in ExamKind}
    offers["contest"] = open_offers(offers["contest"], now)  # listed as "Cuộc thi đang mở"
    training = my_training(db.session(), current_user, now) if current_user.role == Role.official else None
    return render_template(f"main/home_{current_user.role.value}.html", offers=offers, now=now,
                           unit=unit_path(db.session(), current_user.unit_id), training=training)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
