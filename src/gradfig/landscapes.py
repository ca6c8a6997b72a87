"""The registry: every function the chapter uses, each defined exactly once.

Order is the chapter's order (bowl, saddle, rosenbrock, ripples) and is fixed, so every
output built by iterating the registry is reproducible.
"""

from __future__ import annotations

import math

from gradfig.functions import DenseTanhMap, LabelledPoint, Landscape, ScalarFunction, VectorMap

__all__ = [
    "LANDSCAPES",
    "LAYER_MAP",
    "POLAR_MAP",
    "SHEAR_MAP",
    "WORKED_EXAMPLE",
    "UnknownNameError",
    "get_landscape",
    "names",
]

P = LabelledPoint

BOWL = Landscape(
    name="bowl",
    title="Bowl",
    formula="x^2 + y^2",
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    critical_formulas=(("0", "0"),),
    check_points=(P((0.0, 0.0), "minimum"), P((1.0, 2.0), "up the side"),
                  P((-1.5, 0.5), "far left")),
    summary="a convex bowl whose gradient points straight away from the minimum at the origin",
)

SADDLE = Landscape(
    name="saddle",
    title="Saddle",
    formula="x^2 - y^2",
    domain=((-2.0, 2.0), (-2.0, 2.0)),
    critical_formulas=(("0", "0"),),
    check_points=(P((0.0, 0.0), "saddle point"), P((1.0, 1.0), "diagonal"),
                  P((-1.0, 0.5), "left")),
    summary="a saddle whose gradient points away from the origin along x and towards it along y",
)

ROSENBROCK = Landscape(
    name="rosenbrock",
    title="Rosenbrock",
    formula="(1 - x)^2 + 10*(y - x^2)^2",
    domain=((-2.0, 2.0), (-1.0, 3.0)),
    critical_formulas=(("1", "1"),),
    # The chapter's gradient-check points (CHAPTER.md section 6).
    check_points=(P((0.0, 0.0), "origin"), P((1.0, 1.0), "minimum"),
                  P((-0.5, 1.5), "off-axis"), P((1.2, 1.0), "in the valley")),
    summary="a curved valley along y = x² whose gradient is steep on the walls and small on the valley floor",
)

RIPPLES = Landscape(
    name="ripples",
    title="Ripples",
    formula="sin(x)*cos(y)",
    domain=((-math.pi, math.pi), (-math.pi, math.pi)),
    critical_formulas=(("pi/2", "0"), ("-pi/2", "0"), ("0", "pi/2"), ("0", "-pi/2")),
    check_points=(P((0.0, 0.0), "origin"), P((math.pi / 2, 0.0), "peak"),
                  P((1.0, 2.0), "slope")),
    summary="a periodic sine-cosine surface of peaks, pits and saddles on a regular grid",
)

#: The four landscapes of the chapter, in the chapter's order.
LANDSCAPES: dict[str, Landscape] = {ls.name: ls for ls in (BOWL, SADDLE, ROSENBROCK, RIPPLES)}

#: Section 2's worked example.
WORKED_EXAMPLE = ScalarFunction(
    name="worked",
    title="Worked example",
    formula="x^2 + 3*x*y + z^4",
    variables=("x", "y", "z"),
    check_points=(P((1.0, 2.0, 3.0), "worked point"),),
)

#: The R^2 -> R^2 map of the Jacobian section: polar to Cartesian coordinates.
POLAR_MAP = VectorMap(
    name="polar",
    title="Polar to Cartesian",
    formulas=("r*cos(theta)", "r*sin(theta)"),
    variables=("r", "theta"),
)

#: A nonlinear shear of the plane, the live Jacobian's second map: J = [[1, y], [0, 1]], so
#: det J = 1 everywhere (areas are kept) while J itself changes from point to point.
SHEAR_MAP = VectorMap(
    name="shear",
    title="Nonlinear shear",
    formulas=("x + y^2/2", "y"),
    variables=("x", "y"),
)

#: The seeded R^100 -> R^200 layer of the shape rule.
LAYER_MAP = DenseTanhMap(name="layer", title="Dense tanh layer", dim_in=100, dim_out=200, seed=0)

#: Every scalar function the command line can check by name.
SCALAR_FUNCTIONS: dict[str, ScalarFunction] = {**LANDSCAPES, WORKED_EXAMPLE.name: WORKED_EXAMPLE}


class UnknownNameError(KeyError):
    """A name that is not in the registry."""

    def __str__(self) -> str:  # KeyError quotes its message; we want a plain sentence
        return self.args[0]


def names() -> list[str]:
    """Names of every checkable function, landscapes first."""
    return list(SCALAR_FUNCTIONS)


def get_landscape(name: str) -> ScalarFunction:
    """Look up a checkable function by name, with a message that lists the valid names."""
    try:
        return SCALAR_FUNCTIONS[name]
    except KeyError:
        raise UnknownNameError(f"unknown landscape {name!r} (known: {', '.join(names())})") from None
