"""Is f differentiable at a point? One-sided slopes that disagree at every scale say no.

The readouts print ∇f from the formula's derivative, and SymPy differentiates ``abs(x)`` to
``sign(x)``, which is 0 at x = 0: at the kink of ``abs(x) + abs(y)`` the formula gives
∇f = (0, 0), and a readout would call (0, 0) a critical point. It is not differentiable there.

The test, along each axis and both diagonals u: the one-sided difference quotients
``(f(p + h u) − f(p)) / h`` and ``(f(p) − f(p − h u)) / h`` at three steps h, 1e4, 1e2 and 1
times the smallest (1e-9 of the domain's diagonal, or more where the coordinates are so
large that such a step would be lost in their round-off; each quotient divided by the step
the coordinates really took). The steps are tiny against the function's own scale, not the
domain's: sin x cos y at (−400000, 300000) is smooth at steps of 1e-4, not at steps of 4.
Where f is differentiable the two quotients agree up to O(h), so their difference shrinks (by
1e4 over the three steps; for |x|³ at 0 by 1e8). At a kink the difference is the jump in slope,
the same at every step (or growing, at a cusp such as sqrt(|x|)). So f is called not
differentiable at p only if, in some direction, the difference at the smallest step is at least
half the one at the largest, and at every step it is far above what round-off in f can make
(:data:`ROUNDOFF` units of round-off of f, divided by h). A point within the smallest step of a
kink reads as at it: the readout's own resolution.

The browser's readout runs the same test (``figures/assets/kink.mjs``, checked against golden
cases written from this module).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["DIRECTIONS", "STEPS", "Kink", "find_kink", "kink_words", "smallest_step"]

#: The steps, as multiples of the smallest (:func:`smallest_step`).
STEPS = (1e4, 1e2, 1.0)
#: The smallest step, as a fraction of the domain's diagonal.
SMALLEST = 1e-9
#: Directions tried, in this order: x, y, and the two diagonals.
DIRECTIONS = ((1.0, 0.0), (0.0, 1.0), (math.sqrt(0.5), math.sqrt(0.5)), (math.sqrt(0.5), -math.sqrt(0.5)))
#: A slope difference must exceed this many units of f's round-off (eps |f|), over h.
ROUNDOFF = 64

EPS = float(np.finfo(float).eps)


@dataclass(frozen=True)
class Kink:
    """Where f has no derivative: the direction tried, and the one-sided slopes along it at
    the smallest step (``left``: from p − h u to p; ``right``: from p to p + h u)."""

    direction: tuple[float, float]
    left: float
    right: float


def smallest_step(point: Sequence[float], size: float) -> float:
    """The test's smallest step: 1e-9 of the domain's diagonal, or where the coordinates are
    large, what keeps the step's own round-off below a millionth of it (1e6 eps |x|)."""
    return max(SMALLEST * float(size), 1e6 * EPS * max(abs(float(c)) for c in point))


def find_kink(f: Callable[[np.ndarray], np.ndarray], point: Sequence[float], size: float) -> Kink | None:
    """A :class:`Kink` if f is not differentiable at the 2-D ``point`` (module docstring),
    else None. ``f`` is vectorised over points ``(..., 2)``; ``size`` is the domain's diagonal."""
    x, y = (float(c) for c in point)
    p = np.array([x, y])
    with np.errstate(all="ignore"):
        f0 = float(f(p))
        if not math.isfinite(f0):
            return None
        for u in DIRECTIONS:
            d = np.array(u)
            steps = np.array(STEPS) * smallest_step(p, size)
            forward, backward = p + steps[:, None] * d, p - steps[:, None] * d
            # (p + h u) − p is not exactly h u in floating point: divide by the step taken.
            hs = np.minimum((forward - p) @ d, (p - backward) @ d)
            if not np.all(hs > 0):
                continue  # the step is below the coordinates' resolution
            ahead = np.asarray(f(forward), dtype=float)
            behind = np.asarray(f(backward), dtype=float)
            if not (np.all(np.isfinite(ahead)) and np.all(np.isfinite(behind))):
                continue
            right = (ahead - f0) / ((forward - p) @ d)
            left = (f0 - behind) / ((p - backward) @ d)
            jump = np.abs(right - left)
            noise = ROUNDOFF * EPS * (abs(f0) + np.abs(ahead) + np.abs(behind)) / hs
            if np.all(jump > noise) and jump[-1] >= 0.5 * jump[0]:
                return Kink(u, float(left[-1]), float(right[-1]))
    return None


def kink_words(kink: Kink) -> str:
    """"f is not differentiable here: along x its slope is −1 from one side and 1 from the
    other, so ∇f does not exist here (...)"."""
    from gradfig.text import MINUS, format_number

    name = {DIRECTIONS[0]: "x", DIRECTIONS[1]: "y", DIRECTIONS[2]: "the diagonal (1, 1)",
            DIRECTIONS[3]: f"the diagonal (1, {MINUS}1)"}[kink.direction]
    return (f"f is not differentiable here: along {name} its slope is "
            f"{format_number(kink.left, MINUS, '.3g')} from one side and "
            f"{format_number(kink.right, MINUS, '.3g')} from the other, so ∇f does not exist "
            "here (what the derivative's formula gives is not a gradient).")
