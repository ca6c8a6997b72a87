"""The spine end to end: the gradient-check table in the built site, and a wrong analytical
gradient stopping generation with the landscape and the points named (the same slip through
``make site`` is in test_fault_proof.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup

from chapter.build import generate
from gradfig.check import GradientCheckError
from gradfig.functions import Landscape

ROOT = Path(__file__).resolve().parent.parent

# CHAPTER.md section 6 as the page shows it: point, label, ∇f, ‖∇f‖ (typographic minus).
CHAPTER_ROWS = [
    ("(0, 0)", "origin", "(−2, 0)", "2.0000"),
    ("(1, 1)", "minimum", "(0, 0)", "0.0000"),
    ("(−0.5, 1.5)", "off-axis", "(22, 25)", "33.3017"),
    ("(1.2, 1)", "in the valley", "(21.52, −8.8)", "23.2497"),
]


def rosenbrock_tables(html: str) -> list[list[list[str]]]:
    """The cell texts of every table on a page that holds Rosenbrock's check rows."""
    soup = BeautifulSoup(html, "html.parser")
    tables = [[[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
               for tr in table.find_all("tr")] for table in soup.find_all("table")]
    return [t for t in tables if any("in the valley" in row for row in t)]


@pytest.mark.site
def test_check_page_shows_the_chapter_numbers(built_site: Path) -> None:
    html = (built_site / "check" / "index.html").read_text(encoding="utf-8")
    tables = rosenbrock_tables(html)
    assert tables, "no Rosenbrock check table on the check page"
    for rows in tables:
        body = [r for r in rows if r and r[0].startswith("(")]
        assert [r[:2] for r in body] == [[p, lab] for p, lab, _, _ in CHAPTER_ROWS]
        for row, (_, _, grad, norm) in zip(body, CHAPTER_ROWS, strict=True):
            assert row[2] == grad, row
            numerical = [float(v.replace("−", "-")) for v in row[3].strip("()").split(",")]
            expected = [float(v.replace("−", "-")) for v in grad.strip("()").split(",")]
            np.testing.assert_allclose(numerical, expected, atol=1e-4)
            assert row[4] == norm and row[6] == "✓ pass", row
    # every landscape's own check is on the page too, and all pass
    for title in ("Bowl", "Saddle", "Rosenbrock", "Ripples"):
        assert title in html
    assert "FAIL" not in html


@pytest.mark.site
def test_every_page_showing_the_table_shows_the_same_numbers(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if "in the valley" in p.read_text(encoding="utf-8")]
    assert pages
    for page in pages:
        for rows in rosenbrock_tables(page.read_text(encoding="utf-8")):
            if any("✗ FAIL" in r for r in rows):
                continue  # the deliberately wrong gradient of "What a failing check looks like"
            valley = [r for r in rows if "in the valley" in r]
            assert all("(21.52, −8.8)" in r and "23.2497" in r for r in valley), (page, valley)


@pytest.mark.site
def test_the_only_failing_table_is_the_deliberate_slip(built_site: Path) -> None:
    """make-it-run shows one check failing on purpose (a dropped factor of 2), and only there."""
    failing = {}
    for page in built_site.rglob("*.html"):
        for rows in rosenbrock_tables(page.read_text(encoding="utf-8")):
            if any("✗ FAIL" in r for r in rows):
                failing.setdefault(page.relative_to(built_site).as_posix(), []).append(rows)
    assert list(failing) == ["make-it-run/index.html"] and len(failing["make-it-run/index.html"]) == 1
    body = [r for r in failing["make-it-run/index.html"][0] if r and r[0].startswith("(")]
    # the slip's ∂f/∂x at (−0.5, 1.5) and (1.2, 1): 22 − 12.5 and 21.52 − 10.56
    assert [r[2] for r in body] == ["(−2, 0)", "(0, 0)", "(9.5, 25)", "(10.96, −8.8)"]
    assert [r[6] for r in body] == ["✓ pass", "✓ pass", "✗ FAIL", "✗ FAIL"]


def test_wrong_gradient_stops_generation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An analytical gradient 1e-3 off in ∂f/∂x for Rosenbrock only: generate() must refuse."""
    right = Landscape.gradient

    def slightly_wrong(self, points):
        g = right(self, points)
        return g + np.array([1e-3, 0.0]) if self.name == "rosenbrock" else g

    monkeypatch.setattr(Landscape, "gradient", slightly_wrong)
    with pytest.raises(GradientCheckError) as info:
        generate(tmp_path / "generated", quiet=True)
    message = str(info.value)
    assert "'rosenbrock'" in message
    for point in ("(0.0, 0.0)", "(1.0, 1.0)", "(-0.5, 1.5)", "(1.2, 1.0)"):
        assert point in message
    assert "tolerance 0.0001" in message
    assert not (tmp_path / "generated" / "check-rosenbrock.md").exists()  # nothing published
