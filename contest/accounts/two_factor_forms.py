"""Forms of two-step sign-in: one code box, for the app's code or a recovery code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from contest.core.web.forms import AppForm, max_length, required


class AppCodeForm(AppForm):
    """Confirming a new authenticator: only the app's code will do."""

    code = StringField(_l("Mã 6 chữ số trong ứng dụng"), validators=[required(), max_length(32)])


class CodeForm(AppForm):
    """The second step, and turning it off or renewing the recovery codes: the app's code or
    one recovery code."""

    code = StringField(_l("Mã xác thực hoặc mã khôi phục"), validators=[required(), max_length(32)])


class ConfirmOnlyForm(AppForm):
    """A button that changes something (CSRF only)."""
