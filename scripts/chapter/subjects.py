"""The chapter's choice of subjects: which landscape, map and point each demonstration uses.

The library's functions take their subject as arguments; this module is where the chapter
says which ones it shows, each choice once. Pages, figures, captions and quizzes import the
choice from here, so moving the finite-difference study to another point, say, is one edit.
Points that are the registry's own check points are looked up by label, never retyped.
"""

from __future__ import annotations

import numpy as np

from gradfig.expr import evaluate_constant, parse
from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP

__all__ = [
    "CHECK_POINTS_SHOWN",
    "DESCENT_LANDSCAPE",
    "DESCENT_START",
    "DESCENT_STEPS",
    "DESCENT_TABLE_ITERATIONS",
    "DESCENT_TABLE_STEP",
    "DIRECTIONAL_ANGLE",
    "DIRECTIONAL_POINT",
    "FD_LANDSCAPE",
    "FD_POINT",
    "FD_STEPS",
    "JACOBIAN_MAP",
    "JACOBIAN_OUTPUTS",
    "JACOBIAN_RADIUS",
    "POLAR_POINT",
    "POLAR_POINT_LATEX",
    "POLAR_POINT_TEXT",
    "ROSENBROCK",
    "SURFACE_LANDSCAPE",
    "SURFACE_POINT",
    "TAYLOR_MAP",
    "TAYLOR_TS",
    "layer_point",
    "rosenbrock_point",
]

#: The landscape used throughout the chapter.
ROSENBROCK: Landscape = LANDSCAPES["rosenbrock"]


def rosenbrock_point(label: str) -> tuple[float, ...]:
    """The Rosenbrock check point with this label (the registry's, never retyped)."""
    return next(p.point for p in ROSENBROCK.check_points if p.label == label)


#: Whose check points the interactive field marks: the check page's table is Rosenbrock's.
CHECK_POINTS_SHOWN = frozenset({ROSENBROCK.name})

# --- the gradient-descent preview (gradient page) ---------------------------------------------
#: Rosenbrock's steepest curvature near the valley is about 100, so steps above ~2/100
#: overshoot: 0.002 crawls, 0.01 converges, 0.02 bounces, 0.022 escapes.
DESCENT_LANDSCAPE: Landscape = ROSENBROCK
DESCENT_START: tuple[float, float] = (-1.5, 2.0)
DESCENT_STEPS: tuple[float, ...] = (0.002, 0.01, 0.02, 0.022)
#: The descent table beside the figure: the good step of the preview, run longer.
DESCENT_TABLE_STEP = 0.01
DESCENT_TABLE_ITERATIONS = 2000

# --- the Jacobian (Jacobian page) -------------------------------------------------------------
#: The map of the Jacobian section and the point (r, θ) = (2, π/6) where J is taken: in the
#: worked example, the figure and the live widget's start. Written as formulas, so the page's
#: LaTeX and the numbers come from one spelling.
JACOBIAN_MAP = POLAR_MAP
#: The point as typed: the figure shows it so, (2, π/6).
POLAR_POINT_TEXT: tuple[str, str] = ("2", "pi/6")
POLAR_POINT: tuple[float, float] = tuple(evaluate_constant(c) for c in POLAR_POINT_TEXT)  # type: ignore[assignment]


def _point_latex(formulas: tuple[str, ...]) -> str:
    import sympy as sp

    # \tfrac: a text-size fraction, so the point stays on the line's height inside prose.
    coords = (sp.latex(parse(c, ())).replace(r"\frac", r"\tfrac") for c in formulas)
    return r"\left(" + ", ".join(coords) + r"\right)"


POLAR_POINT_LATEX = _point_latex(POLAR_POINT_TEXT)
#: The figure's disc around the point, and its output axes: the map's components f₁, f₂, as the
#: page names them (f₁ = r cos θ and f₂ = r sin θ are the Cartesian x and y).
JACOBIAN_RADIUS = 0.4
JACOBIAN_OUTPUTS = ("f₁", "f₂")

# --- first-order error (Jacobian page) --------------------------------------------------------
#: The seeded tanh layer R^100 -> R^200 and the step lengths t of its first-order error:
#: where t² truncation dominates round-off.
TAYLOR_MAP = LAYER_MAP
TAYLOR_TS: np.ndarray = np.logspace(-5, -1, 17)


def layer_point() -> np.ndarray:
    """The layer's input point of the shape demo: the first draw of ``default_rng(1)``, as the
    Jacobian page's code listing makes it; the autodiff page's worked Jacobians use it too."""
    return np.random.default_rng(1).standard_normal(LAYER_MAP.dim_in)

# --- finite differences (make-it-run page) ----------------------------------------------------
#: Rosenbrock at the off-axis check point; steps from 1e-14 to 1e-1, four per decade: both
#: arms of the V, and no smaller, since below ~1e-15 ``x + h`` rounds back to ``x``.
FD_LANDSCAPE: Landscape = ROSENBROCK
FD_POINT: tuple[float, ...] = rosenbrock_point("off-axis")
FD_STEPS: np.ndarray = np.logspace(-14, -1, 53)


# --- the surface (partials page) ---------------------------------------------------------------
#: The saddle x² − y² at its "diagonal" check point (1, 1): the two slices curve opposite ways
#: and their slopes, 2 and −2, can be checked by hand. The live view starts from the same scene.
SURFACE_LANDSCAPE: Landscape = LANDSCAPES["saddle"]
SURFACE_POINT: tuple[float, float] = next(p.point for p in SURFACE_LANDSCAPE.check_points
                                          if p.label == "diagonal")

# --- the directional derivative (gradient page) -----------------------------------------------
#: Rosenbrock at its off-axis check point, where the steepest-ascent scan also looks; the limit
#: definition is worked along the direction at 120° (not the recall question's (3, 4)).
DIRECTIONAL_POINT: tuple[float, float] = rosenbrock_point("off-axis")
DIRECTIONAL_ANGLE = 120.0
