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
import re
from collections.abc import Callable
from dataclasses import dataclass

from gradfig.check import MINUS, format_vector
from gradfig.landscapes import LANDSCAPES, LAYER_MAP

__all__ = ["QUIZZES", "Option", "Question", "quiz_html"]


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


#: Snippet name -> function producing the HTML of one quiz, in the chapter's order.
QUIZZES: dict[str, Callable[[], str]] = {
    "quiz-jacobian-shape.md": lambda: quiz_html(_shapes(), 1),
    "quiz-steepest.md": lambda: quiz_html(_steepest(), 2),
    "quiz-gradient-norm.md": lambda: quiz_html(_critical(), 3),
}
