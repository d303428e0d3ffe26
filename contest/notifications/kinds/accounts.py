"""Kinds of accounts and recovery: password reset, contact confirmation, address taken.

All three are essential (no topic): they answer something the person (or someone using their
address) just did, so no preference turns them off. The reset and the confirmation carry a
secret (a link or a code), which leaves the delivery log once the outcome is final.

Params (built by ``contest.accounts.recovery`` and ``contest.accounts.registration``):
- password_reset: ``link`` (e-mail) or ``code`` (SMS/Zalo), ``minutes``, ``url`` (where the
  code is typed), ``name``.
- contact_confirm: ``link`` or ``code``, ``minutes``, ``url`` (where the code is typed),
  ``name``.
- address_taken: ``login_url``, ``forgot_url``.

Zalo: the template ids are the deployment's (``ZALO_TEMPLATE_IDS``, {kind: id}, as for the
events' kinds); without it the kind's key is sent.
"""

from __future__ import annotations

from flask_babel import gettext as _

from contest.core.i18n import N_
from contest.notifications.kinds import Kind, greeting, register, zalo_template_id


def _reset_email(params: dict) -> tuple[str, str]:
    return (_("Đặt lại mật khẩu"),
            "\n\n".join([
                greeting(params),
                _("Chúng tôi nhận được yêu cầu đặt lại mật khẩu cho tài khoản dùng địa chỉ này. "
                  "Mở liên kết sau để đặt mật khẩu mới (liên kết dùng được một lần, trong "
                  "%(minutes)s phút):", minutes=params.get("minutes", "")),
                params.get("link", ""),
                _("Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn không thay đổi."),
            ]))


def _reset_sms(params: dict) -> str:
    return _("Mã đặt lại mật khẩu: %(code)s (dùng trong %(minutes)s phút). Không chia sẻ mã này.",
             code=params.get("code", ""), minutes=params.get("minutes", ""))


def _reset_zalo(params: dict) -> tuple[str, dict]:
    return zalo_template_id("password_reset"), {"code": params.get("code", ""),
                              "minutes": str(params.get("minutes", ""))}


def _confirm_email(params: dict) -> tuple[str, str]:
    return (_("Xác nhận địa chỉ email"),
            "\n\n".join([
                greeting(params),
                _("Cảm ơn bạn đã đăng ký tham gia cuộc thi. Mở liên kết sau để xác nhận địa chỉ "
                  "email và kích hoạt tài khoản (liên kết dùng được trong %(minutes)s phút):",
                  minutes=params.get("minutes", "")),
                params.get("link", ""),
                _("Nếu bạn không đăng ký, hãy bỏ qua thư này."),
            ]))


def _confirm_sms(params: dict) -> str:
    return _("Mã xác nhận đăng ký: %(code)s (dùng trong %(minutes)s phút). Không chia sẻ mã này.",
             code=params.get("code", ""), minutes=params.get("minutes", ""))


def _confirm_zalo(params: dict) -> tuple[str, dict]:
    return zalo_template_id("contact_confirm"), {"code": params.get("code", ""),
                               "minutes": str(params.get("minutes", ""))}


def _taken_email(params: dict) -> tuple[str, str]:
    return (_("Có người vừa đăng ký bằng địa chỉ của bạn"),
            "\n\n".join([
                _("Xin chào,"),
                _("Có người vừa dùng địa chỉ này để đăng ký tài khoản mới, nhưng địa chỉ này đã "
                  "thuộc một tài khoản. Chúng tôi không tạo tài khoản mới."),
                _("Nếu đó là bạn, hãy đăng nhập: %(login)s", login=params.get("login_url", "")),
                _("Nếu bạn quên mật khẩu, hãy đặt lại: %(forgot)s",
                  forgot=params.get("forgot_url", "")),
                _("Nếu không phải bạn, hãy bỏ qua thư này."),
            ]))


def _taken_sms(params: dict) -> str:
    return _("Số này đã có tài khoản. Nếu bạn vừa đăng ký, hãy đăng nhập hoặc đặt lại mật khẩu: "
             "%(forgot)s", forgot=params.get("forgot_url", ""))


def _taken_zalo(params: dict) -> tuple[str, dict]:
    return zalo_template_id("address_taken"), {"login_url": params.get("login_url", ""),
                             "forgot_url": params.get("forgot_url", "")}


PASSWORD_RESET = register(Kind(
    key="password_reset", label=N_("Đặt lại mật khẩu"), email=_reset_email, sms=_reset_sms,
    zalo=_reset_zalo, secret=True))
CONTACT_CONFIRM = register(Kind(
    key="contact_confirm", label=N_("Xác nhận địa chỉ khi đăng ký"), email=_confirm_email,
    sms=_confirm_sms, zalo=_confirm_zalo, secret=True, lifetime_setting="CONFIRMATION_MINUTES"))
ADDRESS_TAKEN = register(Kind(
    key="address_taken", label=N_("Địa chỉ đã có tài khoản"), email=_taken_email, sms=_taken_sms,
    zalo=_taken_zalo))
