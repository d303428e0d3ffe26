"""``flask reports ...``: reports and item analysis from a terminal (read-only)."""

from __future__ import annotations

from flask.cli import AppGroup

reports_cli = AppGroup("reports", help="Round reports and item analysis.")

from contest.reports.item_cli import items_command  # noqa: E402  (attached to the group above)

reports_cli.add_command(items_command)
