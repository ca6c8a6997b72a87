"""Links between pages in the built site, driven in Debian's Chromium.

The site has no instant navigation (issue 21): every link is a page load, so every widget starts
once per page load, and nothing may start twice or not at all. What a reader would check:
following the site's own links reaches each page with its widgets working (fields, the live
Jacobian, the playground, the quizzes), a playground link ``#f=...&domain=...`` opened from
another page draws its function, and the back and forward buttons return to what was there.
The ``page`` fixture fails a test on a console error or a request off 127.0.0.1.
"""

from __future__ import annotations

import pytest

import site_tools

pytestmark = [pytest.mark.browser, pytest.mark.site]

FORM = "[data-gradfig-playground]"
#: Start counters (window.gradfigStarts, load.mjs's `started`): the site's script and the field
#: component start on every page; a page widget's bundle only where that widget is.
EVERY_PAGE = {"site", "fields"}
WIDGETS = {"jacobian": "[data-gradfig-jacobian]", "playground": FORM, "surface": "[data-gradfig-surface]"}


def _page_loaded(page, marker: str) -> None:
    """The marker a test left on the last page is gone: a real page load happened."""
    page.wait_for_load_state("load")
    assert page.evaluate(f"window.{marker} === undefined"), "the link did not load a page"
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") in ("navigate", "back_forward")


def _started_once(page) -> dict:
    """Every widget of the page started, once; every bundle was fetched once."""
    page.wait_for_function("window.gradfigStarts && window.gradfigStarts.fields === 1")
    for name, selector in WIDGETS.items():
        if page.locator(selector).count():
            page.wait_for_function(f"(window.gradfigStarts['{name}'] || 0) >= 1")
    starts = page.evaluate("({...window.gradfigStarts})")
    scripts = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                            ".filter(u => /generated\\/assets\\/gradfig-[\\w-]+\\.js/.test(u))")
    assert len(scripts) == len(set(scripts)), scripts
    assert all(n == 1 for n in starts.values()), starts
    expected = {*EVERY_PAGE, *(name for name, sel in WIDGETS.items() if page.locator(sel).count())}
    assert set(starts) == expected, starts
    return starts


def test_following_the_sites_links_starts_every_widget_once(page, site_url) -> None:
    """From the home page along the nav to every chapter page, each a page load."""
    page.goto(site_url)
    seen: set[str] = set()
    for rel in site_tools.nav_pages()[1:]:
        page.evaluate("""url => { window.__lastPage = true;
            const link = [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
                .find(a => a.href === url);
            link.id = '__next'; }""", site_url + rel)
        page.click("#__next")  # the nav's own link to the page
        page.wait_for_url(site_url + rel)
        _page_loaded(page, "__lastPage")
        for widget in page.locator("[data-gradfig-jacobian]").all():
            widget.scroll_into_view_if_needed()  # drawn only near the viewport
        seen |= set(_started_once(page))
        # Each widget works (the bundle loaded is the one that runs).
        for field in page.locator(".gradfig-field:not([data-gradfig-source])").all():
            field.scroll_into_view_if_needed()
            field.hover()
            page.wait_for_function("el => el.classList.contains('is-live')", arg=field.element_handle())
        if page.locator("[data-gradfig-jacobian]").count():
            page.wait_for_selector(".gradfig-jac.is-ready")
            assert page.locator(".gradfig-jac svg.gradfig-jac__svg").count() == 2
        checks = page.locator(".gq__check")
        if checks.count():
            assert all(b.is_visible() for b in checks.all())
        if page.locator(FORM).count():
            page.wait_for_function(f"!document.querySelector('{FORM}').hidden")
    assert seen == {*EVERY_PAGE, *WIDGETS}, f"no page showed {sorted({*EVERY_PAGE, *WIDGETS} - seen)}"


def test_a_playground_link_from_another_page_draws_and_the_back_button_returns(page, site_url) -> None:
    page.goto(site_url + "recall/")
    page.evaluate("""href => { const a = document.createElement('a'); a.href = href; a.id = 'to-playground';
                     a.textContent = 'a function'; document.querySelector('article').appendChild(a); }""",
                  "../playground/#f=" + "sin(x)*y" + "&domain=-3,3,-2,2")
    page.evaluate("window.__lastPage = true")
    page.click("#to-playground")
    page.wait_for_function(f"document.querySelector('{FORM}')?.dataset.state === 'drawn'")
    _page_loaded(page, "__lastPage")
    assert page.input_value(".gradfig-playground__formula") == "sin(x)*y"
    assert page.input_value(".gradfig-playground__domain") == "-3,3,-2,2"
    _started_once(page)
    # Another function, drawn by hand: the address follows it without a new history entry.
    page.fill(".gradfig-playground__formula", "x^2 - y")
    page.press(".gradfig-playground__formula", "Enter")
    page.wait_for_function(f"document.querySelector('{FORM}').dataset.state === 'drawn' && "
                           "location.hash.startsWith('#f=x%5E2%20-%20y')")
    drawn = page.evaluate("location.href")
    # On to the next page by the footer link, then back: the function drawn last is there again.
    page.locator("a.md-footer__link--next").click()
    page.wait_for_function("!location.pathname.includes('/playground/')")
    page.go_back()
    page.wait_for_function(f"document.querySelector('{FORM}')?.dataset.state === 'drawn'")
    assert page.evaluate("location.href") == drawn
    assert page.input_value(".gradfig-playground__formula") == "x^2 - y"
    assert page.locator(".gradfig-playground__field .js-plotly-plot").count() == 1
    _started_once(page)
    # Back once more: the page the link was on; forward: the playground again.
    page.go_back()
    page.wait_for_function("location.pathname.endsWith('/recall/')")
    page.wait_for_selector(".gq__check:visible")
    page.go_forward()
    page.wait_for_function(f"document.querySelector('{FORM}')?.dataset.state === 'drawn'")
    assert page.input_value(".gradfig-playground__formula") == "x^2 - y"
