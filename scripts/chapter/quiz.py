"""The chapter's recall quizzes, as data, rendered to accessible HTML for the page.

Each question is plain data (a prompt, options each with its own explanation, a worked
answer); numbers in it come from the registry. :func:`quiz_html` renders one question as
a native ``<fieldset>`` of radio buttons (keyboard use for free), a Check button, a
live region for feedback, and a ``<details>`` holding the worked answer, so with
JavaScript off the answer is still one click away. ``docs/assets/js/quiz.js`` adds the
behaviour: immediate feedback with the chosen option's explanation, progress kept in
localStorage, re-initialised on every page of Material's instant navigation.

Maths is written ``$...$`` and emitted as pymdownx.arithmatex's generic markup, so the
site's build-time maths hook typesets it like any other formula on the page.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from chapter.numbers import _sci_tex
from gradfig.check import DEFAULT_ATOL, MINUS, format_number, format_vector
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP, WORKED_EXAMPLE

__all__ = ["QUIZZES", "Option", "Question", "Trap", "TypedQuestion", "accepts", "parse_numbers",
           "quiz_html", "typed_html"]


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    prompt: str
    options: tuple[Option, ...]
    worked_answer: str

    def __post_init__(self) -> None:
        if sum(o.correct for o in self.options) != 1:
            raise ValueError(f"quiz {self.id!r} must have exactly one correct option")


_MATH = re.compile(r"\$(.+?)\$")


def _inline(text: str) -> str:
    """Escape text for HTML, turning ``$tex$`` into arithmatex's inline markup."""
    parts, last = [], 0
    for m in _MATH.finditer(text):
        parts.append(html.escape(text[last:m.start()], quote=False))
        parts.append(f'<span class="arithmatex">\\({html.escape(m.group(1), quote=False)}\\)</span>')
        last = m.end()
    parts.append(html.escape(text[last:], quote=False))
    out = "".join(parts)
    out = re.sub(r"`(.+?)`", r"<code>\1</code>", out)
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)


def quiz_html(q: Question, number: int) -> str:
    """One question as HTML (no blank lines, so Markdown keeps it as one raw block)."""
    name = f"gq-{q.id}"
    lines = [
        f'<div class="gq" data-gq="{q.id}" id="recall-{q.id}">',
        '<fieldset class="gq__question">',
        f'<legend><strong>Recall {number}: {html.escape(q.title)}.</strong> {_inline(q.prompt)}</legend>',
        '<div class="gq__options">',
    ]
    for i, opt in enumerate(q.options):
        correct = ' data-correct="true"' if opt.correct else ""
        lines.append(
            f'<label class="gq__option"><input type="radio" name="{name}" value="{i}"{correct}> '
            f'<span>{_inline(opt.text)}</span></label>')
    lines.append("</div>")
    for i, opt in enumerate(q.options):
        lines.append(f'<div class="gq__why" data-for="{i}" hidden>{_inline(opt.why)}</div>')
    lines += [
        '<button type="button" class="md-button gq__check" hidden>Check answer</button>',
        '<div class="gq__feedback" role="status" aria-live="polite"></div>',
        "</fieldset>",
        '<details class="gq__answer">',
        "<summary>Worked answer</summary>",
        *[f"<p>{_inline(p)}</p>" for p in q.worked_answer.split("\n\n")],
        "</details>",
        "</div>",
    ]
    return "\n".join(lines) + "\n"


def _shapes() -> Question:
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


def _steepest() -> Question:
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
                   "The slope along a unit vector $u$ is $\\lVert\\nabla f\\rVert\\cos\\theta$: "
                   "most negative at $\\theta = 180°$, zero at $90°$."),
            Option("Along $\\nabla f$; $\\nabla f$ is perpendicular to the level curve", False,
                   "Walking along $\\nabla f$ increases $f$ fastest: that is steepest ascent."),
        ),
        worked_answer=(
            "The slope of $f$ along a unit vector $u$ is the directional derivative "
            "$u \\cdot \\nabla f = \\lVert \\nabla f \\rVert \\cos\\theta$, where $\\theta$ is the angle "
            "between $u$ and $\\nabla f$. It is smallest, $-\\lVert \\nabla f \\rVert$, at "
            "$\\theta = 180°$, i.e. for $u = -\\nabla f / \\lVert \\nabla f \\rVert$: steepest descent.\n\n"
            "Along the level curve $f$ is constant, so the slope in the curve's direction is 0. "
            "With $\\nabla f \\ne 0$ that needs $\\cos\\theta = 0$: the curve's direction is at a right "
            "angle to $\\nabla f$. So $\\nabla f$ is perpendicular to the level curve."
        ),
    )


def _critical() -> Question:
    saddle = LANDSCAPES["saddle"]
    origin = format_vector(saddle.critical_points[0].point, MINUS)
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

@dataclass(frozen=True)
class Trap:
    """A typical wrong answer and the hint it earns."""

    value: tuple[float, ...] | str
    hint: str


@dataclass(frozen=True)
class TypedQuestion:
    """A question answered by typing numbers (or one word), with its tolerance and hints.

    ``answer`` is a tuple of numbers, or a word for a verdict; ``typed`` is the form shown
    in ``data-quiz-answer`` (ASCII, as a reader would type it). A typed answer is accepted
    when it has as many numbers as ``answer`` and each is within ``atol + rtol·|answer|``.
    """

    id: str
    title: str
    prompt: str
    answer: tuple[float, ...] | str
    typed: str
    format: str        # how to type it, e.g. "three numbers, separated by commas"
    hint: str          # for a wrong answer that is no known trap
    on_right: str      # shown with "Correct."
    worked_answer: str
    traps: tuple[Trap, ...] = ()
    atol: float = 1e-3
    rtol: float = 1e-3

    def __post_init__(self) -> None:
        # The question must accept its own answer in the forms the page promises, and
        # refuse every trap: a question that cannot be answered would be a broken page.
        forms = [self.typed]
        if not isinstance(self.answer, str):
            forms.append("(" + ",".join(f"{v:g}" for v in self.answer) + ")")
        for form in forms:
            if not accepts(self, form):
                raise ValueError(f"quiz {self.id!r} does not accept its own answer {form!r}")
        for trap in self.traps:
            text = trap.value if isinstance(trap.value, str) else ", ".join(f"{v:g}" for v in trap.value)
            if accepts(self, text):
                raise ValueError(f"quiz {self.id!r} accepts the trap {text!r}")


# The same rule as docs/assets/js/quiz.js: numbers with optional sign, decimals, exponent,
# and simple fractions a/b; a typographic minus counts as a minus.
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
                     r"(?:\s*/\s*(?:\d+(?:\.\d*)?|\.\d+))?", re.IGNORECASE)


def parse_numbers(text: str) -> list[float]:
    """Every number in ``text``: ``"(8,3,108)"``, ``"8, 3, 108"`` and ``"8 3 108"`` alike."""
    values = []
    for match in _NUMBER.findall(text.replace("\u2212", "-").replace("\u2013", "-")):
        top, _, bottom = match.partition("/")
        value = float(top.replace(" ", ""))
        values.append(value / float(bottom) if bottom.strip() else value)
    return values


def _word(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def accepts(q: TypedQuestion, text: str) -> bool:
    """Whether ``text`` typed into question ``q`` is right (the rule quiz.js applies)."""
    if isinstance(q.answer, str):
        return _word(text) == _word(q.answer)
    values = parse_numbers(text)
    return len(values) == len(q.answer) and all(
        math.isfinite(v) and abs(v - a) <= q.atol + q.rtol * abs(a)
        for v, a in zip(values, q.answer, strict=True))


def typed_html(q: TypedQuestion, number: int) -> str:
    """One typed question as HTML: a labelled text input, Check, hints, a worked answer.

    The container carries ``data-quiz-question`` and ``data-quiz-answer`` (a string that,
    typed in, is accepted); after Check, the feedback element carries
    ``data-quiz-result="correct"`` or ``"wrong"``.
    """
    field = f"gq-input-{q.id}"
    spec = {"kind": "word", "answer": _word(q.answer)} if isinstance(q.answer, str) else {
        "kind": "numbers", "answer": list(q.answer), "atol": q.atol, "rtol": q.rtol}
    traps = [{"value": t.value if isinstance(t.value, str) else list(t.value)} for t in q.traps]
    lines = [
        f'<div class="gq gq--typed" data-gq="{q.id}" id="recall-{q.id}" data-quiz-question '
        f'data-quiz-answer="{html.escape(q.typed)}" data-quiz-spec="{html.escape(json.dumps(spec))}">',
        f'<p class="gq__prompt"><strong>Recall {number}: {html.escape(q.title)}.</strong> '
        f'{_inline(q.prompt)}</p>',
        '<div class="gq__entry">',
        f'<label for="{field}">Your answer <span class="gq__format" id="{field}-format">'
        f'({html.escape(q.format)})</span></label>',
        f'<input type="text" id="{field}" class="gq__input" autocomplete="off" autocapitalize="off" '
        f'spellcheck="false" aria-describedby="{field}-format">',
        '<button type="button" class="md-button gq__check" hidden>Check answer</button>',
        "</div>",
        f'<div class="gq__hint" hidden>{_inline(q.hint)}</div>',
        *[f'<div class="gq__trap" data-trap="{html.escape(json.dumps(t))}" hidden>{_inline(trap.hint)}</div>'
          for t, trap in zip(traps, q.traps, strict=True)],
        f'<div class="gq__right" hidden>{_inline(q.on_right)}</div>',
        '<div class="gq__feedback" role="status" aria-live="polite"></div>',
        '<details class="gq__answer">',
        "<summary>Worked answer</summary>",
        *[f"<p>{_inline(p)}</p>" for p in q.worked_answer.split("\n\n")],
        "</details>",
        "</div>",
    ]
    return "\n".join(lines) + "\n"


def _n(value: float) -> str:
    return format_number(float(value), MINUS, ".6g")


def _plain(values: tuple[float, ...]) -> str:
    """As a reader types it: ASCII minus, commas."""
    return ", ".join(format_number(float(v), "-", ".6g") for v in values)


def _typed_partials() -> TypedQuestion:
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
                f"at $(x, y, z) = {format_vector(point, MINUS)}$."),
        answer=grad, typed=_plain(grad), format="three numbers, separated by commas",
        hint="Freeze the other two variables and differentiate in the third; then put in the point.",
        traps=(
            Trap((2 * x, grad[1], grad[2]), "For $x$, both $x^2$ and $3xy$ contain $x$: the second "
                 "gives $3y$."),
            Trap((grad[0], grad[1], 4 * z), "For $z$, the power rule on $z^4$ gives $4z^3$, not $4z$."),
        ),
        on_right=f"$\\nabla f{format_vector(point, MINUS)} = {format_vector(grad, MINUS)}$.",
        worked_answer=(
            f"The partials are $\\partial f/\\partial x = {gx}$, $\\partial f/\\partial y = {gy}$ and "
            f"$\\partial f/\\partial z = {gz}$. At ${format_vector(point, MINUS)}$: "
            f"$2({_n(x)}) + 3({_n(y)}) = {_n(grad[0])}$, $3({_n(x)}) = {_n(grad[1])}$ and "
            f"$4({_n(z)})^3 = {_n(grad[2])}$, so $\\nabla f = {format_vector(grad, MINUS)}$."
        ),
    )


def _typed_column() -> TypedQuestion:
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
            f"\\big(-{r}\\sin{t}, \\; {r}\\cos{t}\\big)$. With ${r} = {_n(point[0])}$, "
            f"${t} = \\pi/2$, where $\\sin{t} = {_n(round(math.sin(point[1]), 12))}$ and "
            f"$\\cos{t} = {_n(round(math.cos(point[1]), 12) + 0.0)}$, that is "
            f"${format_vector(column, MINUS)}$. The point sits on the vertical axis, so turning the "
            f"angle moves it horizontally, to the left, at speed ${r} = {_n(point[0])}$."
        ),
    )


def _typed_linear() -> TypedQuestion:
    fn = WORKED_EXAMPLE
    x0 = np.array(fn.check_points[0].point)
    dx = np.array([0.1, 0.0, -0.1])
    f0 = float(fn(x0))
    grad = fn.gradient(x0)
    change = float(grad @ dx)
    approx = f0 + change
    exact = float(fn(x0 + dx))
    at = format_vector(tuple(x0), MINUS)
    return TypedQuestion(
        id="typed-linear",
        title="a linear approximation",
        prompt=(f"For the same $f$, $f{at} = {_n(f0)}$ and $\\nabla f{at} = {format_vector(grad, MINUS)}$. "
                f"Use the linear approximation to estimate $f$ at "
                f"${format_vector(tuple(x0 + dx), MINUS)}$, that is $\\Delta\\mathbf x = "
                f"{format_vector(tuple(dx), MINUS)}$."),
        answer=(approx,), typed=_plain((approx,)), format="one number",
        hint="Add the first-order change $\\nabla f \\cdot \\Delta\\mathbf x$ to the value you start from.",
        traps=(
            Trap((exact,), "That is the true value of $f$ at the new point. The linear approximation "
                 "uses only $f$ and $\\nabla f$ at the starting point."),
            Trap((change,), "That is the change $\\nabla f \\cdot \\Delta\\mathbf x$ alone; add it to "
                 f"$f{at}$."),
        ),
        on_right=f"The true value is {_n(exact)}: the linear estimate is off by {_n(abs(exact - approx))}, "
                 "a second-order amount.",
        worked_answer=(
            f"$\\nabla f \\cdot \\Delta\\mathbf x = {_n(grad[0])}({_n(dx[0])}) + {_n(grad[1])}({_n(dx[1])}) "
            f"+ {_n(grad[2])}({_n(dx[2])}) = {_n(change)}$, so "
            f"$f \\approx {_n(f0)} + ({_n(change)}) = {_n(approx)}$.\n\n"
            f"The true value is $f = {_n(exact)}$. The difference, {_n(abs(exact - approx))}, comes from "
            "the curvature the linear approximation ignores; halve $\\Delta\\mathbf x$ and it shrinks "
            "about four times."
        ),
    )


def _typed_directional() -> TypedQuestion:
    ls = LANDSCAPES["rosenbrock"]
    point = next(p.point for p in ls.check_points if p.label == "off-axis")
    grad = ls.gradient(np.array(point))
    direction = np.array([3.0, 4.0])
    u = direction / np.linalg.norm(direction)
    slope = float(u @ grad)
    return TypedQuestion(
        id="typed-directional",
        title="a directional derivative",
        prompt=(f"On Rosenbrock, $\\nabla f{format_vector(point, MINUS)} = {format_vector(grad, MINUS)}$. "
                f"What is the slope of $f$ at that point in the direction of the vector "
                f"${format_vector(tuple(direction), MINUS)}$?"),
        answer=(slope,), typed=_plain((slope,)), format="one number",
        hint="The slope in direction $\\mathbf u$ is $\\mathbf u \\cdot \\nabla f$, with $\\mathbf u$ a "
             "unit vector.",
        traps=(
            Trap((float(direction @ grad),), "$(3, 4)$ is not a unit vector: its length is 5. Divide by "
                 "it first."),
            Trap((float(np.linalg.norm(grad)),), "That is $\\lVert \\nabla f \\rVert$, the slope along "
                 "$\\nabla f$ itself; $(3, 4)$ points elsewhere."),
        ),
        on_right=f"Just below the steepest slope, $\\lVert\\nabla f\\rVert = {_n(np.linalg.norm(grad))}$: "
                 "$(3, 4)$ points almost along $\\nabla f$.",
        worked_answer=(
            f"Normalise: $\\mathbf u = {format_vector(tuple(direction), MINUS)} / 5 = "
            f"{format_vector(tuple(u), MINUS)}$. Then $\\mathbf u \\cdot \\nabla f = "
            f"{_n(u[0])} \\cdot {_n(grad[0])} + {_n(u[1])} \\cdot {_n(grad[1])} = {_n(slope)}$."
        ),
    )


def _typed_verdict() -> TypedQuestion:
    ls = LANDSCAPES["rosenbrock"]
    point = next(p.point for p in ls.check_points if p.label == "off-axis")
    analytical = ls.gradient(np.array(point))
    delta = np.array([6e-5, -9e-5])  # each entry inside the tolerance, the norm outside
    numerical = analytical + delta
    error = float(np.linalg.norm(numerical - analytical))
    # enough digits that the reader sees the difference (six would round it away)
    shown = "(" + ", ".join(format_number(float(v), MINUS, ".7g") for v in numerical) + ")"
    if not (np.all(np.abs(delta) < DEFAULT_ATOL) and error > DEFAULT_ATOL):
        raise ValueError("the verdict question must have entries inside and a norm outside the tolerance")
    tol = f"10^{{{round(math.log10(DEFAULT_ATOL))}}}"
    difference = ", ".join(("-" if d < 0 else "") + _sci_tex(abs(float(d)), 1) for d in delta)
    squares = " + ".join(f"({_sci_tex(abs(float(d)), 1)})^2" for d in delta)
    return TypedQuestion(
        id="typed-verdict",
        title="a check's verdict",
        prompt=(f"A gradient check at ${format_vector(point, MINUS)}$ gives the analytical gradient "
                f"${format_vector(analytical, MINUS)}$ and the numerical gradient "
                f"${shown}$. With the chapter's rule, error norm at "
                f"most ${tol}$, does the row pass or fail?"),
        answer="fail", typed="fail", format="pass or fail",
        hint="Compute the norm of the difference of the two gradients and compare it with the tolerance.",
        traps=(Trap("pass", f"Each entry differs by less than ${tol}$, but the rule compares the "
                    "*norm* of the difference, and that is larger than either entry."),),
        on_right=f"The error norm is {_n(error)}, just over the tolerance.",
        worked_answer=(
            f"The difference is $({difference})$; its norm is "
            f"$\\sqrt{{{squares}}} \\approx {_n(error)}$, which "
            f"exceeds ${tol}$: the row **fails**. Errors this small would, in a real check, point to "
            "a step size problem or low precision rather than a wrong formula; a wrong formula gives "
            "errors on the scale of the gradient."
        ),
    )


def _typed_modes() -> TypedQuestion:
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


#: Snippet name -> function producing the HTML of one quiz, in the chapter's order.
QUIZZES: dict[str, Callable[[], str]] = {
    "quiz-jacobian-shape.md": lambda: quiz_html(_shapes(), 1),
    "quiz-steepest.md": lambda: quiz_html(_steepest(), 2),
    "quiz-gradient-norm.md": lambda: quiz_html(_critical(), 3),
    "quiz-typed-partials.md": lambda: typed_html(_typed_partials(), 4),
    "quiz-typed-column.md": lambda: typed_html(_typed_column(), 5),
    "quiz-typed-linear.md": lambda: typed_html(_typed_linear(), 6),
    "quiz-typed-directional.md": lambda: typed_html(_typed_directional(), 7),
    "quiz-typed-verdict.md": lambda: typed_html(_typed_verdict(), 8),
    "quiz-typed-modes.md": lambda: typed_html(_typed_modes(), 9),
}

#: The typed questions as data (tests type their answers).
TYPED_QUESTIONS: dict[str, Callable[[], TypedQuestion]] = {
    "typed-partials": _typed_partials, "typed-column": _typed_column, "typed-linear": _typed_linear,
    "typed-directional": _typed_directional, "typed-verdict": _typed_verdict, "typed-modes": _typed_modes,
}
