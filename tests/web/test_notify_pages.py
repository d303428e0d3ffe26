"""The notification pages: a person's preferences, one-click unsubscribe, the admin's log and
the development outbox."""

from __future__ import annotations

import pytest

from contest.accounts.models import Role
from contest.core import db
from contest.notifications import preferences
from contest.notifications.models import Delivery, DeliveryStatus, NotificationPreference
from contest.notifications.sending import Address, notify
from tests.support.notifications import run_queue, settings, topic_kind


def _notify(app, kind, **kwargs):
    with app.app_context():
        made = notify(db.session(), kind, **kwargs)
        db.finish(True)
        return made


def _preference(app, user_id) -> NotificationPreference | None:
    with app.app_context():
        return db.session().get(NotificationPreference, user_id)


# --- preferences ------------------------------------------------------------------------------

def test_the_preferences_page_needs_a_signed_in_person(web):
    response = web.get("/account/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_preferences_page_offers_only_channels_with_an_address(web, factory):
    user = factory.user(email="an@example.vn", phone=None)
    factory.commit()
    web.login(user)
    page = web.get("/account/notifications").get_data(as_text=True)
    assert 'value="email" checked' in page
    assert 'value="sms"' not in page
    assert "Chưa dùng được: Tin nhắn SMS, Zalo" in page
    assert 'value="round_opening">' in page  # opt-in: off by default
    assert 'value="results" checked' in page


def test_the_preferences_page_saves_channels_and_topics(app, web, factory):
    user = factory.user(email="an@example.vn", phone="0912345678")
    factory.commit()
    web.login(user)
    web.get("/account/notifications")
    response = web.post("/account/notifications", {"channels": ["zalo", "email"],
                                                   "topics": ["round_opening", "training"]})
    assert response.status_code == 302
    page = web.get("/account/notifications").get_data(as_text=True)
    assert "Đã lưu lựa chọn nhận thông báo." in page
    pref = _preference(app, user.id)
    assert pref.channels == ["zalo", "email"]
    assert pref.topics == {"round_opening": True, "results": False, "training": True,
                           "assessment": False, "certificates": False}


def test_a_channel_without_an_address_is_refused_with_a_message(app, web, factory):
    user = factory.user(email="an@example.vn", phone=None)
    factory.commit()
    web.login(user)
    web.get("/account/notifications")
    response = web.post("/account/notifications", {"channels": ["sms"], "topics": []})
    assert response.status_code == 200
    assert "Hãy chọn trong các kênh được liệt kê." in response.get_data(as_text=True)
    assert _preference(app, user.id) is None


# --- unsubscribe ---------------------------------------------------------------------------------

def _token(app, user_id, topic="results"):
    with app.app_context():
        return preferences.unsubscribe_token(user_id, topic)


def test_the_unsubscribe_link_shows_a_confirm_button(app, web, factory):
    user = factory.user()
    factory.commit()
    response = web.get(f"/unsubscribe/{_token(app, user.id)}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bạn muốn ngừng nhận tin loại «Kết quả và giải thưởng»?" in page
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert _preference(app, user.id) is None  # a GET (a mail scanner's) changes nothing


def test_the_one_click_post_turns_the_topic_off_without_a_session(app, factory):
    user = factory.user()
    factory.commit()
    client = app.test_client()  # no cookie, no CSRF token: as a mail client posts it
    response = client.post(f"/unsubscribe/{_token(app, user.id)}",
                           data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Bạn sẽ không nhận tin loại «Kết quả và giải thưởng» nữa." in response.get_data(as_text=True)
    assert _preference(app, user.id).topics == {"results": False}

    kind = topic_kind("results")
    assert _notify(app, kind.key, user=user) == []


def test_a_forged_unsubscribe_token_is_refused_in_vietnamese(app, factory):
    user = factory.user()
    factory.commit()
    token = _token(app, user.id)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    client = app.test_client()
    for response in (client.get(f"/unsubscribe/{forged}"), client.post(f"/unsubscribe/{forged}")):
        assert response.status_code == 400
        assert "Liên kết hủy nhận tin không hợp lệ" in response.get_data(as_text=True)
    assert _preference(app, user.id) is None


def test_a_token_signed_with_another_key_is_refused(app, factory):
    from itsdangerous import URLSafeSerializer

    user = factory.user()
    factory.commit()
    other = URLSafeSerializer("another-key", salt="notify-unsubscribe").dumps([user.id, "results"])
    response = app.test_client().post(f"/unsubscribe/{other}")
    assert response.status_code == 400
    assert _preference(app, user.id) is None


# --- the admin's log ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.citizen, Role.official, Role.trainer])
def test_only_admins_see_the_log(web, factory, role):
    user = factory.user(role=role)
    factory.commit()
    web.login(user)
    assert web.get("/manage/messages").status_code == 403
    assert web.get("/manage/messages/outbox").status_code == 403


def test_the_log_lists_newest_first_and_filters(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    _notify(app, "test", to=Address("email", "first@example.vn"), params={"code": "ONE"})
    _notify(app, "test", to=Address("sms", "0912345678"), params={"code": "TWO"})
    with settings(app, NOTIFY_OUTBOX=False):
        run_queue(app)  # no server configured, production: both fail
    _notify(app, "test", to=Address("email", "third@example.vn"))
    web.login(admin)

    page = web.get("/manage/messages").get_data(as_text=True)
    assert page.index("third@example.vn") < page.index("0912345678") < page.index("first@example.vn")
    assert "chưa cấu hình" in page and "Mã thử: ONE" in page

    page = web.get("/manage/messages?channel=sms").get_data(as_text=True)
    assert "0912345678" in page and "example.vn" not in page
    page = web.get("/manage/messages?status=queued", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'id="delivery-table"' in page
    assert "<html" not in page  # htmx gets the table alone
    assert "third@example.vn" in page and "first@example.vn" not in page
    page = web.get("/manage/messages?status=bogus&kind=nope").get_data(as_text=True)
    assert "third@example.vn" in page  # an unknown filter value filters nothing


def test_the_log_hides_the_content_of_secret_kinds(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    kind = topic_kind("results", secret=True)
    _notify(app, kind.key, to=Address("email", "x@example.vn"), params={"code": "S3CR3T"})
    web.login(admin)
    page = web.get("/manage/messages").get_data(as_text=True)
    assert "x@example.vn" in page  # still queued: the content exists but is not shown
    assert "S3CR3T" not in page and "tin bảo mật" in page


def test_the_log_pages(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    with app.app_context():
        session = db.session()
        for n in range(55):
            session.add(Delivery(kind="test", channel="email", address=f"p{n:02d}@example.vn",
                                 recipient=f"email:p{n:02d}@example.vn", status=DeliveryStatus.sent))
        db.finish(True)
    web.login(admin)
    first = web.get("/manage/messages?channel=email").get_data(as_text=True)
    assert "55 tin" in first and 'rel="next"' in first
    second = web.get("/manage/messages?channel=email&page=2").get_data(as_text=True)
    assert second.count("@example.vn</td>") + second.count("@example.vn<br>") == 5


def test_the_outbox_page_shows_the_dev_folder(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    _notify(app, "test", to=Address("email", "dev@example.vn"), params={"code": "DEV42"})
    run_queue(app)
    web.login(admin)
    page = web.get("/manage/messages/outbox").get_data(as_text=True)
    assert "dev@example.vn" in page and "DEV42" in page
    assert "Thư thử nghiệm từ hệ thống cuộc thi" in page


def test_the_outbox_page_does_not_exist_in_production(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    with settings(app, NOTIFY_OUTBOX=False):
        assert web.get("/manage/messages/outbox").status_code == 404
