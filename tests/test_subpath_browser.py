"""Published under a sub-path, as a lecturer publishes a course: `make site
SITE_URL=https://me.github.io/course/`, served as a static host serves a project's site (at
``/course/``, with ``404.html`` for any missing path), and walked in Debian's Chromium.

What a lecturer would check after publishing: every page says its own address (canonical link,
sitemap), following the site's links reaches each page with its widgets working, a playground
link draws, search finds pages and leads to them, and a mistyped address shows the styled 404
page with working links. The ``page`` fixture fails a test on a console error (a missing file
is one) or a request off 127.0.0.1.

This module builds a site of its own, because the address is its subject: a copy of the shared
site's repository, seeded with that build (only what the address changes is rebuilt).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import site_tools

pytestmark = [pytest.mark.browser, pytest.mark.site]

COURSE = "https://me.github.io/course/"
UNDER = "course"
FORM = "[data-gradfig-playground]"


@pytest.fixture(scope="module")
def course_site(tmp_path_factory: pytest.TempPathFactory, built_repo: Path, warm_figure_cache: Path) -> Path:
    folder = tmp_path_factory.mktemp("course")
    repo = site_tools.seed_from_build(site_tools.copy_repo(folder / "repo"), built_repo)
    proc = site_tools.build(repo, folder / "site",
                            site_tools.env(repo, figure_cache=warm_figure_cache, SITE_URL=COURSE))
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]
    return folder / "site"


@pytest.fixture(scope="module")
def course_url(course_site: Path):
    with site_tools.serve(course_site, under=UNDER) as url:
        yield url


def test_every_page_the_sitemap_and_the_404_page_name_the_course_address(course_site: Path) -> None:
    pages = site_tools.html_pages(course_site)
    for rel in pages:
        html = (course_site / rel / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1) == COURSE + rel
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(course_site / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)]
    assert sorted(locs) == sorted(COURSE + rel for rel in pages)
    # The 404 page is served at any depth: its own links and files are absolute, under /course/.
    missing = (course_site / "404.html").read_text(encoding="utf-8")
    local = [u for u in re.findall(r'(?:href|src)="([^"#]+)"', missing)
             if not u.startswith(("http:", "https:"))]
    assert local and all(u.startswith(f"/{UNDER}/") for u in local), local


def test_following_the_links_under_the_sub_path_starts_every_widget(page, course_url: str) -> None:
    page.goto(course_url)
    for rel in site_tools.nav_pages()[1:]:
        page.evaluate("""url => { window.__lastPage = true;
            const link = [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
                .find(a => a.href === url);
            link.id = '__next'; }""", course_url + rel)
        page.click("#__next")
        page.wait_for_url(course_url + rel)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__lastPage === undefined"), "the link did not load a page"
        page.wait_for_function("window.gradfigStarts && window.gradfigStarts.fields === 1")
        for field in page.locator(".gradfig-field:not([data-gradfig-source])").all():
            field.scroll_into_view_if_needed()
            field.hover()
            page.wait_for_function("el => el.classList.contains('is-live')", arg=field.element_handle())
        for widget in page.locator("[data-gradfig-jacobian]").all():
            widget.scroll_into_view_if_needed()  # drawn only near the viewport
        if page.locator("[data-gradfig-jacobian]").count():
            page.wait_for_selector(".gradfig-jac.is-ready")
            assert page.locator(".gradfig-jac svg.gradfig-jac__svg").count() == 2
        for surface in page.locator("[data-gradfig-surface]").all():
            surface.scroll_into_view_if_needed()
            page.wait_for_function("(window.gradfigStarts.surface || 0) >= 1")
        if page.locator(FORM).count():
            page.wait_for_function(f"!document.querySelector('{FORM}').hidden")


def test_a_playground_link_draws_under_the_sub_path(page, course_url: str) -> None:
    page.goto(course_url + "playground/#f=sin(x)*y&domain=-3,3,-2,2")
    page.wait_for_function(f"document.querySelector('{FORM}')?.dataset.state === 'drawn'")
    assert page.input_value(".gradfig-playground__formula") == "sin(x)*y"
    assert page.locator(".gradfig-playground__field .js-plotly-plot").count() == 1


def test_search_finds_a_page_and_leads_to_it_under_the_sub_path(page, course_url: str) -> None:
    page.goto(course_url)
    # Material says "Initializing search" until its worker has loaded the index (from the site).
    page.wait_for_function("(document.querySelector('.md-search-result__meta')?.textContent || '')"
                           ".trim() !== 'Initializing search'")
    page.click(".md-search__input")
    page.keyboard.type("Jacobian")  # key by key, as a reader types (Material reads key events)
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    href = first.get_attribute("href")
    first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(course_url) and page.url != course_url, (href, page.url)
    assert "Jacobian" in page.locator("article").inner_text()


def test_a_mistyped_address_shows_the_styled_404_page(page_unchecked, course_url: str) -> None:
    page = page_unchecked
    response = page.goto(course_url + "fields/no-such-page/")
    assert response.status == 404
    page.wait_for_load_state("load")
    # Styled: Material's stylesheet and the chapter's own are applied (not a bare HTML page).
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("getComputedStyle(document.body).getPropertyValue('--md-primary-fg-color')").strip()
    assert "404" in page.locator("article h1").inner_text()
    # The only error is the document's own status; nothing it loads is missing or off the host.
    problems = page.problems
    assert not problems.page_errors and not problems.external_requests, problems.summary()
    errors = problems.console_errors
    assert len(errors) <= 1 and all("404" in e for e in errors), problems.summary()
    # Its links lead back into the course: its own to the first page, and the menu's.
    page.locator("article a", has_text="first page").click()
    page.wait_for_load_state("load")
    assert page.url == course_url
    page.goto(course_url + "no-such-page/")
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Partial derivatives").first.click()
    page.wait_for_load_state("load")
    assert page.url == course_url + "partials/"
