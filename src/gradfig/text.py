"""Numbers and words as gradfig prints them: one module for every page, figure and message.

Two spellings of a number exist on purpose. Text a reader may copy into code or a terminal
(command lines, typed answers, JSON, the check's plain-text table) keeps the ASCII hyphen;
text a reader reads (pages, captions, figure labels) uses the typographic minus :data:`MINUS`,
which does not break a line and has the width of a plus. :func:`format_number` and
:func:`format_vector` take the minus to use; :func:`number` and :func:`vector` are the
typographic ones.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

__all__ = [
    "MINUS",
    "and_list",
    "constant",
    "format_number",
    "format_vector",
    "interval",
    "interval_latex",
    "number",
    "number_word",
    "point",
    "pow10_tex",
    "sci_tex",
    "superscript",
    "vector",
]

#: The typographic minus sign (U+2212) used on pages and figures.
MINUS = "\u2212"


def format_number(value: float, minus: str = "-", spec: str = ".6g") -> str:
    """``value`` formatted with ``spec``, its minus sign spelt ``minus``; ``-0`` prints as ``0``."""
    text = format(float(value) + 0.0, spec)  # + 0.0 turns -0.0 into 0.0
    return text.replace("-", minus) if minus != "-" else text


def format_vector(values: Iterable[float], minus: str = "-", spec: str = ".6g") -> str:
    """``(21.52, -8.8)``: each entry as :func:`format_number` prints it."""
    return "(" + ", ".join(format_number(v, minus, spec) for v in values) + ")"


def number(value: float, spec: str = ".6g") -> str:
    """A number as a page or a figure prints it: typographic minus, ``-0`` as ``0``."""
    return format_number(value, MINUS, spec)


def vector(values: Iterable[float], spec: str = ".6g") -> str:
    """``(−0.5, 1.5)``: a point or vector as a page or a figure prints it."""
    return format_vector(values, MINUS, spec)


_CONSTANT_RULES = (
    (re.compile(r"\s+"), ""),                        # "pi / 6" -> "pi/6"
    (re.compile(r"\bpi\b"), "π"),
    (re.compile(r"(?:\*\*|\^)(-?[0-9]+)(?![0-9.])"), lambda m: superscript(m.group(1))),  # pi^2 -> π²
    (re.compile(r"\*\*"), "^"),
    (re.compile(r"\bsqrt\b"), "√"),
    (re.compile(r"(?<=[0-9)])\*(?=[π√(a-z])"), ""),  # 2*pi -> 2π, 3*sqrt(2) -> 3√(2)
    (re.compile(r"√\(([0-9.]+)\)"), r"√\1"),       # √(2) -> √2
    (re.compile(r"\*"), "·"),
    (re.compile(r"-"), MINUS),
)


def constant(text: str) -> str:
    """A constant as it was typed, in print: ``"pi/6"`` -> ``π/6``, ``"-2*pi"`` -> ``−2π``,
    ``"sqrt(2)/2"`` -> ``√2/2``, ``"0.5"`` -> ``0.5``; a number (not text) as :func:`number`
    prints it with ``.6g``.

    For points a user typed (``gradfig render --map ... --at 2,pi/6``), so a figure shows
    the point as the page and the user write it, not as ``0.523599``.
    """
    if not isinstance(text, str):
        return number(text)
    for pattern, replacement in _CONSTANT_RULES:
        text = pattern.sub(replacement, text)
    return text


def point(coordinates: Iterable[float | str]) -> str:
    """``(2, π/6)``: a point whose coordinates may be typed constants (see :func:`constant`)."""
    return "(" + ", ".join(constant(c) for c in coordinates) + ")"


def _is_pi(value: float) -> bool:
    return math.isclose(abs(value), math.pi)


def interval(lo: float, hi: float) -> str:
    """``[−2, 2]``, ``[−π, π]``: an interval as prose and alt text print it (±π by name)."""
    def edge(v: float) -> str:
        if _is_pi(v):
            return (MINUS if v < 0 else "") + "π"
        return number(v, "g")
    return f"[{edge(lo)}, {edge(hi)}]"


def interval_latex(lo: float, hi: float) -> str:
    r"""``[−2, 2]``, ``[-\pi, \pi]``: an interval inside ``$...$`` maths (±π as ``\pi``)."""
    def edge(v: float) -> str:
        if _is_pi(v):
            return ("-" if v < 0 else "") + r"\pi"
        return number(v, "g")
    return rf"[{edge(lo)}, {edge(hi)}]"


def sci_tex(value: float, digits: int = 3) -> str:
    r"""``6.06 \times 10^{-6}``: a number in scientific notation as TeX, ``digits`` significant."""
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def pow10_tex(value: float) -> str:
    """``10^{-12}`` for 1e-12; refuses a number that is not a power of ten."""
    exponent = round(math.log10(value)) if value > 0 else 0
    if value <= 0 or not math.isclose(value, 10.0**exponent):
        raise ValueError(f"{value} is not a power of ten")
    return f"10^{{{exponent}}}"


_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def superscript(value: int | str) -> str:
    """``-4`` -> ``⁻⁴``, ``100`` -> ``¹⁰⁰``: digits (and a minus) raised, as in ℝ¹⁰⁰ or 10⁻⁴."""
    return str(value).translate(_SUPERSCRIPTS)


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve")


def number_word(count: int) -> str:
    """``4`` -> ``"four"`` (up to twelve; digits beyond), as prose writes small counts."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def and_list(items: Iterable[str] | Sequence[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
