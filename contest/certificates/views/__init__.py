"""Certificate views: a person's certificates and their PDF, issuing by hand and revoking for
staff, the bulk download, and the public side (the verify page, the key, the status list).

Imports point one way: this package -> the view modules -> ``blueprint`` (the Blueprint object).
"""

import importlib

from flask import Blueprint


def load_views() -> Blueprint:
    """The certificates Blueprint with every view module's routes attached, its hooks connected."""
    from contest.certificates import hooks
    from contest.certificates.views.blueprint import bp

    hooks.connect()
    for name in VIEW_MODULES:
        importlib.import_module(f"contest.certificates.views.{name}")
    return bp


#: The view modules, each attaching its routes to ``bp``.
VIEW_MODULES: tuple[str, ...] = ("mine", "manage", "public")
