// Render TeX to HTML + MathML with the pinned KaTeX package, at build time.
// stdin:  {"items": [{"tex": "...", "display": false}, ...]}
// stdout: {"version": "<katex version>", "html": ["...", ...]}  (same order)
// A formula KaTeX cannot parse exits 1 with one line naming it, so the build goes red.
import katex from "katex";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { items } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const html = [];
for (const { tex, display } of items) {
  try {
    html.push(katex.renderToString(tex, {
      displayMode: Boolean(display),
      output: "htmlAndMathml", // MathML for screen readers, HTML for the eye
      throwOnError: true,
      strict: "ignore",
    }));
  } catch (err) {
    process.stderr.write(`katex: cannot render ${JSON.stringify(tex)}: ${err.message}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify({ version: katex.version, html }));
