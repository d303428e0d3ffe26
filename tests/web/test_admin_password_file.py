"""The initial passwords of a bulk import: shown once, and downloadable ONCE as .xlsx by the
admin who ran the import; the database never holds them readable."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from sqlmodel import select

from contest.accounts.models import Role, UnitKind
from contest.admin.models import PasswordHandout
from contest.admin.official_sheet import HEADERS
from tests.conftest import WebClient
from tests.web.test_admin_import import GOOD, upload, xlsx

GONE = "Tệp mật khẩu này đã được tải về hoặc đã hết hạn"


@pytest.fixture
def org(factory):
    province = factory.province()
    district = factory.unit(name="Huyện Cái Bè", kind=UnitKind.district, parent=province)
    other = factory.unit(name="Huyện Chợ Gạo", kind=UnitKind.district, parent=province)
    made = {
        "commune": factory.unit(name="Xã An Hữu", parent=district, code="28435"),
        "department": factory.unit(name="Sở Tư pháp", kind=UnitKind.department, parent=province),
        "ward_b": factory.unit(name="Phường 1", parent=other, code="P1CG"),
        "position": factory.position("Công chức Tư pháp - Hộ tịch"),
        "field": factory.field("Tư pháp"),
    }
    factory.commit()
    return made


@pytest.fixture
def admin(web, factory, org):
    user = factory.user(role=Role.admin, unit=org["department"], email="admin@so.vn")
    factory.commit()
    web.login(user)
    return user


@pytest.fixture
def imported(web, admin):
    """The result page of an import of three officials: its passwords and its download form."""
    page = upload(web, xlsx(*GOOD)).get_data(as_text=True)
    form = dict(re.findall(r'<input type="hidden" name="(handout_id|key)" value="([^"]+)">', page))
    passwords = re.findall(r'<code class="password">([A-Za-z0-9]+)</code>', page)
    assert set(form) == {"handout_id", "key"} and len(passwords) == 3
    return {"page": page, "form": form, "passwords": passwords}


def download(web, form):
    return web.post("/admin/users/import/passwords.xlsx", form)


def rows_of(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]


def test_the_file_downloads_once_then_is_refused(web, imported, session):
    response = download(web, imported["form"])
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert re.search(r'attachment; filename=mat-khau-ban-dau-\d{8}-\d{4}\.xlsx',
                     response.headers["Content-Disposition"])
    assert rows_of(response) == [
        [2, "Nguyễn Văn An", "an@xa.vn", imported["passwords"][0]],
        [3, "Trần Thị Bình", "0912345678", imported["passwords"][1]],
        [4, "Lê Chí", "chi@so.vn", imported["passwords"][2]],
    ]
    assert session.exec(select(PasswordHandout)).all() == []  # nothing left on the server

    again = download(web, imported["form"])
    assert again.status_code == 302
    assert GONE in web.get(again.headers["Location"]).get_data(as_text=True)


def test_the_database_holds_only_ciphertext_without_its_key(web, imported, session):
    (row,) = session.exec(select(PasswordHandout)).all()
    stored = row.sealed + str(row.id).encode()
    for secret in [*imported["passwords"], imported["form"]["key"]]:
        assert secret.encode() not in stored
    assert b"an@xa.vn" not in row.sealed


def test_the_result_page_offers_the_file_and_reads_as_cards_on_a_phone(imported):
    page = imported["page"]
    assert 'action="/admin/users/import/passwords.xlsx"' in page and 'target="_blank"' in page
    assert '<table class="stack credentials">' in page
    assert 'data-label="Mật khẩu ban đầu"><code class="password">' in page


def test_another_admin_cannot_download_it_even_with_the_key(app, web, imported, factory, org):
    other = factory.user(role=Role.admin, unit=org["department"])
    factory.commit()
    thief = WebClient(app.test_client())
    thief.login(other)
    refused = download(thief, imported["form"])
    assert refused.status_code == 302
    assert download(web, imported["form"]).status_code == 200  # the owner still can, once


def test_a_wrong_key_is_refused_and_burns_nothing(web, imported):
    wrong = imported["form"] | {"key": "A" * 43 + "="}
    assert download(web, wrong).status_code == 302
    assert download(web, imported["form"] | {"key": ""}).status_code == 302
    assert download(web, imported["form"]).status_code == 200


def test_an_expired_file_is_refused_and_purged(web, imported, session):
    (row,) = session.exec(select(PasswordHandout)).all()
    row.expires_at -= timedelta(minutes=31)
    session.commit()
    assert download(web, imported["form"]).status_code == 302
    session.expire_all()
    assert session.exec(select(PasswordHandout)).all() == []


def test_a_name_typed_as_a_formula_stays_text_in_the_file(web, admin, session):
    name = '=HYPERLINK("http://vi-du.vn","x")'
    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADERS))
    workbook.active.append(["", "f@xa.vn", "", "Xã An Hữu", "Công chức Tư pháp - Hộ tịch",
                            "Tư pháp"])
    workbook.active["A2"].value = name
    workbook.active["A2"].data_type = "s"  # text that looks like a formula, as a person may type
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(web, buffer.getvalue()).get_data(as_text=True)
    form = dict(re.findall(r'<input type="hidden" name="(handout_id|key)" value="([^"]+)">', page))
    sheet = openpyxl.load_workbook(io.BytesIO(download(web, form).data)).active
    assert (sheet["B3"].value, sheet["B3"].data_type) == (name, "s")
