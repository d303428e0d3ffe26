"""Forms of attendance: one row of the trainer's checklist, "everyone present", and the check-in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Optional, Regexp

from contest.core.web.forms import INVALID_CHOICE, AppForm
from contest.training.models import MARK_LABELS, AttendanceMark


class MarkForm(AppForm):
    """One person's mark: each of the row's four buttons posts ``mark`` with its value; the
    "everyone present" form posts ``everyone`` instead of a person."""

    person = IntegerField(validators=[Optional()])
    mark = SelectField(choices=[(m.value, label) for m, label in MARK_LABELS.items()],
                       validators=[InputRequired(message=_l("Hãy chọn một trạng thái điểm danh."))],
                       validate_choice=True, invalid_choice_message=INVALID_CHOICE)
    everyone = HiddenField()

    @property
    def for_everyone(self) -> bool:
        return self.everyone.data == "1"

    def validate_person(self, field) -> None:
        if not self.for_everyone and field.data is None:
            raise ValueError(_l("Hãy chọn người cần điểm danh."))

    def chosen(self) -> AttendanceMark:
        return AttendanceMark(self.mark.data)


#: A code as typed or scanned: at most 64 base32 letters and digits (either case), spaces around
#: allowed (a real code has 16).
CODE_PATTERN = r"^\s*[A-Za-z2-7]{1,64}\s*\Z"


class CheckinForm(AppForm):
    """The code read from the QR (hidden between the scan and the confirmation), or typed from
    the text under the QR when the phone cannot scan. Anything but base32 ASCII is refused here
    with the form's message (``checkin_codes.check_code`` would call it wrong too)."""

    code = StringField(_l("Mã điểm danh"), validators=[
        InputRequired(message=_l("Thiếu mã điểm danh; hãy quét lại mã QR.")),
        Regexp(CODE_PATTERN, message=_l("Mã điểm danh không hợp lệ."))])
