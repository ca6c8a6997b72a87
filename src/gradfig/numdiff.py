r"""Numerical derivatives by finite differences, vectorised over many points.

Three methods, each a function of a callable ``f`` mapping points ``(..., n)`` to values
``(...)`` (scalar) or ``(..., m)`` (vector); each estimates $\partial f / \partial x_j$ at $x$
with a step $h$ along the basis vector $e_j$ ($\varepsilon$ is the float64 machine epsilon):

- ``forward``: $\bigl(f(x + h e_j) - f(x)\bigr) / h$, with $h = \varepsilon^{1/2} \max(1, |x_j|)$;
- ``central``: $\bigl(f(x + h e_j) - f(x - h e_j)\bigr) / 2h$, with
  $h = \varepsilon^{1/3} \max(1, |x_j|)$;
- ``complex``: $\operatorname{Im} f(x + i h e_j) / h$ with a tiny $h$; needs ``f`` to accept
  complex input.

Notes
-----
A difference quotient makes two errors that pull the step in opposite directions.
*Truncation*: Taylor's theorem leaves a term of order ``h`` (forward) or ``h^2`` (central),
so smaller is better. *Round-off*: ``f`` is only known to about ``eps |f|``, and dividing
by ``h`` amplifies that to ``eps |f| / h``, so larger is better. Balancing the two gives
``h ~ eps^(1/2)`` for forward and ``h ~ eps^(1/3)`` for central differences, scaled by
``max(1, |x|)`` so the step is relative for large coordinates (the rule of SciPy's
``scipy.optimize._numdiff``). The step is re-derived as ``(x + h) - x`` so it is exactly
representable and the quotient divides by the step really taken.

The complex step has no subtraction, hence no cancellation: with ``h = 1e-20`` its error
is at round-off level. It requires ``f`` to be real-analytic and written without ``abs``
or comparisons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

__all__ = ["METHODS", "Method", "gradient", "jacobian", "step_size"]

Method = Literal["central", "forward", "complex"]
METHODS: tuple[str, ...] = ("central", "forward", "complex")

EPS = np.finfo(float).eps
COMPLEX_STEP = 1e-20


def step_size(x: np.ndarray, method: Method) -> np.ndarray:
    """The step used for each coordinate of ``x``, made exactly representable.

    Parameters
    ----------
    x
        Points, shape ``(..., n)``.
    method
        ``"forward"`` or ``"central"``; ``"complex"`` uses the constant ``1e-20``.
    """
    x = np.asarray(x, dtype=float)
    if method == "complex":
        return np.full_like(x, COMPLEX_STEP)
    power = {"forward": 1 / 2, "central": 1 / 3}[method]
    h = EPS**power * np.maximum(1.0, np.abs(x))
    return (x + h) - x


def jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
             method: Method = "central", step: float | None = None) -> np.ndarray:
    """Numerical Jacobian of ``f`` at points ``x``.

    Parameters
    ----------
    f
        Vectorised function, points ``(..., n)`` to values ``(..., m)``.
    x
        Points, shape ``(..., n)``.
    method
        ``"central"`` (default), ``"forward"`` or ``"complex"``.
    step
        Override the step rule with this step for every coordinate (made exactly
        representable the same way); used to draw the error against the step size.

    Returns
    -------
    numpy.ndarray
        Shape ``(..., m, n)``: rows are outputs, columns are inputs.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r} (choose from {', '.join(METHODS)})")
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    if step is None:
        h = step_size(x, method)
    elif method == "complex":
        h = np.full_like(x, step)
    else:
        h = (x + step) - x
    columns = []
    f0 = f(x) if method == "forward" else None
    for j in range(n):
        e = np.zeros(n)
        e[j] = 1.0
        hj = h[..., j : j + 1]
        if method == "central":
            col = (f(x + hj * e) - f(x - hj * e)) / (2 * hj)
        elif method == "forward":
            col = (f(x + hj * e) - f0) / hj
        else:
            col = np.imag(f(x + 1j * hj * e)) / hj
        columns.append(col)
    return np.stack(columns, axis=-1)


def gradient(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
             method: Method = "central", step: float | None = None) -> np.ndarray:
    """Numerical gradient of a scalar function at points ``x``.

    ``f`` maps ``(..., n)`` to ``(...)``; the result has shape ``(..., n)``. ``step``
    overrides the step rule, as in :func:`jacobian`.
    """
    return jacobian(lambda p: np.asarray(f(p))[..., None], x, method, step)[..., 0, :]
