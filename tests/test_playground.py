"""chapter.playground: the settings the browser mirrors, the example the build computes,
the snippets, and the assets (Temml copied; the math.js slice is a bundle, tests/test_bundle.py).
The mirrors themselves are checked in Node (tests/test_mirrors.py); the page is driven in
Chromium in test_playground_browser.py."""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import pytest

from chapter import playground
from chapter.pages import playground as playground_page
from gradfig import check, critical, custom, expr, numdiff
from gradfig.expr import ExpressionError, validate
from gradfig.figures import page
from gradfig.figures.interactive import GRID, THEMES

ROOT = Path(__file__).resolve().parent.parent


def _settings_in(snippet: str) -> dict:
    found = re.search(r'data-gradfig-playground="([^"]*)"', snippet)
    assert found, "the form carries no settings"
    return json.loads(html.unescape(found.group(1)))


def test_the_settings_are_the_librarys() -> None:
    s = _settings_in(playground.field_snippet())
    assert s == playground.settings()
    g = s["grammar"]
    assert (g["maxLength"], g["maxExponent"], g["maxLiteral"], g["maxNodes"]) == (
        expr.MAX_LENGTH, expr.MAX_EXPONENT, expr.MAX_LITERAL, expr.MAX_NODES)
    assert g["functions"] == sorted(expr.FUNCTIONS) and set(g["constants"]) == set(expr.CONSTANTS)
    assert g["maxDepth"] == getattr(expr, "MAX_DEPTH", None)  # expr has one from issue 11 on
    d, c = s["domain"], s["critical"]
    assert (d["maxCoordinate"], d["maxAspect"]) == (custom.MAX_COORDINATE, custom.MAX_ASPECT)
    assert (c["starts"], c["zeroGradient"]) == (critical.STARTS, critical.ZERO_GRADIENT)
    assert s["check"]["atol"] == check.DEFAULT_ATOL
    assert s["check"]["step"] == numdiff.EPS ** (1 / 3)
    assert s["figure"]["grid"] == GRID and s["figure"]["themes"]["dark"]["paper"] == THEMES["dark"].paper


def test_the_nesting_limit_is_pythons_parser() -> None:
    """gradfig.expr has no nesting constant: Python's parser sets it, and the browser mirrors it."""
    depth = playground.MAX_NESTING
    validate("(" * depth + "x" + ")" * depth, ("x", "y"))
    with pytest.raises(ExpressionError, match="nested"):
        validate("(" * (depth + 1) + "x" + ")" * (depth + 1), ("x", "y"))


def test_the_example_is_computed_and_checked_at_build() -> None:
    crit = playground.critical_html(playground.EXAMPLE)
    assert "9 critical points inside the domain: 4 minima, 1 maximum and 4 saddles." in crit
    assert crit.count("<tr><td>minimum</td>") == 4 and crit.count("<tr><td>saddle</td>") == 4
    assert "<td>3</td><td>2</td><td>0</td>" in crit  # the one minimum with round coordinates
    table = playground.check_html(playground.EXAMPLE)
    assert table.count("✓ pass") == 3 and "FAIL" not in table
    assert "sample 1" in table and "(−2, 1.5)" in table


def test_a_wrong_example_gradient_stops_the_build(monkeypatch) -> None:
    from gradfig.functions import Landscape

    wrong = Landscape(name="playground", title="t", formula="x^2 + y^2", domain=((-1.0, 1.0), (-1.0, 1.0)))
    monkeypatch.setattr(Landscape, "gradient", lambda self, p: 3 * p)  # not 2 * p
    with pytest.raises(check.GradientCheckError, match="playground"):
        playground.check_html(wrong)


def test_critical_summary_reads_well() -> None:
    assert playground.critical_summary([]) == "No critical point inside the domain: ∇f is never 0 there."
    assert playground.critical_summary(["saddle"]) == "1 critical point inside the domain: 1 saddle."
    assert playground.critical_summary(["minimum", "saddle", "minimum"]) == (
        "3 critical points inside the domain: 2 minima and 1 saddle.")


def test_the_field_snippet_keeps_the_readout_contract_and_waits_for_javascript() -> None:
    snippet = playground.field_snippet()
    assert 'data-gradfig-field="playground" data-gradfig-source="page"' in snippet
    for attr in ("data-x", "data-y", "data-f", "data-dfdx", "data-dfdy"):
        assert f'{attr}=""' in snippet
    # Hidden without JavaScript, where it could do nothing; there from the first paint with it.
    assert re.search(r"<noscript><style>\.md-typeset \.gradfig-playground\{display:none\}</style>", snippet)
    assert not re.search(r'<form class="gradfig-playground"[^>]*hidden', snippet)
    assert 'role="alert"' in snippet and "<noscript>" in snippet
    assert "field-playground-light.svg#only-light" in snippet
    # No script in the page: the site's script loads the playground's bundle where the form is.
    assert "<script" not in snippet


#: The playground's component and every module it imports: where a reader's text goes.
SITE_JS = ROOT / "docs" / "assets" / "js"
PLAYGROUND_SOURCES = [SITE_JS / "playground.mjs", SITE_JS / "playground-worker.mjs", SITE_JS / "links.mjs",
                      SITE_JS / "playground-work.mjs",
                      *(page.ASSETS / f"{m}.mjs" for m in ("calculus", "check", "critical", "domain",
                                                           "figure", "format", "grammar", "load"))]


def test_the_page_script_never_evaluates_text() -> None:
    for entry in PLAYGROUND_SOURCES[:2]:  # the page's script and its worker
        source = entry.read_text(encoding="utf-8")
        imported = set(re.findall(r'from "[./]+(?:/[\w./-]+)?/([\w-]+\.mjs)"', source))
        assert imported <= {p.name for p in PLAYGROUND_SOURCES}, entry.name
    for path in PLAYGROUND_SOURCES:
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", path.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\beval\s*\(|new\s+Function|innerHTML|outerHTML|insertAdjacentHTML|"
                             r"document\.write", code), path.name


def test_the_check_rule_states_what_the_browser_is_given() -> None:
    """The page's sentence about the check counts the sample points and names the tolerance
    that settings() hands the browser."""
    text = playground.check_rule_snippet()
    given = playground.settings()
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    assert f"at {words[len(given['check']['samples'])]} sample points" in text
    assert f"$10^{{{round(math.log10(given['check']['atol']))}}}$" in text
    assert "[part 6](make-it-run.md)" in text


def test_every_snippet_is_written(tmp_path: Path) -> None:
    names = set(playground_page.SNIPPETS)
    assert names == {"playground-field.md", "playground-partials.md", "playground-critical.md",
                     "playground-check.md", "playground-check-rule.md"}
    for name, maker in playground_page.SNIPPETS.items():
        assert maker().strip(), name


def test_vendor_files_are_installed() -> None:
    files = playground.vendor_files()
    assert set(files) == {"temml.min.js", "temml-LICENSE.txt", "mathjs-LICENSE.txt"}
    assert all(p.is_file() for p in files.values())
    version = json.loads((playground.NODE_MODULES / "temml" / "package.json").read_text())["version"]
    assert version == "0.13.5"  # pinned: the MathML work (issue 12) uses the same release
