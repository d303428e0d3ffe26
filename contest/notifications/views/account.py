"""A signed-in person's choice of channels and topics (/account/notifications)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.core import db
from contest.notifications import channels, preferences, topics
from contest.notifications.forms import PreferencesForm
from contest.notifications.views.blueprint import bp


@bp.route("/account/notifications", methods=["GET", "POST"], endpoint="preferences")
@login_required
def preferences_page():
    """Any signed-in person: channels among those they have an address for, topics on/off."""
    session = db.session()
    available = preferences.available_channels(current_user)
    form = PreferencesForm(available=available)
    if form.validate_on_submit():
        states = {key: key in (form.topics.data or []) for key in topics.TOPICS}
        preferences.save(session, current_user, form.channels.data or [], states)
        flash(_("Đã lưu lựa chọn nhận thông báo."), "success")
        return redirect(url_for("notifications.preferences"))
    if not form.is_submitted():
        form.channels.data = preferences.chosen_channels(session, current_user)
        form.topics.data = [k for k, on in preferences.topic_states(session, current_user.id).items()
                            if on]
    missing = [_(channels.get(key).label) for key in channels.CHANNELS if key not in available]
    return render_template("notifications/preferences.html", form=form, missing=missing,
                           topics=topics.TOPICS)
