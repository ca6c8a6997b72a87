/*
 * The gradient check: a pure module (no DOM) mirroring gradfig.check.gradient_check with
 * gradfig.numdiff's central rule and gradfig.check.compare's allclose rule, and the rows as
 * the chapter's check tables print them; checked in Node against Python's rows for the same
 * formulas (tests/js/check.test.mjs). `rules`: env.check (Python's DEFAULT_ATOL,
 * DEFAULT_RTOL, the step eps^(1/3) and Landscape.SAMPLE_FRACTIONS).
 */
import { MINUS, formatError, formatNorm, formatNumber, formatVector } from "./format.mjs";

const EPS = 2 ** -52;

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

/* gradfig.check.diagnose (central differences): why a failed row cannot be trusted, or "" if
 * the gradient looks wrong. The check's own error is the step's truncation (4/3 of how far the
 * quotient moves when the step is halved) plus round-off (eps (|f(x + h)| + |f(x − h)|) / 2h
 * per entry, and eps ‖∇f‖); a row whose error is at most rules.reliable times that is
 * unreliable, and the words say which part is to blame. */
export function diagnose(model, p, a, n, error, bound, rules) {
  if (!(Number.isFinite(error) && Number.isFinite(bound))) return "";
  const h = [0, 1].map((j) => { const s = rules.step * Math.max(1, Math.abs(p[j])); return (p[j] + s) - p[j]; });
  const at = (j, t) => { const q = p.slice(); q[j] = p[j] + t; return model.f(q[0], q[1]); };
  const half = [], each = [];
  for (const j of [0, 1]) {
    const hh = (p[j] + h[j] / 2) - p[j];
    half.push((at(j, hh) - at(j, -hh)) / (2 * hh));
    each.push((EPS * (Math.abs(at(j, h[j])) + Math.abs(at(j, -h[j])))) / (2 * h[j]));
  }
  const moved = Math.hypot(n[0] - half[0], n[1] - half[1]);
  const truncation = moved * (4 / 3);
  const roundoff = Math.hypot(each[0], each[1]) + EPS * Math.hypot(a[0], a[1]);
  const own = truncation + roundoff;
  if (!(Number.isFinite(own) && error <= rules.reliable * own)) return "";
  const g2 = (v) => formatNumber(v, "-", ".2g");
  const why = [];
  if (truncation > bound) {
    why.push(`the step (${g2(Math.max(h[0], h[1]))}) is not small against the function's scale here: ` +
             `halving it moves the numerical gradient by ${g2(moved)}`);
  }
  if (roundoff > bound) why.push(`the tolerance (${g2(bound)}) is below the round-off of entries this large (about ${g2(roundoff)})`);
  if (!why.length) why.push(`the error is within ${rules.reliable} times the check's own error here (about ${g2(own)})`);
  return "the check is unreliable at this point: " + why.join("; ");
}

/* One row: pass if ‖a − n‖ <= atol + rtol ‖n‖ (norms by Math.hypot, which scales as Python's
 * math.hypot does); a comparison that cannot be made in floats fails. A row that does not pass
 * says, in `unreliable`, if the check itself cannot judge there (diagnose). */
export function checkRow(model, point, label, rules) {
  const a = model.grad(point[0], point[1]);
  const n = centralGradient(model, point, rules);
  const finite = a.every(Number.isFinite) && n.every(Number.isFinite);
  const error = Math.hypot(a[0] - n[0], a[1] - n[1]);
  const bound = rules.atol + (rules.rtol ? rules.rtol * Math.hypot(n[0], n[1]) : 0);
  const passed = finite && Number.isFinite(error) && Number.isFinite(bound) && error <= bound;
  const norm = Math.hypot(a[0], a[1]);
  const unreliable = passed || !finite || !Number.isFinite(norm) ? "" : diagnose(model, point, a, n, error, bound, rules);
  return { point, label, analytical: a, numerical: n, norm, error, passed, finite, unreliable };
}

/* The unreliable rows' reasons, one sentence per row, for a note under the table ("" if none). */
export function unreliableNote(rows) {
  return rows.filter((r) => r.unreliable).map((r) => `At ${formatVector(r.point, MINUS)}: ${r.unreliable}.`).join(" ");
}

/* gradfig.functions.Landscape's sample points: fractions of the domain, "sample 1", ... */
export function samplePoints(rules, domain) {
  const [[x0, x1], [y0, y1]] = domain;
  return rules.samples.map(([a, b], i) => ({ point: [x0 + a * (x1 - x0), y0 + b * (y1 - y0)], label: `sample ${i + 1}` }));
}

export function gradientCheck(model, rules) {
  return samplePoints(rules, model.domain).map((s) => checkRow(model, s.point, s.label, rules));
}

/* A verdict in words and a glyph every text font has (gradfig.check.VERDICT_CELLS). */
export const PASS = "✓ pass", FAIL = "✗ FAIL", UNRELIABLE = "? unreliable";
export const CHECK_HEAD = ["point", "label", "analytical ∇f", "numerical ∇f", "‖∇f‖", "error", "check"];

/* A row's cells as the chapter's check tables print them (chapter.playground.check_html:
 * gradfig.check.format_vector, format_norm, format_error, typographic minus signs). */
export function checkCells(r) {
  const error = r.finite ? formatError(r.error, MINUS) : "not finite";
  return [formatVector(r.point, MINUS), r.label, formatVector(r.analytical, MINUS),
          formatVector(r.numerical, MINUS), formatNorm(r.norm, MINUS), error,
          r.passed ? PASS : r.unreliable ? UNRELIABLE : FAIL];
}
