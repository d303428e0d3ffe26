"""No input is a 500: every route of ``app.url_map``, for every role, with hostile values.

The walk (one test per role) reads the routes from the URL map and fills them with the real
objects of ``test_route_matrix.world``, then:

* puts ids past the database's integer range, or -1, in every ``int`` slot of every URL
  (routing refuses them: 404, whatever the role; the roles take turns so that each slot gets
  each value), and odd or very long text in every ``path`` slot;
* visits every page the role reaches and sends, as the query string, every field and link
  parameter those pages use, set to each hostile value (NUL, 10,000 characters, ids past the
  integer range, odd Unicode, a lone surrogate in percent-encoding, year 1, NaN);
* POSTs the same values, with a valid CSRF token, in every field of the forms aimed at each
  POST route (all fields seen on the role's pages when no page shows that form);
* POSTs each form of those pages as the page holds it (empty fields plainly filled in) with
  one field at a time hostile, so a value that only one field refuses is not hidden behind
  the others' errors.

Values are sent percent-encoded as a browser would; a lone surrogate cannot be encoded as UTF-8
otherwise. The focused tests below show each refusal a person sees (404, a Vietnamese message).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from sqlmodel import select
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter, PathConverter

from contest.accounts.models import JobPosition, Role, User
from contest.core.extensions import limiter
from contest.exams.manage_forms import FixedRowForm, PageForm
from contest.exams.models import Round
from question_bank.forms import FilterForm
from tests.conftest import PASSWORD, WebClient
from tests.web import test_route_matrix as matrix

world = matrix.world  # the real objects behind every URL parameter

#: Ids no 32-bit (PostgreSQL ``integer``) or 64-bit column holds, and a negative one.
BAD_IDS = ("2147483648", "9223372036854775808", "-1")


def _encoded(text: str) -> str:
    return quote(text, safe="")


#: label -> a value as it travels in a query string or a urlencoded body.
HOSTILE = {
    # NUL (PostgreSQL refuses it), right-to-left and zero-width marks, a combining accent, an
    # emoji, a byte-order mark, a line separator and a lone surrogate (invalid UTF-8).
    "odd text": _encoded("Tên\x00đơn vị \u202eabc\u200f e\u0301 \U0001F600 \ufeff\u2028") + "%ED%A0%80",
    "10,000 characters": "x" * 10_000,
    "int32 + 1": "2147483648",
    "int64 + 1": "9223372036854775808",
    "-1": "-1",
    "year 1": _encoded("0001-01-01T00:00"),
    "nan": "nan",
}

#: Query arguments some views read without a form field on the page.
EXTRA_ARGS = {"page", "q", "next", "go", "start", "type"}

ROLES = ("anonymous", "citizen", "official", "trainer", "admin")


def person(world, role):
    """The attempt's owner as the citizen and the bank's owner as the trainer, so their own
    pages (attempt, bank editor) are walked too."""
    return {"anonymous": None, "citizen": world["taker"], "official": world["users"][Role.official],
            "trainer": world["owner"], "admin": world["users"][Role.admin]}[role]


class _Pages(HTMLParser):
    """What the role's pages let a browser send: per page the names of its fields and of its
    links' query arguments; per form target (``action`` or ``hx-post``) the names posted there;
    and each POST form with the values it holds (``Form``)."""

    FIELDS = {"input", "select", "textarea", "button"}

    def __init__(self):
        super().__init__()
        self.args: dict[str, set[str]] = {}
        self.by_target: dict[str, set[str]] = {}
        self.forms: dict[tuple, Form] = {}
        self._page = ""
        self._form: Form | None = None
        self._select: list | None = None  # [name, options, selected]
        self._textarea: list | None = None  # [name, text]

    def read(self, url: str, html: str) -> None:
        self._page = urlsplit(url).path
        self.args[url] = set()
        self._args = self.args[url]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        for link in ("href", "hx-get", "action"):
            self._args.update(name for name, _ in parse_qsl(urlsplit(attrs.get(link, "")).query))
        if tag == "form":
            target = urlsplit(attrs.get("hx-post") or attrs.get("action") or "").path or self._page
            post = attrs.get("method", "get").lower() == "post" or "hx-post" in attrs
            self._form = Form(target) if post else None
        elif tag == "option" and self._select is not None:
            self._select[1].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select[2].append(attrs.get("value", ""))
        name = attrs.get("name")
        if tag not in self.FIELDS or not name or name == "csrf_token":
            return
        self._args.add(name)
        target = urlsplit(attrs.get("hx-post", "")).path or (self._form.target if self._form else None)
        if target:
            self.by_target.setdefault(target, set()).add(name)
        if self._form is None:
            return
        kind = attrs.get("type", "text").lower() if tag == "input" else tag
        if tag == "select":
            self._select = [name, [], []]
        elif tag == "textarea":
            self._textarea = [name, ""]
        elif kind in ("submit", "button") or tag == "button":
            self._form.button = (name, attrs.get("value", ""))
        elif kind != "file":
            self._form.add(name, kind, attrs.get("value"), "checked" in attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, options, selected = self._select
            if self._form is not None:
                self._form.add(name, "select", (selected or options or [""])[0], True)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form.add(self._textarea[0], "textarea", self._textarea[1], True)
            self._textarea = None
        elif tag == "form" and self._form is not None:
            if self._form.fields:
                self.forms.setdefault((self._form.target, tuple(self._form.fields)), self._form)
            self._form = None


#: What a form field holds when its page leaves it empty, so that one hostile field is the
#: only thing wrong with the form (by input type).
PLAIN = {"email": "kiem.thu@example.vn", "tel": "0912345678", "password": "Kiem-thu-2026-mat-khau!",
         "number": "1", "date": "2030-01-01"}
#: The hostile value put in one field at a time, by input type (text for the others).
ONE_FIELD = {"datetime-local": HOSTILE["year 1"], "date": _encoded("0001-01-01"),
             **dict.fromkeys(("number", "hidden", "select", "radio", "checkbox"), HOSTILE["int32 + 1"])}


class Form:
    """A POST form of a page: its target and, per field, its type and the value it holds."""

    def __init__(self, target: str):
        self.target = target
        self.fields: dict[str, str] = {}
        self.values: dict[str, str] = {}
        self.button: tuple[str, str] | None = None

    def add(self, name: str, kind: str, value: str | None, checked: bool) -> None:
        first = name not in self.fields
        self.fields.setdefault(name, kind)
        if kind in ("checkbox", "radio") and not (checked or (kind == "radio" and first)):
            return
        if kind in ("select", "hidden") or (value or "").strip():
            self.values[name] = value or ""
        elif kind == "datetime-local":  # each later than the one before (opens, then closes)
            self.values[name] = f"2030-01-{sum(k == kind for k in self.fields.values()):02d}T08:00"
        else:
            self.values[name] = PLAIN.get(kind, "Kiểm thử")

    def bodies(self):
        """A body per field: the form as the page holds it, with that one field hostile."""
        plain = dict(self.values, **dict([self.button] if self.button else []))
        for name, kind in self.fields.items():
            data = {key: _encoded(value) for key, value in plain.items()}
            data[name] = ONE_FIELD.get(kind, HOSTILE["odd text"])
            yield "&".join(f"{_encoded(key)}={value}" for key, value in data.items())


def _signed_in(app, world, role):
    web = WebClient(app.test_client())
    user = person(world, role)
    if user is not None:
        web.login(user, PASSWORD)
    web.get("/")  # the session's CSRF token
    return web


def _session_ended(web, role) -> bool:
    """The session lost its CSRF secret or its person (signing out clears both)."""
    with web.client.session_transaction() as session:
        return "csrf_token" not in session or (role != "anonymous" and "_user_id" not in session)


def _request(web, method, url, failures, body=None, htmx=False):
    """One request; a 500 (or an exception the app let through) is recorded, not raised."""
    headers = {"HX-Request": "true"} if htmx else {}
    try:
        if method == "GET":
            response = web.client.get(url, headers=headers)
        else:
            response = web.client.post(url, data=body, headers=headers,
                                       content_type="application/x-www-form-urlencoded")
    except Exception as err:  # noqa: BLE001 - the test reports every crash, not the first one
        failures.append(f"{method} {url[:150]}: {type(err).__name__}: {str(err)[:200]}")
        return None
    if response.status_code >= 500:
        failures.append(f"{method} {url[:150]}: {response.status_code}")
    # Read and close it as a server does: a streamed download keeps its request's context (and
    # database session) until its iterator is closed.
    response.get_data()
    response.close()
    return response


def _bad_slot_urls(app, routes, turn: int):
    """(method, url, expect_404) with one bad id in one ``int`` slot, or hostile text in one
    ``path`` slot, for every slot of every rule (one method per rule: routing does not depend
    on it). Slot k gets bad value k + ``turn``: over the roles' turns every slot gets each."""
    adapter = app.url_map.bind("localhost")
    sentinel = 987654321
    seen = set()
    slot = 0
    for _endpoint, method, url in routes:
        rule, args = adapter.match(url, method, return_rule=True)
        if url in seen:
            continue
        seen.add(url)
        for name, converter in rule._converters.items():
            if isinstance(converter, (IntegerConverter, PathConverter)):
                _domain, built = rule.build(dict(args, **{name: sentinel}), append_unknown=False)
                is_id = isinstance(converter, IntegerConverter)
                bad = BAD_IDS if is_id else (HOSTILE["odd text"], HOSTILE["10,000 characters"])
                slot += 1
                yield method, built.replace(str(sentinel), bad[(slot + turn) % len(bad)]), is_id


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_a_hostile_value_with_a_500(app, world, role):
    routes = matrix.urls(app, world)
    web = _signed_in(app, world, role)
    failures: list[str] = []

    for method, url, expect_404 in _bad_slot_urls(app, routes, ROLES.index(role)):
        response = _request(web, method, url, failures)
        if expect_404 and response is not None and response.status_code != 404:
            failures.append(f"{method} {url[:80]}: {response.status_code}, expected 404")

    pages = _Pages()
    for _endpoint, method, url in routes:
        if method == "GET":
            response = _request(web, "GET", url, failures)
            if response is not None and response.status_code == 200 and response.mimetype == "text/html":
                pages.read(url, response.get_data(as_text=True))
    every_name = set().union(*pages.by_target.values()) if pages.by_target else set()

    for url, args in pages.args.items():
        names = sorted(args | EXTRA_ARGS)
        for n, value in enumerate(HOSTILE.values()):
            query = "&".join(f"{_encoded(name)}={value}" for name in names)
            _request(web, "GET", f"{url}?{query}", failures, htmx=n % 2 == 1)

    for _endpoint, method, url in routes:
        if method != "POST":
            continue
        names = sorted(pages.by_target.get(url) or every_name)
        for n, value in enumerate(HOSTILE.values()):
            if _session_ended(web, role):  # a sign-out route ran: sign in again
                web = _signed_in(app, world, role)
            body = "&".join([f"csrf_token={web.token}"] + [f"{_encoded(name)}={value}" for name in names])
            _request(web, "POST", url, failures, body=body, htmx=n % 2 == 1)
        with app.app_context():
            limiter.reset()  # sign-in and registration are limited; keep answering them

    for form in pages.forms.values():
        for n, body in enumerate(form.bodies()):
            if _session_ended(web, role):
                web = _signed_in(app, world, role)
            _request(web, "POST", form.target, failures, body=f"csrf_token={web.token}&{body}",
                     htmx=n % 2 == 1)
        with app.app_context():
            limiter.reset()

    assert not failures, f"{role}: {len(failures)} failures\n" + "\n".join(failures[:60])


# --- What a person sees (each was a 500, or let a NUL through) -----------------------------------

NUL_MESSAGE = "Có ký tự không hợp lệ (ký tự NUL); vui lòng nhập lại."


@pytest.mark.parametrize("url", ["/exams/2147483648", "/exams/9223372036854775808", "/exams/-1",
                                 "/exams/1/rounds/2147483648/leaderboard",
                                 "/bank/images/9223372036854775808"])
def test_an_id_past_the_database_integer_range_is_not_found(web, factory, url):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    response = web.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang bạn yêu cầu." in response.get_data(as_text=True)


def test_a_nul_in_the_sign_in_form_gets_a_message(web, factory):
    user = factory.user()
    factory.commit()
    web.get("/login")
    for login in ("an\x00@example.vn", user.email + "\x00"):
        response = web.post("/login", {"login": login, "password": PASSWORD})
        assert response.status_code == 200
        assert NUL_MESSAGE in response.get_data(as_text=True)


def test_a_nul_in_a_registering_name_gets_a_message_and_no_account(web, factory, session):
    commune = factory.unit(name="Xã Đạo Thạnh")
    factory.commit()
    web.get("/register")
    password = "Thu-nghiem-2026-manh!"
    response = web.post("/register", {
        "full_name": "Nguyễn\x00 Văn An", "email": "an@example.vn", "phone": "",
        "unit_id": commune.id, "password": password, "confirm": password})
    assert response.status_code == 200
    assert NUL_MESSAGE in response.get_data(as_text=True)
    assert session.exec(select(User).where(User.email == "an@example.vn")).first() is None


def test_a_nul_in_a_new_name_gets_a_message_and_keeps_the_old_one(web, factory, session):
    position = factory.position(name="Chuyên viên")
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    url = f"/admin/positions/{position.id}/rename"
    web.get(url)
    response = web.post(url, {"name": "Chuyên\x00 viên chính"})
    assert response.status_code == 200
    assert NUL_MESSAGE in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(JobPosition, position.id).name == "Chuyên viên"


def test_a_nul_in_the_question_search_is_dropped(web, factory):
    """A GET filter is read even when it does not validate: the NUL never reaches the query."""
    bank = factory.bank(is_public=True)
    factory.question(bank, publish=True)
    owner_id = bank.owner_id
    factory.commit()
    web.login(factory.session.get(User, owner_id))
    response = web.get(f"/bank/{bank.id}?q=D%E1%BB%8Bch%20v%E1%BB%A5%00&tag=%00&type=%00")
    assert response.status_code == 200
    assert "Dịch vụ công trực tuyến mức độ 4" in response.get_data(as_text=True)


@pytest.mark.parametrize("opens", ["0001-01-01T00:00", "9999-12-31T23:59", "1999-12-31T23:59"])
def test_a_round_outside_the_years_2000_to_2100_gets_a_message(web, factory, session, opens):
    owner = factory.user(role=Role.trainer)
    exam, _round = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=1)
    factory.commit()
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    response = web.post(f"/manage/exams/{exam.id}/rounds", {
        "name": "Tuần 2", "opens_at": opens, "closes_at": "2099-03-08T20:00"}, htmx=True)
    assert response.status_code == 200
    assert "Hãy chọn thời điểm trong các năm 2000 đến 2100." in response.get_data(as_text=True)
    assert session.exec(select(Round).where(Round.name == "Tuần 2")).first() is None


@pytest.mark.parametrize("value", ["2147483648", "9223372036854775808", "-2147483648"])
def test_a_number_the_database_cannot_hold_is_refused_by_any_form(app, value):
    """Every form drops it, with a message (here a GET pager read without validating, and a
    hidden lock of the question editor's review form)."""
    with app.test_request_context():
        pager = PageForm(MultiDict({"page": value}))
        assert pager.page.data is None and not pager.validate()
        assert "Giá trị nằm ngoài khoảng cho phép." in pager.page.errors
        assert FilterForm(MultiDict({"page": value})).page.data is None


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity"])
def test_a_number_that_is_not_finite_is_refused(app, value):
    """NaN passed NumberRange (every comparison with it is false) and was stored as points."""
    with app.test_request_context():
        row = FixedRowForm(MultiDict({"question_id": "1", "points": value}))
        assert not row.validate()
        assert row.points.data is None and "Hãy nhập một số." in row.points.errors


def test_a_nul_in_a_hidden_field_is_dropped_and_the_form_still_works(web, factory):
    """A crafted link (``/login?next=/account%00``) must not make signing in fail unexplained."""
    user = factory.user()
    factory.commit()
    page = web.get("/login?next=/account%00").get_data(as_text=True)
    assert 'name="next" type="hidden" value="/account"' in page
    response = web.post("/login", {"login": user.email, "password": PASSWORD, "next": "/account\x00"})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
