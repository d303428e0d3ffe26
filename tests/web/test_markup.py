"""Pages parse as written: every page (and htmx fragment) a demo user reaches by links passes the
structural check of tests/support/markup.py, and so does a result page with its actions."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from contest.demo_org import DEMO_ACCOUNTS
from tests.support.markup import structure_errors
from tests.web.test_exam_take import start

DEMO_PASSWORD = "Demo@2026"
_LINK = re.compile(r'\b(href|hx-get)="([^"#]*)(?:#[^"]*)?"')
#: Distinct pages of one shape (ids replaced) visited at most this many times.
PER_SHAPE = 2
MAX_PAGES = 150


@pytest.fixture
def demo(session):
    from contest.demo import seed_all

    seed_all(session, DEMO_PASSWORD)
    session.commit()
    return session


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(pair.split("=", 1)[0] for pair in parts.query.split("&") if pair)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def crawl(web, start_url: str = "/") -> dict[str, list[str]]:
    """Follow same-site links (full pages) and hx-get URLs (as htmx requests) from ``start_url``;
    returns each HTML response's structural errors by URL."""
    seen_shapes: dict[str, int] = {}
    queue = [(start_url, False)]
    visited: set[tuple[str, bool]] = set()
    found: dict[str, list[str]] = {}
    while queue and len(found) < MAX_PAGES:
        url, fragment = queue.pop(0)
        if (url, fragment) in visited:
            continue
        visited.add((url, fragment))
        shape = _shape(url) + ("!" if fragment else "")
        if seen_shapes.get(shape, 0) >= PER_SHAPE:
            continue
        seen_shapes[shape] = seen_shapes.get(shape, 0) + 1
        response = web.get(url, headers={"HX-Request": "true"} if fragment else {})
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        found[("htmx " if fragment else "") + url] = structure_errors(html)
        for kind, link in _LINK.findall(html):
            target = urljoin(url, link.replace("&amp;", "&"))
            if target.startswith("/") and not target.startswith(("/static/", "/logout")):
                queue.append((target, kind == "hx-get"))
    return found


def _sign_in(web, email: str) -> None:
    response = web.post("/login", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


#: Pages the W3C checker found errors on: the crawl must reach them (an htmx fragment counts).
MUST_CHECK = {"quantri@demo.vn": ("/admin/units", "/admin/users/new", r"/admin/units/\d+/move")}


@pytest.mark.parametrize("email", [None] + [account.email for account in DEMO_ACCOUNTS])
def test_every_reachable_page_parses_as_written(web, demo, email):
    if email:
        _sign_in(web, email)
    pages = crawl(web)
    broken = [f"{url}: {'; '.join(errors)}" for url, errors in pages.items() if errors]
    assert not broken, "\n".join(broken)
    assert len(pages) > 3
    for pattern in MUST_CHECK.get(email, ()):
        assert any(re.fullmatch(rf"(htmx )?{pattern}", url) for url in pages), pattern


def test_result_page_with_its_actions_parses_as_written(web, factory):
    exam, round_ = factory.exam("practice", questions=2, attempts_allowed=5)
    citizen = factory.user()
    factory.commit()
    web.login(citizen)
    url = start(web, exam, round_)
    web.get(f"{url}/submit")
    web.post(f"{url}/submit", {})
    page = web.get(f"{url}/result").get_data(as_text=True)
    assert "Ôn lại các câu sai" in page
    assert structure_errors(page) == []


@pytest.mark.parametrize(("html", "problem"), [
    ('<span class="actions"><form method="post"></form></span>', "<form> inside <span>"),
    ("<form><div><form></form></div></form>", "<form> inside another <form>"),
    ('<p class="actions"><a href="/">x</a><form></form></p>', "stray </p>"),
    ('<select name="role" required><option value="a">A</option></select>',
     "first option is not an empty placeholder"),
    ('<div id="x"></div><span id="x"></span>', "id 'x' used twice"),
])
def test_the_check_finds_what_the_w3c_checker_found(html, problem):
    assert any(problem in error for error in structure_errors(html))


@pytest.mark.parametrize("html", [
    '<div class="actions"><form method="post"></form></div>',
    '<select name="u" required><option value="">— Chọn —</option><option value="1">A</option>'
    "</select>",
    "<select name=r><option value=a>A<option value=b>B</select>",
    "<ul><li>a<li>b</ul><p>one<p>two",
    "<table><tr><td>a<td>b<tr><td>c</table>",
])
def test_the_check_accepts_valid_markup(html):
    assert structure_errors(html) == []
