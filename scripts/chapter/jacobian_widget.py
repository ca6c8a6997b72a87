"""The live Jacobian on the Jacobian page: its payload and its snippet, ``jacobian-widget.md``.

The reader drags (or moves with the arrow keys) the point x₀ of a map R² → R² and sees, in the
input plane, a small grid x₀ + Δ around it and the unit vectors e₁, e₂; in the output plane the
grid's true image f(x₀ + Δ), its linear image f(x₀) + JΔ and J's columns J e₁, J e₂; and J's four
entries. The maps are the registry's (:data:`~gradfig.landscapes.POLAR_MAP`, the page's worked
example, and :data:`~gradfig.landscapes.SHEAR_MAP`); the browser evaluates f and J with the
``{f, jac}`` that SymPy prints from their one definition (:meth:`VectorMap.js_source`), so no
formula is typed twice.

Only this page carries the snippet: a ``<style>`` (``docs/assets/css/jacobian.css``), the widget's
HTML (hidden until its script runs, so a reader without JavaScript sees only the static figure
``figure-jacobian-map.md`` above it), and one inline ``<script>`` right after it holding the
payload and the widget's code (``docs/assets/js/jacobian.mjs``); style and code are minified by
esbuild (:mod:`chapter.bundle`). The code runs as the page is parsed, so the widget is drawn
before anything below it and its appearing moves nothing; it mounts each widget once.

Readout contract (tests inside and outside the project): the container carries
``data-gradfig-jacobian="<map name>"``; its ``.gradfig-jac__readout`` carries ``data-x1``,
``data-x2`` (the point) and ``data-j11``, ``data-j12``, ``data-j21``, ``data-j22`` (J's entries
there), each ``String(number)`` in full precision.

Nothing here writes: :mod:`chapter.build` writes the snippet through
:mod:`gradfig.export`, beside the interactive fields' snippets.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from chapter.bundle import inline_css, inline_text
from chapter.subjects import JACOBIAN_MAP, POLAR_POINT
from gradfig.functions import VectorMap
from gradfig.landscapes import SHEAR_MAP
from gradfig.text import MINUS, number

__all__ = ["WIDGET_MAPS", "WidgetMap", "payload", "widget_snippet"]

#: Lines of the Δ grid in each direction (Δ = −h, −h/2, 0, h/2, h).
GRID_LINES = 5
#: Half-width of the Δ grid: at the panels' scale, large enough to see where the true image
#: bends away from the linear one, small enough to stay a local picture.
GRID_HALF = 0.5


@dataclass(frozen=True)
class WidgetMap:
    """How the widget shows one map R² → R².

    Attributes
    ----------
    vmap
        The registry's map (formulas, f, J and the JavaScript evaluator come from it).
    domain
        ``((lo, hi), (lo, hi))``: where the reader may move x₀.
    start
        x₀ when the page opens (and after switching to this map).
    key_step
        Distance per arrow-key press along each input (Shift: ten times as far).
    angles
        Per input: measured in radians, so its ticks sit at multiples of π/2.
    """

    vmap: VectorMap
    domain: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    key_step: tuple[float, float]
    angles: tuple[bool, bool] = (False, False)
    half: tuple[float, float] = (GRID_HALF, GRID_HALF)

    def __post_init__(self) -> None:
        if (self.vmap.dim_in, self.vmap.dim_out) != (2, 2):
            raise ValueError(f"{self.vmap.name}: the widget draws maps R² → R² only")
        for (lo, hi), s in zip(self.domain, self.start, strict=True):
            if not lo <= s <= hi:
                raise ValueError(f"{self.vmap.name}: start {self.start} outside {self.domain}")


#: The maps the reader can pick, the page's worked example first.
WIDGET_MAPS: tuple[WidgetMap, ...] = (
    # r from 0: at r = 0 the second column vanishes (det J = r), and the reader can see it.
    WidgetMap(JACOBIAN_MAP, domain=((0.0, 2.5), (-math.pi, math.pi)), start=POLAR_POINT,
              key_step=(0.05, math.pi / 60), angles=(False, True)),
    # A narrower square than the polar map's: y²/2 widens the image, and the grid should stay big.
    WidgetMap(SHEAR_MAP, domain=((-1.25, 1.25), (-1.25, 1.25)), start=(0.5, 1.0), key_step=(0.05, 0.05)),
)


# --- views and ticks -------------------------------------------------------------------------
def _pad(lo: float, hi: float, fraction: float) -> list[float]:
    margin = fraction * (hi - lo)
    return [lo - margin, hi + margin]


def input_view(m: WidgetMap) -> list[list[float]]:
    """The input panel's range: the domain plus the grid around a point on its edge."""
    return [_pad(lo - h, hi + h, 0.03) for (lo, hi), h in zip(m.domain, m.half, strict=True)]


def output_view(m: WidgetMap, samples: int = 81) -> list[list[float]]:
    """A square range (equal scales on both axes) holding the image of the whole input panel.

    The output plane is a geometric plane, so a unit is the same length along x and y.
    """
    (a0, a1), (b0, b1) = input_view(m)
    grid = np.stack(np.meshgrid(np.linspace(a0, a1, samples), np.linspace(b0, b1, samples)), axis=-1)
    image = m.vmap(grid).reshape(-1, 2)
    lo, hi = image.min(axis=0), image.max(axis=0)
    centre, half = (lo + hi) / 2, 1.06 * float((hi - lo).max()) / 2
    return [[float(c - half), float(c + half)] for c in centre]


def _pi_label(multiple: Fraction) -> str:
    """``k/2 · π`` as a reader writes it: 0, π/2, −π, 3π/2."""
    if multiple == 0:
        return "0"
    sign = MINUS if multiple < 0 else ""
    num, den = abs(multiple.numerator), multiple.denominator
    return sign + ("" if num == 1 else str(num)) + "π" + ("" if den == 1 else f"/{den}")


def ticks(lo: float, hi: float, angle: bool = False) -> list[list]:
    """Tick positions and labels inside ``[lo, hi]``: ``[[value, label], ...]``."""
    if angle:
        first, last = math.ceil(2 * lo / math.pi), math.floor(2 * hi / math.pi)
        return [[k * math.pi / 2, _pi_label(Fraction(k, 2))] for k in range(first, last + 1)]
    from matplotlib.ticker import MaxNLocator

    values = MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
    return [[float(v), number(v, "g")] for v in values if lo <= v <= hi]


def _pretty(name: str) -> str:
    """A variable's name as the page prints it (``theta`` → ``θ``)."""
    import sympy as sp

    return sp.pretty(sp.Symbol(name), use_unicode=True)


# --- payload ---------------------------------------------------------------------------------
def _data(m: WidgetMap) -> dict:
    vmap = m.vmap
    in_view, out_view = input_view(m), output_view(m)
    in_ticks = [ticks(lo, hi, angle) for (lo, hi), angle in zip(in_view, m.angles, strict=True)]
    return {
        "name": vmap.name,
        "title": vmap.title,
        "vars": [_pretty(v) for v in vmap.variables],
        # f's components name the output axes: J's rows are theirs (J_ij = ∂f_i/∂x_j).
        "outs": ["f₁", "f₂"],
        "domain": [list(d) for d in m.domain],
        "start": list(m.start),
        "half": list(m.half),
        "lines": GRID_LINES,
        "keyStep": list(m.key_step),
        "inView": in_view,
        "outView": out_view,
        "inTicks": in_ticks,
        "outTicks": [ticks(lo, hi) for lo, hi in out_view],
    }


def payload() -> str:
    """JavaScript registering every widget map: data, and the ``{f, jac}`` SymPy printed."""
    entries = []
    for m in WIDGET_MAPS:
        data = json.dumps(_data(m), separators=(",", ":"), allow_nan=False, ensure_ascii=False)
        entries.append(f"{json.dumps(m.vmap.name)}: Object.assign({data}, "
                       f"{{evaluator: {m.vmap.js_source()}}})")
    return "window.gradfigJacobianMaps = {" + ", ".join(entries) + "};\n"


# --- snippet ---------------------------------------------------------------------------------
def _map_latex(vmap: VectorMap) -> str:
    args = ", ".join(vmap.variable_latex)
    return rf"f({args}) = \left({', '.join(vmap.latex)}\right)"


def _det_latex(vmap: VectorMap) -> str:
    import sympy as sp

    return sp.latex(sp.simplify(vmap.jacobian_exprs.det()))


def _about(m: WidgetMap, shown: bool) -> str:
    vmap = m.vmap
    return (f'<p class="gradfig-jac__about" data-map="{vmap.name}"{"" if shown else " hidden"} '
            f'markdown="span">**{html.escape(vmap.title)}**: ${_map_latex(vmap)}$, with '
            f'$\\det J = {_det_latex(vmap)}$, the factor by which f scales small areas near '
            f'x₀.</p>')


def _switch() -> str:
    radios = "\n".join(
        f'<label><input type="radio" name="gradfig-jac-map" value="{m.vmap.name}"'
        f'{" checked" if i == 0 else ""}> {html.escape(m.vmap.title)}</label>'
        for i, m in enumerate(WIDGET_MAPS))
    return f'<fieldset class="gradfig-jac__maps"><legend>Map</legend>\n{radios}\n</fieldset>\n'


def _swatch(cls: str) -> str:
    return (f'<svg class="gradfig-jac__swatch" viewBox="0 0 28 10" width="28" height="10" '
            f'aria-hidden="true"><line class="{cls}" x1="1" y1="5" x2="27" y2="5"/></svg>')


def _legend() -> str:
    items = [
        ("gradfig-jac__sw-grid", "grid x₀ + Δ"),
        ("gradfig-jac__sw-true", "true image f(x₀ + Δ)"),
        ("gradfig-jac__sw-linear", "linear image f(x₀) + JΔ"),
        ("gradfig-jac__sw-c1", "e₁ ↦ J e₁ (column 1)"),
        ("gradfig-jac__sw-c2", "e₂ ↦ J e₂ (column 2)"),
    ]
    return ('<ul class="gradfig-jac__legend">\n'
            + "\n".join(f"<li>{_swatch(cls)} {text}</li>" for cls, text in items) + "\n</ul>\n")


def _readout() -> str:
    # Empty until the script fills it; every box has its final size already (no layout shift).
    cell = '<span class="gradfig-jac__num" data-cell="{}"></span>'
    matrix = "".join(f'<span class="gradfig-jac__entry gradfig-jac__col{j}">{cell.format(f"j{i}{j}")}</span>'
                     for i in (1, 2) for j in (1, 2))
    return (
        '<div class="gradfig-jac__readout" data-x1="" data-x2="" data-j11="" data-j12="" '
        'data-j21="" data-j22="">\n'
        '<div class="gradfig-jac__values">'
        f'<div>x₀ = (<span data-cell="vars"></span>) = ({cell.format("x1")}, {cell.format("x2")})</div>'
        f'<div>f(x₀) = ({cell.format("f1")}, {cell.format("f2")})</div>'
        f'<div>det J = {cell.format("det")}</div>'
        '</div>'
        '<div class="gradfig-jac__matrix-line"><span class="gradfig-jac__j">J(x₀) =</span>'
        f'<span class="gradfig-jac__matrix" role="img" aria-label="">{matrix}</span></div>\n'
        '</div>\n'
    )


def widget_snippet() -> str:
    """The whole widget for ``docs/jacobian.md``: style, HTML and the inline script."""
    first = WIDGET_MAPS[0].vmap.name
    script = payload() + inline_text("jacobian.js")
    if "</" in script:  # would end the inline <script> early
        raise ValueError("the Jacobian widget's script must not contain '</'")
    panels = (
        '<div class="gradfig-jac__panels">\n'
        '<div class="gradfig-jac__panel"><div class="gradfig-jac__title">input: x₀ and the grid x₀ + Δ'
        '</div><div class="gradfig-jac__plot" data-panel="in"></div></div>\n'
        '<div class="gradfig-jac__panel"><div class="gradfig-jac__title">output: the grid\'s two images'
        '</div><div class="gradfig-jac__plot" data-panel="out"></div></div>\n'
        '</div>\n'
    )
    abouts = "\n".join(_about(m, i == 0) for i, m in enumerate(WIDGET_MAPS))
    caption = (
        '<figcaption markdown="span">**The Jacobian, live.** Drag the point x₀, or focus it and '
        'use the arrow keys (Shift moves further). Near f(x₀) the dashed linear image lies on the '
        'true one; further out the two part, more where f bends more. The arrows J e₁ and J e₂ '
        'are the columns of the matrix J(x₀).</figcaption>\n'
    )
    return (
        "<style>\n" + inline_css("jacobian.css") + "</style>\n"
        f'<figure class="gradfig-jac" data-gradfig-jacobian="{first}" markdown>\n'
        + _switch()
        + f'<div class="gradfig-jac__abouts" markdown>\n{abouts}\n</div>\n'
        + panels + _legend() + _readout()
        + '<p class="gradfig-jac__live" aria-live="polite"></p>\n'
        + caption + "</figure>\n"
        + "<script>\n" + script + "</script>\n"
    )
