"""Exam services: plain functions on a session that flush and never commit (STYLE rule 3)."""

from contest.core.errors import DomainError


class ExamError(DomainError):
    """A rule refused the action; ``message`` is Vietnamese, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
