"""Serving stem images: to signed-in users only, with the type recognised at upload."""

from __future__ import annotations

from flask import abort, make_response
from flask_login import login_required

from contest import db
from question_bank.models import BankImage
from question_bank.views.blueprint import bp


@bp.get("/images/<int:image_id>")
@login_required
def image(image_id: int):
    item = db.session().get(BankImage, image_id)
    if item is None:
        abort(404)
    response = make_response(item.data)
    response.headers["Content-Type"] = item.content_type
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
