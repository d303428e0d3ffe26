"""E-mail over SMTP (smtplib).

``SMTP_URL``: ``smtp://user:pass@host:25`` (plain), ``smtps://...:465`` (TLS from the start) or
``smtp+starttls://...:587``; user and password are optional (percent-encoded in the URL). Each
message of a kind with a topic carries ``List-Unsubscribe`` (the one-click link) and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058). A 4xx answer or a network
error is temporary (retried); a 5xx refusal is permanent.

Each worker thread keeps its SMTP connection open for the next e-mail (a fan-out of 80,000
round-opening mails is not 80,000 TCP and TLS handshakes and logins). A connection the server
closed meanwhile is opened again once; after any failure the connection is dropped.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import threading
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

from flask_babel import gettext as _

from contest.core.i18n import N_
from contest.notifications.channels.base import Channel, Message, PermanentFailure, TemporaryFailure

TIMEOUT = 5
_PORTS = {"smtp": 25, "smtps": 465, "smtp+starttls": 587}
#: This thread's open connection: (SMTP_URL, client).
_local = threading.local()


#: Headers are not folded below RFC 5322's hard limit: Python's folding of encoded words can drop
#: the space after a colon ("Kỳ thi 100: Chưa đạt" arrived as "Kỳ thi 100:Chưa đạt").
_POLICY = policy.default.clone(max_line_length=998)


def build_message(message: Message, config) -> EmailMessage:
    mail = EmailMessage(policy=_POLICY)
    mail["From"] = config["MAIL_FROM"]
    mail["To"] = message.to
    mail["Subject"] = message.subject or ""
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=_sender_domain(config["MAIL_FROM"]))
    if message.unsubscribe_url:
        mail["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(message.body)
    return mail


def _sender_domain(sender: str) -> str:
    return sender.rsplit("@", 1)[-1].strip(" >") or "localhost"


def _classify(code: int, detail: str):
    text = _("Máy chủ thư từ chối (%(detail)s)", detail=f"{code} {detail}")
    if 400 <= code < 500:
        return TemporaryFailure(text)
    return PermanentFailure(text)


def _detail(raw) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _connect(url, scheme: str) -> smtplib.SMTP:
    host, port = url.hostname or "localhost", url.port or _PORTS[scheme]
    if scheme == "smtps":
        client = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, port, timeout=TIMEOUT)
    try:
        if scheme == "smtp+starttls":
            client.starttls(context=ssl.create_default_context())
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
    except BaseException:
        _close(client)
        raise
    return client


def _close(client: smtplib.SMTP) -> None:
    with contextlib.suppress(Exception):
        client.quit()
    with contextlib.suppress(Exception):
        client.close()


def drop_connection() -> None:
    """Close this thread's kept connection, if any."""
    kept = getattr(_local, "smtp", None)
    _local.smtp = None
    if kept is not None:
        _close(kept[1])


def _send(mail: EmailMessage, smtp_url: str, url, scheme: str) -> dict:
    """Send on this thread's kept connection to ``smtp_url``, opening one when there is none or
    the server closed it."""
    kept = getattr(_local, "smtp", None)
    if kept is not None and kept[0] == smtp_url:
        try:
            return kept[1].send_message(mail)
        except (smtplib.SMTPServerDisconnected, ConnectionError):
            pass  # closed while idle: a new connection below
    drop_connection()
    client = _connect(url, scheme)
    _local.smtp = (smtp_url, client)
    return client.send_message(mail)


class EmailChannel(Channel):
    key = "email"
    label = N_("E-mail")
    setting = "SMTP_URL"

    def address_of(self, user) -> str | None:
        return user.email or None

    def render(self, kind, params: dict) -> tuple[str | None, str]:
        return kind.email(params)


    def outbox_text(self, message: Message, config) -> bytes:
        mail = build_message(message, config)
        mail["X-Channel"] = self.key
        mail["X-Delivery"] = str(message.delivery_id)
        return bytes(mail)

    def send(self, message: Message, config) -> None:
        url = urlsplit(config["SMTP_URL"])
        scheme = url.scheme.lower()
        if scheme not in _PORTS:
            raise PermanentFailure(_("SMTP_URL không hợp lệ (%(detail)s)", detail=scheme))
        mail = build_message(message, config)
        try:
            try:
                refused = _send(mail, config["SMTP_URL"], url, scheme)
            except BaseException:
                drop_connection()
                raise
        except smtplib.SMTPRecipientsRefused as err:
            code, detail = next(iter(err.recipients.values()))
            raise _classify(code, _detail(detail)) from err
        except smtplib.SMTPResponseException as err:
            raise _classify(err.smtp_code, _detail(err.smtp_error)) from err
        except ssl.SSLCertVerificationError as err:
            raise PermanentFailure(_("Máy chủ thư dùng chứng chỉ TLS không tin cậy (%(detail)s)",
                                     detail=str(err)[:200])) from err
        except (smtplib.SMTPException, OSError) as err:
            raise TemporaryFailure(_("Không kết nối được máy chủ thư (%(detail)s)",
                                     detail=f"{type(err).__name__}: {err}")) from err
        if refused:
            code, detail = next(iter(refused.values()))
            raise _classify(code, _detail(detail))
