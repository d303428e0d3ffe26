"""Browser tests: the app served on a free port in a thread, driven by Playwright + Chromium."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def _browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"No Chromium at {CHROMIUM}: install Debian's chromium package")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The test app served over HTTP on 127.0.0.1 at a free port, for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(_browser, live_server):
    """A fresh phone-sized browser context, with every page error collected and failing the test,
    and every page it loads (and the last one, after its htmx swaps) checked by axe-core: a
    serious or critical accessibility violation fails the test too."""
    yield from watched_phone(_browser, live_server)


def watched_phone(_browser, live_server):
    """One phone (its own browser context, so its own sign-in) as ``page`` describes: yields the
    page, then fails on browser errors or axe-core violations. A test needing a second phone
    makes a fixture that yields from this too."""
    from tests.browser.axe import AxeWatch

    context = _browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    context.set_default_timeout(10_000)
    axe = AxeWatch(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.base_url = live_server
    yield page
    axe.check(page)
    context.close()
    assert not errors, f"Browser errors: {errors}"
    assert not axe.found, f"Accessibility (axe-core) violations:\n{axe.report()}"


@pytest.fixture
def demo(session):
    """The demo data (org tree, accounts, the demo bank, contest, assessment and practice,
    training; not the past rounds' history, which the flows that need it add), committed so the
    live server sees it. Accounts use the password ``flows.DEMO_PASSWORD``."""
    from contest.demo import seed_all
    from tests.browser.flows import DEMO_PASSWORD

    seed_all(session, DEMO_PASSWORD, history=False)
    session.commit()
    return session
