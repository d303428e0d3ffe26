"""Error pages in Vietnamese. htmx does not swap an error response: static/js/app.js shows a
notice instead, so htmx requests get the same page."""

from __future__ import annotations

import math
import time

from flask import Flask, make_response, render_template
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from contest.core import db
from contest.core.extensions import limiter
from contest.core.i18n import N_

MESSAGES = {
    400: N_("Yêu cầu không hợp lệ."),
    401: N_("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."),
    403: N_("Bạn không có quyền truy cập trang này."),
    404: N_("Không tìm thấy trang bạn yêu cầu."),
    405: N_("Thao tác này không được hỗ trợ."),
    413: N_("Tệp tải lên quá lớn."),
    429: N_("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại."),
    500: N_("Hệ thống gặp sự cố. Chúng tôi đã ghi nhận; vui lòng thử lại sau."),
}


def render_error(code: int, message: str | None = None):
    text = message or _(MESSAGES.get(code, MESSAGES[500]))
    return render_template("errors/error.html", code=code, message=text), code


def wait_text(seconds: int) -> str:
    """How long to wait, as a person says it: seconds, minutes, or hours past 90 minutes
    (the limiter's reset time is a whole second late at most, so minutes are rounded)."""
    if seconds < 60:
        return _("%(n)d giây", n=max(seconds, 1))
    minutes = round(seconds / 60)
    if minutes <= 90:
        return _("%(n)d phút", n=minutes)
    return _("%(n)d giờ", n=math.ceil(minutes / 60))


def _retry_after() -> int:
    """Seconds until the breached limit lets one more attempt through (at least 1)."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, math.ceil(breached.reset_at - time.time()))


def init_app(app: Flask) -> None:
    @app.errorhandler(RateLimitExceeded)
    def _too_many(_err):
        seconds = _retry_after()
        message = _("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau %(wait)s.",
                    wait=wait_text(seconds))
        response = make_response(render_error(429, message))
        response.headers["Retry-After"] = str(seconds)
        return response

    @app.errorhandler(CSRFError)
    def _csrf(_err):
        return render_error(400, _("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                                   "Vui lòng tải lại trang và thử lại."))

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException):
        return render_error(err.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        app.logger.exception("Unhandled error", exc_info=err)
        db.session().rollback()
        return render_error(500)
