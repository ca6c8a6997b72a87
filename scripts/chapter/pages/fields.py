"""The generated parts of the gradient-fields page (``docs/fields.md``).

The interactive field with its landscape switcher (:mod:`chapter.fields`), three experiments
with the field's own controls (every number what the field will show), the table of every
landscape's partials and critical points, and one section per landscape, all from the
registry entries.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from chapter.claims import claim
from chapter.fields import switcher_snippet
from gradfig import critical
from gradfig.critical import CriticalPoint
from gradfig.expr import parse
from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES
from gradfig.text import MINUS, format_number, interval_latex, number, number_word, vector

__all__ = ["SECTION_EXTRAS", "SNIPPETS", "edge_critical_points", "experiments_md", "landscapes_md",
           "second_derivative_test_md", "sections_md"]


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


def edge_critical_points(ls: Landscape, samples: int = 4001) -> list[tuple[float, float]]:
    """Points on the domain's boundary where ∇f = 0 (the registry's critical points are the
    interior ones): roots of either partial along each edge, refined, kept where the whole
    gradient is zero to round-off against its size on that edge, deduplicated."""
    from scipy.optimize import brentq

    (x0, x1), (y0, y1) = ls.domain
    edges = [(lambda t, x=x: (x, t), y0, y1) for x in (x0, x1)] + \
            [(lambda t, y=y: (t, y), x0, x1) for y in (y0, y1)]
    found: list[tuple[float, float]] = []
    for at, lo, hi in edges:
        ts = np.linspace(lo, hi, samples)
        grads = ls.gradient(np.array([at(t) for t in ts]))
        size = float(np.max(np.linalg.norm(grads, axis=1))) or 1.0
        for k in range(2):
            g = grads[:, k]

            def partial(u: float, at=at, k=k) -> float:
                return float(ls.gradient(np.array(at(u)))[k])

            for i in np.flatnonzero((g[:-1] == 0) | (np.sign(g[:-1]) * np.sign(g[1:]) < 0)):
                p = at(ts[i] if g[i] == 0 else brentq(partial, ts[i], ts[i + 1], xtol=1e-14))
                zero = np.linalg.norm(ls.gradient(np.array(p))) <= 1e-9 * size
                if zero and all(math.dist(p, q) > 1e-6 * (hi - lo) for q in found):
                    found.append(p)
    return found


def _critical_md(ls: Landscape, sep: str = "<br>") -> str:
    edge = len(edge_critical_points(ls))
    on_edges = (f"{sep if sep == '<br>' else '; '}{number_word(edge)} more lie on the edges of the closed "
                "domain" if edge else "")
    search = ls.critical_search
    # What a list of points cannot say (curves of critical points, ground too flat to judge,
    # a search that may have missed some), in gradfig.critical's words.
    told = (sep if sep == "<br>" else "; ") + critical.summary(search) \
        if search.curves or search.flat_count or search.incomplete else ""
    if not ls.critical_points:
        return ("no isolated one" if told else "none inside the domain") + on_edges + told
    shown, more = _listed(ls)
    inside = "inside the domain: " if edge else ""
    return inside + sep.join(f"{c.kind} ${_point_latex(c)}$" for c in shown) + more + on_edges + told


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


def second_derivative_test_md(ls: Landscape) -> str:
    """The second-derivative test at each listed critical point: f_xx, f_yy, f_xy and
    D = f_xx f_yy − f_xy², with what D decides. Where D = 0 (to round-off) the test decides
    nothing, and the kind is the one f around the point gives (gradfig.critical's ring test);
    where it decides, the build checks it agrees with the kind found."""
    lines = []
    shown, _ = _listed(ls)
    for cp in shown:
        h = ls.hessian(np.array(cp.point))
        fxx, fyy, fxy = float(h[0, 0]), float(h[1, 1]), float(h[0, 1])
        d = fxx * fyy - fxy * fxy
        entries = (f"$f_{{xx}} = {number(fxx, '.4g')}$, $f_{{yy}} = {number(fyy, '.4g')}$, "
                   f"$f_{{xy}} = {number(fxy, '.4g')}$")
        if abs(d) <= 1e-9 * max(fxx * fxx, fyy * fyy, fxy * fxy):
            lines.append(f"at ${_point_latex(cp)}$: {entries}, so $D = 0$: the test is inconclusive; "
                         f"compared with f around the point, a {cp.kind}")
            continue
        verdict = "saddle" if d < 0 else ("minimum" if fxx > 0 else "maximum")
        claim(verdict == cp.kind, f"{ls.name}: D = {d} and f_xx = {fxx} at {cp.point} say {verdict}, "
                                  f"the search says {cp.kind}")
        why = "$D < 0$" if d < 0 else f"$D > 0$ and $f_{{xx}} {'>' if fxx > 0 else '<'} 0$"
        lines.append(f"at ${_point_latex(cp)}$: {entries}, $D = {number(d, '.4g')}$; {why}: a {cp.kind}")
    return "; ".join(lines)


def _saddle_signs_md(ls: Landscape) -> str:
    """The saddle's first partials share a sign where x and y have opposite signs: shown at a
    check point, and checked."""
    point = next(p.point for p in ls.check_points if p.point[0] * p.point[1] < 0)
    grad = ls.gradient(np.array(point))
    claim(grad[0] * grad[1] > 0, f"saddle: the partials at {point} do not share a sign: {grad}")
    sign = "negative" if grad[0] < 0 else "positive"
    return (f"The first partials can share a sign: at ${vector(point)}$, "
            f"$\\nabla f = {vector(grad)}$, both {sign}. What is opposite at the saddle "
            "point is the curvature, the second partials above.")


#: Chapter facts about one landscape, added under its section on the fields page.
SECTION_EXTRAS: dict[str, Callable[[Landscape], str]] = {"saddle": _saddle_signs_md}


def readout_number(v: float) -> str:
    """A number as the field's readout shows it (``readoutNumber`` in format.mjs): four
    significant digits with trailing zeros kept, for the range where it prints no exponent."""
    claim(1e-3 <= abs(v) < 1e5, f"{v} is outside the readout's fixed-point range")
    shown = f"{v:#.4g}".removesuffix(".")  # toPrecision(4): trailing zeros kept, no bare point
    claim("e" not in shown, f"{v} prints as {shown}, with an exponent")
    return shown.replace("-", MINUS)


def _first_exit(ls: Landscape, start: tuple[float, float], eta: float) -> tuple[int, tuple[float, float]]:
    """The first step of the field's descent that lands outside the drawn domain."""
    (x0, x1), (y0, y1) = ls.domain
    x, y = (float(c) for c in start)
    for k in range(1, 1000):
        gx, gy = (float(g) for g in ls.gradient(np.array([x, y])))
        x, y = x - eta * gx, y - eta * gy
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return k, (x, y)
    raise ValueError("the descent never left the domain")


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


def experiments_md() -> str:
    """Three experiments with the field's controls; every number is what the field will show."""
    from gradfig.descent import field_descent

    ros, saddle = LANDSCAPES["rosenbrock"], LANDSCAPES["saddle"]
    # 1. Steepest ascent: "u along ∇f" turns u to ∇f's angle, rounded to a whole degree.
    p1 = next(p.point for p in ros.check_points if p.label == "off-axis")
    g1 = ros.gradient(np.array(p1))
    norm1 = float(np.hypot(*g1))
    angle1 = round(math.degrees(math.atan2(g1[1], g1[0]))) % 360
    along = float(math.cos(math.radians(angle1)) * g1[0] + math.sin(math.radians(angle1)) * g1[1])
    claim(abs(along - norm1) <= 1e-3 * norm1, f"u along ∇f reads {along}, not ‖∇f‖ = {norm1}")
    claim(readout_number(along) == readout_number(norm1),
          f"the readout shows u·∇f = {readout_number(along)} and ‖∇f‖ = {readout_number(norm1)}")
    # 2. Along a level curve: at a point where ∇f points at -45°, u at 45° is perpendicular.
    p2 = next(p.point for p in saddle.check_points if p.label == "diagonal")
    g2 = saddle.gradient(np.array(p2))
    angle2 = (round(math.degrees(math.atan2(g2[1], g2[0]))) + 90) % 360
    across = float(math.cos(math.radians(angle2)) * g2[0] + math.sin(math.radians(angle2)) * g2[1])
    claim(abs(across) <= 1e-12 * float(np.hypot(*g2)), f"u ⟂ ∇f reads u·∇f = {across}")
    # 3. Descent with the slider at 10^-1 and at 10^-2, from the same point.
    big, small = _slider_eta(-1), _slider_eta(-2)
    wild, tame = field_descent(ros, p1, big), field_descent(ros, p1, small)
    claim(wild.outcome == "diverged", f"descent with η = {big} did not diverge: {wild}")
    exit_step, exit_at = _first_exit(ros, p1, big)
    claim(exit_step <= wild.steps, f"the path leaves the picture at step {exit_step}, after it stopped")
    minimum = ros.critical_points[0].point
    distance = float(np.hypot(tame.end[0] - minimum[0], tame.end[1] - minimum[1]))
    claim(tame.outcome != "diverged" and distance < 0.2,
           f"descent with η = {small} did not approach the minimum: {tame}")
    return (
        "### 1. The steepest way up\n\n"
        f"Choose **{ros.title}**, move the point to ${vector(p1)}$ and pin it (click, or press "
        "Enter), then press **u along ∇f**. The direction $\\mathbf u$ turns to "
        f"{angle1}°, the direction of $\\nabla f = {vector(g1)}$ to the nearest degree, and the "
        f"readout's $\\mathbf u \\cdot \\nabla f$ becomes {readout_number(along)}, the same as "
        f"its $\\lVert \\nabla f \\rVert$ to the four digits it shows (to more digits, "
        f"{number(along, '.4f')} against {number(norm1, '.4f')}: rounding $\\mathbf u$ to a whole "
        "degree costs a little). Turn "
        "$\\mathbf u$ with the slider: every other direction gives less.\n\n"
        + _experiment_button({"landscape": ros.name, "point": list(p1), "align": True})
        + "\n### 2. Along a level curve\n\n"
        f"Choose **{saddle.title}**, pin the point at ${vector(p2)}$, where "
        f"$\\nabla f = {vector(g2)}$, and set $\\mathbf u$ to {angle2}°, a right angle to "
        "$\\nabla f$. The readout's $\\mathbf u \\cdot \\nabla f$ is 0 and the note says "
        "$\\mathbf u$ is tangent to the level curve: moving along the dashed tangent does not "
        "change $f$, to first order.\n\n"
        + _experiment_button({"landscape": saddle.name, "point": list(p2), "angle": angle2})
        + "\n### 3. A step too far\n\n"
        f"Back on **{ros.title}** at ${vector(p1)}$, set the step to $\\eta = {number(big, 'g')}$ "
        f"and press **descend from the point**. The walls are steep there, so the first step "
        f"overshoots the valley: after {number_word(exit_step)} step{'s' if exit_step > 1 else ''} "
        f"the point is at ${vector([round(c, 1) for c in exit_at])}$, outside the picture, and "
        f"the field stops the descent after {wild.steps} steps, at "
        f"${vector([round(c, 1) for c in wild.end])}$, as diverged. With $\\eta = {number(small, 'g')}$ "
        f"the same start walks down into the valley and along it: after {tame.steps} steps it "
        f"is at ${vector([round(c, 3) for c in tame.end])}$, close to the minimum at "
        f"${vector(minimum)}$. Chapter 8 explains how the largest safe step depends on the "
        "curvature.\n\n"
        + _experiment_button({"landscape": ros.name, "point": list(p1), "eta": -1, "descend": True},
                             f"Descend with η = {number(big, 'g')}")
        + _experiment_button({"landscape": ros.name, "point": list(p1), "eta": -2, "descend": True},
                             f"Descend with η = {number(small, 'g')}")
    )


def sections_md() -> str:
    """One section per landscape for the fields page: its prose, formula, partials, curvature
    at its critical points and the points themselves, all from the registry entry."""
    parts = []
    for ls in LANDSCAPES.values():
        (x0, x1), (y0, y1) = ls.domain
        dx, dy = ls.partial_latex
        facts = [
            f"- **Function:** $f(x, y) = {ls.latex}$ on ${interval_latex(x0, x1)} \\times "
            f"{interval_latex(y0, y1)}$",
            f"- **Partials:** $\\dfrac{{\\partial f}}{{\\partial x}} = {dx}$, "
            f"$\\dfrac{{\\partial f}}{{\\partial y}} = {dy}$",
            f"- **Where $\\nabla f = 0$:** {_critical_md(ls, '; ')}",
        ]
        if ls.critical_points:
            facts.append(f"- **Second-derivative test:** {second_derivative_test_md(ls)}")
        about = ls.about or (ls.summary[:1].upper() + ls.summary[1:] + ".")
        extra = SECTION_EXTRAS.get(ls.name)
        parts.append(f"## {ls.title}\n\n{about}\n\n" + "\n".join(facts) + "\n"
                     + (f"\n{extra(ls)}\n" if extra else ""))
    return "\n".join(parts)


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "fields-switcher.md": switcher_snippet,
    "fields-experiments.md": experiments_md,
    "fields-table.md": landscapes_md,
    "fields-landscapes.md": sections_md,
}
