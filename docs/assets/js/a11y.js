// Accessibility fixes for markup Material creates at run time (the rest is in site.css and
// docs/overrides). Material wraps each code block's copy button in an unlabelled <nav>;
// several unlabelled navigation landmarks on one page are indistinguishable to screen-reader
// users (axe: landmark-unique). Name each after its code block. A MutationObserver also
// catches the blocks of pages swapped in by instant navigation.
(function () {
  "use strict";
  function label(root) {
    var navs = document.querySelectorAll(".md-code__nav:not([aria-label])");
    if (!navs.length) return;
    var all = Array.prototype.slice.call(document.querySelectorAll(".md-code__nav"));
    navs.forEach(function (nav) {
      nav.setAttribute("aria-label", "Code block " + (all.indexOf(nav) + 1) + " actions");
    });
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
  label();
})();
