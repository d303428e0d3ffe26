"""One import, from the uploaded bytes to questions in a bank; the CLI and the web both call it.

Rules:
* The format is the one asked for, or guessed from the content (the file name only breaks ties),
  so a misleading name changes nothing.
* A file that cannot be read at all (not well-formed, wrong encoding, zip bomb, more than
  ``max_questions`` questions, ...) imports nothing and reports one error.
* Parser errors and validation problems (``check_records``) are both errors on their line. With
  any error and without ``skip_invalid`` nothing is imported; with it, the valid questions are.
* Unsupported items (cloze, descriptions, ...) are skipped with their reason, never fatal.
* Images embedded in the file (Moodle XML) are checked like uploaded images and kept in the bank.
* A real import writes the questions, their images and one ``ImportLog`` in the caller's
  transaction (the service only flushes); a dry run writes nothing.

``UploadStore`` keeps an upload between the web preview and its confirmation.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlmodel import Session, select

from contest.accounts.models import User
from contest.core.i18n import N_
from question_bank.formats import (
    MAX_QUESTIONS,
    FormatError,
    Problem,
    counts_by_type,
    guess_format,
    parse,
)
from question_bank.models import ImportLog, QuestionBank
from question_bank.records import QuestionRecord
from question_bank.services.images import sniff_image, store_image
from question_bank.services.importing import Prepared, check_records, store

#: Where a stored image is served (question_bank.views.images); stems point there.
IMAGE_URL = "/bank/images/{id}"
PLUGINFILE = "@@PLUGINFILE@@/"
UNKNOWN_FORMAT = N_("Không nhận ra định dạng của tệp. Hãy chọn định dạng (GIFT, Moodle XML, "
                    "Aiken, Excel hoặc CSV) hoặc kiểm tra lại nội dung tệp.")
NO_QUESTIONS = N_("Tệp không có câu hỏi nào.")


@dataclass
class ImportReport:
    """What an import read, what it would write (or wrote), and every problem by line."""

    filename: str
    format: str | None = None
    ready: list[Prepared] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    #: The whole file could not be read: nothing else in the report is meaningful.
    fatal: bool = False
    imported: bool = False
    log: ImportLog | None = None
    #: The questions a real import wrote (for a next step, e.g. sending them for review).
    stored: list = field(default_factory=list)

    @property
    def records(self) -> list[QuestionRecord]:
        return [item.record for item in self.ready]

    @property
    def questions(self) -> int:
        return len(self.ready)

    @property
    def by_type(self) -> dict[str, int]:
        return counts_by_type(self.records)

    @property
    def by_category(self) -> list[tuple[tuple[str, ...], int]]:
        """(category path, number of questions), in path order; ``()`` is "no category"."""
        counts: dict[tuple[str, ...], int] = {}
        for record in self.records:
            counts[record.category] = counts.get(record.category, 0) + 1
        return sorted(counts.items())

    @property
    def categories(self) -> int:
        """Distinct categories the import names, parents included (what it may create)."""
        paths = {r.category[:depth] for r in self.records for depth in range(1, len(r.category) + 1)}
        return len(paths)

    @property
    def blocked(self) -> bool:
        """True when errors stop the import unless invalid items are skipped."""
        return bool(self.errors)

    def as_json(self) -> dict:
        return {"format": self.format, "questions": self.questions, "by_type": self.by_type,
                "categories": self.categories,
                "skipped": [{"line": p.line, "reason": p.message} for p in self.skipped],
                "errors": [{"line": p.line, "message": p.message} for p in self.errors],
                "imported": self.imported}


def run_import(session: Session, bank: QuestionBank, user: User, filename: str, data: bytes,
               fmt: str | None = None, *, skip_invalid: bool = False, publish: bool = False,
               dry_run: bool = False, image_max_bytes: int = 2 * 1024 * 1024,
               max_questions: int = MAX_QUESTIONS) -> ImportReport:
    """Parse, check and (unless a dry run, or errors without ``skip_invalid``) store ``data``.

    A file holding more than ``max_questions`` questions is refused whole (``fatal``), its
    reading stopped at the first question too many.

    The caller has checked that ``user`` may manage ``bank`` (and may publish directly when
    ``publish``), and commits when ``report.imported`` (or rolls back otherwise).
    """
    report = ImportReport(filename=filename[:255], format=fmt or guess_format(filename, data))
    if report.format is None:
        return _fail(report, Problem(0, UNKNOWN_FORMAT))
    try:
        parsed = parse(data, report.format, max_questions=max_questions)
    except FormatError as err:
        return _fail(report, Problem(err.line, err.message))
    checked = check_records(session, parsed.questions)
    report.ready = [item for item in checked.ready if not _image_problems(item, image_max_bytes,
                                                                           checked.problems)]
    report.skipped = sorted(parsed.skipped, key=lambda p: p.line)
    report.errors = sorted(parsed.errors + checked.problems, key=lambda p: p.line)
    if not parsed.questions and not parsed.errors:
        report.errors.append(Problem(0, NO_QUESTIONS))
    if dry_run or not report.ready or (report.errors and not skip_invalid):
        return report
    for item in report.ready:
        _store_images(session, bank, user, item.record, image_max_bytes)
    report.stored = store(session, bank, user, report.ready, publish=publish)
    report.log = ImportLog(
        bank_id=bank.id, user_id=user.id, filename=report.filename, format=report.format,
        questions=report.questions, skipped=len(report.skipped), errors=len(report.errors),
        counts={"by_type": report.by_type, "categories": report.categories, "published": publish})
    session.add(report.log)
    session.flush()
    report.imported = True
    return report


def _fail(report: ImportReport, problem: Problem) -> ImportReport:
    report.fatal = True
    report.errors = [problem]
    return report


def _image_problems(item: Prepared, max_bytes: int, problems: list[Problem]) -> bool:
    """Add a problem for each embedded image we would refuse; True when there was one."""
    bad = False
    for name, data in item.record.images.items():
        if len(data) > max_bytes:
            message = N_("Ảnh %(name)s quá lớn (tối đa %(kb)d KB).") % {"name": name,
                                                                         "kb": max_bytes // 1024}
        elif sniff_image(data) is None:
            message = N_("Tệp đính kèm %(name)s không phải ảnh PNG, JPEG, GIF hoặc WEBP.") % {
                "name": name}
        else:
            continue
        problems.append(Problem(item.record.line, message))
        bad = True
    return bad


def _store_images(session: Session, bank: QuestionBank, user: User, record: QuestionRecord,
                  max_bytes: int) -> None:
    """Keep the record's embedded images in the bank and point its HTML at them."""
    if not record.images:
        return
    urls = {}
    for name, data in record.images.items():
        image = store_image(session, bank, name, data, max_bytes, user.id)
        url = IMAGE_URL.format(id=image.id)
        urls[PLUGINFILE + name] = url
        urls[PLUGINFILE + quote(name)] = url
    record.images = {}
    pattern = re.compile("|".join(re.escape(k) for k in sorted(urls, key=len, reverse=True)))

    def swap(html: str) -> str:
        return pattern.sub(lambda m: urls[m.group(0)], html) if PLUGINFILE in html else html

    record.stem, record.explanation = swap(record.stem), swap(record.explanation)
    record.feedback_true, record.feedback_false = swap(record.feedback_true), swap(
        record.feedback_false)
    for choice in record.choices:
        choice.text, choice.feedback = swap(choice.text), swap(choice.feedback)
    for answer in record.numeric:
        answer.feedback = swap(answer.feedback)
    for pair in record.pairs:
        pair.left = swap(pair.left)
    for item in record.items:
        item.text = swap(item.text)


def recent_imports(session: Session, bank: QuestionBank, limit: int = 10) -> list[tuple]:
    """The bank's latest imports with the importer's name, newest first."""
    return list(session.exec(
        select(ImportLog, User.full_name).join(User, User.id == ImportLog.user_id, isouter=True)
        .where(ImportLog.bank_id == bank.id)
        .order_by(ImportLog.created_at.desc(), ImportLog.id.desc()).limit(limit)).all())


class UploadStore:
    """Uploads waiting between the preview and the confirmation, as private files on disk.

    A file is named ``<user id>_<token>``: only its uploader can name it again. Files are
    created 0600, taken (read and deleted) by the confirmation, and forgotten after ``max_age`` seconds.
    """

    _TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")

    def __init__(self, directory: str | os.PathLike, max_age: int = 3600):
        self.directory = Path(directory)
        self.max_age = max_age

    def save(self, user_id: int, data: bytes) -> str:
        self.purge()
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        token = secrets.token_urlsafe(24)
        fd = os.open(self._path(user_id, token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return token

    def take(self, user_id: int, token: str) -> bytes | None:
        """Load and delete in one step: of two confirmations of one upload, only one gets it."""
        if not self._TOKEN.fullmatch(token or ""):
            return None
        self.purge()
        path = self._path(user_id, token)
        taken = path.with_name(f"{path.name}.{secrets.token_hex(8)}")
        try:
            path.rename(taken)  # atomic: the loser of a double click finds nothing
        except OSError:
            return None
        try:
            if time.time() - taken.stat().st_mtime > self.max_age:
                return None
            return taken.read_bytes()
        finally:
            taken.unlink(missing_ok=True)

    def purge(self) -> None:
        """Forget uploads older than ``max_age`` (abandoned previews)."""
        if not self.directory.is_dir():
            return
        limit = time.time() - self.max_age
        for path in self.directory.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                continue

    def _path(self, user_id: int, token: str) -> Path:
        return self.directory / f"{int(user_id)}_{token}"
