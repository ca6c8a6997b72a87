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
 * Bundled by esbuild into generated/assets/gradfig-playground.js, which the site's script loads
 * on the page that has the form; it starts once, when the page's elements exist (mount()). math.js (a
 * slice, generated/vendor/mathjs-gradfig.min.js), Temml and plotly.js are fetched only when the
 * reader first types, draws or opens a link.
 *
 * window.gradfigPlayground: the page's Playground (for tests).
 */
import { landscape, displayed, tex } from "../../../src/gradfig/figures/assets/calculus.mjs";
import { CHECK_HEAD, checkCells, checkRow, gradientCheck, unreliableNote } from "../../../src/gradfig/figures/assets/check.mjs";
import { searchCriticalAsync, searchSummary } from "../../../src/gradfig/figures/assets/critical.mjs";
import { payload } from "../../../src/gradfig/figures/assets/figure.mjs";
import { MINUS, formatNumber, intervalText } from "../../../src/gradfig/figures/assets/format.mjs";
import { InputError, shorten } from "../../../src/gradfig/figures/assets/grammar.mjs";
import { loadScript, started, whenReady } from "../../../src/gradfig/figures/assets/load.mjs";
import { hashFor, readHash } from "./links.mjs";

// This bundle is served from <site>/generated/assets/, the vendored libraries from generated/vendor/.
const HERE = document.currentScript && document.currentScript.src ? document.currentScript.src : location.href;
const MATH_URL = new URL("../vendor/mathjs-gradfig.min.js", HERE).href;
const TEMML_URL = new URL("../vendor/temml.min.js", HERE).href;

async function loadMath() {
  if (!window.gradfigMath) await loadScript(MATH_URL);
  return window.gradfigMath;
}

/* Everything drawn for one formula: the model, its critical points, its check, its payload. */
async function build(env, formulaText, domainText) {
  const model = landscape(env, formulaText, domainText);
  const search = await searchCriticalAsync(model, env.critical); // points, curves, flat ground, "at least"
  const crit = search.points;
  return { model, crit, search, check: gradientCheck(model, env.check), payload: payload(env.figure, env.field, model, crit) };
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

  /* The math.js slice and Python's settings: what the pure modules take as `env`. */
  prefetch() {
    if (!this.env) {
      this.env = loadMath().then((math) => ({ ...this.settings, math }))
        .catch((err) => { this.env = null; throw err; });
    }
    return this.env;
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
    let env;
    try {
      env = await this.prefetch();
    } catch (err) {
      if (token !== this.serial) return;
      this.form.setAttribute("data-state", "failed");
      this.setAlert("The page could not load its maths library; reload the page to try again.");
      return;
    }
    if (token !== this.serial) return;
    let result;
    try {
      result = await build(env, formula, domainText);
    } catch (err) {
      if (token !== this.serial) return;
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
      await this.show(env, formula, result, updateHash, token);
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
  async show(env, formula, result, updateHash, token) {
    this.setAlert("");
    window.gradfigFields = window.gradfigFields || {};
    window.gradfigFields[env.field] = result.payload;
    const field = window.gradfigFieldFor(this.root); // the site's script, which loaded this one
    field.clear(); // a pinned point, its readout and a descent belong to the function before
    const box = this.root.querySelector(".gradfig-field__plot");
    box.setAttribute("aria-label", `Interactive gradient field of f(x, y) = ${shorten(formula)}. ` +
                     "Arrow keys move the query point (Shift moves further), Enter pins it.");
    this.result = result;
    this.showCritical(result);
    this.showCheck(result);
    this.updatePinned();
    const [[x0, x1], [y0, y1]] = result.model.domain;
    this.status.textContent = `Drawn: f(x, y) = ${shorten(formula)} on ${intervalText(x0, x1)} × ${intervalText(y0, y1)}. ` +
      searchSummary(result.search);
    this.drawn = { formula, domainText: result.model.domainText };
    if (updateHash) history.replaceState(history.state, "", hashFor(formula, result.model.domainText));
    await Promise.all([field.present(env.field), this.showPartials(env, result, token)]);
  }

  async showPartials(env, result, token) {
    const rows = [["f(x, y) = ", result.model.node]];
    result.model.trees.forEach((t, i) => {
      const v = "xy"[i];
      const exact = (x, y) => result.model.grad(x, y)[i];
      rows.push([`\\frac{\\partial f}{\\partial ${v}} = `, displayed(env, t, exact, result.model.domain), `∂f/∂${v} = `]);
    });
    let temml = null;
    try {
      if (!window.temml) await loadScript(TEMML_URL);
      temml = window.temml;
    } catch (err) {
      temml = null; // the formulas are shown as text instead
    }
    if (token !== this.serial) return;
    const out = [];
    for (const [lead, node, plain] of rows) {
      const p = el("p", { class: "gradfig-playground__maths" });
      let done = false;
      if (temml) {
        try {
          // annotate: the TeX travels with the MathML (copying, assistive technology).
          temml.render(lead + tex(node), p, { displayMode: true, annotate: true });
          done = true;
        } catch (err) { done = false; }
      }
      if (!done) {
        p.textContent = "";
        p.appendChild(el("code", {}, (plain || lead) + node.toString()));
      }
      out.push(p);
    }
    this.partials.replaceChildren(...out);
    this.partials.setAttribute("data-formula", result.model.formula);
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
    const row = checkRow(this.result.model, [Number(r.x), Number(r.y)], "pinned point", this.settings.check);
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
