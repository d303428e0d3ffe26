"""The notifications Blueprint object, and nothing else: each view module imports ``bp``."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
