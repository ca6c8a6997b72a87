"""Critical points of a function on a box: found numerically, verified, classified.

A registry entry may state its critical points exactly (``critical_formulas``); when it states
none, or not all, :func:`find_critical_points` finds every one inside the domain:

1. **Start everywhere.** Root finding from a grid of starts over the box (default 16 x 16),
   solving ∇f(p) = 0 with SciPy's MINPACK hybrid method (``scipy.optimize.root``,
   ``method="hybr"``) and the analytical Hessian as the Jacobian of ∇f, so each converged run
   ends at a critical point to round-off.
2. **Keep what is real and inside.** A run counts only if ‖∇f‖ at its end is at round-off
   level for this function (relative to the largest ‖∇f‖ seen among the starts) and the point
   is strictly inside the box (points on an edge belong to the neighbouring box as much as to
   this one, and half their marker would be cut off).
3. **Deduplicate.** Runs ending within a millionth of the box's size of each other are one point.
4. **Classify** from the Hessian's eigenvalues: all positive, a minimum; all negative, a
   maximum; mixed signs, a saddle. Where the Hessian is singular (x⁴ + y⁴ at 0, a valley of
   minima) its signs say nothing, so f itself is compared with f on a small ring around the point.

Why not solve ∇f = 0 symbolically? SymPy's ``solve`` returns nothing useful for most
non-polynomial gradients (sin x cos y has infinitely many roots) and can run for minutes on
polynomials of modest degree; a grid of Newton-type runs on the exact gradient is fast (a few
tenths of a second), works for every formula, and each answer is verified after the fact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["CriticalPoint", "classify", "find_critical_points", "refine"]

#: Starts per axis of the grid the search runs from.
STARTS = 16
#: Points closer than this fraction of the box's diagonal are the same point.
SAME_POINT = 1e-6
#: A gradient this small relative to the function's gradient scale is zero.
ZERO_GRADIENT = 1e-9
#: Points within this fraction of the box's size from an edge are on the edge, not inside.
EDGE = 1e-9

ArrayFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class CriticalPoint:
    """A point where the gradient vanishes, with its kind from the Hessian.

    Attributes
    ----------
    point
        Coordinates, as floats.
    kind
        ``"minimum"``, ``"maximum"`` or ``"saddle"``.
    formulas
        The exact coordinates as the registry states them (e.g. ``("pi/2", "0")``), or
        ``None`` for a point found numerically.
    """

    point: tuple[float, ...]
    kind: str
    formulas: tuple[str, ...] | None = None

    @property
    def exact(self) -> bool:
        """True if the coordinates are the registry's exact formulas."""
        return self.formulas is not None


def classify(f: ArrayFn, hessian: ArrayFn, point: np.ndarray, scale: float) -> str:
    """Minimum, maximum or saddle at a critical ``point``.

    ``scale`` is a length typical of the domain: the ring test for a singular Hessian looks at
    f on circles of radius ``1e-3 * scale`` and ``1e-2 * scale``.
    """
    eig = np.linalg.eigvalsh(hessian(point))
    big = max(1.0, float(np.abs(eig).max()))
    if np.all(np.abs(eig) > 1e-8 * big):
        return "minimum" if eig.min() > 0 else "maximum" if eig.max() < 0 else "saddle"
    # Singular Hessian: second-order terms do not decide; compare f around the point, on
    # rings of two radii with many samples (a degenerate saddle such as (0, 0) of
    # x²y − y³/3 + y² dips below f(0, 0) only in a sliver as wide as the radius).
    n = point.shape[-1]
    if n == 2:  # even rings are the clearest test in the plane
        angles = np.linspace(0, 2 * np.pi, 1024, endpoint=False)
        directions = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    else:
        directions = np.random.default_rng(0).standard_normal((4096, n))
        directions /= np.linalg.norm(directions, axis=-1, keepdims=True)
    ring = np.concatenate([f(point + r * scale * directions) for r in (1e-3, 1e-2)]) - f(point)
    tiny = 1e-14 * max(1.0, abs(float(f(point))))
    if ring.min() >= -tiny:
        return "minimum"
    if ring.max() <= tiny:
        return "maximum"
    return "saddle"


def refine(gradient: ArrayFn, hessian: ArrayFn, start: Sequence[float]) -> np.ndarray | None:
    """Solve ∇f = 0 from ``start`` with ``scipy.optimize.root`` (MINPACK hybrid method).

    Returns the end point, or None if the run produced no finite point. The caller decides
    whether the gradient there is small enough.
    """
    from scipy.optimize import root

    x0 = np.asarray(start, dtype=float)
    with np.errstate(all="ignore"):
        sol = root(gradient, x0, jac=hessian, method="hybr", options={"xtol": 1e-14})
        point = np.asarray(sol.x, dtype=float)
        # Newton steps polish the result: at a regular critical point one or two reach
        # round-off. Where the Hessian is singular at the point (a degenerate one, such as
        # (0, 0) of x²y − y³/3 + y²) convergence is only linear and the root finder stops
        # while still ~1e-3 away, with ‖∇f‖ already below any tolerance; runs from different
        # starts would then count as different points. So iterate until the steps vanish,
        # and keep the root finder's answer if Newton wanders off instead.
        start_point = point
        scale = 1.0 + float(np.abs(point).max())
        for _ in range(200):
            try:
                step = np.linalg.solve(hessian(point), gradient(point))
            except np.linalg.LinAlgError:
                break
            if not np.all(np.isfinite(step)):
                break
            point = point - step
            if float(np.abs(step).max()) <= 1e-15 * scale:
                break
        if not np.all(np.isfinite(point)) or np.abs(point - start_point).max() > 1e-2 * scale:
            point = start_point
    return point if np.all(np.isfinite(point)) else None


def find_critical_points(f: ArrayFn, gradient: ArrayFn, hessian: ArrayFn,
                         domain: Sequence[tuple[float, float]], *, starts: int = STARTS,
                         known: Sequence[CriticalPoint] = (),
                         point_functions: tuple[ArrayFn, ArrayFn] | None = None,
                         ) -> tuple[CriticalPoint, ...]:
    """Every critical point strictly inside the box ``domain``, verified and classified.

    Parameters
    ----------
    f, gradient, hessian
        Vectorised functions of points ``(..., n)`` returning ``(...)``, ``(..., n)`` and
        ``(..., n, n)``.
    domain
        ``((lo, hi), ...)``, one pair per coordinate.
    starts
        Starts per axis of the search grid (``starts ** n`` runs).
    known
        Critical points already known (exact ones from the registry): they are returned
        first, as given, and a numerical point that coincides with one is dropped.
    point_functions
        Optional faster ``(gradient, hessian)`` for a single point ``(n,)``; the root finder
        calls them many times per start.

    Returns
    -------
    tuple of CriticalPoint
        The known points, then the new ones in lexicographic order of their coordinates.
    """
    lo, hi = np.array(domain, dtype=float).T
    span = hi - lo
    size = float(np.linalg.norm(span))
    axes = [lo[i] + (np.arange(starts) + 0.5) * span[i] / starts for i in range(len(lo))]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(lo))
    with np.errstate(all="ignore"):
        norms = np.linalg.norm(gradient(grid), axis=-1)
    scale = float(np.nanmax(norms[np.isfinite(norms)], initial=1.0))
    tolerance = ZERO_GRADIENT * max(1.0, scale)

    one_gradient, one_hessian = point_functions or (gradient, hessian)
    found: list[np.ndarray] = [np.asarray(c.point, dtype=float) for c in known]
    new: list[np.ndarray] = []
    for start in grid:
        point = refine(one_gradient, one_hessian, start)
        if point is None:
            continue
        inside = np.all(point > lo + EDGE * span) and np.all(point < hi - EDGE * span)
        with np.errstate(all="ignore"):
            small = float(np.linalg.norm(gradient(point))) <= tolerance  # the exact evaluator
        if not (inside and small):
            continue
        if any(np.linalg.norm(point - p) <= SAME_POINT * size for p in found):
            continue
        found.append(point)
        new.append(point)
    # A coordinate that is zero up to round-off is shown as 0, not as 6e-37.
    new = [np.where(np.abs(p) <= EDGE * span, 0.0, p) for p in new]
    new.sort(key=lambda p: tuple(np.round(p, 9)))
    classified = tuple(CriticalPoint(tuple(float(c) for c in p), classify(f, hessian, p, size))
                       for p in new)
    return (*known, *classified)
