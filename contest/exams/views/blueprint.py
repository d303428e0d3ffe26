"""The exams blueprint; importing the view modules attaches their routes."""

from flask import Blueprint

bp = Blueprint("exams", __name__)


def load_views() -> Blueprint:
    from contest.exams.views import manage, manage_grading, take  # noqa: F401

    return bp
