"""Names every template may use."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import gettext as _

ROLE_LABELS = {
    "citizen": "Người dân",
    "official": "Cán bộ, công chức",
    "trainer": "Giảng viên / Biên soạn",
    "admin": "Quản trị viên",
}


def role_label(role) -> str:
    return _(ROLE_LABELS[getattr(role, "value", role)])


def init_app(app: Flask) -> None:
    @app.context_processor
    def _names():
        return {"role_label": role_label, "endpoints": current_app.view_functions}
