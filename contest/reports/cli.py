"""``flask reports ...``: reports and item analysis from a terminal (read-only)."""

from __future__ import annotations

from flask.cli import AppGroup

reports_cli = AppGroup("reports", help="Round reports and item analysis.")
