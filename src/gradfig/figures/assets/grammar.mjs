/*
 * The formula grammar: a pure module (no DOM) mirroring gradfig.expr.validate, checked in Node
 * against golden cases that Python writes (tests/js/grammar.test.mjs).
 *
 * The formula is data, never code. math.js parses the text into a tree (the slice of it the site
 * bundles, passed in as env.math), and every node is checked against an allow-list before
 * anything else looks at it: numbers, x, y, pi, e, + - * / ^, unary minus and plus, and the
 * functions of gradfig.expr, each with one argument. Anything else (names such as alert or
 * constructor, property access, indexing, assignment, strings, matrices, implicit
 * multiplication, ...) is refused with a message naming it. The limits are Python's, read from
 * env.grammar (chapter.playground.settings()["grammar"]).
 *
 * `env` is {math: the math.js slice, grammar: {...}, ...the rest of the playground's settings}.
 */
import { formatG } from "./format.mjs";

export const MINUS = "\u2212";

/* A problem with the reader's input: its message is shown to them as it is. */
export class InputError extends Error {}
export function refuse(message) { throw new InputError(message); }

/* The functions of the grammar, and those math.js writes in derivatives: d tan = sec²,
 * d tanh = sech²; calculus.mjs writes sign for d|u| (SymPy's derivative of Abs, 0 at 0). */
export const FUNCTIONS = new Map([
  ["sin", Math.sin], ["cos", Math.cos], ["tan", Math.tan], ["exp", Math.exp], ["log", Math.log],
  ["sqrt", Math.sqrt], ["tanh", Math.tanh], ["sinh", Math.sinh], ["cosh", Math.cosh],
  ["abs", Math.abs],
  ["sec", (v) => 1 / Math.cos(v)], ["sech", (v) => 1 / Math.cosh(v)], ["sign", Math.sign],
]);
export const BINARY = new Map([
  ["add", (a, b) => a + b], ["subtract", (a, b) => a - b], ["multiply", (a, b) => a * b],
  ["divide", (a, b) => a / b], ["pow", Math.pow],
]);
export const UNARY = new Map([["unaryMinus", (a) => -a], ["unaryPlus", (a) => a]]);
const KINDS = new Map([
  ["AccessorNode", "property access"], ["IndexNode", "indexing"], ["ArrayNode", "a matrix or list"],
  ["ObjectNode", "an object"], ["AssignmentNode", "assignment"],
  ["FunctionAssignmentNode", "a function definition"], ["BlockNode", "more than one statement"],
  ["ConditionalNode", "a conditional"], ["RangeNode", "a range"], ["RelationalNode", "a comparison"],
]);

export function shorten(text) { return text.length > 40 ? text.slice(0, 37) + "..." : text; }
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

const codePoint = (c) => c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
// A digit separator: an underscore after a digit or after a 0x / 0o / 0b prefix (1_000, 0x_ff).
const SEPARATOR = /[0-9]_|0[xXoObB]_/;

/* gradfig.expr.refuse_characters, word for word: plain ASCII only (no compatibility characters
 * such as ｘ or ℯ, which Python's parser folds into x and e, no non-ASCII digits), no % (math.js
 * reads 200% as a percentage, Python x % 2 as a remainder), no digit separators (1_000). */
function checkCharacters(chars, text) {
  chars.forEach((c, i) => {
    if (c === MINUS) refuse("write the minus sign as - (the ASCII hyphen), not −");
    if (c.codePointAt(0) > 0x7e) {
      refuse(`the character '${c}' (U+${codePoint(c)}) at position ${i + 1} is not plain ASCII: ` +
             "type formulas with a-z, 0-9 and + - * / ^ ( ) only");
    }
  });
  // ASCII from here on: string indices are positions.
  if (text.includes("%")) {
    refuse(`'%' at position ${text.indexOf("%") + 1} is not allowed: there are no percentages or ` +
           "remainders here (write 200% as 2, 50% as 0.5)");
  }
  const separator = SEPARATOR.exec(text);
  if (separator) refuse(`'_' at position ${separator.index + separator[0].length} is not allowed in a number: write 1000, not 1_000`);
}

/* Text-level checks, before math.js sees the text: empty, length, invisible characters,
 * bracket nesting (Python's parser refuses brackets nested deeper than its limit). */
export function checkText(g, text) {
  if (typeof text !== "string" || !text.trim()) refuse("the formula is empty");
  const chars = [...text]; // code points, as Python counts them
  if (chars.length > g.maxLength) {
    refuse(`the formula is longer than ${g.maxLength} characters (it has ${chars.length})`);
  }
  const hidden = chars.findIndex((c) => INVISIBLE.test(c));
  if (hidden >= 0) {
    refuse(`the formula contains the invisible character U+${codePoint(chars[hidden])} at position ${hidden + 1}; ` +
           "type the formula on one line, in plain characters");
  }
  checkCharacters(chars, text);
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
 * context or operator node; parentheses are no node). The Expression root adds one. */
export function pythonNodes(node) {
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

/* How deeply the tree nests, as gradfig.expr.depth counts Python's (a call's name is one
 * level below the call; parentheses, operators and contexts are none). */
export function pythonDepth(node) {
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

/* gradfig.expr._constant: a constant part must be a finite real number. */
function constantPart(node, value) {
  if (!Number.isFinite(value)) refuse(`the constant part \`${snippet(node)}\` is not a finite real number`);
  return value;
}

/* Walk a tree; refuse anything off the allow-list. Returns the value of a constant subtree
 * (null where a variable is involved), so exponents can be bounded and constant parts checked,
 * exactly as gradfig.expr._Validator does. `functions` is the allowed set of names. A derived
 * tree (a derivative math.js wrote, `derived`) is held to the allow-list only: its constants
 * and exponents come from the reader's, checked already (d x^-64 has x^-65). */
export function validate(g, node, variables, functions, derived = false) {
  const check = (child) => validate(g, child, variables, functions, derived);
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
      const allowed = g.functions.join(", ");
      if (!node.fn || node.fn.type !== "SymbolNode") {
        refuse(`calling \`${snippet(node)}\` is not allowed (functions allowed: ${allowed})`);
      }
      const name = node.fn.name;
      if (!functions.includes(name)) refuse(`unknown function '${shorten(name)}' (functions allowed: ${allowed})`);
      if (node.args.length !== 1) refuse(`${name}() takes exactly one argument`);
      const v = check(node.args[0]);
      return v === null || derived ? null : constantPart(node, FUNCTIONS.get(name)(v));
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

/* Text -> checked math.js tree (gradfig.expr.validate's rules). */
export function parseFormula(env, text, variables = env.grammar.variables) {
  const g = env.grammar;
  checkText(g, text);
  // Python reads ^ as **; math.js reads ^ as power and knows no **. A number may end in a
  // point, as in Python (5. is 5.0); math.js would read 5.*x as its element-wise .* instead.
  const source = text.replace(/\*\*/g, "^").replace(/([0-9])\.(?=[*/^])/g, "$1.0");
  let node;
  try {
    node = env.math.parse(source);
  } catch (err) {
    const reason = String(err && err.message || err).replace(/^\w/, (c) => c.toLowerCase());
    refuse(`cannot parse the formula: ${reason}`);
  }
  const count = 1 + pythonNodes(node);
  if (count > g.maxNodes) refuse(`the formula is too large (${count} parts, at most ${g.maxNodes})`);
  if (typeof g.maxDepth === "number") {
    const depth = pythonDepth(node);
    if (depth > g.maxDepth) refuse(`the formula is nested too deeply (${depth} levels, at most ${g.maxDepth})`);
  }
  validate(g, node, variables, g.functions);
  return node;
}

/* gradfig.expr.evaluate_constant: a formula without variables, e.g. "pi/2". */
export function evaluateConstant(env, text) {
  const node = parseFormula(env, text, []);
  const value = validate(env.grammar, node, [], env.grammar.functions);
  if (value === null || !Number.isFinite(value)) refuse(`'${shorten(text)}' is not a finite number`);
  return value;
}
