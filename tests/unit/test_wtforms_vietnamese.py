"""WTForms' own messages reach people in Vietnamese (WTForms has no Vietnamese catalogue)."""

import re
from pathlib import Path

import wtforms
from wtforms import IntegerField, RadioField, StringField
from wtforms.validators import InputRequired, Length

from contest.core.web.forms import AppForm
from contest.core.web.wtforms_vi import MESSAGES


class Probe(AppForm):
    class Meta:
        csrf = False

    number = IntegerField()
    pick = RadioField(choices=[("a", "A"), ("b", "B")])
    name = StringField(validators=[InputRequired(), Length(min=3)])


def test_tampered_values_get_vietnamese_messages(app):
    with app.test_request_context(method="POST", data={"number": "abc", "pick": "zzz", "name": "x"}):
        form = Probe()
        assert not form.validate()
        assert form.number.errors == ["Phải là số nguyên."]
        assert form.pick.errors == ["Lựa chọn không hợp lệ."]
        assert form.name.errors == ["Cần ít nhất 3 ký tự."]


def test_a_missing_value_is_asked_for_in_vietnamese(app):
    with app.test_request_context(method="POST", data={"number": "1", "pick": "a"}):
        form = Probe()
        assert not form.validate()
        assert form.name.errors == ["Vui lòng nhập mục này."]


def test_every_message_of_the_installed_wtforms_is_translated():
    catalogue = (Path(wtforms.__file__).parent / "locale" / "wtforms.pot").read_text(encoding="utf-8")
    msgids = {m for m in re.findall(r'^msgid "(.+)"$', catalogue, flags=re.M)}
    assert msgids and msgids <= set(MESSAGES)
