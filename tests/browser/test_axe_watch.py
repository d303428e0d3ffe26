"""The axe-core watch of the ``page`` fixture sees what a screen-reader user would miss."""

import pytest

from tests.browser.axe import AxeWatch

pytestmark = pytest.mark.browser

UNLABELLED = """() => {
    const select = document.createElement("select");
    select.id = "unlabelled";
    document.querySelector("main").append(select);
}"""


@pytest.fixture
def context(_browser):
    context = _browser.new_context()
    yield context
    context.close()


def test_each_loaded_page_checks_itself(context, live_server):
    watch = AxeWatch(context)
    page = context.new_page()
    page.goto(live_server + "/login")
    page.get_by_role("link", name="Đăng ký").first.click()
    page.wait_for_url("**/register")
    watch.check(page)
    assert watch.checked[:1] == [live_server + "/login"]
    assert watch.checked[-1] == live_server + "/register"
    assert not watch.found


def test_a_violation_is_reported_with_its_rule_and_element(context, live_server):
    watch = AxeWatch(context)
    page = context.new_page()
    page.goto(live_server + "/login")
    page.evaluate(UNLABELLED)  # what an htmx swap could bring
    watch.check(page)
    assert "select-name (critical)" in watch.report()
    assert "#unlabelled" in watch.report()
