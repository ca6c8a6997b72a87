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

whenReady(() => {
  started("site");
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
