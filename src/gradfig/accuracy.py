"""How accurate are first-order approximations? The numbers behind the error figures.

Two questions the chapter answers with a figure and a number, both computed here from the
registry (never inside plotting code, so the chapter's text and the tests use the same
values the figures show):

* **Linearisation error.** ``f(x + t Δx) ≈ f(x) + J t Δx`` leaves an error
  ``‖f(x + tΔx) − f(x) − J tΔx‖`` that shrinks like ``t²`` (first-order Taylor). The
  fitted log-log slope of the error against ``t`` is the evidence: :func:`taylor_slope`.
* **Finite-difference error.** A difference quotient with step ``h`` makes a truncation
  error (``∝ h`` forward, ``∝ h²`` central) and a round-off error (``∝ ε/h``); their sum
  is the V of :func:`fd_errors`, with its bottom at :func:`optimal_step`. The complex step
  has no subtraction, so it has no round-off side.

The module also draws the Jacobian's local picture (:func:`linear_images`) and holds the
points the chapter uses for these demonstrations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from gradfig import numdiff
from gradfig.functions import DenseTanhMap, Landscape, VectorMap
from gradfig.landscapes import LANDSCAPES, LAYER_MAP

__all__ = [
    "FD_LANDSCAPE",
    "FD_POINT",
    "FD_STEPS",
    "POLAR_POINT",
    "TAYLOR_TS",
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

#: The chapter point of the finite-difference study: Rosenbrock at the off-axis check point.
FD_LANDSCAPE: Landscape = LANDSCAPES["rosenbrock"]
FD_POINT: tuple[float, float] = (-0.5, 1.5)
#: Steps from 1e-14 to 1e-1, four per decade: wide enough to show both arms of the V, and
#: no smaller, since below ~1e-15 ``x + h`` rounds back to ``x`` and the quotient is 0/0.
FD_STEPS: np.ndarray = np.logspace(-14, -1, 53)

#: Step sizes t of the linearisation-error study: where t² truncation dominates round-off.
TAYLOR_TS: np.ndarray = np.logspace(-5, -1, 17)

#: The point (r, θ) where the polar map is linearised in the Jacobian figure (the point the
#: chapter's Jacobian section evaluates J at).
POLAR_POINT: tuple[float, float] = (2.0, math.pi / 6)


def fit_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Least-squares slope of ``log10 y`` against ``log10 x`` (the power of a power law)."""
    slope, _ = np.polyfit(np.log10(np.asarray(x)), np.log10(np.asarray(y)), 1)
    return float(slope)


# --- linearisation error ----------------------------------------------------------------------
def taylor_point(vmap: DenseTanhMap | VectorMap = LAYER_MAP) -> np.ndarray:
    """A seeded input point for the map (its dimension comes from the map)."""
    return np.random.default_rng(1).standard_normal(vmap.dim_in)


def taylor_direction(vmap: DenseTanhMap | VectorMap = LAYER_MAP) -> np.ndarray:
    """A seeded unit direction Δx in the map's input space."""
    d = np.random.default_rng(2).standard_normal(vmap.dim_in)
    return d / np.linalg.norm(d)


def taylor_errors(vmap: DenseTanhMap | VectorMap = LAYER_MAP, ts: np.ndarray = TAYLOR_TS,
                  x: np.ndarray | None = None, dx: np.ndarray | None = None) -> np.ndarray:
    """``‖f(x + tΔx) − f(x) − J(x) tΔx‖`` for every ``t`` in ``ts``.

    The Jacobian comes from the map's own analytical ``jacobian``; ``x`` and ``dx``
    default to :func:`taylor_point` and :func:`taylor_direction`.
    """
    x = taylor_point(vmap) if x is None else np.asarray(x, dtype=float)
    dx = taylor_direction(vmap) if dx is None else np.asarray(dx, dtype=float)
    ts = np.asarray(ts, dtype=float)
    steps = ts[:, None] * dx                                  # (k, n)
    exact = vmap(x + steps)                                   # (k, m)
    linear = vmap(x) + steps @ vmap.jacobian(x).T             # f(x) + J tΔx
    return np.linalg.norm(exact - linear, axis=-1)


@cache
def taylor_slope(vmap: DenseTanhMap | VectorMap = LAYER_MAP) -> float:
    """Fitted log-log slope of the linearisation error against t (theory: 2)."""
    return fit_slope(TAYLOR_TS, taylor_errors(vmap))


# --- finite-difference error ------------------------------------------------------------------
def fd_errors(method: numdiff.Method, landscape: Landscape = FD_LANDSCAPE,
              point: tuple[float, ...] = FD_POINT, steps: np.ndarray = FD_STEPS) -> np.ndarray:
    """‖numerical ∇f − analytical ∇f‖ at ``point`` for each step ``h`` in ``steps``.

    Where the quotient happens to be exact the error is 0; such steps are reported as
    NaN (a fluke of rounding, and a zero has no place on log axes), so callers drop them.
    """
    x = np.asarray(point, dtype=float)
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


@cache
def fd_curve(method: numdiff.Method) -> FdCurve:
    """The chapter's finite-difference error curve for ``method`` at :data:`FD_POINT`."""
    errors = fd_errors(method)
    h_opt, e_opt = optimal_step(FD_STEPS, errors)
    rule = float(numdiff.step_size(np.asarray(FD_POINT), method).max())
    slope = None if method == "complex" else truncation_slope(FD_STEPS, errors, h_opt)
    return FdCurve(method, FD_STEPS, errors, h_opt, e_opt, rule, slope)


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

