"""The authoring Blueprint object, and nothing else: each view module imports ``bp`` to attach its
routes, and ``question_bank.views.load_views`` imports the view modules (package -> views ->
blueprint, never back)."""

from flask import Blueprint

bp = Blueprint("bank", __name__, url_prefix="/bank")
