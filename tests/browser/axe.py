"""axe-core on every page a browser test sees: each page checks itself when it has loaded, and the
page the test ends on is checked once more in its final state (after its htmx swaps). Serious and
critical violations fail the test.

axe-core itself (axe.min.js) comes from the ``axe-playwright-python`` package (dev extras). It is
added to every document as an init script, which our Content-Security-Policy does not block; each
page reports its results to Python through an exposed binding, so a check never races the test's
own steps. A page the test leaves before its check ends is not reported (its successor is)."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
from playwright.sync_api import BrowserContext, Error, Page

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
FAILING_IMPACTS = ("serious", "critical")
#: Runs in every top-level document: one check at a time, the first when the page has loaded.
_RUNNER = """
(() => {
  if (window.top !== window || !location.protocol.startsWith("http")) return;
  let queue = Promise.resolve();
  window.__axeCheck = () => queue = queue.then(async () => {
    if (document.contentType !== "text/html") return;
    const results = await axe.run(document, {resultTypes: ["violations"]});
    await window.__axeReport(location.href.split("#")[0], results.violations.map(v => (
      {id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" "))})));
  }).catch(error => window.__axeReport(location.href.split("#")[0], null, String(error)));
  window.addEventListener("load", () => window.__axeCheck());
})();
"""


class AxeWatch:
    """Collects the serious and critical axe violations of every page ``context`` shows."""

    def __init__(self, context: BrowserContext):
        self.found: dict[tuple[str, str], dict] = {}
        self.checked: list[str] = []  # the URLs checked, in order
        context.expose_binding("__axeReport", self._report)
        context.add_init_script(script=AXE_SCRIPT + _RUNNER)

    def _report(self, _source, url: str, violations: list[dict] | None,
                error: str | None = None) -> None:
        if violations is None:  # axe itself failed: that page went unchecked
            self.found[("axe-core-error", url)] = {"id": "axe-core-error", "impact": "critical",
                                                   "help": error, "targets": []}
            return
        self.checked.append(url)
        for violation in violations:
            if violation["impact"] not in FAILING_IMPACTS:
                continue
            entry = self.found.setdefault((violation["id"], url), {**violation, "targets": []})
            entry["targets"] = sorted(set(entry["targets"]) | set(violation["targets"]))

    def check(self, page: Page) -> None:
        """Check ``page`` as it is now (after any pending check of it has ended)."""
        if page.is_closed():
            return
        try:
            page.evaluate("() => window.__axeCheck && window.__axeCheck()")
        except Error as exc:  # the page navigated away meanwhile: its successor checks itself
            if "Execution context was destroyed" not in str(exc):
                raise

    def report(self) -> str:
        """One line per rule and page: rule id, impact, what it means and the elements."""
        lines = []
        for (rule, url), found in sorted(self.found.items()):
            targets = ", ".join(found["targets"][:6])
            more = len(found["targets"]) - 6
            lines.append(f"{rule} ({found['impact']}) on {url}: {found['help']} -> {targets}"
                         + (f" and {more} more" if more > 0 else ""))
        return "\n".join(lines)
