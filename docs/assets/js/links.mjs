/*
 * The playground's link format, a contract: playground/#f=<formula>&domain=XMIN,XMAX,YMIN,YMAX.
 * A pure module (tests/js/links.test.mjs).
 */

/* The link's parameters as a Map; '+' stays '+' (a teacher may type #f=x^2+y^2 by hand). A
 * value that is not valid percent-encoding throws an Error naming its key. */
export function readHash(hash) {
  const params = new Map();
  for (const part of hash.replace(/^#/, "").split("&")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const key = part.slice(0, at);
    let value;
    try {
      value = decodeURIComponent(part.slice(at + 1));
    } catch (err) {
      throw new Error(`the link is damaged: its ${key.length > 40 ? key.slice(0, 37) + "..." : key} ` +
                      "is not valid percent-encoding");
    }
    params.set(key, value);
  }
  return params;
}

/* The fragment for a formula and a domain text ("-2, 2, -1, 3" -> "-2,2,-1,3"). */
export function hashFor(formula, domainText) {
  const domain = domainText.split(",").map((p) => encodeURIComponent(p.trim())).join(",");
  return "#f=" + encodeURIComponent(formula) + "&domain=" + domain;
}
