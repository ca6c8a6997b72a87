"""A landscape of one's own: a typed formula and a domain, checked before anything is drawn.

:func:`landscape_from_formula` is what ``gradfig render --formula EXPR --domain ...`` uses,
and what a Python author can use instead of building a
:class:`~gradfig.functions.Landscape` by hand: it refuses, with a message naming the problem,
a formula outside the safe grammar of :mod:`gradfig.expr` (it is parsed, never evaluated as
code), a domain that cannot be drawn, a name that is not safe in a file name, and a formula
that is undefined, infinite or constant over the domain. What it returns can be drawn by every
figure function, rendered by :mod:`gradfig.render` and put in a page by
:func:`gradfig.figures.page.field_page`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from gradfig.expr import validate
from gradfig.functions import Landscape, valid_name

__all__ = ["MAX_ASPECT", "MAX_COORDINATE", "LandscapeInputError", "check_domain", "check_name",
           "landscape_from_formula"]

#: Largest |coordinate| of a domain; beyond it grids of floats lose their resolution.
MAX_COORDINATE = 1e6
#: Figures draw x and y at the same scale (only then do ∇f arrows cross level curves at
#: visible right angles), so a domain may be at most this many times wider than tall.
MAX_ASPECT = 10.0
#: Samples per axis where f and ∇f must be finite: the static heatmap's grid (cell centres)
#: and the interactive field's grid (edges included).
CHECK_GRIDS = (241, 101)


class LandscapeInputError(ValueError):
    """A domain, a name or a formula that cannot be drawn; the message says why."""


def check_name(name: str) -> str:
    """``name`` if it follows the registry's name rule (:func:`gradfig.functions.valid_name`),
    else :class:`LandscapeInputError`."""
    try:
        return valid_name(name)
    except ValueError as exc:
        raise LandscapeInputError(str(exc)) from None


def check_domain(domain: Sequence[Sequence[float]] | Sequence[float]
                 ) -> tuple[tuple[float, float], tuple[float, float]]:
    """A drawable domain ``((xmin, xmax), (ymin, ymax))``; also takes ``(xmin, xmax, ymin, ymax)``.

    Raises
    ------
    LandscapeInputError
        Not four numbers, not finite, larger than :data:`MAX_COORDINATE`, empty or too narrow
        a range, or more than :data:`MAX_ASPECT` times wider than tall (or taller than wide).
    """
    try:
        flat = [float(v) for v in np.asarray(domain, dtype=float).ravel()]
    except (TypeError, ValueError):
        raise LandscapeInputError("the domain must be 4 numbers: xmin, xmax, ymin, ymax") from None
    if len(flat) != 4:
        raise LandscapeInputError(f"the domain must be 4 numbers (xmin, xmax, ymin, ymax), not {len(flat)}")
    for label, value in zip(("xmin", "xmax", "ymin", "ymax"), flat, strict=True):
        if not math.isfinite(value):
            raise LandscapeInputError(f"{label} is not a finite number ({value})")
        if abs(value) > MAX_COORDINATE:
            raise LandscapeInputError(f"{label} = {_shortest(value)} is beyond the limit "
                                      f"(|coordinates| up to {MAX_COORDINATE:g})")
    x0, x1, y0, y1 = flat
    for axis, lo, hi in (("x", x0, x1), ("y", y0, y1)):
        if lo >= hi:
            raise LandscapeInputError(f"{axis}min ({_shortest(lo)}) must be less than "
                                      f"{axis}max ({_shortest(hi)})")
        least = 1e-6 * max(abs(lo), abs(hi))
        if hi - lo <= least:
            raise LandscapeInputError(
                f"the {axis} range [{_shortest(lo)}, {_shortest(hi)}] is too narrow to draw: its "
                f"width, {hi - lo:.3g}, must be more than a millionth of its largest |coordinate| "
                f"({least:.3g})")
    ratio = (x1 - x0) / (y1 - y0)
    if not 1 / MAX_ASPECT <= ratio <= MAX_ASPECT:
        raise LandscapeInputError(
            f"the domain is {max(ratio, 1 / ratio):.3g} times {'wider' if ratio > 1 else 'taller'} than "
            f"{'tall' if ratio > 1 else 'wide'}; x and y are drawn at the same scale, so keep it "
            f"within {MAX_ASPECT:g}:1")
    return (x0, x1), (y0, y1)


def _shortest(value: float) -> str:
    """``value`` in as few significant digits as name it exactly (``%g`` style): a message
    about a limit shows the digits that break it (-1000001, not -1e+06)."""
    for digits in range(1, 18):
        text = f"{value:.{digits}g}"
        if float(text) == value:
            return text
    return repr(value)


def _grids(domain: tuple[tuple[float, float], tuple[float, float]]) -> list[np.ndarray]:
    (x0, x1), (y0, y1) = domain
    cells = (np.arange(CHECK_GRIDS[0]) + 0.5) / CHECK_GRIDS[0]
    edges = np.linspace(0, 1, CHECK_GRIDS[1])
    return [np.stack(np.meshgrid(x0 + t * (x1 - x0), y0 + t * (y1 - y0)), axis=-1).reshape(-1, 2)
            for t in (cells, edges)]


def _check_finite(landscape: Landscape) -> None:
    """f and ∇f finite on the figures' sample grids, and f not constant there."""
    with np.errstate(all="ignore"):
        for points in _grids(landscape.domain):
            for what, values in (("the formula", landscape(points)[:, None]),
                                 ("its gradient", landscape.gradient(points))):
                bad = ~np.all(np.isfinite(values), axis=1)
                if bad.any():
                    x, y = points[int(np.argmax(bad))]
                    kind = "undefined" if np.isnan(values[bad]).any() else "infinite"
                    raise LandscapeInputError(
                        f"{what} is {kind} at ({x:.6g}, {y:.6g}), inside the domain: "
                        "choose a domain where it is defined")
            f = landscape(points)
            if np.ptp(f) == 0:
                raise LandscapeInputError("the formula is constant over the domain: "
                                          "there is no gradient to draw")


def landscape_from_formula(formula: str, domain: Sequence[Sequence[float]] | Sequence[float], *,
                           name: str = "formula", title: str | None = None) -> Landscape:
    """A checked :class:`~gradfig.functions.Landscape` from a formula in x and y.

    Parameters
    ----------
    formula
        In the safe grammar of :func:`gradfig.expr.parse`, e.g. ``"x*exp(-x^2 - y^2)"``.
    domain
        ``((xmin, xmax), (ymin, ymax))`` or ``(xmin, xmax, ymin, ymax)``.
    name
        Used in file names (``field-<name>-light.png``): see :func:`gradfig.functions.valid_name`.
    title
        Shown in figure titles; default: the name, capitalised.

    Returns
    -------
    Landscape
        With no check points and no critical points given.

    Raises
    ------
    gradfig.expr.ExpressionError
        A formula outside the grammar, in a variable other than x and y, or undefined.
    LandscapeInputError
        A bad name or domain, or a formula undefined, infinite or constant over the domain.
    """
    name = check_name(name)
    dom = check_domain(domain)
    validate(formula, ("x", "y"))  # refuses a bad formula before SymPy is imported
    landscape = Landscape(name=name, title=title or name.replace("-", " ").capitalize(),
                          formula=formula, domain=dom)
    _ = landscape.expr  # ExpressionError if undefined as written (1/0) or not real
    try:
        _check_finite(landscape)
    except (OverflowError, TypeError) as exc:
        # An exact constant beyond float range ((100000*x)**64 differentiates to 64·10³²⁰·x⁶³):
        # NumPy cannot hold it, so there is nothing finite to draw.
        raise LandscapeInputError(f"a number in the formula or its gradient is too large for "
                                  f"floating point ({' '.join(str(exc).split())[:80]})") from None
    return landscape
