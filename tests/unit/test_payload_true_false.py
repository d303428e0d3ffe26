"""A stored version keeps a true/false question's answer, "Sai" (False) included."""

from types import SimpleNamespace

import pytest

from question_bank.payload import from_version, to_payload
from question_bank.records import QuestionRecord
from question_bank.types import get_type


@pytest.mark.parametrize("answer", [True, False])
def test_a_true_false_answer_survives_the_payload_and_grades(answer):
    record = QuestionRecord(type="true_false", stem="Cổng dịch vụ công quốc gia có địa chỉ dichvucong.gov.vn.",
                            correct=answer)
    stored = SimpleNamespace(type="true_false", stem=record.stem, title="", payload=to_payload(record),
                             explanation="", difficulty=None, tags=[])
    again = from_version(stored)
    assert again.correct is answer
    assert get_type("true_false").grade(again, {"value": answer}).correct


def test_a_version_stored_without_its_false_answer_reads_as_false():
    """Before the fix, 'Sai' was dropped from the payload: such versions still grade right."""
    stored = SimpleNamespace(type="true_false", stem="Câu cũ", title="", payload={}, explanation="",
                             difficulty=None, tags=[])
    again = from_version(stored)
    assert again.correct is False
    assert get_type("true_false").grade(again, {"value": False}).correct
