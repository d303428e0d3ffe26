"""Forms of the exam management pages. Database choices are filled in by the views.

Numbers and dates get Vietnamese messages (WTForms has no Vietnamese catalogue); decimals accept
a comma ("0,5"). Round times are typed in Vietnam time and stored as naive UTC.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    FloatField,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional
from wtforms.widgets import HiddenInput

from contest.core.web.forms import (
    INVALID_CHOICE,
    MAX_ID,
    AppForm,
    PlainForm,
    WholeNumberField,
    coerce_int_or_none,
    max_length,
    required,
)
from contest.exams.models import Exam, RoundState
from contest.exams.review_policy import PHASES, ReviewPolicy, default_policy
from question_bank.forms import DIFFICULTY_CHOICES
from question_bank.textnorm import fold

KIND_LABELS = {"contest": _l("Cuộc thi"), "assessment": _l("Kỳ sát hạch"),
               "practice": _l("Bài luyện tập")}
EXAM_STATUS_LABELS = {"draft": _l("Bản nháp"), "published": _l("Đã công bố"),
                      "archived": _l("Đã lưu trữ")}
ROUND_STATUS_LABELS = {state: _l(state.label) for state in RoundState}  #: the states' own labels
COUNTED_CHOICES = [("highest", _l("Lượt có điểm cao nhất")), ("last", _l("Lượt làm sau cùng")),
                   ("first", _l("Lượt làm đầu tiên"))]
LEADERBOARD_CHOICES = [("live", _l("Hiện và cập nhật liên tục")),
                       ("frozen", _l("Đóng băng: hiện như lúc bị đóng băng")),
                       ("hidden", _l("Ẩn cho đến khi đợt thi đóng"))]
PHASE_LABELS = {"during": _l("Trong khi làm bài"), "after_submit": _l("Ngay sau khi nộp bài"),
                "after_close": _l("Sau khi đợt thi đóng")}
MAX_TIERS = 20


def _number_message():
    return _("Hãy nhập một số.")


class IntField(IntegerField):
    """An integer; blank is "no value" (validators decide), anything else must be a number."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if text:
            try:
                self.data = int(text)
            except ValueError as err:
                raise ValueError(_("Hãy nhập một số nguyên.")) from err


class DecimalCommaField(FloatField):
    """A decimal number; "0,5" and "0.5" both read as one half."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.data = None
        if text:
            try:
                self.data = float(text)
            except ValueError as err:
                raise ValueError(_number_message()) from err


#: Round times outside these years are typing mistakes (year 1 also overflowed the conversion
#: to UTC: a 500).
YEARS = (2000, 2100)


class LocalDateTimeField(DateTimeLocalField):
    """A ``datetime-local`` input in Vietnam time, in the years ``YEARS``; ``utc()`` gives the
    naive UTC to store."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as err:
            raise ValueError(_("Ngày giờ không hợp lệ.")) from err
        if self.data is not None and not YEARS[0] <= self.data.year <= YEARS[1]:
            self.data = None
            raise ValueError(_("Hãy chọn thời điểm trong các năm %(first)d đến %(last)d.",
                               first=YEARS[0], last=YEARS[1]))

    def utc(self) -> datetime | None:
        return to_utc(self.data) if self.data else None


def local_time(value: datetime) -> datetime:
    """A stored naive-UTC time as the wall clock of Vietnam, for a ``datetime-local`` input."""
    return to_user_timezone(value).replace(tzinfo=None)


#: "1, từ 9 điểm" / "1 (từ 7,5 điểm)": how many, then an optional minimum score (folded text).
_TIER_REST = re.compile(r"\s*([^,;(]*)(?:[,;(](.*))?")
_TIER_MINIMUM = re.compile(r"\s*(?:tu|>=|≥)\s*(\d+(?:[.,]\d+)?)\s*(?:diem)?\s*\)?\s*")


def parse_prize_tiers(text: str, minimum: bool = True) -> tuple[list[dict[str, Any]], list[str]]:
    """Prize tiers typed one a line as "Giải Nhất: 1" (name, colon, how many), in award order;
    with ``minimum``, a line may add the score a prize needs: "Giải Nhất: 1, từ 9 điểm" (stored as
    ``min_score``; without it a prize needs a score above zero, see ``ranking.PrizeTier``).

    Blank lines are skipped; each bad line gets its own message naming its line number.
    """
    tiers: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: set[str] = set()
    if len(text or "") > 5000:
        return [], [_("Cơ cấu giải thưởng quá dài.")]
    for number, line in enumerate(unicodedata.normalize("NFC", text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, rest = line.rpartition(":")
        name = " ".join(name.split())
        count, min_text = _TIER_REST.fullmatch(rest).groups()
        count = count.strip()
        min_match = _TIER_MINIMUM.fullmatch(fold(min_text)) if minimum and min_text is not None else None
        min_score = float(min_match.group(1).replace(",", ".")) if min_match else None
        if not colon or not name:
            problems.append(_("Dòng %(n)d: hãy viết theo mẫu «Giải Nhất: 1».", n=number))
        elif len(name) > 80:
            problems.append(_("Dòng %(n)d: tên giải dài quá 80 ký tự.", n=number))
        elif not count.isdigit() or not 1 <= int(count) <= 1000:
            problems.append(_("Dòng %(n)d: số lượng giải phải là số nguyên từ 1 đến 1000.", n=number))
        elif min_text is not None and min_match is None:
            problems.append(_("Dòng %(n)d: hãy ghi điểm tối thiểu theo mẫu «Giải Nhất: 1, từ 9 điểm».", n=number)
                            if minimum else _("Dòng %(n)d: hãy viết theo mẫu «Giải Nhất: 1».", n=number))
        elif min_score is not None and not 0 < min_score <= 100000:
            problems.append(_("Dòng %(n)d: điểm tối thiểu phải lớn hơn 0.", n=number))
        elif name.lower() in seen:
            problems.append(_("Dòng %(n)d: giải «%(name)s» bị trùng tên.", n=number, name=name))
        else:
            seen.add(name.lower())
            tiers.append({"name": name, "count": int(count)}
                         | ({"min_score": min_score} if min_score is not None else {}))
    if len(tiers) > MAX_TIERS:
        problems.append(_("Tối đa %(n)d hạng giải.", n=MAX_TIERS))
    return tiers, problems


def tier_line(tier: dict[str, Any]) -> str:
    """A stored tier as it is typed: "Giải Nhì: 2" or "Giải Nhì: 2, từ 7,5 điểm"."""
    line = f"{tier['name']}: {tier['count']}"
    if tier.get("min_score") is not None:
        line += ", " + _("từ %(score)s điểm", score=format(tier["min_score"], "g").replace(".", ","))
    return line


class PrizeTiersField(TextAreaField):
    """A textarea of prize tiers; ``data`` is the list stored on the exam. ``minimum``: lines may
    state a minimum score (individual prizes; units are ranked by participation instead)."""

    problems: list[str] = []

    def __init__(self, label=None, validators=None, minimum: bool = True, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.minimum = minimum

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(tier_line(t) for t in self.data or [])

    def process_formdata(self, valuelist):
        self.data, self.problems = parse_prize_tiers(valuelist[0] if valuelist else "", self.minimum)

    def pre_validate(self, form):
        if self.problems:
            self.errors.extend(self.problems[:-1])
            raise ValidationError(self.problems[-1])


class VisibilityForm(PlainForm):
    """What the examinee sees in one phase (see ``review_policy.Visibility``)."""

    score = BooleanField(_l("Điểm số"))
    correctness = BooleanField(_l("Câu nào đúng, câu nào sai"))
    correct_answers = BooleanField(_l("Đáp án đúng"))
    explanations = BooleanField(_l("Lời giải thích"))


class ExamSettingsForm(AppForm):
    title = StringField(_l("Tên kỳ thi"), validators=[required(), max_length(200)])
    rules_html = TextAreaField(_l("Thể lệ"), validators=[Optional(), max_length(50000)])
    time_limit_minutes = IntField(_l("Thời gian làm bài (phút)"), validators=[
        Optional(), NumberRange(1, 1440, _l("Từ 1 đến 1440 phút."))])
    attempts_allowed = IntField(_l("Số lượt thi được phép"), default=1, validators=[
        InputRequired(_l("Trường này là bắt buộc.")), NumberRange(1, 50, _l("Từ 1 đến 50 lượt."))])
    counted_attempt = SelectField(_l("Lượt được tính kết quả"), choices=COUNTED_CHOICES,
                                  invalid_choice_message=INVALID_CHOICE)
    shuffle_questions = BooleanField(_l("Trộn thứ tự câu hỏi"), default=True)
    shuffle_options = BooleanField(_l("Trộn thứ tự phương án"), default=True)
    pass_percent = IntField(_l("Điểm đạt (% điểm tối đa)"), default=50, validators=[
        Optional(), NumberRange(1, 100, _l("Từ 1 đến 100%%."))])
    ask_prediction = BooleanField(_l("Có câu hỏi dự đoán số người trả lời đúng tất cả"))
    leaderboard = SelectField(_l("Bảng xếp hạng"), choices=LEADERBOARD_CHOICES, default="live",
                              invalid_choice_message=INVALID_CHOICE)
    prize_tiers = PrizeTiersField(_l("Cơ cấu giải thưởng (mỗi dòng một giải)"))
    unit_prize_tiers = PrizeTiersField(_l("Giải tập thể theo đơn vị (mỗi dòng một giải)"), minimum=False)
    issues_certificate = BooleanField(_l("Cấp giấy chứng nhận khi đạt / đoạt giải"))
    review_during = FormField(VisibilityForm)
    review_after_submit = FormField(VisibilityForm)
    review_after_close = FormField(VisibilityForm)

    def review_fields(self):
        return [(PHASE_LABELS[phase], self[f"review_{phase}"]) for phase in PHASES]

    def settings(self) -> dict[str, Any]:
        """The form as ``authoring.update_settings`` keywords (the service keeps each kind's own)."""
        minutes = self.time_limit_minutes.data
        percent = self.pass_percent.data if self.pass_percent.data is not None else 50
        policy = {phase: self[f"review_{phase}"].data for phase in PHASES}
        return {"title": self.title.data, "rules_html": self.rules_html.data or "",
                "time_limit_seconds": minutes * 60 if minutes else None,
                "attempts_allowed": self.attempts_allowed.data,
                "counted_attempt": self.counted_attempt.data,
                "shuffle_questions": self.shuffle_questions.data,
                "shuffle_options": self.shuffle_options.data, "pass_ratio": percent / 100,
                "ask_prediction": self.ask_prediction.data, "leaderboard": self.leaderboard.data,
                "prize_tiers": self.prize_tiers.data or [],
                "unit_prize_tiers": self.unit_prize_tiers.data or [],
                "issues_certificate": self.issues_certificate.data,
                "review_policy": ReviewPolicy.from_dict(policy).to_dict()}


def settings_data(exam: Exam | None = None, kind: str = "contest") -> dict[str, Any]:
    """Initial form data: the exam's settings, or a new exam's defaults for ``kind``."""
    if exam is None:
        policy = default_policy(kind).to_dict()
        return {"ask_prediction": kind == "contest", **{f"review_{p}": policy[p] for p in PHASES}}
    policy = ReviewPolicy.from_dict(exam.review_policy or {}).to_dict()
    return {"title": exam.title, "rules_html": exam.rules_html,
            "time_limit_minutes": exam.time_limit_seconds // 60 if exam.time_limit_seconds else None,
            "attempts_allowed": exam.attempts_allowed, "counted_attempt": exam.counted_attempt,
            "shuffle_questions": exam.shuffle_questions, "shuffle_options": exam.shuffle_options,
            "pass_percent": round(exam.pass_ratio * 100) if exam.pass_ratio is not None else 50,
            "ask_prediction": exam.ask_prediction, "leaderboard": exam.leaderboard.value,
            "prize_tiers": exam.prize_tiers, "unit_prize_tiers": exam.unit_prize_tiers,
            "issues_certificate": exam.issues_certificate, **{f"review_{p}": policy[p] for p in PHASES}}


class KindForm(PlainForm):
    """The GET argument choosing the kind of a new exam (no CSRF: it changes nothing)."""

    kind = SelectField(choices=list(KIND_LABELS.items()), validators=[InputRequired()])


class RowsForm(AppForm):
    """An editor of rows: the pressed button says save, add, remove-N or refresh."""

    action = StringField(validators=[Optional(), max_length(30)])

    def removed_row(self) -> int | None:
        action = self.action.data or ""
        if action.startswith("remove-") and action[7:].isdigit():
            return int(action[7:])
        return None


class RuleRowForm(PlainForm):
    bank_id = SelectField(_l("Ngân hàng"), coerce=coerce_int_or_none, validate_choice=False)
    category_id = SelectField(_l("Chủ đề"), coerce=coerce_int_or_none, validate_choice=False)
    difficulty = SelectField(_l("Mức độ"), choices=[("", _l("Mọi mức độ"))] + DIFFICULTY_CHOICES,
                             invalid_choice_message=INVALID_CHOICE)
    count = IntField(_l("Số câu"), default=1, validators=[
        InputRequired(_l("Nhập số câu.")), NumberRange(1, 500, _l("Từ 1 đến 500 câu."))])
    points = DecimalCommaField(_l("Điểm mỗi câu"), default=1.0, validators=[
        InputRequired(_l("Nhập điểm.")), NumberRange(0, 1000, _l("Từ 0 đến 1000 điểm."))])


class RulesForm(RowsForm):
    rules = FieldList(FormField(RuleRowForm), min_entries=0, max_entries=50)


class FixedRowForm(PlainForm):
    question_id = IntField(_l("Mã câu hỏi"), validators=[
        InputRequired(_l("Nhập mã câu hỏi.")), NumberRange(1, MAX_ID, _l("Mã câu hỏi không hợp lệ."))])
    points = DecimalCommaField(_l("Điểm"), default=1.0, validators=[
        InputRequired(_l("Nhập điểm.")), NumberRange(0, 1000, _l("Từ 0 đến 1000 điểm."))])


class FixedForm(RowsForm):
    fixed = FieldList(FormField(FixedRowForm), min_entries=0, max_entries=100)


class AssignmentRowForm(PlainForm):
    unit_id = SelectField(_l("Đơn vị (gồm cả đơn vị trực thuộc)"), coerce=coerce_int_or_none,
                          validate_choice=False)
    job_position_id = SelectField(_l("Vị trí việc làm"), coerce=coerce_int_or_none, validate_choice=False)
    field_id = SelectField(_l("Lĩnh vực"), coerce=coerce_int_or_none, validate_choice=False)


class AssignmentsForm(RowsForm):
    rows = FieldList(FormField(AssignmentRowForm), min_entries=0, max_entries=50)
    officials = TextAreaField(_l("Cán bộ được chỉ định riêng (email hoặc số điện thoại, mỗi dòng một người)"),
                              validators=[Optional(), max_length(20000)])

    def logins(self) -> list[str]:
        text = (self.officials.data or "").replace(",", "\n").replace(";", "\n")
        return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


class RoundForm(AppForm):
    name = StringField(_l("Tên đợt thi"), validators=[required(), max_length(120)])
    opens_at = LocalDateTimeField(_l("Mở lúc (giờ Việt Nam)"), validators=[
        InputRequired(_l("Trường này là bắt buộc."))])
    closes_at = LocalDateTimeField(_l("Đóng lúc (giờ Việt Nam)"), validators=[
        InputRequired(_l("Trường này là bắt buộc."))])

    def validate_closes_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_("Thời điểm đóng phải sau thời điểm mở."))


class HeadcountRowForm(PlainForm):
    """One unit's headcount for a round; blank: the people registered in the unit."""

    unit_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    headcount = IntField(_l("Số người của đơn vị"), validators=[
        Optional(), NumberRange(1, 10_000_000, _l("Từ 1 đến 10.000.000 người."))])


class HeadcountsForm(AppForm):
    """The headcounts of units for a round's collective prizes (``services.headcounts``)."""

    rows = FieldList(FormField(HeadcountRowForm), min_entries=0, max_entries=5000)

    def values(self) -> dict[int, int | None]:
        return {row["unit_id"]: row["headcount"] for row in self.rows.data}


class CloseRoundForm(AppForm):
    """Closing a round cannot be undone: the organiser ticks that they understand."""

    confirm = BooleanField(_l("Tôi hiểu rằng đóng đợt thi sẽ chốt kết quả và không thể hoàn tác."), validators=[
        DataRequired(_l("Hãy đánh dấu ô xác nhận để đóng đợt thi: việc này không thể hoàn tác."))])


class ActionForm(AppForm):
    """A button that changes something (publish, archive, close a round): CSRF only."""


class SampleForm(PlainForm):
    """GET arguments of the sample draw: a seed to replay (random when absent)."""

    seed = IntField(validators=[Optional(), NumberRange(0, 2**31 - 1)])


class PageForm(PlainForm):
    page = IntField(default=1, validators=[Optional(), NumberRange(1, None)])


class GradeForm(AppForm):
    """A trainer's grade for one essay answer, as a share of its points."""

    answer_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    percent = WholeNumberField(_l("Điểm (phần trăm)"), min_value=0, max_value=100,
                               message=_l("Điểm phải là số nguyên từ 0 đến 100."),
                               validators=[InputRequired(message=_l("Hãy nhập điểm từ 0 đến 100."))])
