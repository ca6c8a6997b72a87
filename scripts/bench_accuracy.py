"""``make bench`` sections on numerical differences: accuracy and throughput.

``accuracy``: for each landscape, 10^4 seeded random points in its domain; the worst
allclose-normalised error ``max |a − n| / (1 + |a|)`` (over points and components) of the
analytical gradient ``a`` against a numerical one ``n``: forward differences (√eps step),
central differences (eps^(1/3) step), complex step, and ``scipy.optimize.approx_fprime``
with its defaults (forward differences, absolute step √eps; not vectorised, so it is called
point by point), side by side in one run. For the worst central-difference point the notes
split the error into its two causes, from the definition itself: truncation
``h² |∂³f/∂x³| / 6`` and round-off ``eps |f| / h``.

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


def central_error_causes(landscape: Landscape, point: np.ndarray, component: int) -> tuple[float, float]:
    """Truncation ``h² |∂³f/∂x_j³| / 6`` and round-off ``eps |f| / h`` at one point, from the
    definition's own third derivative: why central differences make the error they make."""
    import sympy as sp

    sym = landscape.symbols[component]
    third = sp.lambdify(landscape.symbols, sp.diff(landscape.expr, sym, 3), "numpy")
    h = float(numdiff.step_size(point, "central")[component])
    truncation = h**2 * abs(float(third(*point))) / 6
    roundoff = EPS * abs(float(landscape(point))) / h
    return truncation, roundoff


def best_central_step(landscape: Landscape, point: np.ndarray, component: int,
                      exact: float) -> tuple[float, float]:
    """Scan 400 steps from 1e-9 to 1e-3 at one point: the smallest normalised central error
    any step reaches, and that step. Tells a bad step rule from a floor no step can beat."""
    best_error, best_h = np.inf, np.nan
    for step in np.logspace(-9, -3, 400):
        forward, backward = point.copy(), point.copy()
        forward[component] += step
        h = forward[component] - point[component]  # the step really taken
        backward[component] -= h
        estimate = (float(landscape(forward)) - float(landscape(backward))) / (2 * h)
        error = abs(estimate - exact) / (1 + abs(exact))
        if error < best_error:
            best_error, best_h = error, h
    return best_error, best_h


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
        top = {m: float(e.max()) for m, e in errors.items()}
        ratio = top["approx_fprime"] / top["central"]
        ratios.append(ratio)
        worst["central"] = max(worst["central"], top["central"])
        worst["complex"] = max(worst["complex"], top["complex"])
        above = int(np.count_nonzero(errors["central"].max(axis=-1) > TARGET_CENTRAL))
        rows.append([name, POINTS, top["forward"], top["central"], top["complex"], top["approx_fprime"],
                     f"{ratio:.0f}x", f"{above} ({100 * above / POINTS:.1f} %)"])
        i, j = np.unravel_index(np.argmax(errors["central"]), errors["central"].shape)
        truncation, roundoff = central_error_causes(landscape, pts[i], j)
        floor, floor_h = best_central_step(landscape, pts[i], j, float(analytical[i, j]))
        rule_h = float(numdiff.step_size(pts[i], "central")[j])
        p = ", ".join(f"{c:.3f}" for c in pts[i])
        notes.append(
            f"{name}: worst central error {top['central']:.2e} at ({p}), ∂/∂{landscape.variables[j]}, "
            f"|a| = {abs(analytical[i, j]):.3g}, |f| = {abs(float(landscape(pts[i]))):.3g}; "
            f"estimated truncation h²|f'''|/6 = {truncation:.1e}, round-off eps|f|/h = {roundoff:.1e} "
            f"-> {'truncation' if truncation > roundoff else 'round-off'} dominates; "
            f"best of 400 steps there: {floor:.1e} at h = {floor_h:.1e} (the rule's h = {rule_h:.1e})")
    verdict = lambda ok: "met" if ok else "MISSED"  # noqa: E731
    missed = [r[0] for r in rows if r[3] > TARGET_CENTRAL]
    why = ("" if not missed else
           f" on {', '.join(missed)}: the step rule h = eps^(1/3)·max(1, |x|) balances truncation "
           "against round-off as if |f'''| were about |f|; where |f'''| is hundreds of times |f| the "
           "truncation term h²|f'''|/6 is what is left (see the per-landscape notes below), not "
           "the normalisation, and a smaller step there does far better")
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
                 f"points where central > {TARGET_CENTRAL:g}"],
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
