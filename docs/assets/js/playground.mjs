/*
 * The playground ("Your own function"), its page component (DOM): the reader types f(x, y) and a
 * domain; the page checks the formula, differentiates it exactly, and draws it through the
 * chapter's field component, with its critical points and a gradient check.
 *
 * Everything that must agree with Python is in the package's pure modules, each checked in Node
 * against golden cases Python writes (ARCHITECTURE.md): grammar.mjs, domain.mjs, calculus.mjs,
 * critical.mjs, check.mjs, figure.mjs, format.mjs. Their rules and limits are Python's, read from
 * the form's data-gradfig-playground (chapter.playground.settings()).
 *
 * The work for a formula (parsing, the symbolic derivatives and their TeX, the critical points,
 * the check, the figure: playground-work.mjs) runs in a Web Worker (playground-worker.mjs,
 * generated/assets/gradfig-playground-worker.js), so that no formula holds the page; a newer
 * draw ends the worker of an older one. Where no worker can start (file://), the page does it.
 *
 * Bundled by esbuild into generated/assets/gradfig-playground.js, which the site's script loads
 * on the page that has the form; it starts once, when the page's elements exist (mount()). math.js (a
 * slice, generated/vendor/mathjs-gradfig.min.js), Temml and plotly.js are fetched only when the
 * reader first types, draws or opens a link.
 *
 * window.gradfigPlayground: the page's Playground (for tests).
 */
import { CHECK_HEAD, checkCells, checkRow, unreliableNote } from "../../../src/gradfig/figures/assets/check.mjs";
import { searchSummary } from "../../../src/gradfig/figures/assets/critical.mjs";
import { MINUS, formatNumber, intervalText } from "../../../src/gradfig/figures/assets/format.mjs";
import { InputError, shorten } from "../../../src/gradfig/figures/assets/grammar.mjs";
import { loadScript, started, whenReady } from "../../../src/gradfig/figures/assets/load.mjs";
import { hashFor, readHash } from "./links.mjs";
import { errorFrom, model, work } from "./playground-work.mjs";

// This bundle is served from <site>/generated/assets/, the vendored libraries from generated/vendor/.
const HERE = document.currentScript && document.currentScript.src ? document.currentScript.src : location.href;
const MATH_URL = new URL("../vendor/mathjs-gradfig.min.js", HERE).href;
const TEMML_URL = new URL("../vendor/temml.min.js", HERE).href;
const WORKER_URL = new URL("gradfig-playground-worker.js", HERE).href;

async function loadMath() {
  if (!window.gradfigMath) await loadScript(MATH_URL);
  return window.gradfigMath;
}

/* Resolves in a later task: what comes after it does not lengthen the current one. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/* A job a newer draw replaced. */
class Cancelled extends Error {}
/* No worker can do the job (none can start here, or its script failed): the page does it. */
class NoWorker extends Error {}
/* The page could not load math.js for a job it does itself. */
class NoMaths extends Error {}

/* The playground's Web Worker (playground-worker.mjs) and its one job at a time. A new job ends
 * the worker running an older one (terminate: its search stops at once) and starts another.
 * Where no worker can start (a page opened from file://, where browsers refuse a worker
 * script), run() returns null and the page does the work itself. `where` says which it was. */
class Jobs {
  constructor(settings, form) {
    this.settings = settings;
    this.form = form;
    this.worker = null;
    this.pending = null;
    this.serial = 0;
    this.unavailable = false;
    this.cancelled = 0; // jobs a newer draw ended (for tests)
    this.where = null; // "worker" or "page": where the last job ran
  }

  start() {
    if (this.worker || this.unavailable) return this.worker;
    let worker;
    try {
      worker = new Worker(WORKER_URL);
    } catch (err) {
      this.unavailable = true;
      return null;
    }
    // Only the current worker is listened to: one ended by cancel() has no say any more.
    worker.onmessage = (e) => { if (worker === this.worker) this.received(e.data); };
    worker.onerror = (e) => {
      e.preventDefault();
      if (worker !== this.worker) return;
      console.warn("gradfig: the playground's worker failed (" + (e.message || "no message") + "); the page works itself");
      this.broken();
    };
    this.worker = worker;
    return worker;
  }

  run(formula, domain) {
    this.cancel();
    const worker = this.start();
    if (!worker) return null;
    const id = ++this.serial;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject };
      worker.postMessage({ id, settings: this.settings, formula, domain });
    });
  }

  cancel() {
    if (!this.pending) return;
    this.worker.terminate();
    this.worker = null;
    this.cancelled++;
    const job = this.pending;
    this.pending = null;
    job.reject(new Cancelled());
  }

  received(data) {
    if (data.ready) { this.form.setAttribute("data-maths", "ready"); return; }
    if (!this.pending || data.id !== this.pending.id) return;
    const job = this.pending;
    this.pending = null;
    this.where = "worker";
    if (data.error) job.reject(errorFrom(data.error));
    else job.resolve(data.result);
  }

  /* The worker's script failed (it or math.js could not load): the page does the work from now. */
  broken() {
    this.unavailable = true;
    if (this.worker) this.worker.terminate();
    this.worker = null;
    const job = this.pending;
    this.pending = null;
    if (job) job.reject(new NoWorker());
  }
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function table(head, rows) {
  const t = el("table"); // no class: Material styles tables without one
  const tr = el("tr");
  for (const h of head) tr.appendChild(el("th", { scope: "col" }, h));
  t.appendChild(el("thead")).appendChild(tr);
  const body = t.appendChild(el("tbody"));
  for (const row of rows) {
    const r = body.appendChild(el("tr"));
    for (const cell of row) r.appendChild(el("td", {}, cell));
  }
  return t;
}

class Playground {
  constructor(form) {
    this.form = form;
    this.settings = JSON.parse(form.getAttribute("data-gradfig-playground"));
    const page = form.closest("article") || document;
    this.formula = form.querySelector(".gradfig-playground__formula");
    this.domain = form.querySelector(".gradfig-playground__domain");
    this.copyButton = form.querySelector(".gradfig-playground__copy");
    this.copied = form.querySelector(".gradfig-playground__copied");
    this.alert = page.querySelector(".gradfig-playground__alert");
    this.status = page.querySelector(".gradfig-playground__status");
    this.root = page.querySelector(".gradfig-playground__field");
    this.partials = page.querySelector(".gradfig-playground__partials");
    this.critical = page.querySelector(".gradfig-playground__critical");
    this.check = page.querySelector(".gradfig-playground__check");
    this.readout = this.root && this.root.querySelector(".gradfig-readout");
    this.serial = 0;
    this.drawn = null; // {formula, domainText} of the last successful draw
    this.jobs = new Jobs(this.settings, form);

    form.addEventListener("submit", (e) => { e.preventDefault(); this.draw(true); });
    for (const input of [this.formula, this.domain]) {
      // The maths library is fetched when the reader first turns to the form.
      input.addEventListener("focus", () => this.prefetch());
      input.addEventListener("input", () => { this.prefetch(); input.removeAttribute("aria-invalid"); });
    }
    this.copyButton.addEventListener("click", () => this.copyLink());
    window.addEventListener("hashchange", () => this.fromHash());
    if (this.root) {
      // The reader came near the field: draw what the form holds, unless something is drawn
      // or drawing already.
      const wanted = () => { if (!this.serial) this.draw(false); };
      this.root.addEventListener("gradfig-field-wanted", wanted);
      if (this.root.hasAttribute("data-gradfig-wanted")) wanted();
    }
    if (this.readout) {
      new MutationObserver(() => this.updatePinned())
        .observe(this.readout, { attributes: true, attributeFilter: ["data-x", "data-y", "data-pinned"] });
    }
    this.fromHash();
  }

  /* The reader turned to the form: start the worker (it loads math.js), or where none can
   * start, load math.js on the page. */
  prefetch() {
    if (!this.jobs.start()) this.pageEnv().catch(() => {});
  }

  /* The math.js slice and Python's settings, on the page: what the pure modules take as `env`. */
  pageEnv() {
    if (!this.env) {
      this.env = loadMath().then((math) => {
        this.form.setAttribute("data-maths", "ready");
        return { ...this.settings, math };
      }).catch((err) => { this.env = null; throw err; });
    }
    return this.env;
  }

  /* The work for one formula: by the worker, else on the page. */
  async compute(formula, domainText) {
    const job = this.jobs.run(formula, domainText);
    if (job) {
      try {
        return await job;
      } catch (err) {
        if (!(err instanceof NoWorker)) throw err;
      }
    }
    let env;
    try {
      env = await this.pageEnv();
    } catch (err) {
      throw new NoMaths(String(err));
    }
    this.jobs.where = "page";
    return work(env, formula, domainText);
  }

  setAlert(text, input) {
    this.alert.textContent = text;
    for (const i of [this.formula, this.domain]) {
      if (i === input) i.setAttribute("aria-invalid", "true");
      else i.removeAttribute("aria-invalid");
    }
  }

  fromHash() {
    let params;
    try {
      params = readHash(location.hash);
    } catch (err) {
      this.setAlert("This link cannot be opened: " + err.message + ".");
      return;
    }
    if (!params.has("f")) return; // an ordinary anchor, e.g. a heading's
    // The link's own text is what is checked: a text box drops line breaks as it takes them.
    const formula = params.get("f");
    const domain = params.has("domain") ? params.get("domain") : this.domain.value;
    this.formula.value = formula;
    this.domain.value = domain;
    this.draw(false, "link", formula, domain);
  }

  async draw(updateHash, from, formula = this.formula.value, domainText = this.domain.value) {
    const token = ++this.serial;
    this.copied.textContent = ""; // "Link copied" was about the function before this one
    this.form.setAttribute("data-state", "drawing");
    let result;
    try {
      result = await this.compute(formula, domainText);
    } catch (err) {
      if (token !== this.serial || err instanceof Cancelled) return;
      if (err instanceof NoMaths) {
        this.form.setAttribute("data-state", "failed");
        this.setAlert("The page could not load its maths library; reload the page to try again.");
        return;
      }
      if (!(err instanceof InputError)) {
        // A fault of this page, not of the input: say so, and leave the form usable.
        this.form.setAttribute("data-state", "failed");
        this.setAlert("This function could not be drawn (an error in the page: " +
                      shorten(String(err && err.message || err)) + ").");
        console.error(err);
        return;
      }
      const input = err.where === "domain" ? this.domain : this.formula;
      const what = err.where === "domain" ? "Cannot use this domain" : "Cannot draw this formula";
      this.setAlert(`${from === "link" ? "From the link: " : ""}${what}: ${err.message}.`, input);
      this.form.setAttribute("data-state", "refused");
      return;
    }
    if (token !== this.serial) return; // the reader drew something else meanwhile
    try {
      await this.show(formula, result, updateHash, token);
    } catch (err) {
      if (token !== this.serial) return;
      this.form.setAttribute("data-state", "failed");
      this.setAlert("This function could not be shown (an error in the page: " +
                    shorten(String(err && err.message || err)) + ").");
      console.error(err);
      return;
    }
    if (token !== this.serial) return;
    this.form.setAttribute("data-state", "drawn");
  }

  /* Show a built result: the field (cleared of the last function's point, pin and descent),
   * the tables, the status, the link, the partials. */
  async show(formula, result, updateHash, token) {
    this.setAlert("");
    const name = this.settings.field;
    this.model = model(this.settings.grammar.constants, result);
    window.gradfigFields = window.gradfigFields || {};
    window.gradfigFields[name] = { ...result.payload, evaluator: { f: this.model.f, grad: this.model.grad } };
    const field = window.gradfigFieldFor(this.root); // the site's script, which loaded this one
    field.clear(); // a pinned point, its readout and a descent belong to the function before
    const box = this.root.querySelector(".gradfig-field__plot");
    box.setAttribute("aria-label", `Interactive gradient field of f(x, y) = ${shorten(formula)}. ` +
                     "Arrow keys move the query point (Shift moves further), Enter pins it.");
    this.result = result;
    this.showCritical(result);
    this.showCheck(result);
    this.updatePinned();
    const [[x0, x1], [y0, y1]] = result.domain;
    this.status.textContent = `Drawn: f(x, y) = ${shorten(formula)} on ${intervalText(x0, x1)} × ${intervalText(y0, y1)}. ` +
      searchSummary(result.search);
    this.drawn = { formula, domainText: result.domainText };
    if (updateHash) history.replaceState(history.state, "", hashFor(formula, result.domainText));
    // The field, then the maths, each in a task of its own: the page answers the reader between.
    await nextTask();
    if (token !== this.serial) return;
    await Promise.all([field.present(name), nextTask().then(() => this.showPartials(result, token))]);
  }

  /* f and its partials as maths (Temml), or as text where Temml cannot load; a partial past
   * the display bound (playground-work.mjs) as a note saying so. */
  async showPartials(result, token) {
    let temml = null;
    try {
      if (!window.temml) await loadScript(TEMML_URL);
      temml = window.temml;
    } catch (err) {
      temml = null; // the formulas are shown as text instead
    }
    if (token !== this.serial) return;
    const out = [];
    for (const row of result.maths) {
      if (out.length) await nextTask(); // one typeset formula per task
      if (token !== this.serial) return;
      if (row.note) {
        out.push(el("p", { class: "gradfig-playground__maths gradfig-playground__too-long" }, row.note));
        continue;
      }
      const p = el("p", { class: "gradfig-playground__maths" });
      let done = false;
      if (temml) {
        try {
          // annotate: the TeX travels with the MathML (copying, assistive technology).
          temml.render(row.tex, p, { displayMode: true, annotate: true });
          done = true;
        } catch (err) { done = false; }
      }
      if (!done) {
        p.textContent = "";
        p.appendChild(el("code", {}, row.text));
      }
      out.push(p);
    }
    this.partials.replaceChildren(...out);
    this.partials.setAttribute("data-formula", result.formula);
  }

  showCritical(result) {
    const rows = result.crit.map((c) => [c.kind, formatNumber(c.point[0], MINUS), formatNumber(c.point[1], MINUS),
                                        formatNumber(c.f, MINUS)]);
    this.critical.replaceChildren(
      el("p", { class: "gradfig-playground__summary" }, searchSummary(result.search)),
      table(["kind", "x", "y", "f(x, y)"], rows));
    this.critical.setAttribute("data-count", String(result.crit.length));
  }

  showCheck(result) {
    const t = table(CHECK_HEAD, result.check.map(checkCells));
    this.pinnedRow = null;
    // Why a row that did not pass says nothing either way (check.mjs: unreliable, not FAIL).
    this.unreliable = el("p", { class: "gradfig-playground__unreliable" }, unreliableNote(result.check));
    this.unreliable.hidden = !this.unreliable.textContent;
    this.check.replaceChildren(t, this.unreliable, el("p", { class: "gradfig-playground__pinned" },
      "Pin a point on the field (click it, or focus the field and press Enter) to add it to the check."));
    this.check.setAttribute("data-passed", String(result.check.every((r) => r.passed)));
  }

  showUnreliable(rows) {
    this.unreliable.textContent = unreliableNote(rows);
    this.unreliable.hidden = !this.unreliable.textContent;
  }

  /* A pinned point joins the check table as its last row. */
  updatePinned() {
    if (!this.result || !this.readout) return;
    const r = this.readout.dataset;
    const body = this.check.querySelector("tbody");
    const note = this.check.querySelector(".gradfig-playground__pinned");
    if (r.pinned !== "true" || r.x === "" || r.x === undefined) {
      if (this.pinnedRow) { this.pinnedRow.remove(); this.pinnedRow = null; }
      if (note) note.hidden = false;
      this.showUnreliable(this.result.check);
      return;
    }
    const row = checkRow(this.model, [Number(r.x), Number(r.y)], "pinned point", this.settings.check);
    const tr = el("tr", { class: "gradfig-playground__pinned-row" });
    for (const cell of checkCells(row)) tr.appendChild(el("td", {}, cell));
    if (this.pinnedRow) this.pinnedRow.replaceWith(tr);
    else body.appendChild(tr);
    this.pinnedRow = tr;
    if (note) note.hidden = true;
    this.showUnreliable([...this.result.check, row]);
  }

  async copyLink() {
    const example = this.settings.example;
    const drawn = this.drawn || { formula: example.formula, domainText: example.domain };
    const url = location.href.split("#")[0] + hashFor(drawn.formula, drawn.domainText);
    try {
      await navigator.clipboard.writeText(url);
      this.copied.textContent = "Link copied.";
    } catch (err) {
      this.copied.textContent = "Copy this link: " + url;
    }
  }
}

/* What the page's Playground writes to, besides its form: each must exist before it starts. */
const PARTS = ["alert", "status", "field", "partials", "critical", "check"].map((p) => ".gradfig-playground__" + p);

/* Start the page's one Playground, once, when the form and every part it writes to exist:
 * whenever this bundle runs (loaded early or late, by the site's script or by hand), it waits
 * for the document to be parsed, then looks. A page without the form starts nothing. */
export function mount() {
  whenReady(() => {
    const form = document.querySelector("[data-gradfig-playground]");
    if (!form || window.gradfigPlayground) return;
    const page = form.closest("article") || document;
    const missing = PARTS.filter((sel) => !page.querySelector(sel));
    if (missing.length) {
      console.warn("gradfig: the playground is missing " + missing.join(", "));
      return;
    }
    started("playground");
    window.gradfigPlayground = new Playground(form);
  });
}

mount();
