/*
 * Loading and starting, the one place for both: every gradfig script on a page loads other
 * scripts (plotly.js, a field's payload, math.js, Temml, a page's widget bundle) through
 * loadScript, and starts through whenReady. A leaf: imports nothing.
 */

const scripts = new Map();

/* Load a classic script once per page (a second call waits for the same load); a failed load
 * is forgotten, so a later call tries again. */
export function loadScript(url) {
  if (!scripts.has(url)) {
    scripts.set(url, new Promise((resolve, reject) => {
      const el = document.createElement("script");
      el.src = url;
      el.async = true;
      el.onload = resolve;
      el.onerror = () => { scripts.delete(url); reject(new Error("gradfig: cannot load " + url)); };
      document.head.appendChild(el);
    }));
  }
  return scripts.get(url);
}

/* Run `start` once the document's elements exist, whenever the calling script runs. */
export function whenReady(start) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}

let readerHasScrolled = false;
const whenReaderScrolls = new Set();

/* Run `start` once the reader has scrolled (at once if they already have): widgets wait for
 * the first scroll before watching the viewport, so nothing is drawn at page start-up. */
export function afterFirstScroll(start) {
  if (readerHasScrolled) { start(); return; }
  if (whenReaderScrolls.size === 0) {
    window.addEventListener("scroll", () => {
      readerHasScrolled = true;
      for (const run of whenReaderScrolls) run();
      whenReaderScrolls.clear();
    }, { passive: true, capture: true, once: true });
  }
  whenReaderScrolls.add(start);
}

/* Count a widget's start-up: window.gradfigStarts[name] says how often it ran in this page load
 * (the browser tests check that every one ran exactly once). */
export function started(name) {
  const starts = (window.gradfigStarts = window.gradfigStarts || {});
  starts[name] = (starts[name] || 0) + 1;
}
