"""Forms of the certificates' staff pages: the list's filters, revoking, issuing by hand.
Choices that come from the database are filled in by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import NumberRange, Optional

from contest.certificates.models import CertificateKind, CertificateStatus
from contest.certificates.services.roster import MAX_LINES
from contest.core.web.forms import AppForm, PlainForm, coerce_int_or_none, max_length, required
from contest.training.forms_courses import BoundedDateField


class CertificateFilterForm(PlainForm):
    """The staff list's filters: a GET form, so a filtered page is a link."""

    q = SearchField(_l("Tìm theo mã hoặc họ tên"), validators=[Optional(), max_length(100)])
    kind = SelectField(_l("Loại"), validate_choice=False)
    status = SelectField(_l("Trạng thái"), validate_choice=False)
    course_id = SelectField(_l("Lớp bồi dưỡng"), coerce=coerce_int_or_none, validate_choice=False)
    round_id = SelectField(_l("Đợt thi"), coerce=coerce_int_or_none, validate_choice=False)
    page = IntegerField(_l("Trang"), default=1, validators=[Optional(), NumberRange(min=1)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("Tất cả"))] + [(k.value, _l(k.label)) for k in CertificateKind]
        self.status.choices = [("", _l("Tất cả"))] + [(s.value, _l(s.label)) for s in CertificateStatus]

    def kind_value(self) -> CertificateKind | None:
        return CertificateKind(self.kind.data) if self.kind.data in CertificateKind._value2member_map_ else None

    def status_value(self) -> CertificateStatus | None:
        return (CertificateStatus(self.status.data)
                if self.status.data in CertificateStatus._value2member_map_ else None)


class RevokeForm(AppForm):
    reason = TextAreaField(_l("Lý do thu hồi"), validators=[required(), max_length(500)])


class IssueForm(AppForm):
    """A certificate issued by hand to a list of people, all with the same facts."""

    title = StringField(_l("Nội dung chứng nhận"), validators=[required(), max_length(300)])
    description = TextAreaField(_l("Mô tả thêm"), validators=[Optional(), max_length(1000)])
    issued_on = BoundedDateField(_l("Ngày cấp"), validators=[required()])
    expires_on = BoundedDateField(_l("Có giá trị đến (để trống: không thời hạn)"), validators=[Optional()])
    unit_name = StringField(_l("Đơn vị"), validators=[Optional(), max_length(200)])
    signer_name = StringField(_l("Người ký"), validators=[required(), max_length(120)])
    signer_title = StringField(_l("Chức vụ người ký"), validators=[required(), max_length(200)])
    people = TextAreaField(_l("Danh sách người nhận (mỗi dòng một email hoặc số điện thoại)"),
                           validators=[required(), max_length(MAX_LINES * 120)])

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def fixed_signer(self) -> None:
        """The deployment's signer signs, not one typed here (a trainer's list: only an
        administrator names another signer under the province's key)."""
        del self.signer_name
        del self.signer_title

    def facts(self, signer: tuple[str, str]) -> dict:
        """What every certificate of the list states (``issuing.by_hand``'s keywords); ``signer``
        when the form names none."""
        if self.signer_name is not None:  # WTForms leaves a deleted field as None
            signer = (self.signer_name.data.strip(), self.signer_title.data.strip())
        return {"title": self.title.data, "description": self.description.data or "",
                "issued_on": self.issued_on.data, "expires_on": self.expires_on.data,
                "unit_name": self.unit_name.data or "", "signer": signer}

    def validate_issued_on(self, field):
        if self.today is not None and field.data and field.data > self.today:
            raise ValidationError(_l("Ngày cấp không được sau hôm nay."))

    def validate_expires_on(self, field):
        if field.data and self.issued_on.data and field.data <= self.issued_on.data:
            raise ValidationError(_l("Ngày hết hạn phải sau ngày cấp."))
