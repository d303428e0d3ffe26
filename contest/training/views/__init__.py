"""Training views: trainers run courses (sessions, enrollment, attendance); officials see their
classes, check in and read their training record; managers read coverage.

Imports point one way: this package -> the view modules -> ``blueprint`` (the Blueprint object).
"""

from flask import Blueprint


def load_views() -> Blueprint:
    """The training Blueprint with every view module's routes attached."""
    import importlib

    from contest.training import hooks
    from contest.training.views.blueprint import bp

    hooks.connect()
    for name in VIEW_MODULES:
        importlib.import_module(f"contest.training.views.{name}")
    return bp


#: The view modules, each attaching its routes to ``bp``.
VIEW_MODULES: tuple[str, ...] = (
    "programmes", "courses", "course_sessions", "enrollment", "attendance", "checkin", "mine",
    "records", "coverage",
)
