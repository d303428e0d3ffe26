"""Sharing views: a contest's short link and its QR codes (public), a person's own links and
what they brought ("Lan tỏa của tôi"), and the organiser's ranking of referrers.

Imports point one way: this package -> the view modules -> ``blueprint`` (the Blueprint object).
"""

import importlib

from flask import Blueprint


def load_views() -> Blueprint:
    """The sharing Blueprint with every view module's routes attached, its hook connected."""
    from contest.sharing import hooks
    from contest.sharing.views.blueprint import bp

    hooks.connect()
    for name in VIEW_MODULES:
        importlib.import_module(f"contest.sharing.views.{name}")
    return bp


#: The view modules, each attaching its routes to ``bp``.
VIEW_MODULES: tuple[str, ...] = ("links", "spread")
