"""A signed-in person's choice of channels and topics (/account/notifications)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.core import db
from contest.notifications import channels, preferences
from contest.notifications.forms import PreferencesForm
from contest.notifications.views.blueprint import bp


@bp.route("/account/notifications", methods=["GET", "POST"], endpoint="preferences")
@login_required
def preferences_page():
    """Any signed-in person: channels among those they have an address for (at least one, see
    ``PreferencesForm``), and on/off for the topics of their role."""
    session = db.session()
    available = preferences.available_channels(current_user)
    form = PreferencesForm(available=available, role=current_user.role)
    if form.validate_on_submit():
        preferences.save(session, current_user, form.channels.data, form.topic_states())
        flash(_("Đã lưu lựa chọn nhận thông báo."), "success")
        return redirect(url_for("notifications.preferences"))
    if not form.is_submitted():
        form.channels.data = preferences.chosen_channels(session, current_user)
        states = preferences.topic_states(session, current_user.id)
        form.topics.data = [key for key, _label in form.topics.choices if states[key]]
    missing = [_(channels.get(key).label) for key in channels.CHANNELS if key not in available]
    return render_template("notifications/preferences.html", form=form, missing=missing)
