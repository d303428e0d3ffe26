"""Certificate services: each takes the session first, only flushes, and refuses with a
``CertificateError`` (a ``DomainError``) whose message a person reads."""

from contest.core.errors import DomainError


class CertificateError(DomainError):
    """A certificate cannot be issued, shown or revoked as asked."""
