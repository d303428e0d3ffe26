"""Images in stems: recognised by their bytes (not their name), bounded in size, kept in the DB."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import String, cast
from sqlmodel import Session, select

from contest.core.caching import PUBLISHED_IMAGES
from contest.core.errors import DomainError
from contest.core.i18n import N_
from question_bank.models import BankImage, Question, QuestionBank, QuestionStatus, QuestionVersion

_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
               (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))


class ImageError(DomainError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def sniff_image(data: bytes) -> str | None:
    """The MIME type of PNG, JPEG, GIF or WEBP bytes; None for anything else (SVG included:
    it can carry scripts)."""
    for signature, mime in _SIGNATURES:
        if data.startswith(signature):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def store_image(session: Session, bank: QuestionBank, name: str, data: bytes, max_bytes: int,
                user_id: int | None = None) -> BankImage:
    """Keep an image of ``bank``; the same bytes uploaded twice are stored once."""
    if len(data) > max_bytes:
        raise ImageError(N_("Ảnh quá lớn (tối đa %(kb)d KB).") % {"kb": max_bytes // 1024})
    mime = sniff_image(data)
    if mime is None:
        raise ImageError(N_("Tệp tải lên không phải ảnh PNG, JPEG, GIF hoặc WEBP."))
    digest = hashlib.sha256(data).hexdigest()
    found = session.exec(select(BankImage).where(BankImage.bank_id == bank.id,
                                                 BankImage.sha256 == digest)).first()
    if found is not None:
        return found
    image = BankImage(bank_id=bank.id, name=(name or "image")[:200], content_type=mime,
                      sha256=digest, data=data, uploaded_by=user_id)
    session.add(image)
    session.flush()
    return image


def is_published_image(session: Session, image: BankImage) -> bool:
    """Whether a published (or since retired, still shown in past attempts) version of a question
    of the image's own bank shows it, in the stem, the explanation or the answer data (choices,
    pairs, feedback).

    Examinees may only load such images: a draft's picture must not leak an unreleased question,
    and a question of another bank (e.g. one a trainer publishes in a bank they review themselves)
    does not release it. A published version never changes, so a "yes" is remembered for the
    life of the process (an image never changes bank).
    """
    if PUBLISHED_IMAGES.get(image.id):
        return True
    marker = f"/bank/images/{image.id}\""  # the src attribute's end: image 1 is not image 12
    in_json = json.dumps(marker)[1:-1]  # the payload is stored as JSON text: the quote escaped
    shown = session.exec(select(QuestionVersion.id).join(
        Question, Question.id == QuestionVersion.question_id).where(
        Question.bank_id == image.bank_id,
        QuestionVersion.status.in_([QuestionStatus.published, QuestionStatus.retired]),
        QuestionVersion.stem.contains(marker, autoescape=True)
        | QuestionVersion.explanation.contains(marker, autoescape=True)
        | cast(QuestionVersion.payload, String).contains(in_json, autoescape=True)).limit(1)).first()
    if shown is not None:
        PUBLISHED_IMAGES.put(image.id, True)
    return shown is not None

