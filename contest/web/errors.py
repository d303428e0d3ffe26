"""Error pages in Vietnamese. htmx does not swap an error response: static/js/app.js shows a
notice instead, so htmx requests get the same page."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from contest import db
from contest.i18n import N_

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


def init_app(app: Flask) -> None:
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
