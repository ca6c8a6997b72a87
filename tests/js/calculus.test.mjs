// calculus.mjs against gradfig.custom.landscape_from_formula: the same formulas drawn and
// refused (goldens: grammar.json), and f and ∇f (math.js's derivatives of the checked tree)
// equal to SymPy's at points of the domain, corners and edges included (calculus.json). The
// derivatives' forms differ; their values agree to round-off.
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { BINARY, FUNCTIONS, InputError, UNARY } from "../../src/gradfig/figures/assets/grammar.mjs";
import { close, golden, playgroundEnv } from "./goldens.mjs";

const G = golden("calculus");
const grammar = golden("grammar");
const env = await playgroundEnv();
//  Refusals whose words are Python's (the rest differ in wording, not in verdict).
const SAME_WORDS = [/^the formula is constant/, / is (undefined|infinite) at /, /^unknown name /,
                    /^the power is too large/];

test("the browser draws and refuses exactly the formulas Python does", () => {
  for (const c of grammar.cases) {
    // Every case, the deepest the grammar allows included (about a second in all, now that a
    // repeated subtree is computed once per point).
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

/* The tree, evaluated node by node: what compile() must equal, to the bit. */
function direct(node, x, y) {
  const c = env.grammar.constants;
  switch (node.type) {
    case "ParenthesisNode": return direct(node.content, x, y);
    case "ConstantNode": return node.value;
    case "SymbolNode": return node.name === "x" ? x : node.name === "y" ? y : c[node.name];
    case "OperatorNode": {
      const v = node.args.map((a) => direct(a, x, y));
      return (v.length === 1 ? UNARY.get(node.fn) : BINARY.get(node.fn))(...v);
    }
    case "FunctionNode": return FUNCTIONS.get(node.fn.name)(direct(node.args[0], x, y));
  }
  throw new Error(node.type);
}

test("compiled f and partials are the tree's own values, to the bit, repeated subtrees included", () => {
  const nested = (levels) => "exp(sin(".repeat(levels) + "x*y" + "))".repeat(levels);
  const cases = [...G.map((c) => [c.formula, c.domain]), [nested(3), "-2, 2, -2, 2"], [nested(6), "-2, 2, -2, 2"],
                 ["(x*y - 3)^2 * (x*y - 3) / (x*y - 3)", "-1, 1, -1, 1"]];
  const points = [[0.3, -0.7], [-0, 0.5], [0, -0], [1.7, 2.9], [NaN, 1], [-1.2, Infinity]];
  for (const [formula, domain] of cases) {
    const m = landscape(env, formula, domain);
    const fns = [m.f, (x, y) => m.grad(x, y)[0], (x, y) => m.grad(x, y)[1]];
    [m.node, ...m.trees].forEach((tree, k) => {
      for (const [x, y] of points) {
        // Twice at each point, and after another point: a remembered value is never stale.
        for (let pass = 0; pass < 2; pass++) {
          assert.ok(Object.is(fns[k](x, y), direct(tree, x, y)), `${formula} [${k}] at ${x}, ${y}`);
        }
      }
    });
  }
});
