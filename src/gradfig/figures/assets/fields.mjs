/*
 * gradfig interactive gradient fields: the field component (DOM), an ES module.
 *
 * Each `.gradfig-field` on a page holds the static figure of a landscape at a reserved 5:4 size.
 * When the field nears the viewport (or is focused / touched) this script loads plotly.js and the
 * landscape's payload (figure JSON, theme patches and the exact evaluator {f, grad} printed by
 * SymPy from the landscape's definition), draws the plot over the static figure, and from then on
 * reads the exact f and ∇f at any hovered or keyboard-moved point. The live marks (query point,
 * ∇f arrow, level-set tangent, direction u) live on an SVG overlay: moving them never re-lays out
 * the plot, which keeps a hover well inside one frame.
 *
 * Readout contract (tests and readers): the container carries data-gradfig-field="NAME" (the
 * landscape shown) and its `.gradfig-readout` carries data-x, data-y, data-f, data-dfdx, data-dfdy
 * = String(number) of the last hovered or keyboard-moved point.
 *
 * One component, two hosts. The chapter's site bundles this module (esbuild, into
 * generated/assets/gradfig-site.js) and calls startFields with the URLs of plotly.js and of the
 * payloads. A standalone page (gradfig.figures.page.field_page) inlines it as a module script
 * after plotly.js and the payload, its imports mapped to data: URLs, and calls startFields():
 * whatever is already on the page is not loaded again, and a field marked data-gradfig-load="now"
 * goes live at once instead of waiting for the reader. So this module imports only leaves
 * (modules that import nothing): a module loaded from a data: URL cannot resolve imports of its own.
 *
 * A page may also build a field's payload itself (the playground): its container says
 * data-gradfig-source="page". Such a field loads no payload file; when the reader first comes
 * near it, it marks itself data-gradfig-wanted and sends a "gradfig-field-wanted" event, and the
 * page registers window.gradfigFields[name] and calls present(name) on the field
 * (window.gradfigFieldFor(container) returns it). Everything else is the same component.
 */
import { fieldDescent } from "./descent.mjs";
import { drawnFigure } from "./drawing.mjs";
import { MINUS, formatNumber, readoutNumber as fmt } from "./format.mjs";
import { findKink, kinkWords } from "./kink.mjs";
import { afterFirstScroll, loadScript, started } from "./load.mjs";

const SVG = "http://www.w3.org/2000/svg";
const PLOT_CONFIG = { staticPlot: true, responsive: true, displayModeBar: false };
const PARALLEL_DEG = 1; // u counts as "along ∇f" within this angle
const DRAG_RADIUS = 32; // CSS px: a touch this close to the query point drags it

/* Where plotly.js and payload files come from: set by startFields (none on a standalone page). */
let urls = { plotly: null, payload: null };

async function loadField(name) {
  const present = window.gradfigFields && window.gradfigFields[name];
  const need = (what, url) => {
    if (!url) throw new Error(`gradfig: ${what} is not on this page`);
    return loadScript(url);
  };
  await Promise.all([window.Plotly ? null : need("plotly.js", urls.plotly),
                     present ? null : need("the payload of " + name, urls.payload && urls.payload(name))]);
  const data = window.gradfigFields && window.gradfigFields[name];
  if (!data) throw new Error("gradfig: no payload for field " + name);
  return data;
}

function isObject(v) { return v && typeof v === "object" && !Array.isArray(v); }
function merge(target, patch) {
  for (const [k, v] of Object.entries(patch)) {
    if (isObject(v) && isObject(target[k])) merge(target[k], v);
    else target[k] = isObject(v) ? merge({}, v) : v;
  }
  return target;
}

function currentTheme() {
  return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
}

/* The figure for a theme, as plotly is handed it: a fresh copy each time (plotly may decode
 * typed arrays in place), in the traces drawing.mjs draws fast (the same picture). */
function themedFigure(data, theme) {
  const fig = JSON.parse(JSON.stringify(data.figure));
  const patch = data.themes[theme];
  merge(fig.layout, patch.layout);
  patch.traces.forEach((p, i) => merge(fig.data[i], p));
  // staticPlot: no drag layer, hover labels or mode bar; the overlay does all interaction.
  fig.config = PLOT_CONFIG;
  return drawnFigure(fig);
}

function svgEl(tag, attrs, parent) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}

let serial = 0;

class Field {
  constructor(root) {
    this.root = root;
    this.id = "gradfig-field-" + (++serial);
    this.box = root.querySelector(".gradfig-field__plot");
    this.readout = root.querySelector(".gradfig-readout");
    this.angleInput = root.querySelector(".gradfig-angle");
    this.angleValue = root.querySelector(".gradfig-angle-value");
    this.alignButton = root.querySelector(".gradfig-align");
    this.etaInput = root.querySelector(".gradfig-eta");
    this.etaValue = root.querySelector(".gradfig-eta-value");
    this.descendButton = root.querySelector(".gradfig-descend");
    this.path = null;       // gradient-descent path [[x, y], ...] from the last "descend"
    this.name = root.getAttribute("data-gradfig-field");
    // Fed by its page (window.gradfigFields[name] registered there), never from a payload file.
    this.external = root.getAttribute("data-gradfig-source") === "page";
    this.data = null;
    this.point = null;      // [x, y] of the query point
    this.pinned = false;
    this.angle = 0;         // degrees, direction of u
    this.theme = currentTheme();
    this.loading = null;
    this.hint = this.readout.textContent; // the built readout's text, until the first point
    this.readout.id = this.readout.id || this.id + "-readout";
    this.box.setAttribute("aria-describedby", this.readout.id);

    // Load when the reader scrolls the field near the viewport, or at once when it is touched,
    // hovered or focused. A field already on screen at page load waits for the reader's first
    // scroll or touch: the page itself stays light (plotly.js is 0.5 MB gzip) until then.
    // A standalone page carries everything inline and asks for the field at once.
    if (root.getAttribute("data-gradfig-load") === "now") {
      this.activate();
    } else if ("IntersectionObserver" in window) {
      const io = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) { io.disconnect(); this.activate(); }
      }, { rootMargin: "300px 0px" });
      const observe = () => io.observe(root);
      afterFirstScroll(observe);
    } else {
      this.activate();
    }
    for (const type of ["pointerenter", "focusin", "touchstart"]) {
      this.on(root, type, () => this.activate(), { passive: true });
    }
    this.rect = null;
    const forgetRect = () => { this.rect = null; };
    this.on(window, "scroll", forgetRect, { passive: true, capture: true });
    this.on(window, "resize", forgetRect, { passive: true });
    this.on(this.box, "pointerenter", forgetRect, { passive: true });
    this.on(this.box, "pointermove", (e) => this.onPointer(e));
    this.on(this.box, "click", (e) => this.onClick(e));
    // A finger drag that starts on or near the query point moves it (the page does not scroll);
    // one that starts elsewhere is left to the browser, which scrolls.
    this.drag = null;
    this.on(this.box, "touchstart", (e) => this.onTouchStart(e), { passive: false });
    this.on(this.box, "touchmove", (e) => this.onTouchMove(e), { passive: false });
    this.on(this.box, "touchend", (e) => this.onTouchEnd(e));
    this.on(this.box, "touchcancel", () => { this.drag = null; });
    this.on(this.box, "keydown", (e) => this.onKey(e));
    this.on(this.angleInput, "input", () => this.setAngle(Number(this.angleInput.value)));
    this.on(this.alignButton, "click", () => this.alignWithGradient());
    this.on(this.etaInput, "input", () => {
      if (this.etaValue) this.etaValue.textContent = String(this.eta());
      if (this.path) this.descend();
    });
    this.on(this.descendButton, "click", () => this.descend());
    for (const radio of root.querySelectorAll(".gradfig-switch input[type=radio]")) {
      this.on(radio, "change", () => { if (radio.checked) this.present(radio.value); });
    }
    new MutationObserver(() => this.onThemeChange())
      .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  on(target, type, fn, opts) {
    if (target) target.addEventListener(type, fn, opts);
  }

  activate() {
    if (this.external) {
      // The page builds the payload: tell it (once) that the reader wants the field, unless
      // it has shown one already.
      if (!this.loading && !this.root.hasAttribute("data-gradfig-wanted")) {
        this.root.setAttribute("data-gradfig-wanted", "");
        this.root.dispatchEvent(new CustomEvent("gradfig-field-wanted", { bubbles: true }));
      }
      return this.loading || Promise.resolve();
    }
    return this.loading || this.present(this.name);
  }

  /* Draw the payload registered as window.gradfigFields[name] (how a page-fed field is shown);
   * plotly.js is loaded if it is not yet. Resolves when drawn, or after marking the field failed. */
  present(name) {
    // Only the newest request draws: a payload that arrives after a newer request (a first
    // activation overtaken by an experiment's or a radio's landscape) is dropped, not drawn over it.
    const request = (this.requests = (this.requests || 0) + 1);
    this.loading = this.show(name, () => request !== this.requests).catch((err) => {
      this.loading = null;
      this.root.classList.add("is-failed");
      console.warn(String(err)); // the static figure stays: still a readable page
    });
    return this.loading;
  }

  async show(name, stale = () => false) {
    const data = await loadField(name);
    if (stale()) return;
    if (!this.gd) {
      this.gd = document.createElement("div");
      this.gd.className = "gradfig-plotly";
      this.box.appendChild(this.gd);
      this.overlay = svgEl("svg", { class: "gradfig-overlay", "aria-hidden": "true" }, this.box);
      this.buildOverlay();
    }
    this.data = data;
    this.name = name;
    await window.Plotly.react(this.gd, themedFigure(data, this.theme));
    if (stale()) return;
    if (!this.wired) {
      this.wired = true;
      this.gd.on("plotly_afterplot", () => this.draw());
      if ("ResizeObserver" in window) {
        new ResizeObserver(() => {
          this.rect = null;
          if (this.gd) window.Plotly.Plots.resize(this.gd);
        }).observe(this.box);
      }
    }
    this.root.setAttribute("data-gradfig-field", name);
    const [[x0, x1], [y0, y1]] = data.domain;
    if (this.point && !(this.point[0] >= x0 && this.point[0] <= x1 && this.point[1] >= y0 && this.point[1] <= y1)) {
      this.point = null;
      this.pinned = false;
    }
    this.root.classList.add("is-live");
    this.path = null;
    for (const el of [this.angleInput, this.alignButton, this.etaInput, this.descendButton]) {
      if (el) el.disabled = false;
    }
    if (this.point) this.update(this.point);
    else this.draw();
  }

  /* Forget the query point, its pin and the descent from it, and empty the readout back to its
   * built state (data-x … data-dfdy "", the hint text): a page that feeds the field a new
   * function (the playground) calls this first, so nothing of the old function is shown. */
  clear() {
    this.point = null;
    this.pinned = false;
    this.path = null;
    this.descentNote = "";
    const r = this.readout;
    for (const name of r.getAttributeNames()) {
      if (name.startsWith("data-descent-") || ["data-norm", "data-angle", "data-dudf", "data-pinned", "data-note"].includes(name)) {
        r.removeAttribute(name);
      }
    }
    for (const name of ["data-x", "data-y", "data-f", "data-dfdx", "data-dfdy"]) r.setAttribute(name, "");
    r.textContent = this.hint;
    this.cells = null;
    this.draw();
  }

  /* Set the controls as an experiment in the text describes (a button's
   * data-gradfig-experiment): {landscape, point, angle | align, eta (log10), descend}.
   * The point is pinned, so the reader can read the readout and carry on by hand. */
  async run(setup) {
    if (setup.landscape && setup.landscape !== this.name) {
      for (const radio of this.root.querySelectorAll(".gradfig-switch input[type=radio]")) {
        if (radio.value === setup.landscape) radio.checked = true;
      }
      this.present(setup.landscape);
    }
    await this.activate();
    if (!this.data || this.name !== (setup.landscape || this.name)) return;
    if (setup.point) {
      this.point = setup.point.slice();
      this.pinned = true;
    }
    if (typeof setup.eta === "number" && this.etaInput) {
      this.etaInput.value = String(setup.eta);
      if (this.etaValue) this.etaValue.textContent = String(this.eta());
    }
    if (typeof setup.angle === "number") this.setAngle(setup.angle);
    if (setup.align) this.alignWithGradient();
    this.update(this.point || this.data.start.slice());
    if (setup.descend) this.descend();
    this.root.scrollIntoView({ block: "center" });
    this.box.focus({ preventScroll: true });
  }

  /* Axis geometry in CSS pixels relative to the plot box. */
  axes() {
    const fl = this.gd && this.gd._fullLayout;
    if (!fl || !fl.xaxis || !fl.xaxis._length) return null;
    const xa = fl.xaxis, ya = fl.yaxis;
    return {
      x0: xa.range[0], x1: xa.range[1], y0: ya.range[0], y1: ya.range[1],
      left: xa._offset, width: xa._length, top: ya._offset, height: ya._length,
    };
  }

  toData(px, py, a) {
    return [a.x0 + (px - a.left) / a.width * (a.x1 - a.x0),
            a.y1 - (py - a.top) / a.height * (a.y1 - a.y0)];
  }

  toPixel(x, y, a) {
    return [a.left + (x - a.x0) / (a.x1 - a.x0) * a.width,
            a.top + (a.y1 - y) / (a.y1 - a.y0) * a.height];
  }

  onPointer(e) {
    if (!this.data || this.pinned) return;
    const a = this.axes();
    if (!a) return;
    // The box's page rectangle is cached (dropped on scroll and resize): reading it on every
    // move would force a synchronous layout after the previous move's readout update.
    const rect = this.rect || (this.rect = this.box.getBoundingClientRect());
    const px = e.clientX - rect.left, py = e.clientY - rect.top;
    if (px < a.left || px > a.left + a.width || py < a.top || py > a.top + a.height) return;
    this.update(this.toData(px, py, a));
  }

  /* The data point under a touch, clamped to the plot area; null before the plot is drawn. */
  touchPoint(t) {
    const a = this.axes();
    if (!a) return null;
    const rect = this.box.getBoundingClientRect();
    const px = Math.min(a.left + a.width, Math.max(a.left, t.clientX - rect.left));
    const py = Math.min(a.top + a.height, Math.max(a.top, t.clientY - rect.top));
    return this.toData(px, py, a);
  }

  onTouchStart(e) {
    if (!this.data || !this.point || e.touches.length !== 1) return;
    const a = this.axes();
    if (!a) return;
    const rect = this.box.getBoundingClientRect();
    const t = e.touches[0];
    const [px, py] = this.toPixel(this.point[0], this.point[1], a);
    if (Math.hypot(t.clientX - rect.left - px, t.clientY - rect.top - py) > DRAG_RADIUS) return;
    e.preventDefault(); // this gesture is the reader's, not the page's scroll
    this.drag = { moved: false };
  }

  onTouchMove(e) {
    if (!this.drag) return;
    e.preventDefault();
    const p = this.touchPoint(e.touches[0]);
    if (!p) return;
    this.drag.moved = true;
    this.update(p);
  }

  onTouchEnd(e) {
    if (!this.drag) return;
    const moved = this.drag.moved;
    this.drag = null;
    e.preventDefault(); // no synthetic click after a drag or a tap handled here
    // A drag leaves the point pinned where the finger lifted; a tap on the point toggles the pin.
    this.pinned = moved ? true : !this.pinned;
    this.update(this.point);
  }

  onClick(e) {
    if (!this.data) return;
    if (this.pinned) { this.pinned = false; this.onPointer(e); }
    else { this.onPointer(e); if (this.point) this.pinned = true; }
    if (this.point) this.update(this.point);
  }

  async onKey(e) {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[e.key];
    if (!move && e.key !== "Enter" && e.key !== " " && e.key !== "Escape") return;
    if (e.key === "Escape" && !this.pinned) return;
    e.preventDefault();
    if (!this.data) await this.activate();
    if (!this.data) return;
    const p = this.point || this.data.start.slice();
    if (move) {
      const step = this.data.keyStep * (e.shiftKey ? 10 : 1);
      const [[x0, x1], [y0, y1]] = this.data.domain;
      p[0] = Math.min(x1, Math.max(x0, p[0] + move[0] * step));
      p[1] = Math.min(y1, Math.max(y0, p[1] + move[1] * step));
    } else if (e.key === "Escape") {
      this.pinned = false;
    } else {
      this.pinned = !this.pinned;
    }
    this.update(p);
  }

  setAngle(deg) {
    this.angle = ((Math.round(deg) % 360) + 360) % 360;
    if (this.angleInput && Number(this.angleInput.value) !== this.angle) this.angleInput.value = String(this.angle);
    if (this.point) this.update(this.point);
    else if (this.angleValue) this.angleValue.textContent = this.angle + "°";
  }

  alignWithGradient() {
    if (!this.data) return;
    const p = this.point || this.data.start;
    const [gx, gy] = this.data.evaluator.grad(p[0], p[1]);
    if (gx === 0 && gy === 0) return;
    if (!this.point) this.point = p.slice();
    this.setAngle(Math.atan2(gy, gx) * 180 / Math.PI);
  }

  eta() {
    return Number((10 ** Number(this.etaInput ? this.etaInput.value : -1)).toPrecision(3));
  }

  /* Gradient descent from the query point (descent.mjs, gradfig.descent.field_descent's mirror),
   * drawn on the overlay. */
  descend() {
    if (!this.data) return;
    const start = this.point || this.data.start;
    const eta = this.eta();
    const { path, outcome } = fieldDescent(this.data.evaluator.grad, this.data.domain, start, eta);
    this.path = path;
    const end = path[path.length - 1];
    const r = this.readout;
    r.setAttribute("data-descent-eta", String(eta));
    r.setAttribute("data-descent-steps", String(path.length - 1));
    r.setAttribute("data-descent-end", end.map(String).join(","));
    r.setAttribute("data-descent-outcome", outcome);
    const f = this.data.evaluator.f(end[0], end[1]);
    this.descentNote = outcome === "diverged"
      ? `Descent with η = ${eta} diverged after ${path.length - 1} steps: the step is too large here.`
      : `Descent with η = ${eta}: ${path.length - 1} steps to (${fmt(end[0])}, ${fmt(end[1])}), f = ${fmt(f)}`
        + (outcome === "converged" ? " (∇f ≈ 0: a critical point)." : ".");
    if (this.point) this.update(this.point);
    else this.update(start.slice());
  }

  /* Evaluate exactly at (x, y), write the readout, redraw the overlay. */
  update(p) {
    const [x, y] = p;
    if (this.path && (this.path[0][0] !== x || this.path[0][1] !== y)) {
      this.path = null;
      this.descentNote = "";
    }
    this.point = [x, y];
    const ev = this.data.evaluator;
    const f = ev.f(x, y);
    const [gx, gy] = ev.grad(x, y);
    const norm = Math.hypot(gx, gy);
    const t = this.angle * Math.PI / 180;
    const dudf = Math.cos(t) * gx + Math.sin(t) * gy;
    const r = this.readout;
    r.setAttribute("data-x", String(x));
    r.setAttribute("data-y", String(y));
    r.setAttribute("data-f", String(f));
    r.setAttribute("data-dfdx", String(gx));
    r.setAttribute("data-dfdy", String(gy));
    r.setAttribute("data-norm", String(norm));
    r.setAttribute("data-angle", String(this.angle));
    r.setAttribute("data-dudf", String(dudf));
    r.setAttribute("data-pinned", String(this.pinned));
    let note = "";
    const [[x0, x1], [y0, y1]] = this.data.domain;
    const kink = findKink(ev.f, [x, y], Math.hypot(x1 - x0, y1 - y0)); // abs(x) at x = 0: no gradient
    r.setAttribute("data-differentiable", String(!kink));
    if (kink) {
      note = kinkWords(kink, (v) => formatNumber(v, MINUS, ".3g"));
    } else if (norm < 1e-12) {
      note = "∇f = 0: a critical point, every directional derivative is 0.";
    } else {
      const between = Math.abs(((Math.atan2(gy, gx) * 180 / Math.PI - this.angle) % 360 + 540) % 360 - 180);
      if (between <= PARALLEL_DEG) note = "u points along ∇f: u·∇f = ‖∇f‖, the steepest ascent.";
      else if (between >= 180 - PARALLEL_DEG) note = "u points along −∇f: u·∇f = −‖∇f‖, the steepest descent.";
      else if (Math.abs(between - 90) <= PARALLEL_DEG) note = "u is tangent to the level curve: u·∇f ≈ 0.";
    }
    r.setAttribute("data-note", note);
    this.writeReadout({ x, y, f, gx, gy, norm, dudf, note });
    if (this.angleValue) this.angleValue.textContent = this.angle + "°";
    this.draw();
  }

  writeReadout(v) {
    if (!this.cells) {
      this.readout.textContent = "";
      this.cells = {};
      const rows = [["x", "x"], ["y", "y"], ["f", "f(x, y)"], ["gx", "∂f/∂x"], ["gy", "∂f/∂y"],
                    ["norm", "‖∇f‖"], ["dudf", "u·∇f"]];
      for (const [key, label] of rows) {
        const item = document.createElement("span");
        item.className = "gradfig-readout__item";
        const k = document.createElement("span");
        k.className = "gradfig-readout__key";
        k.textContent = label + " = ";
        const val = document.createElement("span");
        val.className = "gradfig-readout__value";
        item.append(k, val);
        this.readout.appendChild(item);
        this.cells[key] = val;
      }
      this.cells.note = document.createElement("span");
      this.cells.note.className = "gradfig-readout__note";
      this.readout.appendChild(this.cells.note);
    }
    for (const key of ["x", "y", "f", "gx", "gy", "norm", "dudf"]) this.cells[key].textContent = fmt(v[key]);
    this.cells.note.textContent = (this.pinned ? "Pinned (click or Enter to release). " : "") + v.note
      + (this.path && this.descentNote ? " " + this.descentNote : "");
  }

  buildOverlay() {
    const o = this.overlay;
    const defs = svgEl("defs", {}, o);
    const head = (id, cls) => {
      const m = svgEl("marker", { id, viewBox: "0 0 10 10", refX: "7", refY: "5", markerWidth: "4.5",
                                  markerHeight: "4.5", orient: "auto-start-reverse", class: cls }, defs);
      svgEl("path", { d: "M0,0 L10,5 L0,10 z" }, m);
    };
    head(this.id + "-head", "gradfig-head-grad");
    head(this.id + "-uhead", "gradfig-head-u");
    this.marks = {
      path: svgEl("polyline", { class: "gradfig-path" }, o),
      tangent: svgEl("line", { class: "gradfig-tangent" }, o),
      u: svgEl("line", { class: "gradfig-u", "marker-end": `url(#${this.id}-uhead)` }, o),
      grad: svgEl("line", { class: "gradfig-grad", "marker-end": `url(#${this.id}-head)` }, o),
      dot: svgEl("circle", { class: "gradfig-dot", r: "5" }, o),
    };
  }

  draw() {
    if (!this.overlay) return;
    const a = this.axes();
    const m = this.marks;
    const visible = Boolean(a && this.point);
    this.overlay.classList.toggle("is-empty", !visible);
    this.overlay.classList.toggle("is-pinned", this.pinned);
    if (!visible) return;
    if (this.path) {
      m.path.setAttribute("points", this.path.map(([u, v]) => this.toPixel(u, v, a).join(",")).join(" "));
      m.path.style.display = "";
    } else {
      m.path.style.display = "none";
    }
    const [x, y] = this.point;
    const [px, py] = this.toPixel(x, y, a);
    const sx = a.width / (a.x1 - a.x0), sy = a.height / (a.y1 - a.y0);
    const size = Math.min(a.width, a.height);
    const [gx, gy] = this.data.evaluator.grad(x, y);
    const norm = Math.hypot(gx, gy);
    m.dot.setAttribute("cx", px); m.dot.setAttribute("cy", py);
    const setLine = (el, x1, y1, x2, y2) => {
      el.setAttribute("x1", x1); el.setAttribute("y1", y1);
      el.setAttribute("x2", x2); el.setAttribute("y2", y2);
    };
    if (norm > 1e-12) {
      // Direction exact; length grows like sqrt(‖∇f‖ / max‖∇f‖), as the arrow field does.
      const len = Math.max(14, 0.22 * size * Math.sqrt(Math.min(1, norm / this.data.gmax)));
      let dx = gx * sx, dy = -gy * sy;
      const d = Math.hypot(dx, dy);
      dx /= d; dy /= d;
      setLine(m.grad, px, py, px + dx * len, py + dy * len);
      const half = 0.09 * size; // the level-set tangent: perpendicular to ∇f
      setLine(m.tangent, px - dy * half, py + dx * half, px + dy * half, py - dx * half);
      m.grad.style.display = m.tangent.style.display = "";
    } else {
      m.grad.style.display = m.tangent.style.display = "none";
    }
    const t = this.angle * Math.PI / 180;
    let ux = Math.cos(t) * sx, uy = -Math.sin(t) * sy;
    const ud = Math.hypot(ux, uy);
    ux /= ud; uy /= ud;
    setLine(m.u, px, py, px + ux * 0.13 * size, py + uy * 0.13 * size);
  }

  onThemeChange() {
    const theme = currentTheme();
    if (theme === this.theme) return;
    this.theme = theme;
    if (this.gd && this.data) {
      window.Plotly.react(this.gd, themedFigure(this.data, theme));
    }
  }
}

const fields = [];
const FIELD_KEY = "__gradfigField";

/* The one Field of a container, set up on first use (never twice). */
function fieldFor(root) {
  if (!root[FIELD_KEY]) {
    root[FIELD_KEY] = new Field(root);
    fields.push(root[FIELD_KEY]);
  }
  return root[FIELD_KEY];
}

/* Set up every field of the page, and the experiment buttons that drive them; once per page
 * load (a second call finds everything set up). `options`: {plotly: URL of plotly.js,
 * payload: name -> URL of a field's payload}; a standalone page, which carries both inline,
 * passes none. */
export function startFields(options = {}) {
  started("fields");
  urls = { plotly: options.plotly || null, payload: options.payload || null };
  for (const root of document.querySelectorAll(".gradfig-field")) fieldFor(root);
  // Experiment buttons drive the page's switcher field; hidden until this script runs.
  for (const button of document.querySelectorAll("button[data-gradfig-experiment]")) {
    if (button[FIELD_KEY]) continue;
    const root = document.querySelector(".gradfig-switcher") || document.querySelector(".gradfig-field");
    if (!root || !root[FIELD_KEY]) continue;
    button[FIELD_KEY] = true;
    button.hidden = false;
    button.addEventListener("click", () => {
      root[FIELD_KEY].run(JSON.parse(button.getAttribute("data-gradfig-experiment")));
    });
  }
  // For tests and the benchmark: how many fields are set up (each once).
  window.gradfigFieldsLive = () => fields.length;
  // For a page that feeds its own field (data-gradfig-source="page"): the container's Field.
  window.gradfigFieldFor = (root) => (root && root.classList.contains("gradfig-field") ? fieldFor(root) : null);
}
