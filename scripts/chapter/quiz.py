"""Recall questions as data, rendered to accessible HTML: the machinery of the recall page.

A question is plain data (a prompt, options each with its own explanation, a worked answer;
or, for a typed question, the answer, its tolerance and the hints that typical wrong answers
earn); the recall page (:mod:`chapter.pages.recall`) makes the chapter's questions, with their
numbers from the registry. :func:`quiz_html` renders a multiple-choice question as a native
``<fieldset>`` of radio buttons (keyboard use for free), a Check button, a live region for
feedback, and a ``<details>`` holding the worked answer, so with JavaScript off the answer is
still one click away; :func:`typed_html` renders a typed one. ``docs/assets/js/quiz.js`` adds
the behaviour: immediate feedback with the chosen option's explanation, progress kept in
localStorage, re-initialised on every page of Material's instant navigation. Its number
parsing mirrors :func:`parse_numbers` and :func:`accepts`.

Maths is written ``$...$`` and emitted as pymdownx.arithmatex's generic markup, so the
site's build-time maths hook typesets it like any other formula on the page.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass

__all__ = ["Option", "Question", "Trap", "TypedQuestion", "accepts", "parse_numbers", "quiz_html",
           "typed_html"]


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
