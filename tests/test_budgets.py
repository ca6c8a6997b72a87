"""Byte budgets and axe-core on every page of the built site, as a reader's browser loads it.

Bytes are what crosses the wire from a static host that gzips text (as GitHub Pages, Netlify or
nginx do): response bodies plus headers, counted by Chromium; Lighthouse's total-byte-weight
counts the same. "Before interaction" is a cold load on a phone screen until the network is
idle; "live" is after scrolling to every interactive field, moving the pointer over it and
picking every landscape of a switcher, until every field is drawn. The budgets are the issue's:
350 kB and 2 MB per page. axe-core (node_modules, pinned) must find no violation, light or
dark, with the fields live. ``make bench`` prints the same measurements as numbers
(scripts/bench_site.py). Pages come from mkdocs.yml's nav; a guard test checks that the built
site has no page outside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import site_probe
import site_tools

pytestmark = [pytest.mark.site, pytest.mark.browser]

PAGES = site_tools.nav_pages()


@pytest.fixture(scope="module")
def gzip_url(built_site: Path) -> Iterator[str]:
    with site_tools.serve(built_site, gzip_text=True) as url:
        yield url


def test_every_built_page_is_in_the_nav_and_some_hold_fields(built_site: Path) -> None:
    """Guard for the tests below: they walk the nav's pages, so no built page may be missing."""
    assert sorted(site_tools.html_pages(built_site)) == sorted(PAGES)
    with_fields = [p for p in PAGES if "data-gradfig-field" in (built_site / p / "index.html").read_text()]
    assert with_fields, "no page holds an interactive field"


@pytest.mark.parametrize("rel", PAGES, ids=lambda p: p.rstrip("/") or "home")
def test_page_stays_within_the_byte_budgets(built_site: Path, gzip_url: str, browser, rel: str) -> None:
    context = browser.new_context(**site_probe.PHONE)
    page = context.new_page()
    first, last, states = site_probe.load_and_wake(page, gzip_url + rel)
    context.close()
    biggest = sorted(first.wire.items(), key=lambda kv: -kv[1])[:5]
    detail = (f"before interaction {first.wire_total} B, every field live {last.wire_total} B; "
              f"fields {states}; largest before: "
              + ", ".join(f"{u.split('/', 3)[-1]} {n} B" for u, n in biggest))
    assert not last.off_host, f"requests off 127.0.0.1: {last.off_host}"
    assert all(s.endswith(": live") for s in states), detail
    assert first.wire_total <= site_probe.BEFORE_BUDGET, detail
    assert last.wire_total <= site_probe.LIVE_BUDGET, detail


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", PAGES, ids=lambda p: p.rstrip("/") or "home")
def test_page_has_no_axe_violations(site_url: str, browser, rel: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    site_probe.open_page(page, site_url + rel)
    site_probe.wake_every_field(page)
    violations = site_probe.axe_violations(page)
    context.close()
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}, {v['nodes']} elements, e.g. {v['targets']}): {v['help']}"
        for v in violations)
