"""The interactive gradient fields: per-landscape payloads and the page snippets.

For each landscape the build writes

- ``fields/<name>.js``: one small script (the *payload*, :func:`gradfig.figures.page.payload_script`)
  registering the plotly figure JSON, the light/dark theme patches and the exact evaluator
  ``{f, grad}`` printed by SymPy from the landscape's one definition. The browser loads it,
  with plotly.js, only when the field nears the viewport or is touched.

and the fields page (:mod:`chapter.pages.fields`) includes

- :func:`switcher_snippet`: one field with a landscape switcher over every landscape. It
  reserves the 5:4 box and holds each landscape's static ``field-<name>`` figure (light and
  dark), which is what a reader without JavaScript sees and what stands in until the live
  plot is drawn, at the same size; without JavaScript the switcher still swaps the static
  figures (one generic CSS rule). :func:`field_snippet` places one landscape's field alone.

The browser component (script and stylesheet) and the field's markup are the library's
(:mod:`gradfig.figures.page`), so the site and a standalone page run the very same code; the
site's bundle (:mod:`chapter.bundle`) carries the component.

Files are written only through :mod:`gradfig.export` (:func:`build_fields`).
"""

from __future__ import annotations

import html
from pathlib import Path

from chapter.paths import NODE_MODULES, ROOT
from chapter.subjects import CHECK_POINTS_SHOWN
from gradfig.export import OutputError
from gradfig.figures import page
from gradfig.figures.page import controls_html as _controls
from gradfig.figures.page import field_label as _label
from gradfig.figures.page import readout_html as _readout
from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES

__all__ = [
    "PLOTLY_BUNDLE",
    "MissingAssetError",
    "build_fields",
    "field_payload",
    "field_snippet",
    "payload_key",
    "static_images",
    "switcher_snippet",
    "vendor_files",
]

#: The smallest official plotly.js bundle with heatmap, contour and scatter (see
#: :mod:`gradfig.figures.interactive` for why no quiver trace is used).
PLOTLY_PACKAGE = NODE_MODULES / "plotly.js-cartesian-dist-min"
PLOTLY_BUNDLE = "plotly-cartesian.min.js"
#: The gl3d bundle (surface, scatter3d): the same plotly.js version, for the live surface.
PLOTLY_GL3D_PACKAGE = NODE_MODULES / "plotly.js-gl3d-dist-min"
PLOTLY_GL3D_BUNDLE = "plotly-gl3d.min.js"
#: Where the static stand-in figures live, relative to a chapter page at docs/ top level.
FIGURES = "generated/figures"


class MissingAssetError(OutputError):
    """A pinned browser asset is not installed (run ``npm ci``)."""


def payload_key(landscape: Landscape) -> str:
    """Content hash of everything a payload is made from: the definition, the code (this
    module and everything it imports, :func:`gradfig.sources.source_key`), the plotly and
    SymPy versions (SymPy prints the payload's JavaScript evaluator of f and ∇f).

    A rebuild compares it with the key stored in the payload's first line and skips the
    (comparatively slow) figure building when nothing changed.
    """
    import plotly
    import sympy

    from gradfig import sources

    return sources.source_key([__name__], data_files=page.DATA_FILES,
                              extra=[repr(landscape), str(landscape.name in CHECK_POINTS_SHOWN),
                                     plotly.__version__, sympy.__version__])[:20]


#: How a payload's first line starts; its content key follows (:func:`gradfig.export.header_key`).
PAYLOAD_PREFIX = "/* gradfig field payload "


def payload_header(key: str) -> str:
    return f"{PAYLOAD_PREFIX}{key}: generated from gradfig.landscapes, do not edit */\n"


def field_payload(landscape: Landscape, key: str | None = None) -> str:
    """The script registering one landscape's field: figure JSON, themes, exact evaluator."""
    return (payload_header(key or payload_key(landscape))
            + page.payload_script(landscape, show_check_points=landscape.name in CHECK_POINTS_SHOWN))


def _alt(name: str) -> str:
    """Alt text of the static stand-in: the figures' own, derived from what they show."""
    from chapter.figures import alt_text

    return alt_text(f"field-{name}")


def static_images(name: str, alt: str) -> str:
    """Markdown for a field's static figure, one image per theme (shown without JavaScript)."""
    # Backslash-escaped brackets stay literal in the alt text (intervals such as [−π, π]).
    alt = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    size = '{ .gradfig-static width="800" height="640" loading="lazy" decoding="async" }'
    return "\n".join(
        f"![{alt}]({FIGURES}/field-{name}-{theme}.svg#only-{theme}){size}" for theme in ("light", "dark"))


def _plot_open(label: str) -> str:
    return page.plot_open(label, markdown=True)


def field_snippet(name: str) -> str:
    """The HTML block placing one landscape's interactive field on a page."""
    landscape = LANDSCAPES[name]
    return (
        f'<div class="gradfig-field" data-gradfig-field="{name}" markdown>\n'
        + _plot_open(_label(landscape))
        + static_images(name, _alt(name)) + "\n</div>\n"
        + _readout() + _controls() + "</div>\n"
    )


def switcher_snippet(names: list[str] | None = None) -> str:
    """One field with a radio-group switcher over the landscapes (default: every one).

    Each radio is followed by that landscape's static figures, so one generic CSS rule
    (``.gradfig-choice:has(input:checked) + .gradfig-static-set``) shows the chosen landscape without
    JavaScript, whatever the registry holds; the live plot box comes last and lies over the
    figure shown (see gradfig-fields.css).
    """
    names = names or list(LANDSCAPES)
    first = names[0]
    choices = "\n".join(
        # Block-level wrappers keep Markdown from putting the radios in paragraphs.
        f'<div class="gradfig-choice"><label><input type="radio" name="gradfig-landscape" value="{n}"'
        f'{" checked" if n == first else ""}> {html.escape(LANDSCAPES[n].title)}</label></div>\n'
        f'<div class="gradfig-static-set" data-name="{n}" markdown>\n{static_images(n, _alt(n))}\n</div>'
        for n in names)
    return (
        f'<div class="gradfig-field gradfig-switcher" data-gradfig-field="{first}" '
        f'data-gradfig-names="{" ".join(names)}" markdown>\n'
        '<fieldset class="gradfig-switch" markdown><legend>Landscape</legend>\n'
        '<div class="gradfig-switch__title" aria-hidden="true">Landscape</div>\n'
        f"{choices}\n"
        + _plot_open("Interactive gradient field with a landscape switcher. Arrow keys move the "
                     "query point (Shift moves further), Enter pins it.")
        + "</div>\n</fieldset>\n"
        + _readout() + _controls() + "</div>\n"
    )


def vendor_files() -> dict[str, Path]:
    """Browser files copied into the site: name under ``generated/vendor/`` -> source."""
    files = {PLOTLY_BUNDLE: PLOTLY_PACKAGE / PLOTLY_BUNDLE,
             "plotly-LICENSE.txt": PLOTLY_PACKAGE / "LICENSE",
             # The partials page's live surface (loaded only when the reader comes near it).
             PLOTLY_GL3D_BUNDLE: PLOTLY_GL3D_PACKAGE / PLOTLY_GL3D_BUNDLE}
    for source in files.values():
        if not source.is_file():
            shown = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source
            raise MissingAssetError(f"cannot copy {shown}: it is not installed "
                                    "(run 'npm ci' or 'make install')")
    return files


def build_fields(out: Path) -> int:
    """Write payloads, snippets and vendored plotly.js under ``out``; returns files changed.

    A payload whose content key (:func:`payload_key`) matches the file on disk is not rebuilt,
    so a no-change rebuild costs a hash and a few file reads.
    """
    from gradfig import export

    changed = 0
    for name, landscape in LANDSCAPES.items():
        target = out / "fields" / f"{name}.js"
        key = payload_key(landscape)
        if export.header_key(target, PAYLOAD_PREFIX) != key:
            changed += export.write_text(target, field_payload(landscape, key))
    for dest, source in vendor_files().items():
        changed += export.write_bytes(out / "vendor" / dest, source.read_bytes())
    return changed
