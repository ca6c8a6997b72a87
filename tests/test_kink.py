"""gradfig.kink: a kink reads as not differentiable; differentiable points, however steep or
far out, do not (issue 20, row 8). The browser's readout runs the same test
(tests/js/kink.test.mjs against goldens from this module)."""

from __future__ import annotations

import math

import pytest

from gradfig.custom import landscape_from_formula
from gradfig.kink import find_kink, kink_words


def _kink(formula: str, domain, point):
    ls = landscape_from_formula(formula, domain)
    (x0, x1), (y0, y1) = ls.domain
    return find_kink(ls, point, math.hypot(x1 - x0, y1 - y0))


def test_the_kink_of_abs_x_plus_abs_y_is_not_differentiable() -> None:
    k = _kink("abs(x) + abs(y)", (-2, 2, -2, 2), (0, 0))
    assert k is not None and k.direction == (1.0, 0.0)
    assert (k.left, k.right) == pytest.approx((-1.0, 1.0))
    assert kink_words(k).startswith("f is not differentiable here: along x its slope is −1 from one side")


@pytest.mark.parametrize(("formula", "domain", "point"), [
    ("abs(x) + abs(y)", (-2, 2, -2, 2), (0, 1)),           # on the line x = 0
    ("abs(x - y)", (-2, 2, -2, 2), (1, 1)),                # a diagonal crease
    ("sqrt(abs(x) + 1e-300) + y", (-2, 2, -2, 2), (0, 0)),  # a cusp
    ("1000 + abs(x) + y", (-1, 1, -1, 1), (0, 0)),          # beside a large f
    ("abs(x - 100000) + y", (99999, 100001, -1, 1), (100000, 0)),  # far from the origin
])
def test_kinks_are_found(formula, domain, point) -> None:
    assert _kink(formula, domain, point) is not None


@pytest.mark.parametrize(("formula", "domain", "point"), [
    ("abs(x) + abs(y)", (-2, 2, -2, 2), (0.3, 0.2)),
    ("abs(x) + abs(y)", (-2, 2, -2, 2), (1e-7, 0.5)),       # beside the kink, not on it
    ("abs(x)^3 + y", (-1, 1, -1, 1), (0, 0)),               # both slopes tend to 0
    ("x*abs(x) + y", (-1, 1, -1, 1), (0, 0)),
    ("abs(x)*y", (-2, 2, -2, 2), (0, 0)),                   # the kink's slope is 0 at y = 0
    ("exp(50*x) + y", (-1, 1, -1, 1), (0.8, -0.4)),         # steep, smooth
    ("sin(x)*cos(y)", (-500000, 500000, -500000, 500000), (-400000, 300000)),
    ("x^2 + y^2", (-2, 2, -2, 2), (0, 0)),
])
def test_differentiable_points_are_not_kinks(formula, domain, point) -> None:
    assert _kink(formula, domain, point) is None
