"""The generated part of the gallery page (``docs/gallery.md``): every figure of the chapter
with its caption, its download links and (when the build ships them) the slide files' zip."""

from __future__ import annotations

from collections.abc import Callable

from chapter.figures import (
    FIGURES,
    LINK_PREFIX,
    SLIDE_PRESET,
    ZIP_NAME,
    downloads_table,
    figure_snippet,
    slide_pixels,
    slides_cached,
)
from gradfig.render import default_cache_dir
from gradfig.text import and_list

__all__ = ["SNIPPETS", "gallery_md"]


def gallery_md(prefix: str = LINK_PREFIX, slides: bool | None = None) -> str:
    """The gallery's body: every figure with caption and download links, and the zip.

    ``slides``: whether this build ships the slide files (:func:`chapter.figures.slides_cached`;
    ``None``: ask the default figure cache). Without them the page links none of them and says
    in one line how to get them.
    """
    if slides is None:
        slides = slides_cached(default_cache_dir())
    w, h = slide_pixels()
    if slides:
        lines = [f"[Download all slide-ready figures (zip: {SLIDE_PRESET} PNG {w}×{h} and "
                 f"PDF, light and dark)]({prefix}{ZIP_NAME}){{ .md-button }}\n"]
    else:
        lines = [f"*Slide files* ({SLIDE_PRESET} PNG {w}×{h} and PDF, the descent animations, their zip) "
                 "are not in this build: `make figures` draws them, and the next `make site` links "
                 "them here. For one figure: `.venv/bin/python scripts/figures.py --only panel "
                 f"--preset {SLIDE_PRESET} --theme both --format png,pdf` (the options of `gradfig render`; "
                 f"the names: {and_list(f'`{name}`' for name in FIGURES)}).\n"]
    for name, spec in FIGURES.items():
        lines.append(f"## {spec.title}\n")
        lines.append(figure_snippet(name, prefix))
        lines.append(downloads_table(name, prefix, slides))
    return "\n".join(lines)


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "gallery-figures.md": gallery_md,
}
