/*
 * gradfig live Jacobian, its page component (DOM). Bundled and minified by esbuild
 * (chapter.bundle), and inlined by chapter.jacobian_widget in a script right after the widget:
 * it shows each widget's shell while the page is parsed (so nothing below it moves later) and
 * draws the widget, once, when it nears the viewport (mountWhenNear).
 *
 * window.gradfigJacobianMaps (the payload: an inline script of the page, written by
 * chapter.jacobian_widget) holds each map's data and its evaluator {f, jac}, printed by SymPy
 * from the registry. Two SVG panels are drawn with plain SVG:
 * the input plane (the point x0, the grid x0 + D, e1 and e2) and the output plane (the grid's true
 * image f(x0 + D), its linear image f(x0) + J D, and J e1, J e2 from f(x0)).
 *
 * Curves live in a group whose transform maps data to the panel, so their points are data
 * coordinates (String(number), full precision) and a test can check them against f exactly.
 *
 * Readout contract: [data-gradfig-jacobian="<map>"] holds .gradfig-jac__readout with data-x1,
 * data-x2 and data-j11, data-j12, data-j21, data-j22 = String(number) at the current point.
 */
import { readoutNumber as fmt } from "../../../src/gradfig/figures/assets/format.mjs";
import { started, whenReady } from "../../../src/gradfig/figures/assets/load.mjs";

const NS = "http://www.w3.org/2000/svg";
const SIZE = 360;                                           // viewBox of each (square) panel
// The plot area is square, so a map of the plane to itself shows equal scales on both axes.
const PLOT = { left: 58, top: 10, right: 350, bottom: 302 };
const SAMPLES = 25;                                         // points along each grid line
const HEAD = 10;                                            // arrowhead length (viewBox units)
let serial = 0;

function el(tag, attrs, parent) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

/* A panel: data range -> viewBox units, with axes, ticks and a clipped data group. */
class Panel {
  constructor(host, id, label, role) {
    this.svg = el("svg", { viewBox: `0 0 ${SIZE} ${SIZE}`, class: "gradfig-jac__svg", role,
                           "aria-label": label });
    host.appendChild(this.svg);
    const clip = el("clipPath", { id: id + "-clip" }, el("defs", {}, this.svg));
    el("rect", { x: PLOT.left, y: PLOT.top, width: PLOT.right - PLOT.left,
                 height: PLOT.bottom - PLOT.top }, clip);
    this.axes = el("g", { class: "gradfig-jac__axes", "aria-hidden": "true" }, this.svg);
    const clipped = el("g", { "clip-path": `url(#${id}-clip)` }, this.svg);
    this.data = el("g", { class: "gradfig-jac__data" }, clipped);
    this.marks = el("g", { class: "gradfig-jac__marks", "aria-hidden": "true" }, clipped);
    this.labels = el("g", { class: "gradfig-jac__labels", "aria-hidden": "true" }, this.svg);
  }

  setView(view, ticks, names) {
    const [[x0, x1], [y0, y1]] = view;
    this.view = view;
    this.sx = (PLOT.right - PLOT.left) / (x1 - x0);
    this.sy = (PLOT.bottom - PLOT.top) / (y1 - y0);
    this.data.setAttribute("transform",
      `matrix(${this.sx} 0 0 ${-this.sy} ${PLOT.left - x0 * this.sx} ${PLOT.bottom + y0 * this.sy})`);
    const a = this.axes;
    a.textContent = "";
    el("rect", { class: "gradfig-jac__frame", x: PLOT.left, y: PLOT.top,
                 width: PLOT.right - PLOT.left, height: PLOT.bottom - PLOT.top }, a);
    for (const [v, text] of ticks[0]) {
      const [px] = this.px(v, y0);
      el("line", { class: "gradfig-jac__gridline", x1: px, y1: PLOT.top, x2: px, y2: PLOT.bottom }, a);
      el("text", { class: "gradfig-jac__tick", x: px, y: PLOT.bottom + 17, "text-anchor": "middle" }, a)
        .textContent = text;
    }
    for (const [v, text] of ticks[1]) {
      const [, py] = this.px(x0, v);
      el("line", { class: "gradfig-jac__gridline", x1: PLOT.left, y1: py, x2: PLOT.right, y2: py }, a);
      el("text", { class: "gradfig-jac__tick", x: PLOT.left - 6, y: py + 4, "text-anchor": "end" }, a)
        .textContent = text;
    }
    el("text", { class: "gradfig-jac__axis", x: (PLOT.left + PLOT.right) / 2, y: SIZE - 18,
                 "text-anchor": "middle" }, a).textContent = names[0];
    el("text", { class: "gradfig-jac__axis", x: 9, y: (PLOT.top + PLOT.bottom) / 2 + 5,
                 "text-anchor": "middle" }, a).textContent = names[1];
  }

  px(x, y) {
    const [[x0], [y0]] = this.view;
    return [PLOT.left + (x - x0) * this.sx, PLOT.bottom - (y - y0) * this.sy];
  }

  toData(svgX, svgY) {
    const [[x0], [y0]] = this.view;
    return [x0 + (svgX - PLOT.left) / this.sx, y0 + (PLOT.bottom - svgY) / this.sy];
  }
}

/* Polylines in data coordinates inside a group, created once per count. */
function polylines(group, count, cls) {
  group.textContent = "";
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(el("polyline", { class: cls }, group));
  return lines;
}
const pointsAttr = (pts) => pts.map((p) => p[0] + "," + p[1]).join(" ");

/* An arrow in viewBox units from (x1, y1) to (x2, y2): a shaft and a filled head. */
function arrow(parent, cls) {
  const g = el("g", { class: cls }, parent);
  return { g, shaft: el("line", {}, g), head: el("polygon", {}, g) };
}
function setArrow(a, x1, y1, x2, y2) {
  const len = Math.hypot(x2 - x1, y2 - y1);
  a.g.style.display = len < 2 ? "none" : "";
  if (len < 2) return;
  const ux = (x2 - x1) / len, uy = (y2 - y1) / len, head = Math.min(HEAD, 0.6 * len);
  const bx = x2 - ux * head, by = y2 - uy * head, w = head * 0.45;
  for (const [k, v] of Object.entries({ x1, y1, x2: bx, y2: by })) a.shaft.setAttribute(k, v);
  a.head.setAttribute("points", `${x2},${y2} ${bx - uy * w},${by + ux * w} ${bx + uy * w},${by - ux * w}`);
}

/* The direction opposite two vectors (the sum of their unit vectors, negated). */
function away(u, v) {
  const nu = Math.hypot(...u) || 1, nv = Math.hypot(...v) || 1;
  const d = [-u[0] / nu - v[0] / nv, -u[1] / nu - v[1] / nv];
  return Math.hypot(...d) > 1e-9 ? d : [-1, 1];
}

/* A text label just beyond (x, y) in direction (dx, dy), always inside the plot area (an
 * arrow running off the plot is clipped; its label stays on the plot, beside the arrow). */
function place(text, x, y, dx, dy, gap) {
  const d = Math.hypot(dx, dy) || 1, ux = dx / d, uy = dy / d;
  const w = 9 * text.textContent.length; // rough width of the bold label
  const at = (vx, vy) => {
    const anchor = vx > 0.35 ? "start" : vx < -0.35 ? "end" : "middle";
    const left = { start: 0, end: w, middle: w / 2 }[anchor];
    const cx = x + vx * gap, cy = y + vy * gap + 5;
    const inside = cx - left >= PLOT.left + 3 && cx - left + w <= PLOT.right - 3
      && cy - 12 >= PLOT.top + 3 && cy <= PLOT.bottom - 4;
    return { anchor, left, cx, cy, inside };
  };
  // Beyond the tip; else beside it, the upper side first; else the upper side, pushed in.
  const sides = [at(-uy, ux), at(uy, -ux)].sort((a, b) => a.cy - b.cy);
  const c = [at(ux, uy), ...sides].find((o) => o.inside) || sides[0];
  const tx = Math.min(PLOT.right - 3 - (w - c.left), Math.max(PLOT.left + 3 + c.left, c.cx));
  const ty = Math.min(PLOT.bottom - 4, Math.max(PLOT.top + 15, c.cy));
  text.setAttribute("x", tx);
  text.setAttribute("y", ty);
  text.setAttribute("text-anchor", c.anchor);
}

class Widget {
  constructor(root) {
    this.root = root;
    this.id = "gradfig-jac-" + (++serial);
    this.readout = root.querySelector(".gradfig-jac__readout");
    this.cells = {};
    for (const c of this.readout.querySelectorAll("[data-cell]")) this.cells[c.dataset.cell] = c;
    this.matrix = root.querySelector(".gradfig-jac__matrix");
    this.live = root.querySelector(".gradfig-jac__live");
    this.live.id = this.id + "-live";
    this.inPanel = new Panel(root.querySelector('[data-panel="in"]'), this.id + "-in", "", "group");
    this.outPanel = new Panel(root.querySelector('[data-panel="out"]'), this.id + "-out", "", "img");
    this.buildMarks();
    this.dragging = null;
    this.bindPointer();
    for (const radio of root.querySelectorAll('.gradfig-jac__maps input[type="radio"]')) {
      radio.addEventListener("change", () => { if (radio.checked) this.setMap(radio.value, true); });
    }
    const checked = root.querySelector('.gradfig-jac__maps input[type="radio"]:checked');
    this.setMap(checked ? checked.value : root.dataset.gradfigJacobian, false);
    root.classList.add("is-ready");
  }

  buildMarks() {
    const i = this.inPanel, o = this.outPanel;
    this.groups = {
      inContext: el("g", { class: "gradfig-jac__context" }, i.data),
      grid: el("g", { class: "gradfig-jac__grid" }, i.data),
      outContext: el("g", { class: "gradfig-jac__context" }, o.data),
      trueImage: el("g", { class: "gradfig-jac__true" }, o.data),
      linear: el("g", { class: "gradfig-jac__linear" }, o.data),
    };
    this.arrows = {
      e1: arrow(i.marks, "gradfig-jac__arrow gradfig-jac__c1"),
      e2: arrow(i.marks, "gradfig-jac__arrow gradfig-jac__c2"),
      je1: arrow(o.marks, "gradfig-jac__arrow gradfig-jac__c1"),
      je2: arrow(o.marks, "gradfig-jac__arrow gradfig-jac__c2"),
    };
    this.base = el("circle", { class: "gradfig-jac__base", r: 4.5 }, o.marks);
    const label = (panel, cls, text) => {
      const t = el("text", { class: "gradfig-jac__label " + cls }, panel.labels);
      t.textContent = text;
      return t;
    };
    this.text = {
      x0: label(i, "", "x₀"), e1: label(i, "gradfig-jac__c1", "e₁"), e2: label(i, "gradfig-jac__c2", "e₂"),
      fx0: label(o, "", "f(x₀)"), je1: label(o, "gradfig-jac__c1", "J e₁"),
      je2: label(o, "gradfig-jac__c2", "J e₂"),
    };
    // The point: focusable, moved by pointer or keyboard. The big transparent circle is the
    // touch target; the ring shows keyboard focus.
    this.handle = el("g", { class: "gradfig-jac__handle", tabindex: "0", role: "application",
                             "aria-roledescription": "draggable point",
                             "aria-describedby": this.live.id }, i.svg);
    el("circle", { class: "gradfig-jac__hit", r: 22 }, this.handle);
    el("circle", { class: "gradfig-jac__halo", r: 13 }, this.handle);
    el("circle", { class: "gradfig-jac__ring", r: 15 }, this.handle);
    el("circle", { class: "gradfig-jac__dot", r: 6.5 }, this.handle);
    this.handle.addEventListener("keydown", (e) => this.onKey(e));
  }

  setMap(name, announce) {
    const maps = window.gradfigJacobianMaps || {};
    const m = maps[name];
    if (!m) throw new Error("gradfig: no Jacobian map " + name);
    this.map = m;
    this.root.setAttribute("data-gradfig-jacobian", name);
    for (const p of this.root.querySelectorAll(".gradfig-jac__about")) p.hidden = p.dataset.map !== name;
    const vars = m.vars.join(", ");
    this.inPanel.svg.setAttribute("aria-label", `Input plane (${vars}) of the ${m.title.toLowerCase()} map`);
    this.outPanel.svg.setAttribute("aria-label", `Output plane (${m.outs.join(", ")}): the grid's true `
      + "image f(x₀ + Δ), its linear image f(x₀) + JΔ and the columns J e₁, J e₂ drawn from f(x₀)");
    this.handle.setAttribute("aria-label", `Point x₀ = (${vars}) where J is evaluated. `
      + "Arrow keys move it, Shift moves further.");
    this.cells.vars.textContent = vars;
    this.inPanel.setView(m.inView, m.inTicks, m.vars);
    this.outPanel.setView(m.outView, m.outTicks, m.outs);
    this.drawContext();
    const n = 2 * m.lines;
    this.lines = {
      grid: polylines(this.groups.grid, n, ""),
      trueImage: polylines(this.groups.trueImage, n, ""),
      linear: polylines(this.groups.linear, n, ""),
    };
    this.update(m.start.slice(), announce);
  }

  /* Faint coordinate lines through the input ticks and their images under f. */
  drawContext() {
    const m = this.map, f = m.evaluator.f;
    const [[a0, a1], [b0, b1]] = m.inView;
    const ins = [], outs = [];
    const add = (line) => { ins.push(line); outs.push(line.map((p) => f(p[0], p[1]))); };
    const along = (lo, hi) => Array.from({ length: 81 }, (_, s) => lo + ((hi - lo) * s) / 80);
    for (const [v] of m.inTicks[0]) add(along(b0, b1).map((t) => [v, t]));
    for (const [v] of m.inTicks[1]) add(along(a0, a1).map((t) => [t, v]));
    const draw = (group, lines) => {
      const els = polylines(group, lines.length, "");
      lines.forEach((line, k) => els[k].setAttribute("points", pointsAttr(line)));
    };
    draw(this.groups.inContext, ins);
    draw(this.groups.outContext, outs);
  }

  clamp(p) {
    const [[x0, x1], [y0, y1]] = this.map.domain;
    return [Math.min(x1, Math.max(x0, p[0])), Math.min(y1, Math.max(y0, p[1]))];
  }

  /* Move x0 to p: evaluate f and J there, redraw, write the readout. */
  update(p, announce) {
    const m = this.map, ev = m.evaluator;
    const [a, b] = this.point = this.clamp(p);
    const f0 = ev.f(a, b), J = ev.jac(a, b);
    // The grid: lines of constant D2 (along e1) first, then lines of constant D1 (along e2).
    const [h1, h2] = m.half, n = m.lines;
    const level = (h, k) => -h + (2 * h * k) / (n - 1);
    const t = (h, s) => -h + (2 * h * s) / (SAMPLES - 1);
    for (let k = 0; k < 2 * n; k++) {
      const grid = [], image = [], linear = [];
      for (let s = 0; s < SAMPLES; s++) {
        const d = k < n ? [t(h1, s), level(h2, k)] : [level(h1, k - n), t(h2, s)];
        grid.push([a + d[0], b + d[1]]);
        image.push(ev.f(a + d[0], b + d[1]));
        linear.push([f0[0] + J[0][0] * d[0] + J[0][1] * d[1], f0[1] + J[1][0] * d[0] + J[1][1] * d[1]]);
      }
      this.lines.grid[k].setAttribute("points", pointsAttr(grid));
      this.lines.trueImage[k].setAttribute("points", pointsAttr(image));
      this.lines.linear[k].setAttribute("points", pointsAttr(linear));
    }
    this.drawMarks(f0, J);
    this.writeReadout(f0, J);
    if (announce) this.announce();
  }

  drawMarks(f0, J) {
    const i = this.inPanel, o = this.outPanel, [a, b] = this.point;
    const [px, py] = i.px(a, b);
    this.handle.setAttribute("transform", `translate(${px} ${py})`);
    const [e1x, e1y] = i.px(a + 1, b), [e2x, e2y] = i.px(a, b + 1);
    setArrow(this.arrows.e1, px, py, e1x, e1y);
    setArrow(this.arrows.e2, px, py, e2x, e2y);
    const [qx, qy] = o.px(f0[0], f0[1]);
    const [c1x, c1y] = o.px(f0[0] + J[0][0], f0[1] + J[1][0]);
    const [c2x, c2y] = o.px(f0[0] + J[0][1], f0[1] + J[1][1]);
    setArrow(this.arrows.je1, qx, qy, c1x, c1y);
    setArrow(this.arrows.je2, qx, qy, c2x, c2y);
    this.base.setAttribute("cx", qx);
    this.base.setAttribute("cy", qy);
    const t = this.text, u1 = [e1x - px, e1y - py], u2 = [e2x - px, e2y - py];
    const v1 = [c1x - qx, c1y - qy], v2 = [c2x - qx, c2y - qy];
    place(t.e1, e1x, e1y, ...u1, 14);
    place(t.e2, e2x, e2y, ...u2, 14);
    place(t.je1, c1x, c1y, ...v1, 14);
    place(t.je2, c2x, c2y, ...v2, 14);
    // x0 and f(x0) are labelled opposite their two arrows, where the picture is emptiest.
    place(t.x0, px, py, ...away(u1, u2), 22);
    place(t.fx0, qx, qy, ...away(v1, v2), 20);
    t.je1.style.display = Math.hypot(...v1) < 2 ? "none" : "";
    t.je2.style.display = Math.hypot(...v2) < 2 ? "none" : "";
  }

  writeReadout(f0, J) {
    const r = this.readout, [a, b] = this.point;
    const values = { x1: a, x2: b, j11: J[0][0], j12: J[0][1], j21: J[1][0], j22: J[1][1] };
    for (const [k, v] of Object.entries(values)) r.setAttribute("data-" + k, String(v));
    const det = J[0][0] * J[1][1] - J[0][1] * J[1][0];
    const shown = { ...values, f1: f0[0], f2: f0[1], det };
    for (const [k, v] of Object.entries(shown)) if (this.cells[k]) this.cells[k].textContent = fmt(v);
    this.matrix.setAttribute("aria-label", `J(x₀) = matrix with rows (${fmt(J[0][0])}, ${fmt(J[0][1])}) `
      + `and (${fmt(J[1][0])}, ${fmt(J[1][1])})`);
    this.det = det;
  }

  /* The polite live region: said after a key press, a drag's end or a map switch. */
  announce() {
    const m = this.map, [a, b] = this.point;
    const r = this.readout.dataset;
    this.live.textContent = `x₀: ${m.vars[0]} = ${fmt(a)}, ${m.vars[1]} = ${fmt(b)}. `
      + `J first row ${fmt(+r.j11)}, ${fmt(+r.j12)}; second row ${fmt(+r.j21)}, ${fmt(+r.j22)}. `
      + `det J = ${fmt(this.det)}.`;
  }

  onKey(e) {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const k = e.shiftKey ? 10 : 1, step = this.map.keyStep;
    this.update([this.point[0] + move[0] * step[0] * k, this.point[1] + move[1] * step[1] * k], true);
  }

  /* Pointer: drag the point from the handle (mouse, pen or touch); a mouse press elsewhere on
   * the input plane, or a tap there, puts the point under it. A touch anywhere but the handle
   * keeps scrolling the page. */
  bindPointer() {
    const svg = this.inPanel.svg;
    const toData = (e) => {
      const ctm = svg.getScreenCTM();
      if (!ctm) return null;
      const q = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
      return this.inPanel.toData(q.x, q.y);
    };
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      const onHandle = this.handle.contains(e.target);
      if (!onHandle && e.pointerType === "touch") return; // a tap is handled on click
      e.preventDefault(); // no text selection while dragging
      this.handle.focus({ preventScroll: true });
      this.dragging = e.pointerId;
      svg.setPointerCapture(e.pointerId);
      if (!onHandle) this.update(toData(e), false);
    });
    // Chromium takes touch-action from the <svg> box only (pan-y: the page scrolls), not from
    // shapes inside it, so a touch that starts on the handle cancels scrolling here instead.
    svg.addEventListener("touchstart", (e) => {
      if (this.handle.contains(e.target)) e.preventDefault();
    }, { passive: false });
    svg.addEventListener("pointermove", (e) => {
      if (this.dragging !== e.pointerId) return;
      const p = toData(e);
      if (p) this.update(p, false);
    });
    const end = (e) => {
      if (this.dragging !== e.pointerId) return;
      this.dragging = null;
      this.announce();
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("click", (e) => {
      if (e.pointerType !== "touch" || this.handle.contains(e.target)) return;
      const p = toData(e);
      if (p) this.update(p, true);
    });
  }
}

function mount(root) {
  if (root.gradfigJacobian) return; // already live: never mount twice
  try {
    root.gradfigJacobian = new Widget(root);
    started("jacobian");
  } catch (err) {
    console.warn(String(err)); // the static figure above still tells the story
  }
}

/* Drawing the two panels was most of the Jacobian page's start-up work (issue 21), so a widget
 * is drawn only when it comes within 300 px of the viewport (a reader tabbing or jumping to it
 * brings it there). Until then it shows as its shell (class is-waiting): every box at its final
 * size, empty, so going live moves nothing on the page. */
function mountWhenNear(root) {
  if (root.gradfigJacobian || root.classList.contains("is-waiting")) return;
  root.classList.add("is-waiting");
  if (!("IntersectionObserver" in window)) return mount(root);
  const io = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    io.disconnect();
    mount(root);
  }, { rootMargin: "300px 0px" });
  io.observe(root);
}

function mountAll() {
  for (const root of document.querySelectorAll("[data-gradfig-jacobian]")) mountWhenNear(root);
}

mountAll();
whenReady(mountAll);
