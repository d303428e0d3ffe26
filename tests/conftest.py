"""Fixtures: an app on SQLite (or TEST_DATABASE_URL), a client that speaks CSRF, and factories."""

from __future__ import annotations

import itertools
import os
import re

import pytest
from sqlmodel import Session, SQLModel

from contest import create_app
from contest.accounts.models import Field, JobPosition, Role, Unit, UnitKind, User
from contest.accounts.passwords import hash_password
from contest.core import db
from contest.models import load_all

PASSWORD = "Hoa2026xy"
_PASSWORD_HASH = hash_password(PASSWORD)
_CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    """One app for the run, on TEST_DATABASE_URL or a SQLite file (threads share it, like prod)."""
    load_all()
    url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}")
    app = create_app("testing", DATABASE_URL=url, CERT_DIR=tmp_path_factory.mktemp("certificates"),
                     NOTIFY_OUTBOX_DIR=tmp_path_factory.mktemp("outbox"),
                     QUEUE_PATH=tmp_path_factory.mktemp("queue") / "queue.sqlite3")
    with app.app_context():
        SQLModel.metadata.drop_all(db.engine())
        SQLModel.metadata.create_all(db.engine())
    return app


@pytest.fixture
def app(_app):
    """The app with an empty database for each test (every table is emptied afterwards).

    No app context stays pushed during the test: each request gets its own ``g``, as in prod.
    """
    yield _app
    from contest.core.caching import clear_all
    from contest.core.extensions import limiter
    from tests.support.notifications import clear as clear_messages

    clear_all()
    clear_messages(_app)  # the queue and the outbox
    with _app.app_context():
        limiter.reset()
        empty_tables(db.engine())


def empty_tables(engine) -> None:
    """Delete every row; the question <-> version cycle is cut first."""
    with engine.begin() as connection:
        question = SQLModel.metadata.tables.get("question")
        if question is not None:
            connection.execute(question.update().values(head_version_id=None,
                                                        published_version_id=None))
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def session(app):
    """A session of the test's own, apart from the requests' sessions."""
    with app.app_context():
        engine = db.engine()
    with Session(engine) as own:
        yield own
        own.rollback()


class WebClient:
    """The Flask test client plus the CSRF token the last page carried."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def _remember(self, response):
        if not response.mimetype.startswith("text/"):
            return response
        match = _CSRF.search(response.get_data(as_text=True))
        if match:
            self.token = match.group(1) or match.group(2)
        return response

    def get(self, url, **kwargs):
        return self._remember(self.client.get(url, **kwargs))

    def post(self, url, data=None, htmx=False, csrf=True, **kwargs):
        if self.token is None and csrf:
            self.get("/")
        data = dict(data or {})
        headers = dict(kwargs.pop("headers", {}))
        if csrf:
            data.setdefault("csrf_token", self.token)
        if htmx:
            headers["HX-Request"] = "true"
        return self._remember(self.client.post(url, data=data, headers=headers, **kwargs))

    def login(self, user, password=PASSWORD):
        self.token = None
        response = self.post("/login", {"login": user.email or user.phone, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        self.token = None
        return response


@pytest.fixture
def statements(app):
    """The SQL statements the app runs, collected while the test runs (list pages must not run
    one query per row: compare the count for a few rows and for many)."""
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine()
    seen: list[str] = []

    def collect(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", collect)
    yield seen
    event.remove(engine, "before_cursor_execute", collect)


@pytest.fixture
def runner_app(app):
    """The app's CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def web(app):
    return WebClient(app.test_client())


@pytest.fixture
def runner(app):
    """Runs the app's CLI commands (``runner.invoke(args=["bank", "list"])``)."""
    return app.test_cli_runner()


_seq = itertools.count(1)


@pytest.fixture
def factory(session):
    return Factory(session)


class Factory:
    """Builders for test data; each flushes so ids exist, the test decides about commits."""

    def __init__(self, session):
        self.session = session
        self._province = None

    def province(self):
        if self._province is None:
            self._province = self.unit(name="Tỉnh Thử Nghiệm", kind=UnitKind.province, code="82")
        return self._province

    def unit(self, name=None, kind=UnitKind.commune, parent=None, **kwargs):
        if parent is None and kind == UnitKind.commune:
            parent = self.unit(kind=UnitKind.district, parent=self.province())
        elif parent is None and kind in (UnitKind.district, UnitKind.department, UnitKind.ward,
                                         UnitKind.special_zone):
            parent = self.province()
        unit = Unit(name=name or f"Đơn vị {next(_seq)}", kind=kind,
                    parent_id=parent.id if parent else None, **kwargs)
        self.session.add(unit)
        self.session.flush()
        return unit

    def position(self, name=None):
        item = JobPosition(name=name or f"Vị trí {next(_seq)}")
        self.session.add(item)
        self.session.flush()
        return item

    def field(self, name=None):
        item = Field(name=name or f"Lĩnh vực {next(_seq)}")
        self.session.add(item)
        self.session.flush()
        return item

    def user(self, role=Role.citizen, unit=None, **kwargs):
        n = next(_seq)
        kwargs.setdefault("email", f"user{n}@example.vn")
        kwargs.setdefault("full_name", f"Người dùng {n}")
        user = User(role=role, password_hash=_PASSWORD_HASH,
                    unit_id=(unit or self.unit()).id, **kwargs)
        self.session.add(user)
        self.session.flush()
        return user

    def bank(self, owner=None, reviewers=(), **kwargs):
        from question_bank.services.banks import create_bank

        owner = owner or self.user(role=Role.trainer)
        kwargs.setdefault("name", f"Ngân hàng {next(_seq)}")
        return create_bank(self.session, owner, reviewer_ids=[r.id for r in reviewers], **kwargs)

    def question(self, bank, author=None, record=None, publish=False, **kwargs):
        from question_bank.services.questions import create_question

        author = author or self.session.get(User, bank.owner_id)
        record = record or single_choice()
        return create_question(self.session, bank, author, record, publish=publish,
                               category_id=kwargs.pop("category_id", None), **kwargs)

    def exam(self, kind="contest", questions=5, draw=None, bank=None, opens=None, closes=None, **kwargs):
        """A published exam with one open round drawing ``draw`` of ``questions`` published
        single-choice questions of a new bank (1 point each)."""
        from datetime import timedelta

        from contest.core.db import utcnow
        from contest.exams.models import DrawRule, Exam, ExamKind, ExamStatus, Round
        from contest.exams.review_policy import default_policy

        bank = bank or self.bank(is_public=True)
        for n in range(questions):
            self.question(bank, record=single_choice(stem=f"Câu hỏi số {n + 1}?",
                                                     right=f"Đúng {n + 1}"), publish=True)
        author = bank.owner_id
        kwargs.setdefault("review_policy", default_policy(kind).to_dict())
        exam = Exam(kind=ExamKind(kind), status=ExamStatus.published, title=f"Kỳ thi {next(_seq)}",
                    created_by=author, **kwargs)
        self.session.add(exam)
        self.session.flush()
        self.session.add(DrawRule(exam_id=exam.id, bank_id=bank.id, count=draw or questions))
        now = utcnow()
        round_ = Round(exam_id=exam.id, name="Đợt 1", opens_at=opens or now - timedelta(hours=1),
                       closes_at=closes or now + timedelta(days=1))
        self.session.add(round_)
        self.session.flush()
        return exam, round_

    def commit(self):
        self.session.commit()


def single_choice(stem="Dịch vụ công trực tuyến mức độ 4 cho phép gì?", right="Nộp và nhận kết quả trực tuyến",
                  wrongs=("Chỉ xem thông tin", "Chỉ tải mẫu đơn", "Nộp hồ sơ giấy"), **kwargs):
    from question_bank.records import Choice, QuestionRecord

    choices = [Choice(text=right, fraction=1.0)] + [Choice(text=w) for w in wrongs]
    kwargs.setdefault("explanation", "Mức độ 4 là toàn trình.")
    return QuestionRecord(type="single_choice", stem=stem, choices=choices, **kwargs)
