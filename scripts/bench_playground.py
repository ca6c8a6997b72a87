"""``make bench ONLY=playground``: how long the playground holds the page for nested formulas.

Issue 20's goal: no formula the playground accepts blocks the page for more than 200 ms at a
time. For ``exp(sin(exp(sin(…x*y…))))`` at several depths, the page draws the formula (the
reader's Enter) and Chromium's PerformanceObserver reports every long task (over 50 ms) of the
page's main thread from the key press to the drawn field; the table gives the longest. Each
formula is drawn twice, interleaved: with the playground's Web Worker (how the site runs), and
with ``Worker`` removed from the page, where the page does the work itself (how a page opened
from ``file://`` runs), so the worker's share is measured side by side in one run.

Run with ``--site DIR`` to measure an already built site (``python scripts/bench_playground.py
--site site``); the section builds one of its own.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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


def nested(levels: int) -> str:
    """``exp(sin(`` ``levels`` times around ``x*y``."""
    return "exp(sin(" * levels + "x*y" + "))" * levels


def _longest(browser, url: str, formula: str, worker: bool) -> tuple[float, str, str]:
    """(longest task in ms, the form's end state, where the work ran) for one draw."""
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
    page.wait_for_timeout(300)
    page.evaluate("window.gradfigLongTasks = []")
    page.fill(".gradfig-playground__formula", formula)
    page.fill(".gradfig-playground__domain", "-2, 2, -2, 2")
    page.press(".gradfig-playground__formula", "Enter")
    page.wait_for_function(f"['drawn', 'refused', 'failed'].includes("
                           f"document.querySelector('{FORM}').dataset.state)")
    page.wait_for_timeout(500)  # the field's last frames
    tasks = page.evaluate("window.gradfigLongTasks")
    state = page.locator(FORM).get_attribute("data-state")
    where = page.evaluate("window.gradfigPlayground.jobs.where")
    context.close()
    return (max(tasks) if tasks else 0.0), state, where


def _chapter_field(browser, url: str) -> float:
    """The longest task while a chapter field (the switcher's) redraws for another landscape:
    plotly.js's draw alone, the floor any field's draw shares."""
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
    longest = 0.0
    for name in names[1:] + names[:1]:
        page.evaluate(OBSERVE)
        page.wait_for_timeout(300)
        page.evaluate("window.gradfigLongTasks = []")
        root.locator(f'input[type=radio][value="{name}"]').check()
        page.wait_for_function("([el, n]) => el.dataset.gradfigField === n && "
                               "el.classList.contains('is-live')", arg=[root.element_handle(), name])
        page.wait_for_timeout(500)
        longest = max([longest, *page.evaluate("window.gradfigLongTasks")])
    context.close()
    return longest


def measure(site: Path) -> Table:
    from playwright.sync_api import sync_playwright

    rows: list[list[object]] = []
    with site_tools.serve(site) as base, sync_playwright() as pw:
        browser = site_tools.launch_chromium(pw)
        url = base + "playground/"
        for levels in LEVELS:
            formula = nested(levels)
            cells = []
            for worker in (True, False):
                longest, state, where = _longest(browser, url, formula, worker)
                cells.append((longest, state, where))
            (w_ms, w_state, w_where), (p_ms, p_state, p_where) = cells
            rows.append([f"{levels} levels ({len(formula)} chars)",
                         f"{w_ms:.0f} ms", f"{w_state} by {w_where}",
                         f"{p_ms:.0f} ms", f"{p_state} by {p_where}",
                         "ok" if w_ms <= TARGET_MS else "OVER"])
        floor = _chapter_field(browser, base + "fields/")
        rows.append(["reference: a chapter field switching landscape (plotly.js's draw alone)",
                     f"{floor:.0f} ms", "", "", "", "ok" if floor <= TARGET_MS else "OVER"])
        browser.close()
    load = os.getloadavg()[0]
    notes = [
        "Longest main-thread task (PerformanceObserver 'longtask', tasks over 50 ms; 0 = none) from "
        "the reader's Enter to the drawn field, after one warm-up draw; formula "
        "exp(sin(exp(sin(…x*y…)))) on [−2, 2]².",
        f"Target: every task ≤ {TARGET_MS:g} ms with the worker (how the site runs). 'no worker': "
        "Worker removed from the page, as on a page opened from file://, where the page does the "
        "work itself.",
        "With the worker, what remains on the page is drawing: plotly.js's draw of the field (the same "
        "for every formula, and for the chapter's own fields: the reference row), then each typeset "
        "formula in a task of its own.",
        f"Headless Debian Chromium, loopback server; load average {load:.1f} on {os.cpu_count()} cores.",
    ]
    return Table(title="Playground: longest main-thread task for nested formulas",
                 columns=["formula", "worker: longest task", "worker: state", "no worker: longest task",
                          "no worker: state", "verdict"], rows=rows, notes=notes)


@section("playground")
def playground_bench() -> Table:
    with tempfile.TemporaryDirectory(prefix="gradfig-bench-playground-") as tmp:
        site = Path(tmp) / "site"
        proc = site_tools.build(site_tools.ROOT, site, {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        if proc.returncode != 0:
            raise RuntimeError(f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}")
        return measure(site)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build one)")
    args = parser.parse_args()
    table = measure(args.site) if args.site else playground_bench()
    print(table.markdown())
