// The golden cases Python writes (scripts/mirror_goldens.py), for the mirrors' Node tests.
// tests/test_mirrors.py writes them into a temporary folder and runs `node --test tests/js/`
// with GRADFIG_GOLDENS naming it; by hand:
//   .venv/bin/python scripts/mirror_goldens.py /tmp/goldens && GRADFIG_GOLDENS=/tmp/goldens node --test tests/js/
import { readFileSync } from "node:fs";
import { join } from "node:path";

const FOLDER = process.env.GRADFIG_GOLDENS;
if (!FOLDER) {
  throw new Error("GRADFIG_GOLDENS is not set: run `.venv/bin/python -m pytest tests/test_mirrors.py`, or "
                  + "`.venv/bin/python scripts/mirror_goldens.py DIR` and then `GRADFIG_GOLDENS=DIR node --test tests/js/`");
}

/* One golden file, parsed: golden("critical") is critical.json. */
export function golden(name) {
  return JSON.parse(readFileSync(join(FOLDER, name + ".json"), "utf8"));
}

/* A float written as Python's repr (nan, inf and -inf included). */
export function num(text) {
  return { nan: NaN, inf: Infinity, "-inf": -Infinity }[text] ?? Number(text);
}

/* What the playground's pure modules take as `env`: Python's settings and math.js. GRADFIG_MATHJS
 * names the bundle the site ships (generated/vendor/mathjs-gradfig.min.js: what the browser runs,
 * and one file, where the slice's module graph takes Node a second and a half to load); without
 * it, the slice that bundle is made from. */
export async function playgroundEnv() {
  let math;
  if (process.env.GRADFIG_MATHJS) {
    const code = readFileSync(process.env.GRADFIG_MATHJS, "utf8");
    math = new Function(code + "\nreturn gradfigMath;")(); // our own bundle: an IIFE setting one global
  } else {
    math = await import("../../docs/assets/js/mathjs-slice.mjs");
  }
  return { ...golden("settings"), math };
}

/* |got - want| <= abs + rel |want|, with a message naming both (and what they are). */
export function close(assert, got, want, { rel = 0, abs = 0 } = {}, what = "") {
  const ok = got === want || Math.abs(got - want) <= abs + rel * Math.abs(want);
  assert.ok(ok, `${what}: got ${got}, want ${want} (rel ${rel}, abs ${abs})`);
}
