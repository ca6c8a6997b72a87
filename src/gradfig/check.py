"""The gradient check: analytical gradient against numerical differences.

This is the check autodiff frameworks run on hand-written backward code
(``torch.autograd.gradcheck``): evaluate the analytical gradient and a numerical one at a
few points and compare. The comparison uses an allclose rule on the error norm,
``||a - n|| <= atol + rtol * ||n||``, because a purely relative error is meaningless where
the gradient is zero (at a minimum, say). The chapter's default is ``atol = 1e-4``,
``rtol = 0``: "the error norm is at most 1e-4".
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from gradfig import numdiff
from gradfig.functions import LabelledPoint, ScalarFunction

__all__ = [
    "DEFAULT_ATOL",
    "DEFAULT_RTOL",
    "CheckInputError",
    "CheckResult",
    "CheckRow",
    "GradientCheckError",
    "format_number",
    "format_vector",
    "gradient_check",
    "require_pass",
]

DEFAULT_ATOL = 1e-4
DEFAULT_RTOL = 0.0
MINUS = "\u2212"  # the typographic minus sign used on the page


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
        return [r for r in self.rows if not r.passed]

    # --- renderings --------------------------------------------------------------------
    def to_json(self) -> str:
        data = asdict(self)
        data["passed"] = self.passed
        return json.dumps(data, indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """A plain-text table for the terminal (ASCII minus, aligned columns)."""
        header = ("point", "label", "analytical grad", "numerical grad", "|grad|", "error", "ok")
        body = [
            (format_vector(r.point), r.label, format_vector(r.analytical),
             format_vector(r.numerical), f"{r.norm:.4f}", f"{r.error:.1e}",
             "pass" if r.passed else "FAIL")
            for r in self.rows
        ]
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                 for row in [header, *body]]
        lines.insert(1, "  ".join("-" * w for w in widths))
        verdict = "all passed" if self.passed else f"{len(self.failures())} of {len(self.rows)} FAILED"
        lines.append("")
        rule = f"error <= {self.atol:g}" + (f" + {self.rtol:g}*|numerical|" if self.rtol else "")
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
                f"| {r.norm:.4f} | {format_number(r.error, MINUS, '.1e')} "
                f"| {'✅ pass' if r.passed else '❌ FAIL'} |"
            )
        return "\n".join(lines)


def format_number(value: float, minus: str = "-", spec: str = ".6g") -> str:
    """Format a float compactly; ``-0`` prints as ``0``."""
    text = format(value + 0.0, spec)  # + 0.0 turns -0.0 into 0.0
    return text.replace("-", minus) if minus != "-" else text


def format_vector(values: Sequence[float], minus: str = "-") -> str:
    """``(21.52, -8.8)`` style, six significant digits."""
    return "(" + ", ".join(format_number(v, minus) for v in values) + ")"


def gradient_check(
    function: ScalarFunction,
    points: Sequence[LabelledPoint] | None = None,
    *,
    method: numdiff.Method = "central",
    atol: float = DEFAULT_ATOL,
    rtol: float = DEFAULT_RTOL,
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
    atol, rtol
        Pass if ``||analytical - numerical|| <= atol + rtol * ||numerical||``.

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
    with np.errstate(all="ignore"):  # non-finite results are reported below, by point
        analytical = function.gradient(xs)
        numerical = numdiff.gradient(function, xs, method)
    rows = []
    for p, a, n in zip(points, analytical, numerical, strict=True):
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(n))):
            raise CheckInputError(
                f"the gradient of {function.name} is not finite at {format_vector(p.point)}")
        error = float(np.linalg.norm(a - n))
        passed = error <= atol + rtol * float(np.linalg.norm(n))
        rows.append(CheckRow(
            point=tuple(float(c) for c in p.point), label=p.label,
            analytical=tuple(float(v) for v in a), numerical=tuple(float(v) for v in n),
            norm=float(np.linalg.norm(a)), error=error, passed=passed,
        ))
    return CheckResult(name=function.name, formula=function.formula, method=method,
                       atol=atol, rtol=rtol, rows=tuple(rows))


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
