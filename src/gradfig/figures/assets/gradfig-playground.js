/*
 * gradfig playground ("Your own function"): the reader types f(x, y) and a domain; this script
 * checks the formula, differentiates it exactly, and draws it through the chapter's field
 * component (gradfig-fields.js), with its critical points and a gradient check.
 *
 * The formula is data, never code. math.js (a slice of it, bundled at build:
 * generated/vendor/mathjs-gradfig.min.js) parses the text into a tree, and every node is checked
 * against an allow-list before anything else looks at it: numbers, x, y, pi, e, + - * / ^,
 * unary minus and plus, and the functions of gradfig.expr, each with one argument. Anything else
 * (names such as alert or constructor, property access, indexing, assignment, strings, matrices,
 * implicit multiplication, ...) is refused with a message naming it, set as text. Derivatives
 * come from math.js's symbolic derivative of the checked tree; values from closures built over
 * the checked trees (no eval, no new Function, no math.js evaluate). Limits and rules are
 * Python's, read from the page (gradfig.chapter.playground.settings), and each part below says
 * which Python it mirrors; tests compare them on the same formulas.
 *
 * Loaded only by the playground page (an inline script there loads it and calls mount). math.js,
 * Temml and plotly.js are fetched only when the reader first types, draws or opens a link.
 * Material's instant navigation re-runs the page's inline script on every visit: mount() takes
 * over the new form and lets go of the old one.
 *
 * window.gradfigPlayground = { mount, core } (core: the pure functions, for tests).
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const ROOT = new URL("../../", script && script.src ? script.src : location.href);
  const MATH_URL = new URL("generated/vendor/mathjs-gradfig.min.js", ROOT).href;
  const TEMML_URL = new URL("generated/vendor/temml.min.js", ROOT).href;
  const MINUS = "\u2212";

  let cfg = null; // settings from the page: gradfig.chapter.playground.settings()
  let M = null;   // the math.js slice, once loaded

  /* A problem with the reader's input: its message is shown to them as it is. */
  class InputError extends Error {}
  function refuse(message) { throw new InputError(message); }

  // ------------------------------------------------------------------------------------------
  // Loading
  // ------------------------------------------------------------------------------------------
  const scripts = new Map();
  function loadScript(url) {
    if (!scripts.has(url)) {
      scripts.set(url, new Promise((resolve, reject) => {
        const el = document.createElement("script");
        el.src = url;
        el.async = true;
        el.onload = resolve;
        el.onerror = () => { scripts.delete(url); reject(new Error("cannot load " + url)); };
        document.head.appendChild(el);
      }));
    }
    return scripts.get(url);
  }

  async function loadMath() {
    if (!window.gradfigMath) await loadScript(MATH_URL);
    M = window.gradfigMath;
    return M;
  }

  // ------------------------------------------------------------------------------------------
  // Numbers as Python prints them (gradfig.check.format_number, "{:g}", "{:.1e}")
  // ------------------------------------------------------------------------------------------
  function pyExp(text) { // "1.5e-7" -> "1.5e-07", as Python writes exponents
    return text.replace(/e([+-])(\d)$/, "e$10$2");
  }

  /* Python's format(v, ".<digits>g"). */
  function formatG(v, digits = 6) {
    v = v + 0;
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    if (v === 0) return Object.is(v, -0) ? "-0" : "0";
    const [mant, exp] = v.toExponential(digits - 1).split("e");
    const e = Number(exp);
    if (e < -4 || e >= digits) {
      const m = mant.includes(".") ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
      return pyExp(m + "e" + (e < 0 ? "-" : "+") + Math.abs(e));
    }
    const fixed = v.toFixed(Math.max(0, digits - 1 - e));
    return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  }

  /* gradfig.check.format_number: -0 prints as 0, minus signs as given. */
  function formatNumber(v, minus = "-", spec = "g") {
    v = v + 0.0;
    if (v === 0) v = 0; // -0 + 0.0 is 0 in Python
    const text = spec === "e" ? pyExp(v.toExponential(1)) : formatG(v, 6);
    return minus === "-" ? text : text.replace(/-/g, minus);
  }

  function formatVector(values, minus = "-") {
    return "(" + values.map((v) => formatNumber(v, minus)).join(", ") + ")";
  }

  function interval(lo, hi) { return ("[" + formatG(lo) + ", " + formatG(hi) + "]").replace(/-/g, MINUS); }

  // ------------------------------------------------------------------------------------------
  // The grammar (mirrors gradfig.expr.validate)
  // ------------------------------------------------------------------------------------------
  const JS_FUNCTIONS = new Map([
    ["sin", Math.sin], ["cos", Math.cos], ["tan", Math.tan], ["exp", Math.exp], ["log", Math.log],
    ["sqrt", Math.sqrt], ["tanh", Math.tanh], ["sinh", Math.sinh], ["cosh", Math.cosh],
    ["abs", Math.abs],
    // Only in derivatives: math.js writes d tan = sec², d tanh = sech²; this script writes sign
    // for d|u| (SymPy's derivative of Abs, 0 at 0).
    ["sec", (v) => 1 / Math.cos(v)], ["sech", (v) => 1 / Math.cosh(v)], ["sign", Math.sign],
  ]);
  const BINARY = new Map([
    ["add", (a, b) => a + b], ["subtract", (a, b) => a - b], ["multiply", (a, b) => a * b],
    ["divide", (a, b) => a / b], ["pow", Math.pow],
  ]);
  const UNARY = new Map([["unaryMinus", (a) => -a], ["unaryPlus", (a) => a]]);
  const KINDS = new Map([
    ["AccessorNode", "property access"], ["IndexNode", "indexing"], ["ArrayNode", "a matrix or list"],
    ["ObjectNode", "an object"], ["AssignmentNode", "assignment"],
    ["FunctionAssignmentNode", "a function definition"], ["BlockNode", "more than one statement"],
    ["ConditionalNode", "a conditional"], ["RangeNode", "a range"], ["RelationalNode", "a comparison"],
  ]);

  function grammar() { return cfg.grammar; }
  function allowedFunctions() { return grammar().functions; }

  function shorten(text) { return text.length > 40 ? text.slice(0, 37) + "..." : text; }
  function snippet(node) {
    try { return shorten(node.toString()); } catch (e) { return node.type; }
  }
  function describeValue(v) {
    if (typeof v === "string") return "'" + shorten(v) + "'";
    return shorten(String(v));
  }

  // Invisible characters, by Unicode category, as gradfig.expr refuses them: control, format
  // (bidirectional overrides, zero-width joiners), surrogates, private use, unassigned.
  const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;

  /* Text-level checks, before math.js sees the text: empty, length, invisible characters,
   * bracket nesting (Python's parser refuses brackets nested deeper than its limit). */
  function checkText(text) {
    const g = grammar();
    if (typeof text !== "string" || !text.trim()) refuse("the formula is empty");
    if (text.length > g.maxLength) {
      refuse(`the formula is longer than ${g.maxLength} characters (it has ${text.length})`);
    }
    const hidden = INVISIBLE.exec(text);
    if (hidden) {
      const code = hidden[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
      refuse(`the formula contains the invisible character U+${code} at position ${hidden.index + 1}; ` +
             "type the formula on one line, in plain characters");
    }
    if (text.includes(MINUS)) refuse("write the minus sign as - (the ASCII hyphen), not −");
    let depth = 0, deepest = 0;
    for (const ch of text) {
      if (ch === "(" || ch === "[" || ch === "{") deepest = Math.max(deepest, ++depth);
      else if (ch === ")" || ch === "]" || ch === "}") depth--;
    }
    if (deepest > g.maxNesting) {
      refuse(`the brackets are nested ${deepest} deep (at most ${g.maxNesting})`);
    }
  }

  /* How many nodes Python's ast.walk counts for the same formula (Name and UnaryOp/BinOp carry a
   * context or operator node; parentheses are no node; the Expression root is one). */
  function pythonNodes(node) {
    switch (node.type) {
      case "ParenthesisNode": return pythonNodes(node.content);
      case "ConstantNode": return 1;
      case "SymbolNode": return 2;
      case "OperatorNode": return 2 + node.args.reduce((n, a) => n + pythonNodes(a), 0);
      case "FunctionNode": return 3 + node.args.reduce((n, a) => n + pythonNodes(a), 0);
      default: {
        let n = 1;
        node.forEach((child) => { n += pythonNodes(child); });
        return n;
      }
    }
  }

  /* How deeply the tree nests, as gradfig.expr._depth counts Python's (a call's name is one
   * level below the call; parentheses, operators and contexts are none). */
  function pythonDepth(node) {
    switch (node.type) {
      case "ParenthesisNode": return pythonDepth(node.content);
      case "ConstantNode": case "SymbolNode": return 1;
      case "FunctionNode": return 1 + Math.max(1, ...node.args.map(pythonDepth));
      default: {
        let deepest = 0;
        node.forEach((child) => { deepest = Math.max(deepest, pythonDepth(child)); });
        return 1 + deepest;
      }
    }
  }

  /* Walk a tree; refuse anything off the allow-list. Returns the value of a constant subtree
   * (null where a variable is involved), so exponents can be bounded and constant parts checked,
   * exactly as gradfig.expr._Validator does. `functions` is the allowed set of names. A derived
   * tree (a derivative math.js wrote, `derived`) is held to the allow-list only: its constants
   * and exponents come from the reader's, checked already (d x^-64 has x^-65). */
  function validate(node, variables, functions, derived = false) {
    const g = grammar();
    const check = (child) => validate(child, variables, functions, derived);
    switch (node.type) {
      case "ParenthesisNode":
        return check(node.content);
      case "ConstantNode": {
        const v = node.value;
        if (typeof v !== "number") refuse(`only numbers are allowed as constants, not ${describeValue(v)}`);
        if (Number.isNaN(v)) refuse("only numbers are allowed as constants, not NaN");
        if (derived) return v;
        if (!(Math.abs(v) <= g.maxLiteral)) refuse(`the number ${formatG(v, 12)} is too large (at most ${formatG(g.maxLiteral)})`);
        return v;
      }
      case "SymbolNode": {
        const name = node.name;
        if (variables.includes(name)) return null;
        if (Object.prototype.hasOwnProperty.call(g.constants, name)) return g.constants[name];
        if (functions.includes(name)) refuse(`${name} is a function: write ${name}(...)`);
        refuse(`unknown name '${shorten(name)}' (variables allowed: ${variables.join(", ") || "none"})`);
        break;
      }
      case "OperatorNode": {
        const n = node.args.length;
        const op = n === 1 ? UNARY.get(node.fn) : n === 2 ? BINARY.get(node.fn) : undefined;
        if (!op) refuse(`operator not allowed: \`${snippet(node)}\` (allowed: + - * / ^)`);
        // The parts first: in "sin x" or "Function('...')(1)" they are the real problem.
        const values = node.args.map(check);
        if (node.implicit) {
          refuse(`write * to multiply: \`${snippet(node)}\` leaves it out (as in gradfig check, 2*x, not 2x)`);
        }
        if (derived) return null;
        if (node.fn === "pow" && values[1] !== null &&
            !(Number.isFinite(values[1]) && Math.abs(values[1]) <= g.maxExponent)) {
          refuse(`the power is too large (exponents up to ${g.maxExponent} are allowed)`);
        }
        if (values.some((v) => v === null)) return null;
        return constantPart(node, op(...values));
      }
      case "FunctionNode": {
        const allowed = allowedFunctions().join(", ");
        if (!node.fn || node.fn.type !== "SymbolNode") {
          refuse(`calling \`${snippet(node)}\` is not allowed (functions allowed: ${allowed})`);
        }
        const name = node.fn.name;
        if (!functions.includes(name)) refuse(`unknown function '${shorten(name)}' (functions allowed: ${allowed})`);
        if (node.args.length !== 1) refuse(`${name}() takes exactly one argument`);
        const v = check(node.args[0]);
        return v === null || derived ? null : constantPart(node, JS_FUNCTIONS.get(name)(v));
      }
      case "AccessorNode":
        if (node.index && node.index.dotNotation) refuse(`property access is not allowed: \`${snippet(node)}\``);
        refuse(`indexing is not allowed: \`${snippet(node)}\``);
        break;
      default:
        refuse(`${KINDS.get(node.type) || "this"} is not allowed in a formula: \`${snippet(node)}\``);
    }
    return null;
  }

  /* gradfig.expr._constant: a constant part must be a finite real number. */
  function constantPart(node, value) {
    if (!Number.isFinite(value)) refuse(`the constant part \`${snippet(node)}\` is not a finite real number`);
    return value;
  }

  /* Text -> checked math.js tree (gradfig.expr.validate's rules and messages). */
  function parseFormula(text, variables = grammar().variables) {
    checkText(text);
    // Python reads ^ as **; math.js reads ^ as power and knows no **.
    const source = text.replace(/\*\*/g, "^");
    let node;
    try {
      node = M.parse(source);
    } catch (err) {
      const reason = String(err && err.message || err).replace(/^\w/, (c) => c.toLowerCase());
      refuse(`cannot parse the formula: ${reason}`);
    }
    const count = 1 + pythonNodes(node);
    if (count > grammar().maxNodes) refuse(`the formula is too large (${count} parts, at most ${grammar().maxNodes})`);
    const maxDepth = grammar().maxDepth;
    if (typeof maxDepth === "number") {
      const depth = pythonDepth(node);
      if (depth > maxDepth) refuse(`the formula is nested too deeply (${depth} levels, at most ${maxDepth})`);
    }
    validate(node, variables, allowedFunctions());
    return node;
  }

  /* gradfig.expr.evaluate_constant: a formula without variables, e.g. "pi/2". */
  function evaluateConstant(text) {
    const node = parseFormula(text, []);
    const value = validate(node, [], allowedFunctions());
    if (value === null || !Number.isFinite(value)) refuse(`'${shorten(text)}' is not a finite number`);
    return value;
  }

  // ------------------------------------------------------------------------------------------
  // Derivatives and evaluation
  // ------------------------------------------------------------------------------------------
  const OPS = { add: "+", subtract: "-", multiply: "*", divide: "/", pow: "^", unaryMinus: "-", unaryPlus: "+" };
  function constant(v) { return new M.ConstantNode(v); }
  function isConst(node, v) { return node.type === "ConstantNode" && (v === undefined || node.value === v); }
  function operator(fn, args) { return new M.OperatorNode(OPS[fn], fn, args); }

  /* Exact tidying of math.js's raw derivative (which keeps every "* 1", "+ 0" and "2 - 1"):
   * fold constant operations and drop identities. Each rule gives the same number in floating
   * point (x * 1 = x, x + 0 = x, x ^ 1 = x), except 0 * u -> 0, which is the derivative's true
   * value where u is defined. Keeps trees small, so second derivatives stay cheap. */
  function tidy(node) {
    switch (node.type) {
      case "ParenthesisNode": return tidy(node.content);
      case "FunctionNode": {
        const arg = tidy(node.args[0]);
        const fn = JS_FUNCTIONS.get(node.fn.name);
        if (isConst(arg) && fn) {
          const v = fn(arg.value);
          if (Number.isFinite(v)) return constant(v);
        }
        return new M.FunctionNode(new M.SymbolNode(node.fn.name), [arg]);
      }
      case "OperatorNode": {
        const args = node.args.map(tidy);
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
  function signs(node) {
    if (node.type === "OperatorNode") {
      const args = node.args.map(signs);
      if (node.fn === "divide" && args[0].type === "FunctionNode" && args[0].fn.name === "abs" &&
          args[0].args[0].equals(args[1])) {
        return new M.FunctionNode(new M.SymbolNode("sign"), [args[1]]);
      }
      return operator(node.fn, args);
    }
    if (node.type === "FunctionNode") return new M.FunctionNode(new M.SymbolNode(node.fn.name), node.args.map(signs));
    return node;
  }

  function derivative(node, variable) {
    let d;
    try {
      d = M.derivative(node, variable, { simplify: false });
    } catch (err) {
      refuse(`cannot differentiate the formula: ${err && err.message || err}`);
    }
    return tidy(d);
  }

  /* A closure (x, y) -> number over a checked tree: JavaScript's Math, as SymPy's jscode prints
   * it for the chapter's fields. Constant subtrees are computed once. */
  function compile(node) {
    const c = constantValue(node);
    if (c !== null) return () => c;
    switch (node.type) {
      case "ParenthesisNode": return compile(node.content);
      case "SymbolNode":
        if (node.name === "x") return (x) => x;
        if (node.name === "y") return (x, y) => y;
        break;
      case "OperatorNode": {
        const [a, b] = node.args.map(compile);
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
        const fn = JS_FUNCTIONS.get(node.fn.name);
        const a = compile(node.args[0]);
        if (fn) return (x, y) => fn(a(x, y));
        break;
      }
    }
    throw new Error("gradfig playground: cannot compile " + node.type); // unreachable: checked trees only
  }

  /* The value of a subtree without x and y, or null. */
  function constantValue(node) {
    switch (node.type) {
      case "ConstantNode": return node.value;
      case "ParenthesisNode": return constantValue(node.content);
      case "SymbolNode": return Object.prototype.hasOwnProperty.call(grammar().constants, node.name)
        ? grammar().constants[node.name] : null;
      case "OperatorNode": {
        const values = node.args.map(constantValue);
        if (values.some((v) => v === null)) return null;
        return (values.length === 1 ? UNARY.get(node.fn) : BINARY.get(node.fn))(...values);
      }
      case "FunctionNode": {
        const v = constantValue(node.args[0]);
        return v === null ? null : JS_FUNCTIONS.get(node.fn.name)(v);
      }
    }
    return null;
  }

  function nodeCount(node) {
    let n = 0;
    node.traverse(() => { n++; });
    return n;
  }

  /* The formula as maths: math.js's TeX of the tree. */
  function tex(node) {
    return node.toTex({ parenthesis: "keep", implicit: "show" });
  }

  /* A partial derivative for reading: math.js's simplify of the exact tree, shown only if it
   * agrees with the tree it came from at a few points of the domain (else the tidied tree). */
  function displayed(tree, exact, domain) {
    if (nodeCount(tree) > 400) return tree; // simplify() can take long on big trees
    let simple;
    try { simple = M.simplify(tree); } catch (err) { return tree; }
    let fn;
    try {
      validate(simple, ["x", "y"], [...JS_FUNCTIONS.keys()], true);
      fn = compile(simple);
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

  // ------------------------------------------------------------------------------------------
  // The domain (mirrors the CLI's --domain parsing and gradfig.custom.check_domain)
  // ------------------------------------------------------------------------------------------
  const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

  function parseDomain(text) {
    const parts = String(text).split(",").map((p) => p.trim());
    if (parts.length !== 4 || parts.some((p) => !p)) {
      refuse("give 4 comma-separated numbers xmin, xmax, ymin, ymax, e.g. -2, 2, -2, 2");
    }
    const values = parts.map((p) => {
      if (PLAIN_NUMBER.test(p)) return Number(p);
      const special = SPECIAL.exec(p);
      if (special) return special[2].toLowerCase() === "nan" ? NaN : (special[1] === "-" ? -Infinity : Infinity);
      try {
        return evaluateConstant(p); // a constant formula such as pi or -pi/2
      } catch (err) {
        if (err instanceof InputError) refuse(`'${shorten(p)}' is not a number`);
        throw err;
      }
    });
    return { values, text: parts.join(","), domain: checkDomain(values) };
  }

  function checkDomain(values) {
    const d = cfg.domain;
    const labels = ["xmin", "xmax", "ymin", "ymax"];
    values.forEach((v, i) => {
      if (!Number.isFinite(v)) refuse(`${labels[i]} is not a finite number (${formatG(v)})`);
      if (Math.abs(v) > d.maxCoordinate) {
        refuse(`${labels[i]} = ${formatG(v)} is too large (|coordinates| up to ${formatG(d.maxCoordinate)})`);
      }
    });
    const [x0, x1, y0, y1] = values;
    for (const [axis, lo, hi] of [["x", x0, x1], ["y", y0, y1]]) {
      if (lo >= hi) refuse(`${axis}min (${formatG(lo)}) must be less than ${axis}max (${formatG(hi)})`);
      if (hi - lo <= 1e-6 * Math.max(Math.abs(lo), Math.abs(hi))) {
        refuse(`the ${axis} range [${formatG(lo)}, ${formatG(hi)}] is too narrow to draw`);
      }
    }
    const ratio = (x1 - x0) / (y1 - y0);
    if (!(1 / d.maxAspect <= ratio && ratio <= d.maxAspect)) {
      const wide = ratio > 1;
      refuse(`the domain is ${formatG(Math.max(ratio, 1 / ratio), 3)} times ${wide ? "wider" : "taller"} than ` +
             `${wide ? "tall" : "wide"}; x and y are drawn at the same scale, so keep it within ${formatG(d.maxAspect)}:1`);
    }
    return [[x0, x1], [y0, y1]];
  }

  // ------------------------------------------------------------------------------------------
  // A landscape from a formula (mirrors gradfig.custom.landscape_from_formula)
  // ------------------------------------------------------------------------------------------
  /* numpy.linspace: start + i * step, the last point exactly stop. */
  function linspace(a, b, n) {
    const step = (b - a) / (n - 1);
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = i * step + a;
    out[n - 1] = b;
    return out;
  }

  /* gradfig.custom._grids: cell centres, then a grid with the edges; rows are y. */
  function checkGrids(domain) {
    const [[x0, x1], [y0, y1]] = domain;
    const [cellsN, edgesN] = cfg.domain.checkGrids;
    const cells = Array.from({ length: cellsN }, (_, i) => (i + 0.5) / cellsN);
    const edges = linspace(0, 1, edgesN);
    return [cells, edges].map((t) => [t.map((v) => x0 + v * (x1 - x0)), t.map((v) => y0 + v * (y1 - y0))]);
  }

  /* f and ∇f finite on the check grids and f not constant (gradfig.custom._check_finite). */
  function checkFinite(model) {
    const where = (what, bad) => {
      const [x, y, nan] = bad;
      refuse(`${what} is ${nan ? "undefined" : "infinite"} at (${formatG(x)}, ${formatG(y)}), inside the ` +
             "domain: choose a domain where it is defined");
    };
    for (const [xs, ys] of checkGrids(model.domain)) {
      // One pass; Python looks at f over the whole grid first, then at ∇f: report in that order.
      let lo = Infinity, hi = -Infinity, badF = null, badG = null;
      for (const y of ys) {
        for (const x of xs) {
          const v = model.f(x, y);
          if (!Number.isFinite(v)) {
            if (!badF) badF = [x, y, Number.isNaN(v)];
            continue;
          }
          if (v < lo) lo = v;
          if (v > hi) hi = v;
          if (badG) continue;
          const [gx, gy] = model.grad(x, y);
          if (!(Number.isFinite(gx) && Number.isFinite(gy))) badG = [x, y, Number.isNaN(gx) || Number.isNaN(gy)];
        }
      }
      if (badF) where("the formula", badF);
      if (badG) where("its gradient", badG);
      if (hi - lo === 0) refuse("the formula is constant over the domain: there is no gradient to draw");
    }
  }

  /* Formula text and domain text -> a checked model: f, ∇f, the Hessian, the trees to show. */
  function landscape(formulaText, domainText) {
    let where = "f(x, y)";
    try {
      const node = parseFormula(formulaText);
      where = "domain";
      const domain = parseDomain(domainText);
      where = "f(x, y)";
      const raw = [derivative(node, "x"), derivative(node, "y")];
      const trees = raw.map(signs);
      const derived = [...JS_FUNCTIONS.keys()];
      for (const t of trees) validate(t, ["x", "y"], derived, true);
      const f = compile(node);
      const [fx, fy] = trees.map(compile);
      // Second partials: of the raw first ones (math.js cannot differentiate sign).
      const second = (tree, v) => {
        const d = signs(derivative(tree, v));
        validate(d, ["x", "y"], derived, true);
        return compile(d);
      };
      const [fxx, fxy] = ["x", "y"].map((v) => second(raw[0], v));
      const [fyx, fyy] = ["x", "y"].map((v) => second(raw[1], v));
      const model = {
        formula: formulaText, domainText: domain.text, domain: domain.domain, node, trees,
        f, grad: (x, y) => [fx(x, y), fy(x, y)],
        // Lower triangle as numpy's eigvalsh reads it: [[fxx, .], [fyx, fyy]].
        hess: (x, y) => [[fxx(x, y), fxy(x, y)], [fyx(x, y), fyy(x, y)]],
      };
      checkFinite(model);
      return model;
    } catch (err) {
      if (err instanceof InputError) err.where = where;
      throw err;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Critical points (mirrors gradfig.critical.find_critical_points)
  // ------------------------------------------------------------------------------------------
  function norm2(v) { return Math.hypot(v[0], v[1]); }

  /* Solve ∇f = 0 from a start (gradfig.critical.refine runs MINPACK's hybrid method, a
   * trust-region Newton method, then plain Newton steps until they vanish). Here: a Newton step
   * on ∇f with the exact Hessian, halved until ‖∇f‖ falls; where that fails (a singular
   * Hessian, a step that does not help) Levenberg-Marquardt steps on ‖∇f‖²; then the same
   * Newton polish as Python's: up to 200 steps, until a step is below 1e-15 of the point's scale
   * (at a degenerate point convergence is only linear), and the solver's answer kept if Newton
   * wanders more than 1e-2 of that scale away. Returns the end point, or null if the run
   * produced no finite point or left the neighbourhood of the domain (such a run cannot end
   * inside it). */
  function refine(model, start, box) {
    let p = start.slice();
    let g = model.grad(p[0], p[1]);
    if (!g.every(Number.isFinite)) return null;
    // MINPACK's limits: at most 200 (n + 1) evaluations; give up when ten iterations did not
    // make good progress.
    let evaluations = 0;
    const history = [];
    const tryStep = (dx, dy) => {
      const q = [p[0] + dx, p[1] + dy];
      const gq = model.grad(q[0], q[1]);
      evaluations++;
      if (gq.every(Number.isFinite) && norm2(gq) < norm2(g)) return [q, gq];
      return null;
    };
    while (evaluations < 600 && norm2(g) > 0) {
      history.push(norm2(g));
      if (history.length > 10 && history[history.length - 1] > 0.9 * history[history.length - 11]) break;
      const H = model.hess(p[0], p[1]);
      const a = H[0][0], b = H[1][0], d = H[1][1];
      if (![a, b, d].every(Number.isFinite)) return null;
      let next = null, step = 0;
      const det = a * d - b * b;
      let nx = -(d * g[0] - b * g[1]) / det, ny = -(a * g[1] - b * g[0]) / det;
      for (let halvings = 0; !next && halvings < 10 && Number.isFinite(nx) && Number.isFinite(ny); halvings++) {
        next = tryStep(nx, ny);
        step = Math.hypot(nx, ny);
        nx /= 2; ny /= 2;
      }
      if (!next) { // Levenberg-Marquardt: (H² + λ s I) δ = −H g, λ growing until ‖∇f‖ falls
        const h11 = a * a + b * b, h12 = a * b + b * d, h22 = b * b + d * d;
        const r1 = -(a * g[0] + b * g[1]), r2 = -(b * g[0] + d * g[1]);
        const s = Math.max(h11, h22, 1e-300);
        for (let lambda = 1e-6; !next && lambda < 1e12; lambda *= 10) {
          const m11 = h11 + lambda * s, m22 = h22 + lambda * s;
          const dx = (r1 * m22 - h12 * r2) / (m11 * m22 - h12 * h12);
          const dy = (m11 * r2 - h12 * r1) / (m11 * m22 - h12 * h12);
          if (Number.isFinite(dx) && Number.isFinite(dy)) next = tryStep(dx, dy);
          step = Math.hypot(dx, dy);
        }
      }
      if (!next) break;
      [p, g] = next;
      if (!(Math.abs(p[0] - box.cx) < box.reach && Math.abs(p[1] - box.cy) < box.reach)) return null;
      if (step <= 1e-14 * (Math.hypot(p[0], p[1]) + 1e-14)) break; // MINPACK's xtol, as Python sets it
    }
    const solved = p.slice();
    const scale = 1 + Math.max(Math.abs(p[0]), Math.abs(p[1]));
    for (let i = 0; i < 200; i++) { // Newton polish (gradfig.critical.refine)
      const H = model.hess(p[0], p[1]);
      const a = H[0][0], b = H[0][1], c = H[1][0], d = H[1][1];
      const det = a * d - b * c;
      const dx = (d * g[0] - b * g[1]) / det, dy = (a * g[1] - c * g[0]) / det;
      if (!Number.isFinite(dx) || !Number.isFinite(dy)) break;
      p = [p[0] - dx, p[1] - dy];
      g = model.grad(p[0], p[1]);
      if (Math.max(Math.abs(dx), Math.abs(dy)) <= 1e-15 * scale) break;
    }
    if (!p.every(Number.isFinite) ||
        Math.max(Math.abs(p[0] - solved[0]), Math.abs(p[1] - solved[1])) > 1e-2 * scale) p = solved;
    return p.every(Number.isFinite) ? p : null;
  }

  /* Minimum, maximum or saddle (gradfig.critical.classify): the Hessian's eigenvalues, or where
   * it is singular, f on rings of 1024 points at 1e-3 and 1e-2 of the domain's diagonal. */
  function classify(model, p, size) {
    const H = model.hess(p[0], p[1]);
    const a = H[0][0], b = H[1][0], d = H[1][1];
    const mid = (a + d) / 2, rad = Math.hypot((a - d) / 2, b);
    const eig = [mid - rad, mid + rad];
    const big = Math.max(1, Math.abs(eig[0]), Math.abs(eig[1]));
    if (eig.every((e) => Math.abs(e) > 1e-8 * big)) {
      return eig[0] > 0 ? "minimum" : eig[1] < 0 ? "maximum" : "saddle";
    }
    const f0 = model.f(p[0], p[1]);
    const tiny = 1e-14 * Math.max(1, Math.abs(f0));
    let lo = Infinity, hi = -Infinity;
    for (const radius of [1e-3, 1e-2]) {
      for (let k = 0; k < 1024; k++) {
        const t = (2 * Math.PI * k) / 1024;
        const r = model.f(p[0] + radius * size * Math.cos(t), p[1] + radius * size * Math.sin(t)) - f0;
        lo = Math.min(lo, r); hi = Math.max(hi, r);
      }
    }
    if (lo >= -tiny) return "minimum";
    if (hi <= tiny) return "maximum";
    return "saddle";
  }

  /* Runs the search one start at a time (a generator), so the page can stay responsive while it
   * runs (criticalPointsAsync); criticalPoints runs it in one go. Same result either way. */
  function criticalPoints(model) {
    const run = criticalSearch(model);
    let step = run.next();
    while (!step.done) step = run.next();
    return step.value;
  }

  async function criticalPointsAsync(model) {
    const run = criticalSearch(model);
    let last = performance.now();
    let step = run.next();
    while (!step.done) {
      if (performance.now() - last > 40) { // let the page breathe; the result does not depend on it
        await new Promise((resolve) => setTimeout(resolve, 0));
        last = performance.now();
      }
      step = run.next();
    }
    return step.value;
  }

  function* criticalSearch(model) {
    const c = cfg.critical;
    const [[x0, x1], [y0, y1]] = model.domain;
    const lo = [x0, y0], span = [x1 - x0, y1 - y0];
    const size = Math.hypot(span[0], span[1]);
    const axes = [0, 1].map((i) => Array.from({ length: c.starts }, (_, k) => lo[i] + ((k + 0.5) * span[i]) / c.starts));
    const grid = [];
    for (const x of axes[0]) for (const y of axes[1]) grid.push([x, y]); // meshgrid(indexing="ij")
    let scale = -Infinity;
    for (const [x, y] of grid) {
      const n = norm2(model.grad(x, y));
      if (Number.isFinite(n) && n > scale) scale = n;
    }
    if (!(scale > -Infinity)) scale = 1;
    const tolerance = c.zeroGradient * Math.max(1, scale);
    const found = [];
    const box = { cx: lo[0] + span[0] / 2, cy: lo[1] + span[1] / 2, reach: 3 * size };
    for (const start of grid) {
      yield;
      const p = refine(model, start, box);
      if (!p) continue;
      const inside = [0, 1].every((i) => p[i] > lo[i] + c.edge * span[i] && p[i] < lo[i] + span[i] - c.edge * span[i]);
      const g = model.grad(p[0], p[1]);
      if (!(inside && norm2(g) <= tolerance)) continue;
      if (found.some((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) <= c.samePoint * size)) continue;
      found.push(p);
    }
    const round9 = (v) => Math.round(v * 1e9) / 1e9;
    const points = found.map((p) => p.map((v, i) => (Math.abs(v) <= c.edge * span[i] ? 0 : v)));
    points.sort((p, q) => round9(p[0]) - round9(q[0]) || round9(p[1]) - round9(q[1]));
    return points.map((p) => ({ point: p, kind: classify(model, p, size), f: model.f(p[0], p[1]) }));
  }

  function criticalSummary(kinds) {
    if (!kinds.length) return "No critical point inside the domain: ∇f is never 0 there.";
    const word = { minimum: "minima", maximum: "maxima", saddle: "saddles" };
    const parts = ["minimum", "maximum", "saddle"].filter((k) => kinds.includes(k)).map((k) => {
      const n = kinds.filter((v) => v === k).length;
      return `${n} ${n === 1 ? k : word[k]}`;
    });
    const listed = parts.length === 1 ? parts[0] : parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
    const n = kinds.length;
    return `${n} critical point${n !== 1 ? "s" : ""} inside the domain: ${listed}.`;
  }

  // ------------------------------------------------------------------------------------------
  // The gradient check (mirrors gradfig.check.gradient_check with gradfig.numdiff's central rule)
  // ------------------------------------------------------------------------------------------
  function centralGradient(model, p) {
    const out = [];
    for (let j = 0; j < 2; j++) {
      let h = cfg.check.step * Math.max(1, Math.abs(p[j]));
      h = (p[j] + h) - p[j]; // the step really taken, exactly representable
      const plus = p.slice(), minus = p.slice();
      plus[j] = p[j] + h;
      minus[j] = p[j] - h;
      out.push((model.f(plus[0], plus[1]) - model.f(minus[0], minus[1])) / (2 * h));
    }
    return out;
  }

  /* gradfig.check's allclose rule: pass if ‖a − n‖ <= atol + rtol ‖n‖ (norms by Math.hypot,
   * which scales as Python's math.hypot does); a comparison that cannot be made in floats fails. */
  function checkRow(model, point, label) {
    const a = model.grad(point[0], point[1]);
    const n = centralGradient(model, point);
    const finite = a.every(Number.isFinite) && n.every(Number.isFinite);
    const error = Math.hypot(a[0] - n[0], a[1] - n[1]);
    const bound = cfg.check.atol + (cfg.check.rtol ? cfg.check.rtol * norm2(n) : 0);
    const passed = finite && Number.isFinite(error) && Number.isFinite(bound) && error <= bound;
    return { point, label, analytical: a, numerical: n, norm: norm2(a), error, passed, finite };
  }

  function samplePoints(domain) {
    const [[x0, x1], [y0, y1]] = domain;
    return cfg.check.samples.map(([a, b], i) => ({ point: [x0 + a * (x1 - x0), y0 + b * (y1 - y0)], label: `sample ${i + 1}` }));
  }

  function gradientCheck(model) {
    return samplePoints(model.domain).map((s) => checkRow(model, s.point, s.label));
  }

  // ------------------------------------------------------------------------------------------
  // The field's payload (mirrors gradfig.figures.page.payload_data and
  // gradfig.figures.interactive.gradient_field / theme_patch)
  // ------------------------------------------------------------------------------------------
  /* numpy.round: half to even. */
  function roundHalfEven(v) {
    const r = Math.round(v);
    return Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : r;
  }

  /* gradfig.figures.interactive.round_sig */
  function roundSig(v, digits) {
    let e = Math.floor(Math.log10(Math.abs(v)));
    if (!Number.isFinite(e)) e = 0;
    const scale = Math.pow(10, digits - 1 - e);
    return roundHalfEven(v * scale) / scale;
  }

  /* gradfig.figures.static.log_colour: a log(1 + f) scale when f >= 0 and its top dwarfs it. */
  function logColour(values) {
    const sorted = Float64Array.from(values).sort();
    const n = sorted.length;
    const mid = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    const lo = sorted[0], hi = sorted[n - 1];
    return lo >= 0 && hi - lo > 6 * Math.max(mid - lo, 1e-12);
  }

  /* The arrows as plotly.figure_factory.create_quiver draws them (scatter lines). */
  function arrowTrace(model, n, style) {
    const digits = cfg.figure.digits;
    const [[x0, x1], [y0, y1]] = model.domain;
    const step = Math.min(x1 - x0, y1 - y0) / n;
    const xs = Array.from({ length: n }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / n);
    const ys = Array.from({ length: n }, (_, j) => y0 + ((j + 0.5) * (y1 - y0)) / n);
    let pts = [];
    for (const y of ys) for (const x of xs) pts.push({ x, y, g: model.grad(x, y) });
    pts.forEach((p) => { p.n = Math.hypot(p.g[0], p.g[1]); });
    let max = Math.max(...pts.map((p) => p.n));
    pts = pts.filter((p) => p.n > 1e-12 * Math.max(max, 1));
    max = Math.max(...pts.map((p) => p.n));
    const bx = [], by = [], ax = [], ay = [];
    const angle = Math.PI / 7;
    for (const p of pts) {
      const length = step * 0.85 * (0.3 + 0.7 * Math.sqrt(p.n / max));
      const u = (p.g[0] / p.n) * length, v = (p.g[1] / p.n) * length;
      const ex = p.x + u, ey = p.y + v;
      bx.push(p.x, ex, null); by.push(p.y, ey, null);
      const dx = ex - p.x, dy = ey - p.y;
      const len = Math.hypot(dx, dy) * 0.3;
      const ang = Math.atan2(dy, dx);
      ax.push(ex - len * Math.cos(ang + angle), ex, ex - len * Math.cos(ang - angle), null);
      ay.push(ey - len * Math.sin(ang + angle), ey, ey - len * Math.sin(ang - angle), null);
    }
    const round = (arr) => arr.map((v) => (v === null ? null : roundSig(v, digits)));
    return {
      hoverinfo: "skip", line: { color: style.arrow, width: 1.1 }, mode: "lines", name: "∇f",
      showlegend: false, x: round(bx.concat(ax)), y: round(by.concat(ay)), type: "scatter",
    };
  }

  function labelFont(style) { return { color: style.marker, shadow: "auto", size: 12, weight: "bold" }; }

  function figure(model, crit) {
    const F = cfg.figure;
    const style = F.themes.light;
    const [[x0, x1], [y0, y1]] = model.domain;
    const xs = linspace(x0, x1, F.grid), ys = linspace(y0, y1, F.grid);
    const z = ys.map((y) => xs.map((x) => model.f(x, y)));
    const log = logColour(z.flat());
    const data = [{
      colorbar: { len: 1.0, outlinewidth: 0, thickness: 14, title: { side: "right", text: log ? "log(1 + f)" : "f" } },
      colorscale: F.colorscale,
      contours: { coloring: "heatmap", showlines: true },
      hoverinfo: "skip", line: { color: style.level, width: 1 }, name: "f", ncontours: 16,
      x: xs, y: ys, z: log ? z.map((row) => row.map(Math.log1p)) : z, type: "contour",
    }, arrowTrace(model, F.arrows, style)];
    if (crit.length) {
      data.push({
        cliponaxis: false, hoverinfo: "skip",
        marker: { color: style.marker, line: { color: style.marker, width: 2 }, size: 11,
                  symbol: crit.map((c) => F.markers[c.kind]) },
        mode: "markers+text", name: "critical points", showlegend: false, text: crit.map((c) => c.kind),
        textfont: labelFont(style), textposition: "top center",
        x: crit.map((c) => c.point[0]), y: crit.map((c) => c.point[1]), type: "scatter",
      });
    }
    const layout = {
      template: { data: { scatter: [{ type: "scatter" }] } },
      margin: { l: 48, r: 8, t: 12, b: 42 },
      font: { family: F.font, size: 13, color: style.ink },
      xaxis: { title: { text: "x" }, range: [x0, x1], constrain: "domain", showgrid: false, zeroline: false, ticks: "outside" },
      yaxis: { title: { text: "y" }, range: [y0, y1], scaleanchor: "x", scaleratio: 1, constrain: "domain",
               showgrid: false, zeroline: false, ticks: "outside" },
      autosize: true, showlegend: false, dragmode: false, hovermode: false,
      paper_bgcolor: style.paper, plot_bgcolor: style.paper,
    };
    return { data, layout };
  }

  function themePatch(theme, hasCritical) {
    const style = cfg.figure.themes[theme];
    const traces = [{ line: { color: style.level } }, { line: { color: style.arrow } }];
    if (hasCritical) {
      traces.push({ textfont: { color: style.marker }, marker: { color: style.marker, line: { color: style.marker } } });
    }
    return { layout: { font: { color: style.ink }, paper_bgcolor: style.paper, plot_bgcolor: style.paper }, traces };
  }

  function payload(model, crit) {
    const F = cfg.figure;
    const [[x0, x1], [y0, y1]] = model.domain;
    const xs = linspace(x0, x1, F.payloadGrid), ys = linspace(y0, y1, F.payloadGrid);
    let gmax = 0;
    for (const y of ys) {
      for (const x of xs) {
        const n = norm2(model.grad(x, y));
        if (n > gmax) gmax = n;
      }
    }
    return {
      name: cfg.field, title: "Your function", formula: model.formula,
      domain: model.domain.map((d) => d.slice()),
      gmax, keyStep: F.keyStep * (x1 - x0),
      start: [(x0 + x1) / 2 + (x1 - x0) / 8, (y0 + y1) / 2 + (y1 - y0) / 8],
      figure: figure(model, crit),
      themes: { light: themePatch("light", crit.length > 0), dark: themePatch("dark", crit.length > 0) },
      evaluator: { f: model.f, grad: model.grad },
    };
  }

  /* Everything drawn for one formula: the model, its critical points, its check, its payload. */
  function build(formulaText, domainText) {
    const model = landscape(formulaText, domainText);
    const crit = criticalPoints(model);
    return { model, crit, check: gradientCheck(model), payload: payload(model, crit) };
  }

  async function buildAsync(formulaText, domainText) {
    const model = landscape(formulaText, domainText);
    const crit = await criticalPointsAsync(model);
    return { model, crit, check: gradientCheck(model), payload: payload(model, crit) };
  }

  // ------------------------------------------------------------------------------------------
  // Links: #f=<formula>&domain=XMIN,XMAX,YMIN,YMAX
  // ------------------------------------------------------------------------------------------
  /* The link's parameters; '+' stays '+' (a teacher may type #f=x^2+y^2 by hand). */
  function readHash(hash) {
    const params = new Map();
    for (const part of hash.replace(/^#/, "").split("&")) {
      const at = part.indexOf("=");
      if (at < 0) continue;
      const key = part.slice(0, at);
      let value;
      try {
        value = decodeURIComponent(part.slice(at + 1));
      } catch (err) {
        refuse(`the link is damaged: its ${shorten(key)} is not valid percent-encoding`);
      }
      params.set(key, value);
    }
    return params;
  }

  function hashFor(formula, domainText) {
    const domain = domainText.split(",").map((p) => encodeURIComponent(p.trim())).join(",");
    return "#f=" + encodeURIComponent(formula) + "&domain=" + domain;
  }

  // ------------------------------------------------------------------------------------------
  // The page
  // ------------------------------------------------------------------------------------------
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function table(head, rows) {
    const t = el("table"); // no class: Material styles tables without one
    const tr = el("tr");
    for (const h of head) tr.appendChild(el("th", { scope: "col" }, h));
    t.appendChild(el("thead")).appendChild(tr);
    const body = t.appendChild(el("tbody"));
    for (const row of rows) {
      const r = body.appendChild(el("tr"));
      for (const cell of row) r.appendChild(el("td", {}, cell));
    }
    return t;
  }

  /* A row as the chapter's check tables print it (gradfig.check.format_norm, format_error). */
  function checkCells(r) {
    const norm = !Number.isFinite(r.norm) ? "overflow"
      : Math.abs(r.norm) < 1e6 ? r.norm.toFixed(4) : pyExp(r.norm.toExponential(4));
    const error = !r.finite ? "not finite" : Number.isFinite(r.error) ? formatNumber(r.error, MINUS, "e") : "overflow";
    return [formatVector(r.point, MINUS), r.label, formatVector(r.analytical, MINUS),
            formatVector(r.numerical, MINUS), norm.replace(/-/g, MINUS), error, r.passed ? "✓ pass" : "✗ FAIL"];
  }
  const CHECK_HEAD = ["point", "label", "analytical ∇f", "numerical ∇f", "‖∇f‖", "error", "check"];

  function fieldsReady() {
    if (window.gradfigFieldFor) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { if (window.gradfigFieldFor) resolve(); };
      window.addEventListener("load", done, { once: true });
      document.addEventListener("DOMContentLoaded", done, { once: true });
    });
  }

  let current = null;

  class Playground {
    constructor(form) {
      this.form = form;
      this.cfg = JSON.parse(form.getAttribute("data-gradfig-playground"));
      cfg = this.cfg;
      const page = form.closest("article") || document;
      this.formula = form.querySelector(".gradfig-playground__formula");
      this.domain = form.querySelector(".gradfig-playground__domain");
      this.copyButton = form.querySelector(".gradfig-playground__copy");
      this.copied = form.querySelector(".gradfig-playground__copied");
      this.alert = page.querySelector(".gradfig-playground__alert");
      this.status = page.querySelector(".gradfig-playground__status");
      this.root = page.querySelector(".gradfig-playground__field");
      this.partials = page.querySelector(".gradfig-playground__partials");
      this.critical = page.querySelector(".gradfig-playground__critical");
      this.check = page.querySelector(".gradfig-playground__check");
      this.readout = this.root && this.root.querySelector(".gradfig-readout");
      this.serial = 0;
      this.drawn = null; // {formula, domainText} of the last successful draw
      this.cleanups = [];

      this.on(form, "submit", (e) => { e.preventDefault(); this.draw(true); });
      for (const input of [this.formula, this.domain]) {
        // The maths library is fetched when the reader first turns to the form.
        this.on(input, "focus", () => this.prefetch());
        this.on(input, "input", () => { this.prefetch(); input.removeAttribute("aria-invalid"); });
      }
      this.on(this.copyButton, "click", () => this.copyLink());
      this.on(window, "hashchange", () => this.fromHash());
      if (this.root) {
        // The reader came near the field: draw what the form holds, unless something is drawn
        // or drawing already.
        const wanted = () => { if (!this.serial) this.draw(false); };
        this.on(this.root, "gradfig-field-wanted", wanted);
        if (this.root.hasAttribute("data-gradfig-wanted")) wanted();
      }
      if (this.readout) {
        const mo = new MutationObserver(() => this.updatePinned());
        mo.observe(this.readout, { attributes: true, attributeFilter: ["data-x", "data-y", "data-pinned"] });
        this.cleanups.push(() => mo.disconnect());
      }
      if (window.document$ && typeof window.document$.subscribe === "function") {
        // Instant navigation: let go of this page when another one replaces it.
        const sub = window.document$.subscribe(() => { if (!this.form.isConnected) this.unmount(); });
        this.cleanups.push(() => sub.unsubscribe());
      }
      this.fromHash();
    }

    on(target, type, fn, opts) {
      if (!target) return;
      target.addEventListener(type, fn, opts);
      this.cleanups.push(() => target.removeEventListener(type, fn, opts));
    }

    unmount() {
      for (const undo of this.cleanups.splice(0)) undo();
      if (current === this) current = null;
    }

    prefetch() {
      if (!this.mathLoading) this.mathLoading = loadMath().catch((err) => { this.mathLoading = null; throw err; });
      return this.mathLoading;
    }

    setAlert(text, input) {
      this.alert.textContent = text;
      for (const i of [this.formula, this.domain]) {
        if (i === input) i.setAttribute("aria-invalid", "true");
        else i.removeAttribute("aria-invalid");
      }
    }

    fromHash() {
      if (!this.form.isConnected) { this.unmount(); return; }
      let params;
      try {
        params = readHash(location.hash);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        this.setAlert("This link cannot be opened: " + err.message + ".");
        return;
      }
      if (!params.has("f")) return; // an ordinary anchor, e.g. a heading's
      // The link's own text is what is checked: a text box drops line breaks as it takes them.
      const formula = params.get("f");
      const domain = params.has("domain") ? params.get("domain") : this.domain.value;
      this.formula.value = formula;
      this.domain.value = domain;
      this.draw(false, "link", formula, domain);
    }

    async draw(updateHash, from, formula = this.formula.value, domainText = this.domain.value) {
      const token = ++this.serial;
      this.copied.textContent = ""; // "Link copied" was about the function before this one
      this.form.setAttribute("data-state", "drawing");
      try {
        await this.prefetch();
      } catch (err) {
        if (token !== this.serial) return;
        this.form.setAttribute("data-state", "failed");
        this.setAlert("The page could not load its maths library; reload the page to try again.");
        return;
      }
      if (token !== this.serial) return;
      let result;
      try {
        result = await buildAsync(formula, domainText);
      } catch (err) {
        if (token !== this.serial) return;
        if (!(err instanceof InputError)) {
          // A fault of this page, not of the input: say so, and leave the form usable.
          this.form.setAttribute("data-state", "failed");
          this.setAlert("This function could not be drawn (an error in the page: " +
                        shorten(String(err && err.message || err)) + ").");
          console.error(err);
          return;
        }
        const input = err.where === "domain" ? this.domain : this.formula;
        const what = err.where === "domain" ? "Cannot use this domain" : "Cannot draw this formula";
        this.setAlert(`${from === "link" ? "From the link: " : ""}${what}: ${err.message}.`, input);
        this.form.setAttribute("data-state", "refused");
        return;
      }
      if (token !== this.serial) return; // the reader drew something else meanwhile
      this.setAlert("");
      window.gradfigFields = window.gradfigFields || {};
      window.gradfigFields[this.cfg.field] = result.payload;
      await fieldsReady();
      if (token !== this.serial || !this.form.isConnected) return;
      const field = window.gradfigFieldFor(this.root);
      const box = this.root.querySelector(".gradfig-field__plot");
      box.setAttribute("aria-label", `Interactive gradient field of f(x, y) = ${shorten(formula)}. ` +
                       "Arrow keys move the query point (Shift moves further), Enter pins it.");
      this.result = result;
      this.showCritical(result);
      this.showCheck(result);
      this.updatePinned();
      const [[x0, x1], [y0, y1]] = result.model.domain;
      this.status.textContent = `Drawn: f(x, y) = ${shorten(formula)} on ${interval(x0, x1)} × ${interval(y0, y1)}. ` +
        criticalSummary(result.crit.map((c) => c.kind));
      this.drawn = { formula, domainText: result.model.domainText };
      if (updateHash) history.replaceState(history.state, "", hashFor(formula, result.model.domainText));
      await Promise.all([field.present(this.cfg.field), this.showPartials(result, token)]);
      if (token !== this.serial) return;
      this.form.setAttribute("data-state", "drawn");
    }

    async showPartials(result, token) {
      const rows = [["f(x, y) = ", result.model.node]];
      result.model.trees.forEach((t, i) => {
        const v = "xy"[i];
        const exact = i === 0 ? (x, y) => result.model.grad(x, y)[0] : (x, y) => result.model.grad(x, y)[1];
        rows.push([`\\frac{\\partial f}{\\partial ${v}} = `, displayed(t, exact, result.model.domain), `∂f/∂${v} = `]);
      });
      let temml = null;
      try {
        if (!window.temml) await loadScript(TEMML_URL);
        temml = window.temml;
      } catch (err) {
        temml = null; // the formulas are shown as text instead
      }
      if (token !== this.serial) return;
      const out = [];
      for (const [lead, node, plain] of rows) {
        const p = el("p", { class: "gradfig-playground__maths" });
        let done = false;
        if (temml) {
          try {
            // annotate: the TeX travels with the MathML (copying, assistive technology).
            temml.render(lead + tex(node), p, { displayMode: true, annotate: true });
            done = true;
          } catch (err) { done = false; }
        }
        if (!done) {
          p.textContent = "";
          p.appendChild(el("code", {}, (plain || lead) + node.toString()));
        }
        out.push(p);
      }
      this.partials.replaceChildren(...out);
      this.partials.setAttribute("data-formula", result.model.formula);
    }

    showCritical(result) {
      const rows = result.crit.map((c) => [c.kind, formatNumber(c.point[0], MINUS), formatNumber(c.point[1], MINUS),
                                          formatNumber(c.f, MINUS)]);
      this.critical.replaceChildren(
        el("p", { class: "gradfig-playground__summary" }, criticalSummary(result.crit.map((c) => c.kind))),
        table(["kind", "x", "y", "f(x, y)"], rows));
      this.critical.setAttribute("data-count", String(result.crit.length));
    }

    showCheck(result) {
      const t = table(CHECK_HEAD, result.check.map(checkCells));
      this.pinnedRow = null;
      this.check.replaceChildren(t, el("p", { class: "gradfig-playground__pinned" },
        "Pin a point on the field (click it, or focus the field and press Enter) to add it to the check."));
      this.check.setAttribute("data-passed", String(result.check.every((r) => r.passed)));
    }

    /* A pinned point joins the check table as its last row. */
    updatePinned() {
      if (!this.result || !this.readout) return;
      const r = this.readout.dataset;
      const body = this.check.querySelector("tbody");
      const note = this.check.querySelector(".gradfig-playground__pinned");
      if (r.pinned !== "true" || r.x === "" || r.x === undefined) {
        if (this.pinnedRow) { this.pinnedRow.remove(); this.pinnedRow = null; }
        if (note) note.hidden = false;
        return;
      }
      const row = checkRow(this.result.model, [Number(r.x), Number(r.y)], "pinned point");
      const tr = el("tr", { class: "gradfig-playground__pinned-row" });
      for (const cell of checkCells(row)) tr.appendChild(el("td", {}, cell));
      if (this.pinnedRow) this.pinnedRow.replaceWith(tr);
      else body.appendChild(tr);
      this.pinnedRow = tr;
      if (note) note.hidden = true;
    }

    async copyLink() {
      const drawn = this.drawn || { formula: this.cfg.example.formula, domainText: this.cfg.example.domain };
      const url = location.href.split("#")[0] + hashFor(drawn.formula, drawn.domainText);
      try {
        await navigator.clipboard.writeText(url);
        this.copied.textContent = "Link copied.";
      } catch (err) {
        this.copied.textContent = "Copy this link: " + url;
      }
    }
  }

  function mount(form) {
    if (current && current.form === form) return current;
    if (current) current.unmount();
    current = new Playground(form);
    return current;
  }

  window.gradfigPlayground = {
    mount,
    // For tests: the pure parts, each mirroring the Python named beside it.
    core: {
      loadMath, parseFormula, parseDomain, landscape, build, criticalPoints, gradientCheck, payload,
      formatG, formatNumber, pythonNodes, pythonDepth, readHash, hashFor, InputError,
      configure(settings) { cfg = settings; },
    },
  };
})();
