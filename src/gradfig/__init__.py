"""gradfig: partials, gradients and Jacobians of any formula, computed, checked and drawn.

The public API, importable from the package itself::

    from pathlib import Path
    from gradfig import LabelledPoint, field_figure, field_page, gradient_check, landscape_from_formula

    wave = landscape_from_formula("x*exp(-x^2 - y^2)", (-2, 2, -2, 2), name="wave")
    print(gradient_check(wave, [LabelledPoint((0.5, -1.0), "a point")]).to_text())
    field_figure(wave, theme="dark").savefig("wave.png")  # the house style, no context needed
    Path("wave.html").write_text(field_page(wave), encoding="utf-8")  # interactive, offline

Names are loaded on first use (PEP 562), so ``import gradfig`` stays cheap and the command
line never imports matplotlib or plotly for a command that does not draw.

Every figure function takes its subject as arguments (a landscape, several landscapes, a
vector map and a point), so each can be drawn for a function of one's own::

    from gradfig import VectorMap, jacobian_figure

    polar = VectorMap(name="polar", title="Polar to Cartesian",
                      formulas=("r*cos(theta)", "r*sin(theta)"), variables=("r", "theta"))
    jacobian_figure(polar, (2, "pi/6")).savefig("polar.png")  # x₀ shown as typed: (2, π/6)
    mine = map_from_formulas("x^2 - y, x*y", name="mine")  # checked, as `gradfig render --map`
    jacobian_figure(mine, (1, 2)).savefig("mine.png")

The package is self-contained: it reads nothing outside itself (its style files and browser
component are package data). ``__version__`` is the one version number (``pyproject.toml``
reads it).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    # definitions: one formula -> NumPy, gradient/Jacobian, LaTeX, JavaScript
    "ScalarFunction": "gradfig.functions",
    "Landscape": "gradfig.functions",
    "VectorMap": "gradfig.functions",
    "DenseTanhMap": "gradfig.functions",
    "LabelledPoint": "gradfig.functions",
    "CriticalPoint": "gradfig.functions",
    # a landscape of one's own, from a formula and a domain, checked
    "landscape_from_formula": "gradfig.custom",
    "LandscapeInputError": "gradfig.custom",
    # a map of the plane of one's own, from two formulas, checked at a point
    "map_from_formulas": "gradfig.custom_map",
    "MapInputError": "gradfig.custom_map",
    # the registry
    "LANDSCAPES": "gradfig.landscapes",
    "BOWL": "gradfig.landscapes",
    "SADDLE": "gradfig.landscapes",
    "ROSENBROCK": "gradfig.landscapes",
    "RIPPLES": "gradfig.landscapes",
    "get_landscape": "gradfig.landscapes",
    # safe formulas
    "parse": "gradfig.expr",
    "ExpressionError": "gradfig.expr",
    # the gradient check
    "gradient_check": "gradfig.check",
    "require_pass": "gradfig.check",
    "CheckResult": "gradfig.check",
    "GradientCheckError": "gradfig.check",
    # figures
    "field_figure": "gradfig.figures.static",
    "panel_figure": "gradfig.figures.static",
    "descent_figure": "gradfig.figures.static",
    "jacobian_figure": "gradfig.figures.static",
    "taylor_error_figure": "gradfig.figures.static",
    "fd_error_figure": "gradfig.figures.static",
    "gradient_field": "gradfig.figures.interactive",
    "field_page": "gradfig.figures.page",
    # the house style
    "themed": "gradfig.figures.style",
    "ThemedFigure": "gradfig.figures.style",
    "PRESETS": "gradfig.figures.style",
}

__all__ = [
    "BOWL",
    "LANDSCAPES",
    "PRESETS",
    "RIPPLES",
    "ROSENBROCK",
    "SADDLE",
    "CheckResult",
    "CriticalPoint",
    "DenseTanhMap",
    "ExpressionError",
    "GradientCheckError",
    "LabelledPoint",
    "Landscape",
    "LandscapeInputError",
    "MapInputError",
    "ScalarFunction",
    "ThemedFigure",
    "VectorMap",
    "__version__",
    "descent_figure",
    "fd_error_figure",
    "field_figure",
    "field_page",
    "get_landscape",
    "gradient_check",
    "gradient_field",
    "jacobian_figure",
    "landscape_from_formula",
    "map_from_formulas",
    "panel_figure",
    "parse",
    "require_pass",
    "taylor_error_figure",
    "themed",
]


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'gradfig' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from gradfig.check import CheckResult, GradientCheckError, gradient_check, require_pass
    from gradfig.custom import LandscapeInputError, landscape_from_formula
    from gradfig.custom_map import MapInputError, map_from_formulas
    from gradfig.expr import ExpressionError, parse
    from gradfig.figures.interactive import gradient_field
    from gradfig.figures.page import field_page
    from gradfig.figures.static import (
        descent_figure,
        fd_error_figure,
        field_figure,
        jacobian_figure,
        panel_figure,
        taylor_error_figure,
    )
    from gradfig.figures.style import PRESETS, ThemedFigure, themed
    from gradfig.functions import (
        CriticalPoint,
        DenseTanhMap,
        LabelledPoint,
        Landscape,
        ScalarFunction,
        VectorMap,
    )
    from gradfig.landscapes import (
        BOWL,
        LANDSCAPES,
        RIPPLES,
        ROSENBROCK,
        SADDLE,
        get_landscape,
    )
