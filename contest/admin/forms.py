"""Forms of the admin pages. Choices that come from the database are filled in by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import AnyOf, NumberRange, Optional

from contest.accounts.forms import ContactMixin
from contest.accounts.models import Role, UnitKind
from contest.core.web.forms import AppForm, coerce_id, coerce_int_or_none, max_length, required
from contest.template_context import ROLE_LABELS

KIND_LABELS = {
    UnitKind.province: _l("Tỉnh, thành phố"),
    UnitKind.department: _l("Sở, ban, ngành"),
    UnitKind.commune: _l("Xã"),
    UnitKind.ward: _l("Phường"),
    UnitKind.special_zone: _l("Đặc khu"),
    UnitKind.district: _l("Huyện, quận, thị xã (trước 1/7/2025)"),
}
STAFF_ROLES = (Role.official, Role.trainer, Role.admin)
ROLE_CHOICES = [(role.value, _l(ROLE_LABELS[role.value])) for role in Role]


def kind_label(kind) -> str:
    return str(KIND_LABELS[UnitKind(kind)])


class ActionForm(AppForm):
    """A button that changes something: CSRF, plus where to go back to without JavaScript."""

    next = HiddenField()


class ActiveForm(ActionForm):
    """Set an item active ("1") or inactive ("0"): a double click cannot flip it back."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class ConfirmActiveForm(ActiveForm):
    """Deactivating (locking a user, closing a unit) needs its box ticked: the page asks first,
    without JavaScript too. Reactivating needs no confirmation."""

    confirm = BooleanField()

    def validate_confirm(self, field):
        if self.active.data == "0" and not field.data:
            raise ValidationError(_l("Hãy đánh dấu ô xác nhận trước khi tiếp tục."))


class UnitForm(AppForm):
    name = StringField(_l("Tên đơn vị"), validators=[required(), max_length(200)])
    kind = SelectField(_l("Cấp đơn vị"), validators=[required()], validate_choice=False)
    parent_id = SelectField(_l("Trực thuộc"), coerce=coerce_int_or_none, validate_choice=False)
    code = StringField(_l("Mã đơn vị (không bắt buộc)"), validators=[Optional(), max_length(20)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Static choices are set here, not in the field: WTForms 3.3 deprecates tuples there.
        self.kind.choices = [(kind.value, label) for kind, label in KIND_LABELS.items()]


class RenameForm(AppForm):
    name = StringField(_l("Tên mới"), validators=[required(), max_length(200)])


class MoveForm(AppForm):
    parent_id = SelectField(_l("Chuyển vào đơn vị"), coerce=coerce_int_or_none,
                            validate_choice=False, validators=[required()])


class NameForm(AppForm):
    name = StringField(_l("Tên"), validators=[required(), max_length(200)])


class UserFilterForm(AppForm):
    """The users' search: a GET form, so a filtered page is a link (no CSRF needed to read)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Tìm theo tên, email, số điện thoại"), validators=[Optional(),
                                                                          max_length(100)])
    unit_id = SelectField(_l("Đơn vị (gồm cả đơn vị trực thuộc)"), coerce=coerce_int_or_none,
                          validate_choice=False)
    role = SelectField(_l("Vai trò"), validate_choice=False)
    page = IntegerField(_l("Trang"), default=1, validators=[Optional(), NumberRange(min=1)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [("", _l("Tất cả vai trò")), *ROLE_CHOICES]


class StaffForm(ContactMixin, AppForm):
    full_name = StringField(_l("Họ và tên"), validators=[required(), max_length(120)])
    role = SelectField(_l("Vai trò"), validators=[required()], validate_choice=False)
    unit_id = SelectField(_l("Đơn vị"), coerce=coerce_int_or_none, validate_choice=False,
                          validators=[required()])
    job_position_id = SelectField(_l("Vị trí việc làm"), coerce=coerce_int_or_none,
                                  validate_choice=False)
    field_id = SelectField(_l("Lĩnh vực"), coerce=coerce_int_or_none, validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [c for c in ROLE_CHOICES if c[0] in STAFF_ROLES]


class UserForm(StaffForm):
    """An admin edits any account, citizens included."""

    next = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = ROLE_CHOICES


class HandoutForm(AppForm):
    """The one download of an import's passwords: the sealed row and its key (see handouts)."""

    handout_id = HiddenField(filters=[coerce_id])
    key = HiddenField(validators=[required(), max_length(100)])


class ImportForm(AppForm):
    file = FileField(_l("Tệp Excel danh sách cán bộ (.xlsx)"), validators=[
        FileRequired(_l("Hãy chọn tệp Excel (.xlsx) để tải lên.")),
        FileAllowed(["xlsx"], _l("Chỉ nhận tệp Excel (.xlsx)."))])
