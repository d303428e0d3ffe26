"""The one exception a service raises for a refusal a person should read.

A service that refuses an action (a rule of the domain, not a bug) raises a ``DomainError``
subclass whose ``message`` is an ``N_``-marked Vietnamese text (with ``params`` to fill it in).
The request's commit point rolls back whatever the service flushed before it refused, and the
one handler in ``contest.core.web.errors`` shows the translated message: a flash and a redirect
back to the page of the form. A view that would rather show the message beside a form field
catches the error, calls ``db.rollback_only()`` and re-renders the form (status 200).
"""

from __future__ import annotations

from typing import Any


class DomainError(ValueError):
    """A rule of the domain refused the action; ``message`` is for the person (``N_``-marked)."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message)
        #: The untranslated text, marked with ``N_`` (translated when it is shown).
        self.message = message
        #: Values for the text's ``%(name)s`` placeholders.
        self.params = params

    def texts(self) -> list[str]:
        """The untranslated messages: several when the refusal lists its reasons
        (``messages`` or ``problems`` of a subclass), else the one ``message``."""
        many = getattr(self, "messages", None) or getattr(self, "problems", None)
        return [str(text) for text in many] if many else [self.message]
