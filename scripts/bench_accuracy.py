"""``make bench`` sections on numerical differences: accuracy and throughput.

``accuracy``: for each landscape, 10^4 seeded random points in its domain; the worst
allclose-normalised error ``max |a − n| / (1 + |a|)`` (over points and components) of the
analytical gradient ``a`` against a numerical one ``n``: forward differences (√eps step),
central differences (eps^(1/3) step), complex step, and ``scipy.optimize.approx_fprime``
with its defaults (forward differences, absolute step √eps; not vectorised, so it is called
point by point), side by side in one run. For the worst central-difference point the notes
split the error into its two causes, from the definition itself: truncation
``h² |∂³f/∂x³| / 6`` and round-off ``eps |f| / h``; a last, diagnostic column runs central
differences with the per-point ideal step ``h* = (3 eps |f| / |f'''|)^(1/3)`` (which a real
check cannot know), to tell a poor step rule from a floor no step can beat.

``gradient-throughput``: points per second of the vectorised analytical gradient and of the
vectorised central-difference gradient, best of several repeats, all landscapes in one run.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from bench_core import Table, section
from gradfig import numdiff
from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES

POINTS = 10_000
SEED = 0
EPS = np.finfo(float).eps
TARGET_CENTRAL = 1e-10
TARGET_COMPLEX = 1e-14
TARGET_RATIO = 100.0


def sample(landscape: Landscape, count: int = POINTS, seed: int = SEED) -> np.ndarray:
    """Seeded uniform points in the landscape's domain, shape ``(count, 2)``."""
    lo, hi = np.array(landscape.domain, dtype=float).T
    return np.random.default_rng(seed).uniform(lo, hi, (count, 2))


def normalised_error(analytical: np.ndarray, numerical: np.ndarray) -> np.ndarray:
    """``|a − n| / (1 + |a|)`` per point and component: the allclose rule with atol = rtol."""
    return np.abs(analytical - numerical) / (1.0 + np.abs(analytical))


def approx_fprime_gradients(landscape: Landscape, pts: np.ndarray) -> np.ndarray:
    from scipy.optimize import approx_fprime

    f = lambda p: float(landscape(p))  # noqa: E731 - approx_fprime wants a scalar function
    return np.array([approx_fprime(p, f) for p in pts])


def third_derivatives(landscape: Landscape) -> Callable[[np.ndarray], np.ndarray]:
    """``|∂³f/∂x_j³|`` for each coordinate j at points ``(N, n)``, from the definition."""
    import sympy as sp

    thirds = [sp.diff(landscape.expr, s, 3) for s in landscape.symbols]
    compiled = sp.lambdify(landscape.symbols, thirds, "numpy")

    def evaluate(pts: np.ndarray) -> np.ndarray:
        columns = compiled(*pts.T)
        return np.abs(np.stack([np.broadcast_to(c, pts.shape[:1]) for c in columns], axis=-1))

    return evaluate


def central_with_step(landscape: Landscape, pts: np.ndarray, step: np.ndarray) -> np.ndarray:
    """Central differences with a given step per point and coordinate (made exact)."""
    h = (pts + step) - pts
    columns = []
    for j in range(pts.shape[1]):
        e = np.zeros(pts.shape[1])
        e[j] = 1.0
        hj = h[:, j : j + 1]
        columns.append((landscape(pts + hj * e) - landscape(pts - hj * e)) / (2 * hj[:, 0]))
    return np.stack(columns, axis=-1)


def ideal_step(landscape: Landscape, pts: np.ndarray, f3: np.ndarray) -> np.ndarray:
    """The step that minimises truncation ``h²|f'''|/6`` + round-off ``eps|f|/h`` at each
    point, ``h* = (3 eps |f| / |f'''|)^(1/3)`` (the rule's step where ``f''' = 0``). A real
    check cannot use it (it needs ``f'''``); it shows the best any central step can do."""
    rule = numdiff.step_size(pts, "central")
    f = np.maximum(np.abs(landscape(pts)), np.finfo(float).tiny)[:, None]
    with np.errstate(divide="ignore"):
        star = np.cbrt(3 * EPS * f / f3)
    return np.where(f3 > 0, np.minimum(star, 1e-2), rule)


def error_causes(landscape: Landscape, point: np.ndarray, component: int,
                 f3: float) -> tuple[float, float]:
    """Truncation ``h²|f'''|/6`` and round-off ``eps|f|/h`` at one point with the rule's step."""
    h = float(numdiff.step_size(point, "central")[component])
    return h**2 * f3 / 6, EPS * abs(float(landscape(point))) / h


@section("accuracy")
def accuracy() -> Table:
    rows: list[list[object]] = []
    notes: list[str] = []
    worst = {"central": 0.0, "complex": 0.0}
    ratios = []
    for name, landscape in LANDSCAPES.items():
        pts = sample(landscape)
        analytical = landscape.gradient(pts)
        errors = {m: normalised_error(analytical, numdiff.gradient(landscape, pts, m))
                  for m in ("forward", "central", "complex")}
        errors["approx_fprime"] = normalised_error(analytical, approx_fprime_gradients(landscape, pts))
        f3 = third_derivatives(landscape)(pts)
        ideal_grad = central_with_step(landscape, pts, ideal_step(landscape, pts, f3))
        ideal = normalised_error(analytical, ideal_grad)
        top = {m: float(e.max()) for m, e in errors.items()}
        ratio = top["approx_fprime"] / top["central"]
        ratios.append(ratio)
        worst["central"] = max(worst["central"], top["central"])
        worst["complex"] = max(worst["complex"], top["complex"])
        above = int(np.count_nonzero(errors["central"].max(axis=-1) > TARGET_CENTRAL))
        rows.append([name, POINTS, top["forward"], top["central"], top["complex"], top["approx_fprime"],
                     f"{ratio:.0f}x", f"{above} ({100 * above / POINTS:.1f} %)", float(ideal.max())])
        i, j = np.unravel_index(np.argmax(errors["central"]), errors["central"].shape)
        truncation, roundoff = error_causes(landscape, pts[i], j, float(f3[i, j]))
        p = ", ".join(f"{c:.3f}" for c in pts[i])
        notes.append(
            f"{name}: worst central error {top['central']:.2e} at ({p}), ∂/∂{landscape.variables[j]}, "
            f"|a| = {abs(analytical[i, j]):.3g}, |f| = {abs(float(landscape(pts[i]))):.3g}, "
            f"|f'''| = {f3[i, j]:.3g}; estimated truncation h²|f'''|/6 = {truncation:.1e}, "
            f"round-off eps|f|/h = {roundoff:.1e} -> "
            f"{'truncation' if truncation > roundoff else 'round-off'} dominates")
    verdict = lambda ok: "met" if ok else "MISSED"  # noqa: E731
    missed = [r for r in rows if r[3] > TARGET_CENTRAL]
    unreachable = [r[0] for r in missed if r[-1] > TARGET_CENTRAL]
    why = ("" if not missed else
           f" on {', '.join(r[0] for r in missed)}: the step rule h = eps^(1/3)·max(1, |x|) balances "
           "truncation against round-off as if |f'''| were about |f|; here |f'''| is hundreds of "
           "times |f| and the truncation term h²|f'''|/6 is what is left (per-landscape notes "
           "below), not the normalisation."
           + ("" if not unreachable else
              f" On {', '.join(unreachable)} even the per-point ideal step h* = (3 eps|f|/|f'''|)^(1/3) "
              "leaves more than the target (last column): the floor of any central difference, about "
              "(eps|f|)^(2/3)·|f'''|^(1/3), is above 1e-10 where |f| and |f'''| are large but ∇f is "
              "small, so no step rule meets it there; the complex step does"))
    notes.insert(0, f"target central ≤ {TARGET_CENTRAL:g}: worst {worst['central']:.2e} -> "
                    f"{verdict(worst['central'] <= TARGET_CENTRAL)}{why}")
    notes.insert(1, f"target complex step ≤ {TARGET_COMPLEX:g}: worst {worst['complex']:.2e} -> "
                    f"{verdict(worst['complex'] <= TARGET_COMPLEX)}")
    notes.insert(2, f"target central ≥ {TARGET_RATIO:g}x more accurate than approx_fprime's default: "
                    f"smallest ratio {min(ratios):.0f}x -> {verdict(min(ratios) >= TARGET_RATIO)}")
    notes.insert(3, "error = max over points and components of |a − n| / (1 + |a|); "
                    "forward/central/complex are gradfig.numdiff (vectorised), approx_fprime is "
                    "scipy.optimize.approx_fprime(p, f) with default epsilon, one call per point")
    return Table(
        title=f"Accuracy of numerical gradients ({POINTS:,} seeded points per landscape, seed {SEED})",
        columns=["landscape", "points", "forward (√eps)", "central", "complex step",
                 "approx_fprime (default)", "approx_fprime / central",
                 f"points where central > {TARGET_CENTRAL:g}", "central, ideal step h* (diagnostic)"],
        rows=rows, notes=notes)


def best_rate(work: Callable[[], object], count: int, repeats: int = 7) -> float:
    """Points per second of the fastest of ``repeats`` runs (the least disturbed one)."""
    work()  # warm up (lambdify caches, allocations)
    best = min(_timed(work) for _ in range(repeats))
    return count / best


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


@section("gradient-throughput")
def throughput() -> Table:
    rows: list[list[object]] = []
    for count in (POINTS, 1_000_000):
        for name, landscape in LANDSCAPES.items():
            pts = sample(landscape, count)
            analytical = best_rate(lambda: landscape.gradient(pts), count)  # noqa: B023
            central = best_rate(lambda: numdiff.gradient(landscape, pts, "central"), count)  # noqa: B023
            rows.append([name, f"{count:,}", f"{analytical:,.0f}", f"{central:,.0f}",
                         f"{analytical / central:.1f}x"])
    return Table(
        title="Throughput of vectorised gradient evaluation (points/s, best of 7)",
        columns=["landscape", "points per call", "analytical ∇f", "central differences",
                 "analytical / central"],
        rows=rows,
        notes=["one call evaluates the gradient at every point at once (NumPy, lambdified SymPy); "
               "central differences cost 4 function evaluations per point in 2-D"])
