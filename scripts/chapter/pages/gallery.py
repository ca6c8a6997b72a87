"""The generated part of the gallery page (``docs/gallery.md``): every figure of the chapter
with its caption, its download links and the slides' zip."""

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
)

__all__ = ["SNIPPETS", "gallery_md"]


def gallery_md(prefix: str = LINK_PREFIX) -> str:
    """The gallery's body: every figure with caption and download links, and the zip."""
    w, h = slide_pixels()
    lines = [
        f"[Download all slide-ready figures (zip: {SLIDE_PRESET} PNG {w}×{h} and "
        f"PDF, light and dark)]({prefix}{ZIP_NAME}){{ .md-button }}\n",
    ]
    for name, spec in FIGURES.items():
        lines.append(f"## {spec.title}\n")
        lines.append(figure_snippet(name, prefix))
        lines.append(downloads_table(name, prefix))
    return "\n".join(lines)


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "gallery-figures.md": gallery_md,
}
