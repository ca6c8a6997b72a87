// drawing.mjs on every registry landscape's payload, as Python writes it (goldens: figure.json,
// plotly.py's typed arrays) and as the playground builds it (figure.mjs, plain arrays): the
// traces plotly is handed draw the same picture as the figure's own.
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { criticalPoints } from "../../src/gradfig/figures/assets/critical.mjs";
import { drawnFigure } from "../../src/gradfig/figures/assets/drawing.mjs";
import { payload } from "../../src/gradfig/figures/assets/figure.mjs";
import { golden, playgroundEnv } from "./goldens.mjs";

const G = golden("figure");
const env = await playgroundEnv();

const DTYPES = { f8: Float64Array, f4: Float32Array };
function flat(value) {
  if (Array.isArray(value)) return value.flat(Infinity);
  const bytes = Buffer.from(value.bdata, "base64");
  return Array.from(new DTYPES[value.dtype](bytes.buffer, bytes.byteOffset, bytes.length / DTYPES[value.dtype].BYTES_PER_ELEMENT));
}

/* The line segments a mode-"lines" trace strokes, each as an unordered pair, as a sorted list. */
function strokes(trace) {
  const out = [];
  for (let i = 1; i < trace.x.length; i++) {
    const a = [trace.x[i - 1], trace.y[i - 1]], b = [trace.x[i], trace.y[i]];
    if (a.includes(null) || b.includes(null)) continue;
    out.push([a, b].map(String).sort().join(" "));
  }
  return [...new Set(out)].sort();
}

/* Python's payload and the playground's, for each registry landscape. */
const FIGURES = G.flatMap((c) => {
  const model = landscape(env, c.formula, c.domain);
  const js = payload(env.figure, env.field, model, criticalPoints(model, env.critical)).figure;
  return [[`${c.name} (Python's payload)`, c.payload.figure], [`${c.name} (the playground's)`, js]];
});

for (const [name, figure] of FIGURES) {
  test(`${name}: the same picture in fast traces`, () => {
    const before = JSON.stringify(figure);
    const drawn = drawnFigure(figure);
    assert.equal(JSON.stringify(figure), before, "the figure itself is not changed");
    // The layout as it was, but for tick labels plotly does not re-measure for overflow.
    const { xaxis, yaxis, ...layout } = drawn.layout;
    const { xaxis: fx, yaxis: fy, ...figureLayout } = figure.layout;
    assert.deepEqual(layout, figureLayout);
    assert.deepEqual(xaxis, { ...fx, ticklabeloverflow: "allow" });
    assert.deepEqual(yaxis, { ...fy, ticklabeloverflow: "allow" });
    const [contour, arrows, ...rest] = figure.data;
    const [colours, curves, bar, joined, ...rest2] = drawn.data;
    assert.deepEqual(rest2, rest, "the critical points, drawn last, as they were");

    // Colours: the same samples, one image pixel each, scaled smoothly; no scale of its own.
    assert.equal(colours.type, "heatmap");
    assert.equal(colours.zsmooth, "fast");
    assert.equal(colours.showscale, false);
    for (const k of ["x", "y", "z", "colorscale"]) assert.deepEqual(colours[k], contour[k], k);
    // Level curves: the same trace without its fill and scale.
    assert.equal(curves.type, "contour");
    assert.deepEqual(curves.contours, { ...contour.contours, coloring: "lines" });
    assert.deepEqual(curves.colorscale, [[0, contour.line.color], [1, contour.line.color]]);
    assert.equal(curves.showscale, false);
    assert.equal(curves.colorbar, undefined);
    for (const k of ["x", "y", "z", "ncontours", "line", "hoverinfo"]) assert.deepEqual(curves[k], contour[k], k);

    // The colour bar: the figure's own contour trace, over f's two extremes (plotly's levels
    // depend on nothing else), wholly beyond the axes so its fill is never drawn.
    const { x, y, z, ...own } = contour;
    const { x: bx, y: by, z: bz, colorbar, ...barOwn } = bar;
    const { colorbar: ownBar, ...ownRest } = own;
    assert.deepEqual(barOwn, ownRest);
    assert.deepEqual(colorbar, { ...ownBar, ticklabeloverflow: "allow" });
    const values = flat(z);
    assert.deepEqual(bz, [[Math.min(...values), Math.max(...values)], [Math.min(...values), Math.max(...values)]]);
    const [x0, x1] = figure.layout.xaxis.range, [y0, y1] = figure.layout.yaxis.range;
    assert.ok(Math.min(...bx) > Math.max(x0, x1) && Math.min(...by) > Math.max(y0, y1), `${bx} ${by}`);

    // Arrows: every stroke as before, one line (one SVG path) per arrow instead of two.
    const { x: ax, y: ay, ...arrowOwn } = arrows;
    const { x: jx, y: jy, ...joinedOwn } = joined;
    assert.deepEqual(joinedOwn, arrowOwn);
    assert.deepEqual(strokes(joined), strokes(arrows));
    const lines = (t) => t.x.filter((v, i) => v !== null && (i === 0 || t.x[i - 1] === null)).length;
    assert.equal(lines(joined) * 2, lines(arrows));
    assert.ok(lines(joined) > 200, String(lines(joined)));
  });
}

test("a figure of another shape is handed over as it is", () => {
  const figure = G[0].payload.figure;
  const [contour, arrows] = figure.data;
  const odd = [
    // uneven samples: one image pixel per sample would misplace them
    { ...contour, x: [0, 1, 3], y: [0, 1, 2], z: [[0, 1, 2], [1, 2, 3], [2, 3, 4]] },
    { ...contour, contours: { coloring: "fill" } },
    { ...arrows, x: [0, 1, null, 2, 3, null, 4, 5, 6], y: [0, 1, null, 2, 3, null, 4, 5, 6] }, // a head short
    { ...arrows, x: [0, 1, null, 0, 2, 0], y: [0, 1, null, 0, 2, 0] }, // the head's tip is not the shaft's
    { type: "scatter", mode: "markers", x: [0], y: [0] },
  ];
  for (const trace of odd) {
    assert.deepEqual(drawnFigure({ ...figure, data: [trace] }).data, [trace], JSON.stringify(trace).slice(0, 80));
  }
  // No explicit axis ranges: the colour bar's trace could not be placed beyond them.
  const free = { ...figure, layout: { ...figure.layout, xaxis: {}, yaxis: {} } };
  assert.deepEqual(drawnFigure(free).data[0], contour);
  // A contour without its scale needs no colour-bar trace.
  const noScale = drawnFigure({ ...figure, data: [{ ...contour, showscale: false }] }).data;
  assert.deepEqual(noScale.map((t) => t.type), ["heatmap", "contour"]);
});
