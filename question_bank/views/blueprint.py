"""The authoring blueprint; importing the view modules attaches their routes."""

from flask import Blueprint

bp = Blueprint("bank", __name__, url_prefix="/bank")


def load_views() -> Blueprint:
    from question_bank.views import banks, images, questions, review, transfer  # noqa: F401

    return bp
