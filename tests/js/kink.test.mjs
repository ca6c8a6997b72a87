// kink.mjs against gradfig.kink.find_kink (goldens: kink.json): at a kink (abs(x) + abs(y) at
// (0, 0), issue 20 row 8) the readout says f is not differentiable, with the same one-sided
// slopes and words; at differentiable points beside kinks, at |x|³ and x|x|, at a steep
// exponential and far out on sin x cos y, it does not.
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { MINUS, formatNumber } from "../../src/gradfig/figures/assets/format.mjs";
import { findKink, kinkWords } from "../../src/gradfig/figures/assets/kink.mjs";
import { close, golden, playgroundEnv } from "./goldens.mjs";

const G = golden("kink");
const env = await playgroundEnv();

for (const c of G) {
  test(`${c.formula} at (${c.point}): ${c.kink ? "not differentiable" : "differentiable"}`, () => {
    const model = landscape(env, c.formula, c.domain);
    const k = findKink(model.f, c.point, c.size);
    if (!c.kink) { assert.equal(k, null); return; }
    assert.ok(k, "a kink");
    assert.deepEqual(k.direction, c.kink.direction);
    close(assert, k.left, c.kink.left, { rel: 1e-6, abs: 1e-9 }, "left slope");
    close(assert, k.right, c.kink.right, { rel: 1e-6, abs: 1e-9 }, "right slope");
    assert.equal(kinkWords(k, (v) => formatNumber(v, MINUS, ".3g")), c.kink.words);
  });
}

test("the kink of issue 20 (row 8) is one, and its words say so", () => {
  const c = G.find((g) => g.formula === "abs(x) + abs(y)" && g.point[0] === 0 && g.point[1] === 0);
  assert.ok(c.kink);
  assert.match(c.kink.words, /^f is not differentiable here: along x its slope is −1 from one side and 1 from the other/);
  assert.ok(G.some((g) => !g.kink), "differentiable cases are in the goldens too");
});
