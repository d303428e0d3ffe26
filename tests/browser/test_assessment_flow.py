"""The demo official sits the assessment assigned to their position; the trainer who made it
sees the verdict on the round page and downloads it as an Excel workbook."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.flows import SaveWatch, answer, question_count, sign_in, sign_out

pytestmark = pytest.mark.browser

ASSESSMENT = "Sát hạch ứng dụng CNTT — Chuyên viên bộ phận một cửa năm 2026"
OFFICIAL = "Trần Văn Minh"


def test_official_sits_the_assessment_and_trainer_exports_the_results(page, demo, tmp_path):
    saves = SaveWatch(page)
    sign_in(page, "congchuc@demo.vn")
    assigned = page.locator("section").filter(has=page.get_by_role("heading", name="Kỳ sát hạch được giao"))
    assigned.get_by_role("link", name=ASSESSMENT).click()
    page.get_by_role("link", name="Thi ngay").click()  # two attempts: it asks first
    expect(page.get_by_text("Bạn sắp bắt đầu lượt 1/2 của đợt này.")).to_be_visible()
    page.get_by_role("button", name="Bắt đầu lượt 1/2").click()
    expect(page.get_by_role("timer")).to_be_visible()
    total = question_count(page)
    assert total == 15
    for n in range(total):
        answer(page, n)
    saves.settle()
    page.get_by_role("link", name="Nộp bài").click()
    expect(page.get_by_text("Bạn đã trả lời tất cả các câu hỏi.")).to_be_visible()
    expect(page.get_by_label("Dự đoán")).to_have_count(0)  # only contests ask for a prediction
    page.get_by_role("button", name="Xác nhận nộp bài").click()

    expect(page.get_by_role("heading", name="Kết quả bài thi")).to_be_visible()
    facts = page.locator("dl.facts")
    verdict = facts.locator("dd").filter(has_text=re.compile(r"^\s*(Đạt|Chưa đạt)\s*$"))
    expect(verdict).to_have_count(1)
    verdict = verdict.inner_text().strip()
    expect(facts).to_contain_text(re.compile(r"Điểm\s*\d+(,\d+)?\s*/\s*15"))
    expect(page.get_by_text("Đáp án:")).to_have_count(0)
    sign_out(page)

    sign_in(page, "giangvien@demo.vn")
    page.goto(page.base_url + "/manage/exams")
    page.get_by_role("link", name=ASSESSMENT).click()
    page.locator("#rounds").get_by_role("link", name="Đợt sát hạch tháng này").click()
    expect(page.get_by_role("heading", name="Đợt sát hạch tháng này")).to_be_visible()

    people = page.locator("section").filter(has=page.get_by_role("heading", name="Kết quả từng cán bộ"))
    mine = people.get_by_role("row").filter(has_text=OFFICIAL)
    expect(mine).to_contain_text("congchuc@demo.vn")
    expect(mine.get_by_role("cell").last).to_have_text(verdict)
    by_unit = page.locator("section").filter(has=page.get_by_role("heading", name="Theo đơn vị"))
    unit_row = by_unit.get_by_role("row").filter(has_text="Phường Mỹ Tho")
    passed = 1 if verdict == "Đạt" else 0
    expect(unit_row.get_by_role("cell")).to_have_text(
        [re.compile("Phường Mỹ Tho"), "1", "1", str(passed), f"{100 * passed}%"])

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "ket-qua.xlsx"
    download.save_as(path)
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    # The columns of the round page: name, account, unit, job position, field, score, result.
    assert header[:5] == ("Họ và tên", "Tài khoản", "Đơn vị", "Vị trí việc làm", "Lĩnh vực")
    row = dict(zip(header, next(r for r in data if r[0] == OFFICIAL), strict=True))
    assert row["Tài khoản"] == "congchuc@demo.vn" and row["Vị trí việc làm"]
    assert row["Điểm tối đa"] == 15 and row["Kết quả"] == verdict
