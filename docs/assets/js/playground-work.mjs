/*
 * The playground's work for one formula: a pure module (no DOM). Everything that may take long
 * (parsing and the symbolic derivatives, their display, the critical-point search, the gradient
 * check, the field's figure) happens here, in the playground's Web Worker
 * (playground-worker.mjs), or on the page itself where no worker can start (a page opened from
 * file://). What it returns is plain data a worker can post: the figure, the tables' rows, the
 * TeX of f and its partials, and f's and ∇f's checked trees as plain objects, from which the page
 * builds the closures its field reads under the pointer (model()), in time linear in the trees.
 *
 * Nothing here is a mirror of Python: the parts that are (calculus, critical, check, figure) are
 * the package's pure modules this one calls. tests/js/playground-work.test.mjs checks that the
 * page's closures are the worker's, that the TeX is math.js's own, and the display bound.
 */
import { compile, displayed, landscape } from "../../../src/gradfig/figures/assets/calculus.mjs";
import { gradientCheck } from "../../../src/gradfig/figures/assets/check.mjs";
import { searchCriticalAsync } from "../../../src/gradfig/figures/assets/critical.mjs";
import { payload } from "../../../src/gradfig/figures/assets/figure.mjs";
import { InputError } from "../../../src/gradfig/figures/assets/grammar.mjs";

/* A partial whose TeX is longer than this is not typeset: a line of thousands of symbols is
 * read by no one, and typesetting it would hold the page. The page says so instead. */
export const DISPLAY_LIMIT = 2000;

const TEX_OPTIONS = { parenthesis: "keep", implicit: "show" };

/* math.js's TeX of a tree, in time linear in its size. math.js's own toTex writes a function
 * call's argument twice over (once to look at it, once into its template), so its time doubles
 * with each nested call: 7 s for exp(sin(…x*y…)) ten levels deep. Here each call's template is
 * math.js's own, written once per function name around a placeholder, and the argument's TeX
 * goes in once: the same text. */
export function tex(M, node) {
  const templates = new Map();
  const hole = new M.SymbolNode("QQQ");
  const holeTex = hole.toTex(TEX_OPTIONS);
  const handler = (n, options) => {
    if (n.type !== "FunctionNode" || n.args.length !== 1 || !n.fn || n.fn.type !== "SymbolNode") return undefined;
    const name = n.fn.name;
    if (!templates.has(name)) {
      templates.set(name, new M.FunctionNode(new M.SymbolNode(name), [hole]).toTex(TEX_OPTIONS));
    }
    const template = templates.get(name);
    const at = template.indexOf(holeTex);
    if (at < 0) return undefined; // not a template with one hole: math.js writes it itself
    return template.slice(0, at) + n.args[0].toTex(options) + template.slice(at + holeTex.length);
  };
  return node.toTex({ ...TEX_OPTIONS, handler });
}

/* A checked math.js tree as plain data (what compile() reads), so a worker can post it. */
export function plainTree(node) {
  switch (node.type) {
    case "ParenthesisNode": return plainTree(node.content);
    case "ConstantNode": return { type: "ConstantNode", value: node.value };
    case "SymbolNode": return { type: "SymbolNode", name: node.name };
    case "OperatorNode": return { type: "OperatorNode", fn: node.fn, args: node.args.map(plainTree) };
    case "FunctionNode": return { type: "FunctionNode", fn: { name: node.fn.name }, args: node.args.map(plainTree) };
  }
  throw new Error("gradfig: cannot pass on a " + node.type); // unreachable: checked trees only
}

/* The page's model of a worked result: f and ∇f as closures over the posted trees. */
export function model(constants, result) {
  const f = compile(constants, result.trees.f);
  const [fx, fy] = [result.trees.fx, result.trees.fy].map((t) => compile(constants, t));
  return { formula: result.formula, domainText: result.domainText, domain: result.domain,
           f, grad: (x, y) => [fx(x, y), fy(x, y)] };
}

/* The rows of maths the page shows: f, ∂f/∂x, ∂f/∂y, each as TeX (or, past the display bound,
 * a note) and as plain text for a page without Temml. */
function maths(env, m) {
  const rows = [{ lead: "f(x, y) = ", plainLead: "f(x, y) = ", node: m.node, name: "f" }];
  m.trees.forEach((t, i) => {
    const v = "xy"[i];
    const exact = (x, y) => m.grad(x, y)[i];
    rows.push({ lead: `\\frac{\\partial f}{\\partial ${v}} = `, plainLead: `∂f/∂${v} = `,
                node: displayed(env, t, exact, m.domain), name: `∂f/∂${v}` });
  });
  return rows.map((r) => {
    const body = tex(env.math, r.node);
    if (body.length > DISPLAY_LIMIT) {
      return { tex: null, text: null,
               note: `${r.name} is too long to display (its formula runs to ${body.length.toLocaleString("en")} ` +
                     "characters of TeX); the field, the critical points and the check use it exactly." };
    }
    return { tex: r.lead + body, text: r.plainLead + r.node.toString(), note: null };
  });
}

/* Formula and domain texts -> everything the page draws for them, as plain data. A refusal is
 * thrown as the InputError calculus.mjs raises (its `where` says which input). */
export async function work(env, formulaText, domainText) {
  const m = landscape(env, formulaText, domainText);
  const search = await searchCriticalAsync(m, env.critical); // points, curves, flat ground, "at least"
  const crit = search.points;
  const data = payload(env.figure, env.field, m, crit);
  delete data.evaluator; // closures: the page builds its own from the trees
  return {
    formula: m.formula, domainText: m.domainText, domain: m.domain,
    trees: { f: plainTree(m.node), fx: plainTree(m.trees[0]), fy: plainTree(m.trees[1]) },
    crit, search, check: gradientCheck(m, env.check), payload: data, maths: maths(env, m),
  };
}

/* An error as a worker posts it, and back. */
export function errorData(err) {
  return { input: err instanceof InputError, where: err && err.where, message: String(err && err.message || err) };
}
export function errorFrom(data) {
  const err = data.input ? new InputError(data.message) : new Error(data.message);
  if (data.where) err.where = data.where;
  return err;
}
