"""Forms of sign-in, registration, profile and password change."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TelField,
    ValidationError,
)
from wtforms.validators import Email as EmailValidator
from wtforms.validators import EqualTo, Optional

from contest.accounts.passwords import password_problems
from contest.accounts.services import is_valid_phone, normalize_phone
from contest.core.web.forms import AppForm, coerce_int_or_none, max_length, required

#: Since 1 July 2025 a citizen lives in a commune, ward or special zone (no district level).
RESIDENCE_LABEL = _l("Xã/phường/đặc khu nơi cư trú")


def strong_password(_form, field) -> None:
    """The password policy (``passwords.password_problems``) as a WTForms validator."""
    problems = password_problems(field.data or "")
    if problems:
        raise ValidationError(" ".join(gettext(p) for p in problems))


class LoginForm(AppForm):
    login = StringField(_l("Email hoặc số điện thoại"), validators=[required(), max_length(254)])
    password = PasswordField(_l("Mật khẩu"), validators=[required(), max_length(200)])
    next = HiddenField()


class ContactMixin:
    email = EmailField(_l("Email"), validators=[
        Optional(), max_length(254),
        EmailValidator(message=_l("Email không hợp lệ."), check_deliverability=False)])
    phone = TelField(_l("Số điện thoại"), validators=[Optional(), max_length(20)])

    def validate_phone(self, field):
        if field.data and not is_valid_phone(normalize_phone(field.data) or ""):
            raise ValidationError(_l("Số điện thoại không hợp lệ (ví dụ: 0912345678)."))

    def validate_email(self, field):
        if not (field.data or "").strip() and not (self.phone.data or "").strip():
            raise ValidationError(_l("Cần nhập email hoặc số điện thoại."))


class RegisterForm(ContactMixin, AppForm):
    full_name = StringField(_l("Họ và tên"), validators=[required(), max_length(120)])
    unit_id = SelectField(RESIDENCE_LABEL, coerce=coerce_int_or_none, validate_choice=False,
                          validators=[required()])
    password = PasswordField(_l("Mật khẩu"), validators=[required(), max_length(200),
                                                        strong_password])
    confirm = PasswordField(_l("Nhập lại mật khẩu"), validators=[
        required(), EqualTo("password", message=_l("Hai mật khẩu không khớp."))])
    next = HiddenField()


class ProfileForm(AppForm):
    full_name = StringField(_l("Họ và tên"), validators=[required(), max_length(120)])
    unit_id = SelectField(RESIDENCE_LABEL, coerce=coerce_int_or_none, validate_choice=False,
                          validators=[required()])


class ChangePasswordForm(AppForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[required()])
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[required(), max_length(200),
                                                                strong_password])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        required(), EqualTo("new_password", message=_l("Hai mật khẩu không khớp."))])


def phone_number(_form, field) -> None:
    if not is_valid_phone(normalize_phone(field.data) or ""):
        raise ValidationError(_l("Số điện thoại không hợp lệ (ví dụ: 0912345678)."))


def six_digits(_form, field) -> None:
    field.data = (field.data or "").strip()
    if not (len(field.data) == 6 and field.data.isascii() and field.data.isdigit()):
        raise ValidationError(_l("Mã gồm 6 chữ số."))


class ForgotPasswordForm(AppForm):
    login = StringField(_l("Email hoặc số điện thoại"), validators=[required(), max_length(254)])


class NewPasswordForm(AppForm):
    """A new password (reset link), checked like a registration's."""

    new_password = PasswordField(_l("Mật khẩu mới"), validators=[required(), max_length(200),
                                                                strong_password])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        required(), EqualTo("new_password", message=_l("Hai mật khẩu không khớp."))])


class ResetCodeForm(NewPasswordForm):
    """The code sent to a phone, with the new password."""

    phone = TelField(_l("Số điện thoại"), validators=[required(), max_length(20), phone_number])
    code = StringField(_l("Mã 6 chữ số"), validators=[required(), max_length(20), six_digits])


class ConfirmCodeForm(AppForm):
    phone = TelField(_l("Số điện thoại"), validators=[required(), max_length(20), phone_number])
    code = StringField(_l("Mã 6 chữ số"), validators=[required(), max_length(20), six_digits])


class ActionForm(AppForm):
    """A button only (confirming a link, asking for a new code): CSRF and nothing else."""
