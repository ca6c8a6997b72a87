// calculus.mjs against gradfig.custom.landscape_from_formula: the same formulas drawn and
// refused (goldens: grammar.json), and f and ∇f (math.js's derivatives of the checked tree)
// equal to SymPy's at points of the domain, corners and edges included (calculus.json). The
// derivatives' forms differ; their values agree to round-off.
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { InputError } from "../../src/gradfig/figures/assets/grammar.mjs";
import { close, golden, playgroundEnv } from "./goldens.mjs";

const G = golden("calculus");
const grammar = golden("grammar");
const env = await playgroundEnv();
//  Refusals whose words are Python's (the rest differ in wording, not in verdict).
const SAME_WORDS = [/^the formula is constant/, / is (undefined|infinite) at /, /^unknown name /,
                    /^the power is too large/];

test("the browser draws and refuses exactly the formulas Python does", () => {
  for (const c of grammar.cases) {
    // The grammar's limits are grammar.test.mjs's; second derivatives of formulas nested deeper
    // than 16 take seconds here (issue 20 bounds them), so those are drawn there only.
    if (c.depth !== null && c.depth > 16) continue;
    let message = null;
    try {
      landscape(env, c.formula, grammar.domain);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      message = err.message;
    }
    const shown = JSON.stringify(c.formula.slice(0, 60));
    assert.equal(message !== null, c.landscape_refused, `${shown}: browser ${message}, Python ${c.landscape_message}`);
    if (c.landscape_refused && SAME_WORDS.some((re) => re.test(c.landscape_message))) {
      assert.equal(message, c.landscape_message, shown);
    }
  }
});

test("f and ∇f are SymPy's everywhere on the domain", () => {
  for (const c of G) {
    const model = landscape(env, c.formula, c.domain);
    for (const [x, y, f, fx, fy] of c.points) {
      const [gx, gy] = model.grad(x, y);
      const what = `${c.formula} at (${x}, ${y})`;
      close(assert, model.f(x, y), f, { rel: 1e-12, abs: 1e-12 }, "f of " + what);
      close(assert, gx, fx, { rel: 1e-9, abs: 1e-12 }, "∂f/∂x of " + what);
      close(assert, gy, fy, { rel: 1e-9, abs: 1e-12 }, "∂f/∂y of " + what);
    }
  }
});
