"""Definitions: from one formula, the NumPy function, derivatives, LaTeX and JavaScript."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest

from gradfig import numdiff
from gradfig.expr import ExpressionError
from gradfig.functions import DenseTanhMap, ScalarFunction, VectorMap

NODE = shutil.which("node")


def run_js(source: str, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Evaluate a ``{f, grad}`` JavaScript object literal with Node at each point."""
    script = (f"const o = {source};\n"
              f"const pts = {json.dumps(points.tolist())};\n"
              "console.log(JSON.stringify(pts.map(p => [o.f(...p), o.grad(...p)])));\n")
    proc = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=30, check=True)
    out = json.loads(proc.stdout)
    return np.array([v for v, _ in out]), np.array([g for _, g in out])


def test_one_formula_gives_values_and_gradient() -> None:
    f = ScalarFunction("t", "test", "x^2*y + exp(y)")
    pts = np.array([[1.0, 0.0], [2.0, -1.0]])
    np.testing.assert_allclose(f(pts), [1.0, -4 + np.exp(-1)])
    np.testing.assert_allclose(f.gradient(pts), [[0.0, 2.0], [-4.0, 4 + np.exp(-1)]])


def test_shapes_follow_the_points() -> None:
    f = ScalarFunction("t", "test", "3*x + 0*y")  # constant partials come back as scalars
    assert f(np.array([1.0, 2.0])).shape == ()
    assert f.gradient(np.array([1.0, 2.0])).shape == (2,)
    grid = np.zeros((4, 5, 2))
    assert f(grid).shape == (4, 5)
    g = f.gradient(grid)
    assert g.shape == (4, 5, 2)
    assert np.all(g[..., 0] == 3.0) and np.all(g[..., 1] == 0.0)


def test_wrong_point_shape_is_refused() -> None:
    f = ScalarFunction("t", "test", "x + y")
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 2\)"):
        f(np.zeros((3, 3)))


def test_huge_exact_integer_constant_stays_numeric() -> None:
    # SymPy keeps 10**20 as an exact integer; it once made an object array.
    f = ScalarFunction("t", "test", "10**20*x", variables=("x",))
    g = f.gradient(np.array([[1.0]]))
    assert g.dtype == float and g[0, 0] == 1e20


def test_complex_input_is_accepted_for_the_complex_step() -> None:
    f = ScalarFunction("t", "test", "sin(x)*y")
    value = f(np.array([1.0 + 1e-20j, 2.0]))
    assert np.iscomplexobj(value)
    assert value.imag == pytest.approx(1e-20 * np.cos(1.0) * 2.0, rel=1e-12)


@pytest.mark.parametrize(("formula", "message"), [
    ("x/(x - x)", "undefined"),
    ("log(0*x)", "undefined"),
])
def test_undefined_formulas_are_refused(formula: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        _ = ScalarFunction("t", "test", formula).expr


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("formula", [
    "x^2 + 3*x*y", "sin(x)*cos(y)", "exp(-x^2 - y^2)", "sqrt(x^2 + y^2 + 1)", "tanh(x - 2*y)",
    "log(1 + x^2) / (1 + y^2)", "x^3 - 3*x*y^2", "cosh(x) - sinh(y) + tan(x/3)", "pi*x + e*y",
])
def test_javascript_evaluates_like_numpy(formula: str) -> None:
    f = ScalarFunction("t", "test", formula)
    pts = np.random.default_rng(1).uniform(-2, 2, (25, 2))
    values, grads = run_js(f.js_source(), pts)
    np.testing.assert_allclose(values, f(pts), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(grads, f.gradient(pts), rtol=1e-13, atol=1e-13)


def run_js_map(source: str, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Evaluate a ``{f, jac}`` JavaScript object literal (a map's) with Node at each point."""
    script = (f"const o = {source};\n"
              f"const pts = {json.dumps(points.tolist())};\n"
              "console.log(JSON.stringify(pts.map(p => [o.f(...p), o.jac(...p)])));\n")
    proc = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=30, check=True)
    out = json.loads(proc.stdout)
    return np.array([v for v, _ in out]), np.array([j for _, j in out])


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize(("formulas", "variables"), [
    (("r*cos(theta)", "r*sin(theta)"), ("r", "theta")),
    (("x + y^2/2", "y"), ("x", "y")),
    (("x*y", "x + y^2", "sin(x)"), ("x", "y")),             # R^2 -> R^3: three rows, two columns
    (("exp(x)*cos(y) - z", "tanh(x*y*z)"), ("x", "y", "z")),  # R^3 -> R^2: two rows, three columns
    (("3", "x"), ("x", "y")),                                  # constant and zero entries
])
def test_javascript_map_evaluates_like_numpy(formulas: tuple[str, ...], variables: tuple[str, ...]) -> None:
    m = VectorMap("t", "test", formulas, variables)
    pts = np.random.default_rng(4).uniform(-2, 2, (40, m.dim_in))
    values, jacs = run_js_map(m.js_source(), pts)
    assert values.shape == (40, m.dim_out) and jacs.shape == (40, m.dim_out, m.dim_in)
    np.testing.assert_allclose(values, m(pts), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(jacs, m.jacobian(pts), rtol=1e-13, atol=1e-13)


def test_vector_map_jacobian_rows_are_outputs() -> None:
    m = VectorMap("t", "test", ("x*y", "x + y^2", "sin(x)"))
    assert (m.dim_in, m.dim_out) == (2, 3)
    pts = np.random.default_rng(2).uniform(-1, 1, (7, 2))
    jac = m.jacobian(pts)
    assert jac.shape == (7, 3, 2)
    np.testing.assert_allclose(jac, numdiff.jacobian(m, pts, "complex"), rtol=1e-14, atol=1e-15)
    x, y = pts[0]
    np.testing.assert_allclose(jac[0], [[y, x], [1.0, 2 * y], [np.cos(x), 0.0]], rtol=1e-15)


def test_dense_tanh_map_is_seeded_and_has_the_right_shapes() -> None:
    a = DenseTanhMap("a", "a", dim_in=5, dim_out=3, seed=7)
    b = DenseTanhMap("b", "b", dim_in=5, dim_out=3, seed=7)
    c = DenseTanhMap("c", "c", dim_in=5, dim_out=3, seed=8)
    np.testing.assert_array_equal(a.weight, b.weight)
    assert not np.array_equal(a.weight, c.weight)
    pts = np.random.default_rng(3).standard_normal((4, 5))
    assert a(pts).shape == (4, 3)
    assert a.jacobian(pts).shape == (4, 3, 5)
    np.testing.assert_allclose(a.jacobian(pts), numdiff.jacobian(a, pts, "complex"), rtol=1e-13, atol=1e-15)
