"""Critical points of a function on a box: found numerically, verified, classified, and told
honestly: isolated points, curves of critical points, ground too flat to judge, and a search
that may be incomplete.

A registry entry may state its critical points exactly (``critical_formulas``); when it states
none, or not all, :func:`search_critical` finds them inside the domain:

1. **Start everywhere.** Root finding from a grid of starts over the box (default 16 x 16),
   solving ∇f(p) = 0 with SciPy's MINPACK hybrid method (``scipy.optimize.root``,
   ``method="hybr"``) and the analytical Hessian as the Jacobian of ∇f, then Newton steps
   (:func:`polish`) until they vanish. Where the Hessian is singular the step is taken in the
   directions it can see (its pseudo-inverse), and where the steps shrink by a steady ratio
   (a root of high multiplicity, such as x = 0 of x⁶⁴, where Newton gains only 1/63 a step)
   their geometric series is summed in one jump.
2. **Judge each end point against the function's own scale there**, on a ring of
   :data:`RING_POINTS` points at :data:`RING` of the box's diagonal around it:

   - *flat*: f on the ring equals f at the point to round-off (``tanh(100*x)`` away from
     x = 0, where 1 − tanh² is exactly 0 in floating point). Whether ∇f is 0 there cannot be
     told numerically, so no critical point is claimed; the summary says so.
   - *critical*: each partial at the point is at most :data:`ZERO_GRADIENT` times its largest
     size on the ring (at a regular critical point ∇f grows linearly away from it; round-off
     at the point is many orders below). Not the grid's largest gradient: ``x**64`` has ‖∇f‖ of
     1e-26 at x = −0.37, tiny against the grid but as large as anywhere near it.
   - and strictly inside the box (points on an edge belong to the neighbouring box as much as
     to this one, and half their marker would be cut off).
3. **Curves.** If points on the ring are critical too (found by polishing the ring's points
   where ‖∇f‖ is smallest, and landing about a ring's radius away), the point lies on a curve
   of critical points (``x**2`` has the line x = 0; ``x**2*y**2`` both axes): the curve is
   traced in steps of :data:`CURVE_STEP` of the diagonal, each step verified critical, until
   it leaves the box, closes, or ends. It is reported as a curve, and end points of other
   starts on it are not listed as points.
4. **Deduplicate.** Runs ending within a millionth of the box's size of each other are one point.
5. **Classify** from the Hessian's eigenvalues: all positive, a minimum; all negative, a
   maximum; mixed signs, a saddle. Where the Hessian is singular (x⁴ + y⁴ at 0, a valley of
   minima) its signs say nothing, so f itself is compared with f on a small ring around the point.
6. **Say when the search may be incomplete.** A grid of 256 starts finds at most 256 points;
   when the count is near that capacity, or most points were reached from one start only
   (``sin(x)*cos(y)`` on [−50, 50]² has about 2,000), others are likely missed, and the
   summary says "at least".

Why not solve ∇f = 0 symbolically? SymPy's ``solve`` returns nothing useful for most
non-polynomial gradients (sin x cos y has infinitely many roots) and can run for minutes on
polynomials of modest degree; a grid of Newton-type runs on the exact gradient is fast (a few
tenths of a second), works for every formula, and each answer is verified after the fact.

The browser runs the same search (``figures/assets/critical.mjs``, checked against golden cases
this module's answers make).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from gradfig.text import MINUS, and_list, format_number

__all__ = ["CriticalCurve", "CriticalPoint", "CriticalSearch", "classify", "find_critical_points",
           "polish", "refine", "search_critical", "summary"]

#: Starts per axis of the grid the search runs from.
STARTS = 16
#: Points closer than this fraction of the box's diagonal are the same point.
SAME_POINT = 1e-6
#: A partial at most this fraction of its largest size on the ring around the point is zero.
ZERO_GRADIENT = 1e-6
#: Points within this fraction of the box's size from an edge are on the edge, not inside.
EDGE = 1e-9
#: The ring each end point is judged on: its radius as a fraction of the box's diagonal, and
#: its number of points.
RING = 1e-3
RING_POINTS = 64
#: f is flat at a point if f on the ring differs from f there by at most this many units of
#: round-off (machine epsilon times the larger |f|).
FLAT = 4
#: A curve of critical points is traced in steps of this fraction of the box's diagonal, at
#: most CURVE_STEPS of them each way.
CURVE_STEP = 1e-2
CURVE_STEPS = 400
#: The search may be incomplete when it found at least this fraction of its starts' count of
#: points, or when at least INCOMPLETE_SINGLES points, and half of all, were reached from
#: one start only.
CAPACITY = 1 / 8
INCOMPLETE_SINGLES = 4
#: A Hessian's eigenvalue at most this fraction of its largest is zero (the polish steps along
#: the others only).
SINGULAR = 1e-14

EPS = float(np.finfo(float).eps)

ArrayFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class CriticalPoint:
    """A point where the gradient vanishes, with its kind from the Hessian.

    Attributes
    ----------
    point
        Coordinates, as floats.
    kind
        ``"minimum"``, ``"maximum"`` or ``"saddle"``.
    formulas
        The exact coordinates as the registry states them (e.g. ``("pi/2", "0")``), or
        ``None`` for a point found numerically.
    """

    point: tuple[float, ...]
    kind: str
    formulas: tuple[str, ...] | None = None

    @property
    def exact(self) -> bool:
        """True if the coordinates are the registry's exact formulas."""
        return self.formulas is not None


@dataclass(frozen=True)
class CriticalCurve:
    """A curve of critical points, traced through the point where the search met it.

    Attributes
    ----------
    through
        The point the search met it at.
    points
        The traced points in order along the curve (each verified critical), ``CURVE_STEP``
        of the box's diagonal apart.
    ends
        How each end of the trace ended: ``"edge"`` (the next step leaves the box), ``"end"``
        (no critical point near the next step), ``"closed"`` (it came back to its start) or
        ``"steps"`` (``CURVE_STEPS`` taken).
    kinds
        The kinds of its traced points (the ring test: along a valley of minima, "minimum").
    """

    through: tuple[float, float]
    points: tuple[tuple[float, float], ...]
    ends: tuple[str, str]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class CriticalSearch:
    """What the search found, and what it could not tell.

    Attributes
    ----------
    points
        The isolated critical points (known ones first, then in lexicographic order).
    curves
        Curves of critical points.
    flat
        End points where f is flat to round-off (first 5), and ``flat_count`` how many starts
        ended on such ground: no critical point is claimed there.
    starts
        How many starts the search ran from.
    incomplete
        Why the search may have missed points (empty if there is no sign of it).
    """

    points: tuple[CriticalPoint, ...]
    curves: tuple[CriticalCurve, ...] = ()
    flat: tuple[tuple[float, ...], ...] = ()
    flat_count: int = 0
    starts: int = 0
    incomplete: str = ""
    hits: tuple[int, ...] = field(default=(), compare=False)


def classify(f: ArrayFn, hessian: ArrayFn, point: np.ndarray, scale: float) -> str:
    """Minimum, maximum or saddle at a critical ``point``.

    ``scale`` is a length typical of the domain: the ring test for a singular Hessian looks at
    f on circles of radius ``1e-3 * scale`` and ``1e-2 * scale``.
    """
    eig = np.linalg.eigvalsh(hessian(point))
    big = max(1.0, float(np.abs(eig).max()))
    if np.all(np.abs(eig) > 1e-8 * big):
        return "minimum" if eig.min() > 0 else "maximum" if eig.max() < 0 else "saddle"
    # Singular Hessian: second-order terms do not decide; compare f around the point, on
    # rings of two radii with many samples (a degenerate saddle such as (0, 0) of
    # x²y − y³/3 + y² dips below f(0, 0) only in a sliver as wide as the radius).
    n = point.shape[-1]
    if n == 2:  # even rings are the clearest test in the plane
        angles = np.linspace(0, 2 * np.pi, 1024, endpoint=False)
        directions = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    else:
        directions = np.random.default_rng(0).standard_normal((4096, n))
        directions /= np.linalg.norm(directions, axis=-1, keepdims=True)
    ring = np.concatenate([f(point + r * scale * directions) for r in (1e-3, 1e-2)]) - f(point)
    tiny = 1e-14 * max(1.0, abs(float(f(point))))
    if ring.min() >= -tiny:
        return "minimum"
    if ring.max() <= tiny:
        return "maximum"
    return "saddle"


def _newton_step(h: np.ndarray, g: np.ndarray) -> np.ndarray | None:
    """H⁻¹ g, or where H is singular, the step along the eigenvectors H can see (its
    pseudo-inverse); zero if H is zero. None if nothing finite comes out."""
    if not (np.all(np.isfinite(h)) and np.all(np.isfinite(g))):
        return None
    w, v = np.linalg.eigh(h)
    big = float(np.abs(w).max())
    if big == 0:
        return np.zeros_like(g)
    keep = np.abs(w) > SINGULAR * big
    if np.all(keep):
        try:
            step = np.linalg.solve(h, g)
        except np.linalg.LinAlgError:
            return None
    else:
        step = v[:, keep] @ ((v[:, keep].T @ g) / w[keep])
    return step if np.all(np.isfinite(step)) else None


def polish(gradient: ArrayFn, hessian: ArrayFn, point: np.ndarray, steps: int = 200) -> np.ndarray:
    """Newton steps on ∇f from ``point`` until they vanish (at most ``steps``).

    At a regular critical point one or two reach round-off. Where the Hessian is singular at
    the root (a degenerate point such as (0, 0) of x²y − y³/3 + y², or x = 0 of x⁶⁴) Newton
    converges only linearly, each step a steady fraction r of the last: three steps in one
    direction with the same r are a geometric series, and its sum, step / (1 − r), is taken
    in one jump (kept only if ∇f there is no larger).
    """
    p = np.asarray(point, dtype=float)
    with np.errstate(all="ignore"):
        g = gradient(p)
        scale = 1.0 + float(np.abs(p).max())
        last: np.ndarray | None = None
        ratio: float | None = None
        for _ in range(steps):
            if not np.all(np.isfinite(g)) or not np.any(g):
                break
            step = _newton_step(hessian(p), g)
            if step is None:
                break
            size = float(np.abs(step).max())
            if size == 0:
                break
            jump = None
            if last is not None:
                r = size / float(np.abs(last).max())
                aligned = float(step @ last) > 0.99 * float(np.linalg.norm(step) * np.linalg.norm(last))
                if aligned and ratio is not None and 0.3 < r < 0.999 and abs(r - ratio) < 1e-2:
                    jump = p - step / (1 - r)
                ratio = r if aligned else None
            nxt = p - step
            g_next = gradient(nxt)
            if jump is not None:
                g_jump = gradient(jump)
                if np.all(np.isfinite(g_jump)) and np.linalg.norm(g_jump) <= np.linalg.norm(g_next):
                    nxt, g_next, last, ratio = jump, g_jump, None, None
                else:
                    last = step
            else:
                last = step
            p, g = nxt, g_next
            if size <= 1e-15 * scale:
                break
    return p


def _div(a: float, b: float) -> float:
    """a / b as IEEE 754 (and JavaScript) divides: ±inf or nan for b = 0, no exception."""
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _finite(*values: float) -> bool:
    return all(math.isfinite(v) for v in values)


def _solve_plane(gradient: ArrayFn, hessian: ArrayFn, start: Sequence[float],
                 box: tuple[float, float, float]) -> np.ndarray | None:
    """The plane's root finder, step for step the browser's (critical.mjs ``refine``): a
    Newton step on ∇f with the exact Hessian, halved until ‖∇f‖ falls; where that fails,
    Levenberg-Marquardt steps on ‖∇f‖²; at most 600 evaluations, given up after ten steps
    without a tenth's progress, or once the run is three diagonals from the box's centre
    (``box``: centre x, centre y, reach). One algorithm on both sides, so that where runs are
    sensitive to their start (a grid of 256 starts over hundreds of critical points) Python
    and the browser still find the same points."""
    def grad(x: float, y: float) -> tuple[float, float]:
        g = gradient(np.array([x, y]))
        return float(g[0]), float(g[1])

    cx, cy, reach = box
    p = (float(start[0]), float(start[1]))
    g = grad(*p)
    if not _finite(*g):
        return None
    evaluations = 0
    history: list[float] = []

    def try_step(dx: float, dy: float):
        nonlocal evaluations
        q = (p[0] + dx, p[1] + dy)
        gq = grad(*q)
        evaluations += 1
        if _finite(*gq) and math.hypot(*gq) < math.hypot(*g):
            return q, gq
        return None

    while evaluations < 600 and math.hypot(*g) > 0:
        history.append(math.hypot(*g))
        if len(history) > 10 and history[-1] > 0.9 * history[-11]:
            break
        h = hessian(np.array(p))
        a, b, d = float(h[0][0]), float(h[1][0]), float(h[1][1])
        if not _finite(a, b, d):
            return None
        nxt, step = None, 0.0
        det = a * d - b * b
        nx, ny = -_div(d * g[0] - b * g[1], det), -_div(a * g[1] - b * g[0], det)
        halvings = 0
        while nxt is None and halvings < 10 and _finite(nx, ny):
            nxt = try_step(nx, ny)
            step = math.hypot(nx, ny)
            nx, ny = nx / 2, ny / 2
            halvings += 1
        if nxt is None:  # Levenberg-Marquardt: (H² + λ s I) δ = −H g, λ growing until ‖∇f‖ falls
            h11, h12, h22 = a * a + b * b, a * b + b * d, b * b + d * d
            r1, r2 = -(a * g[0] + b * g[1]), -(b * g[0] + d * g[1])
            s = max(h11, h22, 1e-300)
            lam = 1e-6
            while nxt is None and lam < 1e12:
                m11, m22 = h11 + lam * s, h22 + lam * s
                dx = _div(r1 * m22 - h12 * r2, m11 * m22 - h12 * h12)
                dy = _div(m11 * r2 - h12 * r1, m11 * m22 - h12 * h12)
                if _finite(dx, dy):
                    nxt = try_step(dx, dy)
                step = math.hypot(dx, dy)
                lam *= 10
        if nxt is None:
            break
        p, g = nxt
        if not (abs(p[0] - cx) < reach and abs(p[1] - cy) < reach):
            return None
        if step <= 1e-14 * (math.hypot(*p) + 1e-14):  # MINPACK's xtol, as the hybrid run had it
            break
    return np.array(p)


def refine(gradient: ArrayFn, hessian: ArrayFn, start: Sequence[float],
           box: tuple[float, float, float] | None = None) -> np.ndarray | None:
    """Solve ∇f = 0 from ``start``, then :func:`polish`.

    In the plane, with the search's ``box`` (centre x, centre y, reach), the root finder is the
    browser's (:func:`_solve_plane`); otherwise ``scipy.optimize.root`` (MINPACK's hybrid
    method). Returns the end point, or None if the run produced no finite point. The caller
    decides whether the gradient there is small enough.
    """
    x0 = np.asarray(start, dtype=float)
    with np.errstate(all="ignore"):
        if box is not None and x0.shape == (2,):
            start_point = _solve_plane(gradient, hessian, x0, box)
            if start_point is None:
                return None
        else:
            from scipy.optimize import root

            sol = root(gradient, x0, jac=hessian, method="hybr", options={"xtol": 1e-14})
            start_point = np.asarray(sol.x, dtype=float)
        if not np.all(np.isfinite(start_point)):
            return None
        # The root finder stops while still ~1e-3 away where the Hessian is singular at the
        # point (linear convergence); runs from different starts would then count as
        # different points. Keep its answer if Newton wanders off instead (far, to no smaller
        # gradient: at x = 0 of x⁶⁴ a root finder stops 0.03 away, where ‖∇f‖ is 1e-91).
        scale = 1.0 + float(np.abs(start_point).max())
        point = polish(gradient, hessian, start_point)
        if not np.all(np.isfinite(point)) or (
                np.abs(point - start_point).max() > 1e-2 * scale
                and not np.linalg.norm(gradient(point)) < np.linalg.norm(gradient(start_point))):
            point = start_point
    return point


class _Judge:
    """The ring tests of one search: flat, critical, inside (module docstring, step 2)."""

    def __init__(self, f: ArrayFn, gradient: ArrayFn, lo: np.ndarray, hi: np.ndarray) -> None:
        self.f, self.gradient, self.lo, self.hi = f, gradient, lo, hi
        self.span = hi - lo
        self.size = float(np.linalg.norm(self.span))
        self.radius = RING * self.size
        n = len(lo)
        if n == 2:
            angles = 2 * np.pi * np.arange(RING_POINTS) / RING_POINTS
            self.directions = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
        else:  # ± each axis
            eye = np.eye(n)
            self.directions = np.concatenate([eye, -eye])

    def inside(self, p: np.ndarray) -> bool:
        return bool(np.all(p > self.lo + EDGE * self.span) and np.all(p < self.hi - EDGE * self.span))

    def ring(self, p: np.ndarray) -> np.ndarray:
        return p + self.radius * self.directions

    def verdict(self, p: np.ndarray) -> str:
        """"flat", "critical" or "" (neither) at a point inside the box."""
        with np.errstate(all="ignore"):
            ring = self.ring(p)
            f0, fr = float(self.f(p)), np.asarray(self.f(ring), dtype=float)
            g0 = np.abs(self.gradient(p))
            gr = np.abs(self.gradient(ring))
        ok = np.isfinite(fr) & np.all(np.isfinite(gr), axis=-1)
        if not (np.isfinite(f0) and np.all(np.isfinite(g0)) and ok.any()):
            return ""
        fr, gr = fr[ok], gr[ok]
        if np.all(np.abs(fr - f0) <= FLAT * EPS * np.maximum(abs(f0), np.abs(fr))):
            return "flat"
        # Each partial against its own size on the ring: ∂f/∂x = 8e-12 is not 0 because
        # ∂f/∂y is 1e-2 there.
        return "critical" if np.all(g0 <= ZERO_GRADIENT * gr.max(axis=0)) else ""


def _branches(judge: _Judge, gradient: ArrayFn, hessian: ArrayFn, p: np.ndarray) -> list[np.ndarray]:
    """Directions from ``p`` in which critical points continue (a curve through p), found by
    polishing the ring's points where ‖∇f‖ is least; empty for an isolated point."""
    ring = judge.ring(p)
    with np.errstate(all="ignore"):
        norms = np.linalg.norm(judge.gradient(ring), axis=-1)
    norms = np.where(np.isfinite(norms), norms, np.inf)
    top = float(norms[np.isfinite(norms)].max(initial=0.0))
    found: list[np.ndarray] = []
    k = len(norms)
    for i in range(k):
        if not (norms[i] <= norms[i - 1] and norms[i] <= norms[(i + 1) % k] and norms[i] <= 0.25 * top):
            continue
        q = polish(gradient, hessian, ring[i])
        if not (np.all(np.isfinite(q)) and judge.inside(q)):
            continue
        away = float(np.linalg.norm(q - p))
        if not (0.5 * judge.radius <= away <= 1.5 * judge.radius) or judge.verdict(q) != "critical":
            continue
        d = (q - p) / away
        if all(float(d @ e) < np.cos(0.3) for e in found):
            found.append(d)
    return found


def _trace(judge: _Judge, gradient: ArrayFn, hessian: ArrayFn, p: np.ndarray, d: np.ndarray,
           ) -> tuple[list[np.ndarray], str]:
    """Follow a curve of critical points from ``p`` in direction ``d``: predict a step of
    CURVE_STEP of the diagonal, polish back onto the curve, verify, repeat."""
    h = CURVE_STEP * judge.size
    points, q = [p], p
    for k in range(CURVE_STEPS):
        guess = q + h * d
        if not judge.inside(guess):
            return points, "edge"
        r = polish(gradient, hessian, guess)
        if (not np.all(np.isfinite(r)) or np.linalg.norm(r - guess) > 0.25 * h or not judge.inside(r)
                or judge.verdict(r) != "critical"):
            return points, "end"
        if k >= 2 and np.linalg.norm(r - p) <= 0.75 * h:
            points.append(p)
            return points, "closed"
        step = r - q
        d = step / np.linalg.norm(step)
        points.append(r)
        q = r
    return points, "steps"


def _distance_to(curve: list[np.ndarray], p: np.ndarray) -> float:
    best = np.inf
    for a, b in itertools.pairwise(curve):
        ab = b - a
        t = float(np.clip((p - a) @ ab / max(float(ab @ ab), 1e-300), 0.0, 1.0))
        best = min(best, float(np.linalg.norm(p - (a + t * ab))))
    if len(curve) == 1:
        best = float(np.linalg.norm(p - curve[0]))
    return best


def search_critical(f: ArrayFn, gradient: ArrayFn, hessian: ArrayFn,
                    domain: Sequence[tuple[float, float]], *, starts: int = STARTS,
                    known: Sequence[CriticalPoint] = (),
                    point_functions: tuple[ArrayFn, ArrayFn] | None = None,
                    ) -> CriticalSearch:
    """Critical points and curves strictly inside the box ``domain``, verified and
    classified, with what the search could not tell (module docstring).

    Parameters
    ----------
    f, gradient, hessian
        Vectorised functions of points ``(..., n)`` returning ``(...)``, ``(..., n)`` and
        ``(..., n, n)``.
    domain
        ``((lo, hi), ...)``, one pair per coordinate.
    starts
        Starts per axis of the search grid (``starts ** n`` runs).
    known
        Critical points already known (exact ones from the registry): they are returned
        first, as given, and a numerical point that coincides with one is dropped.
    point_functions
        Optional faster ``(gradient, hessian)`` for a single point ``(n,)``; the root finder
        calls them many times per start.
    """
    lo, hi = np.array(domain, dtype=float).T
    span = hi - lo
    judge = _Judge(f, gradient, lo, hi)
    size = judge.size
    n = len(lo)
    axes = [lo[i] + (np.arange(starts) + 0.5) * span[i] / starts for i in range(n)]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, n)

    one_gradient, one_hessian = point_functions or (gradient, hessian)
    found: list[np.ndarray] = [np.asarray(c.point, dtype=float) for c in known]
    hits: list[int] = [0] * len(found)
    curves: list[tuple[np.ndarray, list[np.ndarray], tuple[str, str]]] = []
    near_curve = 0.1 * CURVE_STEP * size
    flat: list[np.ndarray] = []
    box = (float(lo[0] + span[0] / 2), float(lo[1] + span[1] / 2), 3 * size) if n == 2 else None
    for start in grid:
        if judge.verdict(start) == "flat":  # nothing to follow: ∇f there is 0 or round-off
            flat.append(start)
            continue
        point = refine(one_gradient, one_hessian, start, box)
        if point is None or not judge.inside(point):
            continue
        verdict = judge.verdict(point)
        if verdict == "flat":
            flat.append(point)
            continue
        if verdict != "critical":
            continue
        if any(_distance_to(c[1], point) <= near_curve for c in curves):
            continue
        same = [i for i, p in enumerate(found) if np.linalg.norm(point - p) <= SAME_POINT * size]
        if same:
            hits[same[0]] += 1
            continue
        branches = _branches(judge, one_gradient, one_hessian, point) if n == 2 else []
        if not branches:
            found.append(point)
            hits.append(1)
            continue
        traces = []
        for d in branches:
            ahead = point + CURVE_STEP * size * d
            if any(_distance_to(c[1], ahead) <= near_curve for c in curves) or any(
                    _distance_to(t[0], ahead) <= near_curve for t in traces):
                continue  # the other way round a closed curve, or a branch already traced
            traces.append(_trace(judge, one_gradient, one_hessian, point, d))
        # Opposite branches through the point are one curve.
        used = [False] * len(traces)
        for i, (a, end_a) in enumerate(traces):
            if used[i]:
                continue
            used[i] = True
            pair = None
            if end_a != "closed":
                for j in range(i + 1, len(traces)):
                    b, end_b = traces[j]
                    if not used[j] and end_b != "closed" and len(a) > 1 and len(b) > 1 and \
                            float((a[1] - point) @ (b[1] - point)) < 0:
                        pair = j
                        break
            if pair is None:
                curves.append((point, a, (end_a, "start") if end_a != "closed" else ("closed", "closed")))
            else:
                used[pair] = True
                b, end_b = traces[pair]
                curves.append((point, [*reversed(b), *a[1:]], (end_b, end_a)))
    # Isolated points met before a curve that passes through them belong to the curve.
    new = [(found[i], hits[i]) for i in range(len(known), len(found))
           if not any(_distance_to(c[1], found[i]) <= near_curve for c in curves)]
    # A coordinate that is zero up to round-off is shown as 0, not as 6e-37.
    new = [(np.where(np.abs(p) <= EDGE * span, 0.0, p), h) for p, h in new]
    new.sort(key=lambda ph: tuple(np.round(ph[0], 9)))
    classified = tuple(CriticalPoint(tuple(float(c) for c in p), classify(f, hessian, p, size))
                       for p, _ in new)
    def shown(p: np.ndarray) -> tuple[float, ...]:
        return tuple(float(c) for c in np.where(np.abs(p) <= EDGE * span, 0.0, p))

    curve_objects = tuple(
        CriticalCurve(shown(through), tuple(shown(q) for q in pts), ends,
                      tuple(dict.fromkeys(classify(f, hessian, q, size) for q in pts)))
        for through, pts, ends in curves)
    counts = [h for _, h in new]
    total = len(known) + len(new)
    singles = sum(1 for h in counts if h == 1)
    capacity = len(grid)
    incomplete = ""
    if total and total >= CAPACITY * capacity:
        incomplete = (f"{total} points from {capacity} starts is near what the search can find "
                      "(each start finds at most one)")
    elif singles >= INCOMPLETE_SINGLES and 2 * singles >= total:
        incomplete = (f"{singles} of them were each reached from only one of the {capacity} starts, "
                      "so others are likely missed")
    return CriticalSearch(points=(*known, *classified), curves=curve_objects,
                          flat=tuple(tuple(float(c) for c in p) for p in flat[:5]), flat_count=len(flat),
                          starts=capacity, incomplete=incomplete, hits=(*hits[:len(known)], *counts))


def find_critical_points(f: ArrayFn, gradient: ArrayFn, hessian: ArrayFn,
                         domain: Sequence[tuple[float, float]], *, starts: int = STARTS,
                         known: Sequence[CriticalPoint] = (),
                         point_functions: tuple[ArrayFn, ArrayFn] | None = None,
                         ) -> tuple[CriticalPoint, ...]:
    """The isolated critical points :func:`search_critical` finds (known ones first, then new
    ones in lexicographic order of their coordinates)."""
    return search_critical(f, gradient, hessian, domain, starts=starts, known=known,
                           point_functions=point_functions).points


# --- the summary the page, the playground and render's notes print --------------------------
_PLURAL = {"minimum": "minima", "maximum": "maxima", "saddle": "saddles"}


def _point(p: Sequence[float]) -> str:
    return "(" + ", ".join(format_number(v, MINUS, ".3g") for v in p) + ")"


def kinds_summary(kinds: Sequence[str], at_least: bool = False) -> str:
    """"9 critical points inside the domain: 4 minima, 1 maximum and 4 saddles." """
    if not kinds:
        return "No critical point inside the domain: ∇f is never 0 there."
    parts = []
    for k in ("minimum", "maximum", "saddle"):
        if k in kinds:
            c = list(kinds).count(k)
            parts.append(f"{c} {k if c == 1 else _PLURAL[k]}")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    n = len(kinds)
    lead = "At least " if at_least else ""
    return f"{lead}{n} critical point{'s' if n != 1 else ''} inside the domain: {listed}."


def _curve_words(c: CriticalCurve) -> str:
    kinds = and_list(_PLURAL[k] for k in c.kinds)
    if c.ends[0] == "closed":
        where = f"a closed curve through {_point(c.through)}"
    else:
        ends = {"edge": "the domain's edge", "end": "where it stops", "steps": "as far as traced",
                "start": "its start"}
        where = (f"a curve through {_point(c.through)}, from {_point(c.points[0])} to "
                 f"{_point(c.points[-1])}" + (" (both ends at the domain's edge)"
                                               if c.ends == ("edge", "edge") else
                                               f" (ends: {ends[c.ends[0]]}, {ends[c.ends[1]]})"))
    return f"{where}, {kinds} along it"


def summary(result: CriticalSearch) -> str:
    """The search in words: points (or "at least" and why), curves, flat ground."""
    kinds = [c.kind for c in result.points]
    out = []
    if kinds or not (result.curves or result.flat_count):
        out.append(kinds_summary(kinds, bool(result.incomplete)))
        if result.incomplete:
            out.append(f"The search may be incomplete: {result.incomplete}.")
    if result.curves:
        n = len(result.curves)
        lead = "∇f is also 0" if kinds else "∇f = 0"
        out.append(f"{lead} along {'a curve' if n == 1 else f'{n} curves'} of critical points, not "
                   f"isolated ones: {'; '.join(_curve_words(c) for c in result.curves)}.")
    if result.flat_count:
        if not kinds and not result.curves:
            out.append("No critical point found inside the domain.")
        out.append(f"f is flat to round-off near {_point(result.flat[0])}"
                   + (" and elsewhere" if result.flat_count > 1 else "")
                   + ": floating point cannot tell whether ∇f is 0 there, so no critical point is "
                   "claimed there.")
    return " ".join(out)
