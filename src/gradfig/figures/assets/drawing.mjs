/*
 * How the field component hands a field's figure to plotly.js: a pure module (no DOM). The
 * figure (gradfig.figures.interactive.gradient_field, or figure.mjs for the playground) says what
 * the field shows; drawnFigure gives plotly the same picture in traces it draws in a fraction of
 * the time, so that no draw holds the page for long (issue 20). Checked in Node on every registry
 * landscape's payload (tests/js/drawing.test.mjs). A leaf: imports nothing (the standalone field
 * page maps it to a data: URL).
 *
 * What plotly.js 4 spends a field's draw on (Chromium's CPU profile of the page, 1280 px), and
 * what is drawn instead:
 * - A contour trace coloured as a heatmap fills the plot pixel by pixel in JavaScript (its fill is
 *   always zsmooth "best": ~250,000 interpolated pixels, half the draw). Here the colours are a
 *   heatmap with zsmooth "fast": one image pixel per sample, which the browser scales smoothly
 *   (pixel centres on the samples, so it sits under the level curves as before); the level curves
 *   are a contour trace with no fill (its lines coloured by a scale of the one line colour). The colour bar stays a contour trace's own (the gradient,
 *   a tick at every few levels, the level lines across it): a contour trace over f's two extreme
 *   values (plotly's levels depend on them alone) placed outside the axes, whose fill is
 *   therefore never computed.
 * - The arrows (figure_factory.create_quiver's shape: every shaft, then every head) become one
 *   line per arrow, tail → tip → one barb → tip → other barb: plotly writes one SVG path per
 *   line, so 289 instead of 578, with the same strokes.
 * - Tick labels: unless told otherwise, plotly checks after placing each tick label whether any
 *   label overflows the plot's div (ticklabeloverflow "hide past div"), measuring every label
 *   again each time: a forced layout per label per label, ~15 % of the draw. The field's margins
 *   hold its labels, so the axes and the colour bar say "allow" (nothing to hide, nothing hidden).
 * A figure of any other shape is handed over as it is.
 */

const TYPED = { f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array, i2: Int16Array,
                u2: Uint16Array, i1: Int8Array, u1: Uint8Array };

/* The numbers of a plotly array: a plain (nested) array or plotly.py's typed-array spec
 * {dtype, bdata (base64), shape}. */
function numbers(value) {
  if (Array.isArray(value)) return value.flat(Infinity);
  if (value && typeof value.bdata === "string" && TYPED[value.dtype]) {
    const bin = atob(value.bdata);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return Array.from(new TYPED[value.dtype](bytes.buffer));
  }
  return null;
}

/* [min, max] of the finite numbers, or null. */
function extent(values) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values || []) {
    if (typeof v === "number" && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/* An explicit numeric axis range [a, b], or null. */
function range(axis) {
  const r = axis && axis.range;
  return Array.isArray(r) && r.length === 2 && r.every(Number.isFinite) && r[0] !== r[1] ? r : null;
}

/* Evenly spaced samples (what one image pixel per sample needs), to float32's precision. */
function even(values) {
  if (!values || values.length < 2) return false;
  const step = (values[values.length - 1] - values[0]) / (values.length - 1);
  const tol = 1e-6 * (Math.abs(values[0]) + Math.abs(values[values.length - 1]) + Math.abs(step));
  return step !== 0 && values.every((v, i) => Math.abs(v - (values[0] + i * step)) <= tol);
}

/* The heatmap-coloured contour trace as three: colours, level curves, colour bar (none where
 * the trace shows no scale); null where it cannot be (uneven samples, no explicit axis ranges). */
function splitContour(trace, layout) {
  const xr = range(layout.xaxis), yr = range(layout.yaxis);
  const z = extent(numbers(trace.z));
  if (!xr || !yr || !z || !even(numbers(trace.x)) || !even(numbers(trace.y))) return null;
  const { colorbar, contours, ...rest } = trace;
  // Each trace its own typed-array spec: plotly.js caches what it decodes on the spec object,
  // and a contour reading a spec another trace decoded kept the levels of the figure before.
  const own = (v) => (v && typeof v.bdata === "string" ? { ...v } : v);
  const colours = {
    type: "heatmap", name: trace.name, x: own(trace.x), y: own(trace.y), z: own(trace.z), zsmooth: "fast",
    colorscale: trace.colorscale, showscale: false, hoverinfo: "skip",
  };
  // Lines coloured by a scale of the one line colour, not coloring "none": plotly.js 4, reacting
  // from one figure to another, keeps the automatic levels of the first for a contour with
  // coloring "none" (the bowl's levels, 1 to 7, on the ripples' f in [-1, 1]: no curves at all).
  const line = (trace.line && trace.line.color) || "#444";
  const curves = { ...rest, contours: { ...contours, coloring: "lines" }, showscale: false,
                   colorscale: [[0, line], [1, line]] };
  // Beyond the axes' far corner by a whole width: drawn, clipped away, never filled.
  const wx = Math.abs(xr[1] - xr[0]), wy = Math.abs(yr[1] - yr[0]);
  const xs = Math.max(...xr) + wx, ys = Math.max(...yr) + wy;
  const bar = {
    ...trace, x: [xs, xs + wx], y: [ys, ys + wy], z: [[z[0], z[1]], [z[0], z[1]]],
    colorbar: allowOverflow(colorbar),
  };
  return trace.showscale === false ? [colours, curves] : [colours, curves, bar];
}

/* A quiver trace's segments, or null: [[x, y], ...] runs between nulls. */
function segments(trace) {
  if (!Array.isArray(trace.x) || !Array.isArray(trace.y) || trace.x.length !== trace.y.length) return null;
  const out = [];
  let run = [];
  for (let i = 0; i < trace.x.length; i++) {
    const x = trace.x[i], y = trace.y[i];
    if (x === null || y === null) {
      if (run.length) out.push(run);
      run = [];
    } else {
      run.push([x, y]);
    }
  }
  if (run.length) out.push(run);
  return out;
}

/* create_quiver's arrows (n shafts [tail, tip], then n heads [barb, tip, barb]) as one line
 * each, or null when the trace is not of that shape. */
function joinArrows(trace) {
  const runs = segments(trace);
  if (!runs || runs.length % 2) return null;
  const n = runs.length / 2;
  const x = [], y = [];
  for (let i = 0; i < n; i++) {
    const shaft = runs[i], head = runs[n + i];
    if (shaft.length !== 2 || head.length !== 3) return null;
    const [tail, tip] = shaft;
    if (head[1][0] !== tip[0] || head[1][1] !== tip[1]) return null;
    for (const [px, py] of [tail, tip, head[0], tip, head[2]]) { x.push(px); y.push(py); }
    if (i < n - 1) { x.push(null); y.push(null); }
  }
  return { ...trace, x, y };
}

/* An axis (or colour bar) whose tick labels plotly does not re-measure for overflow. */
function allowOverflow(axis) {
  return axis && axis.ticklabeloverflow === undefined ? { ...axis, ticklabeloverflow: "allow" } : axis;
}

function isColouredContour(trace) {
  return trace.type === "contour" && trace.contours && trace.contours.coloring === "heatmap";
}

function isQuiver(trace) {
  return (trace.type === undefined || trace.type === "scatter") && trace.mode === "lines";
}

/* The figure {data, layout, ...} as the page hands it to plotly: the same picture, drawn in far
 * less time (above). The figure itself is not changed. */
export function drawnFigure(figure) {
  const data = [];
  for (const trace of figure.data) {
    const drawn = (isColouredContour(trace) && splitContour(trace, figure.layout || {}))
      || (isQuiver(trace) && joinArrows(trace));
    if (Array.isArray(drawn)) data.push(...drawn);
    else data.push(drawn || trace);
  }
  const layout = figure.layout && { ...figure.layout, xaxis: allowOverflow(figure.layout.xaxis),
                                                      yaxis: allowOverflow(figure.layout.yaxis) };
  return { ...figure, data, layout };
}
