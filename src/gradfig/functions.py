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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

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
]

ArrayFn = Callable[[np.ndarray], np.ndarray]


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
    """

    name: str
    title: str
    formula: str
    variables: tuple[str, ...] = ("x", "y")
    check_points: tuple[LabelledPoint, ...] = ()

    @property
    def dim(self) -> int:
        """Number of inputs n."""
        return len(self.variables)

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

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """f at points ``(..., n)``; returns ``(...)``."""
        return self._f(points)[..., 0]

    def gradient(self, points: np.ndarray) -> np.ndarray:
        """Analytical gradient at points ``(..., n)``; returns ``(..., n)``."""
        return self._grad(points)

    # --- what the page and the browser show -------------------------------------------
    @cached_property
    def latex(self) -> str:
        """LaTeX of f in the order its formula was written."""
        import sympy as sp
        return sp.latex(self.written, order="none")

    @cached_property
    def partial_latex(self) -> tuple[str, ...]:
        """LaTeX of each partial derivative."""
        import sympy as sp
        return tuple(sp.latex(p) for p in self.partials)

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
class CriticalPoint:
    """A point where the gradient vanishes; its kind is derived from the Hessian."""

    point: tuple[float, ...]
    kind: str  # "minimum", "maximum" or "saddle"


@dataclass(frozen=True)
class Landscape(ScalarFunction):
    """A 2-D scalar function drawn as a gradient field in the chapter.

    Attributes
    ----------
    domain
        ``((xmin, xmax), (ymin, ymax))`` shown in figures and fields.
    critical_formulas
        Known critical points inside the domain, as formula pairs such as
        ``("pi/2", "0")``; each is checked (∇f = 0) and classified from the Hessian.
    summary
        One sentence on what the gradient does here (captions, alt text).
    """

    domain: tuple[tuple[float, float], tuple[float, float]] = ((-2.0, 2.0), (-2.0, 2.0))
    critical_formulas: tuple[tuple[str, str], ...] = ()
    summary: str = ""

    @cached_property
    def critical_points(self) -> tuple[CriticalPoint, ...]:
        """Known critical points with kinds from the Hessian's eigenvalue signs."""
        import sympy as sp
        hessian = sp.hessian(self.expr, self.symbols)
        found = []
        for formulas in self.critical_formulas:
            coords = tuple(parse(c, ()).doit() for c in formulas)
            subs = dict(zip(self.symbols, coords, strict=True))
            grad = [sp.simplify(p.subs(subs)) for p in self.partials]
            if any(g != 0 for g in grad):
                raise ValueError(f"{self.name}: {formulas} is not a critical point (∇f = {grad})")
            eig = np.linalg.eigvalsh(np.array(hessian.subs(subs).evalf(), dtype=float))
            kind = "minimum" if eig.min() > 0 else "maximum" if eig.max() < 0 else "saddle"
            found.append(CriticalPoint(tuple(float(c) for c in coords), kind))
        return tuple(found)


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
    Used in the chapter for the shape rule (R^100 -> R^200 gives a 200 x 100 Jacobian).
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
