"""The generated parts of the partial-derivatives page (``docs/partials.md``).

The worked example f(x, y, z) = x² + 3xy + z⁴: its partials and its gradient at the worked
point, checked against central differences.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from chapter.claims import claim
from gradfig import numdiff
from gradfig.check import DEFAULT_ATOL
from gradfig.landscapes import WORKED_EXAMPLE
from gradfig.text import MINUS, number, vector

__all__ = ["SNIPPETS", "worked_example_md"]


def _partial_symbol(var_latex: str) -> str:
    return rf"\frac{{\partial f}}{{\partial {var_latex}}}"


def worked_example_md() -> str:
    """f(x, y, z) = x² + 3xy + z⁴: the formula, its partials, and ∇f at the worked point."""
    fn = WORKED_EXAMPLE
    point = np.array(fn.check_points[0].point)
    grad = fn.gradient(point)
    numeric = numdiff.gradient(fn, point)
    error = float(np.linalg.norm(grad - numeric))
    claim(error <= DEFAULT_ATOL, f"worked example: analytical {grad} vs numerical {numeric}")
    names = ", ".join(fn.variable_latex)
    rows = [rf"f({names}) &= {fn.latex}"]
    for var, part in zip(fn.variable_latex, fn.partial_latex, strict=True):
        rows.append(rf"{_partial_symbol(var)} &= {part}")
    at = ", ".join(number(c) for c in point)
    partial_values = ", ".join(
        f"$\\partial f / \\partial {v} = {number(g)}$" for v, g in zip(fn.variable_latex, grad, strict=True))
    steepest = int(np.argmax(np.abs(grad)))
    command_at = ",".join(number(c).replace(MINUS, "-") for c in point)
    return (
        "$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$\n\n"
        f"At the point $({at})$ the partials are {partial_values}, "
        f"so $\\nabla f({at}) = {vector(grad)}$. "
        f"A central difference in each coordinate gives {vector(numeric)}, "
        f"an error norm of {number(error, '.1e')}. "
        f"The largest partial in size is the one for ${fn.variable_latex[steepest]}$: "
        f"at this point $f$ is most sensitive to ${fn.variable_latex[steepest]}$.\n\n"
        "The same check from the command line:\n\n"
        f"```console\n$ gradfig check \"{fn.formula.replace('^', '**')}\" --at {command_at}\n```\n"
    )


def surface_md() -> str:
    """The surface at a point: the static figure (no JavaScript, print), the live 3-D view over
    it (docs/assets/js/surface-view.mjs), its readout, sliders and landscape switch."""
    import html

    from chapter import subjects
    from chapter.bundle import inline_css
    from chapter.figures import LINK_PREFIX, alt_text, caption
    from gradfig.figures import surface
    from gradfig.landscapes import LANDSCAPES
    from gradfig.render import file_name

    ls, p = subjects.SURFACE_LANDSCAPE, subjects.SURFACE_POINT
    scene = surface.surface_scene(ls, p)
    exact = ls.gradient(np.array(p))
    claim(np.allclose([scene.dfdx, scene.dfdy], exact, rtol=0, atol=1e-12), "the surface's slopes are not ∇f")
    for line, slope in ((scene.tangent_x, scene.dfdx), (scene.tangent_y, scene.dfdy)):
        (xa, ya, za), (xb, yb, zb) = line
        claim(abs((zb - za) / float(np.hypot(xb - xa, yb - ya)) - slope) <= 1e-9 * max(1, abs(slope)),
              f"a tangent line of the surface does not have the slope {slope}")
    # Markdown images (MkDocs makes their links relative to the page), as the fields' stand-ins.
    alt = alt_text("surface").replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    images = "\n".join(
        f"![{alt}]({LINK_PREFIX}{file_name('surface', theme, 'page', 'svg')}#only-{theme})"
        '{ width="800" height="640" loading="lazy" decoding="async" }' for theme in ("light", "dark"))
    radios = "".join(
        f'<label><input type="radio" name="gradfig-surface-landscape" value="{n}"'
        f'{" checked" if n == ls.name else ""}> {html.escape(other.title)}</label>'
        for n, other in LANDSCAPES.items())
    slider = ("<label>{v}₀ = <input type=\"range\" class=\"gradfig-surface__{v}\" disabled "
              "aria-label=\"{v}-coordinate of the point p\"> "
              "<span class=\"gradfig-surface__{v}-value\"></span></label>")
    return (
        "<style>\n" + inline_css("surface.css") + "</style>\n"
        f'<div class="gradfig-surface" data-gradfig-surface="{ls.name}" '
        f'data-x="{p[0]!r}" data-y="{p[1]!r}" markdown>\n'
        f'<fieldset class="gradfig-surface__switch" data-gradfig-live-only hidden><legend>Landscape</legend>'
        f"{radios}</fieldset>\n"
        '<figure class="gradfig-figure" id="figure-surface" markdown>\n'
        f'<div class="gradfig-surface__stage" markdown>\n{images}\n'
        '<div class="gradfig-surface__plot" tabindex="0" role="group" aria-label="Live 3-D surface with '
        'slices and tangent plane. Drag to rotate; arrow keys move the point p (Shift moves further); '
        'on the map of the domain in the corner, drag p itself.">'
        '<div class="gradfig-surface__inset" data-gradfig-live-only hidden '
        'title="The domain from above: drag to move p"></div></div>'
        f"</div>\n<figcaption>{_caption_html(caption('surface'))}</figcaption></figure>\n"
        '<div class="gradfig-readout" aria-live="polite" data-x="" data-y="" data-f="" data-dfdx="" '
        'data-dfdy=""></div>\n'
        '<div class="gradfig-surface__controls" data-gradfig-live-only hidden>'
        + slider.format(v="x") + slider.format(v="y") + "</div>\n</div>\n"
    )


def _caption_html(markdown: str) -> str:
    """The figure caption as HTML (it uses only **bold** and plain text)."""
    import html
    import re
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(markdown, quote=False))


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "partials-worked-example.md": worked_example_md,
    "partials-surface.md": surface_md,
}
