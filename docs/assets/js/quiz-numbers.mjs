/*
 * How a typed quiz answer is read: a pure module (no DOM) mirroring chapter.quiz.parse_numbers
 * and chapter.quiz.accepts, checked in Node against golden cases that Python writes
 * (tests/js/quiz-numbers.test.mjs).
 */

// Numbers with optional sign, decimals, exponent, and simple fractions a/b (chapter.quiz._NUMBER).
const NUMBER = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?(?:\s*\/\s*(?:\d+(?:\.\d*)?|\.\d+))?/gi;

/* Every number in `text`: "(8,3,108)", "8, 3, 108" and "8 3 108" alike; a typographic minus or
 * an en dash counts as a minus. */
export function parseNumbers(text) {
  const matches = text.replace(/[\u2212\u2013]/g, "-").match(NUMBER) || [];
  return matches.map((m) => {
    const parts = m.split("/");
    const value = parseFloat(parts[0].replace(/\s/g, ""));
    return parts.length > 1 ? value / parseFloat(parts[1]) : value;
  });
}

/* A verdict typed as a word: letters only, lower case. */
export function word(text) { return text.toLowerCase().replace(/[^a-z]/g, ""); }

/* Whether `text` answers a question whose data-quiz-spec is `spec` ({kind: "word", answer} or
 * {kind: "numbers", answer, atol, rtol}), with `value` as the answer (the spec's, or a trap's). */
export function accepts(spec, value, text) {
  if (spec.kind === "word") return word(text) === word(String(value));
  const typed = parseNumbers(text);
  if (typed.length !== value.length) return false;
  return typed.every((v, i) => Number.isFinite(v) && Math.abs(v - value[i]) <= spec.atol + spec.rtol * Math.abs(value[i]));
}
