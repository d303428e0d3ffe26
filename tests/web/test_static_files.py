"""Static files go out compressed, under fingerprinted names cached for a year or more, and plain
names keep working (contest/core/web/static_files.py)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from contest.core.config import ROOT
from contest.core.web.static_files import build, fingerprinted_name

STATIC = ROOT / "static"
ONE_YEAR = 365 * 24 * 3600
_ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


@pytest.fixture
def client(app):
    return app.test_client()


def _assets(client) -> list[str]:
    return _ASSET.findall(client.get("/").get_data(as_text=True))


def _max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response.headers["Cache-Control"]).group(1))


def test_pages_reference_fingerprinted_names(client):
    assets = _assets(client)
    assert {re.sub(r"\.[0-9a-f]{12}(?=\.|$)", "", url) for url in assets} >= {
        "/static/css/app.css", "/static/js/app.js", "/static/vendor/htmx/htmx-2.0.11.min.js"}
    assert all(re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", url) for url in assets), assets


@pytest.mark.parametrize("kind", ["css", "js"])
def test_fingerprinted_file_is_gzipped_and_cached_for_good(client, kind):
    url = next(u for u in _assets(client) if u.endswith("." + kind))
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert _max_age(response) >= ONE_YEAR
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    plain = re.sub(r"\.[0-9a-f]{12}(?=\.)", "", url.removeprefix("/static/"))
    assert gzip.decompress(response.data) == (STATIC / plain).read_bytes()


def test_brotli_when_the_browser_accepts_it(client):
    pytest.importorskip("brotli")
    url = next(u for u in _assets(client) if "htmx" in u)
    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert int(response.headers["Content-Length"]) < (STATIC / "vendor/htmx/htmx-2.0.11.min.js").stat().st_size / 3


def test_plain_name_still_works_with_a_short_lifetime(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response.data == (STATIC / "css/app.css").read_bytes()
    assert "Content-Encoding" not in response.headers  # the client accepted no encoding
    assert "immutable" not in response.headers["Cache-Control"]
    assert _max_age(response) < 3600


def test_revalidation_by_content_etag(client):
    first = client.get("/static/css/app.css")
    again = client.get("/static/css/app.css", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_unknown_static_file_is_404(client):
    assert client.get("/static/css/app.000000000000.css").status_code == 404


def test_fingerprinted_name():
    assert fingerprinted_name("css/app.css", "abc") == "css/app.abc.css"
    assert fingerprinted_name("vendor/htmx/htmx-2.0.11.min.js", "abc") == \
        "vendor/htmx/htmx-2.0.11.min.abc.js"
    assert fingerprinted_name("vendor/htmx/LICENSE", "abc") == "vendor/htmx/LICENSE.abc"
    assert fingerprinted_name("favicon.svg", "abc") == "favicon.abc.svg"


def test_every_host_builds_the_same_names_and_a_rebuild_writes_nothing(tmp_path):
    """Names depend on content only: hosts share nothing yet agree on every URL."""
    first = build(STATIC, tmp_path / "host-a")
    assert build(STATIC, tmp_path / "host-b") == first
    built = {p: p.stat().st_mtime_ns for p in (tmp_path / "host-a").rglob("*")}
    assert build(STATIC, tmp_path / "host-a") == first
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "host-a").rglob("*")} == built
    css = Path(tmp_path / "host-a" / first["css/app.css"][0])
    assert css.with_name(css.name + ".gz").exists()
    assert not list((tmp_path / "host-a").rglob(".build-*"))  # no temporary file left behind
