"""One-click unsubscribe (/unsubscribe/<token>): the link every message of a topic carries.

GET shows a page with one button, or says it is already done when the topic is off for that
person (a link opened again); POST turns the topic off. The POST is also RFC 8058's
one-click unsubscribe: a mail client that read ``List-Unsubscribe-Post`` posts
``List-Unsubscribe=One-Click`` to this URL itself, with no cookie and no CSRF token, so this one
POST is exempt from CSRF. That is safe because the signed token is the authority, not the
session: it names exactly one person and one topic and is signed with SECRET_KEY, so it cannot
be forged or pointed at someone else, and the most a replayed or cross-site POST can do is what
the token's holder was entitled to: stop that topic's messages to that person (turned back on
from /account/notifications). It changes nothing else and reveals nothing.
"""

from __future__ import annotations

from flask import make_response, render_template, request
from flask_babel import gettext as _

from contest.accounts.models import User
from contest.core import db
from contest.core.extensions import csrf
from contest.notifications import preferences, topics
from contest.notifications.views.blueprint import bp


def _page(status: int = 200, **context):
    response = make_response(render_template("notifications/unsubscribe.html", **context), status)
    response.headers["Referrer-Policy"] = "no-referrer"  # the URL holds the token
    return response


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"], endpoint="unsubscribe")
@csrf.exempt
def unsubscribe(token: str):
    """Anonymous: the signed token names the person and the topic (see the module's docstring)."""
    found = preferences.read_unsubscribe_token(token)
    if found is None:
        return _page(400, error=_("Liên kết hủy nhận tin không hợp lệ (có thể đã bị sửa hoặc "
                                  "chép thiếu). Bạn có thể chọn loại tin muốn nhận trong trang "
                                  "tài khoản."))
    user_id, topic_key = found
    topic = topics.get(topic_key)
    session = db.session()
    user = session.get(User, user_id)
    label = topic.label_for(user.role if user else None)
    if request.method == "POST":
        if user is not None:
            preferences.turn_off(session, user_id, topic_key)
        return _page(done=True, label=label)
    if user is None or not preferences.topic_on(session, user_id, topic_key):
        return _page(already=True, label=label)
    return _page(label=label, token=token)
