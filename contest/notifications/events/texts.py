"""What the event messages say of times and places, and their links (absolute from PUBLIC_URL).

Links are built from the app's URL map and PUBLIC_URL, so they work in a queue worker or a cron
command (no request) and need no SERVER_NAME.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app

from contest.notifications.events.due import local


def link(endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` (PUBLIC_URL + its path)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def moment(value: datetime) -> str:
    """A stored moment in the province's time: "08:00 11/03/2026"."""
    return local(value).strftime("%H:%M %d/%m/%Y")


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def span(starts: datetime, ends: datetime) -> str:
    """A session's time: "08:00–11:30 11/03/2026" (both ends on one day), else two moments."""
    a, b = local(starts), local(ends)
    if a.date() == b.date():
        return f"{a:%H:%M}–{b:%H:%M} {a:%d/%m/%Y}"
    return f"{moment(starts)} – {moment(ends)}"
