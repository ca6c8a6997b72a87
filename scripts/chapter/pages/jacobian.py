"""The generated parts of the Jacobian page (``docs/jacobian.md``).

The polar map's Jacobian at the chapter's point, checked numerically; its figure and the live
Jacobian (:mod:`chapter.jacobian_widget`); the first-order error figure; the shape rule on the
seeded tanh layer with the error table; and the two layouts.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from chapter import subjects
from chapter.claims import claim
from chapter.figures import figure_snippet
from chapter.jacobian_widget import widget_snippet
from gradfig import numdiff
from gradfig.check import DEFAULT_ATOL
from gradfig.landscapes import LAYER_MAP
from gradfig.text import number

__all__ = ["SNIPPETS", "TaylorRow", "layouts_md", "polar_md", "shape_rule_md", "shapes_md", "taylor_rows"]


def polar_md() -> str:
    """The polar map, its symbolic Jacobian and its value at one point, checked numerically."""
    m = subjects.JACOBIAN_MAP
    r, t = m.variable_latex
    x = np.array(subjects.POLAR_POINT)
    jac = m.jacobian(x)
    numeric = numdiff.jacobian(m, x)
    err = float(np.max(np.abs(jac - numeric)))
    claim(err <= DEFAULT_ATOL, f"polar Jacobian: analytical {jac} vs numerical {numeric}")
    f1, f2 = m.latex
    matrix = " \\\\ ".join(" & ".join(number(v, ".4f") for v in row) for row in jac)
    col_r = np.linalg.norm(jac[:, 0])
    col_t = np.linalg.norm(jac[:, 1])
    return (
        f"$$\nf({r}, {t}) = \\begin{{pmatrix}} {f1} \\\\ {f2} \\end{{pmatrix}}, \\qquad "
        f"J(f)({r}, {t}) = {m.jacobian_latex}\n$$\n\n"
        f"At $({r}, {t}) = {subjects.POLAR_POINT_LATEX}$ it is\n\n"
        f"$$\nJ = \\begin{{pmatrix}} {matrix} \\end{{pmatrix}}\n$$\n\n"
        f"and a central-difference Jacobian agrees to {number(err, '.1e')} in every entry. "
        f"Column 1 (nudge ${r}$) has length {number(col_r, '.4f')}: the point moves straight out "
        f"along the ray. Column 2 (nudge ${t}$) has length {number(col_t, '.4f')}, equal to ${r}$: "
        f"the point moves around the circle, faster the farther out it is.\n"
    )


def shape_rule_md() -> str:
    """The shape rule in words, with the layer's dimensions from the registry."""
    n, m = LAYER_MAP.dim_in, LAYER_MAP.dim_out
    return (
        f"For a function $f: \\mathbb R^{{{n}}} \\to \\mathbb R^{{{m}}}$, think of a dense layer "
        f"that maps {n} features to {m}: the Jacobian has **{m} rows and {n} columns** "
        f"(${m} \\times {n}$), a small input change $\\Delta\\mathbf x$ has {n} entries, and "
        f"$J\\,\\Delta\\mathbf x$ has {m} entries. It lives in the **output** space, where it "
        "predicts how the output moves. Checked with NumPy on a seeded $\\tanh$ layer from "
        "gradfig's registry:\n"
    )


@dataclass(frozen=True)
class TaylorRow:
    size: float
    error: float
    ratio_to_size_squared: float


def taylor_rows(sizes: Sequence[float] = (1e-1, 1e-2, 1e-3, 1e-4), seed: int = 1) -> list[TaylorRow]:
    """First-order error ‖f(x + Δx) − f(x) − J Δx‖ of the layer for shrinking ‖Δx‖."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(LAYER_MAP.dim_in)
    direction = rng.standard_normal(LAYER_MAP.dim_in)
    direction /= np.linalg.norm(direction)
    fx, jac = LAYER_MAP(x), LAYER_MAP.jacobian(x)
    rows = []
    for size in sizes:
        dx = size * direction
        err = float(np.linalg.norm(LAYER_MAP(x + dx) - fx - jac @ dx))
        rows.append(TaylorRow(size, err, err / size**2))
    return rows


def shapes_md() -> str:
    """The shape rule on the seeded layer R^100 -> R^200, and the first-order error."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal(LAYER_MAP.dim_in)
    jac = LAYER_MAP.jacobian(x)
    dx = 1e-3 * rng.standard_normal(LAYER_MAP.dim_in)
    out = jac @ dx
    claim(jac.shape == (LAYER_MAP.dim_out, LAYER_MAP.dim_in), f"Jacobian shape {jac.shape}")
    claim(out.shape == (LAYER_MAP.dim_out,), f"J·Δx shape {out.shape}")
    rows = taylor_rows()
    ratios = [a.error / b.error for a, b in itertools.pairwise(rows)]
    claim(all(50 < r < 200 for r in ratios), f"error ratios {ratios} are not about 100")
    n, m = LAYER_MAP.dim_in, LAYER_MAP.dim_out
    table = "\n".join(
        f"| {number(r.size, 'g')} | {number(r.error, '.3e')} | {number(r.ratio_to_size_squared, '.4f')} | "
        + ("" if i == 0 else number(ratios[i - 1], '.1f')) + " |"
        for i, r in enumerate(rows))
    code = (
        "```python\n"
        "import numpy as np\n"
        "from gradfig.landscapes import LAYER_MAP   # f(x) = tanh(W x + b), "
        f"R^{n} -> R^{m}\n\n"
        "rng = np.random.default_rng(1)\n"
        f"x = rng.standard_normal({n})\n"
        "J = LAYER_MAP.jacobian(x)\n"
        f"dx = 1e-3 * rng.standard_normal({n})\n"
        f"print(J.shape, dx.shape, (J @ dx).shape, LAYER_MAP.weight.shape)\n"
        "```\n\n"
        "```text\n"
        f"{jac.shape} {dx.shape} {out.shape} {LAYER_MAP.weight.shape}\n"
        "```\n"
    )
    return (
        code + "\n"
        f"Rows count outputs ({m}), columns count inputs ({n}). The weight matrix $W$ has the "
        f"same shape {LAYER_MAP.weight.shape}, (out, in).\n\n"
        "Shrink $\\Delta x$ tenfold at a time along one direction and measure the error of the "
        "linear approximation, $\\lVert f(x + \\Delta x) - f(x) - J\\,\\Delta x \\rVert$:\n\n"
        "| step size $\\lVert \\Delta x \\rVert$ | error | error $/ \\lVert \\Delta x \\rVert^2$ "
        "| previous error / this error |\n|---:|---:|---:|---:|\n" + table + "\n\n"
        f"Each tenfold shrink of the step divides the error by about {number(np.mean(ratios), '.0f')}: "
        "the error is of order $\\lVert \\Delta x \\rVert^2$, and the ratio in the third column "
        "settles to a constant.\n"
    )



def layouts_md() -> str:
    """The layer's derivative in the two layouts: shapes from the registry."""
    J = LAYER_MAP.jacobian(subjects.layer_point())
    m, n = J.shape
    claim((m, n) == (LAYER_MAP.dim_out, LAYER_MAP.dim_in), f"the layer's Jacobian has shape {J.shape}")
    return (
        "| layout | derivative of the layer $\\mathbb R^{" f"{n}" "} \\to \\mathbb R^{" f"{m}" "}$ "
        "| derivative of a scalar $f: \\mathbb R^n \\to \\mathbb R$ |\n|---|---|---|\n"
        f"| numerator (this chapter) | $J$, ${m} \\times {n}$: rows are outputs | a $1 \\times n$ row, "
        "$(\\nabla f)^\\top$ |\n"
        f"| denominator | $J^\\top$, ${n} \\times {m}$: rows are inputs | an $n \\times 1$ column, "
        "$\\nabla f$ |\n"
    )


def determinant_md() -> str:
    """det J as the local area factor: the image of a small square around the polar point,
    its area measured by the shoelace formula on the mapped boundary, against |det J|·area."""
    m = subjects.JACOBIAN_MAP
    x = np.array(subjects.POLAR_POINT)
    det = float(np.linalg.det(m.jacobian(x)))
    claim(abs(det - x[0]) <= 1e-12 * abs(x[0]), f"the polar map's det J is {det}, not r = {x[0]}")
    rows = []
    for side in (1e-1, 1e-2, 1e-3):
        t = np.linspace(0.0, 1.0, 201)[:-1]
        edges = [np.stack([t, 0 * t], -1), np.stack([1 + 0 * t, t], -1),
                 np.stack([1 - t, 1 + 0 * t], -1), np.stack([0 * t, 1 - t], -1)]
        square = x + side * (np.concatenate(edges) - 0.5)
        image = m(square)
        u, v = image[:, 0], image[:, 1]
        area = 0.5 * float(np.sum(u * np.roll(v, -1) - np.roll(u, -1) * v))  # the shoelace formula
        rows.append((side, area / side**2))
    claim(all(r > 0 for _, r in rows), "the image of the square is not positively oriented")
    claim(abs(rows[-1][1] - det) <= 1e-4 * det, f"area ratio {rows[-1][1]} vs det J = {det}")
    r_tex = m.variable_latex[0]
    side, ratio = rows[0]
    return (
        "The widget also shows $\\det J$. For a map of the plane, the determinant of the Jacobian "
        "is the factor by which the map stretches small areas near the point: if $f$ has "
        "continuous partials, a small region of area $A$ around $\\mathbf x_0$ is sent to a "
        "region of area close to $|\\det J(\\mathbf x_0)|\\,A$, and the closer the smaller the "
        "region. A negative determinant means the map also flips orientation, turning a "
        "counter-clockwise boundary into a clockwise one; $\\det J = 0$ means the linear map "
        "squashes the plane onto a line or a point. For polar coordinates "
        f"$\\det J = {r_tex}$, here {number(det, 'g')}. A square of side {number(side, 'g')} around "
        f"the point maps to a piece of a ring whose area, measured on the mapped boundary, is "
        f"{number(ratio, '.6f')} times the square's: $\\det J$ again, and positive, so the map "
        "keeps orientation. (For this map the ratio is exact at any size, because "
        f"$\\det J = {r_tex}$ grows linearly across the square and averages to its value at the "
        "centre; for most maps it is only a limit.)\n"
    )


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "jacobian-polar.md": polar_md,
    "jacobian-figure-jacobian-map.md": functools.partial(figure_snippet, "jacobian-map"),
    "jacobian-widget.md": widget_snippet,
    "jacobian-determinant.md": determinant_md,
    "jacobian-figure-taylor-error.md": functools.partial(figure_snippet, "taylor-error"),
    "jacobian-shape-rule.md": shape_rule_md,
    "jacobian-shapes.md": shapes_md,
    "jacobian-layouts.md": layouts_md,
}
