"""The one interface every channel implements, and the two ways a try can fail."""

from __future__ import annotations

from dataclasses import dataclass


class DeliveryFailure(Exception):
    """A try that did not deliver. ``text`` is Vietnamese with the technical detail in brackets
    (it goes to the delivery log as it is)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text[:500]


class TemporaryFailure(DeliveryFailure):
    """Worth another try later: connection refused, timeout, HTTP 5xx or 429, SMTP 4xx."""


class PermanentFailure(DeliveryFailure):
    """Trying again would not help: SMTP 5xx refusal, HTTP 4xx, Zalo error != 0, not configured."""


@dataclass(frozen=True)
class Message:
    """What a channel sends: one delivery row's content."""

    delivery_id: int
    kind: str
    to: str
    #: E-mail subject; Zalo: the template id; SMS: None.
    subject: str | None
    #: E-mail or SMS text; Zalo: the template data as JSON.
    body: str
    unsubscribe_url: str | None = None


class Channel:
    """A way to reach a person. Subclasses set ``key`` and ``label`` and implement the rest."""

    key: str = ""
    #: Vietnamese (N_).
    label: str = ""
    #: The setting that names the channel's server (unset: not configured).
    setting: str = ""

    def address_of(self, user) -> str | None:
        """The person's address on this channel, if they have one."""
        raise NotImplementedError

    def render(self, kind, params: dict) -> tuple[str | None, str]:
        """(subject, body) of ``kind`` on this channel (see ``Message``). NotImplementedError
        when the kind has no text for this channel."""
        raise NotImplementedError

    def configured(self, config) -> bool:
        """Whether the deployment names a server for this channel."""
        return bool(config.get(self.setting))

    def send(self, message: Message, config) -> None:
        """Deliver ``message`` or raise a ``TemporaryFailure`` / ``PermanentFailure``."""
        raise NotImplementedError

    def outbox_text(self, message: Message, config) -> bytes:
        """The file written in development instead of sending (an RFC 822 message)."""
        from email.message import EmailMessage

        mail = EmailMessage()
        mail["X-Channel"] = self.key
        mail["X-Delivery"] = str(message.delivery_id)
        mail["To"] = message.to
        if message.subject:
            mail["Subject"] = message.subject
        mail.set_content(message.body)
        return bytes(mail)
