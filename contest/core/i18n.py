"""Translation helpers usable from pure modules (no Flask import here)."""


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it here; views translate on render."""
    return message
