"""Gradient descent, the Ch.8 teaser: repeated steps along −∇f.

The paths are computed from the landscape's analytical gradient; the figure only draws
them. A step size that is too large makes the path bounce across a valley or leave the
domain, which is the lesson of the preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES

__all__ = ["DESCENT_LANDSCAPE", "DESCENT_START", "DESCENT_STEPS", "DescentPath", "descend",
           "descent_paths"]

#: The preview's landscape, start and step sizes. Rosenbrock's steepest curvature near the
#: valley is about 100, so steps above ~2/100 overshoot: 0.02 bounces, 0.022 escapes.
DESCENT_LANDSCAPE: Landscape = LANDSCAPES["rosenbrock"]
DESCENT_START: tuple[float, float] = (-1.5, 2.0)  # the start of the chapter's descent table
DESCENT_STEPS: tuple[float, ...] = (0.002, 0.01, 0.02, 0.022)  # slow, good, bouncing, escapes
DESCENT_ITERATIONS = 400


@dataclass(frozen=True)
class DescentPath:
    """The iterates of one run and where it ended."""

    step: float
    points: np.ndarray       # (k, 2), the start included
    final_value: float       # f at the last iterate
    final_grad_norm: float   # ‖∇f‖ at the last iterate
    diverged: bool           # left the landscape's domain (the path stops there)


def descend(landscape: Landscape, start: tuple[float, float], step: float,
            iterations: int = DESCENT_ITERATIONS) -> DescentPath:
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


@cache
def descent_paths() -> tuple[DescentPath, ...]:
    """The preview's paths: one per step size in :data:`DESCENT_STEPS`."""
    return tuple(descend(DESCENT_LANDSCAPE, DESCENT_START, s) for s in DESCENT_STEPS)
