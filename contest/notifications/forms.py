"""Forms of the notification pages: a person's channels and topics, the admin log's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, SelectMultipleField, widgets
from wtforms.validators import NumberRange, Optional

from contest.core.web.forms import AppForm, PlainForm
from contest.notifications import channels, kinds, topics
from contest.notifications.models import STATUS_LABELS, DeliveryStatus


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (works without JavaScript)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class PreferencesForm(AppForm):
    """The channels (among those the person has an address for) and the topics they receive."""

    channels = CheckboxesField(_l("Nhận thông báo qua"))
    topics = CheckboxesField(_l("Loại thông báo muốn nhận"))

    def __init__(self, *args, available: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.channels.choices = [(key, _l(channels.get(key).label)) for key in available]
        self.topics.choices = [(t.key, _l(t.label)) for t in topics.TOPICS.values()]
        self.channels.invalid_choice_message = _l("Hãy chọn trong các kênh được liệt kê.")


class DeliveryFilterForm(PlainForm):
    """The admin log's filters: a GET form, so a filtered page is a link."""

    status = SelectField(_l("Trạng thái"), validate_choice=False)
    channel = SelectField(_l("Kênh"), validate_choice=False)
    kind = SelectField(_l("Loại tin"), validate_choice=False)
    page = IntegerField(_l("Trang"), default=1, validators=[Optional(), NumberRange(min=1)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _l("Tất cả"))]
        self.status.choices = everything + [(s.value, _l(STATUS_LABELS[s])) for s in DeliveryStatus]
        self.channel.choices = everything + [(k, _l(c.label)) for k, c in channels.CHANNELS.items()]
        self.kind.choices = everything + [(k.key, _l(k.label)) for k in kinds.all_kinds()]

    def value(self, name: str) -> str | None:
        """The chosen value of filter ``name`` when it is one of its choices, else None."""
        data = getattr(self, name).data
        return data if data and data in {value for value, _label in getattr(self, name).choices} else None
