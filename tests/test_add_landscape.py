"""Adding a landscape is one registry entry: the README's edit, made in a copy, reaches every
page and keeps the fast tier green.

The test takes the code block of the README's "Add a landscape" section (two new landscapes,
one with a hyphen in its name), puts it in place of the registry in a copy of
``src/gradfig/landscapes.py``, and in that one copy

- builds the site with ``--strict`` (from the shared build's generated files and caches and
  the suite's warm figure cache, so only what the edit changes is drawn and written) and
  looks for each new landscape where a reader would: the fields page (section, switcher,
  live payload, its critical points), the landscape table, the check page, the gallery and
  its zip (``make slides`` first, as ``make figures`` would), the panel's alt text, the recall
  summary and the notebook;
- runs the fast tier (``make test-fast``): the tests of mechanisms follow the registry, so
  they pass with landscapes they have never heard of.

What to expect comes from the edit itself, run against gradfig's own definitions: the new
``Landscape`` objects give the names, titles and critical points looked for.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

import gradfig.landscapes
import site_tools
from gradfig.functions import Landscape

ROOT = site_tools.ROOT
_REGISTRY = re.compile(r"^LANDSCAPES: dict\[str, Landscape\] = registry\(\n.*?^\)\n", re.M | re.S)
#: Counts as the chapter's prose spells them.
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve")


def readme_edit() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Add a landscape", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def edited_registry() -> dict[str, Landscape]:
    """The registry the README's edit makes, evaluated with gradfig's own definitions."""
    namespace = dict(vars(gradfig.landscapes))
    exec(readme_edit(), namespace)  # the README's own code, as an author pastes it
    return namespace["LANDSCAPES"]


EDITED = edited_registry()
#: The registry's own entries are module constants (BOWL, ...); the edit's are written inline.
#: (So this holds in the edited copy too, where the fast tier runs this module again.)
KNOWN = [v.name for v in vars(gradfig.landscapes).values() if isinstance(v, Landscape)]
NEW = {name: ls for name, ls in EDITED.items() if name not in KNOWN}


def test_the_readme_edit_adds_two_landscapes_one_with_a_hyphen() -> None:
    edit = readme_edit()
    assert edit.count("Landscape(") == len(NEW) == 2
    assert [n for n in EDITED if n in KNOWN] == [n for n in gradfig.landscapes.LANDSCAPES if n in KNOWN]
    assert any("-" in name for name in NEW), "the example should show a hyphenated name"


@pytest.fixture(scope="module")
def edited_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository whose registry is the README's edit."""
    repo = site_tools.copy_repo(tmp_path_factory.mktemp("edited") / "repo")
    source = repo / "src" / "gradfig" / "landscapes.py"
    text = source.read_text(encoding="utf-8")
    assert len(_REGISTRY.findall(text)) == 1, "the registry call is not where the README says"
    source.write_text(_REGISTRY.sub(lambda _: readme_edit(), text), encoding="utf-8")
    return repo


@pytest.fixture(scope="module")
def site(edited_copy: Path, built_repo: Path, warm_figure_cache: Path) -> Path:
    """The site built from the edited copy, as a build after the edit in a built checkout:
    it starts from the shared build's generated files and caches, so what it writes is what
    the edit changes. ``make slides`` (the gallery's part of ``make figures``) runs first, as
    a lecturer's would: the new landscapes' slide files are then in the gallery and its zip."""
    site_tools.seed_from_build(edited_copy, built_repo)
    out = edited_copy.parent / "site"
    environ = site_tools.env(edited_copy, figure_cache=warm_figure_cache)
    slides = site_tools.make(edited_copy, "slides", environ=environ)
    assert slides.returncode == 0, (slides.stdout + slides.stderr)[-4000:]
    proc = site_tools.build(edited_copy, out, environ)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return out


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def _text(site: Path, page: str) -> str:
    return _soup(site, page).get_text(" ")


@pytest.mark.site
@pytest.mark.parametrize("name", NEW)
def test_fields_page_has_its_section_switcher_and_live_field(site: Path, name: str) -> None:
    landscape = NEW[name]
    soup = _soup(site, "fields")
    headings = {h.get_text(" ", strip=True): h for h in soup.find_all("h2")}
    heading = next((h for text, h in headings.items() if text.startswith(landscape.title)), None)
    assert heading is not None, list(headings)
    assert soup.select_one(f'.gradfig-switch input[value="{name}"]') is not None
    assert soup.select_one(f'.gradfig-static-set[data-name="{name}"] img') is not None
    assert name in soup.select_one(".gradfig-switcher")["data-gradfig-names"].split()
    assert (site / "generated" / "fields" / f"{name}.js").is_file()
    section = heading.find_next("ul").get_text(" ")
    kinds = re.findall(r"\b(minimum|maximum|saddle)\b", section.split("Second-derivative test")[0])
    assert sorted(kinds) == sorted(cp.kind for cp in landscape.critical_points), section


@pytest.mark.site
def test_table_check_gallery_panel_summary_and_notebook_include_them(site: Path) -> None:
    fields, check, gallery, recall = (_text(site, p) for p in ("fields", "check", "gallery", "recall"))
    notebook = _soup(site, "generated/gradient_check").get_text()
    panel = _soup(site, "gallery").select_one("#figure-panel img")["alt"]
    count = _WORDS[len(EDITED)]
    assert panel.startswith(f"{count.capitalize()} gradient fields in a"), panel
    assert f"{count} landscapes" in recall
    figures = site / "generated" / "figures"
    with zipfile.ZipFile(io.BytesIO((figures / "gradfig-figures.zip").read_bytes())) as z:
        slides = z.namelist()
    for name, landscape in NEW.items():
        title = landscape.title
        for where, text in (("fields", fields), ("check", check), ("recall", recall),
                            ("notebook", notebook), ("panel", panel)):
            assert title in text, f"{title} missing from {where}"
        assert f"{title} gradient field" in gallery
        for file in (f"field-{name}-light.svg", f"field-{name}-dark@2x.png", f"field-{name}-dark-16x9.pdf"):
            assert (figures / file).is_file(), file
        assert f"field-{name}-light-16x9.png" in slides


@pytest.mark.slow
def test_the_fast_tier_stays_green_with_the_new_landscapes(edited_copy: Path) -> None:
    """``make test-fast`` in the edited copy: every test passes, and the registry-following
    ones ran for the new landscapes too."""
    report = edited_copy.parent / "fast-tier.xml"
    environ = site_tools.env(edited_copy, PYTEST_ADDOPTS=f"--junit-xml={report} "
                                                         f"--basetemp={edited_copy.parent / 'basetemp'}")
    proc = site_tools.make(edited_copy, "test-fast", environ=environ)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    suites = ET.parse(report).getroot()
    cases = [f"{c.get('classname')}::{c.get('name')}" for c in suites.iter("testcase")]
    failed = [c for c in suites.iter("testcase") if c.find("failure") is not None
              or c.find("error") is not None]
    assert cases and not failed, output[-6000:]
    for name in NEW:
        assert any(f"[{name}" in case or f"-{name}]" in case for case in cases), (
            f"no fast-tier test ran for {name!r}: the registry-following tests did not see it")
