// Typeset TeX as MathML Core with the pinned Temml package, at build time.
// stdin:  {"items": [{"tex": "...", "display": false}, ...]}
// stdout: {"version": "<temml version>", "mathml": ["<math>...</math>", ...]}  (same order)
// A formula Temml cannot parse exits 1 with one line naming it, so the build goes red.
import { createRequire } from "node:module";
import temml from "temml";

const { version } = createRequire(import.meta.url)("temml/package.json");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { items } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const mathml = [];
for (const { tex, display } of items) {
  try {
    mathml.push(temml.renderToString(tex, {
      displayMode: Boolean(display),
      throwOnError: true, // a formula Temml cannot parse stops the build ...
      strict: false,      // ... but LaTeX it accepts with a warning does not
      annotate: false,    // no TeX copy inside the MathML: screen readers read the MathML itself
    }));
  } catch (err) {
    process.stderr.write(`temml ${version}: cannot typeset ${JSON.stringify(tex)}: ${err.message}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify({ version, mathml }));
