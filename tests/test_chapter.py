"""The chapter's generated numbers, notebook and quizzes, and the built chapter pages (maths: test_maths.py).

Unit tests call the functions that produce the chapter's snippets; site tests read the
``built_site`` fixture (one strict MkDocs build per session, links and anchors validated).
The expected values of the gradient-check table are CHAPTER.md §6's facts: an outside oracle.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import re
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

from gradfig.chapter import notebook, quiz
from gradfig.chapter import numbers as chapter_numbers
from gradfig.chapter.snippets import SNIPPETS
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP, WORKED_EXAMPLE

CHAPTER_PAGES = ["partials", "gradient", "fields", "jacobian", "make-it-run", "recall"]
ALL_PAGES = ["", *CHAPTER_PAGES, "generated/gradient_check", "check", "api"]


# --- generated numbers ------------------------------------------------------------------

def test_every_chapter_snippet_is_registered_and_renders() -> None:
    for name in [*chapter_numbers.CHAPTER_SNIPPETS, *quiz.QUIZZES]:
        assert name in SNIPPETS
        assert SNIPPETS[name]().strip()


def test_worked_example_shows_the_registry_partials_and_the_chapter_gradient() -> None:
    text = chapter_numbers.worked_example_md()
    for part in WORKED_EXAMPLE.partial_latex:
        assert part in text
    # CHAPTER.md: df/dx = 2x + 3y, df/dy = 3x, df/dz = 4z^3; at (1, 2, 3) that is (8, 3, 108).
    assert r"\nabla f(1, 2, 3) = (8, 3, 108)" in text
    assert '$ gradfig check "x**2 + 3*x*y + z**4" --at 1,2,3' in text


def test_the_worked_derivation_in_the_prose_matches_the_registry() -> None:
    """partials.md walks through the derivation in words; it must be of the registry's f."""
    prose = (Path(__file__).resolve().parent.parent / "docs" / "partials.md").read_text()
    typed = re.search(r"Let \$f\(x, y, z\) = ([^$]+)\$", prose).group(1)
    assert typed.replace(" ", "") == WORKED_EXAMPLE.formula.replace(" ", "").replace("*", "")
    # each partial the prose arrives at, "$\partial f / \partial z = 4z^3$", is the registry's
    import sympy as sp
    names = {str(v): v for v in WORKED_EXAMPLE.symbols}
    for var, exact in zip(WORKED_EXAMPLE.variables, WORKED_EXAMPLE.partials, strict=True):
        stated = re.search(rf"\$\\partial f / \\partial {var} = ([^$]+)\$", prose).group(1)
        expr = sp.sympify(re.sub(r"(\d)([a-z])", r"\1*\2", stated).replace("^", "**"), locals=names)
        assert sp.simplify(expr - exact) == 0, f"the prose says d/d{var} = {stated}"


def test_changing_a_definition_changes_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    before = chapter_numbers.worked_example_md()
    changed = dataclasses.replace(WORKED_EXAMPLE, formula="x^2 + 5*x*y + z^4")
    monkeypatch.setattr(chapter_numbers, "WORKED_EXAMPLE", changed)
    after = chapter_numbers.worked_example_md()
    assert after != before
    assert "2 x + 5 y" in after and r"\nabla f(1, 2, 3) = (12, 5, 108)" in after


class _WrongJacobianLayer:
    """The registry's layer with a Jacobian that is 1 % off: a wrong derivative."""

    dim_in, dim_out = LAYER_MAP.dim_in, LAYER_MAP.dim_out

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return LAYER_MAP(x)

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        return 1.01 * LAYER_MAP.jacobian(x)


def test_a_wrong_jacobian_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chapter_numbers, "LAYER_MAP", _WrongJacobianLayer())
    with pytest.raises(chapter_numbers.ChapterClaimError, match="JVP and finite difference differ"):
        chapter_numbers.jvp_md()


def test_a_wrong_polar_jacobian_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(type(POLAR_MAP), "jacobian", lambda self, x: np.eye(2))
    with pytest.raises(chapter_numbers.ChapterClaimError, match="polar Jacobian"):
        chapter_numbers.polar_md()


def test_shape_demo_prints_numpy_shapes_of_the_layer() -> None:
    n, m = LAYER_MAP.dim_in, LAYER_MAP.dim_out
    text = chapter_numbers.shapes_md()
    assert f"({m}, {n}) ({n},) ({m},) ({m}, {n})" in text
    rule = chapter_numbers.shape_rule_md()
    assert f"**{m} rows and {n} columns**" in rule


def test_first_order_error_shrinks_like_the_square_of_the_step() -> None:
    rows = chapter_numbers.taylor_rows(sizes=(1e-2, 1e-3, 1e-4))
    for big, small in itertools.pairwise(rows):
        assert 90 < big.error / small.error < 110  # tenfold smaller step, ~100x smaller error
    ratios = [r.ratio_to_size_squared for r in rows]
    assert max(ratios) / min(ratios) < 1.05


def test_jvp_agrees_with_a_central_difference() -> None:
    c = chapter_numbers.jvp_comparison()
    assert c.jvp.shape == (LAYER_MAP.dim_out,)
    assert c.max_abs_difference < 1e-6


def test_steepest_direction_is_the_gradient_direction() -> None:
    s = chapter_numbers.steepest_ascent_scan()
    assert s.best_value == pytest.approx(s.norm, rel=1e-3)
    assert abs(s.perpendicular_value) < 1e-6 * s.norm
    # f along the level direction changes like t^2: change / t^2 settles to a constant
    (t1, d1), (t2, d2) = s.perpendicular_change[-2:]
    assert d1 / t1**2 == pytest.approx(d2 / t2**2, rel=0.01)


def test_landscape_table_comes_from_the_registry() -> None:
    text = chapter_numbers.landscapes_md()
    for ls in LANDSCAPES.values():
        assert f"${ls.latex}$" in text
        for part in ls.partial_latex:
            assert f"${part}$" in text
        for cp in ls.critical_points:
            assert cp.kind in text


def test_descent_reaches_the_rosenbrock_minimum() -> None:
    path = chapter_numbers.descent_path()
    assert path[-1].value < 1e-6 < path[0].value
    assert np.allclose(path[-1].point, LANDSCAPES["rosenbrock"].critical_points[0].point, atol=1e-2)


def test_check_conclusions_state_the_chapter_facts() -> None:
    text = chapter_numbers.check_conclusions_md()
    assert "All 4 rows pass" in text
    assert "At (1, 1), the minimum, the analytical gradient is exactly (0, 0)" in text
    assert "The largest norm, 33.3017, is at (−0.5, 1.5)" in text


# --- notebook ---------------------------------------------------------------------------

def test_offline_notebook_html_drops_web_loaders_and_marks_maths() -> None:
    page = (
        '<script src=""> </script>'
        '<script type="text/x-mathjax-config">MathJax.Hub.Config({})</script>'
        '<script type="module">import("https://cdnjs.cloudflare.com/x/mermaid.esm.min.mjs")</script>'
        '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">'
        "<p>$$f = x^2$$</p><p>and $g$ too</p></div>"
        '<div class="highlight-ipynb"><pre>f"$$x$$"</pre></div>'
    )
    out = notebook.offline_notebook_html(page)
    assert "<script" not in out
    assert '<div class="arithmatex">\\[f = x^2\\]</div>' in out
    assert '<span class="arithmatex">\\(g\\)</span>' in out
    assert '<pre>f"$$x$$"</pre>' in out  # code is left alone


def test_notebook_inputs_digest_changes_with_the_script(tmp_path: Path) -> None:
    script = tmp_path / "nb.py"
    script.write_text("# %%\nprint(1)\n")
    first = notebook.inputs_digest(script)
    script.write_text("# %%\nprint(2)\n")
    assert notebook.inputs_digest(script) != first


def test_notebook_with_unchanged_inputs_is_not_executed_again(tmp_path: Path) -> None:
    import nbformat
    script = tmp_path / "nb.py"
    script.write_text("# %%\nraise SystemExit('a kernel was started')\n")
    out = tmp_path / "nb.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["gradfig"] = {"inputs_sha256": notebook.inputs_digest(script, ["check.py"]),
                              "modules": ["check.py"]}
    out.write_text(nbformat.writes(nb))
    assert notebook.build_notebook(script, out) is False


def test_a_failing_notebook_cell_stops_the_build(tmp_path: Path) -> None:
    script = tmp_path / "nb.py"
    script.write_text("# %%\nassert 1 + 1 == 3, 'the notebook disagrees'\n")
    with pytest.raises(notebook.NotebookError, match="AssertionError: the notebook disagrees"):
        notebook.build_notebook(script, tmp_path / "nb.ipynb")
    assert not (tmp_path / "nb.ipynb").exists()  # no half-written output


# --- quizzes ----------------------------------------------------------------------------

def test_quiz_markup_is_accessible_and_answerable_without_javascript() -> None:
    for make in quiz.QUIZZES.values():
        markup = make()
        assert markup.count("<fieldset") == 1 and "<legend>" in markup
        radios = re.findall(r'<input type="radio"[^>]*>', markup)
        assert len(radios) >= 3
        assert sum("data-correct" in r for r in radios) == 1
        assert "<details" in markup and "Worked answer" in markup
        assert 'class="md-button gq__check" hidden' in markup  # shown only by the script
        assert "\n\n" not in markup  # one raw HTML block for Markdown


def test_quiz_numbers_come_from_the_layer() -> None:
    markup = quiz.QUIZZES["quiz-jacobian-shape.md"]()
    m, n = LAYER_MAP.dim_out, LAYER_MAP.dim_in
    assert f"\\mathbb R^{{{n}}} \\to \\mathbb R^{{{m}}}" in html.unescape(markup)
    correct = re.search(r'data-correct="true"> <span>(.*?)</span></label>', markup, re.DOTALL).group(1)
    assert f"{m} \\times {n}" in correct and f"has {m} entries" in correct


def test_a_question_needs_exactly_one_right_answer() -> None:
    with pytest.raises(ValueError, match="exactly one correct"):
        quiz.Question("q", "t", "p", (quiz.Option("a", True, ""), quiz.Option("b", True, "")), "w")


# --- the built site ---------------------------------------------------------------------

def _page(built_site: Path, path: str) -> str:
    return (built_site / path / "index.html").read_text(encoding="utf-8")


def _content(page_html: str) -> str:
    """The article, with code blocks and rendered maths removed (what prose remains)."""
    article = page_html[page_html.index('<article'):page_html.index('</article>')]
    article = re.sub(r"<(pre|code)[^>]*>.*?</\1>", "", article, flags=re.DOTALL)
    # mkdocs-jupyter keeps each code cell's text a second time for its copy button
    article = re.sub(r'<div class="clipboard-copy-txt"[^>]*>.*?</div>', "", article, flags=re.DOTALL)
    return re.sub(r"<math\b.*?</math>", "", article, flags=re.DOTALL)


@pytest.mark.site
@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_page_has_a_description_and_no_raw_tex(built_site: Path, path: str) -> None:
    page = _page(built_site, path)
    desc = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert desc and len(desc.group(1)) > 40
    if path:  # every page but the home page says what it is about, not the site's blurb
        site_blurb = re.search(r'<meta name="description" content="([^"]*)"', _page(built_site, ""))
        assert desc.group(1) != site_blurb.group(1) or path == "", f"/{path} has the site description"
    prose = _content(page)
    for raw in ("\\(", "\\)", "\\[", "$$", "\\frac", "\\nabla"):
        assert raw not in prose, f"raw TeX {raw!r} left on /{path}"


@pytest.mark.site
@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_chapter_pages_show_rendered_maths(built_site: Path, path: str) -> None:
    page = _page(built_site, path)
    assert page.count("<math") >= 5
    assert "generated/vendor/maths/maths.css" in page


@pytest.mark.site
def test_built_chapter_carries_the_check_table(built_site: Path) -> None:
    page = _page(built_site, "make-it-run")
    # CHAPTER.md §6, row by row: point, label, gradient, norm
    for point, label, grad, norm in [
        ("(0, 0)", "origin", "(−2, 0)", "2.0000"),
        ("(1, 1)", "minimum", "(0, 0)", "0.0000"),
        ("(−0.5, 1.5)", "off-axis", "(22, 25)", "33.3017"),
        ("(1.2, 1)", "in the valley", "(21.52, −8.8)", "23.2497"),
    ]:
        row = re.search(rf"<tr>\s*<td>{re.escape(point)}</td>\s*<td>{label}</td>\s*"
                        rf"<td>{re.escape(grad)}</td>.*?</tr>", page, re.DOTALL)
        assert row, f"no row for {point}"
        assert f">{norm}</td>" in row.group(0) and "pass" in row.group(0)


@pytest.mark.site
def test_notebook_page_has_outputs_and_downloads(built_site: Path) -> None:
    page = _page(built_site, "generated/gradient_check")
    assert "33.3017" in page and "all passed" in page
    assert page.count("<math") >= 2
    assert (built_site / "generated/gradient_check/gradient_check.ipynb").is_file()
    assert (built_site / "notebooks/gradient_check.py").is_file()
    assert 'href="gradient_check.ipynb"' in page


_RESOURCE = re.compile(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="([^"]*)"'
                       r'|<link\b[^>]*\bhref="([^"]*)"|url\((?![\'"]?data:)[\'"]?(https?://[^)\'"]+)'
                       r'|import\(["\'](https?://[^"\']+)')


@pytest.mark.site
def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    site_host = urlparse("https://gradfig.example.org/").hostname
    offenders = []
    for page in built_site.rglob("*.html"):
        for m in _RESOURCE.finditer(page.read_text(encoding="utf-8")):
            url = next(g for g in m.groups() if g is not None)
            host = urlparse(url).hostname
            if url == "" or (host and host != site_host):
                offenders.append(f"{page.relative_to(built_site)}: {url!r}")
    assert not offenders, offenders
