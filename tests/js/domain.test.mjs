// domain.mjs against gradfig.custom.check_domain, the CLI's --domain parts and
// landscape_from_formula's finiteness checks (goldens: domain.json), messages word for word.
import assert from "node:assert/strict";
import { test } from "node:test";
import { landscape } from "../../src/gradfig/figures/assets/calculus.mjs";
import { checkDomain, parseCoordinate } from "../../src/gradfig/figures/assets/domain.mjs";
import { InputError } from "../../src/gradfig/figures/assets/grammar.mjs";
import { golden, num, playgroundEnv } from "./goldens.mjs";

const G = golden("domain");
const env = await playgroundEnv();

function refusal(call) {
  try {
    call();
    return null;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.message;
  }
}

test("a domain is refused as Python refuses it, with Python's message", () => {
  for (const c of G.checks) {
    const message = refusal(() => checkDomain(env.domain, c.values.map(num)));
    assert.equal(message, c.message, `check_domain(${c.values})`);
  }
});

test("each part of a domain reads as the CLI reads it", async (t) => {
  for (const c of G.parts) {
    await t.test(JSON.stringify(c.text), () => {
      let value = null;
      const message = refusal(() => { value = parseCoordinate(env, c.text); });
      assert.equal(message !== null, c.refused, `${c.text}: ${message}`);
      if (!c.refused) assert.ok(Object.is(value, num(c.value)) || value === num(c.value), `${c.text}: ${value} vs ${c.value}`);
    });
  }
});

test("a formula undefined, infinite or constant on its domain is refused with Python's message", () => {
  for (const c of G.finite) {
    assert.equal(refusal(() => landscape(env, c.formula, c.domain)), c.message, `${c.formula} on ${c.domain}`);
  }
});

test("one grammar for numbers: --at, --domain and the playground's domain give the verdict decided for both", () => {
  const numbers = golden("grammar").numbers;
  assert.ok(numbers.length >= 10);
  for (const c of numbers) {
    const message = refusal(() => parseCoordinate(env, c.text));
    assert.equal(message === null, c.accepted, `${JSON.stringify(c.text)}: ${message}`);
    if (!c.accepted) assert.equal(message, `'${c.text}' is not a number`);
  }
});
