"""WTForms' built-in messages in Vietnamese.

WTForms ships no Vietnamese catalogue, so a tampered or unexpected value (a choice that is not
offered, a number field sent letters) was answered in English. Every form of the app gets these
through ``AppForm`` or ``PlainForm`` (contest/core/web/forms.py). Vietnamese has no plural forms: one
message serves both. Messages WTForms adds later fall back to its English text (a test lists
the installed ones). Flask-WTF's own CSRF messages are fixed English text, but a failed CSRF
check is answered by the app's Vietnamese error page (contest/core/web/errors.py), never a field.
"""

from __future__ import annotations

MESSAGES = {
    "Invalid field name '%s'.": "Tên trường không hợp lệ: '%s'.",
    "Field must be equal to %(other_name)s.": "Giá trị phải trùng với %(other_name)s.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Tối đa %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Phải có đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Cần từ %(min)d đến %(max)d ký tự.",
    "Number must be at least %(min)s.": "Số phải từ %(min)s trở lên.",
    "Number must be at most %(max)s.": "Số phải không quá %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải trong khoảng %(min)s đến %(max)s.",
    "Date must be at least %(min)s.": "Ngày phải từ %(min)s trở đi.",
    "Date must be at most %(max)s.": "Ngày phải không sau %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Ngày phải trong khoảng %(min)s đến %(max)s.",
    "This field is required.": "Vui lòng nhập mục này.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Invalid email address.": "Địa chỉ email không hợp lệ.",
    "Invalid IP address.": "Địa chỉ IP không hợp lệ.",
    "Invalid Mac address.": "Địa chỉ MAC không hợp lệ.",
    "Invalid URL.": "Địa chỉ URL không hợp lệ.",
    "Invalid UUID.": "Mã UUID không hợp lệ.",
    "Invalid value, must be one of: %(values)s.": "Giá trị không hợp lệ; chỉ nhận: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Giá trị không hợp lệ; không được là: %(values)s.",
    "This field cannot be edited.": "Mục này không được sửa.",
    "This field is disabled and cannot have a value.": "Mục này đã bị khóa, không nhận giá trị.",
    "Invalid CSRF Token.": "Biểu mẫu không hợp lệ. Vui lòng tải lại trang rồi thử lại.",
    "CSRF token missing.": "Biểu mẫu thiếu mã bảo vệ. Vui lòng tải lại trang rồi thử lại.",
    "CSRF failed.": "Biểu mẫu không hợp lệ. Vui lòng tải lại trang rồi thử lại.",
    "CSRF token expired.": "Biểu mẫu đã hết hạn. Vui lòng tải lại trang rồi thử lại.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Chưa có lựa chọn nào để chọn.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Có lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "'%(value)s' không phải là lựa chọn hợp lệ.",
    "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid week value.": "Tuần không hợp lệ.",
    "Not a valid integer value.": "Phải là số nguyên.",
    "Not a valid decimal value.": "Phải là số.",
    "Not a valid float value.": "Phải là số.",
}


class VietnameseMessages:
    """The translations object WTForms asks for (``gettext`` and ``ngettext``)."""

    def gettext(self, string: str) -> str:
        return MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return MESSAGES.get(singular) or (singular if n == 1 else plural)


VIETNAMESE = VietnameseMessages()
