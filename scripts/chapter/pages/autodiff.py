"""The generated parts of the forward-and-reverse-mode page (``docs/autodiff.md``).

Worked ML Jacobians (elementwise maps, the tanh layer by hand), gradient identities, the MSE
gradient, both autodiff modes (the JVP and the VJP computed without forming J, and what each
costs), a real framework (JAX, run at build time) and where derivatives stop existing. Each
``*_md`` function returns a Markdown fragment and checks the claim it supports
(:func:`chapter.claims.claim`).

The tanh layer's Jacobian is derived by hand here, ``diag(1 - tanh²(Wx + b)) W``, and checked
against central differences; the Jacobian-vector and vector-Jacobian products are computed
the way the two modes of autodiff compute them, without forming the Jacobian.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from chapter import subjects
from chapter.claims import ChapterClaimError, claim
from gradfig import numdiff
from gradfig.check import DEFAULT_ATOL
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP
from gradfig.text import number, number_word, pow10_tex, vector

__all__ = [
    "FRAMEWORK_ATOL",
    "IDENTITIES",
    "SNIPPETS",
    "Identity",
    "JvpComparison",
    "jvp_comparison",
    "layer_jvp",
    "layer_vjp",
]


#: How closely a framework's derivative must match gradfig's analytical one (float64).
FRAMEWORK_ATOL = 1e-12


def _tex_matrix(matrix: np.ndarray, spec: str = ".4f") -> str:
    """A pmatrix; exact zeros print as 0 so a matrix's pattern shows at a glance."""
    rows = (" & ".join("0" if v == 0 else number(v, spec) for v in row) for row in matrix)
    return r"\begin{pmatrix} " + r" \\ ".join(rows) + r" \end{pmatrix}"


# --- worked ML Jacobians -------------------------------------------------------------------

ELEMENTWISE_POINT = (-1.0, 0.0, 0.5, 2.0)


def elementwise_md() -> str:
    """tanh applied entry by entry: its numerical Jacobian is diagonal, diag(1 − tanh²(z))."""
    z = np.array(ELEMENTWISE_POINT)
    numeric = numdiff.jacobian(np.tanh, z)
    diagonal = 1 - np.tanh(z) ** 2
    off = numeric[~np.eye(z.size, dtype=bool)]
    claim(np.all(off == 0), f"tanh's numerical Jacobian has non-zero off-diagonal entries {off}")
    err = float(np.max(np.abs(np.diag(numeric) - diagonal)))
    claim(err <= 1e-8, f"tanh's numerical diagonal differs from 1 − tanh² by {err}")
    return (
        f"At $\\mathbf z = {vector(z)}$, a central-difference Jacobian of $\\tanh$ applied entry by "
        "entry is\n\n"
        f"$$\nJ = {_tex_matrix(numeric)}\n$$\n\n"
        f"Every off-diagonal entry is exactly 0: nudging $z_j$ moves output $j$ and nothing "
        f"else. The diagonal matches $1 - \\tanh^2(z_j)$ to {number(err, '.0e')}.\n"
    )


def tanh_layer_jacobian(x: np.ndarray) -> np.ndarray:
    """The hand-derived Jacobian of ``tanh(Wx + b)``: ``diag(1 − tanh²(Wx + b)) W``."""
    z = LAYER_MAP.weight @ x + LAYER_MAP.bias
    return np.diag(1 - np.tanh(z) ** 2) @ LAYER_MAP.weight


def tanh_layer_md() -> str:
    """The layer's Jacobian by the formula, against central differences and the registry."""
    x = subjects.layer_point()
    by_hand = tanh_layer_jacobian(x)
    numeric = numdiff.jacobian(LAYER_MAP, x)
    registry = LAYER_MAP.jacobian(x)
    err_fd = float(np.max(np.abs(by_hand - numeric)))
    err_reg = float(np.max(np.abs(by_hand - registry)))
    claim(err_fd <= 1e-8, f"diag(1 − tanh²(Wx + b))·W differs from central differences by {err_fd}")
    claim(err_reg <= 1e-14, f"the formula differs from the registry's layer Jacobian by {err_reg}")
    scale = 1 - np.tanh(LAYER_MAP.weight @ x + LAYER_MAP.bias) ** 2
    weak = int(np.sum(scale < 0.5))
    m, n = LAYER_MAP.dim_out, LAYER_MAP.dim_in
    return (
        f"For the registry's layer ($W$ is ${m} \\times {n}$) at the seeded point of the shape "
        f"demo, the formula and a central-difference Jacobian ({2 * n} evaluations of the layer) "
        f"agree to {number(err_fd, '.1e')} in every one of the {m * n:,} entries. The factors "
        f"$1 - \\tanh^2(z_i)$ that scale the rows of $W$ run from {number(scale.min(), '.3f')} to "
        f"{number(scale.max(), '.3f')}; {weak} of the {m} units have a factor below 0.5, so they pass "
        "on less than half of any change in their input.\n"
    )


# --- gradient identities -------------------------------------------------------------------

@dataclass(frozen=True)
class Identity:
    """A gradient rule: f as code, the rule's gradient as code, and both as TeX."""

    f_tex: str
    grad_tex: str
    f: Callable[[np.ndarray, dict[str, np.ndarray]], float]
    grad: Callable[[np.ndarray, dict[str, np.ndarray]], np.ndarray]


#: The rules the chapter states; each is checked against central differences at build time.
IDENTITIES: tuple[Identity, ...] = (
    Identity(r"\mathbf a^\top \mathbf x", r"\mathbf a",
             lambda x, p: p["a"] @ x, lambda x, p: p["a"]),
    Identity(r"\mathbf x^\top A \mathbf x", r"(A + A^\top)\,\mathbf x",
             lambda x, p: x @ p["A"] @ x, lambda x, p: (p["A"] + p["A"].T) @ x),
    Identity(r"\lVert \mathbf x \rVert^2 = \mathbf x^\top \mathbf x", r"2\mathbf x",
             lambda x, p: x @ x, lambda x, p: 2 * x),
)


def _identity_data(n: int = 6, seed: int = 4) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    # A is deliberately not symmetric: then (A + Aᵀ)x and the tempting 2Ax differ.
    return rng.standard_normal(n), {"a": rng.standard_normal(n), "A": rng.standard_normal((n, n))}


def _numeric_gradient(f: Callable[[np.ndarray], float], x: np.ndarray) -> np.ndarray:
    return numdiff.gradient(lambda pts: np.apply_along_axis(f, -1, pts), x)


def identities_md() -> str:
    """Each identity's gradient against central differences, and 2Ax shown failing."""
    x, params = _identity_data()
    rows = []
    for rule in IDENTITIES:
        numeric = _numeric_gradient(lambda p, r=rule: r.f(p, params), x)
        err = float(np.max(np.abs(rule.grad(x, params) - numeric)))
        claim(err <= 1e-6, f"the rule ∇({rule.f_tex}) = {rule.grad_tex} is off by {err}")
        rows.append(f"| ${rule.f_tex}$ | ${rule.grad_tex}$ | {number(err, '.1e')} |")
    A = params["A"]
    tempting = float(np.max(np.abs(2 * A @ x - _numeric_gradient(lambda p: p @ A @ p, x))))
    claim(tempting > 1e-2, "2Ax should be wrong for a non-symmetric A")
    n = x.size
    return (
        f"Checked at a random $\\mathbf x \\in \\mathbb R^{{{n}}}$ with a random $\\mathbf a$ and a "
        f"random, non-symmetric ${n} \\times {n}$ matrix $A$:\n\n"
        "| function $f(\\mathbf x)$ | gradient $\\nabla f(\\mathbf x)$ "
        "| largest difference from central differences |\n"
        "|---|---|---:|\n" + "\n".join(rows) + "\n"
        "| $\\mathbf x^\\top A \\mathbf x$ | $2A\\mathbf x$ (tempting, wrong) "
        f"| {number(tempting, '.2f')} |\n"
    )


def mse_data(samples: int = 8, features: int = 3, seed: int = 5) -> tuple[np.ndarray, ...]:
    """A seeded linear-regression problem: X (N × n), targets y (N), weights w (n)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((samples, features))
    return X, rng.standard_normal(samples), rng.standard_normal(features)


def mse_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """∇L(w) for L(w) = (1/N)‖Xw − y‖²: (2/N) Xᵀ(Xw − y)."""
    return 2 / len(y) * X.T @ (X @ w - y)


def mse_md() -> str:
    """The linear model's mean squared error gradient against central differences."""
    X, y, w = mse_data()
    N, n = X.shape
    loss = lambda v: float(np.mean((X @ v - y) ** 2))  # noqa: E731
    numeric = _numeric_gradient(loss, w)
    formula = mse_gradient(X, y, w)
    err = float(np.max(np.abs(formula - numeric)))
    claim(err <= 1e-6, f"the MSE gradient (2/N)Xᵀ(Xw − y) is off by {err}")
    return (
        f"With $N = {N}$ random samples of $n = {n}$ features and random weights "
        f"$\\mathbf w = {vector(np.round(w, 4))}$: "
        f"$\\frac{{2}}{{N}} X^\\top (X\\mathbf w - \\mathbf y) = {vector(np.round(formula, 4))}$, "
        f"and central differences of $L$ agree to {number(err, '.1e')}.\n"
    )


# --- forward and reverse mode ---------------------------------------------------------------

@dataclass(frozen=True)
class JvpComparison:
    jvp: np.ndarray
    finite_difference: np.ndarray
    forward: np.ndarray          # J v computed as forward mode does, without forming J
    max_abs_difference: float
    step: float


def jvp_comparison(seed: int = 2, step: float = 1e-5) -> JvpComparison:
    """J·v (analytical) against (f(x + h v) − f(x − h v)) / 2h for the layer, and J·v
    computed without J: first W v, then each entry scaled by 1 − tanh²(Wx + b)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(LAYER_MAP.dim_in)
    v = rng.standard_normal(LAYER_MAP.dim_in)
    jvp = LAYER_MAP.jacobian(x) @ v
    fd = (LAYER_MAP(x + step * v) - LAYER_MAP(x - step * v)) / (2 * step)
    diff = float(np.max(np.abs(jvp - fd)))
    claim(diff <= DEFAULT_ATOL, f"JVP and finite difference differ by {diff}")
    forward = (1 - np.tanh(LAYER_MAP.weight @ x + LAYER_MAP.bias) ** 2) * (LAYER_MAP.weight @ v)
    forward_diff = float(np.max(np.abs(forward - jvp)))
    claim(forward_diff <= 1e-12, f"the JVP without J differs from J v by {forward_diff}")
    return JvpComparison(jvp, fd, forward, diff, step)


def jvp_md() -> str:
    """The JVP of the layer compared with a central finite difference along the same vector."""
    c = jvp_comparison()
    head = lambda a: ", ".join(number(v, ".6f") for v in a[:3])  # noqa: E731
    return (
        "| computed as | first three of the "
        f"{c.jvp.size} entries |\n|---|---|\n"
        f"| $J\\,\\mathbf v$ (the Jacobian formed, times the vector) | {head(c.jvp)}, … |\n"
        f"| $(1 - \\tanh^2(W\\mathbf x + \\mathbf b)) \\odot (W\\mathbf v)$, no $J$ formed "
        f"| {head(c.forward)}, … |\n"
        f"| $(f(\\mathbf x + h \\mathbf v) - f(\\mathbf x - h \\mathbf v)) / 2h$, "
        f"$h = 10^{{{round(math.log10(c.step))}}}$ | {head(c.finite_difference)}, … |\n\n"
        f"Largest difference from the central difference over all {c.jvp.size} entries: "
        f"{number(c.max_abs_difference, '.1e')}.\n"
    )



def layer_jvp(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """J v for the layer without forming J: first W v, then scale entry by entry."""
    z = LAYER_MAP.weight @ x + LAYER_MAP.bias
    return (1 - np.tanh(z) ** 2) * (LAYER_MAP.weight @ v)


#: The cotangent's letter (a VJP's output-space vector; u is the chapter's unit direction).
YBAR = r"\bar{\mathbf y}"


def layer_vjp(x: np.ndarray, ybar: np.ndarray) -> np.ndarray:
    """ȳᵀJ for the layer without forming J: scale ȳ entry by entry, then multiply by Wᵀ."""
    z = LAYER_MAP.weight @ x + LAYER_MAP.bias
    return LAYER_MAP.weight.T @ ((1 - np.tanh(z) ** 2) * ybar)


def vjp_md() -> str:
    """The layer's VJP computed backwards, against Jᵀȳ and against central differences of ȳ·f."""
    rng = np.random.default_rng(6)
    x = rng.standard_normal(LAYER_MAP.dim_in)
    ybar = rng.standard_normal(LAYER_MAP.dim_out)
    backwards = layer_vjp(x, ybar)
    formed = LAYER_MAP.jacobian(x).T @ ybar
    # ȳᵀJ is the gradient of the scalar ȳ·f(x): central differences need only f.
    numeric = numdiff.gradient(lambda p: LAYER_MAP(p) @ ybar, x)
    err_formed = float(np.max(np.abs(backwards - formed)))
    err_fd = float(np.max(np.abs(backwards - numeric)))
    claim(err_formed <= 1e-12, f"the VJP differs from Jᵀȳ by {err_formed}")
    claim(err_fd <= 1e-6, f"the VJP differs from central differences by {err_fd}")
    m, n = LAYER_MAP.dim_out, LAYER_MAP.dim_in
    head = lambda a: ", ".join(number(v, ".6f") for v in a[:3])  # noqa: E731
    return (
        f"| computed as | first three of the {n} entries |\n|---|---|\n"
        f"| $W^\\top\\big((1 - \\tanh^2(W\\mathbf x + \\mathbf b)) \\odot {YBAR}\\big)$, "
        f"no $J$ formed | {head(backwards)}, … |\n"
        f"| $J^\\top {YBAR}$ with the full ${m} \\times {n}$ $J$ | {head(formed)}, … |\n"
        f"| central differences of ${YBAR} \\cdot f(\\mathbf x)$ | {head(numeric)}, … |\n\n"
        f"Largest difference over all {n} entries: {number(err_formed, '.1e')} from $J^\\top {YBAR}$, "
        f"{number(err_fd, '.1e')} from central differences.\n"
    )


def mode_costs_md() -> str:
    """How many JVPs or VJPs build a Jacobian, and the layer's J built both ways."""
    x = subjects.layer_point()
    n, m = LAYER_MAP.dim_in, LAYER_MAP.dim_out
    J = LAYER_MAP.jacobian(x)
    by_columns = np.stack([layer_jvp(x, e) for e in np.eye(n)], axis=1)   # n JVPs
    by_rows = np.stack([layer_vjp(x, e) for e in np.eye(m)], axis=0)      # m VJPs
    err_cols = float(np.max(np.abs(by_columns - J)))
    err_rows = float(np.max(np.abs(by_rows - J)))
    claim(err_cols <= 1e-12 and err_rows <= 1e-12,
           f"J from JVPs is off by {err_cols}, from VJPs by {err_rows}")
    rosen = LANDSCAPES["rosenbrock"]
    cases = [
        ("the polar map", POLAR_MAP.dim_in, POLAR_MAP.dim_out),
        ("the tanh layer", n, m),
        ("Rosenbrock", rosen.dim, 1),
        ("a loss of a model with $10^8$ parameters", 10**8, 1),
    ]
    rows = []
    for name, inputs, outputs in cases:
        cheaper = ("either" if inputs == outputs else
                   "forward (JVPs)" if inputs < outputs else "reverse (VJPs)")
        rows.append(f"| {name} | {inputs:,} | {outputs:,} | {inputs:,} | {outputs:,} | {cheaper} |")
    return (
        "| function | inputs $n$ | outputs $m$ | JVPs to build $J$ | VJPs to build $J$ | cheaper |\n"
        "|---|---:|---:|---:|---:|---|\n" + "\n".join(rows) + "\n\n"
        f"For the layer, {n} JVPs $J\\mathbf e_j$ stacked as columns and {m} VJPs "
        f"$\\mathbf e_i^\\top J$ stacked as rows both rebuild its ${m} \\times {n}$ Jacobian "
        + ("exactly" if max(err_cols, err_rows) == 0 else f"to {number(max(err_cols, err_rows), '.0e')}")
        + ", although no single product ever formed $J$.\n"
    )


# --- a real framework ----------------------------------------------------------------------

def jax_comparison() -> tuple[dict[str, np.ndarray], list[tuple[str, str, str, float]]]:
    """JAX's answers (cached between builds) against gradfig's analytical numbers.

    Returns JAX's results and rows of (JAX call, what JAX returned, gradfig's counterpart,
    largest difference). Raises ChapterClaimError if any difference exceeds FRAMEWORK_ATOL.
    """
    from chapter import framework
    inputs = framework.framework_inputs()
    res = framework.jax_results(inputs)
    rosen = LANDSCAPES["rosenbrock"]
    J = LAYER_MAP.jacobian(inputs.x)
    last = inputs.points[-1]
    pairs = [
        (f"`jax.grad(f)` at the {number_word(len(inputs.points))} check points",
         rosen.gradient(inputs.points), res["grads"],
         "; ".join(vector(g) for g in res["grads"]), "$\\nabla f$ from the registry"),
        ("`jax.jacfwd(layer)(x)`", J, res["J_fwd"], f"shape {res['J_fwd'].shape}",
         "$\\operatorname{diag}(1 - \\tanh^2(W\\mathbf x + \\mathbf b))\\,W$"),
        ("`jax.jacrev(layer)(x)`", J, res["J_rev"], f"shape {res['J_rev'].shape}", "the same $J$"),
        ("`jax.jvp(layer, (x,), (v,))`", J @ inputs.v, res["Jv"],
         f"{res['Jv'].size} entries", "$J\\mathbf v$"),
        ("`jax.vjp(layer, x)`, pulled back `ybar`", inputs.ybar @ J, res["ybarJ"],
         f"{res['ybarJ'].size} entries", f"${YBAR}^\\top J$"),
        (f"`jax.vjp(f, {vector(last)})`, pulled back `1.0`", rosen.gradient(last), res["one_J"],
         vector(res["one_J"]), f"$\\nabla f{vector(last)}$"),
    ]
    rows = []
    for call, ours, theirs, shown, counterpart in pairs:
        if np.shape(ours) != np.shape(theirs):
            raise ChapterClaimError(f"JAX's {call} has shape {np.shape(theirs)}, gradfig's {np.shape(ours)}")
        diff = float(np.max(np.abs(np.asarray(ours) - theirs)))
        claim(diff <= FRAMEWORK_ATOL, f"JAX's {call} disagrees with gradfig's {counterpart} by {diff:.3g} "
                                       f"(allowed {FRAMEWORK_ATOL:g})")
        rows.append((call, shown, counterpart, diff))
    relu = [float(v) for v in res["relu_slopes"]]
    claim(relu == [0.0, 0.0, 1.0], f"jax.grad(jax.nn.relu) at −1, 0, 1 gave {relu}, not 0, 0, 1")
    return res, rows


def jax_md() -> str:
    """The JAX program, run at build time (or read from its cache), and how it compares."""
    import json

    from chapter import framework
    res, rows = jax_comparison()
    version = json.loads(str(res["meta"]))["jax"]
    table = "\n".join(f"| {call} | {shown} | {counterpart} | {number(diff, '.1e')} |"
                      for call, shown, counterpart, diff in rows)
    worst = max(d for *_, d in rows)
    relu = ", ".join(number(v, "g") for v in res["relu_slopes"])
    return (
        "```python\n" + framework.jax_program_source() + "```\n\n"
        f"Run with JAX {version} on the CPU in float64, on the registry's own Rosenbrock "
        "(SymPy prints its formula as `jax.numpy` code) and the tanh layer's $W$ and $\\mathbf b$:\n\n"
        "| JAX call | JAX returned | compared with gradfig's | largest difference |\n"
        "|---|---|---|---:|\n" + table + "\n\n"
        f"Every difference is at most {number(worst, '.1e')}; the chapter requires at most "
        f"${pow10_tex(FRAMEWORK_ATOL)}$ and refuses to publish otherwise. "
        f"`jax.grad(jax.nn.relu)` at $-1, 0, 1$ returned {relu}: at the kink JAX picks the "
        "slope 0.\n"
    )


# --- the gradient with respect to the weights ------------------------------------------------

def _central_entries(loss: Callable[[np.ndarray], float], at: np.ndarray, entries: list[tuple[int, ...]],
                     h: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar ``loss`` in the chosen entries of the array ``at``."""
    out = []
    for idx in entries:
        up, down = at.copy(), at.copy()
        up[idx] += h
        down[idx] -= h
        out.append((loss(up) - loss(down)) / (2 * h))
    return np.array(out)


#: How many entries of a weight matrix the page checks by central differences (JAX checks all).
CHECKED_ENTRIES = 40


def weights_md() -> str:
    """∂L/∂W = δ xᵀ for the tanh layer with the loss L = ȳ·f(x): W's shape, checked by central
    differences on sampled entries and by JAX on all of them."""
    from chapter import framework
    inputs = framework.framework_inputs()
    res = framework.jax_results(inputs)
    W, b, x, ybar = inputs.weight, inputs.bias, inputs.x, inputs.ybar
    z = W @ x + b
    delta = (1 - np.tanh(z) ** 2) * ybar          # ∂L/∂z: the VJP through tanh
    grad_w = np.outer(delta, x)                   # δ xᵀ
    claim(grad_w.shape == W.shape, f"∂L/∂W has shape {grad_w.shape}, W {W.shape}")
    rng = np.random.default_rng(8)
    entries = [(int(i), int(j)) for i, j in zip(rng.integers(0, W.shape[0], CHECKED_ENTRIES),
                                                  rng.integers(0, W.shape[1], CHECKED_ENTRIES), strict=True)]
    numeric = _central_entries(lambda w: float(ybar @ np.tanh(w @ x + b)), W, entries)
    err_fd = float(np.max(np.abs(numeric - np.array([grad_w[e] for e in entries]))))
    err_jax = float(np.max(np.abs(res["dL_dW"] - grad_w)))
    claim(err_fd <= 1e-7, f"δxᵀ and central differences differ by {err_fd}")
    claim(err_jax <= FRAMEWORK_ATOL, f"δxᵀ and JAX's gradient with respect to W differ by {err_jax}")
    # The linear layer, the same rule with δ = ȳ: checked on the same entries.
    lin = _central_entries(lambda w: float(ybar @ (w @ x + b)), W, entries)
    err_lin = float(np.max(np.abs(lin - np.array([np.outer(ybar, x)[e] for e in entries]))))
    claim(err_lin <= 1e-7, f"ȳxᵀ and central differences differ by {err_lin}")
    m, n = W.shape
    # The two layouts of one linear map's derivative.
    a = W[:3, :4]
    jac = numdiff.jacobian(lambda p: p @ a.T, np.zeros(a.shape[1]))
    claim(np.allclose(jac, a, atol=1e-9) and np.allclose(jac.T, a.T, atol=1e-9), "J(Ax) is not A")
    return (
        f"| quantity | shape | computed as | check | largest difference |\n|---|---|---|---|---:|\n"
        f"| $W$ | ${m} \\times {n}$ | the registry's layer | | |\n"
        f"| $\\partial L / \\partial W$, tanh layer | ${grad_w.shape[0]} \\times {grad_w.shape[1]}$ "
        f"| $\\boldsymbol\\delta \\mathbf x^\\top$, $\\boldsymbol\\delta = (1 - \\tanh^2 \\mathbf z) "
        f"\\odot {YBAR}$ | central differences, {CHECKED_ENTRIES} entries | {number(err_fd, '.1e')} |\n"
        f"| | | | `jax.grad` in $W$, all {m * n} entries | {number(err_jax, '.1e')} |\n"
        f"| $\\partial L / \\partial W$, linear layer | ${m} \\times {n}$ | ${YBAR}\\, \\mathbf x^\\top$ "
        f"| central differences, {CHECKED_ENTRIES} entries | {number(err_lin, '.1e')} |\n"
    )


def two_layer_md() -> str:
    """A two-layer network's gradient as a chain of VJPs, from the loss back to the input,
    checked by central differences and by JAX."""
    from chapter import framework
    inputs = framework.framework_inputs()
    res = framework.jax_results(inputs)
    W1, b1, W2, b2, x, t = inputs.weight, inputs.bias, inputs.w2, inputs.b2, inputs.x, inputs.target

    def loss(w1: np.ndarray, w2: np.ndarray, x_: np.ndarray) -> float:
        y_ = w2 @ np.tanh(w1 @ x_ + b1) + b2
        return float(0.5 * np.sum((y_ - t) ** 2))

    # Forward, keeping what the backward pass needs.
    z = W1 @ x + b1
    h = np.tanh(z)
    y = W2 @ h + b2
    # Backward: one VJP per step, each vector the shape of the value it belongs to.
    y_bar = y - t                          # ∂L/∂y
    w2_bar = np.outer(y_bar, h)            # ∂L/∂W2 = ȳ hᵀ
    h_bar = W2.T @ y_bar                   # VJP through y = W2 h + b2
    z_bar = (1 - h**2) * h_bar             # VJP through h = tanh z
    w1_bar = np.outer(z_bar, x)            # ∂L/∂W1 = z̄ xᵀ
    x_bar = W1.T @ z_bar                   # VJP through z = W1 x + b1
    claim((w1_bar.shape, w2_bar.shape, x_bar.shape) == (W1.shape, W2.shape, x.shape), "shapes")
    rng = np.random.default_rng(9)
    e1 = [(int(i), int(j)) for i, j in zip(rng.integers(0, W1.shape[0], CHECKED_ENTRIES),
                                             rng.integers(0, W1.shape[1], CHECKED_ENTRIES), strict=True)]
    e2 = [(i, j) for i in range(W2.shape[0]) for j in range(0, W2.shape[1], 20)]
    fd1 = _central_entries(lambda w: loss(w, W2, x), W1, e1)
    fd2 = _central_entries(lambda w: loss(W1, w, x), W2, e2)
    fdx = numdiff.gradient(lambda p: np.array([loss(W1, W2, q) for q in np.atleast_2d(p)]).reshape(
        np.shape(p)[:-1]), x)
    errs = {
        "W1": (float(np.max(np.abs(fd1 - np.array([w1_bar[e] for e in e1])))),
               float(np.max(np.abs(res["net_dW1"] - w1_bar)))),
        "W2": (float(np.max(np.abs(fd2 - np.array([w2_bar[e] for e in e2])))),
               float(np.max(np.abs(res["net_dW2"] - w2_bar)))),
        "x": (float(np.max(np.abs(fdx - x_bar))), float(np.max(np.abs(res["net_dx"] - x_bar)))),
    }
    for what, (fd, jx) in errs.items():
        claim(fd <= 1e-6, f"the two-layer ∂L/∂{what} and central differences differ by {fd}")
        claim(jx <= FRAMEWORK_ATOL, f"the two-layer ∂L/∂{what} and JAX differ by {jx}")
    n, m, k = W1.shape[1], W1.shape[0], W2.shape[0]
    rows = [
        ("$\\bar{\\mathbf y} = \\mathbf y - \\mathbf t$", f"{k}", "the loss's own gradient", "", ""),
        ("$\\partial L/\\partial W_2 = \\bar{\\mathbf y}\\,\\mathbf h^\\top$", f"{k} \\times {m}",
         "like $W_2$", f"{len(e2)} entries: {number(errs['W2'][0], '.1e')}", number(errs["W2"][1], ".1e")),
        ("$\\bar{\\mathbf h} = W_2^\\top \\bar{\\mathbf y}$", f"{m}", "VJP of the linear layer", "", ""),
        ("$\\bar{\\mathbf z} = (1 - \\mathbf h^2) \\odot \\bar{\\mathbf h}$", f"{m}", "VJP of tanh", "", ""),
        ("$\\partial L/\\partial W_1 = \\bar{\\mathbf z}\\,\\mathbf x^\\top$", f"{m} \\times {n}",
         "like $W_1$", f"{len(e1)} entries: {number(errs['W1'][0], '.1e')}", number(errs["W1"][1], ".1e")),
        ("$\\bar{\\mathbf x} = W_1^\\top \\bar{\\mathbf z}$", f"{n}", "VJP of the first layer",
         f"all {n}: {number(errs['x'][0], '.1e')}", number(errs["x"][1], ".1e")),
    ]
    table = "\n".join(f"| {a} | ${b}$ | {c} | {d} | {e} |" for a, b, c, d, e in rows)
    return (
        f"With $\\mathbf x \\in \\mathbb R^{{{n}}}$, $\\mathbf h = \\tanh(W_1\\mathbf x + \\mathbf b_1) "
        f"\\in \\mathbb R^{{{m}}}$ (the tanh layer above), $\\mathbf y = W_2\\mathbf h + \\mathbf b_2 "
        f"\\in \\mathbb R^{{{k}}}$ and $L = \\tfrac12 \\lVert \\mathbf y - \\mathbf t \\rVert^2 = "
        f"{number(loss(W1, W2, x), '.6g')}$ (seeded $W_2$, $\\mathbf b_2$, target $\\mathbf t$), "
        "the backward pass in order:\n\n"
        "| step, from the loss back | shape | what it is | against central differences | against JAX |\n"
        "|---|---|---|---|---:|\n" + table + "\n\n"
        "Only vectors and the weight gradients themselves are formed. Neither the network's "
        f"${k} \\times {n}$ Jacobian with respect to $\\mathbf x$ nor its ${k} \\times "
        f"{W1.size + W2.size:,}$ Jacobian with respect to the weights of $W_1$ and $W_2$ ever "
        "appears.\n".replace(",", "\\,")
    )


# --- differentiability ----------------------------------------------------------------------

def _no_linear(x: float, y: float) -> float:
    """xy / (x² + y²), defined as 0 at the origin."""
    return 0.0 if x == 0 and y == 0 else x * y / (x * x + y * y)


def not_differentiable_md() -> str:
    """Both partials of xy/(x² + y²) exist at 0, yet f jumps along the diagonal."""
    steps = (1e-1, 1e-3, 1e-6)
    rows, quotients = [], []
    for t in steps:
        qx = (_no_linear(t, 0.0) - _no_linear(0.0, 0.0)) / t
        qy = (_no_linear(0.0, t) - _no_linear(0.0, 0.0)) / t
        quotients += [qx, qy]
        rows.append(f"| ${pow10_tex(t)}$ | {number(qx, 'g')} | {number(qy, 'g')} "
                    f"| {number(_no_linear(t, t), 'g')} |")
    claim(all(q == 0 for q in quotients), f"the difference quotients at 0 are {quotients}, not 0")
    diagonal = [_no_linear(t, t) for t in steps]
    claim(all(abs(d - 0.5) <= 1e-15 for d in diagonal), f"f(t, t) is {diagonal}, not 1/2")
    return (
        "| step $t$ | along $x$: $\\dfrac{f(t, 0) - f(0, 0)}{t}$ "
        "| along $y$: $\\dfrac{f(0, t) - f(0, 0)}{t}$ | on the diagonal: $f(t, t)$ |\n"
        "|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n"
    )


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "autodiff-elementwise.md": elementwise_md,
    "autodiff-tanh-layer.md": tanh_layer_md,
    "autodiff-identities.md": identities_md,
    "autodiff-mse.md": mse_md,
    "autodiff-jvp.md": jvp_md,
    "autodiff-vjp.md": vjp_md,
    "autodiff-mode-costs.md": mode_costs_md,
    "autodiff-jax.md": jax_md,
    "autodiff-weights.md": weights_md,
    "autodiff-two-layer.md": two_layer_md,
    "autodiff-not-differentiable.md": not_differentiable_md,
}
