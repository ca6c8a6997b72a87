/*
 * The gradient check: a pure module (no DOM) mirroring gradfig.check.gradient_check with
 * gradfig.numdiff's central rule and gradfig.check.compare's allclose rule, and the rows as
 * the chapter's check tables print them; checked in Node against Python's rows for the same
 * formulas (tests/js/check.test.mjs). `rules`: env.check (Python's DEFAULT_ATOL,
 * DEFAULT_RTOL, the step eps^(1/3) and Landscape.SAMPLE_FRACTIONS).
 */
import { MINUS, formatError, formatNorm, formatVector } from "./format.mjs";

/* gradfig.numdiff's central differences: h = eps^(1/3) * max(1, |x_j|), then h = (x + h) - x,
 * the step really taken (exactly representable). */
export function centralGradient(model, p, rules) {
  const out = [];
  for (let j = 0; j < 2; j++) {
    let h = rules.step * Math.max(1, Math.abs(p[j]));
    h = (p[j] + h) - p[j];
    const plus = p.slice(), minus = p.slice();
    plus[j] = p[j] + h;
    minus[j] = p[j] - h;
    out.push((model.f(plus[0], plus[1]) - model.f(minus[0], minus[1])) / (2 * h));
  }
  return out;
}

/* One row: pass if ‖a − n‖ <= atol + rtol ‖n‖ (norms by Math.hypot, which scales as Python's
 * math.hypot does); a comparison that cannot be made in floats fails. */
export function checkRow(model, point, label, rules) {
  const a = model.grad(point[0], point[1]);
  const n = centralGradient(model, point, rules);
  const finite = a.every(Number.isFinite) && n.every(Number.isFinite);
  const error = Math.hypot(a[0] - n[0], a[1] - n[1]);
  const bound = rules.atol + (rules.rtol ? rules.rtol * Math.hypot(n[0], n[1]) : 0);
  const passed = finite && Number.isFinite(error) && Number.isFinite(bound) && error <= bound;
  return { point, label, analytical: a, numerical: n, norm: Math.hypot(a[0], a[1]), error, passed, finite };
}

/* gradfig.functions.Landscape's sample points: fractions of the domain, "sample 1", ... */
export function samplePoints(rules, domain) {
  const [[x0, x1], [y0, y1]] = domain;
  return rules.samples.map(([a, b], i) => ({ point: [x0 + a * (x1 - x0), y0 + b * (y1 - y0)], label: `sample ${i + 1}` }));
}

export function gradientCheck(model, rules) {
  return samplePoints(rules, model.domain).map((s) => checkRow(model, s.point, s.label, rules));
}

/* A verdict in words and a glyph every text font has (chapter.playground.PASS, FAIL). */
export const PASS = "✓ pass", FAIL = "✗ FAIL";
export const CHECK_HEAD = ["point", "label", "analytical ∇f", "numerical ∇f", "‖∇f‖", "error", "check"];

/* A row's cells as the chapter's check tables print them (chapter.playground.check_html:
 * gradfig.check.format_vector, format_norm, format_error, typographic minus signs). */
export function checkCells(r) {
  const error = r.finite ? formatError(r.error, MINUS) : "not finite";
  return [formatVector(r.point, MINUS), r.label, formatVector(r.analytical, MINUS),
          formatVector(r.numerical, MINUS), formatNorm(r.norm, MINUS), error, r.passed ? PASS : FAIL];
}
