"""A question type defined here alone goes through the whole product (issue 11, item 2).

The "agree" scale below is registered by this test only, with its own partials as template
sources; nothing else in the code base knows it. A trainer authors it in the bank editor, a
reviewer publishes it, a citizen answers it in a contest through the real start, save and submit
routes, it is graded at submission, and the result page shows its answer key once the review
policy allows (after the round closes). The type is unregistered afterwards.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.core.db import utcnow
from contest.core.i18n import N_
from contest.exams.models import Attempt, AttemptQuestion, Round
from contest.exams.services import results
from question_bank.models import Question, QuestionStatus, QuestionVersion
from question_bank.records import QuestionRecord
from question_bank.types import (
    AnswerField,
    InvalidResponse,
    QuestionType,
    Score,
    register,
    unregister,
)
from question_bank.types.common import BAD_SHAPE, check_record
from tests.conftest import WebClient

NAME = "agree_scale"
_WORDS = {"yes": True, "no": False}

PARTIALS = {
    "answer": """
<fieldset class="choices"><legend class="sr-only">{{ _("Đồng ý hay không") }}</legend>
  {% for value, label in (("yes", "Đồng ý"), ("no", "Không đồng ý")) %}
  <label class="choice"><input type="radio" name="{{ prefix }}agree" value="{{ value }}" data-agree
    {% if response.get("agree") is not none and response.get("agree") == (value == "yes") %}checked{% endif %}
    {% if disabled %}disabled{% endif %}> {{ label }}</label>
  {% endfor %}
</fieldset>""",
    "review": """{% macro answer() %}<strong>Ý kiến của bạn:</strong>
  {{ "Đồng ý" if response.get("agree") else "Không đồng ý" }}{% endmacro %}""",
    "key": """<span class="agree-key">Ý kiến đúng: {{ "Đồng ý" if record.correct else "Không đồng ý" }}</span>""",
    "editor": """
<fieldset class="field"><legend>Ý kiến đúng</legend>
  {% for value, label in (("true", "Đồng ý"), ("false", "Không đồng ý")) %}
  <label><input type="radio" name="tf_correct" value="{{ value }}" data-agree-editor
    {% if form.tf_correct.data == value %}checked{% endif %}> {{ label }}</label>
  {% endfor %}
</fieldset>""",
}


class AgreeScale(QuestionType):
    """A statement to agree with or not; one of the two is keyed right (``record.correct``:
    True = "Đồng ý"). Auto-graded: 1 for the keyed opinion, else 0. Response ``{"agree": bool}``."""

    name = NAME
    label = N_("Đồng ý / Không đồng ý")
    template_sources = PARTIALS

    def validate(self, record: QuestionRecord) -> list[str]:
        problems = check_record(record)
        if not isinstance(record.correct, bool):
            problems.append("Hãy chọn ý kiến đúng: Đồng ý hoặc Không đồng ý.")
        return problems

    def public_view(self, record: QuestionRecord, rng: random.Random | None) -> dict[str, Any]:
        return {"type": self.name, "stem": record.stem}

    def clean_response(self, record: QuestionRecord, raw: dict[str, Any]) -> dict[str, Any]:
        value = _WORDS.get(raw.get("agree")) if isinstance(raw.get("agree"), str) else None
        if value is None:
            raise InvalidResponse(BAD_SHAPE)
        return {"agree": value}

    def grade(self, record: QuestionRecord, response: dict[str, Any] | None) -> Score:
        if not response:
            return Score(0.0)
        return Score(1.0 if response.get("agree") is record.correct else 0.0)

    def answer_key(self, record: QuestionRecord) -> dict[str, Any]:
        return {"agree": record.correct}

    def answer_fields(self, keys: tuple[str, ...]) -> dict[str, AnswerField]:
        return {"agree": AnswerField(3)}

    def read_answer(self, view, data) -> dict[str, Any]:
        return {"agree": data["agree"]} if data.get("agree") else {}

    def from_editor(self, record: QuestionRecord, rows: list[dict], data) -> None:
        record.correct = {"true": True, "false": False}.get(data.get("tf_correct") or "")

    def editor_data_of(self, record: QuestionRecord) -> dict[str, Any]:
        return {"tf_correct": {True: "true", False: "false"}.get(record.correct)}


@pytest.fixture
def agree_type():
    register(AgreeScale)
    yield AgreeScale
    unregister(NAME)


@pytest.fixture
def people(factory):
    author = factory.user(role=Role.trainer, full_name="Tác Giả")
    reviewer = factory.user(role=Role.trainer, full_name="Người Duyệt")
    citizen = factory.user(role=Role.citizen)
    bank = factory.bank(owner=author, reviewers=[reviewer], is_public=True)
    factory.commit()
    return author, reviewer, citizen, bank


def test_a_type_registered_in_a_test_goes_from_the_editor_to_the_answer_key(
        app, web, factory, session, agree_type, people):
    author, reviewer, citizen, bank = people

    # Authoring: the bank editor offers the type and shows its own editor partial.
    web.login(author)
    editor = web.get(f"/bank/{bank.id}/questions/new?type={NAME}").get_data(as_text=True)
    assert f'value="{NAME}"' in editor and "data-agree-editor" in editor
    saved = web.post(f"/bank/{bank.id}/questions/new", {
        "type": NAME, "stem": "<p>Nộp hồ sơ trực tuyến giúp tiết kiệm thời gian.</p>",
        "tf_correct": "true", "difficulty": "easy", "explanation": "Không phải đi lại.",
        "action": "save"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    question = session.exec(select(Question)).one()
    version = session.get(QuestionVersion, question.head_version_id)
    assert version.type == NAME and version.payload["correct"] is True
    # Editing shows the saved key again, through the type's editor_data_of.
    again = web.get(f"/bank/{bank.id}/questions/{question.id}/edit").get_data(as_text=True)
    assert 'value="true" data-agree-editor\n    checked' in again

    # Review: submitted by the author, published by the reviewer; the detail page shows its key.
    web.post(f"/bank/{bank.id}/questions/{question.id}/submit", {"lock": question.lock})
    reviewing = WebClient(app.test_client())
    reviewing.login(reviewer)
    detail = reviewing.get(f"/bank/{bank.id}/questions/{question.id}").get_data(as_text=True)
    assert "Ý kiến đúng: Đồng ý" in detail and "data-agree" in detail
    session.refresh(question)
    reviewing.post(f"/bank/{bank.id}/questions/{question.id}/review",
                   {"decision": "approve", "lock": question.lock})
    session.refresh(question)
    assert question.status == QuestionStatus.published

    # An attempt: the contest draws the one published question of the bank.
    exam, round_ = factory.exam("contest", questions=0, draw=1, bank=bank)
    factory.commit()
    examinee = WebClient(app.test_client())
    examinee.login(citizen)
    examinee.get(f"/exams/{exam.id}")
    started = examinee.post(f"/exams/{exam.id}/rounds/{round_.id}/start")
    assert started.status_code == 302, started.get_data(as_text=True)[:500]
    url = started.headers["Location"]
    page = examinee.get(url).get_data(as_text=True)
    assert 'name="agree" value="yes"' in page and "Ý kiến đúng" not in page
    forged = examinee.post(f"{url}/answers/0", {"agree": "maybe"}, htmx=True).get_data(as_text=True)
    assert "Đã lưu lúc" not in forged
    reply = examinee.post(f"{url}/answers/0", {"agree": "yes"}, htmx=True).get_data(as_text=True)
    assert "Đã lưu lúc" in reply
    assert 'value="yes" data-agree\n    checked' in examinee.get(url).get_data(as_text=True)

    # Grading at submission: auto-graded, full credit.
    done = examinee.post(f"{url}/submit", {"prediction": "0"})
    assert done.headers["Location"].endswith("/result")
    attempt = session.exec(select(Attempt)).one()
    session.refresh(attempt)
    answer = session.exec(select(AttemptQuestion)).one()
    session.refresh(answer)
    assert answer.response == {"agree": True} and answer.fraction == 1.0
    assert attempt.score == 1.0 and attempt.pending_count == 0

    # Review (a contest's default policy): after the round closes, the person's answer through
    # the type's review partial and its answer key; before, neither.
    before = examinee.get(f"{url}/result").get_data(as_text=True)
    assert "Ý kiến đúng" not in before and "Đáp án:" not in before
    results.finalize_round(session, session.get(Round, round_.id), utcnow())
    session.commit()
    after = examinee.get(f"{url}/result").get_data(as_text=True)
    assert "Ý kiến của bạn:" in after and "Đáp án:" in after and "Ý kiến đúng: Đồng ý" in after


def test_the_type_is_gone_once_unregistered(web, people):
    """After the test above, the app no longer offers it (the registry is the only list)."""
    author, _reviewer, _citizen, bank = people
    web.login(author)
    editor = web.get(f"/bank/{bank.id}/questions/new?type={NAME}").get_data(as_text=True)
    assert f'value="{NAME}"' not in editor
