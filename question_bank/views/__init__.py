"""Authoring views: one Blueprint (``question_bank.views.blueprint``), routes in the view modules.

Imports point one way: this package -> the view modules -> ``blueprint`` (the Blueprint object).
"""

from flask import Blueprint


def load_views() -> Blueprint:
    """The authoring Blueprint with every view module's routes attached."""
    from question_bank.views import banks, images, questions, review, transfer  # noqa: F401
    from question_bank.views.blueprint import bp

    return bp
