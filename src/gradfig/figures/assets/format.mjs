/*
 * Numbers as gradfig's Python prints them: a pure module (no DOM), checked in Node against golden
 * cases that Python writes (tests/js/format.test.mjs).
 *
 * Python's format() rounds the exact binary value half to even; JavaScript's toFixed and
 * toExponential round a tie away from zero (0.125 -> "0.13", Python "0.12"). Ties are real here:
 * 0.03125 is a gradient norm of x^2 at 1/64. So every number is first written out exactly (a
 * double is m * 2^e, and m * 5^-e is an integer of at most 767 digits), and rounded on its digits.
 *
 * A leaf: imports nothing, so the standalone field page can map it to a data: URL.
 */

export const MINUS = "\u2212";

/* The exact decimal digits of a finite x >= 0: x = 0.<digits> * 10^point (digits has no leading
 * or trailing zeros; "" for 0). */
function exactDigits(x) {
  if (x === 0) return { digits: "", point: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2 = -1074; // subnormal
  if (biased) { m |= 1n << 52n; e2 = biased - 1075; }
  let digits, scale;
  if (e2 >= 0) { digits = (m << BigInt(e2)).toString(); scale = 0; }
  else { digits = (m * 5n ** BigInt(-e2)).toString(); scale = -e2; }
  const point = digits.length - scale;
  return { digits: digits.replace(/0+$/, ""), point };
}

/* The first `keep` digits of {digits, point}, rounded half to even on the rest. keep may be
 * zero or negative (the number rounds to 0 or to one unit in the place kept). */
function roundDigits({ digits, point }, keep) {
  if (keep >= digits.length) return { digits, point };
  if (keep < 0) return { digits: "", point };
  const head = digits.slice(0, keep);
  const first = digits.charCodeAt(keep) - 48;
  const rest = digits.slice(keep + 1);
  const last = keep > 0 ? digits.charCodeAt(keep - 1) - 48 : 0;
  const up = first > 5 || (first === 5 && (/[1-9]/.test(rest) || last % 2 === 1));
  if (!up) return { digits: head.replace(/0+$/, ""), point };
  // Add one unit in the last kept place.
  const chars = head.split("");
  let i = chars.length - 1;
  while (i >= 0 && chars[i] === "9") chars[i--] = "0";
  if (i < 0) return { digits: "1", point: point + 1 };
  chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
  return { digits: chars.join("").replace(/0+$/, ""), point };
}

function pad(digits, n) { return digits.length >= n ? digits : digits + "0".repeat(n - digits.length); }

function exponent(e) { return (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0"); }

/* Python's format(x, ".<p>e") of a finite x >= 0. */
function fixedE(x, p) {
  let d = exactDigits(x);
  if (!d.digits) return "0" + (p ? "." + "0".repeat(p) : "") + "e+00";
  d = roundDigits(d, p + 1);
  const all = pad(d.digits, p + 1);
  return all[0] + (p ? "." + all.slice(1) : "") + "e" + exponent(d.point - 1);
}

/* Python's format(x, ".<p>f") of a finite x >= 0. */
function fixedF(x, p) {
  const exact = exactDigits(x);
  const d = roundDigits(exact, exact.point + p);
  if (!d.digits) return "0" + (p ? "." + "0".repeat(p) : "");
  const intDigits = d.point > 0 ? pad(d.digits, d.point).slice(0, d.point) : "0";
  const frac = d.point >= 0 ? d.digits.slice(d.point) : "0".repeat(-d.point) + d.digits;
  return intDigits + (p ? "." + pad(frac, p).slice(0, p) : "");
}

/* Python's format(x, ".<p>g") of a finite x >= 0 (trailing zeros removed). */
function general(x, p) {
  p = p || 1;
  let d = exactDigits(x);
  if (!d.digits) return "0";
  d = roundDigits(d, p);
  const exp = d.point - 1;
  const strip = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp >= -4 && exp < p) return strip(fixedF(x, p - 1 - exp));
  const all = d.digits;
  return strip(all[0] + "." + all.slice(1)) + "e" + exponent(exp);
}

/* Python's format(value, spec) for the specs gradfig uses: ".<p>g", ".<p>e", ".<p>f". */
export function pyFormat(value, spec = ".6g") {
  const m = /^\.(\d+)([efg])$/.exec(spec);
  if (!m) throw new Error("gradfig format: unsupported spec " + spec);
  const p = Number(m[1]), kind = m[2];
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const x = Math.abs(value);
  const text = kind === "e" ? fixedE(x, p) : kind === "f" ? fixedF(x, p) : general(x, p);
  return sign + text;
}

/* Python's format(v, ".<digits>g"), e.g. in messages: 1e+06, 0.5, -0. */
export function formatG(v, digits = 6) { return pyFormat(v, "." + digits + "g"); }

/* gradfig.check.format_number: -0 prints as 0; the minus sign as given. */
export function formatNumber(value, minus = "-", spec = ".6g") {
  const text = pyFormat(value + 0, spec); // -0 + 0 is 0, as -0.0 + 0.0 is in Python
  return minus === "-" ? text : text.replace(/-/g, minus);
}

/* gradfig.check.format_vector: "(21.52, -8.8)". */
export function formatVector(values, minus = "-") {
  return "(" + values.map((v) => formatNumber(v, minus)).join(", ") + ")";
}

/* gradfig.check.format_norm: four decimals; scientific from a million; "overflow" beyond floats. */
export function formatNorm(value, minus = "-") {
  if (!Number.isFinite(value)) return "overflow";
  return formatNumber(value, minus, Math.abs(value) < 1e6 ? ".4f" : ".4e");
}

/* gradfig.check.format_error: "1.2e-08"; "overflow" beyond floats. */
export function formatError(value, minus = "-") {
  return Number.isFinite(value) ? formatNumber(value, minus, ".1e") : "overflow";
}

/* gradfig.text.interval: "[−2, 2]", "[−π, π]" (±π by name, as math.isclose finds it). */
export function intervalText(lo, hi) {
  const edge = (v) => Math.abs(Math.abs(v) - Math.PI) <= 1e-9 * Math.max(Math.abs(v), Math.PI)
    ? (v < 0 ? MINUS : "") + "π" : formatNumber(v, MINUS, ".6g");  // Python's "g" is ".6g"
  return "[" + edge(lo) + ", " + edge(hi) + "]";
}

/* A live readout's number: four significant digits, scientific outside [1e-3, 1e5), 0 below
 * round-off (5e-13). The browser's own display (fields, the Jacobian widget): no Python prints it. */
export function readoutNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0 || Math.abs(v) < 5e-13) return "0";
  const s = Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(4);
  return s.replace("-", MINUS);
}
