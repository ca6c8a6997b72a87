// critical.mjs against gradfig.critical.find_critical_points (goldens: critical.json): the same
// points in the same order (to 1e-9), of the same kinds, under the same summary, shown in the
// same table; Himmelblau's nine and singular Hessians (x^4 + y^4, x^2 y - y^3/3 + y^2) included.
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { criticalPoints, criticalSummary } from "../../src/gradfig/figures/assets/critical.mjs";
import { MINUS, formatNumber } from "../../src/gradfig/figures/assets/format.mjs";
import { close, golden, playgroundEnv } from "./goldens.mjs";

const G = golden("critical");
const env = await playgroundEnv();

test("the search's rules are Python's", () => {
  assert.deepEqual(env.critical, G.rules);
});

for (const c of G.cases) {
  test(`critical points of ${c.formula} on ${c.domain}`, () => {
    const found = criticalPoints(landscape(env, c.formula, c.domain), env.critical);
    assert.deepEqual(found.map((p) => p.kind), c.points.map((p) => p.kind));
    found.forEach((p, i) => {
      for (const k of [0, 1]) close(assert, p.point[k], c.points[i].point[k], { abs: 1e-9 }, `point ${i}`);
      close(assert, p.f, c.points[i].f, { rel: 1e-9, abs: 1e-12 }, `f at point ${i}`);
    });
    assert.equal(criticalSummary(found.map((p) => p.kind)), c.summary);
    // The table's kind, x and y as the build prints them (f at a minimum may be round-off: 1e-9).
    const rows = found.map((p) => [p.kind, formatNumber(p.point[0], MINUS), formatNumber(p.point[1], MINUS)]);
    assert.deepEqual(rows, c.rows.map((r) => r.slice(0, 3)));
  });
}

test("Himmelblau's function has its nine", () => {
  const himmelblau = G.cases.find((c) => c.formula.startsWith("(x^2 + y - 11)^2"));
  assert.equal(himmelblau.summary, "9 critical points inside the domain: 4 minima, 1 maximum and 4 saddles.");
});

test("the summary reads as Python writes it", () => {
  for (const s of G.summaries) assert.equal(criticalSummary(s.kinds), s.text);
});
