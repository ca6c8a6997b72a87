"""The generated parts of the recall page (``docs/recall.md``): the questions and the summary's
list of landscapes.

:data:`QUESTIONS` is the one list of the chapter's recall questions, in the page's order: each
is numbered by its position ("Recall 1", "Recall 2", ...) and written to
``recall-<id>.md``. Their numbers come from the registry; the question types and their HTML
are :mod:`chapter.quiz`'s.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np

from chapter.quiz import Option, Question, Trap, TypedQuestion, quiz_html, typed_html
from gradfig.check import DEFAULT_ATOL
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP, WORKED_EXAMPLE
from gradfig.text import and_list, format_number, number, number_word, pow10_tex, sci_tex, vector

__all__ = ["QUESTIONS", "SNIPPETS", "landscape_names_md", "question_html", "questions"]


def jacobian_shape() -> Question:
    n, m = LAYER_MAP.dim_in, LAYER_MAP.dim_out
    return Question(
        id="jacobian-shape",
        title="shapes",
        prompt=(f"A layer maps $\\mathbb R^{{{n}}} \\to \\mathbb R^{{{m}}}$. What is the shape of its "
                "Jacobian $J$, and how many entries does $J\\,\\Delta x$ have?"),
        options=(
            Option(f"${n} \\times {m}$; $J\\,\\Delta x$ has {n} entries", False,
                   "That puts inputs on the rows. Rows are outputs: each row is the gradient of "
                   "one output."),
            Option(f"${m} \\times {n}$; $J\\,\\Delta x$ has {m} entries", True,
                   f"Rows are outputs ({m}), columns are inputs ({n}); the product lands in "
                   "output space."),
            Option(f"${m} \\times {n}$; $J\\,\\Delta x$ has {n} entries", False,
                   f"The shape is right, but a {m}-row matrix times a vector gives {m} numbers: "
                   "$J\\,\\Delta x$ predicts the change of the output."),
            Option(f"${n} \\times {n}$; $J\\,\\Delta x$ has {n} entries", False,
                   "A square Jacobian only happens when inputs and outputs have the same "
                   "dimension."),
        ),
        worked_answer=(
            f"Rows count outputs and columns count inputs, so $J$ is ${m} \\times {n}$: row $i$ is "
            f"the gradient of output $i$ (one entry per input, {n} of them), and there are {m} "
            "outputs.\n\n"
            f"$\\Delta x$ lives in the input space, a {n}-vector, which is exactly what a matrix with "
            f"{n} columns can multiply. The product $J\\,\\Delta x$ has one entry per row, {m} of "
            "them: the first-order change of every output. PyTorch stores "
            f"`nn.Linear({n}, {m}).weight` as ({m}, {n}) for the same reason."
        ),
    )


def steepest() -> Question:
    return Question(
        id="steepest",
        title="direction",
        prompt=("At a point where $\\nabla f \\ne 0$: in which direction does $f$ decrease "
                "fastest, and how does $\\nabla f$ sit against the level curve through the point?"),
        options=(
            Option("Along $-\\nabla f$; $\\nabla f$ is tangent to the level curve", False,
                   "The direction is right, but along a level curve $f$ does not change, so the "
                   "slope there is zero; $\\nabla f$ has a non-zero slope, so it cannot lie along it."),
            Option("Along the level curve; $\\nabla f$ is perpendicular to it", False,
                   "Along a level curve $f$ stays the same to first order: that is the direction "
                   "of zero change, not fastest decrease."),
            Option("Along $-\\nabla f$; $\\nabla f$ is perpendicular to the level curve", True,
                   "The slope along a unit vector $\\mathbf u$ is $\\lVert\\nabla f\\rVert\\cos\\theta$: "
                   "most negative at $\\theta = 180°$, zero at $90°$."),
            Option("Along $\\nabla f$; $\\nabla f$ is perpendicular to the level curve", False,
                   "Walking along $\\nabla f$ increases $f$ fastest: that is steepest ascent."),
        ),
        worked_answer=(
            "The slope of $f$ along a unit vector $\\mathbf u$ is the directional derivative "
            "$\\mathbf u \\cdot \\nabla f = \\lVert \\nabla f \\rVert \\cos\\theta$, where $\\theta$ "
            "is the angle between $\\mathbf u$ and $\\nabla f$. It is smallest, "
            "$-\\lVert \\nabla f \\rVert$, at $\\theta = 180°$, i.e. for "
            "$\\mathbf u = -\\nabla f / \\lVert \\nabla f \\rVert$: steepest descent.\n\n"
            "Along the level curve $f$ is constant, so the slope in the curve's direction is 0. "
            "With $\\nabla f \\ne 0$ that needs $\\cos\\theta = 0$: the curve's direction is at a right "
            "angle to $\\nabla f$. So $\\nabla f$ is perpendicular to the level curve."
        ),
    )


def gradient_norm() -> Question:
    saddle = LANDSCAPES["saddle"]
    origin = vector(saddle.critical_points[0].point)
    return Question(
        id="gradient-norm",
        title="the norm",
        prompt=("During training you log $\\lVert \\nabla f \\rVert$ of the loss. What do "
                "$\\nabla f = 0$ and a very large $\\lVert \\nabla f \\rVert$ tell you about the "
                "current point?"),
        options=(
            Option("Zero: the global minimum is reached. Large: close to the minimum.", False,
                   "A zero gradient only says the point is critical: it may be a saddle or a "
                   "maximum, and a minimum need not be global. Near a smooth minimum the gradient "
                   "is small, not large."),
            Option("Zero: a critical point (minimum, maximum or saddle), where descent stops. "
                   "Large: a steep spot where steps overshoot and training can explode.", True,
                   "Gradient descent moves by $-\\eta\\nabla f$: no move at a critical point, a huge "
                   "move on a cliff."),
            Option("Zero: the learning rate is too small. Large: the learning rate is too large.",
                   False,
                   "$\\nabla f$ is a property of the loss at the point, not of the learning rate; "
                   "the step is $\\eta$ times it."),
        ),
        worked_answer=(
            "$\\nabla f = 0$ marks a **critical point**: every directional slope is zero, so "
            "gradient descent, $x \\leftarrow x - \\eta \\nabla f(x)$, stops moving. It can be a "
            f"minimum, a maximum or a saddle (like ${saddle.latex}$ at {origin}); the gradient alone "
            "does not say which.\n\n"
            "A very large $\\lVert \\nabla f \\rVert$ means the loss is very steep there. A step of "
            "size $\\eta \\lVert \\nabla f \\rVert$ can jump far past any valley, the loss can grow "
            "instead of shrinking, and training can diverge (exploding gradients). Clipping the "
            "norm or lowering $\\eta$ are the usual remedies. The opposite, a tiny norm over a wide "
            "region, means a plateau where nothing learns."
        ),
    )


# --- typed questions: the reader computes a number, a vector or a verdict -------------------

def _plain(values: tuple[float, ...]) -> str:
    """As a reader types it: ASCII minus, commas."""
    return ", ".join(format_number(float(v), "-", ".6g") for v in values)


def typed_partials() -> TypedQuestion:
    fn = WORKED_EXAMPLE
    point = (1.0, -1.0, 2.0)
    grad = tuple(float(g) for g in fn.gradient(np.array(point)))
    gx, gy, gz = fn.partial_latex
    x, y, z = point
    return TypedQuestion(
        id="typed-partials",
        title="partials at a point",
        prompt=(f"For $f(x, y, z) = {fn.latex}$, compute the three partials "
                f"$\\partial f/\\partial x$, $\\partial f/\\partial y$, $\\partial f/\\partial z$ "
                f"at $(x, y, z) = {vector(point)}$."),
        answer=grad, typed=_plain(grad), format="three numbers, separated by commas",
        hint="Freeze the other two variables and differentiate in the third; then put in the point.",
        traps=(
            Trap((2 * x, grad[1], grad[2]), "For $x$, both $x^2$ and $3xy$ contain $x$: the second "
                 "gives $3y$."),
            Trap((grad[0], grad[1], 4 * z), "For $z$, the power rule on $z^4$ gives $4z^3$, not $4z$."),
        ),
        on_right=f"$\\nabla f{vector(point)} = {vector(grad)}$.",
        worked_answer=(
            f"The partials are $\\partial f/\\partial x = {gx}$, $\\partial f/\\partial y = {gy}$ and "
            f"$\\partial f/\\partial z = {gz}$. At ${vector(point)}$: "
            f"$2({number(x)}) + 3({number(y)}) = {number(grad[0])}$, "
            f"$3({number(x)}) = {number(grad[1])}$ and "
            f"$4({number(z)})^3 = {number(grad[2])}$, so $\\nabla f = {vector(grad)}$."
        ),
    )


def typed_column() -> TypedQuestion:
    m = POLAR_MAP
    point = (2.0, math.pi / 2)
    J = m.jacobian(np.array(point))
    column = tuple(float(v) + 0.0 for v in np.round(J[:, 1], 12))
    first = tuple(float(v) + 0.0 for v in np.round(J[:, 0], 12))
    row = tuple(float(v) + 0.0 for v in np.round(J[0, :], 12))
    r, t = m.variable_latex
    f1, f2 = m.latex
    return TypedQuestion(
        id="typed-column",
        title="a Jacobian column",
        prompt=(f"The polar map $f({r}, {t}) = ({f1}, {f2})$ has the Jacobian "
                f"$J = {m.jacobian_latex}$. At $({r}, {t}) = (2, \\tfrac{{\\pi}}{{2}})$, "
                f"type column 2 of $J$: how the output moves when ${t}$ alone is nudged."),
        answer=column, typed=_plain(column), format="two numbers, separated by a comma",
        hint=f"Column 2 holds the derivatives of both outputs with respect to ${t}$; "
             "$\\cos\\frac{\\pi}{2} = 0$ and $\\sin\\frac{\\pi}{2} = 1$.",
        traps=(
            Trap(first, f"That is column 1, the effect of nudging ${r}$."),
            Trap(row, "That is row 1, the gradient of the first output. A column runs down: "
                 "one entry per output."),
        ),
        on_right="Nudging the angle at radius 2 moves the point around the circle at speed 2.",
        worked_answer=(
            f"Column 2 is $\\big(\\partial f_1/\\partial {t}, \\partial f_2/\\partial {t}\\big) = "
            f"\\big(-{r}\\sin{t}, \\; {r}\\cos{t}\\big)$. With ${r} = {number(point[0])}$, "
            f"${t} = \\pi/2$, where $\\sin{t} = {number(round(math.sin(point[1]), 12))}$ and "
            f"$\\cos{t} = {number(round(math.cos(point[1]), 12) + 0.0)}$, that is "
            f"${vector(column)}$. The point sits on the vertical axis, so turning the "
            f"angle moves it horizontally, to the left, at speed ${r} = {number(point[0])}$."
        ),
    )


def typed_linear() -> TypedQuestion:
    fn = WORKED_EXAMPLE
    x0 = np.array(fn.check_points[0].point)
    dx = np.array([0.1, 0.0, -0.1])
    f0 = float(fn(x0))
    grad = fn.gradient(x0)
    change = float(grad @ dx)
    approx = f0 + change
    exact = float(fn(x0 + dx))
    at = vector(tuple(x0))
    return TypedQuestion(
        id="typed-linear",
        title="a linear approximation",
        prompt=(f"For the worked example of Recall {QUESTIONS.index(typed_partials) + 1}, "
                f"$f(x, y, z) = {fn.latex}$, "
                f"$f{at} = {number(f0)}$ and $\\nabla f{at} = {vector(grad)}$. "
                f"Use the linear approximation to estimate $f$ at "
                f"${vector(tuple(x0 + dx))}$, that is $\\Delta\\mathbf x = "
                f"{vector(tuple(dx))}$."),
        answer=(approx,), typed=_plain((approx,)), format="one number",
        hint="Add the first-order change $\\nabla f \\cdot \\Delta\\mathbf x$ to the value you start from.",
        traps=(
            Trap((exact,), "That is the true value of $f$ at the new point. The linear approximation "
                 "uses only $f$ and $\\nabla f$ at the starting point."),
            Trap((change,), "That is the change $\\nabla f \\cdot \\Delta\\mathbf x$ alone; add it to "
                 f"$f{at}$."),
        ),
        on_right=f"The true value is {number(exact)}: the linear estimate is off by "
                 f"{number(abs(exact - approx))}, "
                 "a second-order amount.",
        worked_answer=(
            f"$\\nabla f \\cdot \\Delta\\mathbf x = {number(grad[0])}({number(dx[0])}) "
            f"+ {number(grad[1])}({number(dx[1])}) "
            f"+ {number(grad[2])}({number(dx[2])}) = {number(change)}$, so "
            f"$f \\approx {number(f0)} + ({number(change)}) = {number(approx)}$.\n\n"
            f"The true value is $f = {number(exact)}$. The difference, {number(abs(exact - approx))}, "
            "comes from "
            "the curvature the linear approximation ignores; halve $\\Delta\\mathbf x$ and it shrinks "
            "about four times."
        ),
    )


def typed_directional() -> TypedQuestion:
    ls = LANDSCAPES["rosenbrock"]
    point = next(p.point for p in ls.check_points if p.label == "off-axis")
    grad = ls.gradient(np.array(point))
    direction = np.array([3.0, 4.0])
    u = direction / np.linalg.norm(direction)
    slope = float(u @ grad)
    return TypedQuestion(
        id="typed-directional",
        title="a directional derivative",
        prompt=(f"On Rosenbrock, $\\nabla f{vector(point)} = {vector(grad)}$. "
                f"What is the slope of $f$ at that point in the direction of the vector "
                f"${vector(tuple(direction))}$?"),
        answer=(slope,), typed=_plain((slope,)), format="one number",
        hint="The slope in direction $\\mathbf u$ is $\\mathbf u \\cdot \\nabla f$, with $\\mathbf u$ a "
             "unit vector.",
        traps=(
            Trap((float(direction @ grad),), "$(3, 4)$ is not a unit vector: its length is 5. Divide by "
                 "it first."),
            Trap((float(np.linalg.norm(grad)),), "That is $\\lVert \\nabla f \\rVert$, the slope along "
                 "$\\nabla f$ itself; $(3, 4)$ points elsewhere."),
        ),
        on_right="Just below the steepest slope, "
                 f"$\\lVert\\nabla f\\rVert = {number(np.linalg.norm(grad))}$: "
                 "$(3, 4)$ points almost along $\\nabla f$.",
        worked_answer=(
            f"Normalise: $\\mathbf u = {vector(tuple(direction))} / 5 = "
            f"{vector(tuple(u))}$. Then $\\mathbf u \\cdot \\nabla f = "
            f"{number(u[0])} \\cdot {number(grad[0])} + {number(u[1])} \\cdot {number(grad[1])} "
            f"= {number(slope)}$."
        ),
    )


def typed_slice() -> TypedQuestion:
    ls = LANDSCAPES["rosenbrock"]
    point = (0.5, 1.0)
    gx, gy = (float(g) for g in ls.gradient(np.array(point)))
    x0, y0 = point
    return TypedQuestion(
        id="typed-slice",
        title="the slope of a slice",
        prompt=(f"The vertical plane $y = {number(y0)}$ cuts the surface of Rosenbrock's "
                f"$f(x, y) = {ls.latex}$ along a curve. What is the slope of that curve's tangent "
                f"line at $x = {number(x0)}$?"),
        answer=(gx,), typed=_plain((gx,)), format="one number",
        hint=f"On the plane $y = {number(y0)}$ only $x$ varies: differentiate $f(x, {number(y0)})$ with "
             "respect to $x$.",
        traps=(Trap((gy,), "That is the slope of the other slice, in the plane "
                    f"$x = {number(x0)}$: $\\partial f/\\partial y$."),
               Trap((float(ls(np.array(point))),), "That is the height of the surface there, "
                    "not the slope of the curve.")),
        on_right="The slice's slope is the partial derivative: $\\partial f/\\partial x$ at "
                 f"${vector(point)}$.",
        worked_answer=(
            f"Holding $y = {number(y0)}$ leaves $g(x) = f(x, {number(y0)})$, and its slope is "
            f"$\\partial f/\\partial x = {ls.partial_latex[0]}$. At ${vector(point)}$ that is "
            f"${number(gx)}$: walking in the $x$ direction the surface falls, at first, "
            f"{number(abs(gx))} for each unit of $x$. "
            f"(The other slice, $x = {number(x0)}$, has slope $\\partial f/\\partial y = {number(gy)}$.)"
        ),
    )


def typed_tangent_plane() -> TypedQuestion:
    ls = LANDSCAPES["saddle"]
    p = next(c.point for c in ls.check_points if c.point[0] < 0)
    dx = np.array([0.1, 0.2])
    f0 = float(ls(np.array(p)))
    g = ls.gradient(np.array(p))
    height = float(f0 + g @ dx)
    exact = float(ls(np.array(p) + dx))
    q = tuple(float(c) for c in np.array(p) + dx)
    return TypedQuestion(
        id="typed-tangent-plane",
        title="the tangent plane",
        prompt=(f"For the saddle $f(x, y) = {ls.latex}$ at $\\mathbf p = {vector(p)}$: how high is the "
                f"tangent plane of its surface above the point ${vector(q)}$?"),
        answer=(height,), typed=_plain((height,)), format="one number",
        hint="The tangent plane is $z = f(\\mathbf p) + \\nabla f(\\mathbf p) \\cdot "
             "(\\mathbf x - \\mathbf p)$: you need $f$ and both partials at $\\mathbf p$.",
        traps=(Trap((exact,), "That is the surface itself at the new point. The plane only touches "
                    "the surface at $\\mathbf p$."),
               Trap((float(g @ dx),), "That is the plane's rise from $\\mathbf p$; add "
                    f"$f(\\mathbf p) = {number(f0)}$.")),
        on_right=f"The surface is at {number(exact)} there: near $\\mathbf p$ the plane is close, "
                 "but not equal.",
        worked_answer=(
            f"$f{vector(p)} = {number(f0)}$ and $\\nabla f = ({ls.partial_latex[0]}, {ls.partial_latex[1]}) "
            f"= {vector(tuple(g))}$. The step is "
            f"$\\mathbf x - \\mathbf p = {vector(tuple(dx))}$, so the plane's height is "
            f"${number(f0)} + ({number(g[0])})({number(dx[0])}) + ({number(g[1])})({number(dx[1])}) = "
            f"{number(height)}$. The surface itself is at $f{vector(q)} = {number(exact)}$; the gap, "
            f"{number(abs(exact - height))}, is second order in the step."
        ),
    )


def typed_angle() -> TypedQuestion:
    norm, angle = 6.0, 60.0
    slope = float(norm * math.cos(math.radians(angle)))
    return TypedQuestion(
        id="typed-angle",
        title="the slope at an angle",
        prompt=(f"At a point where $\\lVert \\nabla f \\rVert = {number(norm)}$, a unit vector "
                f"$\\mathbf u$ makes an angle of {number(angle)}° with $\\nabla f$. What is the "
                "directional derivative $D_{\\mathbf u} f$ there? And what is it for the unit vector "
                "at 90° to $\\nabla f$? Type the two numbers in that order."),
        answer=(slope, 0.0), typed=_plain((slope, 0.0)), format="two numbers, separated by a comma",
        hint="$D_{\\mathbf u} f = \\mathbf u \\cdot \\nabla f = \\lVert \\nabla f \\rVert \\cos\\theta$ "
             "for a unit $\\mathbf u$.",
        traps=(Trap((float(norm * math.sin(math.radians(angle))), 0.0),
                    "That uses the sine; the dot product brings the cosine of the angle."),
               Trap((norm, 0.0), "That is the slope along $\\nabla f$ itself, at 0°.")),
        on_right="At 90° the direction runs along the level curve, where $f$ does not change to "
                 "first order.",
        worked_answer=(
            f"$D_{{\\mathbf u}} f = {number(norm)} \\cos {number(angle)}° = {number(slope)}$. At 90° the "
            "cosine is 0: that direction is tangent to the level curve, and the slope is 0."
        ),
    )


def typed_verdict() -> TypedQuestion:
    ls = LANDSCAPES["rosenbrock"]
    point = next(p.point for p in ls.check_points if p.label == "off-axis")
    analytical = ls.gradient(np.array(point))
    delta = np.array([6e-5, -9e-5])  # each entry inside the tolerance, the norm outside
    numerical = analytical + delta
    error = float(np.linalg.norm(numerical - analytical))
    # enough digits that the reader sees the difference (six would round it away)
    shown = vector(numerical, ".7g")
    if not (np.all(np.abs(delta) < DEFAULT_ATOL) and error > DEFAULT_ATOL):
        raise ValueError("the verdict question must have entries inside and a norm outside the tolerance")
    tol = f"10^{{{round(math.log10(DEFAULT_ATOL))}}}"
    from chapter.pages.make_it_run import MIXED_ATOL, MIXED_RTOL
    norm = float(np.linalg.norm(analytical))
    relative = error / norm
    if not error <= MIXED_ATOL + MIXED_RTOL * float(np.linalg.norm(numerical)):
        raise ValueError("the verdict question's check should pass the mixed rule")
    difference = ", ".join(("-" if d < 0 else "") + sci_tex(abs(float(d)), 1) for d in delta)
    squares = " + ".join(f"({sci_tex(abs(float(d)), 1)})^2" for d in delta)
    return TypedQuestion(
        id="typed-verdict",
        title="a check's verdict",
        prompt=(f"A gradient check at ${vector(point)}$ gives the analytical gradient "
                f"${vector(analytical)}$ and the numerical gradient "
                f"${shown}$. With the chapter's rule, error norm at "
                f"most ${tol}$, does the row pass or fail?"),
        answer="fail", typed="fail", format="pass or fail",
        hint="Compute the norm of the difference of the two gradients and compare it with the tolerance.",
        traps=(Trap("pass", f"Each entry differs by less than ${tol}$, but the rule compares the "
                    "*norm* of the difference, and that is larger than either entry."),),
        on_right=f"The error norm is {number(error)}, just over the tolerance.",
        worked_answer=(
            f"The difference is $({difference})$; its norm is "
            f"$\\sqrt{{{squares}}} \\approx {number(error)}$, which "
            f"exceeds ${tol}$: the row **fails**. That is the rule's verdict, not a finding that the "
            f"gradient is wrong: relative to $\\lVert\\nabla f\\rVert = {number(norm, '.4g')}$ the "
            f"error is ${sci_tex(relative, 2)}$, and the mixed rule frameworks use "
            f"(error at most ${pow10_tex(MIXED_ATOL)} + {pow10_tex(MIXED_RTOL)}\\,\\lVert\\mathbf n"
            f"\\rVert$) passes it. A wrong formula gives errors on the scale of the gradient itself; "
            "an error this small points to the step, the precision or a too tight absolute rule."
        ),
    )


def typed_modes() -> TypedQuestion:
    n, m = LAYER_MAP.dim_in, LAYER_MAP.dim_out
    return TypedQuestion(
        id="typed-modes",
        title="building a Jacobian",
        prompt=(f"A layer maps $\\mathbb R^{{{n}}} \\to \\mathbb R^{{{m}}}$. How many JVPs build its "
                "whole Jacobian, and how many VJPs? Type the two counts in that order."),
        answer=(float(n), float(m)), typed=_plain((n, m)), format="two numbers, separated by a comma",
        hint="One JVP $J\\mathbf e_j$ gives one column; one VJP $\\mathbf e_i^\\top J$ gives one row.",
        traps=(Trap((float(m), float(n)), "Swapped: a JVP gives a column, and there is one column per "
                    "*input*."),),
        on_right=(f"With fewer inputs than outputs, forward mode ({n} JVPs) is cheaper here." if n < m else
                  f"With fewer outputs than inputs, reverse mode ({m} VJPs) is cheaper here." if m < n else
                  f"With as many inputs as outputs, both take {n}."),
        worked_answer=(
            f"$J$ is ${m} \\times {n}$. A JVP with $\\mathbf e_j$ returns column $j$, so {n} JVPs give all "
            f"columns; a VJP with $\\mathbf e_i$ returns row $i$, so {m} VJPs give all rows. For a loss "
            "(one output) the count flips: one VJP gives the whole gradient."
        ),
    )



#: The chapter's recall questions, in the page's order: "Recall n" is the n-th.
QUESTIONS: tuple[Callable[[], Question | TypedQuestion], ...] = (
    jacobian_shape, steepest, gradient_norm,
    typed_partials, typed_column, typed_linear, typed_slice, typed_tangent_plane, typed_directional,
    typed_angle, typed_verdict, typed_modes,
)


def questions() -> list[Question | TypedQuestion]:
    """Every question, made, in order."""
    return [make() for make in QUESTIONS]


def _slug(make: Callable[[], object]) -> str:
    return make.__name__.replace("_", "-")


def question_html(make: Callable[[], Question | TypedQuestion]) -> str:
    """The HTML of one question, numbered by its place in :data:`QUESTIONS`."""
    q = make()
    if q.id != _slug(make):  # the snippet's name, the page's anchor and the question's id agree
        raise ValueError(f"question {make.__name__}() has the id {q.id!r}, not {_slug(make)!r}")
    number_ = QUESTIONS.index(make) + 1
    return typed_html(q, number_) if isinstance(q, TypedQuestion) else quiz_html(q, number_)


def landscape_names_md() -> str:
    """One sentence naming every landscape, for the summary."""
    names = and_list(ls.title for ls in LANDSCAPES.values())
    return (f"You also saw the {number_word(len(LANDSCAPES))} landscapes ({names}) as gradient "
            "fields in which every arrow points uphill and crosses the level curves at right "
            "angles.\n")


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    **{f"recall-{_slug(make)}.md": functools.partial(question_html, make) for make in QUESTIONS},
    "recall-landscape-names.md": landscape_names_md,
}
