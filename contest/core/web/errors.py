"""Error pages in Vietnamese, the one handler of refusals, and the request's commit point.

htmx does not swap an error response: static/js/app.js shows a notice instead, so htmx
requests get the same page. A ``DomainError`` (a rule refused the action) is not an error page:
its message is flashed on the page the form came from (see ``refusal_target``).
"""

from __future__ import annotations

import math
import time
from urllib.parse import urlsplit

from flask import Flask, flash, g, make_response, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from contest.core import db
from contest.core.errors import DomainError
from contest.core.extensions import htmx, limiter
from contest.core.i18n import N_
from contest.core.web.htmx import go

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


#: Page titles a person understands; other codes are titled "Lỗi <code>".
TITLES = {
    403: N_("Không có quyền truy cập"),
    404: N_("Không tìm thấy"),
    413: N_("Tệp quá lớn"),
    429: N_("Vui lòng đợi một lát"),
    500: N_("Hệ thống gặp sự cố"),
}


def render_error(code: int, message: str | None = None):
    text = message or _(MESSAGES.get(code, MESSAGES[500]))
    title = _(TITLES[code]) if code in TITLES else _("Lỗi %(code)s", code=code)
    return render_template("errors/error.html", code=code, title=title, message=text,
                           back=_same_site_referrer()), code


def _same_site_referrer() -> str | None:
    """The page this request came from, when it is a page of this site (a way back that is not
    the home page: the middle of a sign-in, a form)."""
    parts = urlsplit(request.referrer or "")
    if parts.netloc == request.host and parts.scheme in ("http", "https"):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return None


def refuse_to(url: str) -> None:
    """Send a refusal raised later in this request to ``url`` (a path on this site) instead of
    the page the form was posted from. For a view whose form page is not its own URL."""
    g.refusal_url = url


def refusal_target() -> str:
    """Where a refused action goes back to: the view's ``refuse_to`` page; else the Referer when
    it is a page of this site (the form's page); else this URL for a GET; else the home page."""
    if "refusal_url" in g:
        return g.refusal_url
    for candidate in (htmx.current_url if htmx else None, request.referrer):
        parts = urlsplit(candidate or "")
        if parts.netloc == request.host and parts.scheme in ("http", "https"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return url_for("main.home")


def show_refusal(err: DomainError):
    """Roll back, flash the translated reasons and go back to the form's page (htmx: a full
    load of it, through ``HX-Redirect``, so the flash shows wherever the form was)."""
    db.rollback_only()
    for text in err.texts():
        flash(_(text, **err.params), "error")
    return go(refusal_target())


def commit_point(response):
    """After the view: commit a successful response (status < 400), roll back any other. A
    commit that fails turns the reply into a 500 page (keeping the headers other hooks set)
    and drops its flashed messages: nobody is told "saved" about data that was not stored."""
    if db.finish(response.status_code < 400):
        return response
    session.pop("_flashes", None)
    body, code = render_error(500)
    response.set_data(body)
    response.status_code = code
    response.mimetype = "text/html"
    for header in ("Location", "HX-Redirect", "HX-Location", "HX-Trigger", "HX-Refresh"):
        response.headers.pop(header, None)
    return response


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
    # The other app-level after_request hooks (security headers) are registered later and so
    # run first: the commit is the last thing before the reply leaves.
    app.after_request(commit_point)

    @app.errorhandler(DomainError)
    def _refused(err: DomainError):
        return show_refusal(err)

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
        db.rollback_only()
        return render_error(500)
