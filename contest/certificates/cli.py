"""``flask certificates ...``: verify a certificate offline, list and export them."""

from __future__ import annotations

from flask.cli import AppGroup

certificates_cli = AppGroup("certificates", help="Certificates: verify, list, export.")
