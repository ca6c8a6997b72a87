"""The generated parts of the make-it-run page (``docs/make-it-run.md``): the gradient check.

Rosenbrock and its gradient, the finite-difference error figure, the check table and what
it shows, the valley floor beside the check point below it, a check that fails (a classic
slip in ∂f/∂x), a correct gradient that fails in float32, a kink (ReLU), and the check as code
with its printed output: all run at build time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from chapter.claims import claim
from chapter.figures import figure_snippet
from chapter.subjects import ROSENBROCK, rosenbrock_point
from gradfig import numdiff
from gradfig.check import DEFAULT_ATOL, require_pass
from gradfig.expr import parse
from gradfig.landscapes import LANDSCAPES
from gradfig.text import number, number_word, pow10_tex, sci_tex, vector

__all__ = ["FLOAT32_ATOL", "SNIPPETS", "DefinedFunction", "dropped_factor", "float32_rows", "relu_function"]


def rosenbrock_md() -> str:
    """The Rosenbrock function and its gradient as display maths."""
    ls = LANDSCAPES["rosenbrock"]
    dx, dy = ls.partial_latex
    return (f"$$\nf(x, y) = {ls.latex}, \\qquad "
            f"\\nabla f(x, y) = \\begin{{pmatrix}} {dx} \\\\ {dy} \\end{{pmatrix}}\n$$\n")



def check_table_md() -> str:
    """The chapter's gradient-check table, Rosenbrock's, as Markdown (refused if it fails)."""
    return require_pass(ROSENBROCK).to_markdown() + "\n"


def check_conclusions_md() -> str:
    """What the Rosenbrock check table shows, stated from its own rows."""
    result = require_pass(LANDSCAPES["rosenbrock"])
    rows = result.rows
    worst = max(rows, key=lambda r: r.error)
    flattest = min(rows, key=lambda r: r.norm)
    steepest = max(rows, key=lambda r: r.norm)
    minimum = LANDSCAPES["rosenbrock"].critical_points[0].point
    claim(result.passed, "the Rosenbrock check failed")
    claim(flattest.point == minimum and flattest.norm == 0.0,
           f"the gradient does not vanish at the minimum {minimum}")
    trunc = minimum_truncation()
    claim(abs(flattest.numerical[0] - trunc.predicted) <= 1e-6 * trunc.predicted,
          f"the numerical ∂f/∂x at the minimum, {flattest.numerical[0]}, is not the truncation term "
          f"{trunc.predicted}")
    claim(flattest.numerical[1] == 0.0, f"the numerical ∂f/∂y at the minimum is {flattest.numerical[1]}")
    return (
        f"- **Agreement.** All {len(rows)} rows pass. The largest error norm is "
        f"{number(worst.error, '.1e')}, at {vector(worst.point)}, against a tolerance of "
        f"{number(result.atol, 'g')}.\n"
        f"- **The minimum.** At {vector(flattest.point)}, the {flattest.label}, the analytical "
        f"gradient is exactly {vector(flattest.analytical)}: a critical point, where descent stops. "
        f"The numerical one is {vector(flattest.numerical, '.3g')}, and its first entry is not "
        "rounding: it is the central difference's own truncation error, which the next section "
        "works out exactly. An error measured against a zero gradient cannot be relative (any "
        "non-zero error would be infinitely large), which is one reason the rule compares an "
        "*absolute* error with the tolerance.\n"
        f"- **The steep wall.** The largest norm, {number(steepest.norm, '.4f')}, is at "
        f"{vector(steepest.point)} ({steepest.label}), high on the valley's wall: a step of "
        "gradient descent there would be large.\n"
    )


@dataclass(frozen=True)
class Truncation:
    """The central difference of ∂f/∂x at Rosenbrock's minimum, worked out exactly.

    Along y = 1, f is a polynomial of degree four in x, so the Taylor series of the central
    difference stops after one term: (g(x + h) − g(x − h)) / 2h = g′(x) + h²/6 · g‴(x)
    exactly, and at the minimum g′ = 0.
    """

    point: tuple[float, float]
    step: float            # the step numdiff takes in x there
    fxxx: float            # ∂³f/∂x³ at the point
    predicted: float       # h²/6 · f_xxx
    coefficient: float     # f_xxx / 6, so that predicted = coefficient · h²


def minimum_truncation() -> Truncation:
    """h²/6 · f_xxx at Rosenbrock's minimum, with the step the check really takes."""
    import sympy as sp
    ls = LANDSCAPES["rosenbrock"]
    x_sym, y_sym = ls.symbols
    minimum = ls.critical_points[0].point
    subs = dict(zip(ls.symbols, minimum, strict=True))
    claim(sp.degree(sp.expand(ls.expr), x_sym) == 4, "Rosenbrock is not of degree 4 in x")
    fxxx = float(sp.diff(ls.expr, x_sym, 3).subs(subs))
    claim(float(sp.diff(ls.expr, y_sym, 3).subs(subs)) == 0.0, "f_yyy is not zero at the minimum")
    h = float(numdiff.step_size(np.array(minimum), "central")[0])
    return Truncation(point=tuple(minimum), step=h, fxxx=fxxx, predicted=h * h / 6 * fxxx,
                      coefficient=fxxx / 6)


def truncation_md() -> str:
    """Why the numerical gradient at the minimum is 1.5e−9 and not 0: the truncation term."""
    t = minimum_truncation()
    row = next(r for r in require_pass(LANDSCAPES["rosenbrock"]).rows if r.point == t.point)
    claim(abs(row.numerical[0] - t.predicted) <= 1e-6 * t.predicted,
          f"truncation {t.predicted} vs the check's {row.numerical[0]}")
    return (
        f"At the minimum ${vector(t.point)}$ the check's numerical $\\partial f / \\partial x$ is "
        f"${sci_tex(row.numerical[0], 3)}$ although the true value is 0. Along the line $y = 1$, $f$ "
        "is a polynomial of degree four in $x$, so the Taylor series of the central difference "
        "ends after one correction term:\n\n"
        "$$\n\\frac{f(x + h, y) - f(x - h, y)}{2h} = \\frac{\\partial f}{\\partial x} "
        "+ \\frac{h^2}{6}\\,\\frac{\\partial^3 f}{\\partial x^3} \\quad\\text{exactly.}\n$$\n\n"
        f"Here $\\partial^3 f / \\partial x^3 = {number(t.fxxx, 'g')}$, so the error is "
        f"${number(t.coefficient, 'g')}\\,h^2$; with the step $h = {sci_tex(t.step, 3)}$ that is "
        f"${sci_tex(t.predicted, 3)}$, the table's number to six digits. The $y$ entry is exactly 0 "
        "because $\\partial^3 f / \\partial y^3 = 0$ there. So this error is the step's truncation, "
        "not rounding, and it is far inside the tolerance.\n"
    )


#: The frameworks' mixed rule, with torch.autograd.gradcheck's defaults (applied entry by
#: entry there, to the error norm here).
MIXED_ATOL, MIXED_RTOL = 1e-5, 1e-3

#: The two scalings of Rosenbrock that the absolute rule misjudges.
SMALL_SCALE, LARGE_SCALE = 1e-6, 1e6


def _scaled(fn, scale: float, name: str) -> DefinedFunction:
    return DefinedFunction(name=name, formula=f"{scale:g} * ({LANDSCAPES['rosenbrock'].formula})",
                           variables=fn.variables, f=lambda p: scale * fn(p),
                           grad=lambda p: scale * fn.gradient(p))


def tolerance_rows() -> list[tuple[str, bool, object, object]]:
    """Each misjudged case: (what, is its gradient right, absolute check, mixed check), at the
    two check points with the largest gradients."""
    from gradfig.check import gradient_check
    from gradfig.functions import LabelledPoint
    ls = LANDSCAPES["rosenbrock"]
    slipped, _, _ = dropped_factor()
    points = tuple(LabelledPoint(p.point, p.label) for p in ls.check_points
                   if p.label in ("off-axis", "in the valley"))
    claim(len(points) == 2, f"Rosenbrock's check points are not as expected: {points}")
    cases = [(f"${pow10_tex(SMALL_SCALE)}\\,f$, slipped $\\partial f/\\partial x$",
              False, _scaled(slipped, SMALL_SCALE, "small-slip")),
             (f"${pow10_tex(LARGE_SCALE)}\\,f$, right gradient", True,
              _scaled(ls, LARGE_SCALE, "large-right"))]
    rows = []
    for what, right, fn in cases:
        absolute = gradient_check(fn, points)
        mixed = gradient_check(fn, points, atol=MIXED_ATOL, rtol=MIXED_RTOL)
        claim(all(r.passed != right for r in absolute.rows),
              f"{what}: the absolute rule is not fooled at every point")
        claim(all(r.passed == right for r in mixed.rows), f"{what}: the mixed rule misjudges it too")
        rows.append((what, right, absolute, mixed))
    return rows


def tolerance_md() -> str:
    """The absolute rule misjudging each way, and the mixed rule atol + rtol·‖n‖ on the same rows."""
    verdict = {True: "✓ pass", False: "✗ FAIL"}
    lines = []
    for what, _right, absolute, mixed in tolerance_rows():
        for a, m in zip(absolute.rows, mixed.rows, strict=True):
            lines.append(f"| {what} | {vector(a.point)} | {number(a.norm, '.3g')} "
                         f"| {number(a.error, '.2e')} | {verdict[a.passed]} | {verdict[m.passed]} |")
    return (
        "| function and gradient | point | norm $\\lVert\\nabla f\\rVert$ | error | "
        f"absolute: $\\le {pow10_tex(DEFAULT_ATOL)}$ | mixed: $\\le {pow10_tex(MIXED_ATOL)} + "
        f"{pow10_tex(MIXED_RTOL)}\\,\\lVert \\mathbf n \\rVert$ |\n"
        "|---|---|---:|---:|:---:|:---:|\n" + "\n".join(lines) + "\n"
    )


def complex_step_md() -> str:
    """What the complex step in the error figure is, with its error at the figure's point."""
    from chapter import subjects as subj
    ls, point = subj.FD_LANDSCAPE, np.array(subj.FD_POINT, dtype=float)
    exact = ls.gradient(point)
    cx = numdiff.gradient(ls, point, "complex")
    ce = numdiff.gradient(ls, point, "central")
    e_cx, e_ce = float(np.linalg.norm(cx - exact)), float(np.linalg.norm(ce - exact))
    claim(e_cx <= 1e-14 * max(1.0, float(np.linalg.norm(exact))),
          f"the complex step's error {e_cx} is not at round-off")
    claim(e_ce > 100 * max(e_cx, 1e-300), f"central ({e_ce}) is not far worse than complex ({e_cx})")
    h = float(numdiff.step_size(point, "complex")[0])
    e_cx_text = "exactly 0" if e_cx == 0 else number(e_cx, ".1e")
    return (
        "The figure's third curve, the **complex step**, avoids the subtraction altogether. "
        "When $f$ is made of operations that also accept complex numbers (polynomials, exp, sin "
        "and the like; not abs, max or a comparison) and is real for real inputs, its Taylor "
        "series holds for an imaginary step $ih$ too:\n\n"
        "$$\nf(\\mathbf x + ih\\,\\mathbf e_j) = f(\\mathbf x) + ih\\,\\frac{\\partial f}"
        "{\\partial x_j} - \\frac{h^2}{2}\\,\\frac{\\partial^2 f}{\\partial x_j^2} + O(h^3),"
        "\\qquad \\frac{\\partial f}{\\partial x_j} = "
        "\\frac{\\operatorname{Im} f(\\mathbf x + ih\\,\\mathbf e_j)}{h} + O(h^2).\n$$\n\n"
        "The derivative is read off the imaginary part, with no difference of two nearly equal "
        f"numbers, so nothing cancels and $h$ can be as small as ${pow10_tex(h)}$. At "
        f"${vector(tuple(point), 'g')}$ its error is {e_cx_text}, against "
        f"{number(e_ce, '.1e')} for the central difference with its step rule. Gradient checkers "
        "for networks rarely use it: ReLU, max and abs are not analytic, and a framework's code "
        "would need to accept complex inputs all the way through.\n"
    )


def valley_floor_md() -> str:
    """The check point "in the valley" beside the point of the valley floor above it.

    The floor of Rosenbrock's valley is the curve y = x²; the check point (1.2, 1) lies below
    it, on the wall, where the gradient is large. The two norms, and the split of each
    gradient into the contributions of f's two terms, are computed here.
    """
    import sympy as sp
    ls = LANDSCAPES["rosenbrock"]
    x_sym, y_sym = ls.symbols
    check = np.array(rosenbrock_point("in the valley"))
    floor = np.array([check[0], check[0] ** 2])
    depth = float(check[1] - check[0] ** 2)
    g_check, g_floor = ls.gradient(check), ls.gradient(floor)
    n_check, n_floor = float(np.linalg.norm(g_check)), float(np.linalg.norm(g_floor))
    # f is a sum of two terms; the wall term is the one that vanishes on the floor y = x².
    written = sp.Add.make_args(ls.written)
    terms = [t.doit() for t in written]
    claim(len(terms) == 2 and sp.simplify(sum(terms) - ls.expr) == 0, f"Rosenbrock's terms {terms}")
    flat = [sp.simplify(t.subs(y_sym, x_sym**2)) == 0 for t in terms]
    claim(sum(flat) == 1, f"Rosenbrock's terms {terms}: no single wall term")
    wall_term, base_term = (terms[0], terms[1]) if flat[0] else (terms[1], terms[0])
    wall_tex, base_tex = (sp.latex(written[i], order="none") for i in ((0, 1) if flat[0] else (1, 0)))

    def term_gradient(term: sp.Expr, at: np.ndarray) -> np.ndarray:
        subs = dict(zip(ls.symbols, at, strict=True))
        return np.array([float(sp.diff(term, s).subs(subs)) for s in ls.symbols])

    wall_part, base_part = term_gradient(wall_term, check), term_gradient(base_term, check)
    norms = sorted((float(np.linalg.norm(ls.gradient(np.array(p.point)))) for p in ls.check_points),
                   reverse=True)
    rank = norms.index(n_check) + 1
    claim(depth < 0, f"the check point {tuple(check)} is not below the valley floor")
    claim(n_floor * 10 < n_check, f"‖∇f‖ on the floor ({n_floor}) is not much smaller than at "
                                   f"the check point ({n_check})")
    claim(np.allclose(wall_part + base_part, g_check, atol=1e-12), "the terms' gradients do not add up")
    claim(np.allclose(term_gradient(wall_term, floor), 0, atol=1e-12),
           "the wall term is not flat on the floor")
    claim(rank == 2, f"the check point's norm is number {rank} in the table, not the second largest")
    ordinal = {1: "largest", 2: "second largest", 3: "third largest"}[rank]
    claim(ls.check_points[-1].label == "in the valley", "'in the valley' is not the table's last point")
    intro = (
        "The label of the last point is the classic one, and it is loose. Rosenbrock's valley has a\n"
        f"curved floor, the parabola $y = x^2$, where the wall term ${wall_tex}$ is zero. At\n"
        f"$x = {number(check[0])}$ the floor is at $y = {number(floor[1])}$, so the check point "
        f"${vector(check)}$ is in the valley region\nbut below its floor, on the steep wall. Put it "
        "beside the point on the floor right above\nit:\n\n")
    rows = [
        f"| {vector(check)} | the check point, *{'in the valley'}* | {number(depth)} "
        f"| {number(ls(check), '.4g')} "
        f"| {vector(g_check)} | {n_check:.4f} |",
        f"| {vector(floor)} | on the floor, right above it | 0 | {number(ls(floor), '.4g')} "
        f"| {vector(g_floor)} | {n_floor:.4f} |",
    ]
    return intro + (
        "| point | where | height above the floor $y - x^2$ | value $f$ | gradient $\\nabla f$ "
        "| norm $\\lVert \\nabla f \\rVert$ |\n"
        "|---|---|---:|---:|---|---:|\n" + "\n".join(rows) + "\n\n"
        f"The check point lies {number(-depth)} below the floor, and its gradient is "
        f"{number(n_check / n_floor, '.0f')} times longer than the floor's: the "
        f"{ordinal} in the table. On the floor only the term ${base_tex}$ has a "
        f"slope, giving {vector(g_floor)}. At the check point that term gives {vector(base_part)} "
        f"again, and the wall term ${wall_tex}$, zero on the floor, adds "
        f"{vector(wall_part)}.\n"
    )


# --- a check that fails ----------------------------------------------------------------------

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
        claim(sp.simplify(written.doit() - exact) == 0, f"the display form {text} is not {exact}")
        shown.append(sp.latex(written, order="none"))
    return fn, shown[0], shown[1]


def failing_check_md() -> str:
    """The chapter's check on the slipped gradient: which rows fail, and by how much."""
    from gradfig.check import gradient_check
    fn, right_latex, wrong_latex = dropped_factor()
    right = require_pass(LANDSCAPES["rosenbrock"])
    result = gradient_check(fn)
    failed, passed = result.failures(), [r for r in result.rows if r.passed]
    claim(0 < len(failed) < len(result.rows), "the slip should fail some rows and not others")
    # A real bug shows as an error the size of the gradient, round-off as ~1e-9.
    smallest_bug = min(r.error for r in failed)
    largest_noise = max(r.error for r in right.rows)
    claim(smallest_bug > 1e4 * result.atol, f"the slip's smallest error {smallest_bug} is not large")
    claim(smallest_bug > 1e6 * largest_noise, "the slip's error is not far above round-off")
    for r in passed:  # the rows that pass are the ones where the forgotten term is zero
        x, y = r.point
        claim(x == 0 or y == x**2, f"the slip passes at {r.point}, where its term is not zero")
    for r in failed:
        truth = next(t for t in right.rows if t.point == r.point)
        claim(abs(r.error - abs(r.analytical[0] - truth.analytical[0])) < 1e-6,
               "the error is not the forgotten term")
    passed_text = " and ".join(f"{vector(r.point)} ({r.label})" for r in passed)
    shares = [r.error / abs(next(t for t in right.rows if t.point == r.point).analytical[0]) for r in failed]
    return (
        "$$\n\\begin{aligned}\n"
        f"\\text{{right:}} \\quad \\frac{{\\partial f}}{{\\partial x}} &= {right_latex} \\\\\n"
        f"\\text{{slipped:}} \\quad \\frac{{\\partial f}}{{\\partial x}} &= {wrong_latex}\n"
        "\\end{aligned}\n$$\n\n"
        + result.to_markdown() + "\n\n"
        f"{len(failed)} of {len(result.rows)} rows fail, with errors of "
        + " and ".join(number(r.error, '.4g') for r in failed)
        + f". The rows at {passed_text} pass: there the forgotten term contains a factor "
        "$x$ or $y - x^2$ that is zero, so the slip does no harm at those points. "
        f"Each failing error is {number(100 * min(shares), '.0f')}–"
        f"{number(100 * max(shares), '.0f')} % of the "
        f"true $\\partial f / \\partial x$ there; with the right formula the largest error in the same "
        f"table is {number(largest_noise, '.1e')}.\n"
    )


def float32_rows(label: str = "off-axis") -> list[tuple[str, float, float, tuple[float, ...], float]]:
    """Central differences of Rosenbrock in float32 and float64 at one check point.

    Returns (dtype name, machine epsilon, step h, numerical gradient, error norm) per dtype;
    the error is measured against the exact (float64 analytical) gradient.
    """
    import sympy as sp
    ls = LANDSCAPES["rosenbrock"]
    f = sp.lambdify(ls.symbols, ls.expr, "numpy")
    exact = ls.gradient(np.array(rosenbrock_point(label)))
    rows = []
    for dtype in (np.float32, np.float64):
        p = np.array(rosenbrock_point(label), dtype=dtype)
        eps = np.finfo(dtype).eps
        numeric = []
        for j in range(p.size):
            step = np.zeros_like(p)
            step[j] = dtype(eps ** (1 / 3)) * max(dtype(1), abs(p[j]))
            up, down = p + step, p - step
            value = (f(*up) - f(*down)) / (up[j] - down[j])  # the step really taken
            claim(np.asarray(value).dtype == dtype, f"the {dtype.__name__} difference became {value.dtype}")
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
    claim(e32 > DEFAULT_ATOL, f"the float32 difference ({e32}) passes the float64 tolerance")
    claim(e32 <= FLOAT32_ATOL, f"the float32 difference ({e32}) fails even {FLOAT32_ATOL}")
    claim(e64 < DEFAULT_ATOL * 1e-3, f"the float64 difference ({e64}) is not far inside the tolerance")
    verdict = {True: "✓ pass", False: "✗ FAIL"}
    lines = [f"| {name} | {number(eps, '.2e')} | {number(h, '.2e')} | {vector(num)} | {number(err, '.1e')} "
             f"| {verdict[err <= DEFAULT_ATOL]} | {verdict[err <= FLOAT32_ATOL]} |"
             for name, eps, h, num, err in rows]
    at = rosenbrock_point("off-axis")
    point = vector(at)
    scales = [max(1.0, abs(c)) for c in at]
    claim(len(set(scales)) > 1, f"at {at} every coordinate has the same step scale")
    steps_text = " and ".join(f"${number(c, 'g')}$ for ${v}$" for v, c in
                              zip(LANDSCAPES["rosenbrock"].variables, scales, strict=True))
    return (
        f"The same correct gradient at {point}, differenced in each precision:\n\n"
        f"| precision | machine $\\varepsilon$ | base step $\\varepsilon^{{1/3}}$ | numerical $\\nabla f$ "
        f"| error | tolerance {number(DEFAULT_ATOL, 'g')} | tolerance {number(FLOAT32_ATOL, 'g')} |\n"
        "|---|---:|---:|---|---:|:---:|:---:|\n" + "\n".join(lines) + "\n\n"
        "The step in coordinate $j$ is the base step times $\\max(1, |x_j|)$, the rule gradfig uses "
        f"in both precisions: here the factor is {steps_text}. "
        f"In float32 the error is {number(e32 / e64, '.1e')} times the float64 one, although "
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
        claim(r.passed != inside, f"ReLU's check at {r.point}: passed={r.passed}, within h={inside}")
    claim(at_kink.numerical[0] == 0.5, f"the central difference at the kink is {at_kink.numerical}")
    return (
        result.to_markdown() + "\n\n"
        f"The step is $h \\approx {sci_tex(h)}$. At the kink the central difference is "
        f"$(\\max(h, 0) - \\max(-h, 0)) / 2h = {number(at_kink.numerical[0], 'g')}$, the average of "
        f"the slopes 0 and 1 on either side; at {vector(points[2].point)} the difference still "
        f"straddles the kink and gives {number(result.rows[2].numerical[0], '.4g')}.\n"
    )


#: A network's ReLU units (one seeded sample of their pre-activations is drawn).
NETWORK_UNITS = 10**6


def kink_network_md() -> str:
    """How often a unit of a network sits within one step of its kink: rare for one ReLU,
    common among a million."""
    from scipy.special import erf
    from scipy.stats import norm
    h = float(numdiff.step_size(np.array([0.0]), "central")[0])
    p_unit = float(erf(h / np.sqrt(2)))  # P(|z| < h) for a standard normal z
    claim(abs(p_unit - (norm.cdf(h) - norm.cdf(-h))) <= 1e-6 * p_unit, f"P(|z| < h) = {p_unit}?")
    sample = np.random.default_rng(4).standard_normal(NETWORK_UNITS)
    hits = int(np.count_nonzero(np.abs(sample) < h))
    mean_close = NETWORK_UNITS * p_unit
    at_least_one = 1 - (1 - p_unit) ** NETWORK_UNITS
    claim(p_unit < 1e-5 and at_least_one > 0.9 and hits >= 1,
          f"P(unit) {p_unit}, P(some unit) {at_least_one}, {hits} in the sample")
    return (
        "For a single ReLU whose input is of order one, say standard normal, the chance of "
        f"landing within $h$ of the kink is about ${sci_tex(p_unit, 2)}$, so a random check point "
        "almost never does. A network changes the count. With a million ReLU units evaluated on "
        "one example, and the check's step moving each pre-activation by roughly $h$ (the exact "
        f"amount depends on the weights), on average {number(mean_close, '.2g')} units lie that "
        f"close to their kink, and at least one does with probability "
        f"{number(100 * at_least_one, '.0f')} %; one seeded draw of a million standard normal "
        f"pre-activations has {number_word(hits) if hits < 10 else hits} that close. "
        "In a network with many units a straddled kink is then the rule rather than the exception: "
        "a check of such a network should expect some entries to disagree because of a kink, not "
        "a bug, or choose points and steps that keep every unit clear of its kink.\n"
    )


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


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "make-it-run-rosenbrock.md": rosenbrock_md,
    "make-it-run-figure-fd-error.md": functools.partial(figure_snippet, "fd-error"),
    "make-it-run-check-table.md": check_table_md,
    "make-it-run-check-conclusions.md": check_conclusions_md,
    "make-it-run-valley-floor.md": valley_floor_md,
    "make-it-run-check-failing.md": failing_check_md,
    "make-it-run-float32.md": float32_md,
    "make-it-run-kink-check.md": kink_check_md,
    "make-it-run-kink-network.md": kink_network_md,
    "make-it-run-truncation.md": truncation_md,
    "make-it-run-tolerance.md": tolerance_md,
    "make-it-run-complex-step.md": complex_step_md,
    "make-it-run-check-run.md": check_run_md,
}
