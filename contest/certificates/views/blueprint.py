"""The certificates Blueprint object, and nothing else: each view module imports ``bp`` to attach
its routes, and ``contest.certificates.views.load_views`` imports the view modules."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)
