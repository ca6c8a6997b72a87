/*
 * The surface scene at a point: a pure module (no DOM, no globals), the mirror of
 * gradfig.figures.surface.surface_scene, checked against golden cases Python writes
 * (scripts/mirror_goldens.py, tests/js/surface.test.mjs).
 *
 * Given a landscape's exact evaluator {f, grad} (printed by SymPy, as the fields' payloads carry
 * it), its domain [[x0, x1], [y0, y1]] and a point p = [px, py] inside it: the surface on a grid,
 * the slice curves in the planes y = py and x = px, their tangent lines (slopes ∂f/∂x and ∂f/∂y)
 * and the tangent plane z = f(p) + ∇f(p)·((x, y) − p) over a patch around p. A leaf: imports
 * nothing.
 */

export const SURFACE = { samples: 41, sliceSamples: 121, tangentHalf: 0.25 };

/* numpy.linspace(a, b, n): the same floats (a + i·step, the last one exactly b). */
export function linspace(a, b, n) {
  const step = (b - a) / (n - 1);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = a + i * step;
  out[n - 1] = b;
  return out;
}

const clip = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/* The height of the tangent plane at p over (x, y). */
export function planeHeight(scene, x, y) {
  const [px, py] = scene.point;
  return scene.f + scene.dfdx * (x - px) + scene.dfdy * (y - py);
}

export function surfaceScene(evaluator, domain, point, opts = {}) {
  const samples = opts.samples ?? SURFACE.samples;
  const sliceSamples = opts.sliceSamples ?? SURFACE.sliceSamples;
  const [[x0, x1], [y0, y1]] = domain;
  const [px, py] = point.map(Number);
  if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1)) throw new RangeError(`the point (${px}, ${py}) lies outside the domain`);
  const f = evaluator.f(px, py);
  const [dfdx, dfdy] = evaluator.grad(px, py);
  if (![f, dfdx, dfdy].every(Number.isFinite)) throw new RangeError(`f or ∇f is not finite at (${px}, ${py})`);
  const xs = linspace(x0, x1, samples), ys = linspace(y0, y1, samples);
  const z = ys.map((y) => xs.map((x) => evaluator.f(x, y)));
  const cx = linspace(x0, x1, sliceSamples), cy = linspace(y0, y1, sliceSamples);
  const sliceX = cx.map((x) => [x, py, evaluator.f(x, py)]);
  const sliceY = cy.map((y) => [px, y, evaluator.f(px, y)]);
  const hx = SURFACE.tangentHalf * (x1 - x0), hy = SURFACE.tangentHalf * (y1 - y0);
  const planeXs = [clip(px - hx, x0, x1), clip(px + hx, x0, x1)];
  const planeYs = [clip(py - hy, y0, y1), clip(py + hy, y0, y1)];
  const tangentX = planeXs.map((x) => [x, py, f + dfdx * (x - px)]);
  const tangentY = planeYs.map((y) => [px, y, f + dfdy * (y - py)]);
  const plane = planeYs.map((y) => planeXs.map((x) => f + dfdx * (x - px) + dfdy * (y - py)));
  let lo = Infinity, hi = -Infinity;
  const see = (v) => { if (v < lo) lo = v; if (v > hi) hi = v; };
  for (const row of z) row.forEach(see);
  for (const c of sliceX) see(c[2]);
  for (const c of sliceY) see(c[2]);
  for (const row of plane) row.forEach(see);
  return { point: [px, py], f, dfdx, dfdy, xs, ys, z, sliceX, sliceY, tangentX, tangentY,
           planeXs, planeYs, plane, zrange: [lo, hi] };
}

/* Slope of a drawn 3-D segment [[x, y, z], [x', y', z']] along its horizontal run. */
export function segmentSlope(segment) {
  const [[xa, ya, za], [xb, yb, zb]] = segment;
  return (zb - za) / Math.hypot(xb - xa, yb - ya);
}
