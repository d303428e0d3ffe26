"""The reports Blueprint object, and nothing else: each view module imports ``bp`` to attach its
routes, and ``contest.reports.views.load_views`` imports the view modules."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
