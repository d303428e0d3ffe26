"""The training Blueprint object, and nothing else: each view module imports ``bp`` to attach
its routes, and ``contest.training.views.load_views`` imports the view modules."""

from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/training")
