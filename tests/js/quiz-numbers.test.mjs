// quiz-numbers.mjs against chapter.quiz.parse_numbers and accepts (goldens: quiz.json).
import assert from "node:assert/strict";
import { test } from "node:test";
import { accepts, parseNumbers } from "../../docs/assets/js/quiz-numbers.mjs";
import { golden, num } from "./goldens.mjs";

const G = golden("quiz");

test("numbers are read from typed text as Python reads them", () => {
  for (const c of G.parse) assert.deepEqual(parseNumbers(c.text), c.numbers.map(num), JSON.stringify(c.text));
});

test("every typed question accepts and refuses what Python's accepts does", () => {
  assert.ok(G.questions.length >= 5);
  for (const q of G.questions) {
    assert.ok(q.cases.some((c) => c.accepted) && q.cases.some((c) => !c.accepted), q.id);
    for (const c of q.cases) assert.equal(accepts(q.spec, q.spec.answer, c.text), c.accepted, `${q.id}: ${JSON.stringify(c.text)}`);
  }
});
