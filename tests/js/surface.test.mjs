// surface.mjs against gradfig.figures.surface.surface_scene (goldens: surface.json), on every
// registry landscape at several points, with the evaluator the site's payload carries.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SURFACE, linspace, planeHeight, segmentSlope, surfaceScene } from "../../src/gradfig/figures/assets/surface.mjs";
import { close, golden } from "./goldens.mjs";

const G = golden("surface");
const TOL = { rel: 1e-12, abs: 1e-12 };

test("the sampling rules are Python's", () => {
  assert.deepEqual(SURFACE, G.rules);
});

test("linspace gives numpy's floats", () => {
  for (const c of G.cases) {
    assert.deepEqual(linspace(c.domain[0][0], c.domain[0][1], G.rules.samples), c.scene.xs, c.name);
    assert.deepEqual(linspace(c.domain[1][0], c.domain[1][1], G.rules.samples), c.scene.ys, c.name);
  }
});

test("every scene is Python's: surface, slices, tangent lines, plane and height range", () => {
  const evaluators = Object.fromEntries(Object.entries(G.evaluators).map(
    ([name, source]) => [name, new Function(`return (${source});`)()]));
  assert.ok(G.cases.length >= 4 * Object.keys(G.evaluators).length, "several points per landscape");
  for (const c of G.cases) {
    const want = c.scene;
    const what = `${c.name} at (${want.point})`;
    const got = surfaceScene(evaluators[c.name], c.domain, want.point);
    assert.deepEqual(got.point, want.point, what);
    for (const key of ["f", "dfdx", "dfdy"]) close(assert, got[key], want[key], TOL, `${what} ${key}`);
    assert.deepEqual(got.planeXs, want.plane_xs, what);
    assert.deepEqual(got.planeYs, want.plane_ys, what);
    const flat = (a) => a.flat(2);
    for (const [mine, theirs] of [["z", "z"], ["sliceX", "slice_x"], ["sliceY", "slice_y"],
                                  ["tangentX", "tangent_x"], ["tangentY", "tangent_y"], ["plane", "plane"],
                                  ["zrange", "zrange"]]) {
      const a = flat(got[mine]), b = flat(want[theirs]);
      assert.equal(a.length, b.length, `${what} ${mine}`);
      a.forEach((v, i) => close(assert, v, b[i], TOL, `${what} ${mine}[${i}]`));
    }
    // What the drawing promises: each tangent's slope is its partial, the plane passes through p.
    close(assert, segmentSlope(got.tangentX), got.dfdx, { rel: 1e-9, abs: 1e-9 }, what);
    close(assert, segmentSlope(got.tangentY), got.dfdy, { rel: 1e-9, abs: 1e-9 }, what);
    close(assert, planeHeight(got, ...got.point), got.f, { abs: 1e-12 }, what);
  }
});

test("a point outside the domain is refused", () => {
  const ev = { f: (x, y) => x * y, grad: (x, y) => [y, x] };
  assert.throws(() => surfaceScene(ev, [[0, 1], [0, 1]], [2, 0.5]), RangeError);
});
