/*
 * Kinks: a pure module (no DOM) mirroring gradfig.kink.find_kink, checked in Node against the
 * answers Python gives for the same formulas and points (tests/js/kink.test.mjs). Is f
 * differentiable at a point? Along x, y and both diagonals, the one-sided difference quotients
 * at three steps (1e4, 1e2 and 1 times the smallest: 1e-9 of the domain's diagonal, or 1e6 eps
 * |x| where the coordinates are large) must agree up to O(h); at a kink their difference is
 * the jump in slope, the same at every step. Not differentiable if, in some direction, the
 * difference at the smallest step is at least half the one at the largest and far above
 * round-off (64 eps |f| / h) at every step. The readout (fields.mjs) says so instead of
 * calling the formula's ∇f there a gradient (abs(x) + abs(y) at (0, 0): SymPy's and math.js's
 * sign(0) = 0 give ∇f = (0, 0)). A leaf module (no imports): the field component imports it,
 * and a standalone page inlines them (gradfig.figures.page.module_scripts).
 */
const EPS = 2 ** -52;
const H = Math.sqrt(0.5);
export const DIRECTIONS = [[1, 0], [0, 1], [H, H], [H, -H]];
const STEPS = [1e4, 1e2, 1];
const SMALLEST = 1e-9;
const ROUNDOFF = 64;

/* gradfig.kink.smallest_step */
export function smallestStep(p, size) {
  return Math.max(SMALLEST * size, 1e6 * EPS * Math.max(Math.abs(p[0]), Math.abs(p[1])));
}

/* gradfig.kink.find_kink: {direction, left, right} or null. f(x, y); size: the domain's diagonal. */
export function findKink(f, p, size) {
  const f0 = f(p[0], p[1]);
  if (!Number.isFinite(f0)) return null;
  const base = smallestStep(p, size);
  for (const u of DIRECTIONS) {
    let ok = true;
    const jumps = [];
    let left = 0, right = 0;
    for (const s of STEPS) {
      const h = s * base;
      const fw = [p[0] + h * u[0], p[1] + h * u[1]], bw = [p[0] - h * u[0], p[1] - h * u[1]];
      const hf = (fw[0] - p[0]) * u[0] + (fw[1] - p[1]) * u[1];
      const hb = (p[0] - bw[0]) * u[0] + (p[1] - bw[1]) * u[1];
      if (!(Math.min(hf, hb) > 0)) { ok = false; break; }
      const ahead = f(fw[0], fw[1]), behind = f(bw[0], bw[1]);
      if (!Number.isFinite(ahead) || !Number.isFinite(behind)) { ok = false; break; }
      right = (ahead - f0) / hf;
      left = (f0 - behind) / hb;
      const jump = Math.abs(right - left);
      const noise = (ROUNDOFF * EPS * (Math.abs(f0) + Math.abs(ahead) + Math.abs(behind))) / Math.min(hf, hb);
      if (!(jump > noise)) { ok = false; break; }
      jumps.push(jump);
    }
    if (ok && jumps[jumps.length - 1] >= 0.5 * jumps[0]) return { direction: u, left, right };
  }
  return null;
}

/* gradfig.kink.kink_words; `number` formats as gradfig.text.number(v, ".3g") does
 * (format.mjs: (v) => formatNumber(v, MINUS, ".3g")). */
export function kinkWords(k, number) {
  const names = ["x", "y", "the diagonal (1, 1)", "the diagonal (1, \u22121)"];
  const name = names[DIRECTIONS.indexOf(k.direction)];
  return `f is not differentiable here: along ${name} its slope is ${number(k.left)} from one ` +
    `side and ${number(k.right)} from the other, so ∇f does not exist here ` +
    "(what the derivative's formula gives is not a gradient).";
}
