"""``make bench ONLY=playground``: how long the playground holds the page for nested formulas.

Issue 20's goal: no formula the playground accepts blocks the page for more than 200 ms at a
time. For ``exp(sin(exp(sin(…x*y…))))`` at several depths, the page draws the formula (the
reader's Enter) and Chromium's PerformanceObserver reports every long task (over 50 ms) of the
page's main thread from the key press to the drawn field; the table gives the longest. Each
formula is drawn twice, interleaved: with the playground's Web Worker (how the site runs), and
with ``Worker`` removed from the page, where the page does the work itself (how a page opened
from ``file://`` runs), so the worker's share is measured side by side in one run.

Each task is also read from a Chromium trace (CDP ``Tracing``): beside its wall-clock length
(what the reader waits, and what a shared, loaded machine stretches), the CPU time the page's
main thread spent in it, which load hardly changes.

Before → after in one run: the section also measures the site at a baseline revision (where this
branch left ``main``, unless ``GRADFIG_BENCH_BASELINE`` names another; ``GRADFIG_BENCH_BEFORE_SITE``
names an already built one), interleaved with the working tree's, draw by draw. Run with
``--site DIR`` to measure an already built site (``python scripts/bench_playground.py --site
site``), and ``--before DIR`` beside it; the section builds its own.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import site_tools
from bench_core import Table, section

#: Nesting levels: each is one exp(sin(…)) around x*y (10 levels: 103 characters).
LEVELS = tuple(int(v) for v in os.environ.get("LEVELS", "2,6,10,12,14").split(","))
TARGET_MS = 200.0
FORM = "[data-gradfig-playground]"

OBSERVE = """
window.gradfigLongTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.gradfigLongTasks.push(e.duration);
}).observe({type: "longtask", buffered: true});
"""
NO_WORKER = "delete window.Worker;"


#: What the trace records: every task of the page's threads, with its CPU time, and the marks.
TRACE = {"categories": "toplevel,blink.user_timing", "transferMode": "ReportEvents"}
START_MARK = "gradfig-bench-start"


class _Tasks:
    """The page's main-thread tasks from a Chromium trace, from a mark set in the page on."""

    def __init__(self, context, page) -> None:
        self.page = page
        self.cdp = context.new_cdp_session(page)
        self.events: list[dict] = []
        self.done = False
        self.cdp.on("Tracing.dataCollected", lambda p: self.events.extend(p["value"]))
        self.cdp.on("Tracing.tracingComplete", lambda p: setattr(self, "done", True))

    def start(self) -> None:
        self.events, self.done = [], False
        self.cdp.send("Tracing.start", TRACE)
        self.page.wait_for_timeout(300)  # starting the trace costs the page a task of its own
        self.page.evaluate(f"performance.mark('{START_MARK}')")

    def stop(self) -> list[tuple[float, float]]:
        """(wall ms, CPU ms) of each main-thread task since the mark."""
        self.cdp.send("Tracing.end")
        while not self.done:
            self.page.wait_for_timeout(50)
        mark = next(e for e in self.events if e.get("name") == START_MARK)
        thread = (mark["pid"], mark["tid"])  # the page's main thread set it
        return [(e["dur"] / 1000, e.get("tdur", 0) / 1000) for e in self.events
                if e.get("name") == "ThreadControllerImpl::RunTask" and e.get("ph") == "X"
                and (e["pid"], e["tid"]) == thread and e["ts"] >= mark["ts"]]


def _longest_cpu(tasks: list[tuple[float, float]]) -> float:
    return max((cpu for _, cpu in tasks), default=0.0)


def nested(levels: int) -> str:
    """``exp(sin(`` ``levels`` times around ``x*y``."""
    return "exp(sin(" * levels + "x*y" + "))" * levels


def _longest(browser, url: str, formula: str, worker: bool) -> tuple[float, float, str, str]:
    """(longest task in ms, most CPU ms in one task, the form's end state, where the work ran)
    for one draw."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(900_000)
    page = context.new_page()
    if not worker:
        page.add_init_script(NO_WORKER)
    page.goto(url)
    page.wait_for_function("window.gradfigPlayground !== undefined")
    # Warm up: the maths library and the field's plotly.js are loaded, and one draw is done.
    page.focus(".gradfig-playground__formula")
    page.wait_for_function(f"document.querySelector('{FORM}').dataset.maths === 'ready'")
    page.click(".gradfig-playground__draw")
    page.wait_for_function(f"document.querySelector('{FORM}').dataset.state === 'drawn'")
    page.evaluate(OBSERVE)
    trace = _Tasks(context, page)
    trace.start()
    page.evaluate("window.gradfigLongTasks = []")
    page.fill(".gradfig-playground__formula", formula)
    page.fill(".gradfig-playground__domain", "-2, 2, -2, 2")
    page.press(".gradfig-playground__formula", "Enter")
    page.wait_for_function(f"['drawn', 'refused', 'failed'].includes("
                           f"document.querySelector('{FORM}').dataset.state)")
    page.wait_for_timeout(500)  # the field's last frames
    tasks = page.evaluate("window.gradfigLongTasks")
    cpu = _longest_cpu(trace.stop())
    state = page.locator(FORM).get_attribute("data-state")
    where = page.evaluate("window.gradfigPlayground.jobs.where")
    context.close()
    return (max(tasks) if tasks else 0.0), cpu, state, where


def _chapter_field(browser, url: str) -> tuple[float, float]:
    """(longest task, most CPU in one task) while a chapter field (the switcher's) redraws for
    each other landscape in turn: plotly.js's draw alone, the floor any field's draw shares."""
    from gradfig.landscapes import LANDSCAPES

    names = list(LANDSCAPES)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    root = page.locator(".gradfig-switcher").first
    root.scroll_into_view_if_needed()
    box = root.locator(".gradfig-field__plot").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("el => el.classList.contains('is-live')", arg=root.element_handle())
    longest = cpu = 0.0
    trace = _Tasks(context, page)
    for name in names[1:] + names[:1]:
        page.evaluate(OBSERVE)
        trace.start()
        page.evaluate("window.gradfigLongTasks = []")
        root.locator(f'input[type=radio][value="{name}"]').check()
        page.wait_for_function("([el, n]) => el.dataset.gradfigField === n && "
                               "el.classList.contains('is-live')", arg=[root.element_handle(), name])
        page.wait_for_timeout(500)
        longest = max([longest, *page.evaluate("window.gradfigLongTasks")])
        cpu = max(cpu, _longest_cpu(trace.stop()))
    context.close()
    return longest, cpu


def measure(site: Path, before: Path | None = None, before_name: str = "",
            page_work: bool = True) -> Table:
    """The table for ``site``, and for ``before`` beside it (interleaved draw by draw) if given;
    ``page_work=False`` leaves out the draws without the worker (minutes each for deep formulas)."""
    from playwright.sync_api import sync_playwright

    sites = [("before", before), ("after", site)] if before else [("", site)]
    rows: list[list[object]] = []
    with contextlib.ExitStack() as stack:
        bases = {name: stack.enter_context(site_tools.serve(folder)) for name, folder in sites}
        pw = stack.enter_context(sync_playwright())
        browser = site_tools.launch_chromium(pw)

        def row(label: str, cells: list[str], verdict_ms: float) -> list[object]:
            return [label, *cells, "ok" if verdict_ms <= TARGET_MS else "OVER"]

        for levels in LEVELS:
            formula = nested(levels)
            for name, _ in sites:
                url = bases[name] + "playground/"
                cells: list[str] = []
                longest_with_worker = 0.0
                for worker in (True, False):
                    if not worker and not page_work:
                        cells += ["not measured"] * 3
                        continue
                    longest, cpu, state, where = _longest(browser, url, formula, worker)
                    cells += [f"{longest:.0f} ms", f"{cpu:.0f} ms", f"{state} by {where}"]
                    longest_with_worker = longest if worker else longest_with_worker
                    print(f"playground: {levels} levels {name or ''} {'worker' if worker else 'page'}: "
                          f"{longest:.0f} ms ({cpu:.0f} ms CPU)", file=sys.stderr, flush=True)
                label = f"{levels} levels ({len(formula)} chars)" + (f", {name}" if name else "")
                rows.append(row(label, cells, longest_with_worker))
        for name, _ in sites:
            floor, cpu = _chapter_field(browser, bases[name] + "fields/")
            label = ("reference: a chapter field switching landscape (plotly.js's draw alone)"
                     + (f", {name}" if name else ""))
            rows.append(row(label, [f"{floor:.0f} ms", f"{cpu:.0f} ms", "", "", "", ""], floor))
        browser.close()
    load = os.getloadavg()[0]
    notes = [
        "Longest main-thread task (PerformanceObserver 'longtask', tasks over 50 ms; 0 = none) from "
        "the reader's Enter to the drawn field, after one warm-up draw; formula "
        "exp(sin(exp(sin(…x*y…)))) on [−2, 2]². 'CPU': the most CPU time the page's main thread "
        "spent in one task over the same span (Chromium trace, ThreadControllerImpl::RunTask's "
        "thread duration): the wall-clock length less what other processes on the machine took.",
        f"Target: every task ≤ {TARGET_MS:g} ms with the worker (how the site runs); the verdict is "
        "on the wall-clock length. 'no worker': Worker removed from the page, as on a page opened "
        "from file://, where the page does the work itself.",
        "With the worker, what remains on the page is drawing: plotly.js's draw of the field (the same "
        "for every formula, and for the chapter's own fields: the reference row), then each typeset "
        "formula in a task of its own.",
        f"Headless Debian Chromium, loopback server; load average {load:.1f} on {os.cpu_count()} cores.",
    ]
    if before:
        notes.append(f"before = {before_name or before}; after = {site}; each draw "
                     "before, then after, in the same browser.")
    return Table(title="Playground: longest main-thread task for nested formulas",
                 columns=["formula", "worker: longest task", "worker: CPU", "worker: state",
                          "no worker: longest task", "no worker: CPU", "no worker: state", "verdict"],
                 rows=rows, notes=notes)


@contextlib.contextmanager
def _before_site() -> Iterator[tuple[str, Path | None]]:
    """(description, the "before" site or None), as the Lighthouse section finds it."""
    from bench_lighthouse import BEFORE_SITE_ENV
    from bench_site import baseline_revision, baseline_site

    given = os.environ.get(BEFORE_SITE_ENV)
    if given:
        if not (Path(given) / "index.html").is_file():
            raise SystemExit(f"{BEFORE_SITE_ENV}={given}: no built site there (no index.html)")
        yield f"the site already built in {given}", Path(given)
        return
    rev, _ = baseline_revision()
    with baseline_site(rev) as (name, site):
        yield name + " (built in this run)", site


@section("playground")
def playground_bench() -> Table:
    with tempfile.TemporaryDirectory(prefix="gradfig-bench-playground-") as tmp:
        site = Path(tmp) / "site"
        proc = site_tools.build(site_tools.ROOT, site, {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        if proc.returncode != 0:
            raise RuntimeError(f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}")
        with _before_site() as (before_name, before):
            return measure(site, before, before_name)  # site: the working tree's, built here


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build one)")
    parser.add_argument("--before", type=Path, help="a built site to measure beside it, as 'before'")
    parser.add_argument("--worker-only", action="store_true",
                        help="leave out the draws without the worker (the page's own work)")
    args = parser.parse_args()
    table = (measure(args.site, args.before, page_work=not args.worker_only) if args.site
             else playground_bench())
    print(table.markdown())
