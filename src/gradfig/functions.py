"""Function definitions: each formula is written once, everything else is derived from it.

A :class:`ScalarFunction` (R^n -> R) or :class:`VectorMap` (R^n -> R^m) is built from a
formula string. From that one string come the SymPy expression, the vectorised NumPy
function, the analytical gradient or Jacobian (by symbolic differentiation), the LaTeX the
page shows and the JavaScript the browser evaluates. The gradient check (:mod:`gradfig.check`)
then proves the analytical derivatives against numerical differences.

Numeric convention: functions take an array of points of shape ``(..., n)`` (a single point
is shape ``(n,)``) and return ``(...)`` for a scalar function, ``(..., n)`` for a gradient,
``(..., m)`` for a map and ``(..., m, n)`` for a Jacobian. Complex input is accepted, so the
complex-step derivative works on every definition.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from gradfig.critical import CriticalPoint, CriticalSearch, classify, refine, search_critical
from gradfig.expr import ExpressionError, parse

if TYPE_CHECKING:
    import sympy as sp

__all__ = [
    "CriticalPoint",
    "DenseTanhMap",
    "LabelledPoint",
    "Landscape",
    "ScalarFunction",
    "VectorMap",
    "valid_name",
]

ArrayFn = Callable[[np.ndarray], np.ndarray]

#: The one rule for a function's name, which goes into file names (``field-<name>-light.svg``),
#: URLs and HTML attributes: 1 to 40 lower-case letters, digits and hyphens, starting with a
#: letter. The registry and ``gradfig render --name`` both apply it (:func:`valid_name`).
NAME_PATTERN = re.compile(r"[a-z][a-z0-9-]{0,39}")


def valid_name(name: object) -> str:
    """``name`` if it follows :data:`NAME_PATTERN`, else a ValueError saying the rule."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise ValueError(f"name {name!r} cannot be used in file names, URLs and HTML attributes: "
                         "use 1 to 40 lower-case letters, digits and hyphens, starting with a letter")
    return name


@dataclass(frozen=True)
class LabelledPoint:
    """A point with a short human label, e.g. ``(1, 1)`` "minimum"."""

    point: tuple[float, ...]
    label: str


def _vectorise(exprs: Sequence[sp.Expr], symbols: Sequence[sp.Symbol]) -> ArrayFn:
    """Compile expressions into one NumPy function of points ``(..., n) -> (..., k)``."""
    import sympy as sp
    compiled = sp.lambdify(list(symbols), list(exprs), modules="numpy")

    def evaluate(points: np.ndarray) -> np.ndarray:
        pts = np.asarray(points)
        if not np.iscomplexobj(pts):
            pts = pts.astype(float, copy=False)
        if pts.shape[-1:] != (len(symbols),):
            raise ValueError(f"points must have shape (..., {len(symbols)}), got {pts.shape}")
        columns = compiled(*np.moveaxis(pts, -1, 0))
        # A constant derivative (e.g. d(3xy)/dy = 3x is fine, d(3x)/dx = 3 is a scalar)
        # comes back as a plain number: broadcast it to the points' shape. Cast to the
        # points' dtype: an exact SymPy integer such as 10**20 would otherwise make an
        # object array that numpy cannot test for finiteness.
        shape = pts.shape[:-1]
        return np.stack([np.broadcast_to(np.asarray(c, dtype=pts.dtype), shape) for c in columns],
                        axis=-1)

    return evaluate


def _check_real(expr: sp.Expr, formula: str) -> None:
    import sympy as sp
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ExpressionError(f"the expression {formula!r} is undefined (division by zero?)")
    if expr.has(sp.I):
        raise ExpressionError(f"the expression {formula!r} is not real-valued")


@dataclass(frozen=True)
class ScalarFunction:
    """A function R^n -> R defined by one formula.

    Parameters
    ----------
    name
        Registry name, used in file names and on the command line.
    title
        Human title.
    formula
        The formula in the safe expression grammar of :func:`gradfig.expr.parse`.
    variables
        Variable names in argument order.
    check_points
        Labelled points the gradient check runs at (see :attr:`points_to_check`).
    partials_display
        Optional: each partial derivative as a teacher writes it, in the same grammar
        (``"2*(x - 1) - 40*x*(y - x^2)"``), shown instead of SymPy's expanded form. Each is
        proven equal to the derivative by SymPy; a wrong one raises ValueError.
    """

    name: str
    title: str
    formula: str
    variables: tuple[str, ...] = ("x", "y")
    check_points: tuple[LabelledPoint, ...] = ()
    partials_display: tuple[str, ...] = ()

    @property
    def dim(self) -> int:
        """Number of inputs n."""
        return len(self.variables)

    def __getstate__(self) -> dict:
        # Pickled (e.g. to a worker process) as its definition only: what is derived from it
        # is derived again there; compiled NumPy functions cannot be pickled at all.
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @cached_property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        import sympy as sp
        return tuple(sp.Symbol(v, real=True) for v in self.variables)

    @cached_property
    def written(self) -> sp.Expr:
        """The expression as written (unevaluated), for display."""
        return parse(self.formula, self.variables)

    @cached_property
    def expr(self) -> sp.Expr:
        """The evaluated SymPy expression (refused if it is undefined or complex)."""
        expr = self.written.doit()
        _check_real(expr, self.formula)
        return expr

    @cached_property
    def partials(self) -> tuple[sp.Expr, ...]:
        """Symbolic partial derivatives, one per variable."""
        import sympy as sp
        return tuple(sp.diff(self.expr, s) for s in self.symbols)

    @cached_property
    def _f(self) -> ArrayFn:
        return _vectorise([self.expr], self.symbols)

    @cached_property
    def _grad(self) -> ArrayFn:
        return _vectorise(self.partials, self.symbols)

    @cached_property
    def hessian_exprs(self) -> tuple[tuple[sp.Expr, ...], ...]:
        """Symbolic second partials ∂²f/∂x_i∂x_j, row by row.

        Where f has a kink (``abs``), SymPy's second derivative carries a Dirac delta on the
        kink; the Hessian here is the one away from kinks (the delta is dropped), which is
        what classifying a smooth critical point needs.
        """
        import sympy as sp
        return tuple(tuple(sp.diff(p, s).replace(sp.DiracDelta, lambda *_: sp.S.Zero)
                           for s in self.symbols) for p in self.partials)

    @cached_property
    def _hess(self) -> ArrayFn:
        return _vectorise([h for row in self.hessian_exprs for h in row], self.symbols)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """f at points ``(..., n)``; returns ``(...)``."""
        return self._f(points)[..., 0]

    def gradient(self, points: np.ndarray) -> np.ndarray:
        """Analytical gradient at points ``(..., n)``; returns ``(..., n)``."""
        return self._grad(points)

    def hessian(self, points: np.ndarray) -> np.ndarray:
        """Analytical Hessian at points ``(..., n)``; returns ``(..., n, n)``."""
        flat = self._hess(points)
        return flat.reshape((*flat.shape[:-1], self.dim, self.dim))

    # --- what the page and the browser show -------------------------------------------
    @cached_property
    def latex(self) -> str:
        """LaTeX of f in the order its formula was written."""
        import sympy as sp
        return sp.latex(self.written, order="none")

    @cached_property
    def partials_shown(self) -> tuple[sp.Expr, ...]:
        """Each partial derivative as a page shows it: the display form when given (checked
        equal to the derivative, kept unevaluated in the order written), else SymPy's."""
        import sympy as sp
        if not self.partials_display:
            return tuple(self.partials)
        if len(self.partials_display) != self.dim:
            raise ValueError(f"{self.name}: partials_display needs {self.dim} formulas, "
                             f"got {len(self.partials_display)}")
        shown = []
        for var, text, exact in zip(self.variables, self.partials_display, self.partials, strict=True):
            written = parse(text, self.variables)
            if sp.simplify(written.doit() - exact) != 0:
                raise ValueError(f"{self.name}: the display form {text!r} of ∂f/∂{var} is not "
                                 f"equal to the derivative {exact}")
            shown.append(written)
        return tuple(shown)

    @cached_property
    def partial_latex(self) -> tuple[str, ...]:
        """LaTeX of each partial derivative: the display form when given, else SymPy's."""
        import sympy as sp
        if not self.partials_display:
            return tuple(sp.latex(p) for p in self.partials)
        return tuple(sp.latex(p, order="none") for p in self.partials_shown)

    @property
    def points_to_check(self) -> tuple[LabelledPoint, ...]:
        """The points a gradient check uses by default: :attr:`check_points`."""
        return self.check_points

    @cached_property
    def variable_latex(self) -> tuple[str, ...]:
        import sympy as sp
        return tuple(sp.latex(s) for s in self.symbols)

    def js_source(self) -> str:
        """A JavaScript object literal ``{f, grad}`` evaluating f and its gradient."""
        from sympy.printing.jscode import jscode
        args = ", ".join(self.variables)
        f = jscode(self.expr)
        grad = ", ".join(jscode(p) for p in self.partials)
        return f"{{f: ({args}) => {f}, grad: ({args}) => [{grad}]}}"


@dataclass(frozen=True)
class Landscape(ScalarFunction):
    """A 2-D scalar function over a rectangle, drawn as a gradient field.

    Attributes
    ----------
    domain
        ``((xmin, xmax), (ymin, ymax))`` shown in figures and fields.
    critical_formulas
        Optional: critical points inside the domain, as formula pairs such as
        ``("pi/2", "0")``, shown exactly; each is checked (∇f = 0) and classified from the
        Hessian. The rest are found numerically (see :attr:`critical_points`).
    summary
        One phrase on what the gradient does here, used in alt text (a noun phrase:
        "a convex bowl whose gradient points ...").
    about
        Markdown paragraph(s) for the landscape's section on the fields page; default: the
        summary as a sentence.
    find_critical
        Search the domain for critical points the entry does not state (default True).
    """

    domain: tuple[tuple[float, float], tuple[float, float]] = ((-2.0, 2.0), (-2.0, 2.0))
    critical_formulas: tuple[tuple[str, str], ...] = ()
    summary: str = ""
    about: str = ""
    find_critical: bool = True

    #: Where the default check points sit, as fractions of the domain along x and y: inside,
    #: off the axes and diagonals, where symmetric landscapes often have ∇f = 0.
    SAMPLE_FRACTIONS = ((0.3, 0.65), (0.7, 0.4), (0.55, 0.85))

    @property
    def points_to_check(self) -> tuple[LabelledPoint, ...]:
        """:attr:`check_points`, or three sample points inside the domain when none are given."""
        if self.check_points:
            return self.check_points
        (x0, x1), (y0, y1) = self.domain
        return tuple(LabelledPoint((x0 + a * (x1 - x0), y0 + b * (y1 - y0)), f"sample {i}")
                     for i, (a, b) in enumerate(self.SAMPLE_FRACTIONS, start=1))

    @cached_property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        """The isolated critical points inside the domain (:attr:`critical_search`'s points)."""
        return self.critical_search.points

    @cached_property
    def critical_search(self) -> CriticalSearch:
        """Every critical point inside the domain, with its kind from the Hessian, and what the
        search could not tell (curves of critical points, flat ground, a possibly incomplete
        count: :class:`gradfig.critical.CriticalSearch`).

        The registry's exact points (:attr:`critical_formulas`) come first, each proven
        critical by SymPy; then, unless ``find_critical`` is False, the ones a numerical
        search finds (:func:`gradfig.critical.search_critical`), so an entry that states
        none, or only some, still shows them all. A stated point that is not exactly critical
        but within round-off of one (a decimal such as ``("3.58443", "-1.84813")``) is refined
        numerically; one that is not near any critical point raises ValueError.
        """
        import sympy as sp
        (x0, x1), (y0, y1) = self.domain
        size = float(np.hypot(x1 - x0, y1 - y0))
        known = []
        for formulas in self.critical_formulas:
            coords = tuple(parse(c, ()).doit() for c in formulas)
            point = np.array([float(c) for c in coords])
            subs = dict(zip(self.symbols, coords, strict=True))
            grad = [sp.simplify(p.subs(subs)) for p in self.partials]
            if all(g == 0 for g in grad):
                known.append(CriticalPoint(tuple(point), classify(self, self.hessian, point, size),
                                           tuple(formulas)))
                continue
            near = refine(self.gradient, self.hessian, point)
            if near is None or np.linalg.norm(near - point) > 1e-4 * size:
                raise ValueError(f"{self.name}: ({', '.join(formulas)}) is not a critical point "
                                 f"(∇f = ({', '.join(map(str, grad))}))")
            known.append(CriticalPoint(tuple(float(c) for c in near),
                                       classify(self, self.hessian, near, size)))
        if not self.find_critical:
            return CriticalSearch(points=tuple(known))
        return search_critical(self, self.gradient, self.hessian, self.domain, known=known,
                               point_functions=self._point_derivatives())

    def _point_derivatives(self) -> tuple[ArrayFn, ArrayFn]:
        """∇f and the Hessian at one point, compiled for Python floats (the root finder calls
        them thousands of times, where the vectorised NumPy evaluator's overhead dominates)."""
        import sympy as sp
        grad = sp.lambdify(self.symbols, list(self.partials), "math")
        hess = sp.lambdify(self.symbols, [list(row) for row in self.hessian_exprs], "math")
        n = self.dim

        def safe(fn, shape):
            def call(point: np.ndarray) -> np.ndarray:
                try:
                    return np.array(fn(*(float(c) for c in point)), dtype=float).reshape(shape)
                except (ArithmeticError, ValueError):  # overflow, log of a negative, ...
                    return np.full(shape, np.nan)
            return call

        return safe(grad, (n,)), safe(hess, (n, n))


@dataclass(frozen=True)
class VectorMap:
    """A map R^n -> R^m defined by one formula per output component."""

    name: str
    title: str
    formulas: tuple[str, ...]
    variables: tuple[str, ...] = ("x", "y")

    @property
    def dim_in(self) -> int:
        return len(self.variables)

    @property
    def dim_out(self) -> int:
        return len(self.formulas)

    def __getstate__(self) -> dict:
        # As ScalarFunction: pickled as its definition; compiled functions are derived again.
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @cached_property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        import sympy as sp
        return tuple(sp.Symbol(v, real=True) for v in self.variables)

    @cached_property
    def written(self) -> tuple[sp.Expr, ...]:
        return tuple(parse(t, self.variables) for t in self.formulas)

    @cached_property
    def exprs(self) -> tuple[sp.Expr, ...]:
        exprs = tuple(e.doit() for e in self.written)
        for text, e in zip(self.formulas, exprs, strict=True):
            _check_real(e, text)
        return exprs

    @cached_property
    def jacobian_exprs(self) -> sp.Matrix:
        """Symbolic Jacobian, rows = outputs, columns = inputs."""
        import sympy as sp
        return sp.Matrix(self.exprs).jacobian(self.symbols)

    @cached_property
    def _f(self) -> ArrayFn:
        return _vectorise(self.exprs, self.symbols)

    @cached_property
    def _jac(self) -> ArrayFn:
        return _vectorise(list(self.jacobian_exprs), self.symbols)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """f at points ``(..., n)``; returns ``(..., m)``."""
        return self._f(points)

    def jacobian(self, points: np.ndarray) -> np.ndarray:
        """Analytical Jacobian at points ``(..., n)``; returns ``(..., m, n)``."""
        flat = self._jac(points)
        return flat.reshape((*flat.shape[:-1], self.dim_out, self.dim_in))

    @cached_property
    def latex(self) -> tuple[str, ...]:
        import sympy as sp
        return tuple(sp.latex(e, order="none") for e in self.written)

    @cached_property
    def jacobian_latex(self) -> str:
        import sympy as sp
        return sp.latex(self.jacobian_exprs)

    @cached_property
    def variable_latex(self) -> tuple[str, ...]:
        import sympy as sp
        return tuple(sp.latex(s) for s in self.symbols)

    def js_source(self) -> str:
        """A JavaScript object literal ``{f, jac}`` evaluating the map and its Jacobian.

        ``f(x1, ..., xn)`` returns ``[f_1, ..., f_m]`` and ``jac(x1, ..., xn)`` the rows
        ``[[∂f_1/∂x_1, ..., ∂f_1/∂x_n], ...]`` (rows = outputs), both printed by SymPy from
        the same expressions as :meth:`__call__` and :meth:`jacobian`.
        """
        from sympy.printing.jscode import jscode
        args = ", ".join(self.variables)
        f = ", ".join(jscode(e) for e in self.exprs)
        jac = self.jacobian_exprs
        rows = ", ".join("[" + ", ".join(jscode(jac[i, j]) for j in range(self.dim_in)) + "]"
                         for i in range(self.dim_out))
        return f"{{f: ({args}) => [{f}], jac: ({args}) => [{rows}]}}"


@dataclass(frozen=True)
class DenseTanhMap:
    """A seeded dense layer ``f(x) = tanh(W x + b)`` from R^n to R^m.

    The Jacobian is ``diag(1 - tanh(Wx + b)^2) W``: an m x n matrix, rows = outputs.
    A seeded instance shows the shape rule (R^100 -> R^200 gives a 200 x 100 Jacobian).
    """

    name: str
    title: str
    dim_in: int
    dim_out: int
    seed: int = 0
    weight: np.ndarray = field(init=False, repr=False, compare=False)
    bias: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        # 1/sqrt(n) scaling keeps W x of order one, so tanh is neither linear nor saturated.
        w = rng.standard_normal((self.dim_out, self.dim_in)) / np.sqrt(self.dim_in)
        object.__setattr__(self, "weight", w)
        object.__setattr__(self, "bias", rng.standard_normal(self.dim_out) * 0.1)

    def __call__(self, points: np.ndarray) -> np.ndarray:
        return np.tanh(np.asarray(points) @ self.weight.T + self.bias)

    def jacobian(self, points: np.ndarray) -> np.ndarray:
        t = self(points)
        return (1.0 - t**2)[..., :, None] * self.weight
