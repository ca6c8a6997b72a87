// playground-work.mjs, the playground's work for one formula (what its Web Worker runs): the
// result is plain data a worker can post; the page's closures rebuilt from the posted trees are
// the worker's own f and ∇f, to the bit; the TeX is math.js's own, written in time linear in
// the tree (math.js's toTex doubles its time with each nested call); a partial past the display
// bound is a note saying so, not maths.
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { InputError } from "../../src/gradfig/figures/assets/grammar.mjs";
import { DISPLAY_LIMIT, errorData, errorFrom, model, tex, work } from "../../docs/assets/js/playground-work.mjs";
import { golden, playgroundEnv } from "./goldens.mjs";

const grammar = golden("grammar");
const env = await playgroundEnv();
const OPTIONS = { parenthesis: "keep", implicit: "show" };
const nested = (levels) => "exp(sin(".repeat(levels) + "x*y" + "))".repeat(levels);
// The formulas the grammar accepts and keeps shallow enough for math.js's own toTex to finish.
const ACCEPTED = grammar.cases.filter((c) => !c.refused && !c.landscape_refused && c.depth !== null && c.depth <= 12);

test("the TeX is math.js's own, for every accepted formula and its partials", () => {
  assert.ok(ACCEPTED.length > 10, ACCEPTED.length);
  for (const c of ACCEPTED) {
    const m = landscape(env, c.formula, grammar.domain);
    for (const node of [m.node, ...m.trees]) assert.equal(tex(env.math, node), node.toTex(OPTIONS), c.formula);
  }
});

test("the TeX of a deeply nested formula is written (math.js's own toTex would take minutes)", () => {
  const m = landscape(env, nested(12), "-2, 2, -2, 2");
  const text = tex(env.math, m.trees[0]);
  assert.ok(text.split("\\exp\\left(").length - 1 >= 12);
  assert.ok(text.length > DISPLAY_LIMIT, text.length);
});

test("the result can be posted, and the page's f and ∇f are the worker's to the bit", async () => {
  for (const [formula, domain] of [["(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "-5, 5, -5, 5"],
                                   ["abs(x - 5)*y + abs(y + 4)*x", "-2, 2, -2, 2"],
                                   ["e^(x/4)*cos(pi*y/4) - x/(1 + y^2)", "-pi, pi, -2, 2"]]) {
    const result = structuredClone(await work(env, formula, domain)); // what postMessage does
    const page = model(env.grammar.constants, result);
    const worker = landscape(env, formula, domain);
    for (let i = 0; i <= 20; i++) {
      const x = page.domain[0][0] + (i / 20) * (page.domain[0][1] - page.domain[0][0]);
      const y = page.domain[1][1] - (i / 20) ** 2 * (page.domain[1][1] - page.domain[1][0]);
      assert.ok(Object.is(page.f(x, y), worker.f(x, y)), `${formula} f at ${x}, ${y}`);
      assert.deepEqual(page.grad(x, y), worker.grad(x, y), `${formula} ∇f at ${x}, ${y}`);
    }
    assert.equal(result.payload.evaluator, undefined);
    assert.equal(result.maths.length, 3);
    assert.ok(result.maths.every((r) => r.note === null && r.tex.length > 0 && r.text.length > 0), formula);
    assert.ok(result.maths[1].tex.startsWith("\\frac{\\partial f}{\\partial x} = "));
  }
});

test("a partial too long to display is a note, and the rest is still drawn", async () => {
  const result = await work(env, nested(8), "-2, 2, -2, 2");
  assert.equal(result.maths[0].note, null); // f itself is short enough
  for (const row of result.maths.slice(1)) {
    assert.equal(row.tex, null);
    assert.match(row.note, /^∂f\/∂[xy] is too long to display \(its formula runs to [\d,]+ characters of TeX\); /);
  }
  assert.equal(result.check.length, 3);
  assert.ok(result.payload.figure.data.length >= 2);
});

test("a refusal crosses from the worker as the same InputError, with where it is", async () => {
  for (const [formula, domain, where] of [["alert(1)", "-1, 1, -1, 1", "f(x, y)"], ["x*y", "1, 1, 0, 2", "domain"]]) {
    let caught = null;
    try { await work(env, formula, domain); } catch (err) { caught = err; }
    assert.ok(caught instanceof InputError, formula);
    const back = errorFrom(structuredClone(errorData(caught)));
    assert.ok(back instanceof InputError);
    assert.equal(back.message, caught.message);
    assert.equal(back.where, where);
  }
  const fault = errorFrom(errorData(new TypeError("boom")));
  assert.ok(!(fault instanceof InputError) && fault.message === "boom");
});
