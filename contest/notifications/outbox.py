"""The development outbox: with NOTIFY_OUTBOX on and no server configured for a channel, each
message is written to a file under NOTIFY_OUTBOX_DIR instead of being sent, and listed on the
admin page (/manage/messages/outbox). One RFC 822 file per message; headers X-Channel,
X-Delivery, To and Subject name it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

#: Files listed at most (newest first).
LIST_LIMIT = 200


@dataclass(frozen=True)
class OutboxMessage:
    name: str
    channel: str
    to: str
    subject: str | None
    text: str
    delivery_id: int | None = None
    headers: tuple[tuple[str, str], ...] = ()


def write(folder: Path, delivery_id: int, channel: str, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{delivery_id:08d}-{channel}.eml"
    path.write_bytes(content)
    return path


def read(path: Path) -> OutboxMessage:
    mail = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    body = mail.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    delivery = mail.get("X-Delivery")
    return OutboxMessage(name=path.name, channel=str(mail.get("X-Channel", "")),
                         to=str(mail.get("To", "")), subject=mail.get("Subject"),
                         text=text, delivery_id=int(delivery) if delivery else None,
                         headers=tuple((k, str(v)) for k, v in mail.items()))


def messages(folder: Path, limit: int = LIST_LIMIT) -> list[OutboxMessage]:
    """The newest ``limit`` messages of the folder, newest first."""
    if not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.eml"), key=lambda p: p.name, reverse=True)[:limit]
    return [read(p) for p in paths]


def clear(folder: Path) -> None:
    if folder.is_dir():
        for path in folder.glob("*.eml"):
            path.unlink(missing_ok=True)
