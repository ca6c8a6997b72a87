// format.mjs against gradfig.check's formatting and Python's format() (goldens: format.json).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  MINUS, formatError, formatNorm, formatNumber, formatVector, intervalText, pyFormat,
} from "../../src/gradfig/figures/assets/format.mjs";
import { golden, num } from "./goldens.mjs";

const G = golden("format");

test("pyFormat writes what Python's format() writes, ties rounded half to even", () => {
  for (const c of G.python) assert.equal(pyFormat(num(c.value), c.spec), c.text, `format(${c.value}, "${c.spec}")`);
});

test("format_number, format_norm and format_error, with the typographic minus", () => {
  for (const c of G.numbers) {
    const v = num(c.value);
    assert.equal(formatNumber(v), c.number, `format_number(${c.value})`);
    assert.equal(formatNumber(v, MINUS), c.number_minus, `format_number(${c.value}, MINUS)`);
    assert.equal(formatNorm(v, MINUS), c.norm, `format_norm(${c.value})`);
    assert.equal(formatError(v, MINUS), c.error, `format_error(${c.value})`);
  }
});

test("format_vector and interval_text", () => {
  for (const c of G.vectors) assert.equal(formatVector(c.values.map(num), MINUS), c.text);
  for (const c of G.intervals) assert.equal(intervalText(num(c.lo), num(c.hi)), c.text);
});
