"""Safe parsing of formulas typed by people into SymPy expressions.

A formula such as ``"(1 - x)^2 + 10*(y - x^2)^2"`` is *data*, never code: it is parsed
with :mod:`ast` and every node is checked against an allow-list (numbers, the allowed
variables, ``+ - * / **``, unary minus and a few named functions). Nothing is ever passed
to ``eval``, ``sympify`` or ``parse_expr``.

The tree is converted to SymPy with ``evaluate=False`` so that the expression keeps the
order in which its author wrote it; that is what the page shows as LaTeX. Derivatives and
numeric functions are taken from the same object.
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SymPy takes ~0.7 s to import: only load it once a formula is valid
    import sympy as sp

__all__ = [
    "MAX_DEPTH", "MAX_EXPONENT", "MAX_LENGTH", "ExpressionError", "depth", "evaluate_at",
    "evaluate_constant", "number", "parse", "refuse_characters", "validate",
]

#: Longest formula accepted; a textbook formula is far shorter.
MAX_LENGTH = 500
#: Largest magnitude of a constant exponent. Higher powers are never needed here and
#: ``9**9**9**9`` would otherwise make SymPy build an astronomically large integer.
MAX_EXPONENT = 64
#: Largest magnitude of a numeric literal, so no constant overflows a float.
MAX_LITERAL = 1e15
#: Most AST nodes in one formula (guards very large inputs).
MAX_NODES = 400
#: Deepest nesting of the syntax tree (``sin(sin(x))`` is 3 deep, ``1/(1 + x)`` is 3). SymPy
#: differentiates and prints by recursion: a 60-deep ``1/(1+1/(1+...))`` (well under
#: :data:`MAX_LENGTH`) exhausts Python's stack. Every formula of the registry is under 10 deep;
#: 32 leaves room for any hand-written formula and a wide margin below the failures measured
#: (from about 120 deep, depending on the kind of nesting).
MAX_DEPTH = 32

# Named functions a formula may call (each with one argument): formula name -> the math
# function used to bound constant exponents and the SymPy function it becomes.
FUNCTIONS: dict[str, tuple[Callable[[float], float], str]] = {
    "sin": (math.sin, "sin"),
    "cos": (math.cos, "cos"),
    "tan": (math.tan, "tan"),
    "exp": (math.exp, "exp"),
    "log": (math.log, "log"),
    "sqrt": (math.sqrt, "sqrt"),
    "tanh": (math.tanh, "tanh"),
    "sinh": (math.sinh, "sinh"),
    "cosh": (math.cosh, "cosh"),
    "abs": (abs, "Abs"),
}
# Named constants: formula name -> (value, SymPy attribute).
CONSTANTS: dict[str, tuple[float, str]] = {"pi": (math.pi, "pi"), "e": (math.e, "E")}


class ExpressionError(ValueError):
    """A formula that is not allowed or not well formed; the message says why."""


def validate(text: str, variables: Sequence[str] = ("x", "y", "z")) -> ast.expr:
    """Check a formula against the allow-list without importing SymPy.

    Returns the checked syntax tree; raises :class:`ExpressionError` naming the problem.
    """
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("the expression is empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters")
    _refuse_control_characters(text)
    refuse_characters(text)
    # In Python `^` is XOR and binds looser than `*`; people mean power, so swap the text
    # before parsing (a token-level swap keeps `x^2*y` as (x**2)*y).
    source = text.replace("^", "**")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError) as exc:  # ValueError: e.g. a literal with 5000 digits
        reason = getattr(exc, "msg", None) or str(exc)
        raise ExpressionError(f"cannot parse the expression: {reason}") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExpressionError(f"the expression is too large ({count} parts, at most {MAX_NODES})")
    levels = depth(tree.body)
    if levels > MAX_DEPTH:
        raise ExpressionError(f"the expression is nested too deeply ({levels} levels, at most {MAX_DEPTH})")
    _Validator(tuple(variables)).value(tree.body)
    return tree.body


def parse(text: str, variables: Sequence[str] = ("x", "y", "z")) -> sp.Expr:
    """Parse a formula into an unevaluated SymPy expression.

    Parameters
    ----------
    text
        The formula, in Python syntax; ``^`` also means power.
    variables
        Names the formula may use as variables (real symbols).

    Returns
    -------
    sympy.Expr
        The expression with its written structure kept (``evaluate=False``).

    Raises
    ------
    ExpressionError
        For anything that is not a plain arithmetic formula in ``variables``.
    """
    node = validate(text, variables)
    import sympy

    symbols = {name: sympy.Symbol(name, real=True) for name in variables}
    return _to_sympy(node, symbols, sympy)


def evaluate_constant(text: str) -> float:
    """The value of a formula without variables, e.g. ``"pi/2"`` -> 1.5707963267948966."""
    value = _Validator(()).value(validate(text, ()))
    if value is None or not math.isfinite(value):
        raise ExpressionError(f"{text!r} is not a finite number")
    return value


def evaluate_at(tree: ast.expr, values: dict[str, float]) -> float:
    """The value of a tree from :func:`validate` at one point, in plain floats.

    Overflow gives ``inf`` and a domain error (``log(0)``, ``sqrt(-1)``, ``1/0``) gives
    ``nan``, so a caller can refuse a point where the formula is undefined without
    importing SymPy.
    """
    def go(node: ast.AST) -> float:
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            return values[node.id] if node.id in values else CONSTANTS[node.id][0]
        if isinstance(node, ast.UnaryOp):
            v = go(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.Call):
            arg = go(node.args[0])
            return _apply(lambda: FUNCTIONS[node.func.id][0](arg))
        left, right = go(node.left), go(node.right)
        return _apply(lambda: _BINARY_FN[type(node.op)](left, right))

    return go(tree)


def _refuse_control_characters(text: str) -> None:
    """Refuse invisible characters: a formula is echoed back (tables, messages), and an escape
    sequence hidden in it (say in a ``#`` comment) would otherwise reach the terminal.

    Control characters (``\\x1b``, line breaks), format characters (bidirectional overrides,
    zero-width joiners), surrogates (undecodable bytes in ``argv``) and unassigned code points
    are all refused, by Unicode category.
    """
    for position, char in enumerate(text):
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise ExpressionError(f"the expression contains the invisible character "
                                  f"U+{ord(char):04X} at position {position + 1}; "
                                  "type the formula on one line, in plain characters")


#: A digit separator: an underscore after a digit or after a 0x / 0o / 0b prefix (1_000, 0x_ff).
_SEPARATOR = re.compile(r"[0-9]_|0[xXoObB]_")
#: A number as Python's float() reads it, in ASCII digits and without separators.
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(inf|infinity|nan)",
                           re.IGNORECASE)


def refuse_characters(text: str) -> None:
    """The grammar's rules for characters, the browser's too (``grammar.mjs`` applies the same,
    with the same messages; the golden cases hold both to it).

    A formula is plain ASCII: compatibility characters that Python's parser would quietly fold
    (``ｘ`` into ``x``, ``ℯ`` into ``e``) and non-ASCII digits (``١``) are refused, naming the
    character, so a formula means the same wherever it is typed. ``%`` is refused (math.js
    reads ``200%`` as a percentage, Python ``x % 2`` as a remainder: neither is maths of this
    chapter), and so are digit separators (``1_000``: Python takes them, math.js does not).
    A number may end in a point (``5.`` is 5.0) on both sides.
    """
    for position, char in enumerate(text, start=1):
        if char == "\u2212":
            raise ExpressionError("write the minus sign as - (the ASCII hyphen), not \u2212")
        if ord(char) > 0x7E:
            raise ExpressionError(f"the character '{char}' (U+{ord(char):04X}) at position {position} is not "
                                  "plain ASCII: type formulas with a-z, 0-9 and + - * / ^ ( ) only")
    if "%" in text:
        raise ExpressionError(f"'%' at position {text.index('%') + 1} is not allowed: there are no "
                              "percentages or remainders here (write 200% as 2, 50% as 0.5)")
    separator = _SEPARATOR.search(text)
    if separator:
        raise ExpressionError(f"'_' at position {separator.end()} is not allowed in a number: "
                              "write 1000, not 1_000")


def number(text: str) -> float:
    """One number the command line reads (``--at``, ``--domain``, ``--radius``): ASCII digits as
    Python's ``float()`` reads them (``inf`` and ``nan`` included), else a constant formula
    such as ``pi/2`` (:func:`evaluate_constant`). The playground reads a domain's parts by the
    same rule (``domain.mjs``). Raises :class:`ExpressionError` for anything else."""
    part = text.strip()
    if _PLAIN_NUMBER.fullmatch(part):
        return float(part)
    return evaluate_constant(part)


def depth(tree: ast.AST) -> int:
    """How deeply ``tree`` nests, as :data:`MAX_DEPTH` counts it: one per node, without the
    nodes that only tag another (load/store, the operator of a binary or unary operation).
    Computed without recursion (the tree may be very deep)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node)
                     if not isinstance(child, (ast.expr_context, ast.operator, ast.unaryop)))
    return deepest


class _Validator:
    """Walk an AST, refuse anything off the allow-list, and return the value of constant
    subtrees (``None`` where a variable is involved) so exponents can be bounded."""

    def __init__(self, variables: tuple[str, ...]) -> None:
        self.variables = variables

    def value(self, node: ast.AST) -> float | None:
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ExpressionError(f"only numbers are allowed as constants, not {v!r:.40}")
            # Compare the size first: math.isfinite() overflows on a 400-digit integer.
            if abs(v) > MAX_LITERAL or not math.isfinite(v):
                raise ExpressionError(f"the number {v!r:.40} is too large (at most {MAX_LITERAL:g})")
            return float(v)
        if isinstance(node, ast.Name):
            if node.id in self.variables:
                return None
            if node.id in CONSTANTS:
                return CONSTANTS[node.id][0]
            if node.id in FUNCTIONS:
                raise ExpressionError(f"{node.id} is a function: write {node.id}(...)")
            allowed = ", ".join(self.variables) or "none"
            raise ExpressionError(f"unknown name {node.id!r} (variables allowed: {allowed})")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = self.value(node.operand)
            return None if v is None else (-v if isinstance(node.op, ast.USub) else v)
        if isinstance(node, ast.BinOp) and isinstance(node.op, _BINARY):
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(node.op, ast.Pow) and right is not None and (
                    not math.isfinite(right) or abs(right) > MAX_EXPONENT):
                raise ExpressionError(f"the power is too large (exponents up to {MAX_EXPONENT} are allowed)")
            if left is None or right is None:
                return None
            return _constant(node, lambda: _BINARY_FN[type(node.op)](left, right))
        if isinstance(node, ast.Call):
            allowed = ", ".join(sorted(FUNCTIONS))
            if not isinstance(node.func, ast.Name):
                raise ExpressionError(f"calling {_describe(node.func)} is not allowed "
                                      f"(functions allowed: {allowed})")
            if node.func.id not in FUNCTIONS:
                raise ExpressionError(f"unknown function {node.func.id!r} (functions allowed: {allowed})")
            if node.keywords or len(node.args) != 1:
                raise ExpressionError(f"{node.func.id}() takes exactly one argument")
            arg = self.value(node.args[0])
            return None if arg is None else _constant(node, lambda: FUNCTIONS[node.func.id][0](arg))
        if isinstance(node, (ast.UnaryOp, ast.BinOp)):
            raise ExpressionError(f"operator not allowed: {_describe(node)}")
        raise ExpressionError(f"not allowed in an expression: {_describe(node)}")


_BINARY = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_BINARY_FN: dict[type, Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}


def _apply(compute: Callable[[], float]) -> float:
    """Evaluate a constant; overflow and domain errors become inf/nan (checked by the caller)."""
    try:
        value = compute()
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError):
        return math.nan
    # (-8)**(1/3) is complex in Python: not a real number, so nan (refused by _constant).
    return math.nan if isinstance(value, complex) else value


def _constant(node: ast.AST, compute: Callable[[], float]) -> float:
    """The value of a constant part of a formula, refused unless it is a finite real number.

    Refusing here, before SymPy is imported, turns ``log(0)*x``, ``exp(1000)*x`` or
    ``(-8)**(1/3)*x`` into one clear message instead of a gradient that is silently
    complex, infinite or undefined everywhere.
    """
    value = _apply(compute)
    if not math.isfinite(value):
        raise ExpressionError(f"the constant part `{_snippet(node)}` is not a finite real number")
    return value


def _to_sympy(node: ast.AST, symbols: dict, sp) -> sp.Expr:
    """Convert a validated tree to SymPy, keeping the written order (``evaluate=False``)."""
    def go(n: ast.AST) -> sp.Expr:
        return _to_sympy(n, symbols, sp)

    if isinstance(node, ast.Constant):
        return sp.Integer(node.value) if isinstance(node.value, int) else sp.Float(node.value)
    if isinstance(node, ast.Name):
        return symbols[node.id] if node.id in symbols else getattr(sp, CONSTANTS[node.id][1])
    if isinstance(node, ast.UnaryOp):
        operand = go(node.operand)
        return sp.Mul(sp.Integer(-1), operand, evaluate=False) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        return getattr(sp, FUNCTIONS[node.func.id][1])(go(node.args[0]), evaluate=False)
    left, right = go(node.left), go(node.right)
    # `a + b + c` parses as (a + b) + c; unevaluated, a nested Add prints as
    # \left(a + b\right) + c, so splice the left sum's terms into one flat sum.
    terms = list(left.args) if isinstance(left, sp.Add) else [left]
    if isinstance(node.op, ast.Add):
        return sp.Add(*terms, right, evaluate=False)
    if isinstance(node.op, ast.Sub):
        return sp.Add(*terms, sp.Mul(sp.Integer(-1), right, evaluate=False), evaluate=False)
    if isinstance(node.op, ast.Mult):
        return sp.Mul(left, right, evaluate=False)
    if isinstance(node.op, ast.Div):
        return sp.Mul(left, sp.Pow(right, sp.Integer(-1), evaluate=False), evaluate=False)
    return sp.Pow(left, right, evaluate=False)


def _snippet(node: ast.AST) -> str:
    """A piece of the formula as its author wrote it, shortened to 40 characters."""
    try:
        snippet = ast.unparse(node)
    except Exception:  # unparse can fail on odd trees; the node type still says enough
        snippet = type(node).__name__
    return snippet[:37] + "..." if len(snippet) > 40 else snippet


def _describe(node: ast.AST) -> str:
    """Name a refused piece of syntax the way its author wrote it."""
    snippet = _snippet(node)
    kind = {
        "Attribute": "attribute access",
        "Lambda": "lambda",
        "Subscript": "indexing",
        "Compare": "comparison",
        "BoolOp": "boolean operator",
        "IfExp": "conditional",
        "List": "list",
        "Tuple": "tuple",
        "Dict": "dict",
        "Set": "set",
        "JoinedStr": "f-string",
        "NamedExpr": "assignment",
        "Starred": "star expression",
        "GeneratorExp": "generator",
        "ListComp": "comprehension",
    }.get(type(node).__name__, type(node).__name__)
    return f"{kind} `{snippet}`"
