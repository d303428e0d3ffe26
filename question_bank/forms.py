"""Authoring forms: banks, categories, questions (with their option rows) and bulk actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from contest.core.web.forms import (
    INVALID_CHOICE,
    AppForm,
    PlainForm,
    coerce_id,
    coerce_int_or_none,
    max_length,
    required,
)
from question_bank.types import REGISTRY

DIFFICULTY_CHOICES = [("easy", _l("Dễ")), ("medium", _l("Trung bình")), ("hard", _l("Khó"))]
STATUS_LABELS = {"draft": _l("Nháp"), "in_review": _l("Chờ duyệt"), "published": _l("Đã xuất bản"),
                 "retired": _l("Ngừng sử dụng")}


def type_labels() -> dict[str, str]:
    """Each registered type's label, translated, in the registry's order (read at each call,
    so a type registered after start-up is offered too)."""
    return {name: _l(cls.label) for name, cls in REGISTRY.items()}


def _type_choices() -> list[tuple[str, str]]:
    return list(type_labels().items())


def _type_filter_choices() -> list[tuple[str, str]]:
    return [("", _l("Tất cả"))] + _type_choices()

IMAGE_TYPES = ["png", "jpg", "jpeg", "gif", "webp"]


class BankForm(AppForm):
    name = StringField(_l("Tên ngân hàng"), validators=[required(), max_length(200)])
    description = TextAreaField(_l("Mô tả"), validators=[Optional(), max_length(2000)])
    is_public = BooleanField(_l("Dùng cho cuộc thi công khai (người dân)"))
    position_ids = SelectMultipleField(_l("Vị trí việc làm"), coerce=coerce_id, validate_choice=False)
    field_ids = SelectMultipleField(_l("Lĩnh vực"), coerce=coerce_id, validate_choice=False)
    reviewer_ids = SelectMultipleField(_l("Người duyệt"), coerce=coerce_id, validate_choice=False)


class CategoryForm(AppForm):
    name = StringField(_l("Tên chủ đề"), validators=[required(), max_length(200)])
    parent_id = SelectField(_l("Thuộc chủ đề"), coerce=coerce_int_or_none, validate_choice=False)


class OptionForm(PlainForm):
    """One row of the option editor; its meaning depends on the question type."""

    key = HiddenField()
    fraction = HiddenField()  #: the stored credit, kept while the "correct" box agrees with it
    text = TextAreaField(validators=[Optional(), max_length(2000)])
    match = StringField(validators=[Optional(), max_length(1000)])
    correct = BooleanField()
    #: single choice: the credit of a choice that is not the right one, in percent ("50")
    percent = StringField(validators=[Optional(), max_length(12)])
    feedback = StringField(validators=[Optional(), max_length(1000)])


class QuestionForm(AppForm):
    type = SelectField(_l("Loại câu hỏi"), choices=_type_choices,
                       invalid_choice_message=INVALID_CHOICE)
    category_id = SelectField(_l("Chủ đề"), coerce=coerce_int_or_none, validate_choice=False)
    title = StringField(_l("Tiêu đề (không bắt buộc)"), validators=[Optional(), max_length(255)])
    stem = TextAreaField(_l("Nội dung câu hỏi"), validators=[max_length(20000)])
    image = FileField(_l("Chèn hình ảnh"), validators=[
        FileAllowed(IMAGE_TYPES, _l("Chỉ nhận ảnh PNG, JPEG, GIF hoặc WEBP."))])
    options = FieldList(FormField(OptionForm), min_entries=0, max_entries=30)
    tf_correct = RadioField(_l("Đáp án đúng"), choices=[("true", _l("Đúng")), ("false", _l("Sai"))],
                            validators=[Optional()], validate_choice=False)
    case_sensitive = BooleanField(_l("Phân biệt chữ hoa, chữ thường"))
    explanation = TextAreaField(_l("Giải thích đáp án"), validators=[Optional(), max_length(5000)])
    difficulty = SelectField(_l("Mức độ"), choices=DIFFICULTY_CHOICES, default="medium",
                             invalid_choice_message=INVALID_CHOICE)
    tags = StringField(_l("Thẻ (cách nhau bằng dấu phẩy)"), validators=[Optional(), max_length(500)])
    position_ids = SelectMultipleField(_l("Vị trí việc làm"), coerce=coerce_id, validate_choice=False)
    field_ids = SelectMultipleField(_l("Lĩnh vực"), coerce=coerce_id, validate_choice=False)
    lock = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    #: Which button was pressed: save, add_option, remove-N, up-N, down-N, change_type.
    action = StringField(validators=[Optional(), max_length(30)])


DECISIONS = [("approve", _l("Duyệt và xuất bản")), ("return", _l("Trả lại cho tác giả"))]


class ReviewForm(AppForm):
    decision = RadioField(_l("Quyết định"), choices=DECISIONS, validators=[required()])
    comment = TextAreaField(_l("Nhận xét"), validators=[Optional(), max_length(2000)])
    lock = IntegerField(widget=HiddenField.widget, validators=[Optional()])


class LockForm(AppForm):
    """Submit, withdraw, retire: a button with the lock the author saw."""

    lock = IntegerField(widget=HiddenField.widget, validators=[Optional()])


class FilterForm(PlainForm):
    """The GET filter of a bank's question list (no CSRF: it changes nothing)."""

    q = StringField(_l("Tìm kiếm"), validators=[Optional(), max_length(200)])
    category_id = SelectField(_l("Chủ đề"), coerce=coerce_int_or_none, validate_choice=False)
    type = SelectField(_l("Loại"), choices=_type_filter_choices,
                       validate_choice=False)
    difficulty = SelectField(_l("Mức độ"), choices=[("", _l("Tất cả"))] + DIFFICULTY_CHOICES,
                             validate_choice=False)
    status = SelectField(_l("Trạng thái"), choices=[("", _l("Tất cả"))] + list(STATUS_LABELS.items()),
                         validate_choice=False)
    tag = SelectField(_l("Thẻ"), validate_choice=False)
    position_id = SelectField(_l("Vị trí việc làm"), coerce=coerce_int_or_none, validate_choice=False)
    field_id = SelectField(_l("Lĩnh vực"), coerce=coerce_int_or_none, validate_choice=False)
    page = IntegerField(default=1, validators=[Optional()])


class BulkForm(AppForm):
    question_ids = SelectMultipleField(coerce=coerce_id, validate_choice=False)
    bulk_action = SelectField(_l("Thao tác hàng loạt"), choices=[
        ("move", _l("Chuyển chủ đề")), ("tag", _l("Gắn thẻ")), ("untag", _l("Bỏ thẻ")),
        ("submit", _l("Gửi duyệt")), ("retire", _l("Ngừng sử dụng"))])
    category_id = SelectField(_l("Chủ đề đích"), coerce=coerce_int_or_none, validate_choice=False)
    tag = StringField(_l("Thẻ"), validators=[Optional(), max_length(60)])


class QueueFilterForm(PlainForm):
    """The GET filter of the review queue: one bank or all, and the page."""

    bank_id = SelectField(_l("Ngân hàng"), coerce=coerce_int_or_none, validate_choice=False)
    page = IntegerField(default=1, validators=[Optional()])


class ReviewBatchForm(AppForm):
    """One decision and one comment for the questions ticked in the review queue."""

    question_ids = SelectMultipleField(coerce=coerce_id, validate_choice=False,
                                       validators=[required()])
    decision = RadioField(_l("Quyết định cho các câu đã chọn"), choices=DECISIONS,
                          validators=[required()])
    comment = TextAreaField(_l("Nhận xét (bắt buộc khi trả lại)"),
                            validators=[Optional(), max_length(2000)])
