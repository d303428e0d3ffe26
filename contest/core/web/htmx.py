"""One URL, two renderings (STYLE rule 8): what every blueprint's views share about htmx."""

from __future__ import annotations

from flask import make_response, redirect

from contest.core.extensions import htmx


def wants_partial() -> bool:
    """An htmx request asks for a fragment; a history restore (htmx re-fetching a page it pushed,
    ``historyCacheSize`` is 0) needs the whole page."""
    return bool(htmx) and not htmx.history_restore_request


def go(url: str):
    """After a POST: htmx follows ``HX-Redirect`` as a full page load; a plain form gets a redirect."""
    if htmx:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url)
