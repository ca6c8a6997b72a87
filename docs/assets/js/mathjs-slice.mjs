// The playground's slice of math.js, bundled by esbuild into generated/vendor/mathjs-gradfig.min.js
// (chapter.bundle; the global gradfigMath): parse, symbolic derivatives, simplify (for display
// only) and the node classes, from math.js's number-only build. Everything else math.js offers
// (matrices, units, big numbers, complex numbers, evaluate) is left out: 51 kB gzip instead of
// 175 kB for the full bundle. The page never evaluates what parse() returns with math.js; it walks
// the tree against its own allow-list first (grammar.mjs). The Node tests of the mirrors import
// this very module.
import {
  create, parseDependencies, derivativeDependencies, simplifyDependencies,
  // simplify() folds constants with these; without them it fails on "2 - 1".
  addDependencies, subtractDependencies, multiplyDependencies, divideDependencies,
  powDependencies, unaryMinusDependencies, unaryPlusDependencies,
  sinDependencies, cosDependencies, tanDependencies, expDependencies, logDependencies,
  sqrtDependencies, tanhDependencies, sinhDependencies, coshDependencies, absDependencies,
  // derivative() writes sec and sech (d tan = sec², d tanh = sech²); the page writes sign.
  secDependencies, sechDependencies, signDependencies,
} from 'mathjs/number'

const math = create({
  parseDependencies, derivativeDependencies, simplifyDependencies,
  addDependencies, subtractDependencies, multiplyDependencies, divideDependencies,
  powDependencies, unaryMinusDependencies, unaryPlusDependencies,
  sinDependencies, cosDependencies, tanDependencies, expDependencies, logDependencies,
  sqrtDependencies, tanhDependencies, sinhDependencies, coshDependencies, absDependencies,
  secDependencies, sechDependencies, signDependencies,
})

export const parse = math.parse
export const derivative = math.derivative
export const simplify = math.simplify
export const FunctionNode = math.FunctionNode
export const SymbolNode = math.SymbolNode
export const OperatorNode = math.OperatorNode
export const ConstantNode = math.ConstantNode
export const ParenthesisNode = math.ParenthesisNode
