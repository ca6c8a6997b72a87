/*
 * A field's figure and payload: a pure module (no DOM) mirroring
 * gradfig.figures.interactive.gradient_field / theme_patch and gradfig.figures.page.payload_data,
 * so a formula typed in the browser is drawn as the library draws a registry landscape; checked
 * in Node against Python's payloads for the registry (tests/js/figure.test.mjs). Sizes, colours
 * and markers from env.figure (chapter.playground.settings()["figure"]).
 */
import { linspace } from "./domain.mjs";

function norm2(v) { return Math.hypot(v[0], v[1]); }

/* numpy.round: half to even. */
export function roundHalfEven(v) {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : r;
}

/* gradfig.figures.interactive.round_sig */
export function roundSig(v, digits) {
  let e = Math.floor(Math.log10(Math.abs(v)));
  if (!Number.isFinite(e)) e = 0;
  const scale = Math.pow(10, digits - 1 - e);
  return roundHalfEven(v * scale) / scale;
}

/* gradfig.figures.static.log_colour: a log(1 + f) scale when f >= 0 and its top dwarfs it. */
export function logColour(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mid = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const lo = sorted[0], hi = sorted[n - 1];
  return lo >= 0 && hi - lo > 6 * Math.max(mid - lo, 1e-12);
}

/* The arrows as plotly.figure_factory.create_quiver draws them (scatter lines). */
function arrowTrace(model, n, style, digits) {
  const [[x0, x1], [y0, y1]] = model.domain;
  const step = Math.min(x1 - x0, y1 - y0) / n;
  const xs = Array.from({ length: n }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / n);
  const ys = Array.from({ length: n }, (_, j) => y0 + ((j + 0.5) * (y1 - y0)) / n);
  let pts = [];
  for (const y of ys) for (const x of xs) pts.push({ x, y, g: model.grad(x, y) });
  pts.forEach((p) => { p.n = Math.hypot(p.g[0], p.g[1]); });
  let max = Math.max(...pts.map((p) => p.n));
  pts = pts.filter((p) => p.n > 1e-12 * Math.max(max, 1));
  max = Math.max(...pts.map((p) => p.n));
  const bx = [], by = [], ax = [], ay = [];
  const angle = Math.PI / 7;
  for (const p of pts) {
    const length = step * 0.85 * (0.3 + 0.7 * Math.sqrt(p.n / max));
    const u = (p.g[0] / p.n) * length, v = (p.g[1] / p.n) * length;
    const ex = p.x + u, ey = p.y + v;
    bx.push(p.x, ex, null); by.push(p.y, ey, null);
    const dx = ex - p.x, dy = ey - p.y;
    const len = Math.hypot(dx, dy) * 0.3;
    const ang = Math.atan2(dy, dx);
    ax.push(ex - len * Math.cos(ang + angle), ex, ex - len * Math.cos(ang - angle), null);
    ay.push(ey - len * Math.sin(ang + angle), ey, ey - len * Math.sin(ang - angle), null);
  }
  const round = (arr) => arr.map((v) => (v === null ? null : roundSig(v, digits)));
  return {
    hoverinfo: "skip", line: { color: style.arrow, width: 1.1 }, mode: "lines", name: "∇f",
    showlegend: false, x: round(bx.concat(ax)), y: round(by.concat(ay)), type: "scatter",
  };
}

function labelFont(style) { return { color: style.marker, shadow: "auto", size: 12, weight: "bold" }; }

/* gradfig.figures.interactive.gradient_field(landscape, "light") as plotly JSON. `F`: env.figure. */
/* The static figures' colour bar: the same label, and on the log scale f's own values as ticks
   at their log(1 + f) places (gradfig.figures.static.colour_bar_label, log_ticks). */
function colourBar(C, log, values) {
  const bar = { len: 1.0, outlinewidth: 0, thickness: 14, title: { side: "right", text: log ? C.logLabel : C.label } };
  if (!log) return bar;
  const top = values.reduce((m, v) => (v > m ? v : m), -Infinity);
  const ticks = C.logTicks.filter((t) => t <= top);
  return { ...bar, tickvals: ticks.map(Math.log1p), ticktext: ticks.map(String) };
}

export function figure(F, model, crit) {
  const style = F.themes.light;
  const [[x0, x1], [y0, y1]] = model.domain;
  const xs = linspace(x0, x1, F.grid), ys = linspace(y0, y1, F.grid);
  const z = ys.map((y) => xs.map((x) => model.f(x, y)));
  const log = logColour(z.flat());
  const data = [{
    colorbar: colourBar(F.colourBar, log, z.flat()),
    colorscale: F.colorscale,
    contours: { coloring: "heatmap", showlines: true },
    hoverinfo: "skip", line: { color: style.level, width: 1 }, name: "f", ncontours: 16,
    x: xs, y: ys, z: log ? z.map((row) => row.map(Math.log1p)) : z, type: "contour",
  }, arrowTrace(model, F.arrows, style, F.digits)];
  if (crit.length) {
    data.push({
      cliponaxis: false, hoverinfo: "skip",
      marker: { color: style.marker, line: { color: style.marker, width: 2 }, size: 11,
                symbol: crit.map((c) => F.markers[c.kind]) },
      mode: "markers+text", name: "critical points", showlegend: false, text: crit.map((c) => c.kind),
      textfont: labelFont(style), textposition: "top center",
      x: crit.map((c) => c.point[0]), y: crit.map((c) => c.point[1]), type: "scatter",
    });
  }
  const layout = {
    template: { data: { scatter: [{ type: "scatter" }] } },
    margin: { l: 48, r: 8, t: 12, b: 42 },
    font: { family: F.font, size: 13, color: style.ink },
    xaxis: { title: { text: "x" }, range: [x0, x1], constrain: "domain", showgrid: false, zeroline: false, ticks: "outside" },
    yaxis: { title: { text: "y" }, range: [y0, y1], scaleanchor: "x", scaleratio: 1, constrain: "domain",
             showgrid: false, zeroline: false, ticks: "outside" },
    autosize: true, showlegend: false, dragmode: false, hovermode: false,
    paper_bgcolor: style.paper, plot_bgcolor: style.paper,
  };
  return { data, layout };
}

/* gradfig.figures.interactive.theme_patch. */
export function themePatch(F, theme, hasCritical) {
  const style = F.themes[theme];
  const traces = [{ line: { color: style.level } }, { line: { color: style.arrow } }];
  if (hasCritical) {
    traces.push({ textfont: { color: style.marker }, marker: { color: style.marker, line: { color: style.marker } } });
  }
  return { layout: { font: { color: style.ink }, paper_bgcolor: style.paper, plot_bgcolor: style.paper }, traces };
}

/* gradfig.figures.page.payload_data (a field's payload) plus the evaluator, for the field
 * component; `name` is the field's name on the page. */
export function payload(F, name, model, crit) {
  const [[x0, x1], [y0, y1]] = model.domain;
  const xs = linspace(x0, x1, F.payloadGrid), ys = linspace(y0, y1, F.payloadGrid);
  let gmax = 0;
  for (const y of ys) {
    for (const x of xs) {
      const n = norm2(model.grad(x, y));
      if (n > gmax) gmax = n;
    }
  }
  return {
    name, title: "Your function", formula: model.formula,
    domain: model.domain.map((d) => d.slice()),
    gmax, keyStep: F.keyStep * (x1 - x0),
    start: [(x0 + x1) / 2 + (x1 - x0) / 8, (y0 + y1) / 2 + (y1 - y0) / 8],
    figure: figure(F, model, crit),
    themes: { light: themePatch(F, "light", crit.length > 0), dark: themePatch(F, "dark", crit.length > 0) },
    evaluator: { f: model.f, grad: model.grad },
  };
}
