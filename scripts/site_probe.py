"""Measure a built site the way a reader's browser sees it: bytes loaded, axe-core violations.

Shared by the deterministic tests (``tests/test_budgets.py``) and ``make bench``
(``scripts/bench_site.py``), so the budget a test enforces is the number the bench prints.
Building, copying and serving the site is ``site_tools``'s job.
Everything runs against 127.0.0.1 and Debian's Chromium; nothing here writes into the repo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from site_tools import ROOT

KB = 1000
#: The issue's budgets per page, in bytes transferred (gzip bodies + headers, as a static host
#: serves them: what Lighthouse's total-byte-weight counts): before any interaction, and after
#: every interactive field on the page has been brought to life.
BEFORE_BUDGET = 350 * KB
LIVE_BUDGET = 2_000 * KB
#: Lighthouse's mobile screen (Moto G Power), for byte counts comparable with its numbers.
PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1.75}
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@dataclass
class Loaded:
    """What a page fetched: decoded body bytes and bytes on the wire, per URL."""

    body: dict[str, int] = field(default_factory=dict)
    wire: dict[str, int] = field(default_factory=dict)
    off_host: list[str] = field(default_factory=list)

    @property
    def body_total(self) -> int:
        return sum(self.body.values())

    @property
    def wire_total(self) -> int:
        return sum(self.wire.values())


class Recorder:
    """Every finished request of a page, measured on demand (call before closing the page).

    The event handler only collects requests; sizes are read later from the main flow, since
    Playwright's synchronous API must not be re-entered from inside an event handler.
    """

    def __init__(self, page) -> None:
        self.requests: list = []
        self.failed: list[str] = []
        page.on("requestfinished", lambda request: self.requests.append(request))
        page.on("requestfailed", lambda request: self.failed.append(request.url))

    def settle(self, page, rounds: int = 1500) -> None:
        """Wait until every resource the page reports having loaded (its resource timing
        entries and the document) has reached this recorder as a finished or failed request.

        Playwright delivers ``requestfinished`` events a little after the page sees the
        response; a fixed pause would undercount on a loaded machine. This waits for the
        events themselves (``rounds`` x 20 ms is only a safety net).
        """
        urls = page.evaluate("() => [location.href, ...performance.getEntriesByType('resource')"
                             ".map(e => e.name)].filter(u => /^https?:/.test(u))")
        wanted = {u.split("#")[0] for u in urls}
        for _ in range(rounds):
            seen = {r.url.split("#")[0] for r in self.requests} | {u.split("#")[0] for u in self.failed}
            if wanted <= seen:
                return
            page.wait_for_timeout(20)

    def mark(self) -> int:
        """How many requests have finished so far (a point to measure up to)."""
        return len(self.requests)

    def measure(self, upto: int | None = None) -> Loaded:
        loaded = Loaded()
        for request in self.requests[:upto]:
            if request.url.startswith(("data:", "blob:")):
                continue
            if urlparse(request.url).hostname != "127.0.0.1":
                loaded.off_host.append(request.url)
            try:
                response = request.response()
                if response is None:
                    continue
                body = len(response.body())
                sizes = request.sizes()
            except Exception:  # redirects and aborted requests have no body
                continue
            loaded.body[request.url] = loaded.body.get(request.url, 0) + body
            loaded.wire[request.url] = (loaded.wire.get(request.url, 0)
                                        + sizes["responseBodySize"] + sizes["responseHeadersSize"])
        return loaded


def settle(page) -> None:
    """Wait as a reader's tab finishes loading: the load event, then 500 ms without a request.

    Playwright's ``"networkidle"`` alone does not wait for the load event: on a starved machine
    the parser can sit 500 ms short of the page's scripts with no request open, and a test
    then reads a page whose scripts have not run (a CI run saw Material's tables unwrapped).
    """
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")


def open_page(page, url: str) -> None:
    """Go to ``url`` and :func:`settle`."""
    page.goto(url, wait_until="load")
    settle(page)


def reload_page(page) -> None:
    """Reload the page and :func:`settle`."""
    page.reload(wait_until="load")
    settle(page)


def load_and_wake(page, url: str) -> tuple[Loaded, Loaded, list[str]]:
    """Load ``url`` cold and measure it, then bring every field to life and measure again.

    Returns (before interaction, with every field live, field states).
    """
    recorder = Recorder(page)
    open_page(page, url)
    page.evaluate("document.fonts.ready.then(() => true)")  # web fonts are fetched after layout
    page.wait_for_load_state("networkidle")
    recorder.settle(page)  # the last finished-request events, waited for, not guessed
    before = recorder.mark()
    states = wake_every_field(page)
    recorder.settle(page)
    return recorder.measure(before), recorder.measure(), states


def fields(page) -> list:
    """The page's interactive gradient fields (``data-gradfig-field`` containers)."""
    return page.query_selector_all("[data-gradfig-field]")


def _wait_live(page, element, timeout_ms: int) -> str:
    """Wait until a field is drawn (class ``is-live``) or has given up (``is-failed``)."""
    page.wait_for_function(
        "el => el.classList.contains('is-live') || el.classList.contains('is-failed')",
        arg=element, timeout=timeout_ms)
    return "live" if "is-live" in (element.get_attribute("class") or "") else "failed"


def wake_every_field(page, timeout_ms: int = 30_000) -> list[str]:
    """Do what a reader does to bring every field to life, then wait for the network to settle.

    Scroll to each field and move the pointer across it; for a field with a landscape switcher
    (radio buttons), pick every landscape in turn. Returns one state per field and landscape
    shown: ``"NAME: live"`` or ``"NAME: failed"`` (``src/gradfig/figures/assets/gradfig-fields.js`` marks a
    drawn field ``is-live`` and one that could not load ``is-failed``).
    """
    states = []
    for element in fields(page):
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        if box:
            for fx, fy in ((0.5, 0.5), (0.3, 0.6), (0.7, 0.4)):
                page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        states.append(f"{element.get_attribute('data-gradfig-field')}: "
                      f"{_wait_live(page, element, timeout_ms)}")
        radios = element.query_selector_all(".gradfig-switch input[type=radio]")
        for radio in radios[1:] if radios else []:
            radio.check()
            page.wait_for_function("([el, name]) => el.getAttribute('data-gradfig-field') === name",
                                   arg=[element, radio.get_attribute("value")], timeout=timeout_ms)
            states.append(f"{radio.get_attribute('value')}: {_wait_live(page, element, timeout_ms)}")
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    return states


def axe_violations(page) -> list[dict]:
    """Run axe-core (from node_modules, injected from disk) on the loaded page.

    Returns one dict per violated rule: id, impact, help and the first few target selectors.
    """
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": len(v["nodes"]), "targets": [n["target"] for n in v["nodes"][:3]]}
            for v in result["violations"]]
