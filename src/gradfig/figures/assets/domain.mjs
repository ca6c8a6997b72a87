/*
 * The domain rules: a pure module (no DOM) mirroring the CLI's --domain parsing and
 * gradfig.custom.check_domain / _check_finite, checked in Node against golden cases that Python
 * writes, messages included (tests/js/domain.test.mjs). Rules from env.domain
 * (chapter.playground.settings()["domain"]).
 */
import { formatG } from "./format.mjs";
import { InputError, evaluateConstant, refuse, shorten } from "./grammar.mjs";

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/* One of the four parts: a number as Python's float() reads it, or a constant formula (pi/2). */
export function parseCoordinate(env, part) {
  if (PLAIN_NUMBER.test(part)) return Number(part);
  const special = SPECIAL.exec(part);
  if (special) return special[2].toLowerCase() === "nan" ? NaN : (special[1] === "-" ? -Infinity : Infinity);
  try {
    return evaluateConstant(env, part);
  } catch (err) {
    if (err instanceof InputError) refuse(`'${shorten(part)}' is not a number`);
    throw err;
  }
}

/* "xmin, xmax, ymin, ymax" -> {values, text (normalised), domain [[x0, x1], [y0, y1]]}. */
export function parseDomain(env, text) {
  const parts = String(text).split(",").map((p) => p.trim());
  if (parts.length !== 4 || parts.some((p) => !p)) {
    refuse("give 4 comma-separated numbers xmin, xmax, ymin, ymax, e.g. -2, 2, -2, 2");
  }
  const values = parts.map((p) => parseCoordinate(env, p));
  return { values, text: parts.join(","), domain: checkDomain(env.domain, values) };
}

/* gradfig.custom._shortest: as few significant digits (%g) as name the value exactly. */
export function shortest(v) {
  for (let digits = 1; digits < 18; digits++) {
    const text = formatG(v, digits);
    if (Number(text) === v) return text;
  }
  return String(v);
}

/* gradfig.custom.check_domain, with its messages. */
export function checkDomain(rules, values) {
  const labels = ["xmin", "xmax", "ymin", "ymax"];
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) refuse(`${labels[i]} is not a finite number (${formatG(v)})`);
    if (Math.abs(v) > rules.maxCoordinate) {
      refuse(`${labels[i]} = ${shortest(v)} is beyond the limit (|coordinates| up to ${formatG(rules.maxCoordinate)})`);
    }
  });
  const [x0, x1, y0, y1] = values;
  for (const [axis, lo, hi] of [["x", x0, x1], ["y", y0, y1]]) {
    if (lo >= hi) refuse(`${axis}min (${shortest(lo)}) must be less than ${axis}max (${shortest(hi)})`);
    const least = 1e-6 * Math.max(Math.abs(lo), Math.abs(hi));
    if (hi - lo <= least) {
      refuse(`the ${axis} range [${shortest(lo)}, ${shortest(hi)}] is too narrow to draw: its width, ` +
             `${formatG(hi - lo, 3)}, must be more than a millionth of its largest |coordinate| (${formatG(least, 3)})`);
    }
  }
  const ratio = (x1 - x0) / (y1 - y0);
  if (!(1 / rules.maxAspect <= ratio && ratio <= rules.maxAspect)) {
    const wide = ratio > 1;
    refuse(`the domain is ${formatG(Math.max(ratio, 1 / ratio), 3)} times ${wide ? "wider" : "taller"} than ` +
           `${wide ? "tall" : "wide"}; x and y are drawn at the same scale, so keep it within ${formatG(rules.maxAspect)}:1`);
  }
  return [[x0, x1], [y0, y1]];
}

/* numpy.linspace: start + i * step, the last point exactly stop. */
export function linspace(a, b, n) {
  const step = (b - a) / (n - 1);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = i * step + a;
  out[n - 1] = b;
  return out;
}

/* gradfig.custom._grids: cell centres, then a grid with the edges; rows are y. */
export function checkGrids(rules, domain) {
  const [[x0, x1], [y0, y1]] = domain;
  const [cellsN, edgesN] = rules.checkGrids;
  const cells = Array.from({ length: cellsN }, (_, i) => (i + 0.5) / cellsN);
  const edges = linspace(0, 1, edgesN);
  return [cells, edges].map((t) => [t.map((v) => x0 + v * (x1 - x0)), t.map((v) => y0 + v * (y1 - y0))]);
}

/* f and ∇f finite on the check grids and f not constant (gradfig.custom._check_finite), with
 * Python's messages. `model`: {domain, f(x, y), grad(x, y)}. */
export function checkFinite(rules, model) {
  const where = (what, bad) => {
    const [x, y] = bad.at;
    refuse(`${what} is ${bad.nan ? "undefined" : "infinite"} at (${formatG(x)}, ${formatG(y)}), inside the ` +
           "domain: choose a domain where it is defined");
  };
  // Python reports the first point where it is not finite, and calls it undefined if it is NaN
  // anywhere there, infinite otherwise.
  const note = (bad, x, y, nan) => {
    if (!bad) return { at: [x, y], nan };
    bad.nan = bad.nan || nan;
    return bad;
  };
  for (const [xs, ys] of checkGrids(rules, model.domain)) {
    // One pass; Python looks at f over the whole grid first, then at ∇f: report in that order.
    let lo = Infinity, hi = -Infinity, badF = null, badG = null;
    for (const y of ys) {
      for (const x of xs) {
        const v = model.f(x, y);
        if (!Number.isFinite(v)) {
          badF = note(badF, x, y, Number.isNaN(v));
          continue;
        }
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (badF) continue; // f's problem is the one reported
        const [gx, gy] = model.grad(x, y);
        if (!(Number.isFinite(gx) && Number.isFinite(gy))) badG = note(badG, x, y, Number.isNaN(gx) || Number.isNaN(gy));
      }
    }
    if (badF) where("the formula", badF);
    if (badG) where("its gradient", badG);
    if (hi - lo === 0) refuse("the formula is constant over the domain: there is no gradient to draw");
  }
}
