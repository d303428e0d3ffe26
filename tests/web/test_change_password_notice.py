"""The forced password change speaks to both cases: a first sign-in and an admin's reset."""

from contest.accounts.models import Role

NOTICE = ("Bạn cần đặt mật khẩu mới trước khi tiếp tục (mật khẩu hiện tại là mật khẩu được cấp "
          "một lần).")


def test_a_forced_change_does_not_claim_a_first_sign_in(web, factory):
    user = factory.user(role=Role.official, must_change_password=True)
    factory.commit()
    web.login(user)
    page = web.get("/account/password").get_data(as_text=True)
    assert NOTICE in page and "lần đăng nhập đầu tiên" not in page


def test_no_notice_when_the_change_is_chosen(web, factory):
    user = factory.user(role=Role.official)
    factory.commit()
    web.login(user)
    assert NOTICE not in web.get("/account/password").get_data(as_text=True)
