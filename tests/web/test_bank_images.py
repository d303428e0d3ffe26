"""Who may load a bank's image: examinees only the pictures a published question of that very
bank shows (stem, explanation or options); a question of another bank never releases one."""

import io
import re

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from question_bank.models import QuestionBank
from question_bank.records import Choice, QuestionRecord
from question_bank.services.images import store_image

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
_TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


@pytest.fixture(autouse=True)
def upload_dir(app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "imports")
    yield
    app.config.pop("IMPORT_UPLOAD_DIR")


def status(web, user, url) -> int:
    web.login(user)
    code = web.client.get(url).status_code
    web.post("/logout", {})
    return code


def test_publishing_in_a_bank_of_ones_own_does_not_release_another_banks_draft_image(
        web, factory, session):
    """A trainer may create a bank naming themselves reviewer and import with "publish now";
    a published question there pointing at another bank's draft image must not unlock it."""
    owner, intruder = factory.user(role=Role.trainer), factory.user(role=Role.trainer)
    bank = factory.bank(owner=owner)
    image = store_image(session, bank, "de-chua-thi.png", PNG, 1 << 20, owner.id)
    url = f"/bank/images/{image.id}"
    factory.question(bank, record=QuestionRecord(
        type="single_choice", stem=f'<p>Sơ đồ <img src="{url}"></p>',
        choices=[Choice("Đúng", 1.0), Choice("Sai")]))
    citizen = factory.user(role=Role.citizen)
    factory.commit()

    web.login(intruder)
    assert web.client.get(url).status_code == 404
    web.post("/bank/", {"name": "Kho riêng", "reviewer_ids": [str(intruder.id)]})
    own = session.exec(select(QuestionBank).where(QuestionBank.name == "Kho riêng")).one()
    gift = f'::Q1:: [html]<p>Xem <img src="{url}"></p> {{T}}\n'.encode()
    web.get(f"/bank/{own.id}/import")
    body = web.post(f"/bank/{own.id}/import", {"file": (io.BytesIO(gift), "a.gift"), "format": ""},
                    content_type="multipart/form-data").get_data(as_text=True)
    assert "Xuất bản ngay" in body  # the intruder reviews their own bank: may publish directly
    done = web.post(f"/bank/{own.id}/import/confirm", {"token": _TOKEN.search(body).group(1),
                                                       "format": "gift", "filename": "a.gift",
                                                       "publish": "y"})
    assert done.status_code == 302
    assert web.client.get(url).status_code == 404
    web.post("/logout", {})
    assert status(web, citizen, url) == 404
    assert status(web, owner, url) == 200


def test_an_image_in_a_published_questions_option_is_served_to_examinees(web, factory, session):
    owner = factory.user(role=Role.trainer)
    bank = factory.bank(owner=owner)
    in_option = store_image(session, bank, "lua-chon.png", PNG, 1 << 20, owner.id)
    in_draft = store_image(session, bank, "nhap.png", PNG + b"draft", 1 << 20, owner.id)

    def pictured(image):
        return QuestionRecord(type="single_choice", stem="<p>Biểu tượng nào là Cổng dịch vụ công?</p>",
                              choices=[Choice(f'<p><img src="/bank/images/{image.id}"></p>', 1.0),
                                       Choice("Không có")])

    factory.question(bank, record=pictured(in_option), publish=True)
    factory.question(bank, record=pictured(in_draft))
    examinee = factory.user(role=Role.citizen)
    factory.commit()
    assert status(web, examinee, f"/bank/images/{in_option.id}") == 200
    assert status(web, examinee, f"/bank/images/{in_draft.id}") == 404
