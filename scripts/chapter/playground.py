"""The playground page, "Your own function": its snippets, its settings and its browser assets.

The reader types f(x, y) and a domain; the browser parses and differentiates the formula with
math.js, draws it through the chapter's own field component, finds its critical points and runs
the gradient check (``docs/assets/js/playground.mjs`` and the package's pure modules it imports,
bundled by esbuild into ``generated/assets/gradfig-playground.js``; see :mod:`chapter.bundle`).
What the browser must agree with Python on comes from here, so it is the library's by
construction:

- :func:`settings`: the formula grammar's limits (:mod:`gradfig.expr`), the domain rules
  (:mod:`gradfig.custom`), the critical-point search (:mod:`gradfig.critical`), the gradient
  check's rule and step (:mod:`gradfig.check`, :mod:`gradfig.numdiff`), the figure's sizes,
  colours and markers (:mod:`gradfig.figures.interactive`), as one JSON object in the page;
- the page's first state, :data:`EXAMPLE` (Himmelblau's function), computed here at build time:
  its static field figure (what a reader without JavaScript sees, and what stands in until the
  live plot is drawn), its partials, critical points and gradient check. The build stops if its
  gradient check fails.

The snippet functions (``playground-*.md``, named by :mod:`chapter.pages.playground`) hold the
form, the field and the result panels; the site's script loads the playground's bundle on the
page that has the form.

Browser assets: the math.js slice is a bundle of :mod:`chapter.bundle`; Temml's
``temml.min.js`` is copied as it is. Both are fetched only on this page, when the reader first
types, draws or opens a link.

Nothing here writes: :func:`build_playground` writes through :mod:`gradfig.export`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np

from chapter.bundle import inline_css
from chapter.fields import static_images
from chapter.paths import NODE_MODULES
from gradfig import check, critical, custom, expr, numdiff
from gradfig.export import OutputError
from gradfig.figures import page, static
from gradfig.figures.interactive import ARROWS, DIGITS, FONT, GRID, MARKERS, THEMES
from gradfig.functions import Landscape
from gradfig.text import MINUS, interval, number, number_word, vector

__all__ = [
    "EXAMPLE",
    "MAX_NESTING",
    "build_playground",
    "check_html",
    "critical_html",
    "settings",
    "vendor_files",
]

TEMML = "temml.min.js"
#: Python's parser refuses brackets nested deeper than this ("too many nested parentheses",
#: the tokenizer's MAXLEVEL), so :func:`gradfig.expr.validate` does; the browser refuses the
#: same (tests check both sides at 200 and 201).
MAX_NESTING = 200
#: The field's name on the page and the payload the browser registers under it.
FIELD_NAME = "playground"

#: What the page opens with: a formula with something to find (four minima, a maximum and four
#: saddles) on a square domain.
EXAMPLE = Landscape(
    name=FIELD_NAME,
    title="Himmelblau's function",
    formula="(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    domain=((-5.0, 5.0), (-5.0, 5.0)),
    summary="four equally deep valleys around a central hill",
)

class MissingToolError(OutputError):
    """A pinned npm package the build needs is not installed (run ``npm ci``)."""


# --- what the browser must agree with -------------------------------------------------------
def _domain_text(landscape: Landscape) -> str:
    (x0, x1), (y0, y1) = landscape.domain
    return ", ".join(f"{v:g}" for v in (x0, x1, y0, y1))


def _colorscale() -> list:
    import plotly.graph_objects as go

    return json.loads(go.Contour(colorscale="Viridis").to_json())["colorscale"]


def settings() -> dict:
    """Everything the page's script takes from the Python side, as JSON data."""
    return {
        "field": FIELD_NAME,
        "example": {"formula": EXAMPLE.formula, "domain": _domain_text(EXAMPLE)},
        "grammar": {
            "maxLength": expr.MAX_LENGTH,
            "maxExponent": expr.MAX_EXPONENT,
            "maxLiteral": expr.MAX_LITERAL,
            "maxNodes": expr.MAX_NODES,
            "maxNesting": MAX_NESTING,
            # The syntax tree's depth limit.
            "maxDepth": expr.MAX_DEPTH,
            "variables": ["x", "y"],
            "functions": sorted(expr.FUNCTIONS),
            "constants": {name: value for name, (value, _) in expr.CONSTANTS.items()},
        },
        "domain": {
            "maxCoordinate": custom.MAX_COORDINATE,
            "maxAspect": custom.MAX_ASPECT,
            # f and ∇f must be finite on these grids (cell centres, then edges included).
            "checkGrids": list(custom.CHECK_GRIDS),
        },
        "critical": {
            "starts": critical.STARTS,
            "samePoint": critical.SAME_POINT,
            "zeroGradient": critical.ZERO_GRADIENT,
            "edge": critical.EDGE,
            "ring": critical.RING,
            "ringPoints": critical.RING_POINTS,
            "flat": critical.FLAT,
            "curveStep": critical.CURVE_STEP,
            "curveSteps": critical.CURVE_STEPS,
            "capacity": critical.CAPACITY,
            "incompleteSingles": critical.INCOMPLETE_SINGLES,
            "singular": critical.SINGULAR,
        },
        "check": {
            "atol": check.DEFAULT_ATOL,
            "rtol": check.DEFAULT_RTOL,
            # numdiff's central-difference rule: h = eps^(1/3) * max(1, |x|), then (x + h) - x.
            "step": float(numdiff.EPS ** (1 / 3)),
            # A failed row is unreliable if its error is at most this many times the check's own.
            "reliable": check.RELIABLE,
            "samples": [list(s) for s in Landscape.SAMPLE_FRACTIONS],
        },
        "figure": {
            "grid": GRID,
            "arrows": ARROWS,
            "digits": DIGITS,
            "font": FONT,
            "markers": MARKERS,
            "themes": {name: {"paper": t.paper, "ink": t.ink, "gridline": t.gridline,
                              "level": t.level, "arrow": t.arrow, "marker": t.marker}
                       for name, t in THEMES.items()},
            # The heatmap's colours exactly as plotly.py writes "Viridis" into the figure JSON.
            "colorscale": _colorscale(),
            # The colour bar's label and log ticks, the static figures' (static.colour_bar_label).
            "colourBar": {"label": static.colour_bar_label(False), "logLabel": static.colour_bar_label(True),
                          "logTicks": list(static.LOG_TICKS)},
            "payloadGrid": 101,   # payload_data's grid for the largest ‖∇f‖
            "keyStep": page.KEY_STEP,
        },
    }


# --- the example, computed at build time ----------------------------------------------------
def critical_summary(kinds: list[str]) -> str:
    """"9 critical points inside the domain: 4 minima, 1 maximum and 4 saddles." (as the
    browser writes it for any formula; :func:`gradfig.critical.summary` adds curves, flat
    ground and an incomplete search)."""
    return critical.kinds_summary(kinds)


def critical_html(landscape: Landscape) -> str:
    """The critical-point table, as the browser writes it (kind, x, y, f there)."""
    points = landscape.critical_points
    rows = "".join(
        f"<tr><td>{c.kind}</td><td>{number(c.point[0])}</td><td>{number(c.point[1])}</td>"
        f"<td>{number(float(landscape(np.asarray(c.point))))}</td></tr>"
        for c in points)
    return (f'<p class="gradfig-playground__summary">{critical.summary(landscape.critical_search)}</p>\n'
            '<table><thead><tr><th scope="col">kind</th>'
            '<th scope="col">x</th><th scope="col">y</th><th scope="col">f(x, y)</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>\n")


#: A row's verdict in words and a glyph every text font has (an emoji shows as an empty box
#: where no emoji font is installed).
PASS, FAIL, UNRELIABLE = (check.VERDICT_CELLS[v] for v in ("pass", "FAIL", "unreliable"))


def check_html(landscape: Landscape, require: bool = True) -> str:
    """The gradient-check table at the sample points, as the browser writes it (the chapter's
    columns and formats, :meth:`gradfig.check.CheckResult.to_markdown`). With ``require``
    (the page's example), a row that does not pass stops the build."""
    result = (check.require_pass(landscape) if require
              else check.gradient_check(landscape, diagnose_failures=True))
    rows = "".join(
        f"<tr><td>{vector(r.point)}</td><td>{html.escape(r.label)}</td>"
        f"<td>{vector(r.analytical)}</td>"
        f"<td>{vector(r.numerical)}</td><td>{check.format_norm(r.norm, MINUS)}</td>"
        f"<td>{check.format_error(r.error, MINUS)}</td><td>{check.VERDICT_CELLS[r.verdict]}</td></tr>"
        for r in result.rows)
    return ('<table><thead><tr><th scope="col">point</th>'
            '<th scope="col">label</th><th scope="col">analytical ∇f</th>'
            '<th scope="col">numerical ∇f</th><th scope="col">‖∇f‖</th><th scope="col">error</th>'
            f'<th scope="col">check</th></tr></thead><tbody>{rows}</tbody></table>\n')


def _alt(landscape: Landscape) -> str:
    (x0, x1), (y0, y1) = landscape.domain
    return (f"Gradient field of {landscape.title}, f(x, y) = {landscape.formula}, over "
            f"{interval(x0, x1)} × {interval(y0, y1)}: heatmap with level curves "
            f"and arrows along ∇f, {landscape.summary}. "
            + critical.summary(landscape.critical_search))


def _label(formula: str) -> str:
    return (f"Interactive gradient field of f(x, y) = {formula}. Arrow keys move the query point "
            "(Shift moves further), Enter pins it.")


def field_snippet() -> str:
    """The form (hidden without JavaScript), the message areas, the field (the example's static
    figure until drawn)."""
    data = html.escape(json.dumps(settings(), separators=(",", ":"), allow_nan=False), quote=True)
    example = EXAMPLE.formula
    helper = ("Numbers, x, y, + − * / ^ (or **), sin cos tan exp log sqrt tanh sinh cosh abs, pi, e: "
              "the grammar of gradfig check. Enter draws.")
    return (
        "<style>\n" + inline_css("playground.css") + "</style>\n"
        f'<form class="gradfig-playground" data-gradfig-playground="{data}">\n'
        '<div class="gradfig-playground__row">'
        '<label class="gradfig-playground__label" for="gradfig-pg-formula">f(x, y) =</label>'
        f'<input class="gradfig-playground__formula" id="gradfig-pg-formula" name="f" type="text" '
        f'value="{html.escape(example, quote=True)}" autocomplete="off" autocapitalize="off" '
        'spellcheck="false" aria-describedby="gradfig-pg-help"></div>\n'
        '<div class="gradfig-playground__row">'
        '<label class="gradfig-playground__label" for="gradfig-pg-domain">domain</label>'
        f'<input class="gradfig-playground__domain" id="gradfig-pg-domain" name="domain" type="text" '
        f'value="{_domain_text(EXAMPLE)}" autocomplete="off" spellcheck="false" '
        'aria-describedby="gradfig-pg-domain-help">'
        '<span class="gradfig-playground__hint" id="gradfig-pg-domain-help">xmin, xmax, ymin, ymax</span>'
        '</div>\n'
        # Right under the inputs, so a phone shows it beside what it is about.
        '<p class="gradfig-playground__alert" role="alert"></p>\n'
        '<div class="gradfig-playground__row gradfig-playground__buttons">'
        '<button type="submit" class="gradfig-playground__draw">Draw</button>'
        '<button type="button" class="gradfig-playground__copy">Copy link</button>'
        '<span class="gradfig-playground__copied" aria-live="polite"></span></div>\n'
        f'<p class="gradfig-playground__help" id="gradfig-pg-help">{html.escape(helper)}</p>\n'
        '</form>\n'
        '<noscript><style>.md-typeset .gradfig-playground{display:none}</style>'
        '<p class="gradfig-playground__nojs">Drawing a function of your own needs '
        'JavaScript. Below is the example this page opens with, '
        f'{html.escape(EXAMPLE.title)}, as the build computed it.</p></noscript>\n'
        '<p class="gradfig-playground__status" aria-live="polite">'
        f'Showing the example, {html.escape(EXAMPLE.title)}, f(x, y) = '
        f'<code>{html.escape(example)}</code> on {interval(*EXAMPLE.domain[0])} × '
        f'{interval(*EXAMPLE.domain[1])}.</p>\n'
        f'<div class="gradfig-field gradfig-playground__field" data-gradfig-field="{FIELD_NAME}" '
        'data-gradfig-source="page" markdown>\n'
        + page.plot_open(_label(example), markdown=True)
        + static_images(EXAMPLE.name, _alt(EXAMPLE)) + "\n</div>\n"
        + page.readout_html() + page.controls_html() + "</div>\n"
    )


def partials_snippet() -> str:
    """f and its partials as maths: the example's, typeset at build (the browser replaces them)."""
    rows = [f"$f(x, y) = {EXAMPLE.latex}$"]
    rows += [rf"$\dfrac{{\partial f}}{{\partial {v}}} = {tex}$"
             for v, tex in zip(EXAMPLE.variable_latex, EXAMPLE.partial_latex, strict=True)]
    body = "\n".join(f'<p class="gradfig-playground__maths" markdown="span">{r}</p>' for r in rows)
    return (f'<div class="gradfig-playground__partials" tabindex="0" role="region" '
            f'aria-label="f and its partial derivatives" markdown>\n{body}\n</div>\n')


def critical_snippet() -> str:
    """The example's critical points (the browser replaces them with the drawn formula's)."""
    return (f'<div class="gradfig-playground__critical" tabindex="0" role="region" '
            f'aria-label="Critical points">\n{critical_html(EXAMPLE)}</div>\n')


def check_snippet() -> str:
    """The example's gradient check at the sample points, plus a row for a pinned point."""
    return (f'<div class="gradfig-playground__check" tabindex="0" role="region" '
            f'aria-label="Gradient check">\n{check_html(EXAMPLE)}'
            '<p class="gradfig-playground__pinned">Pin a point on the field (click it, or focus the '
            'field and press Enter) to add it to the check.</p>\n</div>\n')


def check_rule_snippet() -> str:
    """How the page's check works, with the count of sample points and the tolerance the
    browser really uses (the ones :func:`settings` hands it)."""
    count = number_word(len(Landscape.SAMPLE_FRACTIONS))
    tol = round(np.log10(check.DEFAULT_ATOL))
    if not np.isclose(check.DEFAULT_ATOL, 10.0 ** tol) or check.DEFAULT_RTOL != 0:
        raise ValueError(f"the sentence states an absolute tolerance that is a power of ten, not "
                         f"atol={check.DEFAULT_ATOL}, rtol={check.DEFAULT_RTOL}")
    return (f"The gradient check of [part 6](make-it-run.md), run on your function: at {count} sample "
            "points of the rectangle, the exact gradient is compared with central differences\n"
            "$\\bigl(f(x + h e_j) - f(x - h e_j)\\bigr) / 2h$, with the step "
            "$h = \\varepsilon^{1/3}\\max(1, |x_j|)$\n"
            "that balances truncation against round-off. A row passes when the two gradients differ "
            f"by at\nmost $10^{{{tol}}}$ in norm, the chapter's rule. A row that does not is "
            "**FAIL** if the gradient looks wrong, and\n**unreliable** if the check's own error "
            "there (halving $h$ measures the truncation; round-off is about\n"
            "$\\varepsilon |f| / h$) is as large as the difference: a step not small against your "
            "function's scale,\nor entries so large that $10^{" + str(tol) + "}$ is below their "
            "round-off. Such a point says nothing either way; `gradfig check`\nuses the same rule "
            "and exits 3 there, 1 on a FAIL. Pin a point on the field to check it there too.\n")


# --- assets ---------------------------------------------------------------------------------
def vendor_files() -> dict[str, Path]:
    """Files copied as they are into ``generated/vendor/``: Temml and the licences."""
    files = {TEMML: NODE_MODULES / "temml" / "dist" / TEMML,
             "temml-LICENSE.txt": NODE_MODULES / "temml" / "LICENSE",
             "mathjs-LICENSE.txt": NODE_MODULES / "mathjs" / "LICENSE"}
    for source in files.values():
        if not source.is_file():
            raise MissingToolError(f"cannot copy node_modules/{source.relative_to(NODE_MODULES)}: it is "
                                   "not installed (run 'npm ci' or 'make install')")
    return files


def build_playground(out: Path, cache_dir: Path | None) -> int:
    """Write the example's static figure and the vendored files (the page's snippets are
    :mod:`chapter.pages.playground`'s)."""
    from gradfig import export
    from gradfig.figures.catalogue import field_spec
    from gradfig.render import plan, render

    changed = 0
    for dest, source in vendor_files().items():
        changed += export.write_bytes(out / "vendor" / dest, source.read_bytes())
    jobs = plan([field_spec(EXAMPLE)], presets=("page",), formats=("svg",))
    report = render(jobs, out / "figures", workers=1, cache_dir=cache_dir)
    return changed + len(report.written)

