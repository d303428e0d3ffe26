"""Error pages in Vietnamese. htmx requests get a short fragment instead of a whole page."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from contest import db

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
    403: "Bạn không có quyền truy cập trang này.",
    404: "Không tìm thấy trang bạn yêu cầu.",
    405: "Thao tác này không được hỗ trợ.",
    413: "Tệp tải lên quá lớn.",
    429: "Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại.",
    500: "Hệ thống gặp sự cố. Chúng tôi đã ghi nhận; vui lòng thử lại sau.",
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
