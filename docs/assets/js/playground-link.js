/* Keep a playground link in the address bar (playground/#f=<formula>&domain=...).
 *
 * Material's navigation.tracking rewrites the URL's fragment (history.replaceState) to the
 * heading in view as the reader scrolls, and once more right after an instant navigation, with
 * a heading of the page being left. On the playground page the fragment is the function on
 * screen, the link a reader shares, so a replaceState that would swap an #f= fragment for a
 * heading (or for none) keeps the #f= one; every other call passes through unchanged. Loaded on
 * every page (extra_javascript) because that last rewrite runs before the playground's own
 * script has loaded. */
(function () {
  "use strict";
  const replace = history.replaceState;
  history.replaceState = function (state, title, url) {
    if (url !== undefined && url !== null && location.hash.startsWith("#f=")) {
      const next = new URL(String(url), location.href);
      if (next.pathname === location.pathname && !next.hash.startsWith("#f=")) {
        next.hash = location.hash;
        return replace.call(this, state, title, next.href);
      }
    }
    return replace.apply(this, arguments);
  };
})();
