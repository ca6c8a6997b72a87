"""Golden cases for the browser's mirrors, written by the Python they mirror.

Every JavaScript function that must agree with Python lives in a pure ES module (no DOM); this
script asks the library (and the chapter's build, for the playground's settings and the
quizzes) what the answers are, and writes them as JSON files that ``node --test tests/js/``
checks the modules against (ARCHITECTURE.md, "Browser code and its mirrors")::

    python scripts/mirror_goldens.py OUT      # then: GRADFIG_GOLDENS=OUT node --test tests/js/

``tests/test_mirrors.py`` does both, inside ``make test`` and the fast tier. Nothing here
computes an answer itself: each value is what a library function returns (``format_number``,
``check_domain``, ``landscape_from_formula``, ``find_critical_points`` through
``Landscape.critical_points``, ``gradient_check``, ``payload_data``, ``field_descent``,
``chapter.quiz.accepts``...). Floats that JSON cannot hold (nan, ±inf) and floats whose
formatting is being checked are written as ``repr`` strings.
"""

from __future__ import annotations

import ast
import html
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

from gradfig import check, critical, descent, expr, text
from gradfig.custom import check_domain, landscape_from_formula
from gradfig.figures.page import payload_data
from gradfig.functions import LabelledPoint, Landscape
from gradfig.landscapes import LANDSCAPES

__all__ = ["GOLDENS", "write_goldens"]

MINUS = check.MINUS


def _r(value: float) -> str:
    """A float as text that JavaScript's Number() reads back to the same double."""
    return repr(float(value))


def _domain_text(domain) -> str:
    (x0, x1), (y0, y1) = domain
    return ", ".join(_r(v) for v in (x0, x1, y0, y1))


def _refusal(call) -> tuple[bool, str | None]:
    try:
        call()
    except ValueError as exc:  # ExpressionError and LandscapeInputError are ValueErrors
        return True, str(exc)
    return False, None


# --- format.mjs: gradfig.check's formatting ----------------------------------------------------
#: Ties that JavaScript's toFixed/toExponential round the other way (0.125, 0.03125, 2.5), sizes
#: across every branch of Python's "g", signed zeros, subnormals, the largest float, non-finite.
FORMAT_VALUES = (
    0.0, -0.0, 1.0, -1.0, 0.5, 0.125, -0.125, 0.03125, 2.5, 3.5, 1.5e-5, 1e-5, 0.0001, 0.00012345,
    123456.0, 123456.5, 1234567.0, 999999.5, 9.9999996, 21.52, -8.8, 33.30172, 1e6, 1e15, 1.1e15,
    1e21, 1e-300, 5e-324, 1.7976931348623157e308, math.pi, -math.e, 2 / 3, 100.0, 7.9e-31,
    4.440892098500626e-16, 0.1 + 0.2, 1.0000000000000002, math.inf, -math.inf, math.nan,
)
FORMAT_SPECS = (".6g", ".12g", ".3g", ".1e", ".4e", ".4f", ".2f", ".0f")


def format_goldens() -> dict:
    return {
        "python": [{"value": _r(v), "spec": spec, "text": format(v, spec)}
                   for v in FORMAT_VALUES for spec in FORMAT_SPECS],
        "numbers": [{"value": _r(v), "number": check.format_number(v),
                     "number_minus": check.format_number(v, MINUS),
                     "norm": check.format_norm(v, MINUS), "error": check.format_error(v, MINUS)}
                    for v in FORMAT_VALUES],
        "vectors": [{"values": [_r(v) for v in vec], "text": check.format_vector(vec, MINUS)}
                    for vec in ((21.52, -8.8), (0.0, -0.0), (-1.5e-5, 123456.5), (math.pi, -math.e, 2.5))],
        "intervals": [{"lo": _r(lo), "hi": _r(hi), "text": text.interval(lo, hi)}
                      for lo, hi in ((-2.0, 2.0), (-math.pi, math.pi), (-0.0, math.pi / 2),
                                     (-0.5, 1e6), (-1e-5, 1.25), (-3.1416, 3.14159265359))],
    }


# --- grammar.mjs: gradfig.expr and landscape_from_formula's refusals ----------------------------
#: Formulas at and beyond the grammar's limits, hostile ones, and ordinary ones.
GRAMMAR_FORMULAS = (
    "x" + "+x" * 99, "x" + "+x" * 100,                 # 399 and 403 parts (at most 400)
    "-" * 198 + "x", "-" * 199 + "x",                    # 399 and 401 parts
    "(" * 200 + "x" + ")" * 200, "(" * 201 + "x" + ")" * 201,  # Python's parser: 200 deep at most
    "x^64", "x^65", "x^-64", "x^(-65)", "x^(2^6)", "x^(2^7)", "9^9^9", "x^1000", "x^(10^3)",
    "1e15*x", "1.1e15*x", "1e400*x", "0x10*x + y", "2*x**3 + y", "x^y", "(-8)^(1/3)*x",
    "exp(709)*x + y", "exp(710)*x", "sqrt(-1)*x", "abs(x) + y", "x/0", "log(1)*x + y", "log(0)*x",
    "sin x", "x" + " " * 499, "x" + " " * 500, "x" * 100_000,
    "sin(" * 31 + "x" + ")" * 31, "sin(" * 32 + "x" + ")" * 32,
    "1/(3 + " * 15 + "x" + ")" * 15, "1/(3 + " * 16 + "x" + ")" * 16,
    "alert(1)", "eval('x')", "constructor", "__proto__", "x.constructor", "x[0]", "'abc'", "[1, 2]",
    "x == y", "x ? 1 : 2", "sin(x, y)", "z + 1", "foo(x)", "sin", "alert", "x = 1", "2x",
    "x\u202e + y", "x +\u200b y", "x\n+ y", "", "   ",
    "x*0 + 3", "log(x)", "1/x", "sqrt(x - y)", "1/(x - y)",
    "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "sin(2*x)*cos(y) + tan(x*y/4)", "pi*e*x + y",
)
#: One grammar (issue 20): texts the browser and the CLI once read differently, each with the
#: verdict both must give, decided here once: no % (math.js's percentages, Python's remainder),
#: no digit separators, plain ASCII only (no compatibility characters Python's parser would fold,
#: no non-ASCII digits), and a number may end in a point. tests/test_expr.py holds gradfig.expr
#: to these verdicts; tests/js/grammar.test.mjs and domain.test.mjs hold the browser to them and
#: to Python's messages, word for word.
ONE_GRAMMAR_FORMULAS = (
    ("x+200%", False), ("50%*x", False), ("x % 2", False), ("x*1_000", False), ("0x_ff*x", False),
    ("1e1_0*x", False), ("5.*x", True), ("5.**2*x + y", True), ("x/5. + 5.^2*y", True), ("1.e3*x", True),
    ("2.5*x - .5*y", True), ("\uff58**2", False), ("\u212f**x", False), ("x*\u0661", False),
    ("x \u2212 y", False), ("x\u00d7y", False), ("x\u00b2 + y", False), ("\U0001d465 + y", False),
    ("x_1 + y", False), ("__proto__", False),
)
#: One number of --at / --domain / --radius and of the playground's domain, and its verdict.
ONE_GRAMMAR_NUMBERS = (
    ("1_000", False), ("\u0661", False), ("\uff15", False), ("1e1_0", False), ("5.", True), ("-5.", True),
    ("+.5", True), ("1e3", True), ("-pi/2", True), ("2*pi", True), ("50%", False), ("\u212f", False),
)
GRAMMAR_FORMULAS = GRAMMAR_FORMULAS + tuple(f for f, _ in ONE_GRAMMAR_FORMULAS)

#: Formulas whose syntax trees both sides count (parts and depth), as Python's parser sees them.
COUNTED_FORMULAS = (
    "x", "-(-x)", "x^2^3", "((((x))))", "+x", "pi*e", "x^3*y - 2*x*y^2 + 0.5*y^4 - 3",
    "sin(2*x)*cos(y) + tan(x*y/4)", "exp(-(x^2 + y^2)/2)*log(1 + x^2 + 2*y^2)",
    "tanh(sinh(x/2)*cosh(y/3)) + exp(sin(x + cos(y)))**2", "e^(x/4)*cos(pi*y/4) - x/(1 + y^2)",
    "sin(" * 31 + "x" + ")" * 31, "1/(3 + " * 15 + "x" + ")" * 15,
)
GRAMMAR_DOMAIN = (-2.0, 2.0, -2.0, 2.0)


def _counts(formula: str) -> dict:
    tree = ast.parse(formula.replace("^", "**"), mode="eval")
    # The count and the depth gradfig.expr.validate limits (MAX_NODES, MAX_DEPTH): its own
    # depth, since the depth is a count of its own making.
    return {"formula": formula, "parts": sum(1 for _ in ast.walk(tree)), "depth": expr.depth(tree.body)}


def _depth_of(formula: str) -> int | None:
    try:
        return _counts(formula)["depth"]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def grammar_goldens() -> dict:
    """For each formula: gradfig.expr.validate's verdict (grammar.mjs mirrors it) and
    landscape_from_formula's on the domain (calculus.mjs), each with its message."""
    cases = []
    for formula in GRAMMAR_FORMULAS:
        refused, message = _refusal(lambda f=formula: expr.validate(f, ("x", "y")))
        drawn_refused, drawn_message = _refusal(lambda f=formula: landscape_from_formula(f, GRAMMAR_DOMAIN))
        cases.append({"formula": formula, "refused": refused, "message": message,
                      "depth": None if refused else _depth_of(formula),
                      "landscape_refused": drawn_refused, "landscape_message": drawn_message})
    one = [{"text": text, "accepted": accepted,
            "message": _refusal(lambda f=text: expr.validate(f, ("x", "y")))[1]}
           for text, accepted in ONE_GRAMMAR_FORMULAS]
    numbers = [{"text": text, "accepted": accepted, "message": _refusal(lambda t=text: expr.number(t))[1]}
               for text, accepted in ONE_GRAMMAR_NUMBERS]
    return {"domain": _domain_text((GRAMMAR_DOMAIN[:2], GRAMMAR_DOMAIN[2:])), "cases": cases,
            "counts": [_counts(f) for f in COUNTED_FORMULAS], "one": one, "numbers": numbers}


# --- domain.mjs: gradfig.custom.check_domain, the CLI's --domain parts, _check_finite -----------
DOMAIN_VALUES = (
    (-2, 2, -2, 2), (2, 1, 0, 1), (0, 0, 0, 1), (0, 1e9, 0, 1e9), (-1.000001e6, 0, 0, 1),
    (0, 100, 0, 1), (0, 1, 0, 100), (0, 10, 0, 1), (0, 10.5, 0, 1), (1, 1.000000001, 0, 1e-9),
    (1e5, 1e5 + 0.01, 0, 0.01), (math.nan, 1, 0, 1), (0, math.inf, 0, 1), (-math.inf, 0, 0, 1),
    (-math.pi, math.pi, -math.pi, math.pi),
)
#: One part of --domain: gradfig.expr.number's rule (what Python's float() reads in ASCII digits,
#: else a constant formula), the rule of gradfig.cli's --domain and --at.
DOMAIN_PARTS = ("2", "-2", "+2.5", ".5", "5.", "1e3", "-1E-3", "inf", "-Infinity", "nan", "pi", "-pi/2",
                "2*pi", "e^2", "sqrt(2)", "0x10", "a", "x", "<img src=x onerror=alert(1)>", "1/0",
                "log(0)", "1_000", "\u0661", "\uff15", "5.5_5")
#: Formulas undefined, infinite or constant on a domain (the messages are Python's, word for word).
FINITE_CASES = (("log(x)", (-2, 2, -2, 2)), ("1/x", (-1, 1, -1, 1)), ("1/(x - y)", (-1, 1, -1, 1)),
                ("x*0 + 3", (-2, 2, -2, 2)), ("sqrt(x - y)", (-1, 1, -1, 1)), ("log(x*y)", (1, 2, -1, 1)),
                ("x^2 + y^2", (-1, 1, -1, 1)))


def _part(text: str) -> dict:
    try:
        value = expr.number(text)
    except expr.ExpressionError:
        return {"text": text, "refused": True, "value": None}
    return {"text": text, "refused": False, "value": _r(value)}


def domain_goldens() -> dict:
    checks = []
    for values in DOMAIN_VALUES:
        refused, message = _refusal(lambda v=values: check_domain(v))
        checks.append({"values": [_r(v) for v in values], "refused": refused, "message": message})
    finite = []
    for formula, domain in FINITE_CASES:
        refused, message = _refusal(lambda f=formula, d=domain: landscape_from_formula(f, d))
        finite.append({"formula": formula, "domain": _domain_text((domain[:2], domain[2:])),
                       "refused": refused, "message": message})
    return {"checks": checks, "parts": [_part(p) for p in DOMAIN_PARTS], "finite": finite}


# --- calculus.mjs: f and ∇f of a typed formula, as SymPy differentiates it --------------------
#: Smooth formulas both calculus.mjs and check.mjs are tried on.
SMOOTH_FORMULAS = (
    ("x^3*y - 2*x*y^2 + 0.5*y^4 - 3", (-2, 2, -2, 2)),
    ("sin(2*x)*cos(y) + tan(x*y/4)", (-2, 2, -2, 2)),
    ("exp(-(x^2 + y^2)/2)*log(1 + x^2 + 2*y^2)", (-3, 3, -3, 3)),
    ("sqrt(x^2 + y^2 + 1) - sqrt(2 + sin(x*y))", (-3, 3, -3, 3)),
)
CALCULUS_FORMULAS = (
    *SMOOTH_FORMULAS,
    ("abs(x - 5)*y + abs(y + 4)*x", (-2, 2, -2, 2)),
    ("abs(x) + y", (-2, 2, -2, 2)),  # the kink on a grid line: sign(0) = 0, as SymPy's derivative
    ("tanh(sinh(x/2)*cosh(y/3)) + exp(sin(x + cos(y)))**2", (-2, 2, -2, 2)),
    ("e^(x/4)*cos(pi*y/4) - x/(1 + y^2)", (-math.pi, math.pi, -2, 2)),
    ("x^-3 + y", (0.5, 2, -1, 1)),
)


def calculus_goldens() -> list[dict]:
    out = []
    for formula, d in CALCULUS_FORMULAS:
        landscape = landscape_from_formula(formula, d)
        (x0, x1), (y0, y1) = landscape.domain
        pts = np.array([(x0 + a * (x1 - x0), y0 + b * (y1 - y0))
                        for a in (0.0, 0.07, 0.31, 0.5, 0.777, 1.0) for b in (0.0, 0.13, 0.5, 0.613, 0.96)])
        f, g = landscape(pts), landscape.gradient(pts)
        out.append({"formula": formula, "domain": _domain_text(landscape.domain),
                    "points": [[float(p[0]), float(p[1]), float(v), float(gx), float(gy)]
                               for p, v, (gx, gy) in zip(pts, f, g, strict=True)]})
    return out


# --- critical.mjs: gradfig.critical.find_critical_points -----------------------------------------
CRITICAL_FORMULAS = (
    ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", (-5, 5, -5, 5)),    # Himmelblau: 4 minima, 1 maximum, 4 saddles
    ("sin(x)*cos(y)", (-math.pi, math.pi, -math.pi, math.pi)),
    ("x^4 + y^4", (-1, 1, -1, 1)),                           # singular Hessian: the ring test
    ("x^2*y - y^3/3 + y^2", (-2, 2, -2, 2)),                 # singular Hessian, a degenerate saddle
    ("x^3 + y^3", (-1, 1, -1, 1)),
    # Curves of critical points: a valley of minima (the line x = 0), two crossing ones (both
    # axes), the line x = 0 of x^64 (Newton gains 1/63 a step: the polish's jump), a circle of
    # minima around a maximum, a line whose points change kind (x^2 y).
    ("x^2", (-1, 1, -1, 1)),
    ("x^2*y^2", (-1, 1, -1, 1)),
    ("x^64", (-1, 1, -1, 1)),
    ("x^64", (-2, 2, -2, 2)),
    ("(x^2 + y^2 - 1)^2", (-2, 2, -2, 2)),
    ("x^2*y", (-1, 1, -1, 1)),
    # Plateaus: 1 − tanh² is exactly 0 in floating point away from x = 0; no point is claimed.
    ("tanh(100*x)", (-2, 2, -2, 2)),
    # An incomplete search: about 2,000 critical points, 256 starts.
    ("sin(x)*cos(y)", (-50, 50, -50, 50)),
    ("abs(x) + abs(y)", (-2, 2, -2, 2)),                     # a kink, not a critical point
    ("x^3 - 3*x*y^2", (-1, 1, -1.5, 1.5)),                   # the monkey saddle
    ("x^3 - 3*x + y^2", (-2, 2, -2, 2)),
    ("sin(3*x)*sin(3*y)/(1 + x^2 + y^2)", (-2, 2, -2, 2)),
    ("x + y^2", (-3, 3, -3, 3)),                             # none: ∂f/∂x is never 0
    ("(1 - x)^2 + 10*(y - x^2)^2", (-2, 2, -1, 3)),
)


def _cells(table_html: str) -> list[list[str]]:
    return [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table_html) if "<td>" in row]


def critical_goldens() -> dict:
    from chapter.playground import critical_html, critical_summary

    cases = []
    for formula, d in CRITICAL_FORMULAS:
        landscape = landscape_from_formula(formula, d)
        search = landscape.critical_search
        points = search.points
        cases.append({
            "formula": formula, "domain": _domain_text(landscape.domain),
            "points": [{"kind": c.kind, "point": list(c.point), "f": float(landscape(np.asarray(c.point)))}
                       for c in points],
            "curves": [{"through": list(c.through), "points": [list(q) for q in c.points],
                        "ends": list(c.ends), "kinds": list(c.kinds)} for c in search.curves],
            "flat": [list(p) for p in search.flat], "flat_count": search.flat_count,
            "incomplete": search.incomplete,
            "summary": critical.summary(search),
            "kinds_summary": critical_summary([c.kind for c in points]),
            "rows": _cells(critical_html(landscape)),
        })
    summaries = [{"kinds": kinds, "text": critical_summary(kinds)}
                 for kinds in ([], ["minimum"], ["saddle", "saddle"], ["minimum", "maximum"],
                               ["maximum", "saddle", "minimum", "saddle"])]
    # Written from gradfig.critical itself: the test checks the page's settings carry them.
    rules = {"starts": critical.STARTS, "samePoint": critical.SAME_POINT,
             "zeroGradient": critical.ZERO_GRADIENT, "edge": critical.EDGE, "ring": critical.RING,
             "ringPoints": critical.RING_POINTS, "flat": critical.FLAT, "curveStep": critical.CURVE_STEP,
             "curveSteps": critical.CURVE_STEPS, "capacity": critical.CAPACITY,
             "incompleteSingles": critical.INCOMPLETE_SINGLES, "singular": critical.SINGULAR}
    return {"rules": rules, "cases": cases, "summaries": summaries}


# --- kink.mjs: gradfig.kink.find_kink ------------------------------------------------------------
#: Kinks (abs on a line, a cusp), points beside them, differentiable points where a naive
#: one-sided test cries wolf (|x|³, x|x|, a steep exponential, sin x cos y far out).
KINK_CASES = (
    ("abs(x) + abs(y)", (-2, 2, -2, 2), ((0, 0), (0, 1), (1, 0), (0.3, 0.2), (1e-7, 0.5))),
    ("abs(x - y)", (-2, 2, -2, 2), ((1, 1), (1, 0.5))),
    ("abs(x + y) + x^2", (-2, 2, -2, 2), ((0.5, -0.5),)),
    ("1000 + abs(x) + y", (-1, 1, -1, 1), ((0, 0),)),
    ("sqrt(abs(x) + 1e-300) + y", (-2, 2, -2, 2), ((0, 0),)),
    ("abs(x)^3 + y", (-1, 1, -1, 1), ((0, 0),)),
    ("x*abs(x) + y", (-1, 1, -1, 1), ((0, 0),)),
    ("abs(x)*y", (-2, 2, -2, 2), ((0, 0), (0, 1))),
    ("abs(x - 100000) + y", (99999, 100001, -1, 1), ((100000, 0),)),
    ("exp(50*x) + y", (-1, 1, -1, 1), ((0.8, -0.4),)),
    ("sin(x)*cos(y)", (-500000, 500000, -500000, 500000), ((-400000, 300000),)),
    ("x^2 + y^2", (-2, 2, -2, 2), ((0, 0),)),
)


def kink_goldens() -> list[dict]:
    from gradfig.kink import find_kink, kink_words

    out = []
    for formula, d, points in KINK_CASES:
        landscape = landscape_from_formula(formula, d)
        (x0, x1), (y0, y1) = landscape.domain
        size = math.hypot(x1 - x0, y1 - y0)
        for p in points:
            k = find_kink(landscape, p, size)
            found = None if k is None else {"direction": list(k.direction), "left": k.left,
                                            "right": k.right, "words": kink_words(k)}
            out.append({"formula": formula, "domain": _domain_text(landscape.domain),
                        "point": list(map(float, p)), "size": size, "kink": found})
    return out


# --- check.mjs: gradfig.check.gradient_check, as the page's table prints it --------------------
CHECK_FORMULAS = (
    *SMOOTH_FORMULAS,
    ("(1 - x)^2 + 10*(y - x^2)^2", (-2, 2, -1, 3)),
    ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", (-5, 5, -5, 5)),
    ("x^2/2 + y", (-1, 1, -1, 1)),
    # Where the check cannot judge (issue 20, rows 9 and 10): a step as large as a third of the
    # period; entries so large that 1e-4 is below their round-off.
    ("sin(x)*cos(y)", (-500000, 500000, -500000, 500000)),
    ("exp(50*x)", (-1, 1, -1, 1)),
)
#: Points beyond the sample points, as a pinned point adds them: ‖∇f‖ = 0.03125 at x = 1/32 (a
#: tie in ".4f", see format.mjs), a steep wall, a minimum.
CHECK_EXTRA = {"x^2/2 + y": ((1 / 32, 0.25), (0.0, 0.0)),
               "(1 - x)^2 + 10*(y - x^2)^2": ((-2.0, 3.0), (1.0, 1.0)),
               "sin(x)*cos(y)": ((-400000.0, 300000.0),), "exp(50*x)": ((0.8, -0.4),)}


def _row(r: check.CheckRow) -> dict:
    return {"point": list(r.point), "label": r.label, "analytical": list(r.analytical),
            "numerical": list(r.numerical), "norm": r.norm, "error": r.error, "passed": r.passed,
            "unreliable": r.unreliable}


def check_goldens() -> dict:
    from chapter.playground import check_html

    cases = []
    for formula, d in CHECK_FORMULAS:
        landscape = landscape_from_formula(formula, d)
        extra = [LabelledPoint(p, "pinned point") for p in CHECK_EXTRA.get(formula, ())]
        result = check.gradient_check(landscape, [*landscape.points_to_check, *extra], diagnose_failures=True)
        cases.append({"formula": formula, "domain": _domain_text(landscape.domain),
                      "rows": [_row(r) for r in result.rows],
                      # The sample points' rows as the page's table prints them.
                      "cells": _cells(check_html(landscape, require=False)),
                      "note": " ".join(f"At {text.vector(r.point)}: {r.unreliable}." for r in result.rows
                                       if r.unreliable)})
    rules = {"atol": check.DEFAULT_ATOL, "rtol": check.DEFAULT_RTOL, "reliable": check.RELIABLE,
             "samples": [list(s) for s in Landscape.SAMPLE_FRACTIONS]}
    return {"rules": rules, "cases": cases}


# --- figure.mjs: gradfig.figures.page.payload_data for every registry landscape -----------------
def figure_goldens() -> list[dict]:
    return [{"name": name, "formula": landscape.formula, "domain": _domain_text(landscape.domain),
             "payload": payload_data(landscape)} for name, landscape in LANDSCAPES.items()]


# --- descent.mjs: gradfig.descent.field_descent --------------------------------------------------
def descent_goldens() -> dict:
    cases = []
    etas = (0.001, 0.00316, 0.0316, 0.316)  # the slider's 10^v to 3 digits
    for name, landscape in LANDSCAPES.items():
        (x0, x1), (y0, y1) = landscape.domain
        starts = [((x0 + x1) / 2 + (x1 - x0) / 8, (y0 + y1) / 2 + (y1 - y0) / 8),
                  (x0 + 0.2 * (x1 - x0), y0 + 0.75 * (y1 - y0)),
                  *(p.point for p in landscape.points_to_check)]
        for start in starts:
            for eta in etas:
                run = descent.field_descent(landscape, tuple(start), eta)
                cases.append({"name": name, "domain": [list(landscape.domain[0]), list(landscape.domain[1])],
                              "start": [float(start[0]), float(start[1])], "eta": eta,
                              "end": list(run.end), "steps": run.steps, "outcome": run.outcome})
    evaluators = {name: landscape.js_source() for name, landscape in LANDSCAPES.items()}
    rules = {"maxSteps": descent.FIELD_MAX_STEPS, "converged": descent.FIELD_CONVERGED,
             "stray": descent.FIELD_STRAY}
    return {"rules": rules, "evaluators": evaluators, "cases": cases}


# --- surface.mjs: gradfig.figures.surface.surface_scene -------------------------------------------
def surface_goldens() -> dict:
    from dataclasses import asdict

    from gradfig.figures import surface

    cases = []
    for name, landscape in LANDSCAPES.items():
        (x0, x1), (y0, y1) = landscape.domain
        points = [surface.default_point(landscape), (x0, y1), (x0 + 0.9 * (x1 - x0), y0 + 0.15 * (y1 - y0)),
                  *(p.point for p in landscape.points_to_check)]
        for point in dict.fromkeys(tuple(float(c) for c in p) for p in points):
            scene = asdict(surface.surface_scene(landscape, point))
            cases.append({"name": name, "domain": [list(landscape.domain[0]), list(landscape.domain[1])],
                          "scene": scene})
    rules = {"samples": surface.SURFACE_SAMPLES, "sliceSamples": surface.SLICE_SAMPLES,
             "tangentHalf": surface.TANGENT_HALF}
    return {"rules": rules, "evaluators": {name: ls.js_source() for name, ls in LANDSCAPES.items()},
            "cases": cases}


# --- quiz-numbers.mjs: chapter.quiz.parse_numbers and accepts ------------------------------------
PARSED_TEXTS = ("8, 3, 108", "(8,3,108)", "8 3 108", "[−1.5 2e3]", "1/2", "-3 / 4", "1.5e-3", ".5",
                "5.", "+7", "x = 2, y = −3", "–4", "no numbers", "", "1e400", "2/3, 4 /5", "1,000")
#: Answers a reader may type: the question's own forms come from the question itself.
TYPED_EXTRA = ("123456789", "", "  ", "1, 2", "pass", "FAIL", "fail!", "0", "-0")


def quiz_goldens() -> dict:
    from chapter.pages.recall import QUESTIONS
    from chapter.quiz import TypedQuestion, accepts, parse_numbers, typed_html

    questions = []
    for q in (make() for make in QUESTIONS):
        if not isinstance(q, TypedQuestion):
            continue
        qid = q.id
        spec = json.loads(html.unescape(re.search(r'data-quiz-spec="([^"]*)"', typed_html(q, 1)).group(1)))
        texts = [q.typed, *TYPED_EXTRA]
        if not isinstance(q.answer, str):
            texts += ["(" + ",".join(f"{v:g}" for v in q.answer) + ")",
                      " ".join(f"{v:.6g}".replace("-", "\u2212") for v in q.answer),
                      ", ".join(f"{v * 1.01 + 0.01:g}" for v in q.answer)]
        texts += [t.value if isinstance(t.value, str) else ", ".join(f"{v:g}" for v in t.value)
                  for t in q.traps]
        questions.append({"id": qid, "spec": spec,
                          "cases": [{"text": t, "accepted": accepts(q, t)} for t in dict.fromkeys(texts)]})
    return {"parse": [{"text": t, "numbers": [_r(v) for v in parse_numbers(t)]} for t in PARSED_TEXTS],
            "questions": questions}


# --- the playground's settings: what the page hands its script ----------------------------------
def settings_goldens() -> dict:
    from chapter.playground import settings

    return settings()


#: Golden file name -> the function that computes it.
GOLDENS = {
    "settings": settings_goldens, "format": format_goldens, "grammar": grammar_goldens,
    "domain": domain_goldens, "calculus": calculus_goldens, "critical": critical_goldens,
    "check": check_goldens, "figure": figure_goldens, "descent": descent_goldens, "quiz": quiz_goldens,
    "surface": surface_goldens, "kink": kink_goldens,
}


def write_goldens(out: Path) -> list[Path]:
    """Write every golden file into ``out`` (created if need be); returns their paths."""
    from gradfig import export

    written = []
    for name, make in GOLDENS.items():
        path = out / f"{name}.json"
        export.write_text(path, json.dumps(make(), allow_nan=False, ensure_ascii=False) + "\n")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python scripts/mirror_goldens.py OUT_FOLDER", file=sys.stderr)
        return 2
    for path in write_goldens(Path(argv[1])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
