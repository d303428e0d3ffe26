"""Generated downloads (one-time passwords, exports, templates) are never kept by a browser or a
proxy: each answers ``Cache-Control: no-store``, while static files keep their long caching."""

import re

import pytest

from contest.accounts.models import Role
from tests.web.test_admin_import import GOOD, upload, xlsx
from tests.web.test_admin_password_file import admin, org  # noqa: F401 (fixtures)


def test_the_one_time_passwords_file_is_not_stored(web, admin):  # noqa: F811
    page = upload(web, xlsx(*GOOD)).get_data(as_text=True)
    form = dict(re.findall(r'<input type="hidden" name="(handout_id|key)" value="([^"]+)">', page))
    response = web.post("/admin/users/import/passwords.xlsx", form)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Expires" not in response.headers


def test_the_officials_template_is_not_stored(web, admin):  # noqa: F811
    response = web.get("/admin/users/import/template.xlsx")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def trainer(web, factory):
    user = factory.user(role=Role.trainer)
    factory.commit()
    web.login(user)
    return user


def test_a_round_export_is_not_stored(web, factory, trainer):
    exam, round_ = factory.exam(bank=factory.bank(owner=trainer, is_public=True), questions=2)
    factory.commit()
    response = web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}/export")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"


def test_a_bank_export_and_the_bank_template_are_not_stored(web, factory, trainer):
    bank = factory.bank(owner=trainer)
    factory.commit()
    for url in (f"/bank/{bank.id}/export?format=gift&download=1", "/bank/import-template.xlsx"):
        response = web.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_static_files_keep_their_caching(web, app):
    with app.test_request_context():
        from flask import url_for
        url = url_for("static", filename="css/app.css")
    cache = web.client.get(url).headers["Cache-Control"]
    assert "immutable" in cache and "no-store" not in cache
