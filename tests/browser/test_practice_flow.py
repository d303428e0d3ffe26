"""A citizen practises: "Kiểm tra" marks each answer right or wrong at once with its explanation
and locks the question; after submitting, "Ôn lại các câu sai" starts a new attempt made of
exactly the questions missed."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.flows import SaveWatch, answer, question_count, sign_in

pytestmark = pytest.mark.browser

PRACTICE = "Luyện tập: An toàn thông tin khi dùng dịch vụ công trực tuyến"


def feedback(page, position: int) -> str:
    """The verdict shown under question ``position`` right after its answer was saved."""
    status = page.locator(f"#status-{position}")
    verdict = status.locator(".badge")
    expect(verdict).to_have_text(re.compile(r"^(Đúng|Chưa đúng)$"))
    expect(status.locator(".explanation")).not_to_be_empty()
    return verdict.inner_text()


def check(page, position: int) -> str:
    """Press "Kiểm tra" under question ``position``: its verdict shows and the question locks."""
    question = page.locator(f"#q{position}")
    question.get_by_role("button", name="Kiểm tra").click()
    verdict = feedback(page, position)
    expect(page.locator(f"#status-{position}")).to_contain_text("không đổi được câu trả lời")
    controls = question.locator("form.answer-form").locator("input:not([type=hidden]), select, textarea")
    for i in range(controls.count()):
        expect(controls.nth(i)).to_be_disabled()
    return verdict


def stems(page) -> list[str]:
    return sorted(page.locator("section.question .stem").all_inner_texts())


def test_practice_gives_feedback_and_reviews_the_wrong_answers(page, demo):
    saves = SaveWatch(page)
    sign_in(page, "nguoidan@demo.vn")
    practice = page.locator("section").filter(has=page.get_by_role("heading", name="Luyện tập"))
    practice.get_by_role("link", name=PRACTICE).click()
    page.get_by_role("button", name="Thi ngay").click()
    expect(page.locator("section.question").first).to_be_visible()  # no countdown: open for a year
    total = question_count(page)
    assert total == 10

    verdicts = {}
    for n in range(total - 1):  # the last one stays unanswered: at least one is missed
        answer(page, n)
        verdicts[n] = check(page, n)
    saves.settle()
    page.get_by_role("link", name="Nộp bài").click()
    page.get_by_role("button", name="Xác nhận nộp bài").click()

    expect(page.get_by_role("heading", name="Kết quả bài thi")).to_be_visible()
    results = page.locator("section.question")
    expect(results).to_have_count(total)
    missed = results.filter(has=page.locator(".badge.err, .badge.warn"))
    expect(missed.first).to_be_visible()
    wrong = sorted(missed.locator(".stem").all_inner_texts())
    assert len(wrong) == sum(v == "Chưa đúng" for v in verdicts.values()) + 1
    expect(page.locator(".explanation").first).to_contain_text("Giải thích:")

    page.get_by_role("button", name="Ôn lại các câu sai").click()
    expect(page.locator("section.question").first).to_be_visible()  # no countdown: open for a year
    assert question_count(page) == len(wrong)
    assert stems(page) == wrong
    expect(page.locator(".save-status").first).to_contain_text("Chưa trả lời")
