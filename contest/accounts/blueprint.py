"""The accounts Blueprint object, alone, so each view module attaches to it without a cycle."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
