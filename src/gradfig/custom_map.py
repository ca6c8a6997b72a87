"""A map of the plane of one's own: two typed formulas and a point, checked before drawing.

:func:`map_from_formulas` is what ``gradfig render --map "x^2 - y, x*y" --at 1,2`` uses, and
what a Python author can use instead of building a :class:`~gradfig.functions.VectorMap` by
hand; :func:`check_point` checks the point (and the disc around it) that
:func:`gradfig.figures.static.jacobian_figure` will draw. They refuse, with a message naming
the problem, what ``--formula`` refuses: a formula outside the safe grammar of
:mod:`gradfig.expr` (parsed, never run as code), anything but two formulas in x and y, and a
map or Jacobian that is undefined or infinite at the point or on the disc around it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from gradfig.expr import ExpressionError, evaluate_constant, validate
from gradfig.functions import VectorMap, valid_name
from gradfig.text import constant, point

__all__ = ["MapInputError", "check_point", "map_from_formulas", "split_formulas"]


class MapInputError(ValueError):
    """A map, point or radius that cannot be drawn; the message says why."""


def split_formulas(text: str) -> list[str]:
    """``"x^2 - y, x*y"`` -> ``["x^2 - y", "x*y"]``: split at the commas outside brackets."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts]


def map_from_formulas(formulas: str | Sequence[str], *, name: str = "map",
                      title: str | None = None) -> VectorMap:
    """A checked map R² → R² from two formulas in x and y.

    Parameters
    ----------
    formulas
        ``("x^2 - y", "x*y")``, or one text with the two separated by a comma.
    name
        Used in file names (``jacobian-<name>-light.png``): see :func:`gradfig.functions.valid_name`.
    title
        Shown in the figure's title; default: the name, capitalised.

    Raises
    ------
    MapInputError
        Not two formulas, or a bad name.
    gradfig.expr.ExpressionError
        A formula outside the grammar or in a variable other than x and y (the message says
        which of the two).
    """
    parts = split_formulas(formulas) if isinstance(formulas, str) else [str(f) for f in formulas]
    if len(parts) != 2 or not all(parts):
        raise MapInputError(f"give two formulas in x and y separated by a comma, e.g. \"x^2 - y, x*y\" "
                            f"(got {len(parts)} part{'s' if len(parts) != 1 else ''}"
                            f"{', one empty' if len(parts) == 2 else ''})")
    try:
        name = valid_name(name)
    except ValueError as exc:
        raise MapInputError(str(exc)) from None
    for i, text in enumerate(parts):
        try:
            validate(text, ("x", "y"))  # before SymPy is imported
        except ExpressionError as exc:
            raise ExpressionError(f"f{'₁₂'[i]} = {text[:40]!r}: {exc}") from None
    vmap = VectorMap(name=name, title=title or name.replace("-", " ").capitalize(),
                     formulas=tuple(parts))
    _ = vmap.exprs  # ExpressionError if undefined as written (1/0) or not real
    return vmap


def check_point(vmap: VectorMap, x0: Sequence[float | str], radius: float | None = None
                ) -> tuple[tuple[float, float], float]:
    """x₀ as numbers and the disc's radius, once f and J are finite at x₀ and on the disc.

    A coordinate may be a typed constant (``"pi/6"``); the radius defaults to
    :func:`gradfig.figures.static.default_radius`.

    Raises
    ------
    MapInputError
        Not two coordinates, a coordinate that is not a finite number, a radius that is not a
        positive finite number, or f or J undefined or infinite at x₀ or on the disc around it.
    """
    from gradfig.figures.static import default_radius, jacobian_offsets

    if len(x0) != 2:
        raise MapInputError(f"the point needs 2 coordinates (x, y), not {len(x0)}")
    values = []
    for c in x0:
        try:
            value = evaluate_constant(c) if isinstance(c, str) else float(c)
        except ExpressionError as exc:
            raise MapInputError(f"coordinate {c!r} is not a number: {exc}") from None
        if not math.isfinite(value):
            raise MapInputError(f"coordinate {constant(c)} is not finite")
        values.append(value)
    where = np.array(values)
    r = default_radius(values) if radius is None else float(radius)
    if not math.isfinite(r) or r <= 0:
        raise MapInputError(f"the radius must be a positive finite number, not {radius}")
    deltas = np.vstack([np.zeros((1, 2)), *jacobian_offsets(r)])
    with np.errstate(all="ignore"):
        try:
            checks = (("the map", vmap(where + deltas)),
                      ("its Jacobian", vmap.jacobian(where + deltas).reshape(len(deltas), -1)))
        except (OverflowError, TypeError) as exc:
            raise MapInputError(f"a number in the map or its Jacobian is too large for floating point "
                                f"({' '.join(str(exc).split())[:80]})") from None
        for what, out in checks:
            bad = ~np.all(np.isfinite(out), axis=1)
            if bad.any():
                first = int(np.argmax(bad))
                kind = "undefined" if np.isnan(out[first]).any() else "infinite"
                if bad[0]:
                    raise MapInputError(f"{what} is {kind} at the point {point(x0)}")
                near = point(float(f"{v:.6g}") for v in where + deltas[first])
                raise MapInputError(f"{what} is {kind} at {near}, within {r:g} of the point "
                                    f"{point(x0)}: choose another point or a smaller radius")
    return (values[0], values[1]), r
