"""The registry, definition by definition: derivatives proven against numerical differences
on seeded random points, critical points, LaTeX and the browser's JavaScript."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from gradfig import numdiff
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
    assert list(LANDSCAPES) == ["bowl", "saddle", "rosenbrock", "ripples"]
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


@pytest.mark.parametrize("name", list(LANDSCAPES))
def test_critical_points_have_zero_gradient_and_the_right_kind(name: str) -> None:
    ls = LANDSCAPES[name]
    got = [(cp.point, cp.kind) for cp in ls.critical_points]
    assert [k for _, k in got] == [k for _, k in EXPECTED_CRITICAL[name]]
    np.testing.assert_allclose([p for p, _ in got], [p for p, _ in EXPECTED_CRITICAL[name]], atol=1e-15)
    (xmin, xmax), (ymin, ymax) = ls.domain
    for point, kind in got:
        p = np.array(point)
        assert xmin <= p[0] <= xmax and ymin <= p[1] <= ymax
        assert np.linalg.norm(ls.gradient(p)) < 1e-15
        # the kind as a user would check it: f on a small circle around the point
        angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
        ring = ls(p + 1e-3 * np.stack([np.cos(angles), np.sin(angles)], axis=-1)) - ls(p)
        expected = {"minimum": ring.min() > 0, "maximum": ring.max() < 0,
                    "saddle": ring.min() < 0 < ring.max()}[kind]
        assert expected, f"{name} at {point}: f - f(p) on a ring spans {ring.min()}..{ring.max()}"


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
                   (r"- 40 x \left(- x^{2} + y\right) + 2 x - 2", "- 20 x^{2} + 20 y")),
    "ripples": (r"\sin{\left(x \right)} \cos{\left(y \right)}",
                (r"\cos{\left(x \right)} \cos{\left(y \right)}",
                 r"- \sin{\left(x \right)} \sin{\left(y \right)}")),
}


@pytest.mark.parametrize("name", list(LANDSCAPES))
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
