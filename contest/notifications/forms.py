"""Forms of the notification pages: a person's channels and topics, the admin log's filters."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import NumberRange, Optional, ValidationError

from contest.core.web.forms import AppForm, PlainForm, max_length
from contest.notifications import channels, kinds, topics
from contest.notifications.models import STATUS_LABELS, DeliveryStatus
from contest.training.forms_courses import BoundedDateField

NO_CHANNEL = _l("Hãy chọn ít nhất một kênh nhận tin.")


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (works without JavaScript)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class PreferencesForm(AppForm):
    """The channels (among those the person has an address for) and the topics of their role.

    At least one channel must stay ticked when the person has any: every message, the topics'
    and the essential ones (a password reset), goes on the chosen channels, so "none" cannot be
    kept; it is refused with ``NO_CHANNEL`` instead of being saved as the default. A topic of
    another role (a page loaded before the person's role changed) is ignored; an unknown one is
    refused."""

    channels = CheckboxesField(_l("Nhận thông báo qua"))
    topics = CheckboxesField(_l("Loại thông báo muốn nhận"), validate_choice=False)

    def __init__(self, *args, available: list[str], role, **kwargs):
        super().__init__(*args, **kwargs)
        self.channels.choices = [(key, _l(channels.get(key).label)) for key in available]
        self.topics.choices = [(t.key, _l(t.label_for(role))) for t in topics.for_role(role)]
        self.channels.invalid_choice_message = _l("Hãy chọn trong các kênh được liệt kê.")

    def validate_channels(self, field) -> None:
        if field.choices and not field.data:
            raise ValidationError(NO_CHANNEL)

    def validate_topics(self, field) -> None:
        if any(key not in topics.TOPICS for key in field.data or []):
            raise ValidationError(_l("Hãy chọn trong các loại tin được liệt kê."))

    def topic_states(self) -> dict[str, bool]:
        """On/off of each topic offered (those of the person's role), as ticked."""
        ticked = set(self.topics.data or [])
        return {key: key in ticked for key, _label in self.topics.choices}


class DeliveryFilterForm(PlainForm):
    """The admin log's filters: a GET form, so a filtered page is a link. The days are the
    province's (Asia/Ho_Chi_Minh), both included."""

    status = SelectField(_l("Trạng thái"), validate_choice=False)
    channel = SelectField(_l("Kênh"), validate_choice=False)
    kind = SelectField(_l("Loại tin"), validate_choice=False)
    recipient = StringField(_l("Người nhận"), validators=[Optional(), max_length(254)])
    since = BoundedDateField(_l("Từ ngày"), validators=[Optional()])
    until = BoundedDateField(_l("Đến ngày"), validators=[Optional()])
    page = IntegerField(_l("Trang"), default=1, validators=[Optional(), NumberRange(min=1)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _l("Tất cả"))]
        self.status.choices = everything + [(s.value, _l(STATUS_LABELS[s])) for s in DeliveryStatus]
        self.channel.choices = everything + [(k, _l(c.label)) for k, c in channels.CHANNELS.items()]
        self.kind.choices = everything + [(k.key, _l(k.label)) for k in kinds.all_kinds()]

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Ngày kết thúc phải từ ngày bắt đầu trở đi."))

    def value(self, name: str) -> str | None:
        """The chosen value of filter ``name`` when it is one of its choices, else None."""
        data = getattr(self, name).data
        return data if data and data in {value for value, _label in getattr(self, name).choices} else None

    def recipient_text(self) -> str | None:
        """What was typed as the recipient, when usable (a refused one filters nothing)."""
        if self.recipient.errors:
            return None
        return (self.recipient.data or "").strip() or None

    def day(self, name: str) -> date | None:
        """The day of ``since``/``until`` when valid (a refused one filters nothing)."""
        field = getattr(self, name)
        return None if field.errors else field.data
