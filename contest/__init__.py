"""The e-government contest and training application.

Importing this package imports no Flask: pure modules below it (exam drawing, ranking) stay pure.
"""


def create_app(config_name: str | None = None, **overrides):
    """Build the Flask app (see ``contest.app``)."""
    from contest.app import build_app

    return build_app(config_name, **overrides)
