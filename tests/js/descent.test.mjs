// descent.mjs against gradfig.descent.field_descent (goldens: descent.json), on every registry
// landscape with the evaluator the site's payload carries (SymPy's JavaScript printer).
import assert from "node:assert/strict";
import { test } from "node:test";
import { DESCENT, fieldDescent } from "../../src/gradfig/figures/assets/descent.mjs";
import { close, golden } from "./goldens.mjs";

const G = golden("descent");

test("the stopping rules are Python's", () => {
  assert.deepEqual(DESCENT, G.rules);
});

test("every descent ends where Python's does, after as many steps, for the same reason", () => {
  // The payload's evaluator is JavaScript that SymPy printed from the registry: data we wrote.
  const evaluators = Object.fromEntries(Object.entries(G.evaluators).map(
    ([name, source]) => [name, new Function(`return (${source});`)()]));
  assert.ok(G.cases.length >= 3 * 4 * Object.keys(G.evaluators).length, "a case per landscape, start and step size");
  for (const c of G.cases) {
    const what = `${c.name} from (${c.start}) with eta ${c.eta}`;
    const run = fieldDescent(evaluators[c.name].grad, c.domain, c.start, c.eta);
    assert.equal(run.outcome, c.outcome, what);
    assert.equal(run.steps, c.steps, what);
    assert.equal(run.path.length, c.steps + 1, what);
    assert.deepEqual(run.path[0], c.start, what);
    if (c.outcome !== "diverged") {
      for (let i = 0; i < 2; i++) close(assert, run.end[i], c.end[i], { rel: 1e-9, abs: 1e-12 }, what);
    }
  }
  assert.ok(new Set(G.cases.map((c) => c.outcome)).size === 3, "converged, diverged and out of steps all met");
});
