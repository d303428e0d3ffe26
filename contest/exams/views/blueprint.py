"""The exams Blueprint object, and nothing else: each view module imports ``bp`` to attach its
routes, and ``contest.exams.views.load_views`` imports the view modules (package -> views ->
blueprint, never back)."""

from flask import Blueprint

bp = Blueprint("exams", __name__)
