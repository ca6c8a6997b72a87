/*
 * Critical points: a pure module (no DOM) mirroring gradfig.critical.search_critical (the same
 * grid of starts, Newton polish with its pseudo-inverse and multiplicity jump, ring tests for
 * flat ground and a zero gradient relative to the function's own scale near the point, curves
 * of critical points traced, edge rule, deduplication, order, classification with its ring test
 * where the Hessian is singular, and the summary's words), checked in Node against what Python
 * finds for the same formulas (tests/js/critical.test.mjs). The root finder differs (Python:
 * MINPACK's hybrid method; here Newton steps with Levenberg-Marquardt as the fallback), and both
 * end with the same polish, so the points agree to round-off.
 *
 * A model is {domain, f(x, y), grad(x, y), hess(x, y)} (calculus.mjs builds one).
 */
import { MINUS, formatNumber } from "./format.mjs";

function norm2(v) { return Math.hypot(v[0], v[1]); }

const SINGULAR = 1e-14; // gradfig.critical.SINGULAR (the rules carry Python's; this is the default)

/* Solve ∇f = 0 from a start (gradfig.critical.refine runs MINPACK's hybrid method, a
 * trust-region Newton method, then plain Newton steps until they vanish). Here: a Newton step
 * on ∇f with the exact Hessian, halved until ‖∇f‖ falls; where that fails (a singular
 * Hessian, a step that does not help) Levenberg-Marquardt steps on ‖∇f‖²; then the same
 * Newton polish as Python's: up to 200 steps, until a step is below 1e-15 of the point's scale
 * (at a degenerate point convergence is only linear), and the solver's answer kept if Newton
 * wanders more than 1e-2 of that scale away. Returns the end point, or null if the run
 * produced no finite point or left the neighbourhood of the domain (such a run cannot end
 * inside it). */
export function refine(model, start, box, singular = SINGULAR) {
  let p = start.slice();
  let g = model.grad(p[0], p[1]);
  if (!g.every(Number.isFinite)) return null;
  // MINPACK's limits: at most 200 (n + 1) evaluations; give up when ten iterations did not
  // make good progress.
  let evaluations = 0;
  const history = [];
  const tryStep = (dx, dy) => {
    const q = [p[0] + dx, p[1] + dy];
    const gq = model.grad(q[0], q[1]);
    evaluations++;
    if (gq.every(Number.isFinite) && norm2(gq) < norm2(g)) return [q, gq];
    return null;
  };
  while (evaluations < 600 && norm2(g) > 0) {
    history.push(norm2(g));
    if (history.length > 10 && history[history.length - 1] > 0.9 * history[history.length - 11]) break;
    const H = model.hess(p[0], p[1]);
    const a = H[0][0], b = H[1][0], d = H[1][1];
    if (![a, b, d].every(Number.isFinite)) return null;
    let next = null, step = 0;
    const det = a * d - b * b;
    let nx = -(d * g[0] - b * g[1]) / det, ny = -(a * g[1] - b * g[0]) / det;
    for (let halvings = 0; !next && halvings < 10 && Number.isFinite(nx) && Number.isFinite(ny); halvings++) {
      next = tryStep(nx, ny);
      step = Math.hypot(nx, ny);
      nx /= 2; ny /= 2;
    }
    if (!next) { // Levenberg-Marquardt: (H² + λ s I) δ = −H g, λ growing until ‖∇f‖ falls
      const h11 = a * a + b * b, h12 = a * b + b * d, h22 = b * b + d * d;
      const r1 = -(a * g[0] + b * g[1]), r2 = -(b * g[0] + d * g[1]);
      const s = Math.max(h11, h22, 1e-300);
      for (let lambda = 1e-6; !next && lambda < 1e12; lambda *= 10) {
        const m11 = h11 + lambda * s, m22 = h22 + lambda * s;
        const dx = (r1 * m22 - h12 * r2) / (m11 * m22 - h12 * h12);
        const dy = (m11 * r2 - h12 * r1) / (m11 * m22 - h12 * h12);
        if (Number.isFinite(dx) && Number.isFinite(dy)) next = tryStep(dx, dy);
        step = Math.hypot(dx, dy);
      }
    }
    if (!next) break;
    [p, g] = next;
    if (!(Math.abs(p[0] - box.cx) < box.reach && Math.abs(p[1] - box.cy) < box.reach)) return null;
    if (step <= 1e-14 * (Math.hypot(p[0], p[1]) + 1e-14)) break; // MINPACK's xtol, as Python sets it
  }
  const solved = p.slice();
  const scale = 1 + Math.max(Math.abs(p[0]), Math.abs(p[1]));
  p = polish(model, solved, singular);
  // Python's rule: keep the solver's answer if Newton wanders off (far, to no smaller gradient).
  if (!p.every(Number.isFinite) ||
      (Math.max(Math.abs(p[0] - solved[0]), Math.abs(p[1] - solved[1])) > 1e-2 * scale &&
       !(norm2(model.grad(p[0], p[1])) < norm2(model.grad(solved[0], solved[1]))))) p = solved;
  return p.every(Number.isFinite) ? p : null;
}

/* gradfig.critical._newton_step: H⁻¹ g; where H is singular (an eigenvalue at most
 * rules.singular of the largest), the step along the eigenvector H can see; zero if H is 0. */
function newtonStep(H, g, singular) {
  const a = H[0][0], b = H[0][1], c = H[1][0], d = H[1][1];
  if (![a, b, c, d, g[0], g[1]].every(Number.isFinite)) return null;
  const s = c; // symmetric: the lower entry, as numpy's eigh reads it
  const mid = (a + d) / 2, rad = Math.hypot((a - d) / 2, s);
  const l1 = mid - rad, l2 = mid + rad;
  const big = Math.max(Math.abs(l1), Math.abs(l2));
  if (big === 0) return [0, 0];
  let step;
  if (Math.abs(l1) > singular * big && Math.abs(l2) > singular * big) {
    const det = a * d - b * c;
    step = [(d * g[0] - b * g[1]) / det, (a * g[1] - c * g[0]) / det];
  } else {
    const lam = Math.abs(l2) >= Math.abs(l1) ? l2 : l1;
    const u = [s, lam - a], w = [lam - d, s];
    let v = Math.hypot(u[0], u[1]) >= Math.hypot(w[0], w[1]) ? u : w;
    const n = Math.hypot(v[0], v[1]);
    if (n === 0) return null;
    v = [v[0] / n, v[1] / n];
    const k = (v[0] * g[0] + v[1] * g[1]) / lam;
    step = [v[0] * k, v[1] * k];
  }
  return step.every(Number.isFinite) ? step : null;
}

/* gradfig.critical.polish: Newton steps until they vanish (at most 200); three steps in one
 * direction shrinking by the same ratio r are a geometric series, summed in one jump
 * (step / (1 − r)) where ∇f there is no larger. */
export function polish(model, start, singular = SINGULAR, steps = 200) {
  let p = start.slice();
  let g = model.grad(p[0], p[1]);
  const scale = 1 + Math.max(Math.abs(p[0]), Math.abs(p[1]));
  let last = null, ratio = null;
  for (let i = 0; i < steps; i++) {
    if (!g.every(Number.isFinite) || (g[0] === 0 && g[1] === 0)) break;
    const step = newtonStep(model.hess(p[0], p[1]), g, singular);
    if (!step) break;
    const size = Math.max(Math.abs(step[0]), Math.abs(step[1]));
    if (size === 0) break;
    let jump = null;
    if (last) {
      const r = size / Math.max(Math.abs(last[0]), Math.abs(last[1]));
      const aligned = step[0] * last[0] + step[1] * last[1] > 0.99 * norm2(step) * norm2(last);
      if (aligned && ratio !== null && r > 0.3 && r < 0.999 && Math.abs(r - ratio) < 1e-2) {
        jump = [p[0] - step[0] / (1 - r), p[1] - step[1] / (1 - r)];
      }
      ratio = aligned ? r : null;
    }
    let next = [p[0] - step[0], p[1] - step[1]];
    let gNext = model.grad(next[0], next[1]);
    if (jump) {
      const gj = model.grad(jump[0], jump[1]);
      if (gj.every(Number.isFinite) && norm2(gj) <= norm2(gNext)) {
        next = jump; gNext = gj; last = null; ratio = null;
      } else last = step;
    } else last = step;
    p = next; g = gNext;
    if (size <= 1e-15 * scale) break;
  }
  return p;
}

/* Minimum, maximum or saddle (gradfig.critical.classify): the Hessian's eigenvalues, or where
 * it is singular, f on rings of 1024 points at 1e-3 and 1e-2 of the domain's diagonal. */
export function classify(model, p, size) {
  const H = model.hess(p[0], p[1]);
  const a = H[0][0], b = H[1][0], d = H[1][1];
  const mid = (a + d) / 2, rad = Math.hypot((a - d) / 2, b);
  const eig = [mid - rad, mid + rad];
  const big = Math.max(1, Math.abs(eig[0]), Math.abs(eig[1]));
  if (eig.every((e) => Math.abs(e) > 1e-8 * big)) {
    return eig[0] > 0 ? "minimum" : eig[1] < 0 ? "maximum" : "saddle";
  }
  const f0 = model.f(p[0], p[1]);
  const tiny = 1e-14 * Math.max(1, Math.abs(f0));
  let lo = Infinity, hi = -Infinity;
  for (const radius of [1e-3, 1e-2]) {
    for (let k = 0; k < 1024; k++) {
      const t = (2 * Math.PI * k) / 1024;
      const r = model.f(p[0] + radius * size * Math.cos(t), p[1] + radius * size * Math.sin(t)) - f0;
      lo = Math.min(lo, r); hi = Math.max(hi, r);
    }
  }
  if (lo >= -tiny) return "minimum";
  if (hi <= tiny) return "maximum";
  return "saddle";
}

/* The ring tests of one search (gradfig.critical._Judge): inside, flat, critical. */
function judge(model, c) {
  const [[x0, x1], [y0, y1]] = model.domain;
  const lo = [x0, y0], hi = [x1, y1], span = [x1 - x0, y1 - y0];
  const size = Math.hypot(span[0], span[1]);
  const radius = c.ring * size;
  const dirs = Array.from({ length: c.ringPoints }, (_, k) => {
    const t = (2 * Math.PI * k) / c.ringPoints;
    return [Math.cos(t), Math.sin(t)];
  });
  const EPS = 2 ** -52;
  const J = {
    lo, hi, span, size, radius,
    inside: (p) => [0, 1].every((i) => p[i] > lo[i] + c.edge * span[i] && p[i] < hi[i] - c.edge * span[i]),
    ring: (p) => dirs.map(([u, v]) => [p[0] + radius * u, p[1] + radius * v]),
    verdict(p) {
      const f0 = model.f(p[0], p[1]), g0 = model.grad(p[0], p[1]).map(Math.abs);
      let flat = true, any = false;
      const top = [-Infinity, -Infinity];
      for (const q of J.ring(p)) {
        const fq = model.f(q[0], q[1]), gq = model.grad(q[0], q[1]).map(Math.abs);
        if (!(Number.isFinite(fq) && gq.every(Number.isFinite))) continue;
        any = true;
        if (!(Math.abs(fq - f0) <= c.flat * EPS * Math.max(Math.abs(f0), Math.abs(fq)))) flat = false;
        for (const i of [0, 1]) if (gq[i] > top[i]) top[i] = gq[i];
      }
      if (!(Number.isFinite(f0) && g0.every(Number.isFinite) && any)) return "";
      if (flat) return "flat";
      // Each partial against its own size on the ring (gradfig.critical._Judge.verdict).
      return g0[0] <= c.zeroGradient * top[0] && g0[1] <= c.zeroGradient * top[1] ? "critical" : "";
    },
  };
  return J;
}

function distanceTo(curve, p) {
  if (curve.length === 1) return Math.hypot(p[0] - curve[0][0], p[1] - curve[0][1]);
  let best = Infinity;
  for (let i = 0; i + 1 < curve.length; i++) {
    const a = curve[i], b = curve[i + 1];
    const ab = [b[0] - a[0], b[1] - a[1]];
    const t = Math.min(1, Math.max(0, ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) /
                                      Math.max(ab[0] * ab[0] + ab[1] * ab[1], 1e-300)));
    best = Math.min(best, Math.hypot(p[0] - (a[0] + t * ab[0]), p[1] - (a[1] + t * ab[1])));
  }
  return best;
}

/* gradfig.critical._branches: directions from p in which critical points continue. */
function branches(model, J, p, c) {
  const ring = J.ring(p);
  const norms = ring.map((q) => { const n = norm2(model.grad(q[0], q[1])); return Number.isFinite(n) ? n : Infinity; });
  const top = Math.max(0, ...norms.filter(Number.isFinite));
  const found = [];
  const k = norms.length;
  for (let i = 0; i < k; i++) {
    const prev = norms[(i - 1 + k) % k], next = norms[(i + 1) % k];
    if (!(norms[i] <= prev && norms[i] <= next && norms[i] <= 0.25 * top)) continue;
    const q = polish(model, ring[i], c.singular);
    if (!(q.every(Number.isFinite) && J.inside(q))) continue;
    const away = Math.hypot(q[0] - p[0], q[1] - p[1]);
    if (!(away >= 0.5 * J.radius && away <= 1.5 * J.radius) || J.verdict(q) !== "critical") continue;
    const d = [(q[0] - p[0]) / away, (q[1] - p[1]) / away];
    if (found.every((e) => d[0] * e[0] + d[1] * e[1] < Math.cos(0.3))) found.push(d);
  }
  return found;
}

/* gradfig.critical._trace: follow a curve of critical points from p in direction d. */
function trace(model, J, p, d, c) {
  const h = c.curveStep * J.size;
  const points = [p];
  let q = p;
  for (let k = 0; k < c.curveSteps; k++) {
    const guess = [q[0] + h * d[0], q[1] + h * d[1]];
    if (!J.inside(guess)) return [points, "edge"];
    const r = polish(model, guess, c.singular);
    if (!r.every(Number.isFinite) || Math.hypot(r[0] - guess[0], r[1] - guess[1]) > 0.25 * h || !J.inside(r) ||
        J.verdict(r) !== "critical") return [points, "end"];
    if (k >= 2 && Math.hypot(r[0] - p[0], r[1] - p[1]) <= 0.75 * h) {
      points.push(p);
      return [points, "closed"];
    }
    const n = Math.hypot(r[0] - q[0], r[1] - q[1]);
    d = [(r[0] - q[0]) / n, (r[1] - q[1]) / n];
    points.push(r);
    q = r;
  }
  return [points, "steps"];
}

/* The isolated critical points strictly inside the model's domain, classified, in Python's
 * order: [{point, kind, f}]. `rules`: env.critical (gradfig.critical's constants). */
export function criticalPoints(model, rules) {
  return searchCritical(model, rules).points;
}

export async function criticalPointsAsync(model, rules) {
  return (await searchCriticalAsync(model, rules)).points;
}

/* gradfig.critical.search_critical in one go: {points, curves, flat, flatCount, starts,
 * incomplete, hits}; searchCriticalAsync lets the page breathe meanwhile. */
export function searchCritical(model, rules) {
  const run = criticalSearch(model, rules);
  let step = run.next();
  while (!step.done) step = run.next();
  return step.value;
}

export async function searchCriticalAsync(model, rules) {
  const run = criticalSearch(model, rules);
  let last = performance.now();
  let step = run.next();
  while (!step.done) {
    if (performance.now() - last > 40) { // let the page breathe; the result does not depend on it
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
    step = run.next();
  }
  return step.value;
}

/* The search, one start at a time (a generator: yields before each start). */
export function* criticalSearch(model, c) {
  const J = judge(model, c);
  const { lo, span, size } = J;
  const axes = [0, 1].map((i) => Array.from({ length: c.starts }, (_, k) => lo[i] + ((k + 0.5) * span[i]) / c.starts));
  const grid = [];
  for (const x of axes[0]) for (const y of axes[1]) grid.push([x, y]); // meshgrid(indexing="ij")
  const found = [], hits = [], curves = [], flat = [];
  const nearCurve = 0.1 * c.curveStep * size;
  const box = { cx: lo[0] + span[0] / 2, cy: lo[1] + span[1] / 2, reach: 3 * size };
  for (const start of grid) {
    yield;
    if (J.verdict(start) === "flat") { flat.push(start); continue; } // ∇f there is 0 or round-off
    const p = refine(model, start, box, c.singular);
    if (!p || !J.inside(p)) continue;
    const verdict = J.verdict(p);
    if (verdict === "flat") { flat.push(p); continue; }
    if (verdict !== "critical") continue;
    if (curves.some((cv) => distanceTo(cv.points, p) <= nearCurve)) continue;
    const same = found.findIndex((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) <= c.samePoint * size);
    if (same >= 0) { hits[same]++; continue; }
    const dirs = branches(model, J, p, c);
    if (!dirs.length) { found.push(p); hits.push(1); continue; }
    const traces = [];
    for (const d of dirs) {
      const ahead = [p[0] + c.curveStep * size * d[0], p[1] + c.curveStep * size * d[1]];
      if (curves.some((cv) => distanceTo(cv.points, ahead) <= nearCurve) ||
          traces.some((t) => distanceTo(t[0], ahead) <= nearCurve)) continue;
      traces.push(trace(model, J, p, d, c));
    }
    const used = traces.map(() => false);
    traces.forEach(([a, endA], i) => {
      if (used[i]) return;
      used[i] = true;
      let pair = -1;
      if (endA !== "closed") {
        for (let j = i + 1; j < traces.length; j++) {
          const [b, endB] = traces[j];
          if (!used[j] && endB !== "closed" && a.length > 1 && b.length > 1 &&
              (a[1][0] - p[0]) * (b[1][0] - p[0]) + (a[1][1] - p[1]) * (b[1][1] - p[1]) < 0) { pair = j; break; }
        }
      }
      if (pair < 0) curves.push({ through: p, points: a, ends: endA !== "closed" ? [endA, "start"] : ["closed", "closed"] });
      else {
        used[pair] = true;
        const [b, endB] = traces[pair];
        curves.push({ through: p, points: [...b.slice().reverse(), ...a.slice(1)], ends: [endB, endA] });
      }
    });
  }
  const shown = (p) => p.map((v, i) => (Math.abs(v) <= c.edge * span[i] ? 0 : v));
  const round9 = (v) => Math.round(v * 1e9) / 1e9;
  const kept = found.map((p, i) => [shown(p), hits[i], p])
    .filter(([, , p]) => !curves.some((cv) => distanceTo(cv.points, p) <= nearCurve));
  kept.sort(([p], [q]) => round9(p[0]) - round9(q[0]) || round9(p[1]) - round9(q[1]));
  const points = kept.map(([p]) => ({ point: p, kind: classify(model, p, size), f: model.f(p[0], p[1]) }));
  const curveList = curves.map((cv) => ({
    through: shown(cv.through), points: cv.points.map(shown), ends: cv.ends,
    kinds: [...new Set(cv.points.map((q) => classify(model, q, size)))],
  }));
  const counts = kept.map(([, h]) => h);
  const total = points.length, singles = counts.filter((h) => h === 1).length, capacity = grid.length;
  let incomplete = "";
  if (total && total >= c.capacity * capacity) {
    incomplete = `${total} points from ${capacity} starts is near what the search can find (each start finds at most one)`;
  } else if (singles >= c.incompleteSingles && 2 * singles >= total) {
    incomplete = `${singles} of them were each reached from only one of the ${capacity} starts, so others are likely missed`;
  }
  return { points, curves: curveList, flat: flat.slice(0, 5).map((p) => p.slice()), flatCount: flat.length,
           starts: capacity, incomplete, hits: counts };
}

const PLURAL = { minimum: "minima", maximum: "maxima", saddle: "saddles" };
const andList = (items) => (items.length === 1 ? items[0] : items.slice(0, -1).join(", ") + " and " + items[items.length - 1]);
const pointText = (p) => "(" + p.map((v) => formatNumber(v, MINUS, ".3g")).join(", ") + ")";

/* gradfig.critical.kinds_summary: "9 critical points inside the domain: 4 minima, ..." */
export function criticalSummary(kinds, atLeast = false) {
  if (!kinds.length) return "No critical point inside the domain: ∇f is never 0 there.";
  const parts = ["minimum", "maximum", "saddle"].filter((k) => kinds.includes(k)).map((k) => {
    const n = kinds.filter((v) => v === k).length;
    return `${n} ${n === 1 ? k : PLURAL[k]}`;
  });
  const n = kinds.length;
  return `${atLeast ? "At least " : ""}${n} critical point${n !== 1 ? "s" : ""} inside the domain: ${andList(parts)}.`;
}

function curveWords(cv) {
  const kinds = andList(cv.kinds.map((k) => PLURAL[k]));
  let where;
  if (cv.ends[0] === "closed") where = `a closed curve through ${pointText(cv.through)}`;
  else {
    const ends = { edge: "the domain's edge", end: "where it stops", steps: "as far as traced", start: "its start" };
    where = `a curve through ${pointText(cv.through)}, from ${pointText(cv.points[0])} to ` +
      `${pointText(cv.points[cv.points.length - 1])}` +
      (cv.ends[0] === "edge" && cv.ends[1] === "edge" ? " (both ends at the domain's edge)"
        : ` (ends: ${ends[cv.ends[0]]}, ${ends[cv.ends[1]]})`);
  }
  return `${where}, ${kinds} along it`;
}

/* gradfig.critical.summary: points (or "at least" and why), curves, flat ground. */
export function searchSummary(result) {
  const kinds = result.points.map((p) => p.kind);
  const out = [];
  if (kinds.length || !(result.curves.length || result.flatCount)) {
    out.push(criticalSummary(kinds, Boolean(result.incomplete)));
    if (result.incomplete) out.push(`The search may be incomplete: ${result.incomplete}.`);
  }
  if (result.curves.length) {
    const n = result.curves.length;
    out.push(`${kinds.length ? "∇f is also 0" : "∇f = 0"} along ${n === 1 ? "a curve" : `${n} curves`} of critical points, not ` +
             `isolated ones: ${result.curves.map(curveWords).join("; ")}.`);
  }
  if (result.flatCount) {
    if (!kinds.length && !result.curves.length) out.push("No critical point found inside the domain.");
    out.push(`f is flat to round-off near ${pointText(result.flat[0])}` + (result.flatCount > 1 ? " and elsewhere" : "") +
             ": floating point cannot tell whether ∇f is 0 there, so no critical point is claimed there.");
  }
  return out.join(" ");
}
