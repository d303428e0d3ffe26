"""Importing a file into a bank (upload -> preview -> confirm) and exporting a bank, on the web."""

import io
import os
import re
import time
import unicodedata
import zipfile

import openpyxl
import pytest
from sqlmodel import select

from contest.accounts.models import Role
from question_bank.formats import FORMATS, spreadsheet
from question_bank.formats.xlsx import SHEET_TITLE, template_xlsx
from question_bank.models import ImportLog, Question, QuestionStatus
from tests.bench.import_bench import mixed_records

GIFT_ONE_BAD = """$CATEGORY: Dịch vụ công

::Q1:: Dịch vụ công mức độ 4 cho phép nộp hồ sơ trực tuyến? {T}

::Q2:: Cổng dịch vụ công quốc gia do cơ quan nào quản lý? {=Văn phòng Chính phủ ~Bộ Y tế

::Q3:: Một cửa điện tử dùng để làm gì? {=Tiếp nhận và trả kết quả hồ sơ ~Giải trí}
"""
_TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


@pytest.fixture(autouse=True)
def upload_dir(app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "imports")
    yield tmp_path / "imports"
    app.config.pop("IMPORT_UPLOAD_DIR")


@pytest.fixture
def team(factory):
    author = factory.user(role=Role.trainer, full_name="Tác Giả")
    reviewer = factory.user(role=Role.trainer, full_name="Người Duyệt")
    bank = factory.bank(owner=author, reviewers=[reviewer], name="Ngân hàng Dịch vụ công")
    factory.commit()
    return author, reviewer, bank


def filled_template(records) -> bytes:
    """The downloadable template with its example rows replaced by ``records``."""
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    sheet = workbook[SHEET_TITLE]
    sheet.delete_rows(2, sheet.max_row)
    for record in records:
        sheet.append([value or None for value in spreadsheet.record_to_row(record)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(web, bank, data: bytes, name: str, fmt: str = "", htmx=False):
    web.get(f"/bank/{bank.id}/import")
    return web.post(f"/bank/{bank.id}/import", {"file": (io.BytesIO(data), name), "format": fmt},
                    content_type="multipart/form-data", htmx=htmx)


def confirm(web, bank, body: str, **options):
    token = _TOKEN.search(body).group(1)
    fmt = re.search(r'name="format" type="hidden" value="([^"]+)"', body).group(1)
    data = {"token": token, "format": fmt, "filename": "tep-nhap.xlsx", **options}
    return web.post(f"/bank/{bank.id}/import/confirm", data)


def questions(session, bank):
    session.expire_all()
    return session.exec(select(Question).where(Question.bank_id == bank.id)).all()


def test_xlsx_template_with_20_rows_previews_then_imports(web, team, session):
    author, _, bank = team
    web.login(author)
    response = upload(web, bank, filled_template(mixed_records(20, "xlsx")), "cau-hoi.xlsx")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "20 câu hỏi hợp lệ" in body
    assert "Ghép cặp" in body and "Sắp xếp thứ tự" in body and "Dịch vụ công trực tuyến / Phần" in body
    assert "Xuất bản ngay" not in body  # the owner is not a reviewer: drafts only
    assert questions(session, bank) == []
    done = confirm(web, bank, body)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/bank/{bank.id}")
    items = questions(session, bank)
    assert len(items) == 20 and {q.status for q in items} == {QuestionStatus.draft}
    assert len({q.type for q in items}) == 8
    log = session.exec(select(ImportLog)).one()
    assert (log.user_id, log.questions, log.format, log.errors) == (author.id, 20, "xlsx", 0)
    page = web.get(f"/bank/{bank.id}/import").get_data(as_text=True)
    assert "Tác Giả" in page and "tep-nhap.xlsx" in page


def test_upload_file_is_private_and_removed_after_confirm(web, team, upload_dir):
    author, _, bank = team
    web.login(author)
    body = upload(web, bank, GIFT_ONE_BAD.encode(), "a.gift").get_data(as_text=True)
    (stored,) = list(upload_dir.iterdir())
    assert stored.stat().st_mode & 0o777 == 0o600 and stored.name.startswith(f"{author.id}_")
    confirm(web, bank, body, skip_invalid="y")
    assert list(upload_dir.iterdir()) == []


def test_gift_with_one_bad_question_lists_its_line_and_blocks_unless_skipped(web, team, session):
    author, _, bank = team
    web.login(author)
    body = upload(web, bank, GIFT_ONE_BAD.encode(), "de.gift", htmx=True).get_data(as_text=True)
    assert "<html" not in body and "2 câu hỏi hợp lệ" in body and "mới</span>" in body
    assert re.search(r"<td>5</td><td>Thiếu dấu &#39;}&#39;", body)
    refused = confirm(web, bank, body).get_data(as_text=True)
    assert "Chưa nhập câu hỏi nào" in refused and questions(session, bank) == []
    done = confirm(web, bank, refused, skip_invalid="y")
    assert done.status_code == 302
    assert sorted(q.type for q in questions(session, bank)) == ["single_choice", "true_false"]
    assert session.exec(select(ImportLog)).one().errors == 1


def test_problem_messages_quoting_the_file_are_escaped(web, team):
    author, _, bank = team
    web.login(author)
    gift = "::Q:: Ghép? {=a -> b =<script>alert(1)</script>}"
    body = upload(web, bank, gift.encode(), "x.gift").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)" in body and "<script>alert(1)" not in body


def test_confirm_with_htmx_redirects_and_a_second_click_imports_nothing(web, team, session):
    author, _, bank = team
    web.login(author)
    body = upload(web, bank, GIFT_ONE_BAD.encode(), "de.gift").get_data(as_text=True)
    first = web.post(f"/bank/{bank.id}/import/confirm", {
        "token": _TOKEN.search(body).group(1), "format": "gift", "skip_invalid": "y"}, htmx=True)
    assert first.headers["HX-Redirect"].endswith(f"/bank/{bank.id}")
    again = confirm(web, bank, body, skip_invalid="y")
    assert again.status_code == 302 and len(questions(session, bank)) == 2


def test_upload_of_another_user_or_older_than_an_hour_cannot_be_confirmed(web, team, session,
                                                                           upload_dir, app):
    from tests.conftest import WebClient

    author, reviewer, bank = team
    web.login(author)
    body = upload(web, bank, GIFT_ONE_BAD.encode(), "de.gift").get_data(as_text=True)
    other = WebClient(app.test_client())
    other.login(reviewer)
    other.get(f"/bank/{bank.id}/import")
    stolen = confirm(other, bank, body, skip_invalid="y")
    assert stolen.status_code == 302 and questions(session, bank) == []
    (stored,) = list(upload_dir.iterdir())
    os.utime(stored, (time.time() - 3700, time.time() - 3700))
    late = confirm(web, bank, body, skip_invalid="y")
    assert "không còn" in web.get(late.headers["Location"]).get_data(as_text=True)
    assert questions(session, bank) == [] and list(upload_dir.iterdir()) == []


def test_reviewer_may_publish_at_once(web, team, session):
    _, reviewer, bank = team
    web.login(reviewer)
    body = upload(web, bank, GIFT_ONE_BAD.encode(), "de.gift").get_data(as_text=True)
    assert "Xuất bản ngay" in body
    confirm(web, bank, body, skip_invalid="y", publish="y")
    assert {q.status for q in questions(session, bank)} == {QuestionStatus.published}


def test_owner_cannot_force_publish(web, team, session):
    author, _, bank = team
    web.login(author)
    body = upload(web, bank, GIFT_ONE_BAD.encode(), "de.gift").get_data(as_text=True)
    confirm(web, bank, body, skip_invalid="y", publish="y")
    assert {q.status for q in questions(session, bank)} == {QuestionStatus.draft}


def windows_1258(text: str) -> bytes:
    """``text`` as older Vietnamese Windows software saves it: base letters, then tone marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    return out.getvalue()


def _formula_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Loại", "Nội dung câu hỏi", "Các phương án", "Đáp án đúng"])
    workbook.active.append(["Một lựa chọn", "=HYPERLINK(\"http://x\")", "A\nB", "A"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


BAD_FILES = [
    (b"<?xml version='1.0'?><quiz><question type='truefalse'>", "a.xml",
     "Tệp XML bị lỗi cú pháp ở dòng 1"),
    (b"<?xml version='1.0'?><!DOCTYPE quiz [<!ENTITY a 'aaaa'>]><quiz>&a;</quiz>", "a.xml",
     "DOCTYPE hoặc thực thể"),
    (_zip_bomb(), "bom.xlsx", "nội dung nén bất thường"),
    (_formula_xlsx(), "cong-thuc.xlsx", "chứa công thức"),
    (windows_1258("Loại,Nội dung câu hỏi\nĐúng/Sai,Chữ ký số có giá trị pháp lý\n"), "a.csv",
     "mã hóa UTF-8"),
    (b"\x00\x01\x02 binary junk", "a.bin", "Không nhận ra định dạng"),
    (b"Just some text, no question in it.", "a.gift", "Tệp không có câu hỏi nào."),
]


@pytest.mark.parametrize("data, name, message", BAD_FILES)
def test_bad_files_get_a_clear_message_and_import_nothing(web, team, session, data, name, message):
    author, _, bank = team
    web.login(author)
    body = upload(web, bank, data, name).get_data(as_text=True)
    assert message in body
    assert "import/confirm" not in body and _TOKEN.search(body) is None
    assert questions(session, bank) == []


def test_misleading_file_name_is_read_by_content(web, team):
    author, _, bank = team
    web.login(author)
    body = upload(web, bank, GIFT_ONE_BAD.encode(), "cau-hoi.xlsx").get_data(as_text=True)
    assert "Định dạng: GIFT (Moodle)" in body and "2 câu hỏi hợp lệ" in body


def test_too_large_upload_is_refused(web, team, app, session):
    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/import")
    limit, app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_CONTENT_LENGTH"], 2048
    try:
        response = upload(web, bank, GIFT_ONE_BAD.encode() * 20, "to.gift")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413 and "Tệp tải lên quá lớn" in response.get_data(as_text=True)
    assert questions(session, bank) == []


def test_upload_without_file_shows_the_form_error(web, team):
    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/import")
    body = web.post(f"/bank/{bank.id}/import", {"format": ""}, htmx=True).get_data(as_text=True)
    assert "Hãy chọn tệp cần nhập." in body and "<html" not in body
    fragment = web.get(f"/bank/{bank.id}/import", headers={"HX-Request": "true"})
    assert 'enctype="multipart/form-data"' in fragment.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)


def test_template_download_is_the_xlsx_template(web, team):
    author, _, _ = team
    web.login(author)
    response = web.get("/bank/import-template.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_downloads_each_format(web, team, factory, fmt):
    from question_bank.formats import parse
    from tests.conftest import single_choice

    author, _, bank = team
    factory.question(bank, author, single_choice(stem="Chữ ký số là gì?"))
    factory.commit()
    web.login(author)
    page = web.get(f"/bank/{bank.id}/export?format={fmt}").get_data(as_text=True)
    assert "Tải xuống" in page
    response = web.get(f"/bank/{bank.id}/export?format={fmt}&download=1")
    disposition = response.headers["Content-Disposition"]
    assert response.status_code == 200 and disposition.startswith("attachment")
    assert "filename*=UTF-8''Ng%C3%A2n%20h%C3%A0ng%20D%E1%BB%8Bch%20v%E1%BB%A5%20c%C3%B4ng." in disposition
    assert len(parse(response.data, fmt).questions) == 1


def test_export_warns_what_a_format_cannot_carry(web, team, factory, session):
    author, _, bank = team
    from question_bank.services.importing import check_records, store

    store(session, bank, author, check_records(session, mixed_records(8, "xlsx")).ready, publish=False)
    factory.commit()
    web.login(author)
    body = web.get(f"/bank/{bank.id}/export?format=aiken", headers={"HX-Request": "true"})
    text = body.get_data(as_text=True)
    assert "<html" not in text and "không chứa được 7 câu hỏi" in text


PROTECTED = [("get", "/bank/{bank}/import"), ("post", "/bank/{bank}/import"),
             ("post", "/bank/{bank}/import/confirm"), ("get", "/bank/{bank}/export"),
             ("get", "/bank/{bank}/export?format=gift&download=1")]


@pytest.mark.parametrize("role", [Role.citizen, Role.official, "other_trainer"])
@pytest.mark.parametrize("method, route", PROTECTED)
def test_import_and_export_are_closed_to_others(web, team, factory, role, method, route):
    _, _, bank = team
    user = factory.user(role=Role.trainer if role == "other_trainer" else role)
    factory.commit()
    web.login(user)
    url = route.format(bank=bank.id)
    response = web.get(url) if method == "get" else web.post(url, {})
    assert response.status_code == 403


def test_admin_reaches_import_and_export(web, team, factory):
    _, _, bank = team
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    assert web.get(f"/bank/{bank.id}/import").status_code == 200
    assert web.get(f"/bank/{bank.id}/export").status_code == 200


def test_anonymous_is_sent_to_login(web, team):
    _, _, bank = team
    response = web.get(f"/bank/{bank.id}/import")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
