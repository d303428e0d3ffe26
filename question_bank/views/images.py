"""Serving stem images with the type recognised at upload: staff see every image; other
signed-in people only images of published questions."""

from __future__ import annotations

from flask import abort, make_response
from flask_login import current_user, login_required

from contest import db
from contest.accounts.access import STAFF
from question_bank.models import BankImage
from question_bank.services.images import is_published_image
from question_bank.views.blueprint import bp


@bp.get("/images/<int:image_id>")
@login_required
def image(image_id: int):
    item = db.session().get(BankImage, image_id)
    if item is None:
        abort(404)
    if current_user.role not in STAFF and not is_published_image(db.session(), image_id):
        abort(404)
    response = make_response(item.data)
    response.headers["Content-Type"] = item.content_type
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
