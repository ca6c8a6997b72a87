// links.mjs: the playground's link format, playground/#f=<formula>&domain=XMIN,XMAX,YMIN,YMAX.
import assert from "node:assert/strict";
import { test } from "node:test";
import { hashFor, readHash } from "../../docs/assets/js/links.mjs";

test("a link carries its formula and domain, and reads back", () => {
  for (const [formula, domain] of [["x^2 + y^3", "-1, 2, -1, 2"], ["sin(x)*cos(y)", "-pi, pi, -pi/2, pi/2"],
                                   ["(1 - x)^2 + 10*(y - x^2)^2", "-2,2,-1,3"], ["x&y=#%", "0, 1, 0, 1"]]) {
    const hash = hashFor(formula, domain);
    assert.match(hash, /^#f=[^&]*&domain=[^,&]*,[^,&]*,[^,&]*,[^,&]*$/);
    const params = readHash(hash);
    assert.equal(params.get("f"), formula);
    assert.equal(params.get("domain"), domain.split(",").map((p) => p.trim()).join(","));
  }
  assert.equal(hashFor("x^2 + y^3", "-1, 2, -1, 2"), "#f=x%5E2%20%2B%20y%5E3&domain=-1,2,-1,2");
});

test("a hand-typed link keeps its plus signs; a heading anchor has no formula", () => {
  assert.equal(readHash("#f=x^2+3*y^2&domain=-2,2,-1,1").get("f"), "x^2+3*y^2");
  assert.equal(readHash("#the-partial-derivatives").has("f"), false);
});

test("a damaged link says which part is damaged", () => {
  assert.throws(() => readHash("#f=%E0%A4%A&domain=1,2"), /the link is damaged: its f is not valid percent-encoding/);
});
