"""What each type says to the web layer: editor rows round-trip, posted answers are read."""

import pytest

from question_bank import authoring
from question_bank.types import QUESTION_TYPES, QuestionType, get_type, register
from tests.unit.test_types import sample


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_editor_rows_give_back_the_record(type_name):
    record = sample(type_name)
    data = {"type": type_name, "stem": record.stem, "options": authoring.form_rows(record),
            **authoring.form_data(record)}
    again = authoring.record_from_form(data)
    for name in ("choices", "correct", "numeric", "pairs", "items", "case_sensitive"):
        mine, theirs = getattr(again, name), getattr(record, name)
        if name == "choices":  # the editor keeps text, key and credit of each choice
            mine = [(c.text, c.key, c.fraction > 0) for c in mine]
            theirs = [(c.text, c.key, c.fraction > 0) for c in theirs]
        if name == "pairs":  # the editor has no right-hand key: a new one is drawn on save
            mine = [(p.left, p.right, p.key) for p in mine]
            theirs = [(p.left, p.right, p.key) for p in theirs]
        if name == "numeric":
            mine = [(n.value, n.low, n.high) for n in mine]
            theirs = [(n.value, n.low, n.high) for n in theirs]
        assert mine == theirs, name


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_the_answer_key_posted_as_a_form_reads_back_as_full_credit(type_name):
    """The fields a type names carry its own answer key back to a full-credit response."""
    if not get_type(type_name).auto_graded:
        return
    record = sample(type_name)
    qtype = get_type(type_name)
    view = qtype.public_view(record, None)
    posted = qtype.as_posted(qtype.answer_key(record))
    fields = qtype.answer_fields(qtype.answer_keys(view))
    raw = qtype.read_answer(view, {name: posted.get(name) for name in fields})
    assert qtype.grade(record, qtype.clean_response(record, raw)).correct


def test_a_name_longer_than_the_column_is_refused():
    class TooLong(QuestionType):
        name = "x" * 31

    with pytest.raises(ValueError):
        register(TooLong)
