"""Adding a landscape is one registry entry: the README's edit, made in a copy, reaches every page.

The test takes the code block of the README's "Add a landscape" section, puts it in place of
the registry in a copy of ``src/gradfig/landscapes.py``, builds the site with ``--strict`` and
looks for the new landscape where a reader would: the fields page (section, switcher, live
payload, its nine critical points), the landscape table, the check page, the gallery and its
zip, the panel's alt text, the recall summary and the notebook.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import site_probe

pytestmark = pytest.mark.site

ROOT = site_probe.ROOT
_REGISTRY = re.compile(r"^LANDSCAPES: dict\[str, Landscape\] = registry\(\n.*?^\)\n", re.M | re.S)


def readme_edit() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Add a landscape", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from a copy whose registry holds the README's fifth landscape."""
    tmp = tmp_path_factory.mktemp("five")
    repo = site_probe.copy_repo(tmp / "repo")
    source = repo / "src" / "gradfig" / "landscapes.py"
    text = source.read_text(encoding="utf-8")
    assert len(_REGISTRY.findall(text)) == 1, "the registry call is not where the README says"
    source.write_text(_REGISTRY.sub(lambda _: readme_edit(), text), encoding="utf-8")
    proc = site_probe.build_copy(repo, tmp / "site")
    assert proc.returncode == 0, proc.stderr[-4000:]
    return tmp / "site"


def _text(site: Path, page: str) -> str:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"),
                         "html.parser").get_text(" ")


def test_the_readme_edit_is_one_entry() -> None:
    edit = readme_edit()
    assert edit.count("Landscape(") == 1 and "himmelblau" in edit


def test_fields_page_has_its_section_switcher_and_live_field(five: Path) -> None:
    html = (five / "fields" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h2", id="himmelblau") is not None
    assert soup.select_one('.gradfig-switch input[value="himmelblau"]') is not None
    assert soup.select_one('.gradfig-static-set[data-name="himmelblau"] img') is not None
    assert "himmelblau" in soup.select_one(".gradfig-switcher")["data-gradfig-names"].split()
    assert (five / "generated" / "fields" / "himmelblau.js").is_file()
    section = soup.find("h2", id="himmelblau").find_next("ul").get_text(" ")
    kinds = re.findall(r"\b(minimum|maximum|saddle)\b", section.split("Second partials")[0])
    assert sorted(kinds) == ["maximum"] + ["minimum"] * 4 + ["saddle"] * 4


def test_table_check_gallery_panel_summary_and_notebook_include_it(five: Path) -> None:
    assert "Himmelblau" in _text(five, "fields")
    assert "Himmelblau" in _text(five, "check")
    gallery = _text(five, "gallery")
    assert "Himmelblau gradient field" in gallery
    figures = five / "generated" / "figures"
    for name in ("field-himmelblau-light.svg", "field-himmelblau-dark@2x.png",
                 "field-himmelblau-dark-16x9.pdf"):
        assert (figures / name).is_file(), name
    with zipfile.ZipFile(io.BytesIO((figures / "gradfig-figures.zip").read_bytes())) as z:
        assert "field-himmelblau-light-16x9.png" in z.namelist()
    panel = BeautifulSoup((five / "gallery" / "index.html").read_text(encoding="utf-8"),
                          "html.parser").select_one("#figure-panel img")["alt"]
    assert panel.startswith("Five gradient fields in a 2 × 3 grid") and "Himmelblau" in panel
    assert "five landscapes" in _text(five, "recall") and "Himmelblau" in _text(five, "recall")
    notebook = next(five.glob("generated/gradient_check/index.html"))
    assert "Himmelblau" in BeautifulSoup(notebook.read_text(encoding="utf-8"), "html.parser").get_text()
