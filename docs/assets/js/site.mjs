/*
 * The site's one script, on every page (mkdocs.yml extra_javascript): esbuild bundles it with
 * what it imports into generated/assets/gradfig-site.js (IIFE, minified; chapter.bundle).
 *
 * Once per page load, when the page's elements exist, it starts the widgets every page may have
 * (quizzes, interactive fields, Material's accessibility fixes) and loads the bundle of a widget
 * only one page has, when that page has it: the playground (gradfig-playground.js), which starts
 * itself once it has loaded. Links
 * between pages are ordinary page loads (the site has no instant navigation), so nothing here
 * ever starts twice.
 */
import { startFields } from "../../../src/gradfig/figures/assets/fields.mjs";
import { loadScript, started, whenReady } from "../../../src/gradfig/figures/assets/load.mjs";
import { startA11y } from "./a11y.mjs";
import { startQuizzes } from "./quiz.mjs";

// This bundle is served from <site>/generated/assets/; everything else is found relative to it.
const HERE = document.currentScript && document.currentScript.src ? document.currentScript.src : location.href;
const asset = (path) => new URL(path, HERE).href;

/* Bundles of widgets that only one page carries: selector -> bundle. (The live Jacobian's code is
 * inline in its page, right after the widget: chapter.jacobian_widget.) */
const PAGE_WIDGETS = [
  ["[data-gradfig-playground]", "gradfig-playground.js"],
  ["[data-gradfig-surface]", "gradfig-surface.js"],
];

/* A site opened from file:// (its index.html double-clicked) cannot do everything: links
 * between pages name folders, search and the maths font need a server. One line says so, at the
 * top of the page, with the commands that serve it (the README's). */
export const FILE_NOTE = "This page is opened as a file, so links between pages, search and the maths font " +
  "do not work: serve the site instead, with `python3 -m http.server --bind 127.0.0.1 -d site` " +
  "or `make serve` (see the README).";

function noteIfFile() {
  if (location.protocol !== "file:") return;
  const where = document.querySelector(".md-content__inner") || document.body;
  const note = document.createElement("p");
  note.className = "gradfig-file-note";
  note.setAttribute("role", "note");
  // The commands as code, the rest as text (textContent: nothing is parsed as markup).
  FILE_NOTE.split("`").forEach((part, i) => {
    note.appendChild(i % 2 ? document.createElement("code") : document.createTextNode("")).textContent = part;
  });
  where.prepend(note);
}

/* A table whose last column is a verdict (each body cell a ✓ pass or ✗ FAIL) keeps that column
 * in view while the rest scrolls sideways on a narrow screen (site.css: table[data-gradfig-verdict]; a data attribute, as Material styles only tables without a class). */
export function markVerdictTables(root = document) {
  for (const table of root.querySelectorAll("table")) {
    const cells = [...table.querySelectorAll("tbody tr")].map((row) => row.lastElementChild);
    if (cells.length && cells.every((c) => c && /^[✓✗]/.test(c.textContent.trim()))) {
      table.dataset.gradfigVerdict = "";
    }
  }
}

whenReady(() => {
  started("site");
  noteIfFile();
  markVerdictTables();
  startA11y();
  startQuizzes();
  startFields({
    plotly: asset("../vendor/plotly-cartesian.min.js"),
    payload: (name) => asset("../fields/" + name + ".js"),
  });
  for (const [selector, bundle] of PAGE_WIDGETS) {
    if (document.querySelector(selector)) loadScript(asset(bundle)).catch((err) => console.warn(String(err)));
  }
});
