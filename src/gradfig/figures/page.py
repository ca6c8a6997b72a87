"""The interactive field in a web page: the browser component, a field's payload and markup,
and a standalone page.

The component is an ES module and a stylesheet shipped inside the package,
``gradfig/figures/assets/fields.mjs`` and ``gradfig-fields.css`` (:data:`COMPONENT_JS`,
:data:`COMPONENT_CSS`), with the pure modules it imports beside it (``descent.mjs``, the
mirror of :func:`gradfig.descent.field_descent`; ``drawing.mjs``, the figure in the traces
plotly.js draws fast; ``format.mjs``; ``kink.mjs``; ``load.mjs``). The chapter's
site bundles them with esbuild; :func:`field_page` inlines them into a page of its own, which
needs no Node and no bundler: the component becomes an inline module script, and each module it
imports a ``data:`` URL in an import map (:func:`module_scripts`). Either way a field is

- a *payload*: the plotly figure of :func:`gradfig.figures.interactive.gradient_field`, its
  light and dark theme patches, and the exact evaluator ``{f, grad}`` that SymPy prints from
  the landscape's one formula (:meth:`gradfig.functions.ScalarFunction.js_source`);
- *markup*: a ``[data-gradfig-field]`` container holding the plot box, the readout and the
  controls.

Readout contract (what tests and readers rely on): the container's ``.gradfig-readout``
carries ``data-x``, ``data-y``, ``data-f``, ``data-dfdx`` and ``data-dfdy``, each
``String(number)`` of the last point hovered (tapped or dragged to, on a touch screen) or
moved to with the keyboard; f and ∇f there
come from the evaluator, not from the plotted grid.

Nothing here writes a file: :mod:`gradfig.render` (``gradfig render --format html``) writes
pages through :mod:`gradfig.export`.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import numpy as np

from gradfig.critical import summary as critical_summary
from gradfig.functions import Landscape
from gradfig.text import interval, vector

__all__ = [
    "COMPONENT_CSS",
    "COMPONENT_JS",
    "controls_html",
    "field_label",
    "field_page",
    "formula_mathml",
    "module_scripts",
    "payload_data",
    "payload_script",
    "plot_open",
    "readout_html",
]

ASSETS = Path(__file__).resolve().parent / "assets"
#: The field component's module and stylesheet (package data; the site bundles them).
COMPONENT_JS = ASSETS / "fields.mjs"
COMPONENT_CSS = ASSETS / "gradfig-fields.css"
#: Default gradient-descent step size, as log10(η) on the slider.
DESCENT_LOG_ETA = -1
#: Keyboard step: this fraction of the domain width per arrow key press (Shift: x10).
KEY_STEP = 1 / 100
#: Material's system font stack (the site sets ``theme.font: false``), for a page of its own.
FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif'


# --- the payload ----------------------------------------------------------------------------
def payload_data(landscape: Landscape, show_check_points: bool = False) -> dict:
    """Everything the component needs about one field except its evaluator, as JSON data.

    ``show_check_points`` also marks the landscape's labelled check points on the field.
    """
    from gradfig.figures.interactive import THEMES, gradient_field, theme_patch

    (x0, x1), (y0, y1) = landscape.domain
    xs, ys = np.linspace(x0, x1, 101), np.linspace(y0, y1, 101)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    gmax = float(np.hypot(*np.moveaxis(landscape.gradient(grid), -1, 0)).max())
    figure = json.loads(gradient_field(landscape, "light", show_check_points=show_check_points).to_json())
    return {
        "name": landscape.name,
        "title": landscape.title,
        "formula": landscape.formula,
        "domain": [list(landscape.domain[0]), list(landscape.domain[1])],
        # Largest ‖∇f‖ on the domain: the live arrow's length is scaled against it.
        "gmax": gmax,
        "keyStep": KEY_STEP * (x1 - x0),
        "start": [(x0 + x1) / 2 + (x1 - x0) / 8, (y0 + y1) / 2 + (y1 - y0) / 8],
        "figure": figure,
        "themes": {name: theme_patch(landscape, name, show_check_points) for name in THEMES},
    }


def payload_script(landscape: Landscape, show_check_points: bool = False) -> str:
    """JavaScript registering one field: ``window.gradfigFields[name] = {..., evaluator}``.

    The evaluator ``{f, grad}`` is printed by SymPy from the landscape's formula, so the
    browser computes exactly what the Python side does.
    """
    data = json.dumps(payload_data(landscape, show_check_points), separators=(",", ":"),
                      allow_nan=False)
    name = json.dumps(landscape.name)
    return (f"(window.gradfigFields = window.gradfigFields || {{}})[{name}] = Object.assign({data}, "
            f"{{evaluator: {landscape.js_source()}}});\n")


# --- the markup -----------------------------------------------------------------------------
def controls_html() -> str:
    """The direction and gradient-descent controls under a field."""
    # Disabled until the live field is ready, and not shown at all without JavaScript (the
    # <noscript> style), where they could never work; present from the start with it, so
    # enabling them shifts nothing. The readout's "point anywhere" goes with them.
    return (
        '<noscript><style>.gradfig-controls,.gradfig-field .gradfig-readout{display:none}</style>'
        '</noscript>\n'
        '<div class="gradfig-controls">\n'
        '<label class="gradfig-angle-label">direction u at '
        '<input class="gradfig-angle" type="range" min="0" max="359" step="1" value="0" disabled'
        ' aria-label="direction of the unit vector u, in degrees"> '
        '<span class="gradfig-angle-value">0°</span></label>\n'
        '<button type="button" class="gradfig-align" disabled>u along ∇f</button>\n'
        # Gradient descent from the query point (a preview of Ch.8): step size on a log scale.
        '<label class="gradfig-eta-label">step η '
        f'<input class="gradfig-eta" type="range" min="-3" max="0" step="0.1" value="{DESCENT_LOG_ETA}"'
        ' disabled aria-label="gradient descent step size, log10 of eta"> '
        f'<span class="gradfig-eta-value">{10 ** DESCENT_LOG_ETA:g}</span></label>\n'
        '<button type="button" class="gradfig-descend" disabled>descend from the point</button>\n'
        '</div>\n'
    )


def readout_html() -> str:
    """The readout: a live region whose ``data-*`` attributes are the readout contract."""
    return ('<div class="gradfig-readout" aria-live="polite" data-x="" data-y="" data-f="" '
            'data-dfdx="" data-dfdy="">'
            'Point anywhere on the field, or focus it and use the arrow keys, to read f and ∇f there.'
            '</div>\n')


def plot_open(label: str, markdown: bool = False) -> str:
    """The opening tag of the plot box (``markdown``: let Markdown fill it, for MkDocs pages)."""
    return (f'<div class="gradfig-field__plot" tabindex="0" role="application" '
            f'aria-roledescription="gradient field" aria-label="{html.escape(label)}"'
            f'{" markdown" if markdown else ""}>\n')


def field_label(landscape: Landscape) -> str:
    """The plot box's accessible name: what it shows and how to drive it."""
    return (f"Interactive gradient field of the {landscape.title.lower()}, f(x, y) = "
            f"{landscape.formula}. Arrow keys move the query point (Shift moves further), "
            f"Enter pins it.")


# --- the standalone page --------------------------------------------------------------------
# Material's colours for what the component's stylesheet takes from the site (--md-*); the page
# background is the plot's paper, so the figure sits in the page as it does on the site.
_PAGE_CSS = """\
:root { color-scheme: light; --md-default-fg-color: #000000de; --md-code-bg-color: #f5f5f5;
  --md-accent-fg-color: #ff6e42; --gradfig-page-bg: %(light)s; }
[data-md-color-scheme="slate"] { color-scheme: dark; --md-default-fg-color: hsla(225, 15%%, 90%%, 0.82);
  --md-code-bg-color: hsla(225, 15%%, 18%%, 1); --gradfig-page-bg: %(dark)s; }
html { font-size: 125%%; }
body { margin: 0; background: var(--gradfig-page-bg); color: var(--md-default-fg-color);
  font: 0.8rem/1.6 %(font)s; }
main { max-width: 800px; margin: 0 auto; padding: 1rem 0.8rem 2rem; }
h1 { margin: 0 0 0.4em; font-size: 1.25rem; font-weight: 500; line-height: 1.3; }
code { padding: 0 0.25em; border-radius: 0.1rem; background: var(--md-code-bg-color);
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em;
  overflow-wrap: anywhere; }
math { font-family: "STIX Two Math", "Latin Modern Math", "Cambria Math", math; font-size: 1.1em; }
.gradfig-page__formula math { margin: 0.2em 0; }
.gradfig-page__formula + p { margin-top: 0; font-size: 0.7rem; }
.gradfig-page__notes { margin-top: 1.5em; font-size: 0.7rem; }
.gradfig-page__notes dd math[display="block"] { display: block math; margin: 0.2em 0; text-align: left; }
.gradfig-page__notes dt { font-weight: 700; }
.gradfig-page__notes dd { margin: 0 0 0.5em 1.2em; }
"""


def _script(source: str, kind: str | None = None) -> str:
    # Inside <script>, "</script" would end the element early and "<!--" can change how it is
    # parsed; the escaped forms mean the same inside the JavaScript strings where they can occur.
    source = re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE).replace("<!--", "<\\!--")
    opening = f'<script type="{kind}">' if kind else "<script>"
    return opening + "\n" + source + "\n</script>\n"


#: ``import ... from "./name.mjs"`` (every import of the package's modules is of this form).
_IMPORT = re.compile(r'^\s*import\b[^;]*?\bfrom\s*"\./([\w-]+\.mjs)"\s*;', re.MULTILINE)
#: Any static import or re-export, of whatever form.
_ANY_IMPORT = re.compile(r"^\s*(import\b|export\b[^;]*\bfrom\b)", re.MULTILINE)
#: The package data this module reads (part of a page's cache key, :mod:`gradfig.render`): the
#: component, its stylesheet and the modules the component imports.
DATA_FILES: tuple[Path, ...] = (
    COMPONENT_JS, COMPONENT_CSS,
    *(ASSETS / name for name in _IMPORT.findall(COMPONENT_JS.read_text(encoding="utf-8"))))


def module_scripts(entry: Path, start: str) -> str:
    """``entry`` (a module of :data:`ASSETS`) as inline scripts that run from ``file://``.

    An import map sends each module ``entry`` imports (``./descent.mjs``) to a ``data:`` URL
    of its text, and ``entry`` itself, followed by ``start``, becomes an inline module script.
    Such a page needs no server and no bundler (module files next to a ``file://`` page are
    refused by browsers). A module loaded from a ``data:`` URL cannot resolve imports of its
    own, so the modules ``entry`` imports must be leaves: one that imports anything is refused
    here, naming it, rather than failing in a reader's browser.
    """
    source = entry.read_text(encoding="utf-8")
    names = list(dict.fromkeys(_IMPORT.findall(source)))
    if len(_ANY_IMPORT.findall(source)) != len(_IMPORT.findall(source)):
        raise ValueError(f"{entry.name} has an import that is not 'import ... from \"./name.mjs\";'")
    imports = {}
    for name in names:
        text = (ASSETS / name).read_text(encoding="utf-8")
        if _ANY_IMPORT.search(text):
            raise ValueError(f"{entry.name} imports {name}, which imports other modules: a module "
                             "inlined from a data: URL cannot resolve imports (keep it a leaf)")
        imports[f"./{name}"] = ("data:text/javascript;base64,"
                                + base64.b64encode(text.encode("utf-8")).decode("ascii"))
    importmap = json.dumps({"imports": imports}, indent=1)
    return (f'<script type="importmap">\n{importmap}\n</script>\n'
            + _script(source + "\n" + start, kind="module"))


#: Elements a fence grows to fit: parentheses around anything else keep the text's height.
_TALL = {"mfrac", "msqrt", "mroot", "munderover", "munder", "mover", "mtable"}


def _flat_products(expr):
    """The unevaluated expression with each product's factors in one product, as written
    (``-40*x*(y - x^2)`` is parsed as a product of products, which SymPy's MathML printer would
    wrap in parentheses, ``-(40x)(...)``; its LaTeX printer does not)."""
    import sympy as sp

    if not expr.args:
        return expr
    args = [_flat_products(a) for a in expr.args]
    if expr.func is sp.Mul:
        args = [f for a in args for f in (a.args if a.func is sp.Mul else (a,))]
        return sp.Mul(*args, evaluate=False)
    return expr.func(*args, evaluate=False)


def formula_mathml(expr, display: bool = True, lead: str = "") -> str:
    """``expr`` (SymPy) as MathML Core, in the order it was written: what the standalone page
    shows as maths, offline (SymPy's presentation printer; no TeX, no Node, no script).

    ``lead`` is MathML put before it (``<mi>f</mi><mo>=</mo>``). A minus is the minus sign;
    parentheses grow only around fractions and roots (MathML Core stretches every fence to
    its content's height, which makes ``(y − x²)`` as tall as its exponent)."""
    import xml.etree.ElementTree as ET

    from sympy.printing.mathml import mathml

    body = mathml(_flat_products(expr), printer="presentation", order="none")
    # SymPy writes HTML's named characters (&InvisibleTimes;, &ExponentialE;), which XML lacks;
    # e is the letter a page shows, not the double-struck ⅇ.
    body = re.sub(r"&(?!(?:lt|gt|amp|quot|apos);)(\w+);", lambda m: html.unescape(m.group(0)), body)
    root = ET.fromstring(f"<mrow>{lead}{body.replace(chr(0x2147), 'e')}</mrow>")
    parent = {child: node for node in root.iter() for child in node}
    for mo in root.iter("mo"):
        if mo.text == "-":
            mo.text = "\u2212"
        elif mo.text in ("(", ")") and not any(e.tag in _TALL for e in parent.get(mo, root).iter()):
            mo.set("stretchy", "false")
    shown = ' display="block"' if display else ""
    return f"<math{shown}>{ET.tostring(root, encoding='unicode')}</math>"


def _partial_lead(variable: str) -> str:
    """∂f/∂x = , as MathML."""
    return (f"<mfrac><mrow><mo>\u2202</mo><mi>f</mi></mrow><mrow><mo>\u2202</mo>"
            f"<mi>{html.escape(variable)}</mi></mrow></mfrac><mo>=</mo>")


def _f_lead(landscape: Landscape) -> str:
    """f(x, y) = , as MathML."""
    args = "<mo>,</mo>".join(f"<mi>{html.escape(v)}</mi>" for v in landscape.variables)
    return f"<mrow><mi>f</mi><mrow><mo>(</mo>{args}<mo>)</mo></mrow></mrow><mo>=</mo>"


# The embedded page fills its frame: the plot as large as the frame allows at its 5:4 shape,
# centred, the readout under it, the controls folded under that; nothing scrolls.
_EMBED_CSS = """\
html, body { height: 100%; }
body { overflow: hidden; }
main.gradfig-embed { box-sizing: border-box; height: 100%; max-width: none; padding: 0.4rem 0.6rem;
  display: flex; flex-direction: column; }
.gradfig-embed .gradfig-field { flex: 1 1 auto; min-height: 0; margin: 0; max-width: none;
  display: flex; flex-direction: column; }
.gradfig-embed__stage { flex: 1 1 0; min-height: 0; container-type: size; display: flex;
  justify-content: center; align-items: center; }
.gradfig-embed .gradfig-field__plot { flex: none; width: min(100cqw, 125cqh); height: auto; }
.gradfig-embed .gradfig-readout { min-height: 2.9em; margin-top: 0.3em; padding: 0.3em 0.6em; }
.gradfig-embed__more { font-size: 0.72rem; }
.gradfig-embed__more > summary { cursor: pointer; padding: 0.2em 0; }
.gradfig-embed__more .gradfig-controls { margin-top: 0; }
"""


def field_page(landscape: Landscape, theme: str = "light", *, embed: bool = False) -> str:
    """A standalone, offline HTML page with the interactive field of ``landscape``.

    Hovering anywhere (on a touch screen: a tap, or a drag from the query point) reads the
    exact f and ∇f there (the readout contract of the module); a click pins the point, the
    arrow keys move it, and the controls turn a direction u
    and run gradient descent from it. Everything the page needs is inside it: plotly.js
    (the copy the plotly Python package ships, about 4.8 MB), the field's payload and the
    component (:func:`module_scripts`), so it works from ``file://`` with no network.

    Parameters
    ----------
    landscape
        Any 2-D landscape, e.g. ``Landscape(name=..., title=..., formula=..., domain=...)``.
    theme
        ``"light"`` or ``"dark"``.
    embed
        A page for a frame (an ``<iframe>`` on a slide, ``gradfig render --format html
        --embed``): the plot fills whatever the frame leaves it at the field's 5:4 shape,
        the readout stays under it, the controls are folded under a "Controls" line, and
        nothing else (heading, notes) takes room; nothing is cut off or scrolls, whatever
        the frame's size.

    Returns
    -------
    str
        The page, UTF-8 HTML. f and its partial derivatives are shown as MathML
        (:func:`formula_mathml`).
    """
    import plotly.offline

    from gradfig import __version__
    from gradfig.figures.interactive import THEMES

    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r} (choose from {', '.join(THEMES)})")
    (x0, x1), (y0, y1) = landscape.domain
    esc = html.escape
    partials = "<dt>Partial derivatives</dt>" + "".join(
        f"<dd>{formula_mathml(p, lead=_partial_lead(v))}</dd>\n"
        for v, p in zip(landscape.variables, landscape.partials_shown, strict=True))
    critical = "; ".join(f"{c.kind} at {vector(c.point)}" for c in landscape.critical_points)
    search = landscape.critical_search
    if search.curves or search.flat_count or search.incomplete:  # what a list of points cannot say
        critical = critical_summary(search) + (f" Points: {critical}." if critical else "")
    css = _PAGE_CSS % {"light": THEMES["light"].paper, "dark": THEMES["dark"].paper, "font": FONT}
    scheme = "slate" if theme == "dark" else "default"
    title = f"{esc(landscape.title)}: gradient field of f(x, y) = {esc(landscape.formula)}"
    plot = plot_open(field_label(landscape)) + "</div>\n"
    field_open = (f'<div class="gradfig-field" data-gradfig-field="{esc(landscape.name)}" '
                  'data-gradfig-load="now">\n')
    if embed:
        body = (
            '<main class="gradfig-embed">\n' + field_open
            + f'<div class="gradfig-embed__stage">\n{plot}</div>\n' + readout_html()
            + '<details class="gradfig-embed__more"><summary>Controls</summary>\n'
            + controls_html() + "</details>\n</div>\n"
            '<noscript><p>This page draws the field with JavaScript: please turn it on.</p></noscript>\n'
            "</main>\n")
    else:
        body = (
            f"<main>\n<h1>{esc(landscape.title)}: gradient field</h1>\n"
            f'<div class="gradfig-page__formula">{formula_mathml(landscape.written, lead=_f_lead(landscape))}'
            f"</div>\n<p>typed as <code>{esc(landscape.formula)}</code>, on "
            f"{interval(x0, x1)} × {interval(y0, y1)}</p>\n"
            + field_open + plot + readout_html() + controls_html() + "</div>\n"
            '<noscript><p>This page draws the field with JavaScript: please turn it on.</p></noscript>\n'
            '<dl class="gradfig-page__notes">\n'
            "<dt>How to read it</dt><dd>Colour shows f, thin lines are level curves and arrows point "
            "along ∇f. Point anywhere for the exact f and ∇f there; click (or Enter) pins the point; "
            "arrow keys move it.</dd>\n"
            f"{partials}"
            + (f"<dt>Critical points</dt><dd>{esc(critical)}</dd>\n" if critical else "")
            + "<dt>Made with</dt><dd>gradfig "
            f"{esc(__version__)}: f and ∇f in this page are JavaScript printed by SymPy from the formula, "
            "and the maths is MathML printed by SymPy; "
            f"plotly.js {esc(plotly.offline.get_plotlyjs_version())} (MIT licence) is included, so the "
            "page works offline.</dd>\n</dl>\n</main>\n")
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f"<style>\n{css}{_EMBED_CSS if embed else ''}</style>\n"
        f"<style>\n{COMPONENT_CSS.read_text(encoding='utf-8')}</style>\n"
        f'</head>\n<body data-md-color-scheme="{scheme}">\n'
        + body
        + _script(plotly.offline.get_plotlyjs())
        + _script(payload_script(landscape))
        + module_scripts(COMPONENT_JS, "startFields();")
        + "</body>\n</html>\n"
    )
