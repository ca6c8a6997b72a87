/*
 * The interactive field's gradient descent: a pure module (no DOM) mirroring
 * gradfig.descent.field_descent step for step, checked in Node against paths Python writes
 * (tests/js/descent.test.mjs). A leaf: imports nothing (the standalone field page maps it to a
 * data: URL).
 */

/* gradfig.descent's FIELD_MAX_STEPS, FIELD_CONVERGED and FIELD_STRAY (the goldens carry
 * Python's values and the tests compare them with these). */
export const DESCENT = { maxSteps: 500, converged: 1e-8, stray: 2.5 };

/* Gradient descent p <- p - eta * grad(p) from `start` on the field of `domain`: stops when
 * ‖∇f‖ < converged, after maxSteps steps, or when the point strays `stray` domain widths from
 * the domain's centre. Returns {path: [[x, y], ...] (the start included), steps, end, outcome},
 * outcome "converged", "diverged" or "steps". */
export function fieldDescent(grad, domain, start, eta) {
  const [[x0, x1], [y0, y1]] = domain;
  const wx = x1 - x0, wy = y1 - y0;
  const path = [[start[0], start[1]]];
  let [x, y] = start, outcome = "steps";
  for (let k = 0; k < DESCENT.maxSteps; k++) {
    const [gx, gy] = grad(x, y);
    if (Math.hypot(gx, gy) < DESCENT.converged) { outcome = "converged"; break; }
    x = x - eta * gx;
    y = y - eta * gy;
    path.push([x, y]);
    if (!(Math.abs(x - (x0 + x1) / 2) < DESCENT.stray * wx && Math.abs(y - (y0 + y1) / 2) < DESCENT.stray * wy)) {
      outcome = "diverged";
      break;
    }
  }
  return { path, steps: path.length - 1, end: path[path.length - 1], outcome };
}
