"""The generated parts of the partial-derivatives page (``docs/partials.md``).

The worked example f(x, y, z) = x² + 3xy + z⁴: its partials and its gradient at the worked
point, checked against central differences.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from chapter.claims import claim
from gradfig import numdiff
from gradfig.check import DEFAULT_ATOL
from gradfig.landscapes import WORKED_EXAMPLE
from gradfig.text import MINUS, number, vector

__all__ = ["SNIPPETS", "worked_example_md"]


def _partial_symbol(var_latex: str) -> str:
    return rf"\frac{{\partial f}}{{\partial {var_latex}}}"


def worked_example_md() -> str:
    """f(x, y, z) = x² + 3xy + z⁴: the formula, its partials, and ∇f at the worked point."""
    fn = WORKED_EXAMPLE
    point = np.array(fn.check_points[0].point)
    grad = fn.gradient(point)
    numeric = numdiff.gradient(fn, point)
    error = float(np.linalg.norm(grad - numeric))
    claim(error <= DEFAULT_ATOL, f"worked example: analytical {grad} vs numerical {numeric}")
    names = ", ".join(fn.variable_latex)
    rows = [rf"f({names}) &= {fn.latex}"]
    for var, part in zip(fn.variable_latex, fn.partial_latex, strict=True):
        rows.append(rf"{_partial_symbol(var)} &= {part}")
    at = ", ".join(number(c) for c in point)
    partial_values = ", ".join(
        f"$\\partial f / \\partial {v} = {number(g)}$" for v, g in zip(fn.variable_latex, grad, strict=True))
    steepest = int(np.argmax(np.abs(grad)))
    command_at = ",".join(number(c).replace(MINUS, "-") for c in point)
    return (
        "$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$\n\n"
        f"At the point $({at})$ the partials are {partial_values}, "
        f"so $\\nabla f({at}) = {vector(grad)}$. "
        f"A central difference in each coordinate gives {vector(numeric)}, "
        f"an error norm of {number(error, '.1e')}. "
        f"The largest partial in size is the one for ${fn.variable_latex[steepest]}$: "
        f"at this point $f$ is most sensitive to ${fn.variable_latex[steepest]}$.\n\n"
        "The same check from the command line:\n\n"
        f"```console\n$ gradfig check \"{fn.formula.replace('^', '**')}\" --at {command_at}\n```\n"
    )


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "partials-worked-example.md": worked_example_md,
}
