"""Numerical differences: the step rule, exactness where theory says exact, round-off-level
complex step, and vectorisation. Property tests run derandomized, so every run is the same."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gradfig import numdiff

EPS = np.finfo(float).eps
TINY = 1e-300  # absolute floor: coefficients near the subnormal range lose digits to underflow
# No deadline, no too-slow health check: CI machines are loaded, and timing is not under test.
PROPERTY = settings(derandomize=True, deadline=None, max_examples=60,
                    suppress_health_check=[HealthCheck.too_slow])

coefficient = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
coordinate = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


def points(n: int, count: int = 5):
    return arrays(float, (count, n), elements=coordinate)


@st.composite
def quadratics(draw):
    """f(p) = pᵀ A p + b·p + c in 1 to 3 dimensions, with its exact gradient."""
    n = draw(st.integers(1, 3))
    a = draw(arrays(float, (n, n), elements=coefficient))
    b = draw(arrays(float, (n,), elements=coefficient))
    c = draw(coefficient)
    pts = draw(points(n))
    return a, b, c, pts


def quadratic(a, b, c):
    return lambda p: np.einsum("...i,ij,...j->...", p, a, p) + p @ b + c


def magnitude(a, b, c, p, h):
    """A bound on |f| over the points the difference quotient evaluates (for round-off)."""
    q = np.abs(p) + h
    return np.einsum("...i,ij,...j->...", q, np.abs(a), q) + q @ np.abs(b) + abs(c)


@PROPERTY
@given(quadratics())
def test_central_differences_are_exact_on_quadratics(case) -> None:
    """Along one coordinate a quadratic is a parabola, and (f(x+h) − f(x−h))/2h of a parabola
    is its derivative exactly: only round-off remains, about eps·|f|/h."""
    a, b, c, pts = case
    f = quadratic(a, b, c)
    exact = pts @ (a + a.T) + b
    h = numdiff.step_size(pts, "central")
    bound = 8 * EPS * magnitude(a, b, c, pts, h)[:, None] / h + 8 * EPS * np.abs(exact) + TINY
    assert np.all(np.abs(numdiff.gradient(f, pts, "central") - exact) <= bound)


@st.composite
def affine(draw):
    n = draw(st.integers(1, 3))
    b = draw(arrays(float, (n,), elements=coefficient))
    c = draw(coefficient)
    return np.zeros((n, n)), b, c, draw(points(n))


@PROPERTY
@given(affine())
def test_forward_differences_are_exact_on_affine_functions(case) -> None:
    """Forward differences are exact one degree lower: on x² they are off by h (tested below)."""
    a, b, c, pts = case
    f = quadratic(a, b, c)
    h = numdiff.step_size(pts, "forward")
    bound = 8 * EPS * magnitude(a, b, c, pts, h)[:, None] / h + 8 * EPS * np.abs(b) + TINY
    assert np.all(np.abs(numdiff.gradient(f, pts, "forward") - b) <= bound)


def test_truncation_terms_are_the_ones_taylor_predicts() -> None:
    """x³ at x = 1: forward is off by 3h + h², central by exactly h² (so neither is exact)."""
    x = np.array([[1.0]])
    cube = lambda p: p[..., 0] ** 3  # noqa: E731
    for method, expected in (("forward", lambda h: 3 * h + h**2), ("central", lambda h: h**2)):
        h = numdiff.step_size(x, method)[0, 0]
        error = numdiff.gradient(cube, x, method)[0, 0] - 3.0
        assert error == pytest.approx(expected(h), rel=1e-3), method


ANALYTIC = [
    (lambda p: np.sin(3 * p) * np.exp(p / 2),
     lambda p: (3 * np.cos(3 * p) + np.sin(3 * p) / 2) * np.exp(p / 2)),
    (lambda p: np.tanh(p) ** 2, lambda p: 2 * np.tanh(p) / np.cosh(p) ** 2),
    (lambda p: np.log(1 + p**2), lambda p: 2 * p / (1 + p**2)),
    (lambda p: p**5 - 4 * p**3, lambda p: 5 * p**4 - 12 * p**2),
    (lambda p: np.exp(np.cos(p)), lambda p: -np.sin(p) * np.exp(np.cos(p))),
]


@PROPERTY
@given(st.sampled_from(range(len(ANALYTIC))), arrays(float, (8, 1), elements=st.floats(-3, 3)))
def test_complex_step_is_at_round_off_level(which: int, pts: np.ndarray) -> None:
    f, df = ANALYTIC[which]
    exact = df(pts)
    got = numdiff.gradient(lambda p: f(p[..., 0]), pts, "complex")
    assert np.all(np.abs(got - exact) <= 16 * EPS * (1 + np.abs(exact)))


@PROPERTY
@given(st.sampled_from(range(len(ANALYTIC))), arrays(float, (8, 1), elements=st.floats(-3, 3)))
def test_central_differences_reach_eps_to_the_two_thirds(which: int, pts: np.ndarray) -> None:
    # The error is truncation h²·|f'''|/6 plus round-off ~eps·|f|/h, h = eps^(1/3)·max(1, |x|).
    # f''' of these functions reaches ~500 on [-3, 3] (p⁵ − 4p³ at 3: 516) and h² ≤ 3.3e-10,
    # so the truncation stays below ~3e-8: the bound is that, relative to 1 + |f'|. (A flat
    # 1e-9 failed at x = 1.5625 on p⁵ − 4p³ with 1.85e-9: exactly the truncation term.)
    f, df = ANALYTIC[which]
    exact = df(pts)
    got = numdiff.gradient(lambda p: f(p[..., 0]), pts, "central")
    assert np.all(np.abs(got - exact) <= 3e-8 * (1 + np.abs(exact)))


def test_central_difference_error_is_the_truncation_term() -> None:
    """The case a flat 1e-9 bound missed: the error is h²·f'''/6 (round-off eps·|f|/h adds ~1 %)."""
    x = np.array([[1.5625]])
    f = lambda p: p[..., 0] ** 5 - 4 * p[..., 0] ** 3  # noqa: E731
    h = numdiff.step_size(x, "central")[0, 0]
    error = numdiff.gradient(f, x, "central")[0, 0] - (5 * 1.5625**4 - 12 * 1.5625**2)
    assert error == pytest.approx(h**2 * (60 * 1.5625**2 - 24) / 6, rel=5e-2)


def scalar_field(p: np.ndarray) -> np.ndarray:
    # only + − ×, which IEEE arithmetic rounds the same way in SIMD and scalar code, so
    # "the same" can mean bit for bit on every machine
    x, y, z = p[..., 0], p[..., 1], p[..., 2]
    return (1 - x) * (1 - x) + 10 * (y - x * x) * (y - x * x) + x * y * z - z * z * z


@PROPERTY
@given(arrays(float, (6, 3), elements=coordinate), st.sampled_from(numdiff.METHODS))
def test_vectorised_equals_point_by_point(pts: np.ndarray, method: str) -> None:
    together = numdiff.gradient(scalar_field, pts, method)
    one_by_one = np.array([numdiff.gradient(scalar_field, p, method) for p in pts])
    grid = numdiff.gradient(scalar_field, pts.reshape(2, 3, 3), method).reshape(6, 3)
    if method == "complex":  # complex products may be fused (FMA) in SIMD code: round-off apart
        np.testing.assert_allclose(together, one_by_one, rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(grid, together, rtol=1e-14, atol=1e-14)
    else:
        np.testing.assert_array_equal(together, one_by_one)
        np.testing.assert_array_equal(grid, together)


@PROPERTY
@given(arrays(float, (4, 3), elements=st.floats(-1e6, 1e6)), st.sampled_from(("forward", "central")))
def test_step_is_exact_and_scales_with_the_coordinate(pts: np.ndarray, method: str) -> None:
    h = numdiff.step_size(pts, method)
    assert np.all((pts + h) - pts == h)  # exactly representable: the quotient divides by it
    power = {"forward": 1 / 2, "central": 1 / 3}[method]
    rule = EPS**power * np.maximum(1, np.abs(pts))
    # making h representable moves it by at most one unit in the last place of x + h
    assert np.all(np.abs(h - rule) <= np.spacing(np.abs(pts) + rule))


def test_jacobian_shape_rows_are_outputs() -> None:
    f = lambda p: np.stack([p[..., 0] * p[..., 1], p[..., 1], np.sin(p[..., 0]), p[..., 0]], -1)  # noqa: E731
    x = np.array([[0.5, 2.0], [1.0, -1.0]])
    jac = numdiff.jacobian(f, x, "complex")
    assert jac.shape == (2, 4, 2)
    np.testing.assert_allclose(jac[0], [[2.0, 0.5], [0, 1], [np.cos(0.5), 0], [1, 0]], rtol=1e-15)


def test_complex_step_needs_an_analytic_function() -> None:
    """|x| is not analytic: the complex step sees no imaginary part and returns 0, not 1."""
    got = numdiff.gradient(lambda p: np.abs(p[..., 0]), np.array([[2.0]]), "complex")
    assert got[0, 0] == 0.0


def test_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown method 'spline'"):
        numdiff.gradient(scalar_field, np.zeros(3), "spline")  # type: ignore[arg-type]
