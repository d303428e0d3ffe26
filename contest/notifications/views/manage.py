"""The admin's view of outgoing messages: the delivery log (/manage/messages) and, in
development only, the outbox folder (/manage/messages/outbox)."""

from __future__ import annotations

from flask import abort, current_app, render_template, request

from contest.accounts.access import roles_required
from contest.accounts.models import Role
from contest.core import db
from contest.core.web.htmx import wants_partial
from contest.notifications import channels, kinds, log, outbox
from contest.notifications.forms import DeliveryFilterForm
from contest.notifications.models import STATUS_LABELS
from contest.notifications.views.blueprint import bp


def _kind_info() -> dict:
    return {k.key: k for k in kinds.all_kinds()}


@bp.get("/manage/messages", endpoint="messages")
@roles_required(Role.admin)
def messages():
    """The delivery log, newest first, filtered by status, channel, kind, recipient (e-mail or
    phone, a partial phone as a prefix) and province days (``log``). A refused filter (a wrong
    day) is shown with its message and filters nothing. A secret kind's content is never shown
    (it is cleared from the log once final anyway)."""
    form = DeliveryFilterForm(request.args)
    form.validate()
    filters = log.Filters(status=form.value("status"), channel=form.value("channel"),
                          kind=form.value("kind"), recipient=log.recipient(form.recipient_text()),
                          since=form.day("since"), until=form.day("until"))
    result = log.search(db.session(), filters, form.page.data or 1)
    query = {name: value for name, value in request.args.items() if name in form and name != "page"}
    partial = wants_partial()
    template = "notifications/partials/_log_table.html" if partial else "notifications/messages.html"
    return render_template(template, form=form, result=result, query=query, kinds=_kind_info(),
                           partial=partial,
                           channels=channels.CHANNELS, status_labels=STATUS_LABELS,
                           outbox_on=current_app.config["NOTIFY_OUTBOX"])


@bp.get("/manage/messages/outbox", endpoint="outbox")
@roles_required(Role.admin)
def outbox_page():
    """Development only (NOTIFY_OUTBOX): the messages written to the folder, newest first."""
    if not current_app.config["NOTIFY_OUTBOX"]:
        abort(404)
    folder = current_app.config["NOTIFY_OUTBOX_DIR"]
    return render_template("notifications/outbox.html", messages=outbox.messages(folder),
                           folder=folder, channels=channels.CHANNELS)
