/*
 * The live surface on the partials page: a thin DOM component over surface.mjs (the pure mirror
 * of gradfig.figures.surface.surface_scene). esbuild bundles it into generated/assets/gradfig-surface.js,
 * which the site's script loads only on a page with a [data-gradfig-surface] element.
 *
 * The static figure (the same scene, drawn by matplotlib) is what a reader without JavaScript
 * sees, and what stands in until the live view is drawn. plotly.js's gl3d bundle (1.75 MB) and
 * the landscape's payload (the fields' own: domain and the exact evaluator {f, grad} printed by
 * SymPy) load only when the reader scrolls near the surface, or touches, hovers or focuses it.
 *
 * The reader moves p with the two sliders, the arrow keys (on the focused plot) or by dragging
 * it on the 2-D inset (a map of the domain seen from above: mouse, pen or finger; the inset
 * takes the whole gesture, so a finger drag there moves p and a swipe elsewhere still scrolls),
 * rotates the view by dragging the 3-D plot (plotly's own camera), and switches the landscape
 * with the radios.
 *
 * Readout contract (tests and readers): the container's `.gradfig-readout` carries data-x,
 * data-y, data-f, data-dfdx, data-dfdy = String(number) of p and of f and ∇f there, from the
 * evaluator; the drawn traces (the graph div's data, in TRACE order) are the scene's numbers.
 */
import { readoutNumber as fmt } from "../../../src/gradfig/figures/assets/format.mjs";
import { afterFirstScroll, loadScript, started } from "../../../src/gradfig/figures/assets/load.mjs";
import { surfaceScene } from "../../../src/gradfig/figures/assets/surface.mjs";

const HERE = document.currentScript && document.currentScript.src ? document.currentScript.src : location.href;
const asset = (path) => new URL(path, HERE).href;
const URLS = { plotly: asset("../vendor/plotly-gl3d.min.js"), payload: (n) => asset("../fields/" + n + ".js") };

/* The traces, in the order the graph div holds them. */
const TRACE = { surface: 0, planeY: 1, planeX: 2, plane: 3, sliceX: 4, sliceY: 5,
                       tangentX: 6, tangentY: 7, point: 8 };
const COLOURS = {
  light: { x: "#d81b60", y: "#e65100", tx: "#7a0f36", ty: "#8a3000", plane: "#5f6368", ink: "#1f2328",
           point: "#ff4081", grid: "#d0d4da" },
  dark: { x: "#ff6fa5", y: "#ffab40", tx: "#ffd0e1", ty: "#ffe0b2", plane: "#9aa0aa", ink: "#e3e5ea",
          point: "#ff4081", grid: "#3a3f4a" },
};

function currentTheme() {
  return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
}

/* " + 2.000" or " − 2.000": a term of a sum, as the readout prints it. */
function signed(v) { return (v < 0 ? " − " : " + ") + fmt(Math.abs(v)); }

function flatColour(c) { return [[0, c], [1, c]]; }

const SVG = "http://www.w3.org/2000/svg";
function svgEl(name, attrs) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/* The inset: the domain from above (x to the right, y up), the two slices' lines through p and
 * p itself. It maps a pointer position to a point of the domain and back. */
class Inset {
  constructor(box, onMove) {
    this.box = box;
    this.onMove = onMove;
    this.svg = svgEl("svg", { viewBox: "0 0 100 100", preserveAspectRatio: "none", "aria-hidden": "true" });
    this.frame = svgEl("rect", { x: 0, y: 0, width: 100, height: 100, class: "gradfig-surface__inset-frame" });
    this.lineY = svgEl("line", { x1: 0, x2: 100, class: "gradfig-surface__inset-slice-y" }); // the slice y = y0
    this.lineX = svgEl("line", { y1: 0, y2: 100, class: "gradfig-surface__inset-slice-x" }); // the slice x = x0
    this.dot = svgEl("circle", { r: 4.5, class: "gradfig-surface__inset-dot" });
    this.svg.append(this.frame, this.lineY, this.lineX, this.dot);
    box.appendChild(this.svg);
    this.domain = null;
    this.dragging = null;
    box.addEventListener("pointerdown", (e) => {
      if (!this.domain || (e.pointerType === "mouse" && e.button !== 0)) return;
      e.preventDefault();
      this.dragging = e.pointerId;
      box.setPointerCapture(e.pointerId);
      this.onMove(this.pointAt(e));
    });
    box.addEventListener("pointermove", (e) => {
      if (this.dragging === e.pointerId) this.onMove(this.pointAt(e));
    });
    const end = (e) => { if (this.dragging === e.pointerId) this.dragging = null; };
    box.addEventListener("pointerup", end);
    box.addEventListener("pointercancel", end);
  }

  /* The domain's point under the pointer, kept inside the domain. */
  pointAt(e) {
    const r = this.box.getBoundingClientRect();
    const [[x0, x1], [y0, y1]] = this.domain;
    const u = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
    const v = Math.min(1, Math.max(0, (e.clientY - r.top) / r.height));
    return [x0 + u * (x1 - x0), y1 - v * (y1 - y0)];
  }

  show(domain, p) {
    this.domain = domain;
    const [[x0, x1], [y0, y1]] = domain;
    const u = (100 * (p[0] - x0)) / (x1 - x0);
    const v = (100 * (y1 - p[1])) / (y1 - y0);
    this.lineY.setAttribute("y1", v);
    this.lineY.setAttribute("y2", v);
    this.lineX.setAttribute("x1", u);
    this.lineX.setAttribute("x2", u);
    this.dot.setAttribute("cx", u);
    this.dot.setAttribute("cy", v);
  }
}

class Surface {
  constructor(root) {
    this.root = root;
    this.box = root.querySelector(".gradfig-surface__plot");
    this.readout = root.querySelector(".gradfig-readout");
    this.sliders = [root.querySelector(".gradfig-surface__x"), root.querySelector(".gradfig-surface__y")];
    this.values = [root.querySelector(".gradfig-surface__x-value"), root.querySelector(".gradfig-surface__y-value")];
    this.name = root.getAttribute("data-gradfig-surface");
    this.firstName = this.name; // the landscape the static figure and data-x, data-y describe
    this.start = [Number(root.getAttribute("data-x")), Number(root.getAttribute("data-y"))];
    this.point = null;
    this.data = null;
    this.gd = null;
    this.loading = null;
    this.pending = null; // the newest point a drag asked for, drawn at the next frame
    this.theme = currentTheme();
    const insetBox = root.querySelector(".gradfig-surface__inset");
    this.inset = insetBox ? new Inset(insetBox, (p) => this.dragTo(p)) : null;
    if ("IntersectionObserver" in window) {
      const io = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) { io.disconnect(); this.activate(); }
      }, { rootMargin: "300px 0px" });
      const observe = () => io.observe(root);
      afterFirstScroll(observe);
    } else {
      this.activate();
    }
    for (const type of ["pointerenter", "focusin", "touchstart"]) {
      root.addEventListener(type, () => this.activate(), { passive: true });
    }
    this.sliders.forEach((input, i) => input && input.addEventListener("input", () => {
      if (!this.point) return;
      const p = this.point.slice();
      p[i] = Number(input.value);
      this.update(p);
    }));
    this.box.addEventListener("keydown", (e) => this.onKey(e));
    for (const radio of root.querySelectorAll(".gradfig-surface__switch input[type=radio]")) {
      radio.addEventListener("change", () => { if (radio.checked) this.show(radio.value); });
    }
    new MutationObserver(() => this.onThemeChange())
      .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  activate() {
    if (!this.loading) {
      this.loading = this.show(this.name).catch((err) => {
        this.loading = null;
        this.root.classList.add("is-failed");
        console.warn(String(err)); // the static figure stays: still a readable page
      });
    }
    return this.loading;
  }

  async load(name) {
    const need = [];
    if (!window.Plotly || !window.Plotly.newPlot || !this.hasGl3d()) need.push(loadScript(URLS.plotly));
    if (!(window.gradfigFields && window.gradfigFields[name])) need.push(loadScript(URLS.payload(name)));
    await Promise.all(need);
    const data = window.gradfigFields && window.gradfigFields[name];
    if (!data) throw new Error("gradfig: no payload for the surface of " + name);
    return data;
  }

  hasGl3d() {
    // plotly.js's gl3d bundle registers the surface trace; the cartesian one does not.
    return Boolean(window.Plotly && window.Plotly.PlotSchema && window.Plotly.PlotSchema.get().traces.surface);
  }

  async show(name) {
    const data = await this.load(name);
    const sameLandscape = this.data && this.data.name === data.name;
    this.data = data;
    this.name = name;
    this.root.setAttribute("data-gradfig-surface", name);
    const [[x0, x1], [y0, y1]] = data.domain;
    const inside = (p) => p && p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;
    let p = sameLandscape && this.point ? this.point : null;
    if (!p) p = inside(this.start) && name === this.firstName ? this.start.slice()
      : [(x0 + x1) / 2 + (x1 - x0) / 8, (y0 + y1) / 2 + (y1 - y0) / 8];
    this.sliders.forEach((input, i) => {
      if (!input) return;
      const [lo, hi] = data.domain[i];
      input.min = String(lo);
      input.max = String(hi);
      input.step = String(data.keyStep);
      input.disabled = false;
    });
    for (const el of this.root.querySelectorAll("[data-gradfig-live-only]")) el.hidden = false;
    this.point = p;
    await this.draw(true);
    this.root.classList.add("is-live");
    this.writeReadout();
  }

  onKey(e) {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[e.key];
    if (!move || !this.data) return;
    e.preventDefault();
    const step = this.data.keyStep * (e.shiftKey ? 10 : 1);
    const [[x0, x1], [y0, y1]] = this.data.domain;
    const p = this.point.slice();
    p[0] = Math.min(x1, Math.max(x0, p[0] + move[0] * step));
    p[1] = Math.min(y1, Math.max(y0, p[1] + move[1] * step));
    this.update(p);
  }

  /* A drag sends many points a frame; each frame draws the newest, so the view never lags. */
  dragTo(p) {
    if (!this.data) return;
    const first = this.pending === null;
    this.pending = p;
    if (first) {
      requestAnimationFrame(() => {
        const q = this.pending;
        this.pending = null;
        this.update(q);
      });
    }
  }

  update(p) {
    this.point = p;
    this.draw(false);
    this.writeReadout();
  }

  traces(scene) {
    const c = COLOURS[this.theme];
    const [lo, hi] = scene.zrange;
    const [[x0, x1], [y0, y1]] = this.data.domain;
    const [px, py] = scene.point;
    const line = (pts, colour, width, dash) => ({
      type: "scatter3d", mode: "lines", x: pts.map((q) => q[0]), y: pts.map((q) => q[1]), z: pts.map((q) => q[2]),
      line: { color: colour, width, dash }, hoverinfo: "skip", showlegend: false,
    });
    const wall = (xs, ys, colour) => ({
      type: "surface", x: [xs, xs], y: [ys, ys], z: [[lo, lo], [hi, hi]], colorscale: flatColour(colour),
      showscale: false, opacity: 0.16, hoverinfo: "skip",
    });
    return [
      { type: "surface", x: scene.xs, y: scene.ys, z: scene.z, colorscale: "Viridis", showscale: false,
        opacity: 0.9, hoverinfo: "skip", contours: { x: { highlight: false }, y: { highlight: false }, z: { highlight: false } } },
      wall([x0, x1], [py, py], c.x),
      wall([px, px], [y0, y1], c.y),
      { type: "surface", x: scene.planeXs, y: scene.planeYs, z: scene.plane, colorscale: flatColour(c.plane),
        showscale: false, opacity: 0.55, hoverinfo: "skip" },
      line(scene.sliceX, c.x, 5, "solid"),
      line(scene.sliceY, c.y, 5, "solid"),
      line(scene.tangentX, c.tx, 10, "solid"),
      line(scene.tangentY, c.ty, 10, "solid"),
      { type: "scatter3d", mode: "markers", x: [px], y: [py], z: [scene.f], hoverinfo: "skip", showlegend: false,
        marker: { size: 6, color: c.point, line: { color: c.ink, width: 1 } } },
    ];
  }

  layout() {
    const c = COLOURS[this.theme];
    const axis = (title) => ({ title: { text: title }, color: c.ink, gridcolor: c.grid, zerolinecolor: c.grid,
                               showbackground: false, showspikes: false });
    const keep = this.gd && this.gd.layout && this.gd.layout.scene && this.gd.layout.scene.camera;
    return {
      paper_bgcolor: "rgba(0,0,0,0)", margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false,
      font: { color: c.ink }, uirevision: "keep",
      scene: { xaxis: axis("x"), yaxis: axis("y"), zaxis: axis("f(x, y)"), aspectmode: "manual",
               aspectratio: { x: 1, y: 1, z: 0.7 },
               camera: keep || { eye: { x: 1.1, y: -1.3, z: 0.75 }, center: { x: 0, y: 0, z: -0.12 } } },
    };
  }

  async draw(full) {
    const scene = surfaceScene(this.data.evaluator, this.data.domain, this.point);
    this.scene = scene;
    const config = { displayModeBar: false, responsive: true, scrollZoom: false };
    if (!this.gd) {
      this.gd = document.createElement("div");
      this.gd.className = "gradfig-surface__gl";
      this.box.appendChild(this.gd);
      await window.Plotly.newPlot(this.gd, this.traces(scene), this.layout(), config);
      return;
    }
    if (full) {
      await window.Plotly.react(this.gd, this.traces(scene), this.layout(), config);
      return;
    }
    // p moved: the surface stays, the other traces follow.
    const all = this.traces(scene);
    const moved = [TRACE.planeY, TRACE.planeX, TRACE.plane, TRACE.sliceX, TRACE.sliceY, TRACE.tangentX,
                   TRACE.tangentY, TRACE.point];
    await window.Plotly.restyle(this.gd, { x: moved.map((i) => all[i].x), y: moved.map((i) => all[i].y),
                                           z: moved.map((i) => all[i].z) }, moved);
  }

  writeReadout() {
    const s = this.scene;
    const r = this.readout;
    const [x, y] = s.point;
    r.setAttribute("data-x", String(x));
    r.setAttribute("data-y", String(y));
    r.setAttribute("data-f", String(s.f));
    r.setAttribute("data-dfdx", String(s.dfdx));
    r.setAttribute("data-dfdy", String(s.dfdy));
    this.sliders.forEach((input, i) => { if (input) input.value = String(s.point[i]); });
    if (this.inset) this.inset.show(this.data.domain, s.point);
    this.values.forEach((el, i) => { if (el) el.textContent = fmt(s.point[i]); });
    r.textContent = `p = (${fmt(x)}, ${fmt(y)}), f(p) = ${fmt(s.f)}; slope of the slice y = ${fmt(y)}: `
      + `∂f/∂x = ${fmt(s.dfdx)}; slope of the slice x = ${fmt(x)}: ∂f/∂y = ${fmt(s.dfdy)}. `
      + `Tangent plane: z = ${fmt(s.f)}${signed(s.dfdx)}·(x${signed(-x)})${signed(s.dfdy)}·(y${signed(-y)}).`;
  }

  onThemeChange() {
    const theme = currentTheme();
    if (theme === this.theme) return;
    this.theme = theme;
    if (this.gd && this.data) this.draw(true);
  }
}

for (const root of document.querySelectorAll("[data-gradfig-surface]")) {
  if (!root.gradfigSurface) root.gradfigSurface = new Surface(root);
}
started("surface");
