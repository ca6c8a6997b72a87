"""The chapter's worked numbers, computed from the registry at build time.

Each ``*_md`` function returns a Markdown fragment (maths as ``$...$`` for
pymdownx.arithmatex) that a chapter page includes by a stable name; :data:`CHAPTER_SNIPPETS`
maps those names to the functions and :mod:`gradfig.chapter.snippets` merges them into its registry.
Nothing here writes a file. Every number the chapter's prose relies on comes from one of
these functions, so changing a definition in :mod:`gradfig.landscapes` changes the page, and
every demonstration checks itself (a broken claim raises :class:`ChapterClaimError`, which
stops the build).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from gradfig import numdiff
from gradfig.check import DEFAULT_ATOL, MINUS, format_number, format_vector, require_pass
from gradfig.critical import CriticalPoint
from gradfig.expr import parse
from gradfig.figures.static import and_list, number_word
from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP, WORKED_EXAMPLE

__all__ = [
    "CHAPTER_SNIPPETS",
    "ChapterClaimError",
    "DescentStep",
    "TaylorRow",
    "descent_path",
    "jvp_comparison",
    "steepest_ascent_scan",
    "taylor_rows",
]


class ChapterClaimError(RuntimeError):
    """A statement the chapter makes is not true of the numbers: the build must stop."""


def _claim(ok: bool, message: str) -> None:
    if not ok:
        raise ChapterClaimError(message)


def _num(value: float, spec: str = ".6g") -> str:
    return format_number(float(value), MINUS, spec)


def _vec(values: Sequence[float]) -> str:
    return format_vector([float(v) for v in values], MINUS)


def _partial_symbol(var_latex: str) -> str:
    return rf"\frac{{\partial f}}{{\partial {var_latex}}}"


# --- section 2: the worked example ---------------------------------------------------------

def worked_example_md() -> str:
    """f(x, y, z) = x² + 3xy + z⁴: the formula, its partials, and ∇f at the worked point."""
    fn = WORKED_EXAMPLE
    point = np.array(fn.check_points[0].point)
    grad = fn.gradient(point)
    numeric = numdiff.gradient(fn, point)
    error = float(np.linalg.norm(grad - numeric))
    _claim(error <= DEFAULT_ATOL, f"worked example: analytical {grad} vs numerical {numeric}")
    names = ", ".join(fn.variable_latex)
    rows = [rf"f({names}) &= {fn.latex}"]
    for var, part in zip(fn.variable_latex, fn.partial_latex, strict=True):
        rows.append(rf"{_partial_symbol(var)} &= {part}")
    at = ", ".join(_num(c) for c in point)
    partial_values = ", ".join(
        f"$\\partial f / \\partial {v} = {_num(g)}$" for v, g in zip(fn.variable_latex, grad, strict=True))
    steepest = int(np.argmax(np.abs(grad)))
    command_at = ",".join(_num(c).replace(MINUS, "-") for c in point)
    return (
        "$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$\n\n"
        f"At the point $({at})$ the partials are {partial_values}, "
        f"so $\\nabla f({at}) = {_vec(grad)}$. "
        f"A central difference in each coordinate gives {_vec(numeric)}, "
        f"an error norm of {_num(error, '.1e')}. "
        f"The largest partial in size is the one for ${fn.variable_latex[steepest]}$: "
        f"at this point $f$ is most sensitive to ${fn.variable_latex[steepest]}$.\n\n"
        "The same check from the command line:\n\n"
        f"```console\n$ gradfig check \"{fn.formula.replace('^', '**')}\" --at {command_at}\n```\n"
    )


# --- section 3 and 4: the landscapes -------------------------------------------------------

def _point_latex(cp: CriticalPoint) -> str:
    """A critical point as maths: exact as the registry states it (``\\left(\\frac{\\pi}{2},
    0\\right)``), or to six significant digits when it was found numerically."""
    import sympy as sp
    if cp.formulas is not None:
        coords = [sp.latex(parse(c, ()).doit()) for c in cp.formulas]
    else:
        coords = [format_number(c, "-", ".6g") for c in cp.point]
    return r"\left(" + ", ".join(coords) + r"\right)"


#: At most this many critical points are listed per landscape (a landscape such as
#: sin(10x)·cos(10y) has hundreds; the figures still mark them all).
LISTED_CRITICAL = 9


def _listed(ls: Landscape) -> tuple[list[CriticalPoint], str]:
    """The critical points to list, and a note on how many more there are."""
    points = list(ls.critical_points)
    more = len(points) - LISTED_CRITICAL
    return points[:LISTED_CRITICAL], (f" and {more} more" if more > 0 else "")


def _critical_md(ls: Landscape, sep: str = "<br>") -> str:
    if not ls.critical_points:
        return "none inside the domain"
    shown, more = _listed(ls)
    return sep.join(f"{c.kind} ${_point_latex(c)}$" for c in shown) + more


def landscapes_md() -> str:
    """Table of every landscape: f, its partials and its critical points with their kinds."""
    lines = [
        "| landscape | function $f(x, y)$ | partial $\\partial f / \\partial x$ "
        "| partial $\\partial f / \\partial y$ | where $\\nabla f = 0$ |",
        "|---|---|---|---|---|",
    ]
    for ls in LANDSCAPES.values():
        dx, dy = ls.partial_latex
        lines.append(f"| {ls.title} | ${ls.latex}$ | ${dx}$ | ${dy}$ | {_critical_md(ls)} |")
    return "\n".join(lines) + "\n"


def landscape_names_md() -> str:
    """One sentence naming every landscape, for the summary."""
    names = and_list(ls.title for ls in LANDSCAPES.values())
    return (f"You also saw the {number_word(len(LANDSCAPES))} landscapes ({names}) as gradient "
            "fields in which every arrow points uphill and crosses the level curves at right "
            "angles.\n")


def _interval_latex(lo: float, hi: float) -> str:
    def edge(v: float) -> str:
        if math.isclose(abs(v), math.pi):
            return ("-" if v < 0 else "") + r"\pi"
        return _num(v, "g")
    return rf"[{edge(lo)}, {edge(hi)}]"


def _second_partials_md(ls: Landscape) -> str:
    """The Hessian's entries at each critical point: the curvature that decides its kind."""
    lines = []
    shown, _ = _listed(ls)
    for cp in shown:
        h = ls.hessian(np.array(cp.point))
        lines.append(f"at ${_point_latex(cp)}$: $f_{{xx}} = {_num(h[0, 0], '.4g')}$, "
                     f"$f_{{yy}} = {_num(h[1, 1], '.4g')}$, $f_{{xy}} = {_num(h[0, 1], '.4g')}$, "
                     f"a {cp.kind}")
    return "; ".join(lines)


def _saddle_signs_md(ls: Landscape) -> str:
    """The saddle's first partials share a sign where x and y have opposite signs: shown at a
    check point, and checked."""
    point = next(p.point for p in ls.check_points if p.point[0] * p.point[1] < 0)
    grad = ls.gradient(np.array(point))
    _claim(grad[0] * grad[1] > 0, f"saddle: the partials at {point} do not share a sign: {grad}")
    return (f"The first partials can share a sign: at ${_vec(point)}$, "
            f"$\\nabla f = {_vec(grad)}$, both negative. What is opposite at the saddle "
            "point is the curvature, the second partials above.")


#: Chapter facts about one landscape, added under its section on the fields page.
SECTION_EXTRAS: dict[str, Callable[[Landscape], str]] = {"saddle": _saddle_signs_md}


def fields_sections_md() -> str:
    """One section per landscape for the fields page: its prose, formula, partials, curvature
    at its critical points and the points themselves, all from the registry entry."""
    parts = []
    for ls in LANDSCAPES.values():
        (x0, x1), (y0, y1) = ls.domain
        dx, dy = ls.partial_latex
        facts = [
            f"- **Function:** $f(x, y) = {ls.latex}$ on ${_interval_latex(x0, x1)} \\times "
            f"{_interval_latex(y0, y1)}$",
            f"- **Partials:** $\\dfrac{{\\partial f}}{{\\partial x}} = {dx}$, "
            f"$\\dfrac{{\\partial f}}{{\\partial y}} = {dy}$",
            f"- **Where $\\nabla f = 0$:** {_critical_md(ls, '; ')}",
        ]
        if ls.critical_points:
            facts.append(f"- **Second partials:** {_second_partials_md(ls)}")
        about = ls.about or (ls.summary[:1].upper() + ls.summary[1:] + ".")
        extra = SECTION_EXTRAS.get(ls.name)
        parts.append(f"## {ls.title}\n\n{about}\n\n" + "\n".join(facts) + "\n"
                     + (f"\n{extra(ls)}\n" if extra else ""))
    return "\n".join(parts)


def rosenbrock_md() -> str:
    """The Rosenbrock function and its gradient as display maths."""
    ls = LANDSCAPES["rosenbrock"]
    dx, dy = ls.partial_latex
    return (f"$$\nf(x, y) = {ls.latex}, \\qquad "
            f"\\nabla f(x, y) = \\begin{{pmatrix}} {dx} \\\\ {dy} \\end{{pmatrix}}\n$$\n")


@dataclass(frozen=True)
class SteepestScan:
    """Directional derivatives u·∇f for unit vectors u around the circle at one point."""

    point: tuple[float, float]
    gradient: tuple[float, float]
    best_angle_deg: float
    gradient_angle_deg: float
    best_value: float
    norm: float
    perpendicular_value: float
    perpendicular_change: tuple[tuple[float, float], ...]  # (step t, f(x + t u_perp) - f(x))
    directions: int


def steepest_ascent_scan(name: str = "rosenbrock", directions: int = 3600) -> SteepestScan:
    """Scan unit directions numerically: where is the slope largest, and what is it along a level curve?"""
    ls = LANDSCAPES[name]
    point = np.array(ls.check_points[2].point if len(ls.check_points) > 2 else ls.check_points[0].point)
    grad = ls.gradient(point)
    angles = np.arange(directions) * (2 * math.pi / directions)
    units = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    h = 1e-6  # slope along u measured by a central difference, independent of the formula
    slopes = (ls(point + h * units) - ls(point - h * units)) / (2 * h)
    best = int(np.argmax(slopes))
    norm = float(np.linalg.norm(grad))
    perp = np.array([-grad[1], grad[0]]) / norm
    perp_slope = float((ls(point + h * perp) - ls(point - h * perp)) / (2 * h))
    changes = tuple((t, float(ls(point + t * perp) - ls(point))) for t in (1e-1, 1e-2, 1e-3))
    scan = SteepestScan(
        point=(float(point[0]), float(point[1])),
        gradient=(float(grad[0]), float(grad[1])),
        best_angle_deg=math.degrees(angles[best]),
        gradient_angle_deg=math.degrees(math.atan2(grad[1], grad[0])) % 360,
        best_value=float(slopes[best]), norm=norm, perpendicular_value=perp_slope,
        perpendicular_change=changes, directions=directions,
    )
    step = 360 / directions
    _claim(abs((scan.best_angle_deg - scan.gradient_angle_deg + 180) % 360 - 180) <= step,
           f"steepest direction {scan.best_angle_deg}° is not the gradient's {scan.gradient_angle_deg}°")
    _claim(abs(scan.best_value - norm) <= 1e-3 * norm, "largest slope differs from ‖∇f‖")
    _claim(abs(perp_slope) <= 1e-6 * norm, "slope along the level curve is not zero")
    return scan


def steepest_md() -> str:
    """Measured evidence for 'steepest ascent along ∇f' and 'perpendicular to level curves'."""
    s = steepest_ascent_scan()
    ls = LANDSCAPES["rosenbrock"]
    rows = "\n".join(f"| {_num(t, 'g')} | {_num(d, '.3e')} | {_num(d / t**2, '.4f')} |"
                     for t, d in s.perpendicular_change)
    return (
        f"On the {ls.title} landscape at $(x, y) = {_vec(s.point)}$, where "
        f"$\\nabla f = {_vec(s.gradient)}$ points at {_num(s.gradient_angle_deg, '.2f')}°, "
        f"the build measures the slope $\\mathbf u \\cdot \\nabla f$ in {s.directions} unit directions "
        f"$\\mathbf u$ spaced {_num(360 / s.directions, 'g')}° apart. "
        f"The largest slope, {_num(s.best_value, '.4f')}, "
        f"is at {_num(s.best_angle_deg, '.1f')}°, and $\\lVert \\nabla f \\rVert = "
        f"{_num(s.norm, '.4f')}$. Along the perpendicular direction the slope is "
        f"{_num(s.perpendicular_value, '.1e')}, zero up to rounding; "
        "f still changes a little, but only at second order:\n\n"
        "| step $t$ along the level direction | change in $f$ | change $/\\, t^2$ |\n"
        "|---:|---:|---:|\n" + rows + "\n"
    )


@dataclass(frozen=True)
class DescentStep:
    step: int
    point: tuple[float, float]
    value: float
    grad_norm: float


def descent_path(name: str = "rosenbrock", start: tuple[float, float] = (-1.5, 2.0),
                 rate: float = 0.01, steps: int = 2000) -> list[DescentStep]:
    """Plain gradient descent ``x <- x - rate * ∇f(x)``; returns every step."""
    import sympy as sp
    ls = LANDSCAPES[name]
    # Scalar (math-module) versions of f and ∇f from the same definition: a step costs
    # microseconds, where the vectorised NumPy evaluator's per-call overhead dominates.
    f = sp.lambdify(ls.symbols, ls.expr, "math")
    grad = sp.lambdify(ls.symbols, ls.partials, "math")
    x, y = map(float, start)
    path = []
    for k in range(steps + 1):
        gx, gy = grad(x, y)
        path.append(DescentStep(k, (x, y), float(f(x, y)), math.hypot(gx, gy)))
        x, y = x - rate * gx, y - rate * gy
    return path


def descent_md() -> str:
    """A few rows of gradient descent on Rosenbrock: f and ‖∇f‖ fall, the point nears the minimum."""
    rate, start = 0.01, (-1.5, 2.0)
    path = descent_path(rate=rate, start=start)
    minimum = LANDSCAPES["rosenbrock"].critical_points[0].point
    shown = [path[k] for k in (0, 1, 10, 100, 1000, len(path) - 1)]
    _claim(path[-1].value < path[0].value * 1e-3, "descent did not reduce f")
    rows = "\n".join(f"| {s.step} | {_vec([round(c, 4) for c in s.point])} | {_num(s.value, '.4g')} "
                     f"| {_num(s.grad_norm, '.4g')} |" for s in shown)
    return (
        f"Starting at {_vec(start)} with step size {_num(rate, 'g')} "
        f"on the Rosenbrock landscape (minimum at {_vec(minimum)}):\n\n"
        "| step | point | value $f$ | gradient norm $\\lVert \\nabla f \\rVert$ |\n"
        "|---:|---|---:|---:|\n" + rows + "\n"
    )


# --- section 5: the Jacobian ---------------------------------------------------------------

POLAR_POINT = (2.0, math.pi / 6)
POLAR_POINT_LATEX = r"\left(2, \tfrac{\pi}{6}\right)"


def polar_md() -> str:
    """The polar map, its symbolic Jacobian and its value at one point, checked numerically."""
    m = POLAR_MAP
    r, t = m.variable_latex
    x = np.array(POLAR_POINT)
    jac = m.jacobian(x)
    numeric = numdiff.jacobian(m, x)
    err = float(np.max(np.abs(jac - numeric)))
    _claim(err <= DEFAULT_ATOL, f"polar Jacobian: analytical {jac} vs numerical {numeric}")
    f1, f2 = m.latex
    matrix = " \\\\ ".join(" & ".join(_num(v, ".4f") for v in row) for row in jac)
    col_r = np.linalg.norm(jac[:, 0])
    col_t = np.linalg.norm(jac[:, 1])
    return (
        f"$$\nf({r}, {t}) = \\begin{{pmatrix}} {f1} \\\\ {f2} \\end{{pmatrix}}, \\qquad "
        f"J(f)({r}, {t}) = {m.jacobian_latex}\n$$\n\n"
        f"At $({r}, {t}) = {POLAR_POINT_LATEX}$ the build evaluates\n\n"
        f"$$\nJ = \\begin{{pmatrix}} {matrix} \\end{{pmatrix}}\n$$\n\n"
        f"and a central-difference Jacobian agrees to {_num(err, '.1e')} in every entry. "
        f"Column 1 (nudge ${r}$) has length {_num(col_r, '.4f')}: the point moves straight out "
        f"along the ray. Column 2 (nudge ${t}$) has length {_num(col_t, '.4f')}, equal to ${r}$: "
        f"the point moves around the circle, faster the farther out it is.\n"
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
    _claim(jac.shape == (LAYER_MAP.dim_out, LAYER_MAP.dim_in), f"Jacobian shape {jac.shape}")
    _claim(out.shape == (LAYER_MAP.dim_out,), f"J·Δx shape {out.shape}")
    rows = taylor_rows()
    ratios = [a.error / b.error for a, b in itertools.pairwise(rows)]
    _claim(all(50 < r < 200 for r in ratios), f"error ratios {ratios} are not about 100")
    n, m = LAYER_MAP.dim_in, LAYER_MAP.dim_out
    table = "\n".join(
        f"| {_num(r.size, 'g')} | {_num(r.error, '.3e')} | {_num(r.ratio_to_size_squared, '.4f')} | "
        + ("" if i == 0 else _num(ratios[i - 1], '.1f')) + " |"
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
        f"Each tenfold shrink of the step divides the error by about {_num(np.mean(ratios), '.0f')}: "
        "the error is of order $\\lVert \\Delta x \\rVert^2$, and the ratio in the third column "
        "settles to a constant.\n"
    )


@dataclass(frozen=True)
class JvpComparison:
    jvp: np.ndarray
    finite_difference: np.ndarray
    max_abs_difference: float
    step: float


def jvp_comparison(seed: int = 2, step: float = 1e-5) -> JvpComparison:
    """J·v (analytical) against (f(x + h v) − f(x − h v)) / 2h for the layer."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(LAYER_MAP.dim_in)
    v = rng.standard_normal(LAYER_MAP.dim_in)
    jvp = LAYER_MAP.jacobian(x) @ v
    fd = (LAYER_MAP(x + step * v) - LAYER_MAP(x - step * v)) / (2 * step)
    diff = float(np.max(np.abs(jvp - fd)))
    _claim(diff <= DEFAULT_ATOL, f"JVP and finite difference differ by {diff}")
    return JvpComparison(jvp, fd, diff, step)


def jvp_md() -> str:
    """The JVP of the layer compared with a central finite difference along the same vector."""
    c = jvp_comparison()
    head = ", ".join(_num(v, ".6f") for v in c.jvp[:3])
    head_fd = ", ".join(_num(v, ".6f") for v in c.finite_difference[:3])
    return (
        "| computed as | first three of the "
        f"{c.jvp.size} entries |\n|---|---|\n"
        f"| $J\\,v$ (Jacobian times vector) | {head}, … |\n"
        f"| $(f(x + h v) - f(x - h v)) / 2h$, $h = 10^{{{round(math.log10(c.step))}}}$ "
        f"| {head_fd}, … |\n\n"
        f"Largest difference over all {c.jvp.size} entries: {_num(c.max_abs_difference, '.1e')}.\n"
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


# --- section 6: make it run ---------------------------------------------------------------

def check_run_md() -> str:
    """The gradient check as code and its printed output, run at build time."""
    result = require_pass(LANDSCAPES["rosenbrock"])
    return (
        "```python\n"
        "from gradfig.check import gradient_check\n"
        "from gradfig.landscapes import LANDSCAPES\n\n"
        "result = gradient_check(LANDSCAPES[\"rosenbrock\"])\n"
        "print(result.to_text())\n"
        "```\n\n"
        f"```text\n{result.to_text()}\n```\n"
    )


def check_conclusions_md() -> str:
    """What the Rosenbrock check table shows, stated from its own rows."""
    result = require_pass(LANDSCAPES["rosenbrock"])
    rows = result.rows
    worst = max(rows, key=lambda r: r.error)
    flattest = min(rows, key=lambda r: r.norm)
    steepest = max(rows, key=lambda r: r.norm)
    minimum = LANDSCAPES["rosenbrock"].critical_points[0].point
    _claim(result.passed, "the Rosenbrock check failed")
    _claim(flattest.point == minimum and flattest.norm == 0.0,
           f"the gradient does not vanish at the minimum {minimum}")
    return (
        f"- **Agreement.** All {len(rows)} rows pass. The largest error norm is "
        f"{_num(worst.error, '.1e')}, at {_vec(worst.point)}, against a tolerance of "
        f"{_num(result.atol, 'g')}.\n"
        f"- **The minimum.** At {_vec(flattest.point)}, the {flattest.label}, the analytical "
        f"gradient is exactly {_vec(flattest.analytical)}: a critical point, where descent stops. "
        "The numerical one is zero up to rounding, which is why the rule compares an "
        "*absolute* error with the tolerance: relative to a zero gradient, any rounding "
        "would look infinitely wrong.\n"
        f"- **The steep wall.** The largest norm, {_num(steepest.norm, '.4f')}, is at "
        f"{_vec(steepest.point)} ({steepest.label}), high on the valley's wall: a step of "
        "gradient descent there would be large.\n"
    )


#: Stable snippet names -> functions; merged into :data:`gradfig.chapter.snippets.SNIPPETS`.
CHAPTER_SNIPPETS: dict[str, Callable[[], str]] = {
    "ch-worked-example.md": worked_example_md,
    "ch-landscapes.md": landscapes_md,
    "ch-landscape-names.md": landscape_names_md,
    "fields-landscapes.md": fields_sections_md,
    "ch-rosenbrock.md": rosenbrock_md,
    "ch-steepest.md": steepest_md,
    "ch-descent.md": descent_md,
    "ch-polar.md": polar_md,
    "ch-shape-rule.md": shape_rule_md,
    "ch-shapes.md": shapes_md,
    "ch-jvp.md": jvp_md,
    "ch-check-run.md": check_run_md,
    "ch-check-conclusions.md": check_conclusions_md,
}
