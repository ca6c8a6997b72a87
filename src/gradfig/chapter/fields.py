"""The interactive gradient fields: per-landscape payloads and the page snippets.

For each landscape the build writes

- ``fields/<name>.js``: one small script (the *payload*) registering the plotly figure JSON,
  the light/dark theme patches and the exact evaluator ``{f, grad}`` printed by SymPy from the
  landscape's one definition (:meth:`~gradfig.functions.ScalarFunction.js_source`). The
  browser loads it, with plotly.js, only when the field nears the viewport or is touched.
- ``interactive-<name>.md``: the HTML block a page includes. It reserves the 5:4 box and holds
  the static ``field-<name>`` figure (light and dark), which is what a reader without
  JavaScript sees and what stands in until the live plot is drawn, at the same size.
- ``interactive-switcher.md``: one field with a landscape switcher over every landscape.
  Without JavaScript the switcher still swaps the static figures (one generic CSS rule).

Nothing here writes; ``scripts/build_site.py`` writes through :mod:`gradfig.export`.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

import numpy as np

from gradfig.export import OutputError
from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES

__all__ = [
    "PLOTLY_BUNDLE",
    "MissingAssetError",
    "build_fields",
    "field_payload",
    "field_snippet",
    "payload_key",
    "switcher_snippet",
    "vendor_files",
]

ROOT = Path(__file__).resolve().parents[3]
#: The smallest official plotly.js bundle with heatmap, contour and scatter (see
#: :mod:`gradfig.figures.interactive` for why no quiver trace is used).
PLOTLY_PACKAGE = ROOT / "node_modules" / "plotly.js-cartesian-dist-min"
PLOTLY_BUNDLE = "plotly-cartesian.min.js"
#: Where the static stand-in figures live, relative to a chapter page at docs/ top level.
FIGURES = "generated/figures"
#: Default gradient-descent step size, as log10(η) on the slider.
DESCENT_LOG_ETA = -1
#: Keyboard step: this fraction of the domain width per arrow key press (Shift: x10).
KEY_STEP = 1 / 100


class MissingAssetError(OutputError):
    """A pinned browser asset is not installed (run ``npm ci``)."""


#: The chapter's gradient-check table is about Rosenbrock, so its check points are marked there.
CHECK_POINTS_SHOWN = frozenset({"rosenbrock"})


def _payload_data(landscape: Landscape) -> dict:
    from gradfig.figures.interactive import THEMES, gradient_field, theme_patch

    marked = landscape.name in CHECK_POINTS_SHOWN

    (x0, x1), (y0, y1) = landscape.domain
    xs, ys = np.linspace(x0, x1, 101), np.linspace(y0, y1, 101)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    gmax = float(np.hypot(*np.moveaxis(landscape.gradient(grid), -1, 0)).max())
    figure = json.loads(gradient_field(landscape, "light", show_check_points=marked).to_json())
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
        "themes": {name: theme_patch(landscape, name, marked) for name in THEMES},
    }


def payload_key(landscape: Landscape) -> str:
    """Content hash of everything a payload is made from (definition, code, plotly version).

    A rebuild compares it with the key stored in the payload's first line and skips the
    (comparatively slow) figure building when nothing changed.
    """
    import plotly

    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for part in (repr(landscape), str(landscape.name in CHECK_POINTS_SHOWN), plotly.__version__):
        h.update(part.encode() + b"\0")
    for source in (package / "chapter" / "fields.py", package / "figures" / "interactive.py",
                   package / "figures" / "static.py", package / "functions.py",
                   package / "critical.py"):
        h.update(source.read_bytes())
    return h.hexdigest()[:20]


def payload_header(key: str) -> str:
    return f"/* gradfig field payload {key}: generated from gradfig.landscapes, do not edit */\n"


def field_payload(landscape: Landscape, key: str | None = None) -> str:
    """The script registering one landscape's field: figure JSON, themes, exact evaluator."""
    key = key or payload_key(landscape)
    data = json.dumps(_payload_data(landscape), separators=(",", ":"), allow_nan=False)
    name = json.dumps(landscape.name)
    return (payload_header(key)
            + f"(window.gradfigFields = window.gradfigFields || {{}})[{name}] = Object.assign({data}, "
            + f"{{evaluator: {landscape.js_source()}}});\n")


def _alt(name: str) -> str:
    """Alt text of the static stand-in: the figures' own, derived from what they show."""
    from gradfig.figures.static import alt_text

    return alt_text(f"field-{name}")


def _static_images(name: str) -> str:
    # Backslash-escaped brackets stay literal in the alt text (intervals such as [−π, π]).
    alt = _alt(name).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    size = '{ .gradfig-static width="800" height="640" loading="lazy" decoding="async" }'
    return "\n".join(
        f"![{alt}]({FIGURES}/field-{name}-{theme}.svg#only-{theme}){size}" for theme in ("light", "dark"))


def _controls() -> str:
    # Disabled until the live field is ready, so a reader without JavaScript is not offered
    # controls that do nothing; present from the start so enabling them shifts nothing.
    return (
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


def _readout() -> str:
    return ('<div class="gradfig-readout" aria-live="polite" data-x="" data-y="" data-f="" '
            'data-dfdx="" data-dfdy="">'
            'Point anywhere on the field, or focus it and use the arrow keys, to read f and ∇f there.'
            '</div>\n')


def _plot_open(label: str) -> str:
    return (f'<div class="gradfig-field__plot" tabindex="0" role="application" '
            f'aria-roledescription="gradient field" aria-label="{html.escape(label)}" markdown>\n')


def _label(landscape: Landscape) -> str:
    return (f"Interactive gradient field of the {landscape.title.lower()}, f(x, y) = "
            f"{landscape.formula}. Arrow keys move the query point (Shift moves further), "
            f"Enter pins it.")


def field_snippet(name: str) -> str:
    """The HTML block placing one landscape's interactive field on a page."""
    landscape = LANDSCAPES[name]
    return (
        f'<div class="gradfig-field" data-gradfig-field="{name}" markdown>\n'
        + _plot_open(_label(landscape))
        + _static_images(name) + "\n</div>\n"
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
        f'<div class="gradfig-static-set" data-name="{n}" markdown>\n{_static_images(n)}\n</div>'
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
             "plotly-LICENSE.txt": PLOTLY_PACKAGE / "LICENSE"}
    for source in files.values():
        if not source.is_file():
            shown = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source
            raise MissingAssetError(f"cannot copy {shown}: it is not installed "
                                    "(run 'npm ci' or 'make install')")
    return files


def _cached_key(path: Path) -> str | None:
    """The content key stored in an existing payload's first line, if any."""
    try:
        with path.open("rb") as fh:
            first = fh.readline().decode("utf-8", "replace")
    except OSError:
        return None
    parts = first.split()
    return parts[4].rstrip(":") if first.startswith("/* gradfig field payload ") and len(parts) > 4 else None


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
        if _cached_key(target) != key:
            changed += export.write_text(target, field_payload(landscape, key))
        changed += export.write_text(out / f"interactive-{name}.md", field_snippet(name))
    changed += export.write_text(out / "interactive-switcher.md", switcher_snippet())
    for dest, source in vendor_files().items():
        changed += export.write_bytes(out / "vendor" / dest, source.read_bytes())
    return changed
