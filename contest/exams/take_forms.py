"""Forms of an examinee: one answer, and the submission (with the contest's prediction)."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import Optional

from contest.core.web.forms import AppForm, PlainForm, WholeNumberField, max_length
from question_bank.types import REGISTRY, AnswerField, QuestionType, get_type


class AnswerForm(PlainForm):
    """The answer to one question, with only the field(s) its type uses (see ``answer_form``).

    A plain WTForms form on the hot path: CSRF is checked for every POST by CSRFProtect (the
    token travels in a header with htmx), so it needs no token field of its own. ``check`` is
    the "Kiểm tra" button of an exam that shows each verdict at once.
    """

    check = BooleanField()


def _field(spec: AnswerField):
    if spec.many:
        return SelectMultipleField(validate_choice=False)
    return StringField(validators=[Optional(), max_length(spec.max_length)])


@lru_cache(maxsize=2048)
def _form_class(qtype: type[QuestionType], keys: tuple[str, ...]) -> type[AnswerForm]:
    """One form class per type (the class itself, so a re-registered name gets its own) and
    item keys: the fields the type names in ``answer_fields``."""
    fields = {name: _field(spec) for name, spec in qtype().answer_fields(keys).items()}
    return type(f"AnswerForm_{qtype.name}", (AnswerForm,), fields)


def answer_form(view: dict, formdata) -> AnswerForm:
    """An AnswerForm over ``formdata`` for the question ``view`` shows, with the fields its type
    posts (``QuestionType.answer_fields``; one per item for matching and ordering)."""
    qtype = REGISTRY[view["type"]]
    return _form_class(qtype, qtype().answer_keys(view))(formdata)


def raw_response(view: dict, form: AnswerForm) -> dict | None:
    """The response as the question type expects it (``QuestionType.read_answer``): {} when
    nothing is chosen; None when the answer is incomplete (an ordering only partly filled is
    kept in the browser until complete)."""
    return get_type(view["type"]).read_answer(view, form.data)


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

