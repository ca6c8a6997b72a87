"""Critical points that are right or say what they don't know (issue 20, rows 5-7): a zero
gradient judged against the function's own scale near the point, plateaus that are not
critical points, curves of critical points reported as curves, and a search that says
"at least" when it may have missed some. The browser's search is checked against the same
cases by the mirrors' Node tests (tests/js/critical.test.mjs)."""

from __future__ import annotations

import numpy as np
import pytest

from gradfig import critical
from gradfig.custom import landscape_from_formula
from gradfig.figures.page import field_page


def _search(formula: str, domain=(-2, 2, -2, 2)) -> critical.CriticalSearch:
    return landscape_from_formula(formula, domain).critical_search


def test_a_plateau_is_not_a_critical_point_and_the_summary_says_why() -> None:
    """tanh(100 x): 1 − tanh² is exactly 0 in floating point away from x = 0, so ∇f computes
    as 0 there, but tanh is strictly increasing: ∇f is never 0 (main claimed 240 minima)."""
    found = _search("tanh(100*x)")
    assert found.points == () and found.curves == ()
    assert found.flat_count > 0
    words = critical.summary(found)
    assert "flat to round-off" in words and "no critical point is claimed" in words
    assert "minim" not in words


@pytest.mark.parametrize("domain", [(-1, 1, -1, 1), (-2, 2, -2, 2)])
def test_x_to_the_64_is_critical_along_the_line_x_0(domain) -> None:
    """Not points at x = ±0.044 or −0.37 (what a tolerance scaled by the grid's largest ‖∇f‖,
    1e10, let through): one curve, x = 0 from edge to edge, minima along it."""
    found = _search("x^64", domain)
    assert found.points == ()
    (curve,) = found.curves
    xs, ys = np.array(curve.points).T
    assert np.all(np.abs(xs) < 1e-9)
    assert curve.ends == ("edge", "edge") and curve.kinds == ("minimum",)
    (y0, y1) = domain[2:]
    step = critical.CURVE_STEP * np.hypot(domain[1] - domain[0], y1 - y0)
    assert ys.min() < y0 + step and ys.max() > y1 - step  # traced across the whole domain
    assert critical.summary(found).startswith("∇f = 0 along a curve of critical points, not isolated ones")


def test_x2_y2_is_critical_along_both_axes() -> None:
    found = _search("x^2*y^2", (-1, 1, -1, 1))
    assert found.points == ()
    assert len(found.curves) == 2
    lines = sorted(tuple(np.abs(np.array(c.points)).max(axis=0) < 1e-12) for c in found.curves)
    assert lines == [(False, True), (True, False)]  # one along y = 0, one along x = 0
    for c in found.curves:
        assert c.ends == ("edge", "edge") and c.kinds == ("minimum",)


def test_a_circle_of_minima_is_one_closed_curve_around_its_maximum() -> None:
    found = _search("(x^2 + y^2 - 1)^2")
    assert [p.kind for p in found.points] == ["maximum"]
    (circle,) = found.curves
    assert circle.ends == ("closed", "closed")
    radii = np.hypot(*np.array(circle.points).T)
    np.testing.assert_allclose(radii, 1.0, atol=1e-9)


def test_a_search_that_may_be_incomplete_says_at_least_and_why() -> None:
    """sin x cos y on [−50, 50]² has about 2,000 critical points; 256 starts cannot find them
    all, and main's summary read as complete."""
    found = _search("sin(x)*cos(y)", (-50, 50, -50, 50))
    assert found.incomplete
    words = critical.summary(found)
    assert words.startswith(f"At least {len(found.points)} critical points inside the domain")
    assert "The search may be incomplete: " in words
    # Every point it does list is a critical point, to round-off.
    ls = landscape_from_formula("sin(x)*cos(y)", (-50, 50, -50, 50))
    assert np.abs(ls.gradient(np.array([p.point for p in found.points]))).max() < 1e-12


@pytest.mark.parametrize(("formula", "domain"), [
    ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", (-5, 5, -5, 5)),
    ("sin(3*x)*sin(3*y)/(1 + x^2 + y^2)", (-2, 2, -2, 2)),
    ("x^4 + y^4", (-1, 1, -1, 1)),
])
def test_a_complete_search_does_not_say_at_least(formula, domain) -> None:
    found = _search(formula, domain)
    assert not found.incomplete and not found.curves and not found.flat_count
    assert not critical.summary(found).startswith("At least")


def test_the_zero_gradient_is_judged_near_the_point_not_against_the_grid() -> None:
    """∂f/∂x = 3x²/1000 + 8e^(8x)/1e12 is never 0 (at least 8e-12 near x = 0, where round-off
    is 1e-27): neither ∂f/∂y's size there (2y, 1e-2 on the ring) nor the grid's largest ‖∇f‖
    makes it zero."""
    found = _search("x^3/1000 + exp(8*x)/1e12 + y^2")
    assert found.points == () and not found.curves
    assert critical.summary(found) == "No critical point inside the domain: ∇f is never 0 there."


def test_the_standalone_page_and_the_field_page_text_say_curves() -> None:
    ls = landscape_from_formula("x^2*y^2", (-1, 1, -1, 1))
    html = field_page(ls)
    assert "along 2 curves of critical points" in html
    from chapter.pages.fields import _critical_md
    assert "along 2 curves of critical points" in _critical_md(ls)
