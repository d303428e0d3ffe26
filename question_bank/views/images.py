"""Serving stem images with the type recognised at upload, to whom ``access.can_view_image``
allows (everyone signed in for an image a published question of its bank shows, the bank's
managers for the rest); anyone else gets 404, as for an image that does not exist."""

from __future__ import annotations

from flask import abort, make_response
from flask_login import current_user, login_required

from contest.core import db
from question_bank.access import can_view_image
from question_bank.models import BankImage
from question_bank.views.blueprint import bp


@bp.get("/images/<int:image_id>")
@login_required
def image(image_id: int):
    item = db.session().get(BankImage, image_id)
    if item is None or not can_view_image(db.session(), item, current_user):
        abort(404)
    response = make_response(item.data)
    response.headers["Content-Type"] = item.content_type
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
