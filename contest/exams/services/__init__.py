"""Exam services: plain functions on a session that flush and never commit (STYLE rule 3)."""


class ExamError(ValueError):
    """A rule refused the action; ``message`` is Vietnamese, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
