"""Byte budgets and axe-core on every page of the built site, as a reader's browser loads it.

Bytes are what crosses the wire from a static host that gzips text (as GitHub Pages, Netlify or
nginx do): response bodies plus headers, counted by Chromium; Lighthouse's total-byte-weight
counts the same. "Before interaction" is a cold load on a phone until the network is idle; "live"
is after scrolling to every interactive field, moving the pointer over it and picking every
landscape of a switcher, until every field is drawn. The budgets are the issue's: 350 kB and
2 MB per page. axe-core (node_modules, pinned) must find no violation, light or dark, with the
fields live. ``make bench`` prints the same measurements as numbers (scripts/bench_site.py).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import site_probe

pytestmark = [pytest.mark.site, pytest.mark.browser]

PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def gzip_url(built_site: Path) -> Iterator[str]:
    with site_probe.serve(built_site, gzip_text=True) as url:
        yield url


def test_the_site_has_the_chapter_and_its_fields(built_site: Path) -> None:
    """Guard for the tests below: they walk real pages, and some of them hold live fields."""
    pages = site_probe.html_pages(built_site)
    assert len(pages) >= 3, pages
    with_fields = [p for p in pages
                   if "data-gradfig-field" in (built_site / p / "index.html").read_text()]
    assert with_fields, "no page holds an interactive field"


def test_every_page_stays_within_the_byte_budgets(built_site: Path, gzip_url: str, browser) -> None:
    report, problems = [], []
    for rel in site_probe.html_pages(built_site):
        context = browser.new_context(**PHONE)
        page = context.new_page()
        loaded = site_probe.record_bytes(page)
        page.goto(gzip_url + rel, wait_until="networkidle")
        before = loaded.wire_total
        states = site_probe.wake_every_field(page)
        live = loaded.wire_total
        context.close()
        name = rel or "(home)"
        report.append(f"{name}: before {before / 1000:.0f} kB, live {live / 1000:.0f} kB, fields {states}")
        if before > site_probe.BEFORE_BUDGET:
            problems.append(f"{name}: {before} B before interaction > {site_probe.BEFORE_BUDGET}")
        if live > site_probe.LIVE_BUDGET:
            problems.append(f"{name}: {live} B with every field live > {site_probe.LIVE_BUDGET}")
        if any(not s.endswith(": live") for s in states):
            problems.append(f"{name}: not every field came to life: {states}")
        if loaded.off_host:
            problems.append(f"{name}: requests off 127.0.0.1: {loaded.off_host}")
    assert not problems, "\n".join([*problems, "", *report])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_axe_violations(built_site: Path, site_url: str, browser, scheme: str) -> None:
    problems = []
    for rel in site_probe.html_pages(built_site):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(site_url + rel, wait_until="networkidle")
        site_probe.wake_every_field(page)
        for v in site_probe.axe_violations(page):
            problems.append(f"{rel or '(home)'}: {v['id']} ({v['impact']}, {v['nodes']} elements, "
                            f"e.g. {v['targets']}): {v['help']}")
        context.close()
    assert not problems, "\n".join(problems)
