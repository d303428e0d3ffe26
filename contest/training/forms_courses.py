"""Forms of programmes, courses, sessions, trainers and materials. Database choices are filled
in by the views. Times are typed in Vietnam time and stored as naive UTC."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import to_utc
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from contest.core.i18n import N_
from contest.core.web.forms import (
    INVALID_CHOICE,
    AppForm,
    PlainForm,
    WholeNumberField,
    coerce_id,
    coerce_int_or_none,
    max_length,
    required,
)
from contest.exams.manage_forms import YEARS, LocalDateTimeField
from contest.training.models import CourseStatus
from contest.training.services.courses import MATERIAL_TYPES, TYPES_TEXT, CourseDraft

STATUS_LABELS = {CourseStatus.draft: N_("Bản nháp"), CourseStatus.published: N_("Đã công bố"),
                 CourseStatus.archived: N_("Đã lưu trữ")}


class ActionForm(AppForm):
    """A button that changes something (publish, archive, delete): CSRF only."""


class ProgrammeForm(AppForm):
    code = StringField(_l("Mã chương trình"), validators=[required(), max_length(20)])
    title = StringField(_l("Tên chương trình"), validators=[required(), max_length(200)])
    field_id = SelectField(_l("Lĩnh vực"), coerce=coerce_int_or_none, invalid_choice_message=INVALID_CHOICE)
    valid_months = WholeNumberField(_l("Hiệu lực (tháng; để trống: không hết hạn)"), min_value=1, max_value=600,
                                    message=_l("Từ 1 đến 600 tháng."), validators=[Optional()])
    active = BooleanField(_l("Đang dùng"), default=True)


class RequirementsForm(AppForm):
    """The requirement matrix: one checkbox per (position, programme), value "position-programme"."""

    pairs = SelectMultipleField(choices=[], invalid_choice_message=INVALID_CHOICE)

    def chosen(self) -> set[tuple[int, int]]:
        """The ticked (position id, programme id) pairs among the choices (others are ignored)."""
        valid = {value for value, _label in self.pairs.choices}
        return {tuple(int(n) for n in value.split("-")) for value in self.pairs.data or [] if value in valid}


class CourseFilterForm(PlainForm):
    status = SelectField(_l("Trạng thái"), choices=[("", _l("Tất cả"))] + [
        (status.value, _l(label)) for status, label in STATUS_LABELS.items()],
        invalid_choice_message=INVALID_CHOICE)
    programme_id = SelectField(_l("Chương trình"), coerce=coerce_int_or_none,
                               invalid_choice_message=INVALID_CHOICE)


class CourseForm(AppForm):
    programme_id = SelectField(_l("Chương trình bồi dưỡng"), coerce=coerce_id,
                               invalid_choice_message=INVALID_CHOICE)
    title = StringField(_l("Tên lớp"), validators=[required(), max_length(200)])
    description = TextAreaField(_l("Mô tả"), validators=[Optional(), max_length(5000)])
    unit_id = SelectField(_l("Đơn vị tổ chức"), coerce=coerce_id, invalid_choice_message=INVALID_CHOICE)
    position_ids = SelectMultipleField(_l("Vị trí việc làm đối tượng"), coerce=coerce_id,
                                       invalid_choice_message=INVALID_CHOICE)
    capacity = WholeNumberField(_l("Số chỗ (để trống: không giới hạn)"), min_value=1, max_value=100_000,
                                message=_l("Từ 1 đến 100.000 chỗ."), validators=[Optional()])
    enroll_opens_at = LocalDateTimeField(_l("Mở đăng ký lúc (giờ Việt Nam)"), validators=[Optional()])
    enroll_closes_at = LocalDateTimeField(_l("Hạn đăng ký (giờ Việt Nam)"), validators=[Optional()])
    self_enroll = BooleanField(_l("Cho phép cán bộ tự đăng ký"))
    practice_exam_id = SelectField(_l("Bài luyện tập"), coerce=coerce_int_or_none,
                                   invalid_choice_message=INVALID_CHOICE)
    assessment_exam_id = SelectField(_l("Bài sát hạch cuối khóa"), coerce=coerce_int_or_none,
                                     invalid_choice_message=INVALID_CHOICE)
    min_attendance = WholeNumberField(_l("Tỷ lệ chuyên cần tối thiểu (%)"), min_value=0, max_value=100,
                                      message=_l("Từ 0 đến 100."), default=80,
                                      validators=[InputRequired(_l("Trường này là bắt buộc."))])
    assessment_required = BooleanField(_l("Phải đạt bài sát hạch cuối khóa"))
    practice_required = BooleanField(_l("Phải làm bài luyện tập"))
    valid_months = WholeNumberField(_l("Hiệu lực chứng nhận (tháng; để trống: theo chương trình)"),
                                    min_value=1, max_value=600, message=_l("Từ 1 đến 600 tháng."),
                                    validators=[Optional()])
    issues_certificate = BooleanField(_l("Cấp giấy chứng nhận khi hoàn thành"))

    def validate_enroll_closes_at(self, field):
        if self.enroll_opens_at.data and field.data and field.data <= self.enroll_opens_at.data:
            raise ValidationError(_("Hạn đăng ký phải sau thời điểm mở đăng ký."))

    def draft(self) -> CourseDraft:
        return CourseDraft(
            programme_id=self.programme_id.data, title=self.title.data, unit_id=self.unit_id.data,
            description=self.description.data or "", position_ids=list(self.position_ids.data or []),
            capacity=self.capacity.data, enroll_opens_at=self.enroll_opens_at.utc(),
            enroll_closes_at=self.enroll_closes_at.utc(), self_enroll=self.self_enroll.data,
            practice_exam_id=self.practice_exam_id.data, assessment_exam_id=self.assessment_exam_id.data,
            min_attendance=self.min_attendance.data / 100, assessment_required=self.assessment_required.data,
            practice_required=self.practice_required.data, valid_months=self.valid_months.data,
            issues_certificate=self.issues_certificate.data)


class BoundedDateField(DateField):
    """A date in the years ``YEARS`` (year 1 would overflow the conversion to UTC)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as err:
            raise ValueError(_("Ngày không hợp lệ.")) from err
        if self.data is not None and not YEARS[0] <= self.data.year <= YEARS[1]:
            self.data = None
            raise ValueError(_("Hãy chọn ngày trong các năm %(first)d đến %(last)d.",
                               first=YEARS[0], last=YEARS[1]))


class SessionForm(AppForm):
    day = BoundedDateField(_l("Ngày"), validators=[InputRequired(_l("Trường này là bắt buộc."))])
    starts = TimeField(_l("Bắt đầu (giờ Việt Nam)"), validators=[InputRequired(_l("Trường này là bắt buộc."))])
    ends = TimeField(_l("Kết thúc (giờ Việt Nam)"), validators=[InputRequired(_l("Trường này là bắt buộc."))])
    place = StringField(_l("Địa điểm"), validators=[Optional(), max_length(200)])
    online_url = StringField(_l("Đường dẫn học trực tuyến"), validators=[Optional(), max_length(500)])

    @staticmethod
    def _utc(day: date, at: time) -> datetime:
        return to_utc(datetime.combine(day, at))

    def starts_utc(self) -> datetime:
        return self._utc(self.day.data, self.starts.data)

    def ends_utc(self) -> datetime:
        return self._utc(self.day.data, self.ends.data)


class TrainerForm(AppForm):
    who = StringField(_l("Email hoặc họ tên giảng viên"), validators=[required(), max_length(254)])


class MaterialFileForm(AppForm):
    file_title = StringField(_l("Tên tài liệu (để trống: tên tệp)"), validators=[Optional(), max_length(200)])
    file = FileField(_l("Tệp tài liệu"), validators=[
        FileRequired(_l("Hãy chọn tệp cần tải lên.")),
        FileAllowed(sorted(MATERIAL_TYPES), _l("Chỉ nhận tệp %(types)s.", types=TYPES_TEXT))])


class MaterialLinkForm(AppForm):
    link_title = StringField(_l("Tên tài liệu"), validators=[required(), max_length(200)])
    url = StringField(_l("Đường dẫn (http:// hoặc https://)"), validators=[required(), max_length(500)])
