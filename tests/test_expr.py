"""The safe formula parser: what it accepts, what it refuses, and that refusing runs nothing."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from gradfig.expr import (
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    ExpressionError,
    evaluate_at,
    evaluate_constant,
    number,
    parse,
    validate,
)
from mirror_goldens import ONE_GRAMMAR_FORMULAS, ONE_GRAMMAR_NUMBERS

x, y, z = sp.symbols("x y z", real=True)


@pytest.mark.parametrize(("text", "expected"), [
    ("x^2 + 3*x*y + z^4", x**2 + 3 * x * y + z**4),
    ("x**2 + 3*x*y + z**4", x**2 + 3 * x * y + z**4),
    ("(1 - x)^2 + 10*(y - x^2)^2", (1 - x) ** 2 + 10 * (y - x**2) ** 2),
    ("sin(x)*cos(y)", sp.sin(x) * sp.cos(y)),
    ("-x/2 + +y", -x / 2 + y),
    ("exp(x) + log(y) + sqrt(z) + tanh(x) + sinh(y) + cosh(z) + tan(x) + abs(y)",
     sp.exp(x) + sp.log(y) + sp.sqrt(z) + sp.tanh(x) + sp.sinh(y) + sp.cosh(z) + sp.tan(x) + sp.Abs(y)),
    ("pi*x + e", sp.pi * x + sp.E),
    ("x^2*y", x**2 * y),  # ^ is power and binds tighter than *, as people mean it
    ("2.5e-3*x", sp.Float("2.5e-3") * x),
])
def test_accepted_formulas_mean_what_they_say(text: str, expected: sp.Expr) -> None:
    assert sp.simplify(parse(text).doit() - expected) == 0


def test_parse_keeps_the_written_order_for_display() -> None:
    written = parse("(1 - x)^2 + 10*(y - x^2)^2", ("x", "y"))
    assert sp.latex(written, order="none") == r"\left(1 - x\right)^{2} + 10 \left(y - x^{2}\right)^{2}"


@pytest.mark.parametrize(("text", "value"), [
    ("pi/2", math.pi / 2), ("-1.5", -1.5), ("2^10", 1024.0), ("sqrt(2)*e", math.sqrt(2) * math.e),
])
def test_evaluate_constant(text: str, value: float) -> None:
    assert evaluate_constant(text) == pytest.approx(value, rel=1e-15)


# Each bad formula and a word the one-line message must contain.
BAD = [
    ("", "empty"),
    ("   ", "empty"),
    ("x y", "cannot parse"),
    ("x +", "cannot parse"),
    ("x;y", "cannot parse"),
    ("x\x00", "invisible character U+0000"),
    ("x²", "not plain ASCII"),
    ("w + x", "unknown name 'w'"),
    ("f(x)", "unknown function 'f'"),
    ("eval(x)", "unknown function 'eval'"),
    ("__import__('os')", "unknown function '__import__'"),
    ("sin", "is a function"),
    ("sin(x, y)", "exactly one argument"),
    ("sin(x=1)", "exactly one argument"),
    ("x.real", "attribute access"),
    ("().__class__.__base__", "attribute access"),
    ("x.__class__.__mro__", "attribute access"),
    ("(lambda: 1)()", "lambda"),
    ("lambda: x", "lambda"),
    ("[x for x in y]", "comprehension"),
    ("(x for x in y)", "generator"),
    ("x[0]", "indexing"),
    ("x < y", "comparison"),
    ("x and y", "boolean operator"),
    ("x if y else z", "conditional"),
    ("(x := 1)", "assignment"),
    ("f'{x}'", "f-string"),
    ("[x, y]", "list"),
    ("x, y", "tuple"),
    ("{x: y}", "dict"),
    ("x @ y", "operator not allowed"),
    ("x // y", "operator not allowed"),
    ("x % y", "no percentages or remainders"),
    ("~x", "operator not allowed"),
    ("x | y", "operator not allowed"),
    ("'abc'", "only numbers"),
    ("1j*x", "only numbers"),
    ("True*x", "only numbers"),
    ("9**9**9**9", "power is too large"),
    ("x**65", "power is too large"),
    ("x**1e15", "power is too large"),
    ("2**(3**4)*x", "power is too large"),
    ("1e16*x", "too large"),
    ("1" * 400, "too large"),  # a 400-digit integer once overflowed math.isfinite()
    ("x" + "+x" * 300, "longer than"),
    ("0" + "-" * 450 + "x", "too large"),
    ("log(0)*x", "log(0)"),
    ("sqrt(-1)*x", "sqrt(-1)"),
    ("(-8)**(1/3)*x", "not a finite real number"),
    ("exp(1000)*x", "not a finite real number"),
    ("0**-1*x", "not a finite real number"),
    ("1e15**64*x", "not a finite real number"),
]


@pytest.mark.parametrize(("text", "word"), BAD)
def test_bad_formula_is_refused_with_a_clear_reason(text: str, word: str) -> None:
    with pytest.raises(ExpressionError) as info:
        validate(text)
    message = str(info.value)
    assert word in message
    assert "\n" not in message and len(message) < 200


def test_limits_are_what_the_docs_say() -> None:
    validate(f"x**{MAX_EXPONENT}")
    validate(f"x**-{MAX_EXPONENT}")
    validate("sin(" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1))  # exactly MAX_DEPTH deep
    with pytest.raises(ExpressionError, match=f"nested too deeply \\({MAX_DEPTH + 1} levels"):
        validate("sin(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH)
    validate("x*1" + " " * (MAX_LENGTH - 3))  # exactly MAX_LENGTH characters
    with pytest.raises(ExpressionError, match="power is too large"):
        validate(f"x**{MAX_EXPONENT + 1}")
    with pytest.raises(ExpressionError, match="longer than"):
        validate("x*1" + " " * (MAX_LENGTH - 2))


# Nesting of every kind, each well under MAX_LENGTH and MAX_NODES: the 60-deep
# continued fraction and 58-deep nested root once exhausted Python's stack inside SymPy.
DEEP = {
    "continued fraction": lambda n: "1/(1+" * n + "x" + ")" * n,
    "nested roots": lambda n: "sqrt(1+" * n + "x" + ")" * n,
    "nested calls": lambda n: "sin(" * n + "x" + ")" * n,
    "unary minus chain": lambda n: "-" * n + "x",
    "minus and parentheses": lambda n: "-(" * n + "x" + ")" * n,
    "power tower": lambda n: "**".join(["x"] * n),
    "nested products": lambda n: "x*(" * n + "x" + ")" * n,
}


@pytest.mark.parametrize("kind", list(DEEP))
def test_deep_nesting_of_every_kind_is_refused_up_front(kind: str) -> None:
    deep = DEEP[kind](60)
    assert len(deep) <= MAX_LENGTH
    with pytest.raises(ExpressionError, match="nested too deeply"):
        validate(deep)
    validate(DEEP[kind](12))  # ordinary nesting is fine


def test_parentheses_alone_add_no_depth() -> None:
    validate("(" * 150 + "x" + ")" * 150)  # the same tree as "x"
    with pytest.raises(ExpressionError, match="cannot parse"):  # Python's own parser limit
        validate("(" * 240 + "x" + ")" * 240)


@pytest.mark.parametrize(("text", "code"), [
    ("x # \x1b]0;pwned\x07", "U+001B"),  # a terminal title set, hidden in a comment
    ("x # \x1b[2J", "U+001B"),  # clear screen
    ("x +\ny", "U+000A"),
    ("x\t+ y", "U+0009"),
    ("x + y # \u202egnp.exe", "U+202E"),  # right-to-left override
    ("x\u200b+ y", "U+200B"),  # zero-width space
    ("x + \udcff", "U+DCFF"),  # an undecodable byte of argv, as Python passes it on
])
def test_invisible_characters_are_refused_and_named(text: str, code: str) -> None:
    with pytest.raises(ExpressionError) as info:
        validate(text)
    message = str(info.value)
    assert code in message and message.isprintable()


def test_a_plain_comment_is_harmless() -> None:
    assert validate("x^2 # the bowl, in one variable") is not None


@pytest.mark.parametrize("attack", [
    "__import__('os').system('touch {f}')",
    "getattr(__import__('os'), 'system')('touch {f}')",
    "(lambda: __import__('os').system('touch {f}'))()",
    "().__class__.__base__.__subclasses__()[0]('touch {f}')",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "x ^ __import__('os').system('touch {f}')",
    "exec('import os; os.system(\"touch {f}\")')",
    "open('{f}', 'w')",
])
def test_injection_runs_nothing(attack: str, tmp_path) -> None:
    target = tmp_path / "pwned"
    text = attack.format(f=target)
    with pytest.raises(ExpressionError):
        parse(text)
    with pytest.raises(ExpressionError):
        evaluate_constant(text)
    assert not target.exists()


@pytest.mark.parametrize("text", ["(1 - x)^2 + 10*(y - x^2)^2", "sin(x)*cos(y)", "exp(-x^2)/sqrt(1 + y^2)",
                                  "tanh(x) - log(2 + y) + abs(x*y)^1.5 + pi*e"])
def test_evaluate_at_agrees_with_the_sympy_definition(text: str) -> None:
    f = sp.lambdify((x, y), parse(text, ("x", "y")).doit(), "math")
    tree = validate(text, ("x", "y"))
    for px, py in [(0.3, -1.2), (1.5, 0.25), (-0.7, 0.9)]:
        assert evaluate_at(tree, {"x": px, "y": py}) == pytest.approx(f(px, py), rel=1e-14)


@pytest.mark.parametrize(("text", "point", "check"), [
    ("log(x)", 0.0, math.isnan), ("1/x", 0.0, math.isnan), ("sqrt(x)", -1.0, math.isnan),
    ("x^0.5", -1.0, math.isnan), ("exp(x)", 1000.0, math.isinf), ("x^64", 1e10, math.isinf),
])
def test_evaluate_at_reports_undefined_points_as_nan_or_inf(text: str, point: float, check) -> None:
    assert check(evaluate_at(validate(text, ("x",)), {"x": point}))


# --- one grammar with the browser (issue 20) ---------------------------------------------------
# The verdicts are decided once, in scripts/mirror_goldens.py; the browser is held to the same
# ones (and to these messages) by tests/js/grammar.test.mjs and domain.test.mjs.
@pytest.mark.parametrize(("text", "accepted"), ONE_GRAMMAR_FORMULAS)
def test_one_grammar_formulas(text: str, accepted: bool) -> None:
    if accepted:
        validate(text, ("x", "y"))
        return
    with pytest.raises(ExpressionError) as err:
        validate(text, ("x", "y"))
    if any(ord(c) > 0x7E for c in text):  # named: the character, its code point and position
        assert "not plain ASCII" in str(err.value) or "minus sign" in str(err.value), err.value
        assert f"U+{max(ord(c) for c in text):04X}" in str(err.value) or "minus sign" in str(err.value)


@pytest.mark.parametrize(("text", "accepted"), ONE_GRAMMAR_NUMBERS)
def test_one_grammar_numbers(text: str, accepted: bool) -> None:
    if accepted:
        assert math.isfinite(number(text))
    else:
        with pytest.raises(ExpressionError):
            number(text)


def test_a_number_may_end_in_a_point_and_compatibility_characters_are_not_folded() -> None:
    assert parse("5.*x", ("x",)) == parse("5.0*x", ("x",))
    assert number("5.") == 5.0 and number(" -2.5 ") == -2.5 and number("-inf") == -math.inf
    # Python's parser would read these as x and e (NFKC): refused instead, as in the browser.
    for text in ("\uff58**2", "\u212f**x"):
        with pytest.raises(ExpressionError, match="not plain ASCII"):
            validate(text, ("x", "y"))
