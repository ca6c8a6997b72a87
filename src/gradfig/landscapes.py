"""The registry: every function the chapter uses, each defined exactly once.

:data:`LANDSCAPES` is the one list of landscapes: the fields page and its switcher, the
panel, the landscape table, the check page, the gallery, the slide zip, the notebook and every
count and list of names in the prose are built by iterating it. Adding a landscape is one
``Landscape(...)`` entry in the ``registry(...)`` call below; only ``name``, ``title`` and
``formula`` are required. ``domain`` defaults to [−2, 2] × [−2, 2]; check points (three sample
points inside the domain by default) and critical points (found numerically) are optional.
Order is the chapter's order and is fixed, so every output built by iterating the registry is
reproducible.
"""

from __future__ import annotations

import math

from gradfig.functions import DenseTanhMap, LabelledPoint, Landscape, ScalarFunction, VectorMap, valid_name

__all__ = [
    "BOWL",
    "LANDSCAPES",
    "LAYER_MAP",
    "POLAR_MAP",
    "RIPPLES",
    "ROSENBROCK",
    "SADDLE",
    "SHEAR_MAP",
    "WORKED_EXAMPLE",
    "UnknownNameError",
    "get_landscape",
    "names",
    "registry",
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
    about=("The simplest landscape: a convex quadratic with a single minimum. Every arrow points "
           "straight away from the minimum, and the arrows grow with the distance from it, because "
           "the partials grow linearly with $x$ and $y$. Gradient descent from anywhere heads "
           "straight for the bottom."),
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
    about=("The centre is a critical point that is neither a minimum nor a maximum. What differs "
           "between the two directions is the **curvature**: $f$ bends upwards along $x$ and "
           "downwards along $y$, so the second partials below have opposite signs. The first "
           "partials are another matter: they can share a sign, as the example below shows. The "
           "arrows point away from the centre along the $x$-axis and towards it along the "
           "$y$-axis, and a descent that starts just off the $x$-axis slides away along $y$ for "
           "ever: there is no minimum at all."),
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
    about=("The landscape used throughout the chapter, a standard test for optimisers. Its minimum "
           "sits at the end of a long curved valley that follows the parabola $y = x^2$. On the "
           "walls the gradient is large and points across the valley, not along it; on the valley "
           "floor it is small. That is why gradient descent needs many steps here: the gradient "
           "says \"get off the wall\" far more loudly than \"walk along the valley\"."),
    # Grouped as a teacher writes them; SymPy proves each equal to the derivative.
    partials_display=("2*(x - 1) - 40*x*(y - x^2)", "20*(y - x^2)"),
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
    about=("A periodic surface of peaks, pits and saddles laid out on a regular grid; the gradient "
           "field repeats with the same period. Around a peak the arrows point inwards, around a "
           "pit they point outwards, and between them sit saddles. A descent lands in whichever pit "
           "is downhill of where it starts: there are many minima, and the gradient only knows "
           "about the nearest one."),
)

def registry(*landscapes: Landscape) -> dict[str, Landscape]:
    """The landscapes by name, in the order given; refuses duplicate or unsafe names.

    A name is used in file names, URLs and HTML attributes: the rule is
    :func:`gradfig.functions.valid_name` (lower-case letters, digits and hyphens, starting
    with a letter), the same as ``gradfig render --name``'s.
    """
    found: dict[str, Landscape] = {}
    for ls in landscapes:
        try:
            valid_name(ls.name)
        except ValueError as exc:
            raise ValueError(f"landscape {exc}") from None
        if ls.name in found:
            raise ValueError(f"two landscapes are named {ls.name!r}")
        found[ls.name] = ls
    return found


#: The chapter's landscapes, in the chapter's order. To add one, add a ``Landscape(...)`` here.
LANDSCAPES: dict[str, Landscape] = registry(
    BOWL,
    SADDLE,
    ROSENBROCK,
    RIPPLES,
)

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
