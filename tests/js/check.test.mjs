// check.mjs against gradfig.check.gradient_check (goldens: check.json): the same points and
// labels, the analytical gradient to 1e-12, central differences to 1e-9 of ‖∇f‖ (they magnify
// last-bit differences between JavaScript's and NumPy's f by 1/h ≈ 1e5), the same verdicts, and
// the page's table cells but the error's last digits.
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { checkCells, checkRow, gradientCheck, unreliableNote } from "../../src/gradfig/figures/assets/check.mjs";
import { close, golden, playgroundEnv } from "./goldens.mjs";

const G = golden("check");
const env = await playgroundEnv();

test("the check's rule and sample points are Python's", () => {
  for (const k of ["atol", "rtol", "reliable", "samples"]) assert.deepEqual(env.check[k], G.rules[k], k);
  assert.equal(env.check.step, Math.cbrt(Number.EPSILON) > 0 ? env.check.step : NaN);
  close(assert, env.check.step, Math.pow(Number.EPSILON, 1 / 3), { rel: 1e-15 }, "eps^(1/3)");
});

for (const c of G.cases) {
  test(`the gradient check of ${c.formula}`, () => {
    const model = landscape(env, c.formula, c.domain);
    const samples = gradientCheck(model, env.check);
    const extras = c.rows.slice(samples.length).map((r) => checkRow(model, r.point, r.label, env.check));
    const rows = [...samples, ...extras];
    assert.equal(rows.length, c.rows.length);
    rows.forEach((js, i) => {
      const py = c.rows[i], what = `${py.label} at (${py.point})`;
      assert.deepEqual(js.point, py.point, what); // the same points, to the bit
      assert.equal(js.label, py.label);
      for (const k of [0, 1]) {
        close(assert, js.analytical[k], py.analytical[k], { rel: 1e-12, abs: 1e-12 }, "analytical " + what);
        close(assert, js.numerical[k], py.numerical[k], { abs: 1e-9 * Math.max(1, py.norm) }, "numerical " + what);
      }
      close(assert, js.norm, py.norm, { rel: 1e-12, abs: 1e-12 }, "norm " + what);
      assert.equal(js.passed, py.passed, what);
      assert.equal(js.unreliable, py.unreliable, what); // why the check cannot judge, word for word
    });
    const cells = samples.map(checkCells);
    assert.deepEqual(cells.map((r) => [...r.slice(0, 5), r[6]]), c.cells.map((r) => [...r.slice(0, 5), r[6]]));
    for (const [i, r] of cells.entries()) if (samples[i].passed) assert.ok(Number(r[5].replace("\u2212", "-")) < 1e-4, r[5]);
    assert.equal(unreliableNote(rows), c.note);
  });
}

test("a correct gradient is never called wrong where the check cannot judge (issue 20, rows 9, 10)", () => {
  for (const [formula, point] of [["sin(x)*cos(y)", [-400000, 300000]], ["exp(50*x)", [0.8, -0.4]]]) {
    const c = G.cases.find((g) => g.formula === formula);
    const row = c.rows.find((r) => r.point[0] === point[0] && r.point[1] === point[1]);
    assert.equal(row.passed, false, formula);
    assert.match(row.unreliable, /^the check is unreliable at this point: /, formula);
  }
  const big = G.cases.find((g) => g.formula === "exp(50*x)").rows.find((r) => r.point[0] === 0.8);
  assert.match(big.unreliable, /the tolerance \(0\.0001\) is below the round-off of entries this large/);
  const far = G.cases.find((g) => g.formula === "sin(x)*cos(y)").rows.find((r) => r.point[0] === -400000);
  assert.match(far.unreliable, /the step \(2\.4\) is not small against the function's scale/);
});

test("a wrong gradient is still a FAIL, where the check can judge", () => {
  const model = landscape(env, "exp(50*x)", "-1, 1, -1, 1");
  const wrong = { ...model, grad: (x, y) => model.grad(x, y).map((g) => g * 1.01) }; // 1 % off
  for (const p of [[0.8, -0.4], [0.1, 0.2]]) {
    const r = checkRow(wrong, p, "p", env.check);
    assert.equal(r.passed, false);
    assert.equal(r.unreliable, "", `at (${p}) a 1 % error is far beyond the check's own`);
    assert.equal(checkCells(r)[6], "✗ FAIL");
  }
});
