"""A trainer finds a demo question by typing without diacritics, edits it with the live preview
(a new draft version), submits it; the bank's reviewer finds it in their review queue, approves
it and both versions remain."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.flows import sign_in, sign_out

pytestmark = pytest.mark.browser

BANK = "Chính quyền điện tử và dịch vụ công trực tuyến"
QUESTION = "Chữ ký số là gì?"
NEW_STEM = "Theo Luật Giao dịch điện tử, chữ ký số được hiểu là gì?"


def open_bank(page):
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Ngân hàng câu hỏi").click()
    page.get_by_role("link", name=BANK).click()
    expect(page.get_by_role("heading", name=BANK)).to_be_visible()


def test_trainer_edits_submits_and_reviewer_approves(page, demo):
    sign_in(page, "giangvien@demo.vn")
    open_bank(page)
    listing = page.locator("#question-list")
    page.get_by_label("Tìm kiếm").fill("chu ky so")
    page.wait_for_url(lambda url: parse_qs(urlparse(url).query).get("q") == ["chu ky so"])
    found = listing.get_by_role("link", name=re.compile("chữ ký số", re.IGNORECASE))
    expect(found.first).to_be_visible()
    total = int(re.search(r"(\d+) câu hỏi", listing.locator("p.muted").first.inner_text()).group(1))
    assert 1 <= total < 217
    listing.get_by_role("link", name=QUESTION, exact=True).click()

    expect(page.get_by_role("heading", name=re.compile(r"Câu hỏi #\d+ phiên bản 1"))).to_be_visible()
    question_url = page.url
    page.get_by_role("link", name="Sửa").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text(QUESTION)  # drawn when the editor opens
    page.get_by_label("Nội dung câu hỏi").fill(NEW_STEM)
    expect(preview).to_contain_text(NEW_STEM)  # redrawn while typing
    expect(preview).not_to_contain_text(QUESTION)
    page.get_by_role("button", name="Lưu câu hỏi").click()

    expect(page.get_by_text("Đã lưu phiên bản 2 (bản nháp).")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"phiên bản 2"))).to_be_visible()
    expect(page.locator(".question-view .stem")).to_have_text(NEW_STEM)
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_text("Đã gửi câu hỏi đi duyệt.")).to_be_visible()
    expect(page.locator("main").get_by_text("Chờ duyệt", exact=True)).to_be_visible()
    sign_out(page)

    sign_in(page, "giangvien2@demo.vn")  # the bank's reviewer: the question waits in their queue
    expect(page.get_by_text("Có 1 câu hỏi đang chờ bạn duyệt.")).to_be_visible()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Chờ duyệt").click()
    expect(page.get_by_role("heading", name="Câu hỏi chờ duyệt")).to_be_visible()
    queue = page.locator("#review-queue")
    page.get_by_label("Ngân hàng").select_option(label=f"{BANK} (1)")
    page.wait_for_url(re.compile(r"bank_id=\d+"))
    expect(queue.get_by_text("1 câu hỏi chờ duyệt", exact=True)).to_be_visible()
    queue.get_by_role("link", name=NEW_STEM).click()
    assert page.url == question_url
    page.get_by_label("Duyệt và xuất bản").check()
    page.get_by_label("Nhận xét").fill("Nội dung rõ ràng.")
    page.get_by_role("button", name="Gửi quyết định").click()

    expect(page.get_by_text("Đã duyệt và xuất bản câu hỏi.")).to_be_visible()
    expect(page.locator("main").get_by_text("Đã xuất bản", exact=True)).to_be_visible()
    page.get_by_role("link", name="Lịch sử phiên bản").click()
    versions = page.locator("article.version")
    expect(versions).to_have_count(2)
    newer = versions.filter(has=page.get_by_role("heading", name="Phiên bản 2"))
    older = versions.filter(has=page.get_by_role("heading", name="Phiên bản 1"))
    expect(newer).to_contain_text(NEW_STEM)
    expect(newer).to_contain_text("Đã xuất bản")
    expect(newer).to_contain_text("Nội dung rõ ràng.")
    expect(older).to_contain_text(QUESTION)
