"""Steps the browser tests share: sign in and out, and answer an attempt's questions like a person
would (whatever the question type), waiting for the server to confirm each save."""

from __future__ import annotations

import time
from urllib.parse import parse_qs

from playwright.sync_api import Page, expect

DEMO_PASSWORD = "Demo@2026"


def sign_in(page: Page, login: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(page.base_url + "/login")
    page.get_by_label("Email hoặc số điện thoại").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập").first).to_be_visible()


class SaveWatch:
    """The answer saves the page has sent and not yet seen answered.

    Text answers are sent on typing and again on leaving the field, so a save may still be on
    its way when the test reloads or leaves the page: ``settle()`` waits for them.
    """

    def __init__(self, page: Page):
        self.page = page
        self.pending: set = set()
        page.on("request", self._sent)
        page.on("requestfinished", self._done)
        page.on("requestfailed", self._done)

    def _sent(self, request) -> None:
        if "/answers/" in request.url:
            self.pending.add(request)

    def _done(self, request) -> None:
        self.pending.discard(request)

    def settle(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        self.page.wait_for_timeout(50)  # let the events of requests just sent arrive
        while self.pending:
            assert time.monotonic() < deadline, "answer saves still pending"
            self.page.wait_for_timeout(50)


def question_count(page: Page) -> int:
    return page.locator("section.question").count()


def _saved_with(position: int, fields: dict[str, str]):
    """Matches the save response of ``position`` whose request carried every field of ``fields``."""
    def check(response) -> bool:
        if not response.url.endswith(f"/answers/{position}") or response.request.method != "POST":
            return False
        sent = parse_qs(response.request.post_data or "")
        return all(sent.get(name) == [value] for name, value in fields.items())
    return check


def answer(page: Page, position: int, pick: int = 0) -> dict[str, str]:
    """Answer question ``position`` (0-based): the ``pick``-th option of a choice question,
    distinct options in the drop-downs of matching and ordering, "1" in a text box.

    Waits for the server's "Đã lưu lúc" and returns the form fields sent (name -> value).
    """
    form = page.locator(f"#q{position} form.answer-form")
    radios, boxes = form.get_by_role("radio"), form.get_by_role("checkbox")
    combos, texts = form.get_by_role("combobox"), form.get_by_role("textbox")
    fields: dict[str, str] = {}
    steps = []
    if radios.count():
        radio = radios.nth(pick)
        fields[radio.get_attribute("name")] = radio.get_attribute("value")
        steps.append(radio.check)
    elif boxes.count():
        box = boxes.nth(pick)
        fields[box.get_attribute("name")] = box.get_attribute("value")
        steps.append(box.check)
    elif combos.count():
        for i in range(combos.count()):
            combo = combos.nth(i)
            values = [v for v in combo.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
            value = values[(i + pick) % len(values)]
            fields[combo.get_attribute("name")] = value
            steps.append(lambda combo=combo, value=value: combo.select_option(value))
    else:
        box = texts.first
        fields[box.get_attribute("name")] = "1"
        steps.append(lambda: box.fill("1"))
    with page.expect_response(_saved_with(position, fields)):
        for step in steps:
            step()
    expect(page.locator(f"#status-{position}")).to_contain_text("Đã lưu lúc")
    return fields


def expect_answered(page: Page, position: int, fields: dict[str, str]) -> None:
    """Question ``position`` shows the answer ``fields`` again, saved, and its palette cell
    says it is answered."""
    form = page.locator(f"#q{position} form.answer-form")
    for name, value in fields.items():
        control = form.locator(f'[name="{name}"]')
        if control.first.get_attribute("type") in ("radio", "checkbox"):
            expect(form.locator(f'[name="{name}"][value="{value}"]')).to_be_checked()
        else:
            expect(control).to_have_value(value)
    expect(page.locator(f"#status-{position}")).to_contain_text("Đã lưu lúc")
    expect_cell_answered(page, position)


def expect_cell_answered(page: Page, position: int) -> None:
    palette = page.get_by_role("navigation", name="Danh sách câu hỏi")
    expect(palette.locator(f"#cell-{position}")).to_contain_text("đã trả lời")
