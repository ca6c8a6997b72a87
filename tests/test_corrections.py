"""The statements issue 18 corrected: each correction's numbers, and each one's check stopping
the build when the numbers stop bearing it out."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from chapter.claims import ChapterClaimError
from chapter.pages import autodiff, fields, gradient, jacobian, make_it_run, recall
from gradfig.landscapes import LANDSCAPES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _plain(text: str) -> str:
    return text.replace("\u2212", "-")


# --- make-it-run: the minimum's numerical gradient is the truncation term ----------------------

def test_the_minimum_row_is_the_truncation_term_40_h_squared() -> None:
    t = make_it_run.minimum_truncation()
    assert t.fxxx == 240 and t.coefficient == 40
    assert t.predicted == pytest.approx(1.4667e-9, rel=1e-3)
    text = make_it_run.truncation_md()
    assert "$40\\,h^2$" in text and "1.47 \\times 10^{-9}" in text
    conclusions = make_it_run.check_conclusions_md()
    assert "zero up to rounding" not in conclusions and "truncation" in conclusions


def test_a_wrong_truncation_term_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    real = make_it_run.minimum_truncation()
    import dataclasses
    monkeypatch.setattr(make_it_run, "minimum_truncation",
                        lambda: dataclasses.replace(real, predicted=2 * real.predicted))
    with pytest.raises(ChapterClaimError, match="truncation"):
        make_it_run.truncation_md()


# --- make-it-run: absolute against mixed tolerance ---------------------------------------------

def test_the_absolute_rule_misjudges_each_way_and_the_mixed_rule_does_not() -> None:
    rows = make_it_run.tolerance_rows()
    assert [right for _, right, _, _ in rows] == [False, True]
    wrong_small, right_large = rows[0], rows[1]
    assert all(r.passed and r.error < 1e-4 for r in wrong_small[2].rows)   # a wrong gradient passes
    assert not any(r.passed for r in wrong_small[3].rows)
    assert not any(r.passed for r in right_large[2].rows)                  # a right one fails
    assert all(r.passed for r in right_large[3].rows)
    text = make_it_run.tolerance_md()
    assert text.count("✓ pass") == 4 and text.count("✗ FAIL") == 4


def test_a_mixed_rule_that_misjudges_too_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(make_it_run, "MIXED_RTOL", 0.0)  # then it is absolute again, and fooled
    with pytest.raises(ChapterClaimError, match="mixed rule misjudges"):
        make_it_run.tolerance_md()


def test_recall_8_says_fail_is_the_rules_verdict_and_would_pass_the_mixed_rule(
        monkeypatch: pytest.MonkeyPatch) -> None:
    q = recall.typed_verdict()
    assert q.answer == "fail" and "rule's verdict, not a finding that the" in q.worked_answer
    assert "3.2 \\times 10^{-6}" in q.worked_answer
    monkeypatch.setattr(make_it_run, "MIXED_RTOL", 0.0)
    with pytest.raises(ValueError, match="mixed rule"):
        recall.typed_verdict()


# --- make-it-run: float32 steps, kinks in a network, the complex step --------------------------

def test_the_float32_table_says_how_the_step_is_scaled() -> None:
    text = make_it_run.float32_md()
    assert "step $h = \\varepsilon^{1/3}$" not in text and "base step $\\varepsilon^{1/3}$" in text
    assert "$\\max(1, |x_j|)$" in text and "$1.5$ for $y$" in text


def test_kinks_are_rare_for_one_relu_and_common_in_a_network(monkeypatch: pytest.MonkeyPatch) -> None:
    text = make_it_run.kink_network_md()
    assert "4.8 \\times 10^{-6}" in text and "on average 4.8 units" in text and "99 %" in text
    monkeypatch.setattr(make_it_run, "NETWORK_UNITS", 10)  # ten units: a kink is not likely
    with pytest.raises(ChapterClaimError, match="P\\(some unit\\)"):
        make_it_run.kink_network_md()
    assert "almost never land that close" not in (DOCS / "make-it-run.md").read_text()


def test_the_complex_step_is_explained_with_its_measured_error() -> None:
    text = _plain(make_it_run.complex_step_md())
    assert "\\operatorname{Im} f" in text and "10^{-20}" in text
    error = float(re.search(r"its error is ([0-9.]+e-\d+)", text).group(1))
    assert error < 1e-13


# --- gradient: a tiny norm is also convergence -------------------------------------------------

def test_a_tiny_norm_is_shown_to_be_convergence_too(monkeypatch: pytest.MonkeyPatch) -> None:
    text = gradient.tiny_norm_md()
    assert "1.7 \\times 10^{-4}" in text and "from the minimum at (1, 1)" in text
    short = gradient.descent_path()[:3]
    monkeypatch.setattr(gradient, "descent_path", lambda *a, **k: short)
    with pytest.raises(ChapterClaimError, match="not tiny"):
        gradient.tiny_norm_md()


# --- fields: the experiments say what the field shows -----------------------------------------

@pytest.mark.parametrize("value, shown", [(33.30101, "33.30"), (33.3017, "33.30"), (0.0123, "0.01230"),
                                          (-2.5, "\u22122.500"), (1234.56, "1235"), (0.001, "0.001000")])
def test_readout_number_prints_what_format_mjs_prints(value: float, shown: str) -> None:
    assert fields.readout_number(value) == shown  # Number.prototype.toPrecision(4)


def test_experiments_quote_the_readout_and_the_first_step_out() -> None:
    text = _plain(fields.experiments_md())
    assert "becomes 33.30, the same as" in text
    assert "after one step the point is at $(-2.7, -1)$, outside the picture" in text
    exit_step, at = fields._first_exit(LANDSCAPES["rosenbrock"], (-0.5, 1.5), 0.1)
    (x0, x1), (y0, y1) = LANDSCAPES["rosenbrock"].domain
    assert exit_step == 1 and not (x0 <= at[0] <= x1 and y0 <= at[1] <= y1)


# --- jacobian and autodiff: conditions and letters ---------------------------------------------

def test_det_j_is_explained_and_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    text = jacobian.determinant_md()
    assert "$\\det J = r$, here 2" in text and "2.000000 times" in text
    from gradfig.landscapes import POLAR_MAP
    monkeypatch.setattr(type(POLAR_MAP), "jacobian", lambda self, x: 3 * np.eye(2))
    with pytest.raises(ChapterClaimError, match="det J"):
        jacobian.determinant_md()


def test_the_jacobian_page_states_its_conditions() -> None:
    text = (DOCS / "jacobian.md").read_text()
    assert "o(\\lVert \\Delta\\mathbf x \\rVert)" in text and "twice continuously" in text
    assert "**with\nrespect to the input**" in text
    assert "When the step is a\nunit vector $\\mathbf u$" in text


def test_one_letter_per_role_the_cotangent_is_y_bar() -> None:
    """u is the unit direction everywhere; a VJP's output-space vector is ȳ, on every page."""
    for page in DOCS.glob("*.md"):
        text = page.read_text()
        assert "\\mathbf u^\\top J" not in text and "$u = 1$" not in text, page.name
    assert "\\bar{\\mathbf y}" in autodiff.vjp_md()
    from chapter import framework
    source = framework.jax_program_source()
    assert "v = 1" not in source and "ybar = 1 gives the gradient" in source


def test_recall_6_names_its_function() -> None:
    q = recall.typed_linear()
    assert "same $f$" not in q.prompt and "x^{2} + 3 x y + z^{4}" in q.prompt
    assert f"Recall {recall.QUESTIONS.index(recall.typed_partials) + 1}" in q.prompt


# --- recall: the new questions on slices, the tangent plane and the directional derivative -----

def test_new_recall_questions_compute_the_new_ideas() -> None:
    from chapter.quiz import accepts
    slice_q, plane_q, angle_q = recall.typed_slice(), recall.typed_tangent_plane(), recall.typed_angle()
    assert slice_q.answer == (-16.0,) and accepts(slice_q, "-16") and not accepts(slice_q, "15")
    assert plane_q.answer == pytest.approx((0.35,)) and accepts(plane_q, "0.35")
    assert not accepts(plane_q, "0.32")  # the surface itself, not the plane
    assert accepts(angle_q, "3, 0") and not accepts(angle_q, "5.196, 0")
    names = [make.__name__ for make in recall.QUESTIONS]
    assert names.index("typed_slice") < names.index("typed_tangent_plane") < names.index("typed_angle")
    page = (DOCS / "recall.md").read_text()
    for make in (recall.typed_slice, recall.typed_tangent_plane, recall.typed_angle):
        assert f'--8<-- "recall-{make.__name__.replace("_", "-")}.md"' in page
