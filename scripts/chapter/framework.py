"""A real autodiff framework on the chapter's functions: JAX, run at build time, cached.

:func:`jax_program` is the code the forward and reverse mode page (docs/autodiff.md) shows
(its source is printed on the page, so the code a reader sees is the code that ran). It asks
JAX (CPU, float64) for ``grad``, ``jacfwd``, ``jacrev``, ``jvp`` and ``vjp`` of the registry's
own definitions: the Rosenbrock expression (turned into ``jax.numpy`` code by SymPy's printer,
so the formula is not retyped) and the seeded tanh layer's ``W`` and ``b``.

Importing JAX costs about a second and JAX is only needed here, so nothing else in gradfig
imports it, and :func:`jax_results` runs it in a separate (spawned) process and keeps its
answers in ``.cache/framework/`` keyed by a hash of everything that shaped them (the inputs'
bytes, this module's source and JAX's version). The build process itself never imports JAX,
and a rebuild with no change reads the stored arrays without starting anything. The
comparison with gradfig's analytical numbers is *not* cached: it runs on every build in
:mod:`chapter.pages.autodiff`, so a changed gradient in the registry is compared again.
"""

from __future__ import annotations

import concurrent.futures
import inspect
import io
import json
import multiprocessing
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from chapter.paths import CACHE
from gradfig import export
from gradfig.landscapes import LANDSCAPES, LAYER_MAP

__all__ = [
    "CACHE_DIR",
    "FrameworkError",
    "FrameworkInputs",
    "framework_inputs",
    "jax_program",
    "jax_program_source",
    "jax_results",
    "jax_version",
]

#: Where JAX's answers are kept between builds (``make clean`` removes it).
CACHE_DIR = CACHE / "framework"


class FrameworkError(RuntimeError):
    """JAX could not be run (not installed, or it raised); the message says which."""


@dataclass(frozen=True)
class FrameworkInputs:
    """Everything JAX is given: the expression, the points and the layer's parameters."""

    rosenbrock_expr: str           # SymPy's srepr: the exact expression JAX differentiates
    variables: tuple[str, ...]
    points: np.ndarray             # rosenbrock's check points, (n, 2)
    weight: np.ndarray             # the layer's W, (200, 100)
    bias: np.ndarray               # the layer's b, (200,)
    x: np.ndarray                  # the point of the layer's Jacobian, (100,)
    v: np.ndarray                  # a tangent (input) vector for the JVP, (100,)
    ybar: np.ndarray               # a cotangent (output) vector for the VJP, (200,)
    w2: np.ndarray                 # the two-layer example's second layer, (3, 200)
    b2: np.ndarray                 # its bias, (3,)
    target: np.ndarray             # its target, (3,)

    def key(self) -> str:
        arrays = [np.ascontiguousarray(a, dtype=np.float64).tobytes()
                  for a in (self.points, self.weight, self.bias, self.x, self.v, self.ybar,
                            self.w2, self.b2, self.target)]
        return export.content_key(self.rosenbrock_expr, ",".join(self.variables), *arrays,
                                  inspect.getsource(jax_program), jax_version())


#: Outputs of the two-layer example's second layer.
TWO_LAYER_OUT = 3


def framework_inputs(seed: int = 3) -> FrameworkInputs:
    """The registry's Rosenbrock and layer, with seeded x, v, ybar for the layer."""
    import sympy as sp
    ls = LANDSCAPES["rosenbrock"]
    rng = np.random.default_rng(seed)
    return FrameworkInputs(
        rosenbrock_expr=sp.srepr(ls.expr), variables=ls.variables,
        points=np.array([p.point for p in ls.check_points], dtype=float),
        weight=LAYER_MAP.weight, bias=LAYER_MAP.bias,
        x=rng.standard_normal(LAYER_MAP.dim_in), v=rng.standard_normal(LAYER_MAP.dim_in),
        ybar=rng.standard_normal(LAYER_MAP.dim_out),
        w2=rng.standard_normal((TWO_LAYER_OUT, LAYER_MAP.dim_out)) / np.sqrt(LAYER_MAP.dim_out),
        b2=rng.standard_normal(TWO_LAYER_OUT), target=rng.standard_normal(TWO_LAYER_OUT),
    )


def jax_version() -> str:
    """The installed JAX version, read from package metadata (JAX itself is not imported)."""
    try:
        return metadata.version("jax")
    except metadata.PackageNotFoundError:
        raise FrameworkError("JAX is not installed: run 'make install' (it is pinned in "
                             "requirements.lock)") from None


def jax_program(rosenbrock, points, W, b, x, v, ybar, W2, b2, target):
    import jax
    import jax.numpy as jnp

    def f(p):                                 # Rosenbrock, R^2 -> R
        return rosenbrock(p[0], p[1])

    def layer(x):                             # the tanh layer, R^100 -> R^200
        return jnp.tanh(W @ x + b)

    grads = [jax.grad(f)(p) for p in points]  # one reverse pass per point
    J_fwd = jax.jacfwd(layer)(x)              # 100 JVPs, one per input
    J_rev = jax.jacrev(layer)(x)              # 200 VJPs, one per output
    _, Jv = jax.jvp(layer, (x,), (v,))        # J v, without forming J
    _, pullback = jax.vjp(layer, x)
    (ybarJ,) = pullback(ybar)                 # ybar^T J, without forming J
    _, pullback_f = jax.vjp(f, points[-1])
    (one_J,) = pullback_f(1.0)                # ybar = 1 gives the gradient of f
    relu_slopes = [jax.grad(jax.nn.relu)(t) for t in (-1.0, 0.0, 1.0)]

    def loss_of_weights(W_):                  # the scalar ybar . layer(x), as a function of W
        return ybar @ jnp.tanh(W_ @ x + b)

    dL_dW = jax.grad(loss_of_weights)(W)      # one number per weight: W's shape

    def net_loss(params, x_):                 # two layers and a squared error
        W1_, W2_ = params
        y = W2_ @ jnp.tanh(W1_ @ x_ + b) + b2
        return 0.5 * jnp.sum((y - target) ** 2)

    net_dW1, net_dW2 = jax.grad(net_loss)((W, W2), x)
    net_dx = jax.grad(net_loss, argnums=1)((W, W2), x)
    return dict(grads=grads, J_fwd=J_fwd, J_rev=J_rev, Jv=Jv, ybarJ=ybarJ,
                one_J=one_J, relu_slopes=relu_slopes, dL_dW=dL_dW,
                net_dW1=net_dW1, net_dW2=net_dW2, net_dx=net_dx)


def jax_program_source() -> str:
    """The source of :func:`jax_program`, as the page shows it."""
    return inspect.getsource(jax_program)


def _run(inputs: FrameworkInputs) -> dict[str, np.ndarray]:
    import sympy as sp
    try:
        import jax
        # CPU only, and float64 like NumPy (JAX's default is float32), before any array exists.
        jax.config.update("jax_platforms", "cpu")
        jax.config.update("jax_enable_x64", True)
        symbols = sp.symbols(inputs.variables, real=True)
        expr = sp.sympify(inputs.rosenbrock_expr, locals={s.name: s for s in symbols})
        rosenbrock = sp.lambdify(symbols, expr, modules="jax")
        out = jax_program(rosenbrock, inputs.points, inputs.weight, inputs.bias,
                          inputs.x, inputs.v, inputs.ybar, inputs.w2, inputs.b2, inputs.target)
    except ImportError as exc:
        raise FrameworkError(f"cannot import JAX ({exc}): run 'make install'") from None
    results = {name: np.asarray(value) for name, value in out.items()}
    for name, value in results.items():
        if value.dtype != np.float64:
            raise FrameworkError(f"JAX returned {name} as {value.dtype}, not float64")
    return results


#: How many times JAX really ran in this process (tests read it: a cache hit runs nothing).
RUNS = {"count": 0}


def jax_results(inputs: FrameworkInputs | None = None,
                cache_dir: Path | None = None) -> dict[str, np.ndarray]:
    """JAX's answers for ``inputs``, from the cache when the same inputs were run before.

    Returns
    -------
    dict
        ``grads`` (4, 2), ``J_fwd`` and ``J_rev`` (200, 100), ``Jv`` (200,), ``ybarJ`` (100,),
        ``one_J`` (2,), ``relu_slopes`` (3,), ``dL_dW`` (200, 100), ``net_dW1`` (200, 100),
        ``net_dW2`` (3, 200) and ``net_dx`` (100,), all float64, plus ``meta`` (JSON text: the
        JAX version and the cache key).
    """
    inputs = framework_inputs() if inputs is None else inputs
    cache = export.ContentCache(CACHE_DIR if cache_dir is None else cache_dir)
    key = inputs.key()
    stored = cache.get(key, "npz")
    if stored is not None:
        with np.load(io.BytesIO(stored), allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    # JAX runs in a spawned child process: the build process never imports it. JAX starts
    # threads, and the figures are drawn later by forked workers; forking a process that
    # holds JAX's threads can deadlock.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        results = pool.submit(_run, inputs).result()
    RUNS["count"] += 1
    results["meta"] = np.array(json.dumps({"jax": jax_version(), "key": key}))
    buffer = io.BytesIO()
    np.savez(buffer, **results)
    cache.put(key, "npz", buffer.getvalue())
    return results
