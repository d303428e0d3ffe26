"""Every process cache is declared in contest.core.caching: one call resets them all."""

import re

from contest.accounts.models import Role
from contest.core.caching import clear_all, registered
from question_bank.records import Choice, QuestionRecord
from question_bank.services.images import store_image

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
CHOICE = re.compile(r'name="choice" value="([0-9a-f]{8})"')


def test_a_sitting_warms_every_declared_cache_and_clear_all_empties_them(web, factory, session):
    bank = factory.bank(is_public=True)
    image = store_image(session, bank, "so-do.png", PNG, 1 << 20, bank.owner_id)
    factory.question(bank, publish=True, record=QuestionRecord(
        type="single_choice", stem=f'<p>Sơ đồ <img src="/bank/images/{image.id}"></p>',
        choices=[Choice("Đúng", 1.0), Choice("Sai")]))
    exam, round_ = factory.exam("contest", questions=1, draw=2, bank=bank)
    citizen = factory.user(role=Role.citizen)
    factory.commit()

    web.login(citizen)
    web.get(f"/exams/{exam.id}")
    url = web.post(f"/exams/{exam.id}/rounds/{round_.id}/start").headers["Location"]
    page = web.get(url).get_data(as_text=True)
    saved = web.post(f"{url}/answers/0", {"choice": CHOICE.findall(page)[0]}, htmx=True)
    assert "Đã lưu lúc" in saved.get_data(as_text=True)
    assert web.client.get(f"/bank/images/{image.id}").status_code == 200
    assert web.get(f"/reports/contests/{exam.id}/statistics").status_code == 200  # the public figures

    caches = registered()
    assert {name for name, cache in caches.items() if len(cache)} == set(caches)
    clear_all()
    assert {name for name, cache in caches.items() if len(cache)} == set()
    again = web.post(f"{url}/answers/1", {"choice": CHOICE.findall(page)[-1]}, htmx=True)
    assert "Đã lưu lúc" in again.get_data(as_text=True)  # a cold cache is read again, not an error
