"""The directional derivative against the direction's angle: the cosine ‖∇f‖ cos θ.

:func:`directional_slopes` computes the numbers: at a point p of a landscape, for unit
directions u = (cos φ, sin φ), the exact slope u·∇f(p) and the limit quotient
(f(p + t u) − f(p)) / t for a small t, measured from f alone. :func:`directional_figure`
draws them against φ: one cosine, largest (‖∇f‖) along ∇f, zero where u runs along the level
curve, −‖∇f‖ against ∇f. Nothing here writes a file, and the figure holds no chapter's words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from gradfig.figures.style import PALETTES, ThemedFigure, house_style
from gradfig.functions import Landscape
from gradfig.text import number, vector

__all__ = ["DirectionalSlopes", "directional_figure", "directional_slopes", "limit_quotients"]


@dataclass(frozen=True)
class DirectionalSlopes:
    """Slopes of f at ``point`` along u = (cos φ, sin φ); angles in degrees."""

    point: tuple[float, float]
    gradient: tuple[float, float]
    norm: float
    gradient_angle: float        # φ of ∇f, in [0, 360)
    angles: np.ndarray           # a fine sweep, for the curve
    exact: np.ndarray            # u·∇f on the sweep
    sampled: np.ndarray          # fewer angles, measured
    quotients: np.ndarray        # (f(p + t u) − f(p)) / t at the sampled angles
    step: float                  # that t


def limit_quotients(landscape: Landscape, point: Sequence[float], angle: float,
                    steps: Sequence[float]) -> np.ndarray:
    """(f(p + t u) − f(p)) / t for each t in ``steps``, u at ``angle`` degrees."""
    p = np.asarray(point, dtype=float)
    u = np.array([math.cos(math.radians(angle)), math.sin(math.radians(angle))])
    ts = np.asarray(steps, dtype=float)
    return (landscape(p + ts[:, None] * u) - landscape(p)) / ts


def directional_slopes(landscape: Landscape, point: Sequence[float], *, samples: int = 24,
                       step: float = 1e-7) -> DirectionalSlopes:
    """Exact and measured directional derivatives at ``point`` (∇f ≠ 0 there)."""
    from gradfig.kink import find_kink, kink_words

    p = np.asarray(point, dtype=float)
    (x0, x1), (y0, y1) = landscape.domain
    kink = find_kink(landscape, p, math.hypot(x1 - x0, y1 - y0))
    if kink is not None:  # sign(0) = 0 makes the formula's ∇f (0, 0) at abs's kink: not a gradient
        raise ValueError(f"at {vector(tuple(p))}, {kink_words(kink)}")
    g = landscape.gradient(p)
    norm = float(np.hypot(*g))
    if norm == 0:
        raise ValueError(f"∇f = 0 at {vector(tuple(p))}: every directional derivative is 0")
    angles = np.linspace(0.0, 360.0, 721)
    rad = np.radians(angles)
    exact = np.cos(rad) * g[0] + np.sin(rad) * g[1]
    sampled = np.arange(samples) * (360.0 / samples)
    quotients = np.array([limit_quotients(landscape, p, a, [step])[0] for a in sampled])
    return DirectionalSlopes(point=(float(p[0]), float(p[1])), gradient=(float(g[0]), float(g[1])),
                             norm=norm, gradient_angle=math.degrees(math.atan2(g[1], g[0])) % 360,
                             angles=angles, exact=exact, sampled=sampled, quotients=quotients, step=step)


@house_style
def directional_figure(landscape: Landscape, point: Sequence[float], *, theme: str = "light",
                       size: tuple[float, float] = (8, 4.2)) -> Figure:
    """D_u f against the angle of u at ``point``: the exact cosine and measured quotients."""
    palette = PALETTES[theme]
    s = directional_slopes(landscape, point)
    fig = ThemedFigure(theme, figsize=size, layout="compressed")
    ax = fig.add_subplot()
    ax.axhline(0, color=palette.muted, linewidth=0.8)
    ax.plot(s.angles, s.exact, color=palette.ink, linewidth=2,
            label=f"u·∇f = ‖∇f‖ cos(φ − {s.gradient_angle:.0f}°), ‖∇f‖ = {number(s.norm, '.3g')}")
    ax.plot(s.sampled, s.quotients, linestyle="none", marker="o", markersize=6,
            color=palette.accent, markeredgecolor=palette.ink, markeredgewidth=0.6,
            label=f"(f(p + t u) − f(p)) / t, t = {number(s.step, 'g')}")
    ga = s.gradient_angle
    marks = [(ga, s.norm, "along ∇f: largest"), ((ga + 180) % 360, -s.norm, "along −∇f: smallest"),
             ((ga + 90) % 360, 0.0, "along the level curve: 0"), ((ga + 270) % 360, 0.0, "")]
    for angle, value, text in marks:
        ax.axvline(angle, color=palette.muted, linewidth=0.8, linestyle=":")
        if text:
            ax.annotate(text, (angle, value), xytext=(6, 8 if value >= 0 else -16),
                        textcoords="offset points",
                        color=palette.ink, fontsize="small")
    ax.set_xlim(0, 360)
    ax.set_xticks(range(0, 361, 45))
    ax.set_ylim(-1.25 * s.norm, 1.25 * s.norm)
    ax.set_xlabel("angle φ of the unit vector u (degrees)")
    ax.set_ylabel("slope along u")
    ax.set_title(f"{landscape.title} at p = {vector(s.point, 'g')}: the slope in every direction", loc="left")
    ax.legend(loc="lower left", fontsize="small", frameon=False)
    return fig
