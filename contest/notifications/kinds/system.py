"""Kinds of the notifications machinery itself: the test message of ``flask notify test``."""

from __future__ import annotations

from flask_babel import gettext as _

from contest.core.i18n import N_
from contest.notifications.kinds import Kind, register


def _email(params: dict) -> tuple[str, str]:
    return (_("Thư thử nghiệm từ hệ thống cuộc thi"),
            _("Đây là thư thử nghiệm. Nếu bạn nhận được thư này, kênh e-mail đã hoạt động.\n\n"
              "Mã thử: %(code)s", code=params.get("code", "")))


def _sms(params: dict) -> str:
    return _("Tin nhắn thử nghiệm từ hệ thống cuộc thi. Mã thử: %(code)s", code=params.get("code", ""))


def _zalo(params: dict) -> tuple[str, dict]:
    return params.get("template_id", "test"), {"code": params.get("code", "")}


TEST = register(Kind(key="test", label=N_("Tin thử nghiệm"), email=_email, sms=_sms, zalo=_zalo))
