"""Reports views: the round report and the public statistics of a contest, the assessment report,
the item analysis of an exam's questions.

Imports point one way: this package -> the view modules -> ``blueprint`` (the Blueprint object).
"""

import importlib

from flask import Blueprint


def load_views() -> Blueprint:
    """The reports Blueprint with every view module's routes attached, its hook connected."""
    from contest.reports import hooks
    from contest.reports.views.blueprint import bp

    hooks.connect()
    for name in VIEW_MODULES:
        importlib.import_module(f"contest.reports.views.{name}")
    return bp


#: The view modules, each attaching its routes to ``bp``.
VIEW_MODULES: tuple[str, ...] = ("rounds", "items", "assessments")
