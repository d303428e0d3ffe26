"""Exam views: examinees take exams (``take``); trainers and admins manage them (``manage``).

Imports point one way: this package -> the view modules -> ``blueprint`` (the Blueprint object).
"""

from flask import Blueprint


def load_views() -> Blueprint:
    """The exams Blueprint with every view module's routes attached."""
    from contest.exams.views import manage, manage_grading, take  # noqa: F401
    from contest.exams.views.blueprint import bp

    return bp
