"""The gradient check: analytical gradient against numerical differences.

This is the check autodiff frameworks run on hand-written backward code
(``torch.autograd.gradcheck``): evaluate the analytical gradient and a numerical one at a
few points and compare. The comparison uses an allclose rule on the error norm,
``||a - n|| <= atol + rtol * ||n||``, because a purely relative error is meaningless where
the gradient is zero (at a minimum, say). The default is ``atol = 1e-4``,
``rtol = 0``: "the error norm is at most 1e-4".
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from gradfig import numdiff
from gradfig.expr import ExpressionError
from gradfig.functions import LabelledPoint, ScalarFunction
from gradfig.text import MINUS, format_number, format_vector

__all__ = [
    "DEFAULT_ATOL",
    "DEFAULT_RTOL",
    "CheckInputError",
    "CheckResult",
    "CheckRow",
    "GradientCheckError",
    "compare",
    "diagnose",
    "format_error",
    "format_norm",
    "gradient_check",
    "require_pass",
    "scaled_norm",
]

DEFAULT_ATOL = 1e-4
DEFAULT_RTOL = 0.0


class CheckInputError(ValueError):
    """Points or tolerances that cannot be checked; the message says why."""


class GradientCheckError(RuntimeError):
    """An analytical gradient disagrees with numerical differences (see :func:`require_pass`)."""


@dataclass(frozen=True)
class CheckRow:
    """One point of the check."""

    point: tuple[float, ...]
    label: str
    analytical: tuple[float, ...]
    numerical: tuple[float, ...]
    norm: float
    error: float
    passed: bool
    #: Why a value of the row is not a finite number: an error or tolerance beyond the
    #: largest float (the row cannot be compared, so it fails) or a norm beyond it (shown
    #: as ``overflow``). Empty for an ordinary row.
    note: str = ""
    #: For a row that did not pass: why the check itself cannot judge there (its own error,
    #: from the step's truncation and round-off, is as large as the difference; see
    #: :func:`diagnose`). Empty if the row passed, or if the gradient looks wrong.
    unreliable: str = ""

    @property
    def verdict(self) -> str:
        """``"pass"``, ``"FAIL"`` (the gradient looks wrong) or ``"unreliable"``."""
        return "pass" if self.passed else "unreliable" if self.unreliable else "FAIL"


@dataclass(frozen=True)
class CheckResult:
    """All rows of a check plus the settings that produced them."""

    name: str
    formula: str
    method: str
    atol: float
    rtol: float
    rows: tuple[CheckRow, ...]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.rows)

    def failures(self) -> list[CheckRow]:
        """Rows that did not pass (wrong-looking and unreliable ones)."""
        return [r for r in self.rows if not r.passed]

    def wrong(self) -> list[CheckRow]:
        """Rows where the gradient looks wrong: failed, and not explained by the check's own
        error."""
        return [r for r in self.rows if r.verdict == "FAIL"]

    # --- renderings --------------------------------------------------------------------
    def to_json(self) -> str:
        """Strict JSON (RFC 8259): a value beyond the float range is ``null``, and the row's
        ``note`` says why; never ``Infinity`` or ``NaN``, which strict parsers reject."""
        data = _finite_or_null(asdict(self))
        data["passed"] = self.passed
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)

    def to_text(self) -> str:
        """A plain-text table for the terminal (ASCII minus, aligned columns)."""
        header = ("point", "label", "analytical grad", "numerical grad", "|grad|", "error", "ok")
        body = [
            (format_vector(r.point), r.label, format_vector(r.analytical),
             format_vector(r.numerical), format_norm(r.norm), format_error(r.error), r.verdict)
            for r in self.rows
        ]
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                 for row in [header, *body]]
        lines.insert(1, "  ".join("-" * w for w in widths))
        n, wrong = len(self.rows), len(self.wrong())
        unsure = len(self.failures()) - wrong
        verdict = "all passed" if self.passed else ", ".join(
            part for part in (f"{wrong} of {n} FAILED" if wrong else "",
                              f"{unsure} of {n} unreliable" if unsure else "") if part)
        lines.append("")
        rule = f"error <= {self.atol:g}" + (f" + {self.rtol:g}*|numerical|" if self.rtol else "")
        lines += [f"at {format_vector(r.point)}: {r.note}" for r in self.rows if r.note]
        for r in self.rows:  # one reason a line, so the terminal wraps nothing
            if r.unreliable:
                head, _, reasons = r.unreliable.partition(": ")
                lines.append(f"at {format_vector(r.point)}: {head}:")
                lines += [f"  - {why}" for why in reasons.split("; ")]
        lines.append(f"{self.name}: f = {self.formula}; {self.method} differences; "
                     f"pass if {rule}: {verdict}")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown table for the page (typographic minus signs)."""
        lines = [
            "| point | label | analytical ∇f | numerical ∇f | ‖∇f‖ | error | check |",
            "|---|---|---|---|---:|---:|:---:|",
        ]
        for r in self.rows:
            lines.append(
                f"| {format_vector(r.point, MINUS)} | {r.label} "
                f"| {format_vector(r.analytical, MINUS)} | {format_vector(r.numerical, MINUS)} "
                f"| {format_norm(r.norm, MINUS)} | {format_error(r.error, MINUS)} "
                f"| {VERDICT_CELLS[r.verdict]} |"
            )
        return "\n".join(lines)


#: A row's verdict on a page, with a glyph every text font has (an emoji shows as an empty box
#: where no emoji font is installed).
VERDICT_CELLS = {"pass": "✓ pass", "FAIL": "✗ FAIL", "unreliable": "? unreliable"}
#: A failed row is unreliable if its error is at most this many times the check's own error.
RELIABLE = 10.0


def diagnose(function, point: Sequence[float], analytical: Sequence[float],
             numerical: Sequence[float], error: float, bound: float, method: str) -> str:
    """Why a failed row cannot be trusted, or ``""`` if the gradient looks wrong.

    A difference quotient errs by itself: *truncation* (the step is not infinitely small;
    central differences err by O(h²), forward by O(h)), estimated by halving the step and
    seeing how far the quotient moves (Richardson: 4/3 of that move for central, 2 for
    forward), and *round-off*, ``eps (|f(x + h)| + |f(x − h)|) / 2h`` per entry, plus the
    analytical gradient's own, ``eps ‖∇f‖``. If the row's error is at most
    :data:`RELIABLE` times their sum, the check cannot tell a right gradient from a wrong
    one there, and says which part is to blame: a step that is not small against the
    function's scale (``sin(x)*cos(y)`` at (−400000, 300000): the relative step is 2.4, a
    third of the period), or a tolerance below the round-off of entries this large
    (``exp(50*x)`` at (0.8, −0.4), where ∇f is 1.2e19). A complex step has no truncation and
    no cancellation: only the entries' own round-off, ``eps (‖∇f‖ + ‖numerical‖)``, excuses it.
    """
    if not (math.isfinite(error) and math.isfinite(bound)):
        return ""
    if method == "complex":  # no truncation, no cancellation: only the entries' own round-off
        roundoff = float(numdiff.EPS) * (scaled_norm(analytical) + scaled_norm(numerical))
        if error <= RELIABLE * roundoff and roundoff > bound:
            return ("the check is unreliable at this point: the tolerance "
                    f"({format_number(bound, '-', '.2g')}) is below the round-off of entries this large "
                    f"(about {format_number(roundoff, '-', '.2g')})")
        return ""
    x = np.asarray(point, dtype=float)
    h = numdiff.step_size(x, method)
    f0 = float(function(x))
    half, plus, minus = [], [], []
    with np.errstate(all="ignore"):
        for j in range(len(x)):
            e = np.zeros(len(x))
            e[j] = 1.0
            hh = float((x[j] + h[j] / 2) - x[j])
            fp, fm = float(function(x + h[j] * e)), float(function(x - h[j] * e))
            plus.append(fp)
            minus.append(fm)
            if method == "central":
                half.append((float(function(x + hh * e)) - float(function(x - hh * e))) / (2 * hh))
            else:
                half.append((float(function(x + hh * e)) - f0) / hh)
    moved = scaled_norm([a - b for a, b in zip(numerical, half, strict=True)])
    truncation = moved * (4 / 3 if method == "central" else 2.0)
    if method == "central":
        each = [numdiff.EPS * (abs(fp) + abs(fm)) / (2 * hj)
                for fp, fm, hj in zip(plus, minus, h, strict=True)]
    else:
        each = [numdiff.EPS * (abs(fp) + abs(f0)) / hj for fp, hj in zip(plus, h, strict=True)]
    roundoff = scaled_norm(each) + float(numdiff.EPS) * scaled_norm(analytical)
    own = truncation + roundoff
    if not (math.isfinite(own) and error <= RELIABLE * own):
        return ""
    why = []
    if truncation > bound:
        why.append(f"the step ({format_number(float(max(h)), '-', '.2g')}) is not small against the "
                   f"function's scale here: halving it moves the numerical gradient by "
                   f"{format_number(moved, '-', '.2g')}")
    if roundoff > bound:
        why.append(f"the tolerance ({format_number(bound, '-', '.2g')}) is below the round-off of "
                   f"entries this large (about {format_number(roundoff, '-', '.2g')})")
    if not why:
        why.append(f"the error is within {RELIABLE:g} times the check's own error here "
                   f"(about {format_number(own, '-', '.2g')})")
    return "the check is unreliable at this point: " + "; ".join(why)


def format_norm(value: float, minus: str = "-") -> str:
    """A norm with four decimals (``33.3017``); scientific beyond a million, so a norm of
    ``6.4e253`` stays one short cell; ``overflow`` beyond the largest float."""
    if not math.isfinite(value):
        return "overflow"
    return format_number(value, minus, ".4f" if abs(value) < 1e6 else ".4e")


def format_error(value: float, minus: str = "-") -> str:
    """An error norm, ``1.2e-08`` style; ``overflow`` beyond the largest float."""
    return format_number(value, minus, ".1e") if math.isfinite(value) else "overflow"


def scaled_norm(values: Sequence[float]) -> float:
    """The Euclidean norm without overflow or underflow in between.

    ``np.linalg.norm`` squares the entries, so a gradient of ``6.4e253`` gives ``inf`` (with a
    RuntimeWarning) although its norm is a perfectly good float. :func:`math.hypot` scales
    as it goes (and is correctly rounded); the result is ``inf`` only when the norm itself is
    beyond the largest float.
    """
    return math.hypot(*(float(v) for v in values))


def _finite_or_null(value):
    """``value`` with every non-finite float replaced by None (JSON ``null``), recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite_or_null(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite_or_null(v) for v in value]
    return value


def compare(analytical: Sequence[float], numerical: Sequence[float], atol: float,
            rtol: float) -> tuple[float, float, bool, str]:
    """The allclose rule for one point: ``(norm of analytical, error, passed, note)``.

    Everything is computed in Python floats with scaled norms, so nothing overflows on the
    way and no warning is raised. A comparison that cannot be made in floats (an error or a
    tolerance beyond the largest float) never passes, and ``note`` says why; a norm of the
    analytical gradient beyond the largest float is only shown, so it gets a note but does
    not decide the row.
    """
    norm = scaled_norm(analytical)
    error = scaled_norm([a - n for a, n in zip(analytical, numerical, strict=True)])
    # rtol = 0 must not meet an infinite norm: 0 * inf is nan, and nan compares false.
    bound = atol + (rtol * scaled_norm(numerical) if rtol else 0.0)
    if not math.isfinite(error):
        return norm, error, False, "the error is beyond the largest float: cannot compare, so FAIL"
    if not math.isfinite(bound):
        return norm, error, False, ("tol + rtol*|numerical grad| is beyond the largest float: "
                                    "cannot compare, so FAIL")
    note = "" if math.isfinite(norm) else "|analytical grad| is beyond the largest float"
    return norm, error, error <= bound, note


def gradient_check(
    function: ScalarFunction,
    points: Sequence[LabelledPoint] | None = None,
    *,
    method: numdiff.Method = "central",
    atol: float = DEFAULT_ATOL,
    rtol: float = DEFAULT_RTOL,
    diagnose_failures: bool = False,
) -> CheckResult:
    """Check ``function``'s analytical gradient against a numerical one.

    Parameters
    ----------
    function
        A scalar function from the registry or parsed from a formula.
    points
        Labelled points; defaults to ``function.points_to_check`` (its check points, or
        sample points inside a landscape's domain when it has none).
    method
        Numerical method: ``"central"``, ``"forward"`` or ``"complex"``.
    atol
        Absolute tolerance.
    rtol
        Relative tolerance: pass if ``||analytical - numerical|| <= atol + rtol * ||numerical||``.
    diagnose_failures
        Tell a row that does not pass apart (:func:`diagnose`): ``unreliable`` where the
        check's own error explains the difference, else FAIL. ``gradfig check`` and the
        playground do; the chapter's own tables keep the plain rule (pass or FAIL).

    Raises
    ------
    CheckInputError
        Wrong dimension, non-finite coordinates, bad tolerances, or a gradient that is not
        finite at a point (the function is undefined there).
    """
    points = tuple(function.points_to_check if points is None else points)
    if not points:
        raise CheckInputError(f"no points to check {function.name} at")
    if method not in numdiff.METHODS:
        raise CheckInputError(f"unknown method {method!r} (choose from {', '.join(numdiff.METHODS)})")
    for name, tol in (("tolerance", atol), ("rtol", rtol)):
        if not math.isfinite(tol) or tol < 0:
            raise CheckInputError(f"the {name} must be a finite number >= 0, not {tol!r}")
    for p in points:
        if len(p.point) != function.dim:
            raise CheckInputError(
                f"{function.name} takes {function.dim} coordinates "
                f"({', '.join(function.variables)}), but the point {p.point} has {len(p.point)}")
        if not all(math.isfinite(c) for c in p.point):
            raise CheckInputError(f"the point {p.point} has a coordinate that is not finite")

    xs = np.array([p.point for p in points], dtype=float)
    analytical, numerical = _evaluate(function, xs, method)
    rows = []
    for p, a, n in zip(points, analytical, numerical, strict=True):
        for what, values in (("gradient", a), ("numerical gradient", n)):
            if not np.all(np.isfinite(values)):
                raise CheckInputError(
                    f"the {what} of {function.name} is not finite at {format_vector(p.point)}"
                    + ("" if what == "gradient" else
                       " (f overflows or is undefined within one step of the point)"))
        a_row, n_row = tuple(float(v) for v in a), tuple(float(v) for v in n)
        norm, error, passed, note = compare(a_row, n_row, atol, rtol)
        unreliable = ""
        if diagnose_failures and not passed and not note:
            bound = atol + (rtol * scaled_norm(n_row) if rtol else 0.0)
            unreliable = diagnose(function, p.point, a_row, n_row, error, bound, method)
        rows.append(CheckRow(
            point=tuple(float(c) for c in p.point), label=p.label, analytical=a_row,
            numerical=n_row, norm=norm, error=error, passed=passed, note=note, unreliable=unreliable,
        ))
    return CheckResult(name=function.name, formula=function.formula, method=method,
                       atol=atol, rtol=rtol, rows=tuple(rows))


def _evaluate(function: ScalarFunction, xs: np.ndarray, method: numdiff.Method) -> tuple:
    """The analytical and numerical gradients at ``xs``, as arrays.

    SymPy differentiates here (the first time), and a formula can defeat plain floats in
    ways the parser cannot see: ``(100000*x)**64`` differentiates to a coefficient of 1e320,
    an exact integer that no float holds. Those become :class:`CheckInputError`, one line.
    """
    try:
        with np.errstate(all="ignore"):  # non-finite results are reported by point
            analytical = np.asarray(function.gradient(xs), dtype=float)
            numerical = np.asarray(numdiff.gradient(function, xs, method), dtype=float)
    except OverflowError:
        raise CheckInputError(f"a number in the gradient of {function.name} is too large "
                              "for a float (a constant beyond 1.8e308)") from None
    except RecursionError:
        raise CheckInputError(f"the formula of {function.name} is too deeply nested "
                              "to differentiate") from None
    except ExpressionError:  # refused by the formula's own checks: its message says why
        raise
    except (TypeError, ValueError) as exc:  # e.g. a complex or symbolic value left in
        raise CheckInputError(f"the gradient of {function.name} cannot be evaluated "
                              f"in floats: {exc}") from None
    return analytical, numerical


def require_pass(fn: ScalarFunction, **options) -> CheckResult:
    """Run :func:`gradient_check` on ``fn`` and raise if any point fails.

    A build calls this before publishing a gradient, so a wrong one stops it with a message
    naming the function, each failing point, both gradients and the error.

    Raises
    ------
    GradientCheckError
        If any row fails.
    """
    result = gradient_check(fn, **options)
    bad = result.failures()
    if bad:
        where = "; ".join(
            f"at {r.point} ({r.label}): analytical {r.analytical} vs numerical {r.numerical}, "
            f"error {r.error:.3g} > tolerance {result.atol:g}" for r in bad)
        raise GradientCheckError(f"gradient check failed for landscape {fn.name!r} {where}")
    return result
