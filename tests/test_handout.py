"""A handout that prints: `make handout` (scripts/handout.py) prints the session's built site as
one PDF, and poppler (pdftotext, pdfimages) and pypdf read it back as a reader would check it:
a contents page naming every part in the nav's order at the page it starts on, every figure the
pages show, every table's last column, no control's label (buttons, sliders, readouts).

What the pages hold is read from the same built site with JavaScript off, on screen: the
static page a reader without JavaScript sees, which is what paper should carry.
"""

from __future__ import annotations

import collections
import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import pytest

import handout
import site_tools

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# What each nav page shows (JavaScript off, screen, light): its figures' alt texts and the
# pictures among them with a raster inside (an SVG heatmap), every table's last column, the
# labels of its controls, and its prose (innerText, controls taken out) to count them in.
_PAGE_FACTS = r"""() => {
  const art = document.querySelector('article.md-content__inner');
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  // A cell's words between its formulas (pdftotext spells a formula its own way, a glyph a line).
  const words = el => {
    const c = el.cloneNode(true);
    c.querySelectorAll('math').forEach(m => m.replaceWith('\u0000'));
    return c.textContent.split('\u0000').map(s => s.replace(/\s+/g, ' ').trim()).filter(s => s.length > 2);
  };
  const figures = [...art.querySelectorAll('img')].filter(shown).map(i => ({alt: i.alt, src: i.src}));
  const lastColumns = [...art.querySelectorAll('table')].filter(shown).map(t =>
    [...t.rows].map(r => r.cells[r.cells.length - 1]).filter(Boolean).flatMap(words));
  const controls = [];
  const prose = art.cloneNode(true);
  const copies = prose.querySelectorAll('*');
  for (const [i, el] of [...art.querySelectorAll('*')].entries()) {
    const isControl = el.matches('button, .gradfig-readout')
      || (el.matches('label') && el.querySelector('input[type=range], input[type=text]')
          && !el.closest('.gq'));  // a quiz's "Your answer" stays: the line to write on
    if (!isControl) continue;
    const c = el.cloneNode(true);
    c.querySelectorAll('input, .gradfig-angle-value, .gradfig-eta-value').forEach(e => e.remove());
    const label = c.textContent.replace(/\s+/g, ' ').trim();
    if (label) controls.push(label);
    copies[i].setAttribute('data-control', '');
  }
  prose.querySelectorAll('[data-control]').forEach(e => e.remove());
  document.body.appendChild(prose);  // innerText needs it laid out: what is hidden stays out
  const proseText = prose.innerText;
  prose.remove();
  return {figures, lastColumns, controls, prose: proseText};
}"""


def _normal(text: str) -> str:
    """Text compared as a reader reads it: maths letters as letters (NFKC: 𝑓 -> f), one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _squeezed(text: str) -> str:
    """Without any space: a table cell may wrap anywhere on paper."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _count(phrase: str, text: str) -> int:
    return len(re.findall(r"(?<!\w)" + re.escape(_normal(phrase)) + r"(?!\w)", text))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: 'make test' installs poppler-utils (scripts/ensure_chromium.sh)",
                    pytrace=False)
    return path


def _pdftotext(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run([_tool("pdftotext"), *pages, *(["-layout"] if layout else []), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _figure_alts(pdf: Path) -> collections.Counter:
    """The alt text of every figure in the PDF's structure tree (Chromium's tagged PDF)."""
    from pypdf import PdfReader

    alts: collections.Counter = collections.Counter()
    stack = [PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not hasattr(node, "get"):
            continue
        if node.get("/S") == "/Figure" and node.get("/Alt"):
            alts[_normal(str(node["/Alt"]))] += 1
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object()
            stack.extend(kids if isinstance(kids, list) else [kids])
    return alts


@pytest.fixture(scope="module")
def printed(built_site: Path, built_repo: Path, browser, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("handout") / "handout.pdf"
    report = handout.write_handout(built_site, out, config=built_repo / "mkdocs.yml", browser=browser)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        [_tool("pdfinfo"), str(out)], capture_output=True, text=True, check=True).stdout).group(1))
    starts = [start for _, _, start in report["parts"]] + [pages + 1]
    texts = {}
    for (_, url, start), end in zip(report["parts"], starts[1:], strict=True):
        texts[url] = _pdftotext(out, start, end - 1)
    return {"pdf": out, "report": report, "pages": pages, "texts": texts,
            "ends": [start - 1 for start in starts[1:]]}


@pytest.fixture(scope="module")
def facts(built_site: Path, browser) -> dict:
    context = browser.new_context(java_script_enabled=False, color_scheme="light")
    page = context.new_page()
    found = {}
    with site_tools.serve(built_site) as url:
        for rel in site_tools.nav_pages():
            page.goto(url + rel)
            found[rel] = page.evaluate(_PAGE_FACTS)
    context.close()
    return found


def test_the_contents_page_names_every_part_in_reading_order_where_it_starts(printed: dict) -> None:
    parts = printed["report"]["parts"]
    assert [(title, url) for title, url, _ in parts] == site_tools.nav_entries()
    starts = [start for _, _, start in parts]
    assert starts[0] == 2 and starts == sorted(set(starts)), starts  # after the contents page
    contents = _pdftotext(printed["pdf"], 1, 1, layout=True)
    for title, url, start in parts:
        assert re.search(re.escape(title) + r"\s*\.*\s*" + str(start) + r"\s*$", contents, re.M), title
        assert _pdftotext(printed["pdf"], start, start).strip(), f"{url or 'home'}: page {start} is empty"


def test_every_figure_is_printed(printed: dict, facts: dict, built_site: Path) -> None:
    wanted = collections.Counter(_normal(f["alt"]) for page in facts.values() for f in page["figures"])
    assert sum(wanted.values()) >= 10  # the chapter's figures are there to be found
    tagged = _figure_alts(printed["pdf"])
    missing = {alt[:70]: n - tagged[alt] for alt, n in wanted.items() if tagged[alt] < n}
    assert not missing, f"figures the pages show but the PDF lacks: {missing}"
    # Their heatmaps are drawn, not just named: each picture with a raster inside (an SVG's
    # <image>) brings at least one image into the PDF.
    rasters = sum(b"<image" in (built_site / urlparse(f["src"]).path.lstrip("/")).read_bytes()
                  for page in facts.values() for f in page["figures"])
    assert rasters >= 5
    listed = subprocess.run([_tool("pdfimages"), "-list", str(printed["pdf"])],
                            capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    images = [line for line in listed if line.split()[2] == "image"]
    assert len(images) >= rasters, (len(images), rasters)


def _words(pdf: Path, first: int, last: int) -> list[tuple[float, str]]:
    """Every word of those pages, in pdftotext's reading order, with its left edge."""
    out = subprocess.run([_tool("pdftotext"), "-f", str(first), "-l", str(last), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(x), _squeezed(html.unescape(w)))
            for x, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def _in_last_column(cell: str, column: list[str], words: list[tuple[float, str]]) -> bool:
    """Is ``cell`` printed, read down its table's last column?

    A row's cells share lines, so pdftotext interleaves them; in the last column every word
    right of the column's left edge is the column's (or prose's, away from the table). The left
    edge is where the column's header or the cell itself starts."""
    wanted = _squeezed(cell)
    starts = {_squeezed(column[0].split()[0]), _squeezed(cell.split()[0])}
    lefts = {x for x, w in words if w and any(s.startswith(w) or w.startswith(s) for s in starts)}
    for left in lefts:
        stream = [w for x, w in words if x >= left - 0.5]
        if wanted in "".join(stream):
            return True
    return False


def test_every_tables_last_column_is_printed(printed: dict, facts: dict) -> None:
    checked = 0
    for (_, url, start), end in zip(printed["report"]["parts"], printed["ends"], strict=True):
        words = _words(printed["pdf"], start, end)
        for column in facts[url]["lastColumns"]:
            for cell in column:
                assert _in_last_column(cell, column, words), \
                    f"{url or 'home'}: a table's last column lost {cell!r}"
                checked += 1
    assert checked >= 30


def test_no_control_label_is_printed(printed: dict, facts: dict) -> None:
    seen = 0
    for url, page in facts.items():
        text, prose = _normal(printed["texts"][url]), _normal(page["prose"])
        for label in set(page["controls"]):
            seen += 1
            printed_n, said_n = _count(label, text), _count(label, prose)
            assert printed_n <= said_n, f"{url}: {label!r} printed {printed_n} times, the prose has {said_n}"
    assert seen >= 10
