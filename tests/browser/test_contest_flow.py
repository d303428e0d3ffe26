"""A new citizen sits the demo weekly contest in a real browser: answers saved one by one and
resumed after a reload, the unanswered list, the prediction, the result without the answer key
while the round is open, and the ranking once the round is closed."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from contest.core.db import utcnow
from contest.exams.models import Round
from contest.exams.services.results import finalize_round
from tests.browser.flows import (
    SaveWatch,
    answer,
    expect_answered,
    expect_cell_answered,
    question_count,
)

pytestmark = pytest.mark.browser

CONTEST = "Cuộc thi trực tuyến tìm hiểu chính quyền điện tử và dịch vụ công trực tuyến"
NAME = "Trần Thị Mai"


def register(page):
    page.get_by_label("Họ và tên").fill(NAME)
    page.get_by_label("Email").fill("mai@example.vn")
    page.get_by_label("Xã/phường/đặc khu nơi cư trú").select_option(label="Xã An Hữu")
    page.get_by_label("Mật khẩu", exact=True).fill("Maimai2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Maimai2026")
    page.get_by_role("button", name="Đăng ký").click()


def test_new_citizen_sits_the_contest_resumes_submits_and_is_ranked(page, demo):
    saves = SaveWatch(page)
    # A visitor reads the rules, presses "Thi ngay", registers on the way and lands in the attempt.
    page.goto(page.base_url + "/")
    page.get_by_role("link", name=CONTEST).click()
    expect(page.get_by_role("heading", name="Thể lệ")).to_be_visible()
    page.get_by_role("button", name="Thi ngay").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.locator("#main").get_by_role("link", name="Đăng ký", exact=True).click()
    register(page)
    expect(page.get_by_role("timer")).to_be_visible()
    total = question_count(page)
    assert total == 10

    first_half = {n: answer(page, n) for n in range(total // 2)}
    for n in first_half:
        expect_cell_answered(page, n)
    expect(page.locator(f"#cell-{total // 2}")).not_to_contain_text("đã trả lời")

    saves.settle()
    page.reload()
    for n, fields in first_half.items():
        expect_answered(page, n, fields)
    expect(page.locator(f"#status-{total // 2}")).to_contain_text("Chưa trả lời")

    for n in range(total // 2, total - 1):
        answer(page, n)
    saves.settle()
    page.get_by_role("link", name="Nộp bài").click()
    expect(page.get_by_text("Bạn còn 1 câu chưa trả lời:")).to_be_visible()
    page.get_by_role("link", name=f"Câu {total}", exact=True).click()
    answer(page, total - 1)
    saves.settle()
    page.get_by_role("link", name="Nộp bài").click()
    expect(page.get_by_text("Bạn đã trả lời tất cả các câu hỏi.")).to_be_visible()
    expect(page.get_by_role("timer")).to_be_visible()  # the server's time runs here too
    page.get_by_label("Dự đoán").fill("3")
    expect(page.locator("#prediction-status")).to_contain_text("Đã lưu dự đoán 3")  # kept at a timeout
    page.get_by_role("button", name="Xác nhận nộp bài").click()

    expect(page.get_by_role("heading", name="Kết quả bài thi")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(re.compile(r"Điểm\s*\d+(,\d+)?\s*/\s*10"))
    expect(facts).to_contain_text(re.compile(r"Dự đoán\s*3"))
    expect(facts).to_contain_text(re.compile(r"Thứ hạng hiện tại\s*1"))
    score = facts.locator("dd strong").first.inner_text()
    expect(page.get_by_text("Đáp án:")).to_have_count(0)  # not while the round is open
    result_url = page.url

    week = demo.exec(select(Round).where(Round.name == "Tuần 2")).one()
    finalize_round(demo, week, utcnow())
    demo.commit()

    page.get_by_role("link", name="Bảng xếp hạng").click()
    expect(page.get_by_role("heading", name="Bảng xếp hạng")).to_be_visible()
    mine = page.locator("#board").get_by_role("row").filter(has_text=NAME)
    expect(mine.get_by_role("cell").first).to_have_text("1")
    expect(mine).to_contain_text(score)
    expect(mine).to_contain_text("Xã An Hữu")
    prizes = page.locator("section").filter(has=page.get_by_role("heading", name="Giải thưởng"))
    expect(prizes.get_by_role("row").filter(has_text=NAME)).to_contain_text("Giải Nhất")

    page.goto(result_url)  # once the round is closed, the answers are shown
    expect(page.get_by_text("Đáp án:").first).to_be_visible()
