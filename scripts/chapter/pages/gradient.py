"""The generated parts of the gradient page (``docs/gradient.md``).

The steepest-ascent scan (every unit direction's slope measured by a finite difference, the
largest along ∇f, zero along the level curve), the Rosenbrock field figure, the descent table
and the gradient-descent preview figure.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from chapter import subjects
from chapter.claims import claim
from chapter.figures import figure_snippet
from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES
from gradfig.text import number, sci_tex, vector

__all__ = ["SNIPPETS", "DescentStep", "SteepestScan", "descent_md", "descent_path", "steepest_ascent_scan",
           "steepest_md"]


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
    claim(abs((scan.best_angle_deg - scan.gradient_angle_deg + 180) % 360 - 180) <= step,
           f"steepest direction {scan.best_angle_deg}° is not the gradient's {scan.gradient_angle_deg}°")
    claim(abs(scan.best_value - norm) <= 1e-3 * norm, "largest slope differs from ‖∇f‖")
    claim(abs(perp_slope) <= 1e-6 * norm, "slope along the level curve is not zero")
    return scan


def steepest_md() -> str:
    """Measured evidence for 'steepest ascent along ∇f' and 'perpendicular to level curves'."""
    s = steepest_ascent_scan()
    ls = LANDSCAPES["rosenbrock"]
    rows = "\n".join(f"| {number(t, 'g')} | {number(d, '.3e')} | {number(d / t**2, '.4f')} |"
                     for t, d in s.perpendicular_change)
    return (
        f"Take the {ls.title} landscape at $(x, y) = {vector(s.point)}$, where "
        f"$\\nabla f = {vector(s.gradient)}$ points at {number(s.gradient_angle_deg, '.2f')}°, "
        f"and measure the slope $\\mathbf u \\cdot \\nabla f$ in {s.directions} unit directions "
        f"$\\mathbf u$ spaced {number(360 / s.directions, 'g')}° apart, each with a finite "
        "difference rather than the formula. "
        f"The largest slope, {number(s.best_value, '.4f')}, "
        f"is at {number(s.best_angle_deg, '.1f')}°, and $\\lVert \\nabla f \\rVert = "
        f"{number(s.norm, '.4f')}$. Along the perpendicular direction the slope is "
        f"{number(s.perpendicular_value, '.1e')}, zero up to rounding; "
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


def descent_path(landscape: Landscape = subjects.DESCENT_LANDSCAPE,
                 start: tuple[float, float] = subjects.DESCENT_START,
                 rate: float = subjects.DESCENT_TABLE_STEP,
                 steps: int = subjects.DESCENT_TABLE_ITERATIONS) -> list[DescentStep]:
    """Plain gradient descent ``x <- x - rate * ∇f(x)``; returns every step (default: the
    chapter's table, from the preview's start with its good step)."""
    import sympy as sp
    ls = landscape
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
    ls, rate, start = subjects.DESCENT_LANDSCAPE, subjects.DESCENT_TABLE_STEP, subjects.DESCENT_START
    path = descent_path(ls, start, rate)
    minimum = ls.critical_points[0].point
    shown = [path[k] for k in (0, 1, 10, 100, 1000, len(path) - 1)]
    claim(path[-1].value < path[0].value * 1e-3, "descent did not reduce f")
    rows = "\n".join(f"| {s.step} | {vector([round(c, 4) for c in s.point])} | {number(s.value, '.4g')} "
                     f"| {number(s.grad_norm, '.4g')} |" for s in shown)
    return (
        f"Starting at {vector(start)} with step size {number(rate, 'g')} "
        f"on the {ls.title} landscape (minimum at {vector(minimum)}):\n\n"
        "| step | point | value $f$ | gradient norm $\\lVert \\nabla f \\rVert$ |\n"
        "|---:|---|---:|---:|\n" + rows + "\n"
    )


def directional_md() -> str:
    """The limit definition worked at one point and direction: the quotient tends to u·∇f."""
    from gradfig.figures.directional import directional_slopes, limit_quotients
    ls, p, angle = subjects.ROSENBROCK, subjects.DIRECTIONAL_POINT, subjects.DIRECTIONAL_ANGLE
    u = np.array([math.cos(math.radians(angle)), math.sin(math.radians(angle))])
    exact = float(u @ ls.gradient(np.array(p)))
    steps = (1e-1, 1e-2, 1e-3, 1e-4)
    quotients = limit_quotients(ls, p, angle, steps)
    errors = np.abs(quotients - exact)
    ratios = errors[:-1] / errors[1:]
    claim(bool(np.all((ratios > 7) & (ratios < 13))),
          f"the quotient's error does not shrink like t: {errors}")
    s = directional_slopes(ls, p)
    measured = s.quotients - (np.cos(np.radians(s.sampled)) * s.gradient[0]
                              + np.sin(np.radians(s.sampled)) * s.gradient[1])
    claim(float(np.max(np.abs(measured))) <= 1e-4 * s.norm, "the figure's quotients are off the cosine")
    rows = "\n".join(f"| {number(t, 'g')} | {number(q, '.6f')} | {number(e, '.2e')} |"
                      for t, q, e in zip(steps, quotients, errors, strict=True))
    return (
        f"At $\\mathbf p = {vector(p)}$ on {ls.title}, take the unit vector at {number(angle, 'g')}°, "
        f"$\\mathbf u = {vector(tuple(u), '.4f')}$. The formula gives "
        f"$D_{{\\mathbf u}} f = \\mathbf u \\cdot \\nabla f = {number(exact, '.6f')}$; the quotient of the "
        "definition, computed from $f$ alone, closes in on it:\n\n"
        "| step $t$ | quotient $(f(\\mathbf p + t\\mathbf u) - f(\\mathbf p)) / t$ | distance to "
        "$\\mathbf u \\cdot \\nabla f$ |\n|---:|---:|---:|\n" + rows + "\n\n"
        "Each tenfold smaller step leaves about a tenth of the distance: the one-sided quotient is "
        "off, to leading order, by $t$ times half the second derivative along $\\mathbf u$.\n"
    )


def curvature_md() -> str:
    """Rosenbrock's Hessian at the minimum: 2/λ_max against the figure's step sizes, and the
    condition number behind the crawl; each checked against the figure's own paths."""
    from gradfig import descent
    ls = subjects.DESCENT_LANDSCAPE
    minimum = np.array(ls.critical_points[0].point)
    hess = ls.hessian(minimum)
    lams, vecs = np.linalg.eigh(hess)
    lam_min, lam_max = float(lams[0]), float(lams[-1])
    limit, cond = 2 / lam_max, lam_max / lam_min
    run = descent.preview(ls, subjects.DESCENT_START, subjects.DESCENT_STEPS)
    paths = {p.step: p for p in run.paths}
    above = [eta for eta in subjects.DESCENT_STEPS if eta > limit]
    below = [eta for eta in subjects.DESCENT_STEPS if eta < limit]
    claim(bool(above) and bool(below), f"no step of the figure on each side of 2/λ_max = {limit}")
    bouncer = min(eta for eta in above if not paths[eta].diverged)
    tail = paths[bouncer].points[-6:] - minimum
    along = tail @ vecs[:, -1]
    claim(bool(np.all(np.sign(along[1:]) != np.sign(along[:-1]))) and paths[bouncer].final_grad_norm > 1,
          f"η = {bouncer} does not bounce across the valley at the end: {along}")
    crawler = max(below)
    rate = 1 - crawler * lam_min
    tenfold = math.log(10) / -math.log(rate)
    left = float(np.linalg.norm(paths[crawler].points[-1] - minimum))
    claim(left > 0.1, f"η = {crawler} is already {left} from the minimum")
    h = hess
    return (
        f"Why these step sizes behave as they do is a matter of curvature. At the minimum "
        f"{vector(tuple(minimum))} the Hessian of {ls.title}, the matrix of second partials, is "
        f"$\\begin{{pmatrix}} {number(h[0, 0], 'g')} & {number(h[0, 1], 'g')} \\\\ "
        f"{number(h[1, 0], 'g')} & {number(h[1, 1], 'g')} \\end{{pmatrix}}$, with eigenvalues "
        f"$\\lambda_{{\\max}} = {number(lam_max, '.4g')}$ and "
        f"$\\lambda_{{\\min}} = {number(lam_min, '.4g')}$. "
        "Near the minimum $f$ is close to its quadratic approximation, and for a quadratic one step of "
        "descent multiplies the distance to the minimum along each eigenvector by $1 - \\eta\\lambda$. "
        "Along the steep direction that factor has size below 1 only if "
        f"$\\eta < 2 / \\lambda_{{\\max}} = {number(limit, '.3g')}$. The figure's "
        f"$\\eta = {number(bouncer, 'g')}$ is just above it: $|1 - \\eta\\lambda_{{\\max}}| = "
        f"{number(abs(1 - bouncer * lam_max), '.3g')}$, so it reaches the valley and then bounces "
        "from wall to wall around the minimum, never settling (its last iterates alternate sides, with "
        f"$\\lVert\\nabla f\\rVert$ still {number(paths[bouncer].final_grad_norm, '.3g')}). "
        "Steps below the limit would converge once near the minimum, but slowly: the condition number "
        f"$\\lambda_{{\\max}} / \\lambda_{{\\min}} = {number(cond, '.3g')}$ says the valley's floor "
        f"curves that many times less than its walls. With $\\eta = {number(crawler, 'g')}$ the distance "
        "along "
        f"the flat direction shrinks by a factor {number(rate, '.4f')} per step, about "
        f"{number(tenfold, '.0f')} steps for each tenfold, and after {len(paths[crawler].points) - 1} "
        f"steps that path is still {number(left, '.2f')} from the minimum. No single step size suits "
        "both directions: any "
        f"$\\eta$ below the limit shrinks the flat direction by at best about $1 - 2/{number(cond, '.3g')}$ "
        "per step. Ch.8 returns to this with momentum and preconditioning.\n"
    )


def tiny_norm_md() -> str:
    """A tiny norm is also what convergence looks like: the descent table's last row."""
    ls, rate, start = subjects.DESCENT_LANDSCAPE, subjects.DESCENT_TABLE_STEP, subjects.DESCENT_START
    path = descent_path(ls, start, rate)
    minimum = np.array(ls.critical_points[0].point)
    end = path[-1]
    distance = float(np.linalg.norm(np.array(end.point) - minimum))
    claim(end.grad_norm < 1e-3 * path[0].grad_norm, f"the descent's last norm {end.grad_norm} is not tiny")
    claim(distance < 1e-3, f"the descent ends {distance} from the minimum")
    claim(ls.critical_points[0].kind == "minimum", "the descent's landscape has no minimum first")
    return (
        f"A tiny norm is also what success looks like. The descent above ends, after {end.step} "
        f"steps, with $\\lVert \\nabla f \\rVert = {sci_tex(end.grad_norm, 2)}$, only "
        f"${sci_tex(distance, 2)}$ from the minimum at {vector(tuple(minimum))}, where $f$ is "
        f"${sci_tex(end.value, 2)}$. The norm alone cannot tell a plateau from a minimum or a "
        "saddle. Other signs help: whether the loss is still high, and whether it starts to fall "
        "again after a stall, as it often does once the iterate drifts off a saddle.\n"
    )


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "gradient-steepest.md": steepest_md,
    "gradient-figure-field-rosenbrock.md": functools.partial(figure_snippet, "field-rosenbrock"),
    "gradient-descent.md": descent_md,
    "gradient-figure-descent.md": functools.partial(figure_snippet, "descent"),
    "gradient-tiny-norm.md": tiny_norm_md,
    "gradient-curvature.md": curvature_md,
    "gradient-directional.md": directional_md,
    "gradient-figure-directional.md": functools.partial(figure_snippet, "directional"),
}
