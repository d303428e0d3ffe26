"""Training services: each takes the session first, only flushes, and refuses with a
``TrainingError`` (a ``DomainError``) whose message a person reads."""

from contest.core.errors import DomainError


class TrainingError(DomainError):
    """A training rule refused the action (capacity, window, not enrolled, ...)."""
