/*
 * A landscape from a formula: a pure module (no DOM) mirroring
 * gradfig.custom.landscape_from_formula. The derivatives are math.js's symbolic ones of the
 * checked tree, not SymPy's, so their forms differ; the golden cases compare their values with
 * SymPy's at points of the domain (tests/js/calculus.test.mjs). Values come from closures built
 * over checked trees: no eval, no new Function, no math.js evaluate.
 */
import { checkFinite, parseDomain } from "./domain.mjs";
import { BINARY, FUNCTIONS, InputError, UNARY, parseFormula, refuse, validate } from "./grammar.mjs";

const OPS = { add: "+", subtract: "-", multiply: "*", divide: "/", pow: "^", unaryMinus: "-", unaryPlus: "+" };
const isConst = (node, v) => node.type === "ConstantNode" && (v === undefined || node.value === v);

/* Exact tidying of math.js's raw derivative (which keeps every "* 1", "+ 0" and "2 - 1"):
 * fold constant operations and drop identities. Each rule gives the same number in floating
 * point (x * 1 = x, x + 0 = x, x ^ 1 = x), except 0 * u -> 0, which is the derivative's true
 * value where u is defined. Keeps trees small, so second derivatives stay cheap. */
export function tidy(M, node) {
  const constant = (v) => new M.ConstantNode(v);
  const operator = (fn, args) => new M.OperatorNode(OPS[fn], fn, args);
  switch (node.type) {
    case "ParenthesisNode": return tidy(M, node.content);
    case "FunctionNode": {
      const arg = tidy(M, node.args[0]);
      const fn = FUNCTIONS.get(node.fn.name);
      if (isConst(arg) && fn) {
        const v = fn(arg.value);
        if (Number.isFinite(v)) return constant(v);
      }
      return new M.FunctionNode(new M.SymbolNode(node.fn.name), [arg]);
    }
    case "OperatorNode": {
      const args = node.args.map((a) => tidy(M, a));
      const fn = node.fn;
      if (args.every((a) => isConst(a))) {
        const op = args.length === 1 ? UNARY.get(fn) : BINARY.get(fn);
        const v = op(...args.map((a) => a.value));
        if (Number.isFinite(v)) return constant(v);
      }
      const [a, b] = args;
      switch (fn) {
        case "unaryPlus": return a;
        case "unaryMinus":
          if (a.type === "OperatorNode" && a.fn === "unaryMinus") return a.args[0];
          return operator(fn, [a]);
        case "add":
          if (isConst(a, 0)) return b;
          if (isConst(b, 0)) return a;
          break;
        case "subtract":
          if (isConst(b, 0)) return a;
          if (isConst(a, 0)) return operator("unaryMinus", [b]);
          break;
        case "multiply":
          if (isConst(a, 0) || isConst(b, 0)) return constant(0);
          if (isConst(a, 1)) return b;
          if (isConst(b, 1)) return a;
          break;
        case "divide":
          if (isConst(b, 1)) return a;
          if (isConst(a, 0)) return constant(0);
          break;
        case "pow":
          if (isConst(b, 1)) return a;
          if (isConst(b, 0)) return constant(1);
          break;
      }
      return operator(fn, args);
    }
    default:
      return node;
  }
}

/* d|u|: math.js writes abs(u) / u (undefined at u = 0); SymPy's derivative is sign(u), 0 at 0.
 * Rewrite the one into the other, so f = abs(x) + y has a gradient at x = 0 as in Python. */
export function signs(M, node) {
  if (node.type === "OperatorNode") {
    const args = node.args.map((a) => signs(M, a));
    if (node.fn === "divide" && args[0].type === "FunctionNode" && args[0].fn.name === "abs" &&
        args[0].args[0].equals(args[1])) {
      return new M.FunctionNode(new M.SymbolNode("sign"), [args[1]]);
    }
    return new M.OperatorNode(OPS[node.fn], node.fn, args);
  }
  if (node.type === "FunctionNode") {
    return new M.FunctionNode(new M.SymbolNode(node.fn.name), node.args.map((a) => signs(M, a)));
  }
  return node;
}

export function derivative(M, node, variable) {
  let d;
  try {
    d = M.derivative(node, variable, { simplify: false });
  } catch (err) {
    refuse(`cannot differentiate the formula: ${err && err.message || err}`);
  }
  return tidy(M, d);
}

/* The value of a subtree without x and y, or null. */
function constantValue(constants, node) {
  switch (node.type) {
    case "ConstantNode": return node.value;
    case "ParenthesisNode": return constantValue(constants, node.content);
    case "SymbolNode": return Object.prototype.hasOwnProperty.call(constants, node.name) ? constants[node.name] : null;
    case "OperatorNode": {
      const values = node.args.map((a) => constantValue(constants, a));
      if (values.some((v) => v === null)) return null;
      return (values.length === 1 ? UNARY.get(node.fn) : BINARY.get(node.fn))(...values);
    }
    case "FunctionNode": {
      const v = constantValue(constants, node.args[0]);
      return v === null ? null : FUNCTIONS.get(node.fn.name)(v);
    }
  }
  return null;
}

/* A closure (x, y) -> number over a checked tree: JavaScript's Math, as SymPy's jscode prints
 * it for the chapter's fields. Constant subtrees are computed once. `constants`: pi and e. */
export function compile(constants, node) {
  const c = constantValue(constants, node);
  if (c !== null) return () => c;
  switch (node.type) {
    case "ParenthesisNode": return compile(constants, node.content);
    case "SymbolNode":
      if (node.name === "x") return (x) => x;
      if (node.name === "y") return (x, y) => y;
      break;
    case "OperatorNode": {
      const [a, b] = node.args.map((n) => compile(constants, n));
      switch (node.fn) {
        case "unaryMinus": return (x, y) => -a(x, y);
        case "unaryPlus": return a;
        case "add": return (x, y) => a(x, y) + b(x, y);
        case "subtract": return (x, y) => a(x, y) - b(x, y);
        case "multiply": return (x, y) => a(x, y) * b(x, y);
        case "divide": return (x, y) => a(x, y) / b(x, y);
        case "pow": return (x, y) => Math.pow(a(x, y), b(x, y));
      }
      break;
    }
    case "FunctionNode": {
      const fn = FUNCTIONS.get(node.fn.name);
      const a = compile(constants, node.args[0]);
      if (fn) return (x, y) => fn(a(x, y));
      break;
    }
  }
  throw new Error("gradfig: cannot compile " + node.type); // unreachable: checked trees only
}

function nodeCount(node) {
  let n = 0;
  node.traverse(() => { n++; });
  return n;
}

/* The formula as maths: math.js's TeX of the tree. */
export function tex(node) {
  return node.toTex({ parenthesis: "keep", implicit: "show" });
}

/* A partial derivative for reading: math.js's simplify of the exact tree, shown only if it
 * agrees with the tree it came from at a few points of the domain (else the tidied tree). */
export function displayed(env, tree, exact, domain) {
  if (nodeCount(tree) > 400) return tree; // simplify() can take long on big trees
  let simple, fn;
  try { simple = env.math.simplify(tree); } catch (err) { return tree; }
  try {
    validate(env.grammar, simple, ["x", "y"], [...FUNCTIONS.keys()], true);
    fn = compile(env.grammar.constants, simple);
  } catch (err) { return tree; }
  const [[x0, x1], [y0, y1]] = domain;
  for (const [a, b] of [[0.31, 0.62], [0.77, 0.18], [0.55, 0.91], [0.13, 0.37], [0.68, 0.54]]) {
    const x = x0 + a * (x1 - x0), y = y0 + b * (y1 - y0);
    const want = exact(x, y), got = fn(x, y);
    if (!Number.isFinite(want)) continue;
    if (!(Math.abs(got - want) <= 1e-9 * Math.max(Math.abs(want), Math.abs(got)) + 1e-12)) return tree;
  }
  return simple;
}

/* Formula text and domain text -> a checked model: f, ∇f, the Hessian, the trees to show
 * (gradfig.custom.landscape_from_formula's checks and messages). A refusal is an InputError
 * whose `where` says which input it is about: "f(x, y)" or "domain". */
export function landscape(env, formulaText, domainText) {
  const M = env.math, constants = env.grammar.constants;
  let where = "f(x, y)";
  try {
    const node = parseFormula(env, formulaText);
    where = "domain";
    const domain = parseDomain(env, domainText);
    where = "f(x, y)";
    const derived = [...FUNCTIONS.keys()];
    const raw = [derivative(M, node, "x"), derivative(M, node, "y")];
    const trees = raw.map((t) => signs(M, t));
    for (const t of trees) validate(env.grammar, t, ["x", "y"], derived, true);
    const f = compile(constants, node);
    const [fx, fy] = trees.map((t) => compile(constants, t));
    // Second partials: of the raw first ones (math.js cannot differentiate sign).
    const second = (tree, v) => {
      const d = signs(M, derivative(M, tree, v));
      validate(env.grammar, d, ["x", "y"], derived, true);
      return compile(constants, d);
    };
    const [fxx, fxy] = ["x", "y"].map((v) => second(raw[0], v));
    const [fyx, fyy] = ["x", "y"].map((v) => second(raw[1], v));
    const model = {
      formula: formulaText, domainText: domain.text, domain: domain.domain, node, trees,
      f, grad: (x, y) => [fx(x, y), fy(x, y)],
      // Lower triangle as numpy's eigvalsh reads it: [[fxx, .], [fyx, fyy]].
      hess: (x, y) => [[fxx(x, y), fxy(x, y)], [fyx(x, y), fyy(x, y)]],
    };
    checkFinite(env.domain, model);
    return model;
  } catch (err) {
    if (err instanceof InputError) err.where = where;
    throw err;
  }
}
