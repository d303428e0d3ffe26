"""Forms of an examinee: one answer, and the submission (with the contest's prediction)."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional

from contest.core.web.forms import AppForm, PlainForm, WholeNumberField, max_length


class AnswerForm(PlainForm):
    """The answer to one question, with only the field(s) its type uses (see ``answer_form``).

    A plain WTForms form on the hot path: CSRF is checked for every POST by CSRFProtect (the
    token travels in a header with htmx), so it needs no token field of its own. ``check`` is
    the "Kiểm tra" button of an exam that shows each verdict at once.
    """

    check = BooleanField()


def _short(n: int):
    return lambda: StringField(validators=[Optional(), max_length(n)])


#: The fields of each question type (matching and ordering add one per item).
_TYPE_FIELDS = {
    "single_choice": {"choice": _short(40)},
    "multiple_choice": {"choices": lambda: SelectMultipleField(validate_choice=False)},
    "true_false": {"value": _short(40)},
    "numeric": {"value": _short(40)},
    "short_answer": {"text": lambda: TextAreaField(validators=[Optional(), max_length(20000)])},
    "essay": {"text": lambda: TextAreaField(validators=[Optional(), max_length(20000)])},
}


@lru_cache(maxsize=2048)
def _form_class(kind: str, pairs: tuple[str, ...], positions: tuple[str, ...]) -> type[AnswerForm]:
    fields = {name: make() for name, make in _TYPE_FIELDS.get(kind, {}).items()}
    fields.update({f"pair_{key}": _short(40)() for key in pairs})
    fields.update({f"pos_{key}": _short(4)() for key in positions})
    return type(f"AnswerForm_{kind}", (AnswerForm,), fields)


def answer_form(view: dict, formdata) -> AnswerForm:
    """An AnswerForm over ``formdata`` for the question ``view`` shows: the type's field, or
    one field per matching left item or ordering item."""
    # Sorted: each attempt shows the items in its own order, the fields are the same.
    form_class = _form_class(view["type"], tuple(sorted(left["key"] for left in view.get("lefts", []))),
                             tuple(sorted(item["key"] for item in view.get("items", []))))
    return form_class(formdata)


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


class PredictionForm(AppForm):
    """The contest's prediction alone: saved the moment it is typed on the submit page."""

    prediction = WholeNumberField(
        _l("Dự đoán: có bao nhiêu người trả lời đúng tất cả các câu hỏi của đợt này?"),
        min_value=0, max_value=10_000_000, message=_l("Dự đoán phải là một số nguyên không âm."))


class SubmitForm(PredictionForm):
    confirm = BooleanField()


class StartForm(AppForm):
    pass


class FlagForm(AppForm):
    flagged = BooleanField()


def prediction_required(form: SubmitForm) -> bool:
    """The contest asks for a prediction: it must be a whole number (0 or more)."""
    if form.prediction.data is None:
        form.prediction.errors = list(form.prediction.errors) + [
            str(_l("Hãy nhập dự đoán của bạn (một số nguyên không âm)."))]
        return False
    return True

