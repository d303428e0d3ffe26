"""Notification views: a person's channels and topics (``account``), the one-click unsubscribe
(``unsubscribe``), and the admin's delivery log and development outbox (``manage``).

Imports point one way: this package -> the view modules -> ``blueprint`` (the Blueprint object).
"""

from flask import Blueprint


def load_views() -> Blueprint:
    """The notifications Blueprint with every view module's routes attached, and the events'
    hooks connected (who is told of an enrollment, a round's close, a certificate)."""
    from contest.notifications.events import hooks
    from contest.notifications.views import account, manage, unsubscribe  # noqa: F401
    from contest.notifications.views.blueprint import bp

    hooks.connect()
    return bp
