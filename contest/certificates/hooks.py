"""Certificates' hooks into the exam engine and training (filled by the issuing slice)."""


def connect() -> None:
    """Connect the automatic issuing to the signals it listens to (idempotent)."""
