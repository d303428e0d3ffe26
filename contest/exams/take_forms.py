"""Forms of an examinee: one answer, and the submission (with the contest's prediction)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional

from contest.web.forms import WholeNumberField, max_length


class AnswerForm(FlaskForm):
    """Fields for every type; matching and ordering add one field per item (see ``answer_form``).

    CSRF is checked for every POST by CSRFProtect (the token travels in a header with htmx), so
    this form does not check it a second time on the hot path.
    """

    class Meta:
        csrf = False

    choice = StringField(validators=[Optional(), max_length(40)])
    choices = SelectMultipleField(validate_choice=False)
    value = StringField(validators=[Optional(), max_length(40)])
    text = TextAreaField(validators=[Optional(), max_length(20000)])


def answer_form(view: dict) -> AnswerForm:
    """An AnswerForm with a field per matching left item or ordering item of ``view``."""
    extra = {}
    for left in view.get("lefts", []):
        extra[f"pair_{left['key']}"] = StringField(validators=[Optional(), max_length(40)])
    for item in view.get("items", []):
        extra[f"pos_{item['key']}"] = StringField(validators=[Optional(), max_length(4)])
    form_class = type("AnswerFormFor", (AnswerForm,), extra) if extra else AnswerForm
    return form_class()


def raw_response(view: dict, form: AnswerForm) -> dict | None:
    """The response as the question type expects it; {} when nothing is chosen; None when an
    ordering is only partly filled (it is kept in the browser until complete)."""
    kind = view["type"]
    if kind == "single_choice":
        return {"choice": form.choice.data} if form.choice.data else {}
    if kind == "multiple_choice":
        return {"choices": list(form.choices.data)} if form.choices.data else {}
    if kind in ("true_false", "numeric"):
        return {"value": form.value.data} if form.value.data else {}
    if kind in ("short_answer", "essay"):
        return {"text": form.text.data} if (form.text.data or "").strip() else {}
    if kind == "matching":
        pairs = {left["key"]: form[f"pair_{left['key']}"].data for left in view["lefts"]}
        pairs = {k: v for k, v in pairs.items() if v}
        return {"pairs": pairs} if pairs else {}
    if kind == "ordering":
        positions = {item["key"]: form[f"pos_{item['key']}"].data for item in view["items"]}
        if not any(positions.values()):
            return {}
        if not all((p or "").isdigit() for p in positions.values()):
            return None
        order = sorted(positions, key=lambda key: int(positions[key]))
        if sorted(int(p) for p in positions.values()) != list(range(1, len(order) + 1)):
            return None
        return {"order": order}
    return {}


class SubmitForm(FlaskForm):
    prediction = WholeNumberField(
        _l("Dự đoán: có bao nhiêu người trả lời đúng tất cả các câu hỏi của đợt này?"),
        min_value=0, max_value=10_000_000, message=_l("Dự đoán phải là một số nguyên không âm."))
    confirm = BooleanField()


class StartForm(FlaskForm):
    pass


class FlagForm(FlaskForm):
    flagged = BooleanField()


def prediction_required(form: SubmitForm) -> bool:
    """The contest asks for a prediction: it must be a whole number (0 or more)."""
    if form.prediction.data is None:
        form.prediction.errors = list(form.prediction.errors) + [
            str(_l("Hãy nhập dự đoán của bạn (một số nguyên không âm)."))]
        return False
    return True

