"""Uploads past IMPORT_MAX_QUESTIONS / IMPORT_MAX_OFFICIALS are refused with the line where
reading stopped, and nothing is kept or written. The caps are lowered through the app config,
so the files stay small (tests/unit/test_import_limits.py reads large ones)."""

import io

import openpyxl
import pytest
from sqlmodel import select

from contest.accounts.models import Role, User
from contest.admin.official_sheet import HEADERS
from question_bank.models import ImportLog, Question

GIFT_FOUR = "".join(f"::Q{n}:: Câu hỏi {n}? {{T}}\n\n" for n in range(1, 5))
REFUSAL = "Tệp có hơn 3 câu hỏi (đã dừng đọc ở dòng 7); hãy chia thành nhiều tệp"


@pytest.fixture
def caps(app, tmp_path):
    """Three questions a file, two officials a sheet; uploads kept under tmp_path."""
    saved = {key: app.config.get(key) for key in
             ("IMPORT_MAX_QUESTIONS", "IMPORT_MAX_OFFICIALS", "IMPORT_UPLOAD_DIR")}
    app.config.update(IMPORT_MAX_QUESTIONS=3, IMPORT_MAX_OFFICIALS=2,
                      IMPORT_UPLOAD_DIR=str(tmp_path / "imports"))
    yield tmp_path / "imports"
    app.config.update(saved)


@pytest.fixture
def trainer_bank(web, factory):
    author = factory.user(role=Role.trainer, full_name="Tác Giả")
    bank = factory.bank(owner=author, name="Ngân hàng giới hạn")
    factory.commit()
    web.login(author)
    return bank


def upload(web, bank, text: str, name: str = "cau-hoi.gift", htmx=False):
    web.get(f"/bank/{bank.id}/import")
    return web.post(f"/bank/{bank.id}/import", {"file": (io.BytesIO(text.encode()), name)},
                    content_type="multipart/form-data", htmx=htmx)


def test_the_settings_default_to_twenty_thousand_questions_and_five_thousand_officials(app):
    from contest.core.config import Config

    assert (Config.IMPORT_MAX_QUESTIONS, Config.IMPORT_MAX_OFFICIALS) == (20_000, 5_000)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_file_past_the_question_cap_is_refused_and_nothing_is_kept(web, caps, trainer_bank,
                                                                      session, htmx):
    response = upload(web, trainer_bank, GIFT_FOUR, htmx=htmx)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and REFUSAL in body
    assert ("<html" in body) is not htmx
    assert 'name="token"' not in body  # nothing to confirm
    assert not caps.exists() or list(caps.iterdir()) == []
    assert session.exec(select(Question)).all() == []
    assert session.exec(select(ImportLog)).all() == []


def test_a_file_at_the_question_cap_is_previewed_for_import(web, caps, trainer_bank):
    three = "\n\n".join(GIFT_FOUR.split("\n\n")[:3])
    body = upload(web, trainer_bank, three).get_data(as_text=True)
    assert "3 câu hỏi hợp lệ" in body and "Tệp có hơn" not in body and 'name="token"' in body


def test_the_upload_page_states_the_cap(web, caps, trainer_bank):
    page = web.get(f"/bank/{trainer_bank.id}/import").get_data(as_text=True)
    assert "tối đa 20 MB và 3 câu hỏi" in page


def test_an_xlsx_past_the_cap_is_refused_on_the_web_too(web, caps, trainer_bank, session):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Loại câu hỏi", "Nội dung câu hỏi"])
    for n in range(4):
        workbook.active.append(["Tự luận", f"Câu hỏi {n}?"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    web.get(f"/bank/{trainer_bank.id}/import")
    response = web.post(f"/bank/{trainer_bank.id}/import",
                        {"file": (io.BytesIO(buffer.getvalue()), "cau-hoi.xlsx")},
                        content_type="multipart/form-data")
    assert "Tệp có hơn 3 câu hỏi (đã dừng đọc ở dòng 5)" in response.get_data(as_text=True)
    assert session.exec(select(Question)).all() == []


def test_a_question_with_more_tags_than_allowed_is_an_error_on_its_line(web, caps, trainer_bank):
    tags = " ".join(f"[tag:t{n}]" for n in range(101))
    body = upload(web, trainer_bank, f"// {tags}\n::Q:: Câu hỏi? {{T}}\n").get_data(as_text=True)
    assert "Câu hỏi gắn 101 thẻ; tối đa 100." in body and "0 câu hỏi hợp lệ" in body


# --- officials ---------------------------------------------------------------------------------


@pytest.fixture
def admin(web, factory):
    user = factory.user(role=Role.admin, email="admin@so.vn")
    factory.commit()
    web.login(user)
    return user


def officials_sheet(count: int) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADERS))
    for n in range(count):
        workbook.active.append([f"Người {n}", f"n{n}@xa.vn", "", "Xã A", "Văn thư", "Tư pháp"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_officials_sheet_past_the_cap_is_refused_and_no_account_is_made(web, caps, admin,
                                                                           session):
    web.get("/admin/users/import")
    response = web.post("/admin/users/import",
                        {"file": (io.BytesIO(officials_sheet(3)), "can-bo.xlsx")})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("Tệp có hơn 2 cán bộ (đã dừng đọc ở dòng 4); hãy chia thành nhiều tệp, mỗi tệp "
            "tối đa 2 cán bộ.") in body
    assert session.exec(select(User).where(User.role == Role.official)).all() == []


def test_the_officials_page_and_template_state_the_cap(web, caps, admin):
    assert "Tối đa 2 dòng." in web.get("/admin/users/import").get_data(as_text=True)
    data = web.client.get("/admin/users/import/template.xlsx").data
    guide = openpyxl.load_workbook(io.BytesIO(data))["Hướng dẫn"]
    assert any("Tối đa 2 dòng mỗi tệp." in (row[0] or "") for row in guide.values)
