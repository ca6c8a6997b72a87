"""A reader's Ctrl-P of a page whose widgets are live (docs/assets/css/print.css and the field
component's print rule): each live widget prints as the static figure it is drawn over, and
its controls, sliders, buttons and readouts stay off the paper; a reader in the dark scheme
gets the light figure on paper. The widgets are found on every page of the nav, not named.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import site_tools

#: The live widgets and the sign that each is live.
WIDGETS = {".gradfig-field": "is-live", ".gradfig-surface": "is-live", ".gradfig-jac": "is-ready"}
#: What paper never shows (inside the article).
CONTROLS = ("button, input, select, textarea, .gradfig-readout, .gradfig-plotly, .gradfig-overlay, "
            ".gradfig-surface__plot, .gradfig-jac, canvas")

_PRINTED = """([controls]) => {
  const art = document.querySelector('article.md-content__inner');
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible'
    && el.getBoundingClientRect().width > 0;
  const figureOf = w => [...w.querySelectorAll('img')].filter(shown).map(i => i.getAttribute('src'));
  return {
    controls: [...art.querySelectorAll(controls)].filter(el => shown(el) && !el.closest('.gq'))
      .map(el => `${el.tagName}.${el.getAttribute('class') || ''} ${el.textContent.trim().slice(0, 30)}`),
    widgets: [...art.querySelectorAll('.gradfig-field, .gradfig-surface')].map(figureOf),
  };
}"""


def _pages_with_widgets(site: Path) -> list[str]:
    """The nav's pages whose built HTML holds a widget (read from the files: every widget's
    element is in the page as built, before any script runs)."""
    def has_widget(rel: str) -> bool:
        html = (site / rel / "index.html").read_text(encoding="utf-8")
        return bool(BeautifulSoup(html, "html.parser").select(", ".join(WIDGETS)))

    return [rel for rel in site_tools.nav_pages() if has_widget(rel)]


def _make_live(page) -> int:
    """Bring every widget of the open page near the viewport and wait until it is live."""
    live = 0
    for selector, sign in WIDGETS.items():
        for widget in page.locator(selector).all():
            widget.scroll_into_view_if_needed()
            widget.hover()
            page.wait_for_function("([el, c]) => el.classList.contains(c)",
                                   arg=[widget.element_handle(), sign])
            live += 1
    return live


@pytest.mark.parametrize("page", [{"color_scheme": "light"}, {"color_scheme": "dark"}], indirect=True,
                         ids=["light", "dark"])
def test_live_widgets_print_as_their_static_figures(page, site_url: str, built_site: Path) -> None:
    pages = _pages_with_widgets(built_site)
    assert len(pages) >= 3, pages  # the surface, the fields, the Jacobian, the playground
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    for rel in pages:
        page.goto(site_url + rel)
        assert _make_live(page), rel
        on_screen = page.evaluate(_PRINTED, [CONTROLS])
        assert on_screen["controls"], rel  # live, the page shows its controls ...
        page.emulate_media(media="print")
        printed = page.evaluate(_PRINTED, [CONTROLS])
        page.emulate_media(media="screen")
        assert printed["controls"] == [], f"{rel} prints controls: {printed['controls']}"
        for figures in printed["widgets"]:  # ... on paper each widget is one static figure, light
            assert len(figures) == 1 and figures[0].endswith("#only-light"), (rel, figures, dark)


def test_a_printed_live_field_page_has_no_control_labels(page, site_url: str, built_site: Path,
                                                         tmp_path: Path) -> None:
    """The PDF itself: Chromium's print of each page with live fields has none of the words of
    the fields' buttons and readouts beyond those the prose says (it names a button to press)."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: 'make test' installs poppler-utils"
    checked = 0
    for rel in _pages_with_widgets(built_site):
        page.goto(site_url + rel)
        if not page.locator(".gradfig-field").count():
            continue
        _make_live(page)
        labels = page.evaluate("""() => [...document.querySelectorAll(
            'article button, article .gradfig-readout')].map(e => e.innerText.replace(/\\s+/g, ' ').trim())
            .filter(Boolean)""")
        on_screen = " ".join(page.locator("article").inner_text().split())
        pdf = tmp_path / (rel.strip("/").replace("/", "-") + ".pdf")
        page.pdf(path=str(pdf), format="A4")
        text = " ".join(subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        for label in set(labels):
            said = on_screen.count(label) - labels.count(label)  # in the prose, not on a control
            assert text.count(label) <= said, (rel, label, text.count(label), said)
            checked += 1
    assert checked >= 4
