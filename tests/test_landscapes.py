"""The registry, definition by definition: derivatives proven against numerical differences
on seeded random points, critical points, LaTeX and the browser's JavaScript."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import sympy as sp

from gradfig import numdiff
from gradfig.check import gradient_check
from gradfig.functions import Landscape
from gradfig.landscapes import (
    LANDSCAPES,
    LAYER_MAP,
    POLAR_MAP,
    SCALAR_FUNCTIONS,
    SHEAR_MAP,
    WORKED_EXAMPLE,
    UnknownNameError,
    get_landscape,
    names,
    registry,
)
from test_functions import NODE, run_js, run_js_map

SEED = 20240402


def sample(domain, count: int, seed: int = SEED) -> np.ndarray:
    """Seeded uniform points in a box ``((lo, hi), ...)``."""
    lo, hi = np.array(domain, dtype=float).T
    return np.random.default_rng(seed).uniform(lo, hi, (count, len(lo)))


def domain_of(fn) -> tuple[tuple[float, float], ...]:
    return getattr(fn, "domain", ((-2.0, 2.0),) * fn.dim)


def test_registry_order_and_names() -> None:
    # The chapter's four landscapes, in the chapter's order; an author's follow them.
    assert list(LANDSCAPES)[:4] == ["bowl", "saddle", "rosenbrock", "ripples"]
    assert names() == [*LANDSCAPES, "worked"]
    assert get_landscape("rosenbrock") is LANDSCAPES["rosenbrock"]
    with pytest.raises(UnknownNameError, match=r"unknown landscape 'rosenbrok' .*known: bowl"):
        get_landscape("rosenbrok")


@pytest.mark.parametrize("name", list(SCALAR_FUNCTIONS))
def test_analytical_gradient_matches_numerical_everywhere(name: str) -> None:
    fn = SCALAR_FUNCTIONS[name]
    pts = sample(domain_of(fn), 500)
    analytical = fn.gradient(pts)
    scale = 1.0 + np.abs(analytical)
    # complex step: no cancellation, agreement at round-off level
    assert np.max(np.abs(analytical - numdiff.gradient(fn, pts, "complex")) / scale) < 1e-14
    # central differences: truncation + round-off, ~eps^(2/3)
    assert np.max(np.abs(analytical - numdiff.gradient(fn, pts, "central")) / scale) < 1e-8


def test_a_wrong_gradient_is_caught_by_the_same_comparison() -> None:
    """The comparison above can fail: a 1e-6 slip in one partial is far above its bound."""
    fn = LANDSCAPES["rosenbrock"]
    pts = sample(fn.domain, 500)
    wrong = fn.gradient(pts) + np.array([1e-6, 0.0])
    assert np.max(np.abs(wrong - numdiff.gradient(fn, pts, "complex")) / (1 + np.abs(wrong))) > 1e-8


def test_polar_map_jacobian() -> None:
    pts = sample(((0.1, 3.0), (-np.pi, np.pi)), 500)
    jac = POLAR_MAP.jacobian(pts)
    assert jac.shape == (500, 2, 2)
    np.testing.assert_allclose(jac, numdiff.jacobian(POLAR_MAP, pts, "complex"), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(jac, numdiff.jacobian(POLAR_MAP, pts, "central"), rtol=1e-8, atol=1e-9)
    # the polar map stretches area by r: det J = r
    np.testing.assert_allclose(np.linalg.det(jac), pts[:, 0], rtol=1e-13)


def test_shear_map_jacobian_keeps_areas() -> None:
    pts = sample(((-2.0, 2.0), (-2.0, 2.0)), 500)
    jac = SHEAR_MAP.jacobian(pts)
    np.testing.assert_allclose(jac, numdiff.jacobian(SHEAR_MAP, pts, "complex"), rtol=1e-14, atol=1e-15)
    # J = [[1, y], [0, 1]]: a shear whose strength is the point's y, with det J = 1
    np.testing.assert_array_equal(jac[:, 0, 1], pts[:, 1])
    np.testing.assert_allclose(np.linalg.det(jac), 1.0, rtol=1e-13)


def test_layer_map_shape_rule_and_jacobian() -> None:
    """R^100 -> R^200: a 200 x 100 Jacobian; J·Δx is a 200-vector; first-order Taylor."""
    assert (LAYER_MAP.dim_in, LAYER_MAP.dim_out) == (100, 200)
    rng = np.random.default_rng(SEED)
    pts = rng.standard_normal((3, 100))
    jac = LAYER_MAP.jacobian(pts)
    assert jac.shape == (3, 200, 100)
    np.testing.assert_allclose(jac, numdiff.jacobian(LAYER_MAP, pts, "complex"), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(jac, numdiff.jacobian(LAYER_MAP, pts, "central"), rtol=1e-7, atol=1e-9)
    x, dx = pts[0], rng.standard_normal(100)
    errors = []
    for t in (1e-1, 1e-2, 1e-3):
        step = LAYER_MAP(x + t * dx) - LAYER_MAP(x)
        assert (jac[0] @ (t * dx)).shape == (200,)
        errors.append(np.linalg.norm(step - jac[0] @ (t * dx)))
    # the linearisation error is O(t^2): shrinking t tenfold shrinks it ~100-fold
    assert 50 < errors[0] / errors[1] < 200 and 50 < errors[1] / errors[2] < 200


EXPECTED_CRITICAL = {
    "bowl": [((0, 0), "minimum")],
    "saddle": [((0, 0), "saddle")],
    "rosenbrock": [((1, 1), "minimum")],
    "ripples": [((np.pi / 2, 0), "maximum"), ((-np.pi / 2, 0), "minimum"),
                ((0, np.pi / 2), "saddle"), ((0, -np.pi / 2), "saddle")],
}


@pytest.mark.parametrize("name", list(EXPECTED_CRITICAL))
def test_the_chapters_critical_points(name: str) -> None:
    """Exactly the chapter's points: the numerical search adds none inside the domains."""
    got = [(cp.point, cp.kind) for cp in LANDSCAPES[name].critical_points]
    assert [k for _, k in got] == [k for _, k in EXPECTED_CRITICAL[name]]
    np.testing.assert_allclose([p for p, _ in got], [p for p, _ in EXPECTED_CRITICAL[name]], atol=1e-15)
    assert all(cp.exact for cp in LANDSCAPES[name].critical_points)


def assert_critical_as_a_user_checks(ls, points, gradient_atol: float) -> None:
    """Inside the domain, ∇f = 0, and the kind matches f on a small circle around the point."""
    (xmin, xmax), (ymin, ymax) = ls.domain
    for cp in points:
        p = np.array(cp.point)
        assert xmin < p[0] < xmax and ymin < p[1] < ymax
        assert np.linalg.norm(ls.gradient(p)) <= gradient_atol
        angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
        ring = ls(p + 1e-3 * np.stack([np.cos(angles), np.sin(angles)], axis=-1)) - ls(p)
        expected = {"minimum": ring.min() > 0, "maximum": ring.max() < 0,
                    "saddle": ring.min() < 0 < ring.max()}[cp.kind]
        assert expected, f"{ls.name} at {cp.point}: f - f(p) on a ring spans {ring.min()}..{ring.max()}"


@pytest.mark.parametrize("name", list(LANDSCAPES))
def test_critical_points_have_zero_gradient_and_the_right_kind(name: str) -> None:
    ls = LANDSCAPES[name]
    assert_critical_as_a_user_checks(ls, ls.critical_points, 1e-9)


def test_chapter_partials_of_the_worked_example() -> None:
    x, y, z = WORKED_EXAMPLE.symbols
    assert WORKED_EXAMPLE.partials == (2 * x + 3 * y, 3 * x, 4 * z**3)
    assert WORKED_EXAMPLE.partial_latex == ("2 x + 3 y", "3 x", "4 z^{3}")
    assert WORKED_EXAMPLE.latex == "x^{2} + 3 x y + z^{4}"
    np.testing.assert_array_equal(WORKED_EXAMPLE.gradient(np.array([1.0, 2.0, 3.0])), [8.0, 3.0, 108.0])


def test_rosenbrock_is_the_chapter_form() -> None:
    ros = LANDSCAPES["rosenbrock"]
    x, y = ros.symbols
    assert sp.expand(ros.expr - ((1 - x) ** 2 + 10 * (y - x**2) ** 2)) == 0
    assert ros.latex == r"\left(1 - x\right)^{2} + 10 \left(y - x^{2}\right)^{2}"


EXPECTED_LATEX = {
    "bowl": ("x^{2} + y^{2}", ("2 x", "2 y")),
    "saddle": ("x^{2} - y^{2}", ("2 x", "- 2 y")),
    "rosenbrock": (r"\left(1 - x\right)^{2} + 10 \left(y - x^{2}\right)^{2}",
                   (r"2 \left(x - 1\right) - 40 x \left(y - x^{2}\right)", r"20 \left(y - x^{2}\right)")),
    "ripples": (r"\sin{\left(x \right)} \cos{\left(y \right)}",
                (r"\cos{\left(x \right)} \cos{\left(y \right)}",
                 r"- \sin{\left(x \right)} \sin{\left(y \right)}")),
}


@pytest.mark.parametrize("name", list(EXPECTED_LATEX))
def test_latex_of_each_landscape_and_its_partials(name: str) -> None:
    """What the page shows, as a reader would read it (no Python syntax, written order)."""
    latex, partials = EXPECTED_LATEX[name]
    assert LANDSCAPES[name].latex == latex
    assert LANDSCAPES[name].partial_latex == partials


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("name", list(SCALAR_FUNCTIONS))
def test_browser_evaluator_agrees_with_numpy(name: str) -> None:
    fn = SCALAR_FUNCTIONS[name]
    pts = sample(domain_of(fn), 40)
    values, grads = run_js(fn.js_source(), pts)
    np.testing.assert_allclose(values, fn(pts), rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(grads, fn.gradient(pts), rtol=1e-14, atol=1e-14)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("vmap", [POLAR_MAP, SHEAR_MAP], ids=lambda m: m.name)
def test_browser_map_evaluator_agrees_with_numpy(vmap) -> None:
    """The live Jacobian's {f, jac}, printed from the registry, run by Node at random points."""
    pts = sample(((-3.0, 3.0), (-np.pi, np.pi)), 200)
    values, jacs = run_js_map(vmap.js_source(), pts)
    np.testing.assert_allclose(values, vmap(pts), rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(jacs, vmap.jacobian(pts), rtol=1e-14, atol=1e-14)


def test_check_points_lie_in_the_domain() -> None:
    for ls in LANDSCAPES.values():
        (xmin, xmax), (ymin, ymax) = ls.domain
        assert xmin < xmax and ymin < ymax
        for p in ls.check_points:
            assert xmin <= p.point[0] <= xmax and ymin <= p.point[1] <= ymax, (ls.name, p)


# --- critical points found numerically (gradfig.critical) ---------------------------------

HIMMELBLAU = Landscape(name="himmelblau", title="Himmelblau",
                       formula="(x^2 + y - 11)^2 + (x + y^2 - 7)^2", domain=((-5.0, 5.0), (-5.0, 5.0)))

# Himmelblau's function: four minima (f = 0), one maximum and four saddles, as tabulated in the
# optimisation literature (Himmelblau 1972), rounded to 6 decimal places.
HIMMELBLAU_POINTS = {
    (3.0, 2.0): "minimum", (-2.805118, 3.131313): "minimum", (-3.779310, -3.283186): "minimum",
    (3.584428, -1.848127): "minimum", (-0.270845, -0.923039): "maximum",
    (-3.073026, -0.081353): "saddle", (-0.127961, -1.953715): "saddle",
    (0.086678, 2.884255): "saddle", (3.385154, 0.073852): "saddle",
}


def test_himmelblau_shows_all_nine_critical_points_without_being_told_any() -> None:
    found = HIMMELBLAU.critical_points
    assert len(found) == 9 and not any(cp.exact for cp in found)
    got = {tuple(round(c, 6) for c in cp.point): cp.kind for cp in found}
    assert got == HIMMELBLAU_POINTS
    assert_critical_as_a_user_checks(HIMMELBLAU, found, 1e-12)


def test_stated_points_come_first_and_are_not_found_twice() -> None:
    given = replace(HIMMELBLAU, critical_formulas=(("3", "2"),))
    found = given.critical_points
    assert len(found) == 9
    assert found[0].exact and found[0].formulas == ("3", "2") and found[0].kind == "minimum"


def test_a_stated_decimal_point_is_refined_and_a_wrong_one_refused() -> None:
    near = replace(HIMMELBLAU, critical_formulas=(("3.58443", "-1.84813"),), find_critical=False)
    (cp,) = near.critical_points
    assert not cp.exact and cp.kind == "minimum"
    assert np.linalg.norm(HIMMELBLAU.gradient(np.array(cp.point))) < 1e-12
    wrong = replace(HIMMELBLAU, critical_formulas=(("1", "1"),))
    with pytest.raises(ValueError, match="not a critical point"):
        _ = wrong.critical_points


@pytest.mark.parametrize(("formula", "kinds"), [
    ("x^4 + y^4", ["minimum"]),          # singular Hessian: decided by f around the point
    ("-(x^4) - y^4", ["maximum"]),
    ("x^3 - 3*x*y^2", ["saddle"]),       # the monkey saddle
    ("exp(x)*y + 3", []),               # no critical point anywhere
    ("x + y", []),
    ("log(x + 3) + y^2", []),           # ∂f/∂x = 1/(x + 3) never vanishes
    ("(x - 2)^2 + y^2", []),            # the minimum is on the edge, not inside
])
def test_search_on_other_functions(formula: str, kinds: list[str]) -> None:
    ls = Landscape(name="t", title="t", formula=formula, domain=((-2.0, 2.0), (-2.0, 2.0)))
    found = ls.critical_points
    assert [cp.kind for cp in found] == kinds
    for cp in found:
        assert cp.point == (0.0, 0.0)  # round-off is shown as 0


def test_partials_display_must_equal_the_derivative() -> None:
    ros = LANDSCAPES["rosenbrock"]
    wrong = replace(ros, partials_display=("2*(x - 1) - 20*x*(y - x^2)", "20*(y - x^2)"))
    with pytest.raises(ValueError, match=r"display form .* is not equal"):
        _ = wrong.partial_latex


def test_registry_refuses_duplicate_and_unsafe_names() -> None:
    with pytest.raises(ValueError, match="two landscapes"):
        registry(HIMMELBLAU, HIMMELBLAU)
    with pytest.raises(ValueError, match="lower-case letters"):
        registry(replace(HIMMELBLAU, name="My Landscape"))
    assert list(registry(HIMMELBLAU)) == ["himmelblau"]


@pytest.mark.parametrize(("name", "ok"), [
    ("monkey-saddle", True), ("booth", True), ("f2", True), ("a" * 40, True),
    ("my_wave", False), ("2f", False), ("-a", False), ("Wave", False), ("a" * 41, False), ("", False),
    ("../etc", False), ("a b", False),
])
def test_the_registry_and_render_name_follow_one_rule(name: str, ok: bool) -> None:
    """One rule, one function (functions.valid_name): a name the registry takes, `gradfig render
    --name` takes, and the reverse."""
    from gradfig.custom import LandscapeInputError, check_name

    outcomes = []
    for attempt, error in ((lambda: registry(replace(HIMMELBLAU, name=name)), ValueError),
                           (lambda: check_name(name), LandscapeInputError)):
        try:
            attempt()
            outcomes.append(True)
        except error as exc:
            assert "lower-case letters, digits and hyphens, starting with a letter" in str(exc)
            outcomes.append(False)
    assert outcomes == [ok, ok]


def test_a_landscape_without_check_points_is_checked_at_sample_points() -> None:
    points = HIMMELBLAU.points_to_check
    assert len(points) == 3 and all(p.label.startswith("sample") for p in points)
    assert gradient_check(HIMMELBLAU).passed


def test_a_degenerate_saddle_is_found_once_and_classified_from_f() -> None:
    """x²y − y³/3 + y²: at (0, 0) the Hessian is singular and f dips below 0 only in a sliver
    (along y ≈ −x²/2); runs converging slowly there must not count as many points."""
    ls = Landscape(name="t", title="t", formula="x^2*y - y^3/3 + y^2", domain=((-3.0, 3.0), (-3.0, 3.0)))
    found = ls.critical_points
    assert [(cp.point, cp.kind) for cp in found] == [((0.0, 0.0), "saddle"), ((0.0, 2.0), "saddle")]
    t = np.linspace(1e-3, 1e-1, 50)  # the sliver, by hand: f(t, -t²/2) = -t⁴/4 + ... < 0
    assert np.all(ls(np.stack([t, -t**2 / 2], axis=-1)) < 0)


def test_a_kink_does_not_stop_the_search() -> None:
    """abs(x): SymPy's second derivative has a Dirac delta at the kink; the search uses the
    Hessian away from kinks and finds the smooth critical points."""
    ls = Landscape(name="t", title="t", formula="(x^2 - 1)^2 + y^2 + abs(x + y - 3)",
                   domain=((-2.0, 2.0), (-2.0, 2.0)))
    # Below the kink line x + y = 3, ∇f = (4x³ − 4x − 1, 2y − 1): three roots of the cubic.
    kinds = [cp.kind for cp in ls.critical_points]
    assert kinds == ["minimum", "saddle", "minimum"]
    xs = sorted(np.roots([4, 0, -4, -1]).real)
    np.testing.assert_allclose([cp.point for cp in ls.critical_points], [(x, 0.5) for x in xs], atol=1e-12)
    assert_critical_as_a_user_checks(ls, ls.critical_points, 1e-9)
    assert Landscape(name="t", title="t", formula="abs(x) + y^2").critical_points == ()
