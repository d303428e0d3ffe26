"""The initial passwords of a bulk import, downloadable ONCE as an Excel file.

Why it works this way:

* The passwords are shown once, on the answer to the import's POST. A file must be fetched by a
  second request, so something has to survive between the two.
* Not the session: Flask's session is a signed, not encrypted, cookie, browsers stop at about
  4 KB (a 5,000-row import seals to ~150 KB), and "once" cannot rest on something the browser
  keeps: a copy of an earlier cookie would replay it.
* Not server memory or a local file: any gunicorn host may answer the download.
* So the database holds it (shared by every host), but only as ciphertext: the credentials are
  compressed and encrypted (Fernet: AES + HMAC) with a fresh random key that goes into the
  download form of the admin's result page and is stored nowhere on the server. A database
  dump or backup, or someone holding ``SECRET_KEY``, learns nothing from the row.
* Once: the download deletes the row, and only the request whose DELETE removed it gets the
  file, so two clicks (or two hosts) can never both succeed. Only the admin who ran the import
  may download, within ``TTL``; every seal and claim also purges expired rows.

Operations take the session, flush and never commit.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete
from sqlmodel import Session

from contest.admin.importing import Credential
from contest.admin.models import PasswordHandout
from contest.admin.units import AdminError
from contest.core.i18n import N_

#: How long the file may be downloaded after the import.
TTL_MINUTES = 30
TTL = timedelta(minutes=TTL_MINUTES)


def gone() -> AdminError:
    """The one refusal, whatever the reason (nothing is revealed about other admins' imports)."""
    return AdminError(N_("Tệp mật khẩu này đã được tải về hoặc đã hết hạn: mỗi lần nhập chỉ tải "
                         "được một lần, trong vòng %(minutes)s phút. Nếu cần, hãy đặt lại mật "
                         "khẩu cho từng người."), minutes=TTL_MINUTES)


@dataclass(frozen=True)
class Handout:
    """What the result page needs to offer the download: the row's id and its key."""

    id: int
    key: str
    expires_at: datetime


def seal(session: Session, admin_id: int, credentials: list[Credential], now: datetime) -> Handout:
    """Store ``credentials`` encrypted with a new key, for one download by ``admin_id``."""
    purge_expired(session, now)
    key = Fernet.generate_key()
    plain = json.dumps([[c.row, c.full_name, c.login, c.password] for c in credentials],
                       ensure_ascii=False).encode()
    handout = PasswordHandout(admin_id=admin_id, expires_at=now + TTL,
                              sealed=Fernet(key).encrypt(zlib.compress(plain)))
    session.add(handout)
    session.flush()
    return Handout(handout.id, key.decode(), handout.expires_at)


def claim(session: Session, admin_id: int, handout_id: int | None, key: str | None,
          now: datetime) -> list[Credential]:
    """The credentials of this handout, once: the row is deleted as they are returned. Refused
    (``AdminError``, always the same message) when it was already downloaded, has expired,
    belongs to another admin, or the key does not open it; a wrong key deletes nothing."""
    purge_expired(session, now)
    handout = session.get(PasswordHandout, handout_id) if handout_id else None
    if handout is None or handout.admin_id != admin_id or handout.expires_at <= now:
        raise gone()
    try:
        plain = zlib.decompress(Fernet((key or "").encode()).decrypt(handout.sealed))
    except (InvalidToken, ValueError, zlib.error) as err:
        raise gone() from err
    deleted = session.execute(delete(PasswordHandout).where(PasswordHandout.id == handout.id))
    if deleted.rowcount != 1:  # another request claimed it first
        raise gone()
    return [Credential(row, name, login, password)
            for row, name, login, password in json.loads(plain)]


def purge_expired(session: Session, now: datetime) -> None:
    """Delete every handout past its time (unreadable without its key anyway)."""
    session.execute(delete(PasswordHandout).where(PasswordHandout.expires_at <= now))
