"""Notification views (being built)."""

from flask import Blueprint


def load_views() -> Blueprint:
    return Blueprint("notifications", __name__)
