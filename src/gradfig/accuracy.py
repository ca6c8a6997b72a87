"""How accurate are first-order approximations? The numbers behind the error figures.

Two questions answered with a figure and a number, both computed here (never inside plotting
code, so the text beside a figure and the tests use the same values the figure shows):

* **Linearisation error.** ``f(x + t Δx) ≈ f(x) + J t Δx`` leaves an error
  ``‖f(x + tΔx) − f(x) − J tΔx‖`` that shrinks like ``t²`` (first-order Taylor). The
  fitted log-log slope of the error against ``t`` is the evidence: :func:`taylor_slope`.
* **Finite-difference error.** A difference quotient with step ``h`` makes a truncation
  error (``∝ h`` forward, ``∝ h²`` central) and a round-off error (``∝ ε/h``); their sum
  is the V of :func:`fd_errors`, with its bottom at :func:`optimal_step`. The complex step
  has no subtraction, so it has no round-off side.

The module also computes the Jacobian's local picture (:func:`linear_images`). Every function
takes its subject (a landscape and a point, a vector map) as arguments; the defaults below
are for any subject, and a caller passes its own choices where it has them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gradfig import numdiff
from gradfig.functions import DenseTanhMap, Landscape, VectorMap

__all__ = [
    "DEFAULT_FD_STEPS",
    "DEFAULT_TS",
    "FdCurve",
    "fd_curve",
    "fd_errors",
    "fit_slope",
    "linear_images",
    "optimal_step",
    "taylor_direction",
    "taylor_errors",
    "taylor_point",
    "taylor_slope",
    "truncation_slope",
]

#: Default steps h of the finite-difference study: from 1e-14 to 1e-1, four per decade, wide
#: enough to show both arms of the V, and no smaller, since below ~1e-15 ``x + h`` rounds back
#: to ``x`` and the quotient is 0/0.
DEFAULT_FD_STEPS: np.ndarray = np.logspace(-14, -1, 53)

#: Default step lengths t of the linearisation-error study: where t² truncation dominates
#: round-off for maps whose inputs and outputs are of order one.
DEFAULT_TS: np.ndarray = np.logspace(-5, -1, 17)

#: The maps these studies take: anything with ``dim_in``, ``__call__`` and ``jacobian``.
Map = DenseTanhMap | VectorMap


def fit_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Least-squares slope of ``log10 y`` against ``log10 x`` (the power of a power law)."""
    slope, _ = np.polyfit(np.log10(np.asarray(x)), np.log10(np.asarray(y)), 1)
    return float(slope)


# --- linearisation error ----------------------------------------------------------------------
def taylor_point(vmap: Map) -> np.ndarray:
    """A seeded input point for the map (its dimension comes from the map)."""
    return np.random.default_rng(1).standard_normal(vmap.dim_in)


def taylor_direction(vmap: Map) -> np.ndarray:
    """A seeded unit direction Δx in the map's input space."""
    d = np.random.default_rng(2).standard_normal(vmap.dim_in)
    return d / np.linalg.norm(d)


def taylor_errors(vmap: Map, ts: np.ndarray | None = None, x: np.ndarray | None = None,
                  dx: np.ndarray | None = None) -> np.ndarray:
    """``‖f(x + tΔx) − f(x) − J(x) tΔx‖`` for every ``t`` in ``ts``.

    The Jacobian comes from the map's own analytical ``jacobian``; ``ts`` defaults to
    :data:`DEFAULT_TS`, ``x`` and ``dx`` to :func:`taylor_point` and :func:`taylor_direction`.
    """
    x = taylor_point(vmap) if x is None else np.asarray(x, dtype=float)
    dx = taylor_direction(vmap) if dx is None else np.asarray(dx, dtype=float)
    ts = np.asarray(DEFAULT_TS if ts is None else ts, dtype=float)
    steps = ts[:, None] * dx                                  # (k, n)
    exact = vmap(x + steps)                                   # (k, m)
    linear = vmap(x) + steps @ vmap.jacobian(x).T             # f(x) + J tΔx
    return np.linalg.norm(exact - linear, axis=-1)


def taylor_slope(vmap: Map, ts: np.ndarray | None = None, x: np.ndarray | None = None,
                 dx: np.ndarray | None = None) -> float:
    """Fitted log-log slope of the linearisation error against t (theory: 2)."""
    ts = DEFAULT_TS if ts is None else ts
    return fit_slope(ts, taylor_errors(vmap, ts, x, dx))


# --- finite-difference error ------------------------------------------------------------------
def fd_errors(method: numdiff.Method, landscape: Landscape, point: tuple[float, ...],
              steps: np.ndarray | None = None) -> np.ndarray:
    """‖numerical ∇f − analytical ∇f‖ at ``point`` for each step ``h`` in ``steps``
    (default :data:`DEFAULT_FD_STEPS`).

    Where the quotient happens to be exact the error is 0; such steps are reported as
    NaN (a fluke of rounding, and a zero has no place on log axes), so callers drop them.
    """
    x = np.asarray(point, dtype=float)
    steps = DEFAULT_FD_STEPS if steps is None else steps
    exact = landscape.gradient(x)
    errors = np.array([np.linalg.norm(numdiff.gradient(landscape, x, method, step=float(h)) - exact)
                       for h in steps])
    return np.where(errors > 0, errors, np.nan)


@dataclass(frozen=True)
class FdCurve:
    """One method's error-versus-step curve and the numbers read off it."""

    method: str
    steps: np.ndarray
    errors: np.ndarray
    optimal_step: float        # the step with the smallest measured error
    optimal_error: float
    rule_step: float           # the step numdiff's rule picks at this point
    slope: float | None        # fitted slope on the truncation side (None for complex step)


def optimal_step(steps: np.ndarray, errors: np.ndarray) -> tuple[float, float]:
    """The step with the smallest (non-NaN) error and that error."""
    i = int(np.nanargmin(errors))
    return float(steps[i]), float(errors[i])


def truncation_slope(steps: np.ndarray, errors: np.ndarray, h_opt: float) -> float:
    """Slope of the V's right arm: steps at least 100x the optimum, where truncation rules.

    Two decades above the optimum the round-off part is at most a hundredth (central)
    or a tenth (forward) of the truncation part, so the fit reads the truncation order.
    """
    side = (steps >= 100 * h_opt) & np.isfinite(errors)
    if side.sum() < 4:
        raise ValueError("fewer than 4 steps on the truncation side; widen the step range")
    return fit_slope(steps[side], errors[side])


def fd_curve(method: numdiff.Method, landscape: Landscape, point: tuple[float, ...],
             steps: np.ndarray | None = None) -> FdCurve:
    """The finite-difference error curve of ``method`` for ``landscape`` at ``point``."""
    steps = np.asarray(DEFAULT_FD_STEPS if steps is None else steps, dtype=float)
    errors = fd_errors(method, landscape, point, steps)
    h_opt, e_opt = optimal_step(steps, errors)
    rule = float(numdiff.step_size(np.asarray(point, dtype=float), method).max())
    slope = None if method == "complex" else truncation_slope(steps, errors, h_opt)
    return FdCurve(method, steps, errors, h_opt, e_opt, rule, slope)


# --- the Jacobian as a local linear map -------------------------------------------------------
def linear_images(vmap: VectorMap, x0: tuple[float, ...],
                  deltas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True and linearised images of ``x0 + Δ`` for each row Δ of ``deltas``.

    Returns
    -------
    tuple
        ``(f(x0 + Δ), f(x0) + J Δ, J)`` with J the analytical Jacobian at ``x0``
        (rows = outputs, columns = inputs: column j is J e_j).
    """
    x0a = np.asarray(x0, dtype=float)
    jac = vmap.jacobian(x0a)
    deltas = np.asarray(deltas, dtype=float)
    return vmap(x0a + deltas), vmap(x0a) + deltas @ jac.T, jac

