"""The sharing Blueprint object, and nothing else: each view module imports ``bp`` to attach
its routes, and ``contest.sharing.views.load_views`` imports the view modules."""

from flask import Blueprint

bp = Blueprint("sharing", __name__)
