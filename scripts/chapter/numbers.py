"""The chapter's worked numbers, computed from the registry at build time.

Each ``*_md`` function returns a Markdown fragment (maths as ``$...$`` for
pymdownx.arithmatex) that a chapter page includes by a stable name; :data:`CHAPTER_SNIPPETS`
maps those names to the functions and :mod:`chapter.snippets` merges them into its registry.
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


def _sci_tex(value: float, digits: int = 3) -> str:
    """``6.06 \\times 10^{-6}``: a number in scientific notation as TeX."""
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


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
    sign = "negative" if grad[0] < 0 else "positive"
    return (f"The first partials can share a sign: at ${_vec(point)}$, "
            f"$\\nabla f = {_vec(grad)}$, both {sign}. What is opposite at the saddle "
            "point is the curvature, the second partials above.")


#: Chapter facts about one landscape, added under its section on the fields page.
SECTION_EXTRAS: dict[str, Callable[[Landscape], str]] = {"saddle": _saddle_signs_md}


# --- experiments with the field's own controls -------------------------------------------------

#: The field's slider sets η = 10^value, rounded to 3 significant digits (gradfig-fields.js).
def _slider_eta(log_eta: float) -> float:
    return float(f"{10 ** log_eta:.3g}")


def _experiment_button(setup: dict, label: str = "Set it up in the field") -> str:
    """A button that sets the field's controls as the text says (hidden without JavaScript)."""
    import html
    import json
    data = html.escape(json.dumps(setup, separators=(",", ":")), quote=True)
    return (f'<button type="button" class="md-button gradfig-experiment" hidden '
            f'data-gradfig-experiment="{data}">{label}</button>\n')


def fields_experiments_md() -> str:
    """Three experiments with the field's controls; every number is what the field will show."""
    from gradfig.descent import field_descent

    ros, saddle = LANDSCAPES["rosenbrock"], LANDSCAPES["saddle"]
    # 1. Steepest ascent: "u along ∇f" turns u to ∇f's angle, rounded to a whole degree.
    p1 = next(p.point for p in ros.check_points if p.label == "off-axis")
    g1 = ros.gradient(np.array(p1))
    norm1 = float(np.hypot(*g1))
    angle1 = round(math.degrees(math.atan2(g1[1], g1[0]))) % 360
    along = float(math.cos(math.radians(angle1)) * g1[0] + math.sin(math.radians(angle1)) * g1[1])
    _claim(abs(along - norm1) <= 1e-3 * norm1, f"u along ∇f reads {along}, not ‖∇f‖ = {norm1}")
    # 2. Along a level curve: at a point where ∇f points at -45°, u at 45° is perpendicular.
    p2 = next(p.point for p in saddle.check_points if p.label == "diagonal")
    g2 = saddle.gradient(np.array(p2))
    angle2 = (round(math.degrees(math.atan2(g2[1], g2[0]))) + 90) % 360
    across = float(math.cos(math.radians(angle2)) * g2[0] + math.sin(math.radians(angle2)) * g2[1])
    _claim(abs(across) <= 1e-12 * float(np.hypot(*g2)), f"u ⟂ ∇f reads u·∇f = {across}")
    # 3. Descent with the slider at 10^-1 and at 10^-2, from the same point.
    big, small = _slider_eta(-1), _slider_eta(-2)
    wild, tame = field_descent(ros, p1, big), field_descent(ros, p1, small)
    _claim(wild.outcome == "diverged", f"descent with η = {big} did not diverge: {wild}")
    minimum = ros.critical_points[0].point
    distance = float(np.hypot(tame.end[0] - minimum[0], tame.end[1] - minimum[1]))
    _claim(tame.outcome != "diverged" and distance < 0.2,
           f"descent with η = {small} did not approach the minimum: {tame}")
    return (
        "### 1. The steepest way up\n\n"
        f"Choose **{ros.title}**, move the point to ${_vec(p1)}$ and pin it (click, or press "
        "Enter), then press **u along ∇f**. The direction $\\mathbf u$ turns to "
        f"{angle1}°, the direction of $\\nabla f = {_vec(g1)}$ to the nearest degree, and the "
        f"readout's $\\mathbf u \\cdot \\nabla f$ becomes {_num(along, '.4f')}: the norm "
        f"$\\lVert \\nabla f \\rVert = {_num(norm1, '.4f')}$, up to that rounding. Turn "
        "$\\mathbf u$ with the slider: every other direction gives less.\n\n"
        + _experiment_button({"landscape": ros.name, "point": list(p1), "align": True})
        + "\n### 2. Along a level curve\n\n"
        f"Choose **{saddle.title}**, pin the point at ${_vec(p2)}$, where "
        f"$\\nabla f = {_vec(g2)}$, and set $\\mathbf u$ to {angle2}°, a right angle to "
        "$\\nabla f$. The readout's $\\mathbf u \\cdot \\nabla f$ is 0 and the note says "
        "$\\mathbf u$ is tangent to the level curve: moving along the dashed tangent does not "
        "change $f$, to first order.\n\n"
        + _experiment_button({"landscape": saddle.name, "point": list(p2), "angle": angle2})
        + "\n### 3. A step too far\n\n"
        f"Back on **{ros.title}** at ${_vec(p1)}$, set the step to $\\eta = {_num(big, 'g')}$ "
        f"and press **descend from the point**. The walls are steep there, so the first step "
        f"overshoots the valley, and after {wild.steps} steps the path has left the picture "
        f"(it is at ${_vec([round(c, 1) for c in wild.end])}$). With $\\eta = {_num(small, 'g')}$ "
        f"the same start walks down into the valley and along it: after {tame.steps} steps it "
        f"is at ${_vec([round(c, 3) for c in tame.end])}$, close to the minimum at "
        f"${_vec(minimum)}$. Chapter 8 explains how the largest safe step depends on the "
        "curvature.\n\n"
        + _experiment_button({"landscape": ros.name, "point": list(p1), "eta": -1, "descend": True},
                             f"Descend with η = {_num(big, 'g')}")
        + _experiment_button({"landscape": ros.name, "point": list(p1), "eta": -2, "descend": True},
                             f"Descend with η = {_num(small, 'g')}")
    )


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
        f"Take the {ls.title} landscape at $(x, y) = {_vec(s.point)}$, where "
        f"$\\nabla f = {_vec(s.gradient)}$ points at {_num(s.gradient_angle_deg, '.2f')}°, "
        f"and measure the slope $\\mathbf u \\cdot \\nabla f$ in {s.directions} unit directions "
        f"$\\mathbf u$ spaced {_num(360 / s.directions, 'g')}° apart, each with a finite "
        "difference rather than the formula. "
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


# --- parts 4 and 5: the Jacobian, forward and reverse mode ---------------------------------

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
        f"At $({r}, {t}) = {POLAR_POINT_LATEX}$ it is\n\n"
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
    forward: np.ndarray          # J v computed as forward mode does, without forming J
    max_abs_difference: float
    step: float


def jvp_comparison(seed: int = 2, step: float = 1e-5) -> JvpComparison:
    """J·v (analytical) against (f(x + h v) − f(x − h v)) / 2h for the layer, and J·v
    computed without J: first W v, then each entry scaled by 1 − tanh²(Wx + b)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(LAYER_MAP.dim_in)
    v = rng.standard_normal(LAYER_MAP.dim_in)
    jvp = LAYER_MAP.jacobian(x) @ v
    fd = (LAYER_MAP(x + step * v) - LAYER_MAP(x - step * v)) / (2 * step)
    diff = float(np.max(np.abs(jvp - fd)))
    _claim(diff <= DEFAULT_ATOL, f"JVP and finite difference differ by {diff}")
    forward = (1 - np.tanh(LAYER_MAP.weight @ x + LAYER_MAP.bias) ** 2) * (LAYER_MAP.weight @ v)
    forward_diff = float(np.max(np.abs(forward - jvp)))
    _claim(forward_diff <= 1e-12, f"the JVP without J differs from J v by {forward_diff}")
    return JvpComparison(jvp, fd, forward, diff, step)


def jvp_md() -> str:
    """The JVP of the layer compared with a central finite difference along the same vector."""
    c = jvp_comparison()
    head = lambda a: ", ".join(_num(v, ".6f") for v in a[:3])  # noqa: E731
    return (
        "| computed as | first three of the "
        f"{c.jvp.size} entries |\n|---|---|\n"
        f"| $J\\,\\mathbf v$ (the Jacobian formed, times the vector) | {head(c.jvp)}, … |\n"
        f"| $(1 - \\tanh^2(W\\mathbf x + \\mathbf b)) \\odot (W\\mathbf v)$, no $J$ formed "
        f"| {head(c.forward)}, … |\n"
        f"| $(f(\\mathbf x + h \\mathbf v) - f(\\mathbf x - h \\mathbf v)) / 2h$, "
        f"$h = 10^{{{round(math.log10(c.step))}}}$ | {head(c.finite_difference)}, … |\n\n"
        f"Largest difference from the central difference over all {c.jvp.size} entries: "
        f"{_num(c.max_abs_difference, '.1e')}.\n"
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


def _rosenbrock_point(label: str) -> tuple[float, ...]:
    """The Rosenbrock check point with this label (the registry's, never retyped)."""
    ls = LANDSCAPES["rosenbrock"]
    return next(p.point for p in ls.check_points if p.label == label)


def valley_floor_md() -> str:
    """The check point "in the valley" beside the point of the valley floor above it.

    The floor of Rosenbrock's valley is the curve y = x²; the check point (1.2, 1) lies below
    it, on the wall, where the gradient is large. The two norms, and the split of each
    gradient into the contributions of f's two terms, are computed here.
    """
    import sympy as sp
    ls = LANDSCAPES["rosenbrock"]
    x_sym, y_sym = ls.symbols
    check = np.array(_rosenbrock_point("in the valley"))
    floor = np.array([check[0], check[0] ** 2])
    depth = float(check[1] - check[0] ** 2)
    g_check, g_floor = ls.gradient(check), ls.gradient(floor)
    n_check, n_floor = float(np.linalg.norm(g_check)), float(np.linalg.norm(g_floor))
    # f is a sum of two terms; the wall term is the one that vanishes on the floor y = x².
    written = sp.Add.make_args(ls.written)
    terms = [t.doit() for t in written]
    _claim(len(terms) == 2 and sp.simplify(sum(terms) - ls.expr) == 0, f"Rosenbrock's terms {terms}")
    flat = [sp.simplify(t.subs(y_sym, x_sym**2)) == 0 for t in terms]
    _claim(sum(flat) == 1, f"Rosenbrock's terms {terms}: no single wall term")
    wall_term, base_term = (terms[0], terms[1]) if flat[0] else (terms[1], terms[0])
    wall_tex, base_tex = (sp.latex(written[i], order="none") for i in ((0, 1) if flat[0] else (1, 0)))

    def term_gradient(term: sp.Expr, at: np.ndarray) -> np.ndarray:
        subs = dict(zip(ls.symbols, at, strict=True))
        return np.array([float(sp.diff(term, s).subs(subs)) for s in ls.symbols])

    wall_part, base_part = term_gradient(wall_term, check), term_gradient(base_term, check)
    norms = sorted((float(np.linalg.norm(ls.gradient(np.array(p.point)))) for p in ls.check_points),
                   reverse=True)
    rank = norms.index(n_check) + 1
    _claim(depth < 0, f"the check point {tuple(check)} is not below the valley floor")
    _claim(n_floor * 10 < n_check, f"‖∇f‖ on the floor ({n_floor}) is not much smaller than at "
                                   f"the check point ({n_check})")
    _claim(np.allclose(wall_part + base_part, g_check, atol=1e-12), "the terms' gradients do not add up")
    _claim(np.allclose(term_gradient(wall_term, floor), 0, atol=1e-12),
           "the wall term is not flat on the floor")
    _claim(rank == 2, f"the check point's norm is number {rank} in the table, not the second largest")
    ordinal = {1: "largest", 2: "second largest", 3: "third largest"}[rank]
    _claim(ls.check_points[-1].label == "in the valley", "'in the valley' is not the table's last point")
    intro = (
        "The label of the last point is the classic one, and it is loose. Rosenbrock's valley has a\n"
        f"curved floor, the parabola $y = x^2$, where the wall term ${wall_tex}$ is zero. At\n"
        f"$x = {_num(check[0])}$ the floor is at $y = {_num(floor[1])}$, so the check point "
        f"${_vec(check)}$ is in the valley region\nbut below its floor, on the steep wall. Put it "
        "beside the point on the floor right above\nit:\n\n")
    rows = [
        f"| {_vec(check)} | the check point, *{'in the valley'}* | {_num(depth)} | {_num(ls(check), '.4g')} "
        f"| {_vec(g_check)} | {n_check:.4f} |",
        f"| {_vec(floor)} | on the floor, right above it | 0 | {_num(ls(floor), '.4g')} "
        f"| {_vec(g_floor)} | {n_floor:.4f} |",
    ]
    return intro + (
        "| point | where | height above the floor $y - x^2$ | value $f$ | gradient $\\nabla f$ "
        "| norm $\\lVert \\nabla f \\rVert$ |\n"
        "|---|---|---:|---:|---|---:|\n" + "\n".join(rows) + "\n\n"
        f"The check point lies {_num(-depth)} below the floor, and its gradient is "
        f"{_num(n_check / n_floor, '.0f')} times longer than the floor's: the "
        f"{ordinal} in the table. On the floor only the term ${base_tex}$ has a "
        f"slope, giving {_vec(g_floor)}. At the check point that term gives {_vec(base_part)} "
        f"again, and the wall term ${wall_tex}$, zero on the floor, adds "
        f"{_vec(wall_part)}.\n"
    )


# --- section 6: a check that fails ----------------------------------------------------------

@dataclass(frozen=True)
class DefinedFunction:
    """A scalar function given as NumPy code, with a gradient that may be wrong on purpose.

    It has what :func:`gradfig.check.gradient_check` reads (``name``, ``formula``,
    ``variables``, ``dim``, the function and ``gradient``), so the chapter can run the real
    check on a gradient with a slip in it, or on a function with a kink.
    """

    name: str
    formula: str
    variables: tuple[str, ...]
    f: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    check_points: tuple = ()

    @property
    def dim(self) -> int:
        return len(self.variables)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        return self.f(np.asarray(points, dtype=float))

    def gradient(self, points: np.ndarray) -> np.ndarray:
        return self.grad(np.asarray(points, dtype=float))

    @property
    def points_to_check(self) -> tuple:
        return self.check_points


#: ∂f/∂x of Rosenbrock as a teacher writes it, and with the slip; SymPy proves each equal to
#: the derivative it stands for before the page shows it.
RIGHT_DX_DISPLAY = "2*(x - 1) - 40*x*(y - x^2)"
SLIP_DX_DISPLAY = "2*(x - 1) - 20*x*(y - x^2)"


def dropped_factor() -> tuple[DefinedFunction, str, str]:
    """Rosenbrock with a classic slip in ∂f/∂x: the 2 of d(x²)/dx = 2x forgotten.

    The wall term 10(y − x²)² differentiates to 10·2(y − x²)·(−2x); forgetting the inner 2
    halves that part. Returns the function and the LaTeX of the right and the wrong ∂f/∂x.
    """
    import sympy as sp
    ls = LANDSCAPES["rosenbrock"]
    x_sym, y_sym = ls.symbols
    (wall_term,) = [t for t in sp.Add.make_args(ls.expr) if sp.simplify(t.subs(y_sym, x_sym**2)) == 0]
    right_dx, dy = ls.partials
    wrong_dx = right_dx - sp.diff(wall_term, x_sym) / 2
    grad = sp.lambdify(ls.symbols, [wrong_dx, dy], "numpy")
    f = sp.lambdify(ls.symbols, ls.expr, "numpy")

    def wrong_gradient(p: np.ndarray) -> np.ndarray:
        gx, gy = grad(p[..., 0], p[..., 1])
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)

    fn = DefinedFunction(name="rosenbrock-slip", formula=ls.formula, variables=ls.variables,
                         f=lambda p: f(p[..., 0], p[..., 1]), grad=wrong_gradient,
                         check_points=ls.check_points)
    shown = []
    for text, exact in ((RIGHT_DX_DISPLAY, right_dx), (SLIP_DX_DISPLAY, wrong_dx)):
        written = parse(text, ls.variables)
        _claim(sp.simplify(written.doit() - exact) == 0, f"the display form {text} is not {exact}")
        shown.append(sp.latex(written, order="none"))
    return fn, shown[0], shown[1]


def failing_check_md() -> str:
    """The chapter's check on the slipped gradient: which rows fail, and by how much."""
    from gradfig.check import gradient_check
    fn, right_latex, wrong_latex = dropped_factor()
    right = require_pass(LANDSCAPES["rosenbrock"])
    result = gradient_check(fn)
    failed, passed = result.failures(), [r for r in result.rows if r.passed]
    _claim(0 < len(failed) < len(result.rows), "the slip should fail some rows and not others")
    # A real bug shows as an error the size of the gradient, round-off as ~1e-9.
    smallest_bug = min(r.error for r in failed)
    largest_noise = max(r.error for r in right.rows)
    _claim(smallest_bug > 1e4 * result.atol, f"the slip's smallest error {smallest_bug} is not large")
    _claim(smallest_bug > 1e6 * largest_noise, "the slip's error is not far above round-off")
    for r in passed:  # the rows that pass are the ones where the forgotten term is zero
        x, y = r.point
        _claim(x == 0 or y == x**2, f"the slip passes at {r.point}, where its term is not zero")
    for r in failed:
        truth = next(t for t in right.rows if t.point == r.point)
        _claim(abs(r.error - abs(r.analytical[0] - truth.analytical[0])) < 1e-6,
               "the error is not the forgotten term")
    passed_text = " and ".join(f"{_vec(r.point)} ({r.label})" for r in passed)
    shares = [r.error / abs(next(t for t in right.rows if t.point == r.point).analytical[0]) for r in failed]
    return (
        "$$\n\\begin{aligned}\n"
        f"\\text{{right:}} \\quad \\frac{{\\partial f}}{{\\partial x}} &= {right_latex} \\\\\n"
        f"\\text{{slipped:}} \\quad \\frac{{\\partial f}}{{\\partial x}} &= {wrong_latex}\n"
        "\\end{aligned}\n$$\n\n"
        + result.to_markdown() + "\n\n"
        f"{len(failed)} of {len(result.rows)} rows fail, with errors of "
        + " and ".join(_num(r.error, '.4g') for r in failed)
        + f". The rows at {passed_text} pass: there the forgotten term contains a factor "
        "$x$ or $y - x^2$ that is zero, so the slip does no harm at those points. "
        f"Each failing error is {_num(100 * min(shares), '.0f')}–{_num(100 * max(shares), '.0f')} % of the "
        f"true $\\partial f / \\partial x$ there; with the right formula the largest error in the same "
        f"table is {_num(largest_noise, '.1e')}.\n"
    )


def float32_rows(label: str = "off-axis") -> list[tuple[str, float, float, tuple[float, ...], float]]:
    """Central differences of Rosenbrock in float32 and float64 at one check point.

    Returns (dtype name, machine epsilon, step h, numerical gradient, error norm) per dtype;
    the error is measured against the exact (float64 analytical) gradient.
    """
    import sympy as sp
    ls = LANDSCAPES["rosenbrock"]
    f = sp.lambdify(ls.symbols, ls.expr, "numpy")
    exact = ls.gradient(np.array(_rosenbrock_point(label)))
    rows = []
    for dtype in (np.float32, np.float64):
        p = np.array(_rosenbrock_point(label), dtype=dtype)
        eps = np.finfo(dtype).eps
        numeric = []
        for j in range(p.size):
            step = np.zeros_like(p)
            step[j] = dtype(eps ** (1 / 3)) * max(dtype(1), abs(p[j]))
            up, down = p + step, p - step
            value = (f(*up) - f(*down)) / (up[j] - down[j])  # the step really taken
            _claim(np.asarray(value).dtype == dtype, f"the {dtype.__name__} difference became {value.dtype}")
            numeric.append(float(value))
        h = float(dtype(eps ** (1 / 3)))
        rows.append((dtype.__name__, float(eps), h, tuple(numeric),
                     float(np.linalg.norm(np.array(numeric) - exact))))
    return rows


FLOAT32_ATOL = 1e-2  # a float32 tolerance that the correct gradient passes


def float32_md() -> str:
    """A correct gradient that fails the float64 tolerance when differenced in float32."""
    rows = float32_rows()
    by_type = {r[0]: r for r in rows}
    e32, e64 = by_type["float32"][4], by_type["float64"][4]
    _claim(e32 > DEFAULT_ATOL, f"the float32 difference ({e32}) passes the float64 tolerance")
    _claim(e32 <= FLOAT32_ATOL, f"the float32 difference ({e32}) fails even {FLOAT32_ATOL}")
    _claim(e64 < DEFAULT_ATOL * 1e-3, f"the float64 difference ({e64}) is not far inside the tolerance")
    verdict = {True: "✓ pass", False: "✗ FAIL"}
    lines = [f"| {name} | {_num(eps, '.2e')} | {_num(h, '.2e')} | {_vec(num)} | {_num(err, '.1e')} "
             f"| {verdict[err <= DEFAULT_ATOL]} | {verdict[err <= FLOAT32_ATOL]} |"
             for name, eps, h, num, err in rows]
    point = _vec(_rosenbrock_point("off-axis"))
    return (
        f"The same correct gradient at {point}, differenced in each precision:\n\n"
        f"| precision | machine $\\varepsilon$ | step $h = \\varepsilon^{{1/3}}$ | numerical $\\nabla f$ "
        f"| error | tolerance {_num(DEFAULT_ATOL, 'g')} | tolerance {_num(FLOAT32_ATOL, 'g')} |\n"
        "|---|---:|---:|---|---:|:---:|:---:|\n" + "\n".join(lines) + "\n\n"
        f"In float32 the error is {_num(e32 / e64, '.1e')} times the float64 one, although "
        "nothing is wrong with the gradient.\n"
    )


def relu_function() -> DefinedFunction:
    """ReLU, max(x, 0), with the slope frameworks use: 1 for x > 0, 0 otherwise (0 at the kink)."""
    return DefinedFunction(name="relu", formula="max(x, 0)", variables=("x",),
                           f=lambda p: np.maximum(p[..., 0], 0.0),
                           grad=lambda p: (p > 0).astype(float))


def kink_check_md() -> str:
    """The gradient check of ReLU: rows within one step of the kink fail, the others pass."""
    from gradfig.check import gradient_check
    from gradfig.functions import LabelledPoint
    h = float(numdiff.step_size(np.array([0.0]), "central")[0])
    near = float(f"{h / 3:.0e}")  # inside one step of the kink
    points = (LabelledPoint((-1.0,), "left of the kink"), LabelledPoint((0.0,), "at the kink"),
              LabelledPoint((near,), "right of it, closer than h"),
              LabelledPoint((1.0,), "right of the kink"))
    result = gradient_check(relu_function(), points)
    at_kink = next(r for r in result.rows if r.point == (0.0,))
    for r in result.rows:
        inside = abs(r.point[0]) < h
        _claim(r.passed != inside, f"ReLU's check at {r.point}: passed={r.passed}, within h={inside}")
    _claim(at_kink.numerical[0] == 0.5, f"the central difference at the kink is {at_kink.numerical}")
    return (
        result.to_markdown() + "\n\n"
        f"The step is $h \\approx {_sci_tex(h)}$. At the kink the central difference is "
        f"$(\\max(h, 0) - \\max(-h, 0)) / 2h = {_num(at_kink.numerical[0], 'g')}$, the average of "
        f"the slopes 0 and 1 on either side; at {_vec(points[2].point)} the difference still "
        f"straddles the kink and gives {_num(result.rows[2].numerical[0], '.4g')}.\n"
    )


#: Stable snippet names -> functions; merged into :data:`chapter.snippets.SNIPPETS`.
CHAPTER_SNIPPETS: dict[str, Callable[[], str]] = {
    "ch-worked-example.md": worked_example_md,
    "ch-landscapes.md": landscapes_md,
    "ch-landscape-names.md": landscape_names_md,
    "fields-landscapes.md": fields_sections_md,
    "fields-experiments.md": fields_experiments_md,
    "ch-rosenbrock.md": rosenbrock_md,
    "ch-steepest.md": steepest_md,
    "ch-descent.md": descent_md,
    "ch-polar.md": polar_md,
    "ch-shape-rule.md": shape_rule_md,
    "ch-shapes.md": shapes_md,
    "ch-jvp.md": jvp_md,
    "ch-check-run.md": check_run_md,
    "ch-check-conclusions.md": check_conclusions_md,
    "ch-valley-floor.md": valley_floor_md,
    "ch-check-failing.md": failing_check_md,
    "ch-float32.md": float32_md,
    "ch-kink-check.md": kink_check_md,
}
