"""The site's static figures: page images, their snippets, the gallery and its zip.

:func:`build_site_figures` renders what the pages and the gallery link to, and nothing
more: every figure in both themes at the page preset (SVG for the page, a 2x PNG) and at
the 16:9 slide preset (PNG and PDF, also packed into one zip). Snippet text comes from
:func:`figure_snippet` and :func:`gallery_markdown`; files are written by
:mod:`gradfig.export` (through :func:`gradfig.render.render` for the images).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from gradfig import export
from gradfig.figures.static import FIGURES, alt_text, caption
from gradfig.figures.style import PRESETS, THEMES
from gradfig.render import Job, file_name, plan, render

__all__ = [
    "FIGURES_DIR",
    "SLIDE_PRESET",
    "ZIP_NAME",
    "build_site_figures",
    "figure_snippet",
    "gallery_markdown",
    "site_jobs",
]

#: Where the images go, relative to ``docs/generated/``; pages at the top of ``docs/`` link
#: to them as ``generated/figures/...``.
FIGURES_DIR = "figures"
LINK_PREFIX = f"generated/{FIGURES_DIR}/"
SLIDE_PRESET = "16:9"
SLIDE_FORMATS = ("png", "pdf")
PAGE_FORMATS = ("svg", "png")
ZIP_NAME = "gradfig-figures.zip"


def site_jobs(slides: bool = True) -> list[Job]:
    """Page images for every figure and theme, plus (unless ``slides`` is False) the 16:9
    slide PNG and PDF."""
    jobs = plan(presets=("page",), formats=PAGE_FORMATS)
    return jobs + plan(presets=(SLIDE_PRESET,), formats=SLIDE_FORMATS) if slides else jobs


def _escape_alt(text: str) -> str:
    """Alt text inside ``![...]``: brackets and emphasis characters must stay literal."""
    for ch in "\\[]*_`":
        text = text.replace(ch, "\\" + ch)
    return text


def figure_snippet(name: str, prefix: str = LINK_PREFIX) -> str:
    """Markdown showing figure ``name`` (light and dark image) with its caption.

    Width and height attributes give the browser the aspect ratio before the SVG arrives,
    so nothing below it jumps when it loads.
    """
    width, height = (round(v * 100) for v in FIGURES[name].page_size)
    alt = _escape_alt(alt_text(name))
    size = f'{{ width="{width}" height="{height}" loading="lazy" }}'
    return (
        f'<figure class="gradfig-figure" id="figure-{name}" markdown="span">\n'
        f"  ![{alt}]({prefix}{file_name(name, 'light', 'page', 'svg')}#only-light){size}\n"
        f"  ![{alt}]({prefix}{file_name(name, 'dark', 'page', 'svg')}#only-dark){size}\n"
        f'  <figcaption markdown="span">{caption(name)}</figcaption>\n'
        "</figure>\n"
    )


def _downloads(name: str, prefix: str) -> str:
    """A small table: one row per theme, one link per format."""
    slide = PRESETS[SLIDE_PRESET]
    w, h = (round(v * slide.dpi) for v in slide.size or (0, 0))
    rows = ["| theme | page (SVG) | page (PNG, 2x) | slide PNG " + f"{w}×{h} | slide PDF {SLIDE_PRESET} |",
            "|---|---|---|---|---|"]
    for theme in THEMES:
        links = [f"[{label} ({theme})]({prefix}{file_name(name, theme, preset, fmt)})"
                 for label, preset, fmt in (("SVG", "page", "svg"), ("PNG", "page", "png"),
                                            ("PNG", SLIDE_PRESET, "png"), ("PDF", SLIDE_PRESET, "pdf"))]
        rows.append(f"| {theme} | " + " | ".join(links) + " |")
    return "\n".join(rows) + "\n"


def gallery_markdown(prefix: str = LINK_PREFIX) -> str:
    """The gallery's body: every figure with caption and download links, and the zip."""
    slide = PRESETS[SLIDE_PRESET]
    w, h = (round(v * slide.dpi) for v in slide.size or (0, 0))
    lines = [
        f"[Download all slide-ready figures (zip: {SLIDE_PRESET} PNG {w}×{h} and "
        f"PDF, light and dark)]({prefix}{ZIP_NAME}){{ .md-button }}\n",
    ]
    for name, spec in FIGURES.items():
        lines.append(f"## {spec.title}\n")
        lines.append(figure_snippet(name, prefix))
        lines.append(_downloads(name, prefix))
    return "\n".join(lines)


def build_site_figures(generated: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None,
                       *, workers: int | None = None,
                       progress: Callable[[int, int], None] | None = None, slides: bool = True,
                       meanwhile: Callable[[], object] | None = None) -> int:
    """Render the site's figures into ``generated/figures`` and write their snippets.

    Returns how many files changed. With a warm cache nothing is drawn. ``progress`` is
    called with (figure jobs done, total) as each job finishes. ``slides=False`` (the live
    preview) leaves the 16:9 files and their zip as the last full build made them.
    ``meanwhile`` is other work done while the figures draw (see :func:`gradfig.render.render`).
    """
    out = Path(generated)
    # The snippets below are written into ``generated`` itself; a killed build may have left
    # their temporaries there (the figures' own folder is cleaned by render()).
    export.clean_stale_temps(out)
    jobs = site_jobs(slides)
    done = 0

    def count(_line: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(jobs))

    report = render(jobs, out / FIGURES_DIR, workers=workers, cache_dir=cache_dir, progress=count,
                    meanwhile=meanwhile)
    changed = len(report.written)
    if slides:
        files = {path.name: data for path, data in report.outputs.items()
                 if f"-{PRESETS[SLIDE_PRESET].tag}." in path.name}
        changed += export.write_bytes(out / FIGURES_DIR / ZIP_NAME, export.zip_bytes(files))
    for name in FIGURES:
        changed += export.write_text(out / f"figure-{name}.md", figure_snippet(name))
    changed += export.write_text(out / "gallery-figures.md", gallery_markdown())
    return changed
