"""The site without JavaScript, and opened from ``file://`` (issue 20, deliverable 7).

Without JavaScript, no page shows a widget's control that cannot work: every visible button,
slider or text box of a page's article is one that works without a script (the landscape
switcher's radios swap the static figures by CSS alone). Opened from ``file://`` (a lecturer
double-clicks ``site/index.html``), every page says in one line to serve the site, with the
README's command; the interactive fields, the quizzes and the playground work there all the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import site_tools

pytestmark = [pytest.mark.browser, pytest.mark.site]

ROOT = Path(__file__).resolve().parent.parent
#: Controls that work without JavaScript: the switcher's radios (CSS :has swaps the figures);
#: a quiz's choices and answer boxes (the reader answers, then opens the worked answer beside
#: them; the Check button, which needs a script, is not shown).
WORKS_WITHOUT_SCRIPT = ".gradfig-switch input[type=radio], .gq input"
CONTROLS = "article button, article input, article select, article textarea"
NOTE = ".gradfig-file-note"


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[str]:
    return site_tools.html_pages(built_site)


@pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_no_page_shows_a_control_that_cannot_work(page, site_url, pages) -> None:
    shown_somewhere = 0
    for url in pages:
        page.goto(site_url + url)
        controls = page.locator(CONTROLS)
        working = set(page.locator(WORKS_WITHOUT_SCRIPT).evaluate_all("els => els.map(e => e.outerHTML)"))
        for control in controls.all():
            if control.is_visible():
                html = control.evaluate("e => e.outerHTML")
                assert html in working, f"/{url}: {html[:160]} is shown without JavaScript"
        shown_somewhere += controls.count()
        # A field's readout says "point anywhere": without a script nothing answers, so it goes too.
        for readout in page.locator(".gradfig-field .gradfig-readout").all():
            assert not readout.is_visible(), f"/{url}: a field's readout is shown without JavaScript"
    assert shown_somewhere > 0  # the site has widget controls at all: the check looked at some


def _serve_command() -> str:
    """The README's command that serves the built site."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^(python3 -m http\.server [^#\n]*?-d site)\s", readme, re.M)
    assert match, "README.md no longer shows how to serve site/"
    return match.group(1)


def _file_url(site: Path, url: str) -> str:
    return (site / url / "index.html").as_uri()


def _only_file_problems(problems) -> None:
    """What a page opened from file:// cannot avoid (Material's search index, the maths font
    across folders), and nothing else."""
    expected = re.compile(r"search_index|stix-two-math|Failed to load resource")
    assert not [e for e in problems.page_errors if not expected.search(e)], problems.summary()
    assert not [e for e in problems.console_errors if not expected.search(e)], problems.summary()
    assert not [u for u in problems.external_requests if not u.startswith("file://")], problems.summary()


def test_from_file_every_page_says_in_one_line_to_serve_it(page_unchecked, built_site, pages,
                                                           site_url) -> None:
    page = page_unchecked
    command = _serve_command()
    for url in pages:
        page.goto(_file_url(built_site, url))
        note = page.locator(NOTE)
        page.wait_for_function(f"document.querySelectorAll('{NOTE}').length === 1")
        text = note.inner_text()
        assert "\n" not in text.strip() and command in text and "make serve" in text, (url, text)
        assert note.locator("code").all_inner_texts() == [command, "make serve"]
    _only_file_problems(page.problems)
    # Served, as it should be, the site says nothing of the kind.
    page.goto(site_url)
    page.wait_for_function("window.gradfigStarts && window.gradfigStarts.site === 1")
    assert page.locator(NOTE).count() == 0


def test_from_file_the_fields_quizzes_and_playground_work(page_unchecked, built_site) -> None:
    page = page_unchecked
    # A field goes live and reads f under the pointer.
    page.goto(_file_url(built_site, "fields"))
    root = page.locator(".gradfig-field").first
    root.scroll_into_view_if_needed()
    box = root.locator(".gradfig-field__plot").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("el => el.classList.contains('is-live')", arg=root.element_handle())
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.45)
    page.wait_for_function("el => el.querySelector('.gradfig-readout').dataset.f !== ''",
                           arg=root.element_handle())
    # A quiz checks an answer.
    page.goto(_file_url(built_site, "recall"))
    quiz = page.locator(".gq:has(input[data-correct])").first
    quiz.locator("input[data-correct]").check()
    quiz.locator(".gq__check").click()
    assert quiz.locator(".gq__feedback").inner_text().startswith("Correct.")
    # The playground draws (no worker can start from a file: the page works itself).
    page.goto(_file_url(built_site, "playground"))
    page.wait_for_function("window.gradfigPlayground !== undefined")
    page.fill(".gradfig-playground__formula", "x^2 - y^2")
    page.fill(".gradfig-playground__domain", "-1, 1, -1, 1")
    page.press(".gradfig-playground__formula", "Enter")
    form = "document.querySelector('[data-gradfig-playground]')"
    page.wait_for_function(f"['drawn', 'refused', 'failed'].includes({form}.dataset.state)")
    alert = page.locator(".gradfig-playground__alert").inner_text()
    assert page.evaluate(f"{form}.dataset.state") == "drawn", alert
    assert page.evaluate("window.gradfigPlayground.jobs.where") == "page"
    assert page.locator(".gradfig-playground__critical").get_attribute("data-count") == "1"
    _only_file_problems(page.problems)
