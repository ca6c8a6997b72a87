/*
 * Critical points: a pure module (no DOM) mirroring gradfig.critical.find_critical_points (the
 * same grid of starts, zero-gradient tolerance, edge rule, deduplication, order and
 * classification, with its ring test where the Hessian is singular), checked in Node against
 * the points Python finds for the same formulas (tests/js/critical.test.mjs). The root finder
 * differs (Python: MINPACK's hybrid method; here Newton steps with Levenberg-Marquardt as the
 * fallback), and both end with the same Newton polish, so the points agree to round-off.
 *
 * A model is {domain, f(x, y), grad(x, y), hess(x, y)} (calculus.mjs builds one).
 */
function norm2(v) { return Math.hypot(v[0], v[1]); }

/* Solve ∇f = 0 from a start (gradfig.critical.refine runs MINPACK's hybrid method, a
 * trust-region Newton method, then plain Newton steps until they vanish). Here: a Newton step
 * on ∇f with the exact Hessian, halved until ‖∇f‖ falls; where that fails (a singular
 * Hessian, a step that does not help) Levenberg-Marquardt steps on ‖∇f‖²; then the same
 * Newton polish as Python's: up to 200 steps, until a step is below 1e-15 of the point's scale
 * (at a degenerate point convergence is only linear), and the solver's answer kept if Newton
 * wanders more than 1e-2 of that scale away. Returns the end point, or null if the run
 * produced no finite point or left the neighbourhood of the domain (such a run cannot end
 * inside it). */
export function refine(model, start, box) {
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
  for (let i = 0; i < 200; i++) { // Newton polish (gradfig.critical.refine)
    const H = model.hess(p[0], p[1]);
    const a = H[0][0], b = H[0][1], c = H[1][0], d = H[1][1];
    const det = a * d - b * c;
    const dx = (d * g[0] - b * g[1]) / det, dy = (a * g[1] - c * g[0]) / det;
    if (!Number.isFinite(dx) || !Number.isFinite(dy)) break;
    p = [p[0] - dx, p[1] - dy];
    g = model.grad(p[0], p[1]);
    if (Math.max(Math.abs(dx), Math.abs(dy)) <= 1e-15 * scale) break;
  }
  if (!p.every(Number.isFinite) ||
      Math.max(Math.abs(p[0] - solved[0]), Math.abs(p[1] - solved[1])) > 1e-2 * scale) p = solved;
  return p.every(Number.isFinite) ? p : null;
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

/* Every critical point strictly inside the model's domain, classified, in Python's order:
 * [{point, kind, f}]. `rules`: env.critical (Python's STARTS, SAME_POINT, ZERO_GRADIENT, EDGE).
 * Runs criticalSearch in one go; criticalPointsAsync lets the page breathe meanwhile. */
export function criticalPoints(model, rules) {
  const run = criticalSearch(model, rules);
  let step = run.next();
  while (!step.done) step = run.next();
  return step.value;
}

export async function criticalPointsAsync(model, rules) {
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
  const [[x0, x1], [y0, y1]] = model.domain;
  const lo = [x0, y0], span = [x1 - x0, y1 - y0];
  const size = Math.hypot(span[0], span[1]);
  const axes = [0, 1].map((i) => Array.from({ length: c.starts }, (_, k) => lo[i] + ((k + 0.5) * span[i]) / c.starts));
  const grid = [];
  for (const x of axes[0]) for (const y of axes[1]) grid.push([x, y]); // meshgrid(indexing="ij")
  let scale = -Infinity;
  for (const [x, y] of grid) {
    const n = norm2(model.grad(x, y));
    if (Number.isFinite(n) && n > scale) scale = n;
  }
  if (!(scale > -Infinity)) scale = 1;
  const tolerance = c.zeroGradient * Math.max(1, scale);
  const found = [];
  const box = { cx: lo[0] + span[0] / 2, cy: lo[1] + span[1] / 2, reach: 3 * size };
  for (const start of grid) {
    yield;
    const p = refine(model, start, box);
    if (!p) continue;
    const inside = [0, 1].every((i) => p[i] > lo[i] + c.edge * span[i] && p[i] < lo[i] + span[i] - c.edge * span[i]);
    const g = model.grad(p[0], p[1]);
    if (!(inside && norm2(g) <= tolerance)) continue;
    if (found.some((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) <= c.samePoint * size)) continue;
    found.push(p);
  }
  const round9 = (v) => Math.round(v * 1e9) / 1e9;
  const points = found.map((p) => p.map((v, i) => (Math.abs(v) <= c.edge * span[i] ? 0 : v)));
  points.sort((p, q) => round9(p[0]) - round9(q[0]) || round9(p[1]) - round9(q[1]));
  return points.map((p) => ({ point: p, kind: classify(model, p, size), f: model.f(p[0], p[1]) }));
}

/* chapter.playground.critical_summary: "9 critical points inside the domain: 4 minima, ..." */
export function criticalSummary(kinds) {
  if (!kinds.length) return "No critical point inside the domain: ∇f is never 0 there.";
  const word = { minimum: "minima", maximum: "maxima", saddle: "saddles" };
  const parts = ["minimum", "maximum", "saddle"].filter((k) => kinds.includes(k)).map((k) => {
    const n = kinds.filter((v) => v === k).length;
    return `${n} ${n === 1 ? k : word[k]}`;
  });
  const listed = parts.length === 1 ? parts[0] : parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
  const n = kinds.length;
  return `${n} critical point${n !== 1 ? "s" : ""} inside the domain: ${listed}.`;
}
