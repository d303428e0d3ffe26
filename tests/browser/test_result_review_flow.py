"""The result page shows every answer the person gave, each beside its own question.

Result pages rendered each question's options as disabled radios all named ``choice`` outside
any form, so the browser kept one checked radio for the whole page: 8 answers sent, 1 shown.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.flows import SaveWatch, answer, question_count, sign_in

pytestmark = pytest.mark.browser

PRACTICE = "Luyện tập: An toàn thông tin khi dùng dịch vụ công trực tuyến"


def words(text: str) -> str:
    return " ".join(text.split())


def seen_answer(page, position: int, fields: dict[str, str]) -> list[str]:
    """What the person saw of the answer just given: the picked option's label ("B. text",
    "Đúng"), the text typed, the matched right-hand items, or the ordered items."""
    question = page.locator(f"#q{position}")
    snippets = []
    for name, value in fields.items():
        control = question.locator(f'[name="{name}"]').first
        kind = control.get_attribute("type")
        if kind in ("radio", "checkbox"):
            label = question.locator("label").filter(has=page.locator(f'input[name="{name}"][value="{value}"]'))
            snippets.append(words(label.inner_text()))
        elif control.evaluate("e => e.tagName") == "SELECT":
            option = control.locator(f'option[value="{value}"]').inner_text()
            label = question.locator("label").filter(has=page.locator(f'select[name="{name}"]')).locator("span").first
            snippets.append(words(label.inner_text() if option.isdigit() else option))
        else:
            snippets.append(value)
    return snippets


def test_the_result_page_shows_each_of_the_eight_answers_given(page, demo):
    saves = SaveWatch(page)
    sign_in(page, "nguoidan@demo.vn")
    page.get_by_role("link", name=PRACTICE).first.click()
    page.get_by_role("button", name="Thi ngay").click()
    expect(page.get_by_role("heading", name="Câu 1", exact=False).first).to_be_visible()
    assert question_count(page) == 10

    given = {}
    for n in range(8):
        given[n] = seen_answer(page, n, answer(page, n, pick=n % 2))
    saves.settle()
    page.get_by_role("link", name="Nộp bài").click()
    page.get_by_role("button", name="Xác nhận nộp bài").click()

    expect(page.get_by_role("heading", name="Kết quả bài thi")).to_be_visible()
    reviews = page.locator("section.question")
    expect(reviews).to_have_count(10)
    for n, snippets in given.items():
        mine = reviews.nth(n).locator(".your-answer")
        expect(mine).to_contain_text(re.compile("Bạn (chọn|trả lời|ghép|sắp xếp):"))
        for snippet in snippets:
            expect(mine).to_contain_text(snippet)
        expect(mine).to_contain_text(re.compile("[✓✗◐]"))
    for n in (8, 9):
        expect(reviews.nth(n).locator(".your-answer")).to_have_text("Bạn chưa trả lời câu này.")
    expect(page.locator("section.question input")).to_have_count(0)  # text, not disabled inputs
