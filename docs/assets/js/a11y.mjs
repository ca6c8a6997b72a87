// Accessibility fixes for markup Material creates at run time (the rest is in site.css and
// docs/overrides). A MutationObserver also catches what Material adds later. Bundled into the
// site's script (site.mjs), which calls startA11y once per page load.
//
// - Material wraps each code block's copy button in an unlabelled <nav>; several unlabelled
//   navigation landmarks on one page are indistinguishable to screen-reader users (axe:
//   landmark-unique). Name each after its code block.
// - A table wider than the text column scrolls sideways inside Material's scroll wrapper;
//   keyboard users can only scroll it if it can take focus (axe: scrollable-region-focusable).
//   Such a wrapper becomes a focusable, named region; one that fits is left out of the tab order.
function labelNavs() {
  var navs = document.querySelectorAll(".md-code__nav:not([aria-label])");
  if (!navs.length) return;
  var all = Array.prototype.slice.call(document.querySelectorAll(".md-code__nav"));
  navs.forEach(function (nav) {
    nav.setAttribute("aria-label", "Code block " + (all.indexOf(nav) + 1) + " actions");
  });
}
function focusableScrollers() {
  var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
  wraps.forEach(function (wrap, i) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table " + (i + 1) + " (scrolls sideways)");
    } else if (!scrolls && wrap.getAttribute("role") === "region") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  });
}
// Whether a table scrolls can change after the check: the window's width, and the table's
// own once a font or the maths has finished its layout. Each wrapper and its table are
// watched, and the check runs again (once per frame) when either changes size.
var sized = typeof ResizeObserver === "function" ? new ResizeObserver(function () { again(); }) : null;
var watched = new WeakSet();
function watchSizes() {
  if (!sized) return;
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
    if (watched.has(wrap)) return;
    watched.add(wrap);
    sized.observe(wrap);
    if (wrap.firstElementChild) sized.observe(wrap.firstElementChild);
  });
}
function fix() {
  labelNavs();
  focusableScrollers();
  watchSizes();
}
// Only additions of what these fixes are about, once per frame: a live field rewrites its
// readout on every pointer move, and reading widths on each of those would force layouts.
var WATCHED = ".md-code__nav, .md-typeset__scrollwrap";
var pending = false;
function again() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(function () { pending = false; fix(); });
}
function relevant(records) {
  for (var r = 0; r < records.length; r++) {
    var added = records[r].addedNodes;
    for (var i = 0; i < added.length; i++) {
      var node = added[i];
      if (node.nodeType === 1 && (node.matches(WATCHED) || node.querySelector(WATCHED))) return true;
    }
  }
  return false;
}

/* Apply the fixes now and to whatever Material adds later; once per page load. */
export function startA11y() {
  new MutationObserver(function (records) {
    if (!pending && relevant(records)) again();
  }).observe(document.documentElement, { childList: true, subtree: true });
  if (!sized) window.addEventListener("resize", focusableScrollers);
  fix();
}
