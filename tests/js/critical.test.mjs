// critical.mjs against gradfig.critical.search_critical (goldens: critical.json): the same
// points in the same order (to 1e-9), of the same kinds, the same curves of critical points,
// the same flat ground and the same "at least", under the same summary, shown in the same
// table; Himmelblau's nine, singular Hessians (x^4 + y^4, x^2 y - y^3/3 + y^2), curves (x^2,
// x^2 y^2, x^64, a circle), a plateau (tanh(100 x)) and an incomplete search included.
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { criticalPoints, criticalSummary, searchCritical, searchSummary } from "../../src/gradfig/figures/assets/critical.mjs";
import { MINUS, formatNumber } from "../../src/gradfig/figures/assets/format.mjs";
import { close, golden, playgroundEnv } from "./goldens.mjs";

const G = golden("critical");
const env = await playgroundEnv();

test("the search's rules are Python's", () => {
  assert.deepEqual(env.critical, G.rules);
});

for (const c of G.cases) {
  test(`critical points of ${c.formula} on ${c.domain}`, () => {
    const model = landscape(env, c.formula, c.domain);
    const result = searchCritical(model, env.critical);
    const found = result.points;
    assert.deepEqual(found.map((p) => p.kind), c.points.map((p) => p.kind));
    found.forEach((p, i) => {
      for (const k of [0, 1]) close(assert, p.point[k], c.points[i].point[k], { abs: 1e-9 }, `point ${i}`);
      close(assert, p.f, c.points[i].f, { rel: 1e-9, abs: 1e-12 }, `f at point ${i}`);
    });
    assert.deepEqual(criticalPoints(model, env.critical).map((p) => p.kind), c.points.map((p) => p.kind));
    // Curves: as many, the same ends and kinds, the same traced points (to 1e-9 of the domain).
    assert.equal(result.curves.length, c.curves.length, "curves");
    result.curves.forEach((cv, i) => {
      const want = c.curves[i];
      assert.deepEqual(cv.ends, want.ends);
      assert.deepEqual(cv.kinds, want.kinds);
      assert.equal(cv.points.length, want.points.length, `points on curve ${i}`);
      cv.points.forEach((q, j) => { for (const k of [0, 1]) close(assert, q[k], want.points[j][k], { abs: 1e-9 }, `curve ${i} point ${j}`); });
    });
    // Where a run goes on flat ground depends on the derivative's form (SymPy: 1 − tanh², 0 in
    // floating point; math.js: sech², 1e-85), so only whether there is such ground, and where
    // the first start found it, must agree.
    assert.equal(result.flatCount > 0, c.flat_count > 0, "flat ground");
    if (c.flat.length) for (const k of [0, 1]) close(assert, result.flat[0][k], c.flat[0][k], { abs: 1e-9 }, "flat");
    assert.equal(result.incomplete, c.incomplete);
    assert.equal(searchSummary(result), c.summary);
    assert.equal(criticalSummary(found.map((p) => p.kind)), c.kinds_summary);
    // The table's kind, x and y as the build prints them (f at a minimum may be round-off: 1e-9).
    const rows = found.map((p) => [p.kind, formatNumber(p.point[0], MINUS), formatNumber(p.point[1], MINUS)]);
    assert.deepEqual(rows, c.rows.map((r) => r.slice(0, 3)));
  });
}

const find = (formula, domain) => G.cases.find((c) => c.formula === formula && (!domain || c.domain === domain));

test("Himmelblau's function has its nine", () => {
  assert.equal(find("(x^2 + y - 11)^2 + (x + y^2 - 7)^2").summary,
               "9 critical points inside the domain: 4 minima, 1 maximum and 4 saddles.");
});

test("curves of critical points are curves, not clouds of points (issue 20, rows 6 and 7)", () => {
  const square = find("x^2*y^2");
  assert.equal(square.points.length, 0);
  assert.equal(square.curves.length, 2); // both axes, from edge to edge
  for (const cv of square.curves) assert.deepEqual(cv.ends, ["edge", "edge"]);
  for (const c of G.cases.filter((c) => c.formula === "x^64")) {
    assert.equal(c.points.length, 0, c.domain);
    assert.equal(c.curves.length, 1);
    for (const q of c.curves[0].points) assert.ok(Math.abs(q[0]) < 1e-9, `x = ${q[0]} on the line x = 0`);
    assert.match(c.summary, /^∇f = 0 along a curve of critical points/);
  }
});

test("a plateau is not a critical point, and the summary says why (row 5)", () => {
  const plateau = find("tanh(100*x)");
  assert.equal(plateau.points.length, 0);
  assert.ok(plateau.flat_count > 0);
  assert.match(plateau.summary, /flat to round-off .* no critical point is claimed/);
});

test("a search that may be incomplete says 'at least' and why (row 7)", () => {
  const many = find("sin(x)*cos(y)", "-50.0, 50.0, -50.0, 50.0");
  assert.match(many.summary, /^At least \d+ critical points .* The search may be incomplete: /);
  assert.equal(find("(x^2 + y - 11)^2 + (x + y^2 - 7)^2").incomplete, "");
});

test("the summary reads as Python writes it", () => {
  for (const s of G.summaries) assert.equal(criticalSummary(s.kinds), s.text);
});
