"""A trainer's Moodle file through the web: the preview names every skipped item and why, partial
credit is stored and shown in the editor, and an attempt through the real exam engine scores the
picked option's fraction without the browser ever seeing a fraction before the review allows."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.exams.models import Attempt, AttemptQuestion
from contest.exams.review_policy import ReviewPolicy, visible
from question_bank.formats import gift
from question_bank.models import Question, QuestionVersion
from question_bank.payload import from_version

DOCUMENTED = (Path(__file__).parents[1] / "fixtures" / "moodle" / "documented.gift").read_bytes()
PARTIAL = """::Gần đúng::Mã hồ sơ dùng để làm gì?{
  =Tra cứu tình trạng hồ sơ
  ~%50%Nộp lệ phí
  ~%-25%Đăng nhập
  ~Không dùng làm gì
}
"""
_TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


@pytest.fixture(autouse=True)
def upload_dir(app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "imports")
    yield
    app.config.pop("IMPORT_UPLOAD_DIR")


@pytest.fixture
def author_bank(factory):
    author = factory.user(role=Role.trainer, full_name="Tác Giả")
    bank = factory.bank(owner=author, name="Ngân hàng Moodle")
    factory.commit()
    return author, bank


def upload(web, bank, data: bytes, name: str):
    web.get(f"/bank/{bank.id}/import")
    return web.post(f"/bank/{bank.id}/import", {"file": (io.BytesIO(data), name), "format": ""},
                    content_type="multipart/form-data")


def test_preview_names_each_skipped_item_and_why_then_imports_partial_credit(web, author_bank,
                                                                            session):
    author, bank = author_bank
    web.login(author)
    body = upload(web, bank, DOCUMENTED, "moodle.txt").get_data(as_text=True)
    assert "20 câu hỏi hợp lệ" in body and "0 lỗi" in body and "2 mục bỏ qua" in body
    skipped = re.search(r'<table id="import-skipped">.*?</table>', body, re.S).group(0)
    rows = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>", skipped)
    assert rows == [
        ("74", "«Mô tả»: Mục mô tả (description) không phải câu hỏi, đã bỏ qua."),
        ("76", "«Cloze»: Câu hỏi có nhiều phần đáp án {...} (dạng cloze) chưa được hỗ trợ, "
               "đã bỏ qua."),
    ]
    token = _TOKEN.search(body).group(1)
    done = web.post(f"/bank/{bank.id}/import/confirm",
                    {"token": token, "format": "gift", "filename": "moodle.txt"})
    assert done.status_code == 302
    session.expire_all()
    versions = session.exec(select(QuestionVersion).join(
        Question, Question.head_version_id == QuestionVersion.id).where(
        Question.bank_id == bank.id)).all()
    partial = next(v for v in versions if v.title == "Gần đúng")
    assert partial.type == "single_choice"
    assert [c.fraction for c in from_version(partial).choices] == [1.0, 0.5, -0.25, 0.0]


def test_the_editor_shows_and_keeps_each_options_credit(web, author_bank, factory, session):
    author, bank = author_bank
    (record,) = gift.parse(PARTIAL).questions
    question = factory.question(bank, author=author, record=record)
    factory.commit()
    web.login(author)
    url = f"/bank/{bank.id}/questions/{question.id}/edit"
    page = web.get(url).get_data(as_text=True)
    percents = re.findall(r'<input[^>]*name="options-(\d)-percent"[^>]*value="([^"]*)"', page)
    # the right one is its box; 0% is blank
    assert percents == [("0", ""), ("1", "50"), ("2", "-25"), ("3", "")]
    assert "Điểm (%)" in page

    form = {"type": "single_choice", "stem": "Mã hồ sơ dùng để làm gì?", "difficulty": "medium",
            "action": "save", "lock": re.search(r'name="lock"[^>]*value="(\d+)"', page).group(1)}
    for n, choice in enumerate(from_version(_head(session, question)).choices):
        form |= {f"options-{n}-text": choice.text, f"options-{n}-key": choice.key,
                 f"options-{n}-fraction": repr(choice.fraction)}
    refused = web.post(url, form | {"options-0-correct": "y", "options-1-percent": "nửa"})
    assert "Điểm của phương án thứ 2 phải nằm trong khoảng từ -100% đến 100%." in (
        refused.get_data(as_text=True))
    form |= {"options-0-correct": "y", "options-1-percent": "75", "options-2-percent": "-25"}
    response = web.post(url, form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    session.expire_all()
    assert [c.fraction for c in from_version(_head(session, question)).choices] == [
        1.0, 0.75, -0.25, 0.0]


def _head(session, question):
    session.refresh(question)
    return session.get(QuestionVersion, question.head_version_id)


@pytest.mark.parametrize(
    ("kind", "picked", "score"),
    [("contest", 0, 1.0), ("contest", 1, 0.5), ("contest", 2, 0.0), ("contest", 3, 0.0),
     ("practice", 1, 0.5), ("practice", 2, 0.0)],
)
def test_an_attempt_scores_the_picked_options_fraction(web, factory, session, kind, picked, score):
    owner = factory.user(role=Role.trainer)
    bank = factory.bank(owner=owner, is_public=True)
    (record,) = gift.parse(PARTIAL).questions
    factory.question(bank, record=record, publish=True)
    exam, round_ = factory.exam(kind, questions=0, draw=1, bank=bank)
    taker = factory.user(role=Role.citizen)
    factory.commit()
    web.login(taker)
    web.get(f"/exams/{exam.id}")
    url = web.post(f"/exams/{exam.id}/rounds/{round_.id}/start").headers["Location"]
    page = web.get(url).get_data(as_text=True)
    attempt_id = int(url.rsplit("/", 1)[1])
    aq = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)).one()
    choices = from_version(session.get(QuestionVersion, aq.version_id)).choices
    # The browser sees the options, never their credit.
    # (a credit as text: "50%", "-25"; not a random id such as "q0-25d6...")
    assert "50%" not in page and not re.search(r"(?<![\w-])-25(?!\w)", page) and "fraction" not in page
    saved = web.post(f"{url}/answers/{aq.position}", {"choice": choices[picked].key}, htmx=True)
    assert "Đã lưu lúc" in saved.get_data(as_text=True)
    assert "50%" not in saved.get_data(as_text=True)
    web.post(f"{url}/submit", {"prediction": "0"})
    result = web.get(f"{url}/result").get_data(as_text=True)
    shown = visible(ReviewPolicy.from_dict(exam.review_policy), "after_submit")
    assert ("50%" in result) == shown.correct_answers  # the key, with each option's credit
    session.expire_all()
    attempt = session.get(Attempt, attempt_id)
    assert (attempt.score, session.get(AttemptQuestion, aq.id).fraction) == (score, score)


def test_html_in_gifts_default_format_is_kept_and_sanitized(web, author_bank, session):
    author, bank = author_bank
    web.login(author)
    source = "::Định dạng::Chọn <b>một</b><script>alert(1)</script> đáp án.{T}\n"
    body = upload(web, bank, source.encode(), "html.gift").get_data(as_text=True)
    token = _TOKEN.search(body).group(1)
    web.post(f"/bank/{bank.id}/import/confirm", {"token": token, "format": "gift"})
    session.expire_all()
    (version,) = session.exec(select(QuestionVersion).join(
        Question, Question.head_version_id == QuestionVersion.id).where(
        Question.bank_id == bank.id)).all()
    assert "<b>một</b>" in version.stem and "<script" not in version.stem
