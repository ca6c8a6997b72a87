"""Gradient descent, the Ch.8 teaser: repeated steps along −∇f.

The paths are computed from the landscape's analytical gradient; the figure only draws
them. A step size that is too large makes the path bounce across a valley or leave the
domain, which is the lesson of the preview.

A caller may fix the start and the step sizes (a text that quotes the outcomes does);
otherwise :func:`preview` chooses them from the landscape's own shape, so that every
landscape teaches the same lesson:

- **Steps.** Near a minimum whose largest curvature (Hessian eigenvalue) is L, a step η
  shrinks the error along that direction by ``|1 − ηL|`` per iteration: descent is stable
  only for η < 2/L, and fastest near η = 1/L. The preview uses η = 0.1/L (crawls), 1/L
  (converges), 1.9/L (bounces across the valley, still converging) and 2.2/L (unstable),
  each rounded to 3 significant digits for the legend.
- **Curvature L.** The Hessian is taken by central differences of the analytical gradient.
  A cautious descent (η = 0.5 / the largest curvature anywhere on the domain, so it is stable
  everywhere) runs from each start candidate; L is the largest Hessian eigenvalue where the
  chosen start's cautious run ends, normally at or near the minimum it found. Where that
  curvature is not positive (a plane, a ridge), L falls back to the domain-wide curvature
  scale (at least ‖∇f‖max / the domain's shorter side).
- **Start.** Candidates are a 10 × 10 grid over the middle 80 % of the domain, its rows
  shifted by a quarter cell so that none lies on the domain's centre lines or diagonals (on
  a symmetry line of the function a path stays straight, or runs into a saddle). The start
  is the candidate whose cautious run falls furthest in f while staying inside the domain
  (so its path crosses the picture) or, if every run leaves the domain, the highest one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from gradfig.functions import Landscape

__all__ = ["ITERATIONS", "STEP_FACTORS", "DescentPath", "DescentPreview", "FieldDescent", "descend",
           "field_descent", "preview"]

#: Iterations of each preview run (a run that leaves the domain stops there).
ITERATIONS = 400

#: Steps of an automatic preview, in units of 1/L (L: the largest curvature at the minimum).
STEP_FACTORS: tuple[float, ...] = (0.1, 1.0, 1.9, 2.2)
#: Start candidates per axis, over the middle 80 % of the domain.
START_GRID = 10
#: Iterations of the cautious descent that ranks the start candidates.
CAUTIOUS_ITERATIONS = 2000


@dataclass(frozen=True)
class DescentPath:
    """The iterates of one run and where it ended."""

    step: float
    points: np.ndarray       # (k, 2), the start included
    final_value: float       # f at the last iterate
    final_grad_norm: float   # ‖∇f‖ at the last iterate
    diverged: bool           # left the landscape's domain (the path stops there)


@dataclass(frozen=True)
class DescentPreview:
    """One landscape's preview: a start, some step sizes and the path each gives."""

    landscape: Landscape
    start: tuple[float, float]
    steps: tuple[float, ...]
    paths: tuple[DescentPath, ...]
    curvature: float | None  # the L the steps were chosen from (None: steps given by the caller)


def descend(landscape: Landscape, start: tuple[float, float], step: float,
            iterations: int = ITERATIONS) -> DescentPath:
    """Run ``x ← x − step ∇f(x)`` from ``start``; stop early if it leaves the domain."""
    (x0, x1), (y0, y1) = landscape.domain
    x = np.asarray(start, dtype=float)
    points = [x]
    diverged = False
    for _ in range(iterations):
        x = x - step * landscape.gradient(x)
        points.append(x)
        if not (x0 <= x[0] <= x1 and y0 <= x[1] <= y1):
            diverged = True
            break
    return DescentPath(step, np.array(points), float(landscape(x)),
                       float(np.linalg.norm(landscape.gradient(x))), diverged)


def preview(landscape: Landscape, start: tuple[float, float] | None = None,
            steps: tuple[float, ...] | None = None) -> DescentPreview:
    """The gradient-descent preview of ``landscape``: one start, a few step sizes, a path each.

    Parameters
    ----------
    landscape
        Any 2-D landscape.
    start
        Where the paths start; default: chosen from the landscape's shape, as the module
        explains.
    steps
        The step sizes, one path each; default: chosen the same way.

    Returns
    -------
    DescentPreview
        Start, steps and one :class:`DescentPath` per step (``curvature`` is the L the steps
        were chosen from, None when they were given).
    """
    if start is None or steps is None:
        chosen = _chosen_preview(landscape)
        if start is None and steps is None:
            return chosen
        start = chosen.start if start is None else start
        curvature, steps = (chosen.curvature, chosen.steps) if steps is None else (None, steps)
    else:
        curvature = None
    start = (float(start[0]), float(start[1]))
    steps = tuple(float(s) for s in steps)
    return DescentPreview(landscape, start, steps, _paths(landscape, start, steps), curvature)


@lru_cache(maxsize=32)
def _paths(landscape: Landscape, start: tuple[float, float],
           steps: tuple[float, ...]) -> tuple[DescentPath, ...]:
    return tuple(descend(landscape, start, s) for s in steps)


def _hessians(landscape: Landscape, points: np.ndarray) -> np.ndarray:
    """Hessians ``(..., 2, 2)`` by central differences of the analytical gradient (symmetrised)."""
    (x0, x1), (y0, y1) = landscape.domain
    columns = []
    for k, width in enumerate((x1 - x0, y1 - y0)):
        h = 1e-5 * width  # about cbrt(machine epsilon) of the domain's scale
        offset = np.zeros(2)
        offset[k] = h
        columns.append((landscape.gradient(points + offset) - landscape.gradient(points - offset)) / (2 * h))
    hess = np.stack(columns, axis=-1)
    return (hess + np.swapaxes(hess, -1, -2)) / 2


@lru_cache(maxsize=16)
def _chosen_preview(landscape: Landscape) -> DescentPreview:
    (x0, x1), (y0, y1) = landscape.domain
    lo, hi = np.array([x0, y0]), np.array([x1, y1])
    span = min(x1 - x0, y1 - y0)
    with np.errstate(all="ignore"):  # a run that leaves the domain may overflow: it is dropped
        # The curvature scale of the whole domain, for a step that is stable everywhere.
        n = 41
        grid = np.stack(np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n)), axis=-1).reshape(-1, 2)
        eig = np.linalg.eigvalsh(_hessians(landscape, grid))
        gmax = float(np.max(np.linalg.norm(landscape.gradient(grid), axis=1)))
        scale = max(float(np.nanmax(np.abs(eig))), gmax / span, 1e-300)
        cautious = 0.5 / scale

        # Start candidates over the middle 80 %, each run cautiously; runs that leave stop.
        tx = 0.1 + 0.8 * (np.arange(START_GRID) + 0.5) / START_GRID
        ty = tx + 0.8 * 0.25 / START_GRID
        starts = np.stack(np.meshgrid(x0 + tx * (x1 - x0), y0 + ty * (y1 - y0)), axis=-1).reshape(-1, 2)
        points, inside = starts.copy(), np.ones(len(starts), dtype=bool)
        for _ in range(CAUTIOUS_ITERATIONS):
            moved = points[inside] - cautious * landscape.gradient(points[inside])
            points[inside] = moved
            inside &= np.all((points >= lo) & (points <= hi), axis=1)
        f_start = landscape(starts)
        drop = np.where(inside, f_start - landscape(points), -np.inf)
        best = int(np.argmax(drop)) if inside.any() else int(np.argmax(f_start))
        start = (float(starts[best, 0]), float(starts[best, 1]))

        curvature = float(np.linalg.eigvalsh(_hessians(landscape, points[best]))[-1])
        if not (math.isfinite(curvature) and curvature > 1e-9 * scale):
            curvature = scale
    steps = tuple(float(f"{factor / curvature:.3g}") for factor in STEP_FACTORS)
    return DescentPreview(landscape, start, steps, _paths(landscape, start, steps), curvature)


# --- the interactive field's own descent ------------------------------------------------------
#: The field component's stopping rules (mirrored by ``figures/assets/descent.mjs``): at most
#: this many steps; converged when ‖∇f‖ falls below :data:`FIELD_CONVERGED`; diverged when the
#: point strays :data:`FIELD_STRAY` domain widths from the domain's centre.
FIELD_MAX_STEPS = 500
FIELD_CONVERGED = 1e-8
FIELD_STRAY = 2.5


@dataclass(frozen=True)
class FieldDescent:
    """What the field's "descend from the point" button shows: the end and how it got there."""

    end: tuple[float, float]
    steps: int
    outcome: str  # "converged", "diverged" or "steps" (ran out of steps)


def field_descent(landscape: Landscape, start: tuple[float, float], eta: float) -> FieldDescent:
    """The interactive field's gradient descent, step for step as its script runs it.

    A text beside a field's controls can quote these numbers: they are the ones the field
    shows (the browser tests check that it does).
    """
    (x0, x1), (y0, y1) = landscape.domain
    x, y = (float(c) for c in start)
    steps, outcome = 0, "steps"
    for _ in range(FIELD_MAX_STEPS):
        gx, gy = (float(g) for g in landscape.gradient(np.array([x, y])))
        if math.hypot(gx, gy) < FIELD_CONVERGED:
            outcome = "converged"
            break
        x, y = x - eta * gx, y - eta * gy
        steps += 1
        if not (abs(x - (x0 + x1) / 2) < FIELD_STRAY * (x1 - x0)
                and abs(y - (y0 + y1) / 2) < FIELD_STRAY * (y1 - y0)):
            outcome = "diverged"
            break
    return FieldDescent((x, y), steps, outcome)
