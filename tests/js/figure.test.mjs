// figure.mjs against gradfig.figures.page.payload_data (goldens: figure.json): a registry
// landscape typed into the playground is drawn as the library draws it. Numbers to plotly's
// 5 significant digits or 1e-12; critical points compared as sets (Python lists the registry's
// exact ones first).
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { criticalPoints } from "../../src/gradfig/figures/assets/critical.mjs";
import { payload } from "../../src/gradfig/figures/assets/figure.mjs";
import { golden, playgroundEnv } from "./goldens.mjs";

const G = golden("figure");
const env = await playgroundEnv();

const DTYPES = { f8: Float64Array, f4: Float32Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array,
                 u2: Uint16Array, i4: Int32Array, u4: Uint32Array };

/* plotly.py's typed arrays ({dtype, bdata, shape}) as nested JavaScript arrays. */
function decode(value) {
  if (!value || typeof value !== "object" || !("bdata" in value)) return value;
  const bytes = Buffer.from(value.bdata, "base64");
  const flat = Array.from(new DTYPES[value.dtype](bytes.buffer, bytes.byteOffset, bytes.length / DTYPES[value.dtype].BYTES_PER_ELEMENT));
  if (!value.shape) return flat;
  const [rows, cols] = String(value.shape).split(",").map(Number);
  return Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
}

const isNumber = (v) => typeof v === "number";

/* Deep comparison: equal keys, strings and booleans; numbers approximately. */
function same(js, py, path = "") {
  py = decode(py);
  if (Array.isArray(py)) {
    assert.ok(Array.isArray(js), path);
    assert.equal(js.length, py.length, path);
    py.forEach((v, i) => same(js[i], v, `${path}[${i}]`));
  } else if (py && typeof py === "object") {
    assert.deepEqual(Object.keys(js).sort(), Object.keys(py).sort(), path);
    for (const k of Object.keys(py)) same(js[k], py[k], `${path}.${k}`);
  } else if (isNumber(py) && isNumber(js)) {
    // 5 significant digits each (plotly.py rounds the arrows): one unit in the last place apart.
    assert.ok(Math.abs(js - py) <= 2e-5 * Math.abs(py) + 1e-12, `${path}: ${js} vs ${py}`);
  } else {
    assert.equal(js, py, path);
  }
}

/* The critical-point trace's points in one order (by x, then y, to 9 digits). */
function sortMarkers(trace) {
  const r9 = (v) => Math.round(v * 1e9) / 1e9;
  const xs = decode(trace.x), ys = decode(trace.y);
  const order = xs.map((_, i) => i).sort((a, b) => r9(xs[a]) - r9(xs[b]) || r9(ys[a]) - r9(ys[b]));
  for (const key of ["x", "y", "text"]) { const v = decode(trace[key]); trace[key] = order.map((i) => v[i]); }
  trace.marker.symbol = order.map((i) => trace.marker.symbol[i]);
}

for (const c of G) {
  test(`the browser draws ${c.name} as Python does`, () => {
    const model = landscape(env, c.formula, c.domain);
    const js = structuredClone({ ...payload(env.figure, env.field, model, criticalPoints(model, env.critical)), evaluator: undefined });
    delete js.evaluator;
    const py = c.payload;
    if (py.figure.data[2]) { sortMarkers(js.figure.data[2]); sortMarkers(py.figure.data[2]); }
    for (const key of ["name", "title", "formula"]) { delete js[key]; delete py[key]; }
    same(js, py);
  });
}
