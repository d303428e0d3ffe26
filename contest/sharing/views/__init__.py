"""Sharing views (being built)."""

from flask import Blueprint


def load_views() -> Blueprint:
    return Blueprint("sharing", __name__)
