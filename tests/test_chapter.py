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

from chapter import framework, notebook, quiz
from chapter.claims import ChapterClaimError
from chapter.pages import PAGES, SNIPPETS, autodiff, gradient, make_it_run, page_of, partials, recall
from chapter.pages import fields as fields_page
from chapter.pages import jacobian as jacobian_page
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP, WORKED_EXAMPLE

CHAPTER_PAGES = ["partials", "gradient", "fields", "jacobian", "autodiff", "make-it-run", "recall"]
ALL_PAGES = ["", *CHAPTER_PAGES, "generated/gradient_check", "check", "api", "api/figures", "api/checking",
             "api/building"]


# --- generated numbers ------------------------------------------------------------------

def test_every_chapter_snippet_is_registered_and_renders() -> None:
    for name, make in SNIPPETS.items():
        assert make().strip(), name


def test_the_generated_snippets_are_exactly_the_includes_of_the_pages() -> None:
    """No file is written that no page includes, and no page includes a file not written."""
    docs = Path(__file__).resolve().parent.parent / "docs"
    includes = {name for page in docs.rglob("*.md")
                for name in re.findall(r'^\s*--8<--\s+"([^"]+)"', page.read_text(encoding="utf-8"), re.M)}
    assert set(SNIPPETS) == includes, (sorted(set(SNIPPETS) - includes), sorted(includes - set(SNIPPETS)))


def test_each_snippet_comes_from_the_module_of_the_page_that_includes_it() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs"
    for page, module in PAGES.items():
        included = set(re.findall(r'--8<--\s+"([^"]+)"', (docs / f"{page}.md").read_text(encoding="utf-8")))
        assert included == set(module.SNIPPETS), page
        assert all(name.startswith(f"{page}-") for name in module.SNIPPETS), page


def test_a_snippet_named_after_no_page_is_refused() -> None:
    assert page_of("make-it-run-float32.md") == "make-it-run"
    with pytest.raises(ValueError, match="does not start with a page's name"):
        page_of("ch-float32.md")


def test_recall_questions_are_numbered_by_their_place_in_one_list() -> None:
    for position, make in enumerate(recall.QUESTIONS, start=1):
        markup = recall.question_html(make)
        assert f"<strong>Recall {position}: " in markup
        assert SNIPPETS[f"recall-{make().id}.md"]() == markup


def test_worked_example_shows_the_registry_partials_and_the_chapter_gradient() -> None:
    text = partials.worked_example_md()
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
    before = partials.worked_example_md()
    changed = dataclasses.replace(WORKED_EXAMPLE, formula="x^2 + 5*x*y + z^4")
    monkeypatch.setattr(partials, "WORKED_EXAMPLE", changed)
    after = partials.worked_example_md()
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
    monkeypatch.setattr(autodiff, "LAYER_MAP", _WrongJacobianLayer())
    with pytest.raises(ChapterClaimError, match="JVP and finite difference differ"):
        autodiff.jvp_md()


def test_a_wrong_polar_jacobian_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(type(POLAR_MAP), "jacobian", lambda self, x: np.eye(2))
    with pytest.raises(ChapterClaimError, match="polar Jacobian"):
        jacobian_page.polar_md()


def test_shape_demo_prints_numpy_shapes_of_the_layer() -> None:
    n, m = LAYER_MAP.dim_in, LAYER_MAP.dim_out
    text = jacobian_page.shapes_md()
    assert f"({m}, {n}) ({n},) ({m},) ({m}, {n})" in text
    rule = jacobian_page.shape_rule_md()
    assert f"**{m} rows and {n} columns**" in rule


def test_first_order_error_shrinks_like_the_square_of_the_step() -> None:
    rows = jacobian_page.taylor_rows(sizes=(1e-2, 1e-3, 1e-4))
    for big, small in itertools.pairwise(rows):
        assert 90 < big.error / small.error < 110  # tenfold smaller step, ~100x smaller error
    ratios = [r.ratio_to_size_squared for r in rows]
    assert max(ratios) / min(ratios) < 1.05


def test_jvp_agrees_with_a_central_difference() -> None:
    c = autodiff.jvp_comparison()
    assert c.jvp.shape == (LAYER_MAP.dim_out,)
    assert c.max_abs_difference < 1e-6


def test_steepest_direction_is_the_gradient_direction() -> None:
    s = gradient.steepest_ascent_scan()
    assert s.best_value == pytest.approx(s.norm, rel=1e-3)
    assert abs(s.perpendicular_value) < 1e-6 * s.norm
    # f along the level direction changes like t^2: change / t^2 settles to a constant
    (t1, d1), (t2, d2) = s.perpendicular_change[-2:]
    assert d1 / t1**2 == pytest.approx(d2 / t2**2, rel=0.01)


def test_landscape_table_comes_from_the_registry() -> None:
    text = fields_page.landscapes_md()
    for ls in LANDSCAPES.values():
        assert f"${ls.latex}$" in text
        for part in ls.partial_latex:
            assert f"${part}$" in text
        for cp in ls.critical_points:
            assert cp.kind in text


def test_descent_reaches_the_rosenbrock_minimum() -> None:
    path = gradient.descent_path()
    assert path[-1].value < 1e-6 < path[0].value
    assert np.allclose(path[-1].point, LANDSCAPES["rosenbrock"].critical_points[0].point, atol=1e-2)


def test_check_conclusions_state_the_chapter_facts() -> None:
    text = make_it_run.check_conclusions_md()
    assert "All 4 rows pass" in text
    assert "At (1, 1), the minimum, the analytical gradient is exactly (0, 0)" in text
    assert "The largest norm, 33.3017, is at (−0.5, 1.5)" in text


# --- make it run: the valley floor, failing checks -------------------------------------

def test_the_valley_point_sits_below_the_floor_on_the_steep_wall() -> None:
    text = make_it_run.valley_floor_md()
    # CHAPTER.md §6: (1.2, 1) is 0.44 below the floor y = x² = 1.44; ‖∇f‖ 23.2497 there, ≈ 0.4 on it
    assert "| (1.2, 1) | the check point, *in the valley* | −0.44 |" in text
    assert "| (1.2, 1.44) | on the floor, right above it | 0 |" in text
    assert "(21.52, −8.8) | 23.2497 |" in text and "(0.4, 0) | 0.4000 |" in text
    assert "58 times longer" in text and "second largest" in text
    # the wall term's share, 20(y − x²)(−2x, 1) at (1.2, 1), computed here by hand
    assert "adds (21.12, −8.8)" in text


def test_the_dropped_factor_fails_exactly_where_its_term_is_not_zero() -> None:
    from gradfig.check import gradient_check
    fn, right, wrong = make_it_run.dropped_factor()
    assert "40 x" in right and "20 x" in wrong
    result = gradient_check(fn)
    verdicts = {r.point: r.passed for r in result.rows}
    assert verdicts == {(0.0, 0.0): True, (1.0, 1.0): True, (-0.5, 1.5): False, (1.2, 1.0): False}
    # the error is the forgotten half of the wall term, 20x(y − x²): 12.5 and 10.56
    errors = {r.point: r.error for r in result.failures()}
    assert errors[(-0.5, 1.5)] == pytest.approx(12.5, abs=1e-6)
    assert errors[(1.2, 1.0)] == pytest.approx(10.56, abs=1e-6)
    text = make_it_run.failing_check_md()
    assert text.count("✗ FAIL") == 2 and text.count("✓ pass") == 2
    assert "2 of 4 rows fail, with errors of 12.5 and 10.56" in text


def test_a_slip_that_passes_everywhere_would_stop_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the 'failing check' stopped failing, the page's lesson would be false."""
    right = make_it_run.dropped_factor

    def harmless():
        fn, r, w = right()
        return dataclasses.replace(fn, grad=LANDSCAPES["rosenbrock"].gradient), r, w

    monkeypatch.setattr(make_it_run, "dropped_factor", harmless)
    with pytest.raises(ChapterClaimError, match="should fail some rows"):
        make_it_run.failing_check_md()


def test_a_wrong_display_form_of_the_partial_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(make_it_run, "RIGHT_DX_DISPLAY", "2*(x - 1) - 4*x*(y - x^2)")
    with pytest.raises(ChapterClaimError, match="display form"):
        make_it_run.failing_check_md()


def test_float32_differences_fail_the_float64_tolerance_on_a_right_gradient() -> None:
    rows = {name: err for name, _, _, _, err in make_it_run.float32_rows()}
    assert rows["float32"] > 1e-4 > 1e-8 > rows["float64"]
    text = make_it_run.float32_md()
    assert "| float32 | 1.19e−07 |" in text and "| float64 | 2.22e−16 |" in text
    float32_row = next(line for line in text.splitlines() if line.startswith("| float32"))
    assert float32_row.endswith("| ✗ FAIL | ✓ pass |")


def test_a_check_at_relus_kink_fails_within_one_step() -> None:
    text = make_it_run.kink_check_md()
    rows = [line for line in text.splitlines() if line.startswith("| (")]
    assert [("FAIL" in r) for r in rows] == [False, True, True, False]
    assert "| (0) | at the kink | (0) | (0.5) |" in text  # the average of the slopes 0 and 1


# --- the Jacobian page: ML Jacobians, identities, modes, JAX -----------------------------

def test_elementwise_tanh_has_a_diagonal_jacobian() -> None:
    text = autodiff.elementwise_md()
    # diagonal 1 − tanh²(z) at z = (−1, 0, 0.5, 2), computed here
    for z in autodiff.ELEMENTWISE_POINT:
        assert f"{1 - np.tanh(z) ** 2:.4f}" in text
    assert "Every off-diagonal entry is exactly 0" in text


def test_the_tanh_layer_jacobian_formula_matches_differences_and_the_registry() -> None:
    x = np.random.default_rng(9).standard_normal(LAYER_MAP.dim_in)
    by_hand = autodiff.tanh_layer_jacobian(x)
    assert by_hand.shape == (LAYER_MAP.dim_out, LAYER_MAP.dim_in)
    np.testing.assert_allclose(by_hand, LAYER_MAP.jacobian(x), atol=1e-14)
    assert "agree to" in autodiff.tanh_layer_md() and "20,000 entries" in autodiff.tanh_layer_md()


def test_a_wrong_tanh_layer_formula_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def forgot_the_square(x: np.ndarray) -> np.ndarray:  # diag(1 − tanh z) W
        return np.diag(1 - np.tanh(LAYER_MAP.weight @ x + LAYER_MAP.bias)) @ LAYER_MAP.weight

    monkeypatch.setattr(autodiff, "tanh_layer_jacobian", forgot_the_square)
    with pytest.raises(ChapterClaimError, match="central differences"):
        autodiff.tanh_layer_md()


def test_gradient_identities_hold_and_2ax_does_not() -> None:
    text = autodiff.identities_md()
    assert text.count("e−1") >= 3  # three differences at the 1e-10 level
    assert "(tempting, wrong)" in text
    x, params = autodiff._identity_data()
    a, mat = params["a"], params["A"]
    grads = [rule.grad(x, params) for rule in autodiff.IDENTITIES]
    np.testing.assert_allclose(grads[0], a)
    np.testing.assert_allclose(grads[1], mat @ x + mat.T @ x)
    np.testing.assert_allclose(grads[2], 2 * x)


def test_a_wrong_identity_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = autodiff.Identity(r"\mathbf x^\top A \mathbf x", r"2A\mathbf x",
                               lambda x, p: x @ p["A"] @ x, lambda x, p: 2 * p["A"] @ x)
    monkeypatch.setattr(autodiff, "IDENTITIES", (*autodiff.IDENTITIES, wrong))
    with pytest.raises(ChapterClaimError, match="2A"):
        autodiff.identities_md()


def test_mse_gradient_is_the_normal_equations_residual(monkeypatch: pytest.MonkeyPatch) -> None:
    data, y, w = autodiff.mse_data()
    # zero exactly at the least-squares solution, which NumPy finds without any gradient
    best = np.linalg.lstsq(data, y, rcond=None)[0]
    np.testing.assert_allclose(autodiff.mse_gradient(data, y, best), 0, atol=1e-12)
    np.testing.assert_allclose(autodiff.mse_gradient(data, y, w),
                               2 / len(y) * (data.T @ data @ w - data.T @ y))
    monkeypatch.setattr(autodiff, "mse_gradient", lambda d, y, w: d.T @ (d @ w - y) / len(y))
    with pytest.raises(ChapterClaimError, match="MSE gradient"):
        autodiff.mse_md()


def test_vjp_and_jvp_without_forming_j() -> None:
    rng = np.random.default_rng(11)
    x, v, u = (rng.standard_normal(n) for n in (LAYER_MAP.dim_in, LAYER_MAP.dim_in, LAYER_MAP.dim_out))
    jac = LAYER_MAP.jacobian(x)
    np.testing.assert_allclose(autodiff.layer_jvp(x, v), jac @ v, atol=1e-12)
    np.testing.assert_allclose(autodiff.layer_vjp(x, u), u @ jac, atol=1e-12)
    assert "no $J$ formed" in autodiff.vjp_md() and "no $J$ formed" in autodiff.jvp_md()


def test_a_wrong_vjp_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autodiff, "layer_vjp", lambda x, u: LAYER_MAP.weight.T @ u)  # scale forgotten
    with pytest.raises(ChapterClaimError, match="VJP differs"):
        autodiff.vjp_md()


def test_mode_costs_count_columns_and_rows() -> None:
    text = autodiff.mode_costs_md()
    n, m = LAYER_MAP.dim_in, LAYER_MAP.dim_out
    assert f"| the tanh layer | {n} | {m} | {n} | {m} | forward (JVPs) |" in text
    assert "| 100,000,000 | 1 | 100,000,000 | 1 | reverse (VJPs) |" in text
    assert "Jacobian exactly" in text


def test_partials_exist_where_f_is_not_differentiable() -> None:
    text = autodiff.not_differentiable_md()
    rows = [line for line in text.splitlines() if line.startswith("| $10^")]
    assert len(rows) == 3 and all(r.endswith("| 0 | 0 | 0.5 |") for r in rows)


def test_layouts_are_transposes() -> None:
    text = jacobian_page.layouts_md()
    assert "$200 \\times 100$: rows are outputs" in text and "$100 \\times 200$: rows are inputs" in text


@pytest.mark.slow
def test_jax_agrees_with_gradfig_and_is_cached(tmp_path: Path) -> None:
    inputs = framework.framework_inputs()
    runs = framework.RUNS["count"]
    first = framework.jax_results(inputs, cache_dir=tmp_path)
    assert framework.RUNS["count"] == runs + 1
    again = framework.jax_results(inputs, cache_dir=tmp_path)
    assert framework.RUNS["count"] == runs + 1  # read from the cache, JAX not run
    for name in ("grads", "J_fwd", "J_rev", "Jv", "ybarJ"):
        np.testing.assert_array_equal(first[name], again[name])
    # JAX against NumPy formulas written here, not gradfig's
    np.testing.assert_allclose(first["grads"], [[-2, 0], [0, 0], [22, 25], [21.52, -8.8]], atol=1e-12)
    z = inputs.weight @ inputs.x + inputs.bias
    jac = (1 - np.tanh(z) ** 2)[:, None] * inputs.weight
    np.testing.assert_allclose(first["J_rev"], jac, atol=1e-12)
    np.testing.assert_allclose(first["J_fwd"], jac, atol=1e-12)
    np.testing.assert_allclose(first["ybarJ"], inputs.ybar @ jac, atol=1e-12)
    assert first["grads"].dtype == np.float64
    assert list(first["relu_slopes"]) == [0.0, 0.0, 1.0]


@pytest.mark.parametrize("name, call", [("grads", "jax.grad"), ("J_rev", "jax.jacrev"),
                                        ("ybarJ", "jax.vjp(layer")])
def test_a_wrong_framework_number_stops_the_build(monkeypatch: pytest.MonkeyPatch, name: str,
                                                  call: str) -> None:
    real = framework.jax_results

    def off_by_a_little(*args, **kwargs):
        results = dict(real(*args, **kwargs))
        results[name] = results[name] + 1e-9  # far below any plot, far above 1e-12
        return results

    monkeypatch.setattr(framework, "jax_results", off_by_a_little)
    with pytest.raises(ChapterClaimError, match=re.escape(f"JAX's `{call}")):
        autodiff.jax_md()


def test_the_page_shows_the_code_that_ran() -> None:
    text = autodiff.jax_md()
    assert framework.jax_program_source() in text
    assert "jax.jacfwd(layer)(x)" in text and "Run with JAX 0.10.2 on the CPU in float64" in text


@pytest.mark.slow
def test_the_build_process_never_imports_jax(tmp_path: Path) -> None:
    """The CLI, the figures and the chapter's snippets never import JAX, even on a cold build:
    JAX runs in a spawned child (the figures are drawn by forked workers afterwards, and
    forking a process that holds JAX's threads can deadlock)."""
    import subprocess
    import sys
    code = (
        "import sys\n"
        "import gradfig.cli, gradfig.render, gradfig.figures.static, chapter.build\n"
        "assert 'jax' not in sys.modules, 'imported by a module'\n"
        "from chapter import framework, pages\n"
        f"framework.CACHE_DIR = __import__('pathlib').Path({str(tmp_path)!r})\n"
        "for make in pages.SNIPPETS.values(): make()\n"
        "print('jax' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


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
    nb.metadata["gradfig"] = {"inputs_sha256": notebook.inputs_digest(script)}
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
    for make in recall.QUESTIONS:
        if isinstance(make(), quiz.TypedQuestion):
            continue  # typed questions: tested below
        markup = recall.question_html(make)

        assert markup.count("<fieldset") == 1 and "<legend>" in markup
        radios = re.findall(r'<input type="radio"[^>]*>', markup)
        assert len(radios) >= 3
        assert sum("data-correct" in r for r in radios) == 1
        assert "<details" in markup and "Worked answer" in markup
        assert 'class="md-button gq__check" hidden' in markup  # shown only by the script
        assert "\n\n" not in markup  # one raw HTML block for Markdown


def test_quiz_numbers_come_from_the_layer() -> None:
    markup = SNIPPETS["recall-jacobian-shape.md"]()
    m, n = LAYER_MAP.dim_out, LAYER_MAP.dim_in
    assert f"\\mathbb R^{{{n}}} \\to \\mathbb R^{{{m}}}" in html.unescape(markup)
    correct = re.search(r'data-correct="true"> <span>(.*?)</span></label>', markup, re.DOTALL).group(1)
    assert f"{m} \\times {n}" in correct and f"has {m} entries" in correct


def test_typed_questions_carry_the_markup_contract() -> None:
    for q in recall.questions():
        if not isinstance(q, quiz.TypedQuestion):
            continue
        qid = q.id
        markup = SNIPPETS[f"recall-{qid}.md"]()
        assert "data-quiz-question" in markup
        answer = html.unescape(re.search(r'data-quiz-answer="([^"]*)"', markup).group(1))
        assert quiz.accepts(q, answer), (qid, answer)
        assert f'<label for="gq-input-{qid}">' in markup and f'id="gq-input-{qid}"' in markup
        assert "<details" in markup and "Worked answer" in markup
        assert 'class="md-button gq__check" hidden' in markup
        assert "\n\n" not in markup


def test_typed_answers_come_from_the_registry() -> None:
    # worked example f = x² + 3xy + z⁴ at (1, −1, 2): (2x + 3y, 3x, 4z³) = (−1, 3, 32), by hand
    assert recall.typed_partials().answer == (-1.0, 3.0, 32.0)
    # polar map at (2, π/2): column 2 = (−r sin θ, r cos θ) = (−2, 0)
    assert recall.typed_column().answer == pytest.approx((-2.0, 0.0), abs=1e-12)
    # f(1, 2, 3) = 88, ∇f = (8, 3, 108), Δx = (0.1, 0, −0.1): 88 + 0.8 − 10.8 = 78
    assert recall.typed_linear().answer == pytest.approx((78.0,))
    # Rosenbrock ∇f(−0.5, 1.5) = (22, 25) along (3, 4)/5: 13.2 + 20 = 33.2
    assert recall.typed_directional().answer == pytest.approx((33.2,))
    assert recall.typed_verdict().answer == "fail"
    assert recall.typed_modes().answer == (100.0, 200.0)


@pytest.mark.parametrize("typed, ok", [
    ("8, 3, 108", True), ("(8,3,108)", True), ("[8 3 108]", True), ("8;3;108", True),
    ("8.0004, 3, 108", True), ("8, 3", False), ("8, 3, 108, 1", False), ("8, 3, 107", False),
    ("−8, 3, 108", False), ("16/2, 3, 108", True), ("", False), ("eight", False),
])
def test_typed_answers_accept_equivalent_forms(typed: str, ok: bool) -> None:
    q = dataclasses.replace(recall.typed_partials(), answer=(8.0, 3.0, 108.0),
                            typed="8, 3, 108", traps=())
    assert quiz.accepts(q, typed) is ok


def test_a_verdict_is_a_word_and_traps_earn_their_hint() -> None:
    q = recall.typed_verdict()
    assert quiz.accepts(q, "Fail") and quiz.accepts(q, " fail. ") and not quiz.accepts(q, "pass")
    markup = SNIPPETS["recall-typed-verdict.md"]()
    assert "data-trap=" in markup and "norm" in markup
    with pytest.raises(ValueError, match="accepts the trap"):
        dataclasses.replace(q, traps=(quiz.Trap("fail", "x"),))
    with pytest.raises(ValueError, match="does not accept its own answer"):
        dataclasses.replace(q, typed="pass")


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


# --- build progress: phases and figures done of total -----------------------------------------
def test_build_progress_is_a_line_per_phase_and_per_figure() -> None:
    import io

    from chapter.build import Progress

    out = io.StringIO()
    progress = Progress(stream=out)
    for phase in ("snippets", "figures"):
        progress.phase(phase)
    for done in range(1, 4):
        progress.figures(done, 3)
    progress.end("5 files changed in 1.0 s")
    assert out.getvalue().splitlines() == [
        "gradfig: snippets", "gradfig: figures", "gradfig: figures 1/3", "gradfig: figures 2/3",
        "gradfig: figures 3/3", "gradfig: 5 files changed in 1.0 s"]


def test_build_progress_under_the_hook_is_one_short_line() -> None:
    import io

    from chapter.build import Progress

    out = io.StringIO()
    progress = Progress(short=True, stream=out)
    for phase in ("snippets", "maths", "notebook", "fields", "figures"):
        progress.phase(phase)
    for done in range(1, 37):
        progress.figures(done, 36)
    progress.end("12 files changed in 40.0 s")
    assert out.getvalue() == ("gradfig: snippets, maths, notebook, fields, figures 9/36 18/36 27/36 "
                              "36/36 (12 files changed in 40.0 s)\n")
    quiet = io.StringIO()
    progress = Progress(quiet=True, short=True, stream=quiet)
    progress.phase("snippets")
    progress.figures(36, 36)
    progress.end("done")
    assert quiet.getvalue() == ""


def test_a_failed_build_ends_its_progress_line(tmp_path: Path) -> None:
    """The short line is closed before the error is reported, so the error starts a line."""
    import contextlib
    import io

    from chapter.build import generate
    from gradfig import export

    blocked = tmp_path / "a file"
    blocked.write_text("x")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(export.OutputError):
        generate(blocked / "generated", short=True)
    # The figures' folder is claimed first (the workers start drawing before the snippets are
    # computed), so the build stops in that phase: one closed line.
    assert out.getvalue() == "gradfig: check, figures (stopped)\n"


# --- the fields page's critical points: the second-derivative test, said honestly --------------
def test_the_fields_page_gives_d_and_its_verdict_at_every_listed_critical_point() -> None:
    import numpy as np

    from chapter.pages import fields
    from gradfig.landscapes import LANDSCAPES

    text = fields.sections_md()
    for ls in LANDSCAPES.values():
        section = text.split(f"## {ls.title}\n", 1)[1].split("\n## ", 1)[0]
        for cp in ls.critical_points[:fields.LISTED_CRITICAL]:
            h = ls.hessian(np.array(cp.point))
            d = h[0, 0] * h[1, 1] - h[0, 1] ** 2
            assert ("inconclusive" if d == 0 else "$D = ") in section, (ls.name, section)
        assert "signs decide" not in section


def test_where_d_is_zero_the_test_is_called_inconclusive_and_f_around_the_point_decides() -> None:
    from chapter.pages import fields
    from gradfig.custom import landscape_from_formula

    for formula, kind in [("x^3 - 3*x*y^2", "saddle"), ("x^4 + y^4", "minimum"), ("-(x^4 + y^4)", "maximum")]:
        ls = landscape_from_formula(formula, (-1, 1, -1, 1))
        text = fields.second_derivative_test_md(ls)
        assert "so $D = 0$: the test is inconclusive" in text, text
        assert text.endswith(f"compared with f around the point, a {kind}"), text
    ls = landscape_from_formula("x^2 - y^2 + x*y", (-1, 1, -1, 1))
    assert fields.second_derivative_test_md(ls).endswith("$D < 0$: a saddle")


def test_ripples_counts_its_critical_points_as_interior_ones_of_the_closed_square() -> None:
    from chapter.pages import fields
    from gradfig.landscapes import LANDSCAPES

    ripples = LANDSCAPES["ripples"]
    assert len(ripples.critical_points) == 4
    want = sorted([(s * np.pi, t * np.pi / 2) for s in (-1, 1) for t in (-1, 1)]
                  + [(t * np.pi / 2, s * np.pi) for s in (-1, 1) for t in (-1, 1)])
    got = sorted(fields.edge_critical_points(ripples))
    assert np.allclose(np.array(got), np.array(want), atol=1e-9), got
    row = next(line for line in fields.landscapes_md().splitlines() if line.startswith("| Ripples"))
    assert "inside the domain: " in row and "eight more lie on the edges of the closed domain" in row
