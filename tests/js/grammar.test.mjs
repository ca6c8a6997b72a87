// grammar.mjs against gradfig.expr.validate (goldens: grammar.json): the same formulas accepted
// and refused, the same parts and depth counted; the messages that are Python's word for word.
import assert from "node:assert/strict";
import { test } from "node:test";
import { InputError, parseFormula, pythonDepth, pythonNodes } from "../../src/gradfig/figures/assets/grammar.mjs";
import { golden, playgroundEnv } from "./goldens.mjs";

const G = golden("grammar");
const env = await playgroundEnv();

/* Where the browser says something else than Python (its parser is math.js, and its words say
 * "formula"), the verdict must still be the same. Refusals of these kinds must be word for word. */
const SAME_WORDS = [/^unknown name /, /^unknown function /, / is a function: write /,
                           /takes exactly one argument$/, /^the power is too large/, /^the constant part `\w+\(\d+\)`/,
                           /^the formula is constant/, / is (undefined|infinite) at /,
                           /^the character '.+' \(U\+[0-9A-F]{4,}\) at position \d+ is not plain ASCII/,
                           /^'%' at position \d+ /, /^'_' at position \d+ /, /^write the minus sign as - /];

function verdict(formula) {
  try {
    parseFormula(env, formula);
    return null;
  } catch (err) {
    if (!(err instanceof InputError)) throw err; // a fault of the page, not a refusal
    return err.message;
  }
}

test("the browser accepts and refuses exactly the formulas Python does", () => {
  assert.ok(G.cases.length > 60 && G.cases.some((c) => c.refused) && G.cases.some((c) => !c.refused));
  for (const c of G.cases) {
    const js = verdict(c.formula);
    const shown = JSON.stringify(c.formula.slice(0, 60));
    assert.equal(js !== null, c.refused, `${shown}: browser ${js === null ? "accepts" : "refuses (" + js + ")"}, Python ${c.refused ? "refuses (" + c.message + ")" : "accepts"}`);
    if (c.refused && SAME_WORDS.some((re) => re.test(c.message))) assert.equal(js, c.message, shown);
  }
});

test("parts and depth are counted as Python's parser and gradfig.expr count them", () => {
  for (const c of G.counts) {
    const node = env.math.parse(c.formula.replace(/\*\*/g, "^"));
    assert.equal(1 + pythonNodes(node), c.parts, `parts of ${c.formula.slice(0, 40)}`);
    assert.equal(pythonDepth(node), c.depth, `depth of ${c.formula.slice(0, 40)}`);
  }
});

test("one grammar: the texts the CLI and the browser once read differently get the verdict decided for both, in Python's words", () => {
  assert.ok(G.one.length >= 15 && G.one.some((c) => c.accepted) && G.one.some((c) => !c.accepted));
  for (const c of G.one) {
    const js = verdict(c.text);
    assert.equal(js === null, c.accepted, `${JSON.stringify(c.text)}: browser ${js === null ? "accepts" : "refuses (" + js + ")"}`);
    assert.equal(js, c.message, JSON.stringify(c.text)); // Python's message, or null for both
  }
});
