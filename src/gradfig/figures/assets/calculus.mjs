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

const has = (object, name) => Object.prototype.hasOwnProperty.call(object, name);

/* A closure (x, y) -> number over a checked tree: JavaScript's Math, as SymPy's jscode prints
 * it for the chapter's fields. `constants`: pi and e.
 *
 * The tree is read as a graph of its distinct subtrees. A symbolic derivative repeats its inner
 * parts at every level of a nested formula (the chain rule copies u into each factor), so the
 * tree of a second partial of exp(sin(…x*y…)) eight levels deep is hundreds of times larger than
 * its distinct subtrees, and evaluating it node by node took the critical search 40 s. Here a
 * subtree that occurs more than once keeps the value of its last point and is computed once
 * per point; the rest are nested closures, as fast as the tree's own. Every step does the
 * operation it did on the tree, on the same operands, so every value is the same, to the bit.
 * A subtree without x and y is one constant, computed once when the closure is built. */
export function compile(constants, node) {
  const slots = new Map(); // a subtree's key (its operation and its operands' slots) -> its slot
  const known = []; // slot -> its value if the subtree is constant, else null
  const parts = []; // slot -> [operation, operand slots] for subtrees with x or y
  const uses = []; // slot -> how often the tree uses it
  const slot = (key, value, part) => {
    let i = slots.get(key);
    if (i === undefined) {
      i = known.length;
      slots.set(key, i);
      known.push(value);
      parts.push(part);
      uses.push(0);
    }
    return i;
  };
  const constant = (v) => slot("c" + (Object.is(v, -0) ? "-0" : String(v)), v, null);
  const used = (i) => { uses[i]++; return i; };
  const visit = (n) => {
    switch (n.type) {
      case "ParenthesisNode": return visit(n.content);
      case "ConstantNode": return constant(n.value);
      case "SymbolNode":
        if (n.name === "x" || n.name === "y") return slot(n.name, null, [n.name, []]);
        if (Object.prototype.hasOwnProperty.call(constants, n.name)) return constant(constants[n.name]);
        break;
      case "OperatorNode": {
        const args = n.args.map(visit);
        if (args.every((i) => known[i] !== null)) {
          return constant((args.length === 1 ? UNARY.get(n.fn) : BINARY.get(n.fn))(...args.map((i) => known[i])));
        }
        if (n.fn === "unaryPlus") return args[0];
        if (!BINARY.has(n.fn) && !UNARY.has(n.fn)) break;
        const i = slot("o" + n.fn + "(" + args.join(",") + ")", null, [n.fn, args]);
        if (uses[i] === 0) args.forEach(used);
        return i;
      }
      case "FunctionNode": {
        if (!FUNCTIONS.has(n.fn.name)) break;
        const a = visit(n.args[0]);
        if (known[a] !== null) return constant(FUNCTIONS.get(n.fn.name)(known[a]));
        const i = slot("f" + n.fn.name + "(" + a + ")", null, ["call", [a], FUNCTIONS.get(n.fn.name)]);
        if (uses[i] === 0) used(a);
        return i;
      }
    }
    throw new Error("gradfig: cannot compile " + n.type); // unreachable: checked trees only
  };
  const root = used(visit(node));
  // Closures bottom up: a slot is made after its operands, so theirs exist.
  const closures = [];
  for (let i = 0; i < known.length; i++) {
    if (known[i] !== null) {
      const c = known[i];
      closures.push(() => c);
      continue;
    }
    const [op, [ia, ib], fn] = parts[i];
    const a = closures[ia], b = closures[ib];
    let step;
    switch (op) {
      case "x": step = (x) => x; break;
      case "y": step = (x, y) => y; break;
      case "call": step = (x, y) => fn(a(x, y)); break;
      case "unaryMinus": step = (x, y) => -a(x, y); break;
      case "add": step = (x, y) => a(x, y) + b(x, y); break;
      case "subtract": step = (x, y) => a(x, y) - b(x, y); break;
      case "multiply": step = (x, y) => a(x, y) * b(x, y); break;
      case "divide": step = (x, y) => a(x, y) / b(x, y); break;
      case "pow": step = (x, y) => Math.pow(a(x, y), b(x, y)); break;
      default: throw new Error("gradfig: cannot compile " + op); // unreachable: checked trees only
    }
    closures.push(uses[i] > 1 && op !== "x" && op !== "y" ? remembered(step) : step);
  }
  return closures[root];
}

/* A closure that computes once per point: the value at the last (x, y) asked (Object.is, so
 * -0 is not 0 and NaN is NaN) is returned again. */
function remembered(step) {
  let lastX = NaN, lastY = NaN, last = NaN, any = false;
  return (x, y) => {
    if (any && Object.is(x, lastX) && Object.is(y, lastY)) return last;
    last = step(x, y);
    lastX = x;
    lastY = y;
    any = true;
    return last;
  };
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
