"""The house style: packaged ``.mplstyle`` files, two themes, export presets.

:func:`themed` applies matplotlib's defaults, then ``gradfig.mplstyle``, then (for the dark
theme) ``gradfig-dark.mplstyle``. Starting from the defaults makes the result independent of
any ``matplotlibrc`` on the machine. Colours that rcParams cannot express (markers on a
heatmap, the accent of the query point) live in :class:`Palette`, one per theme.

No context manager is needed to get the house look: every figure function of
:mod:`gradfig.figures.static` draws under :func:`themed` itself (:func:`house_style`) and
returns a :class:`ThemedFigure`, which applies its theme again whenever it is drawn or saved.
matplotlib reads some settings only then (tick labels, maths fonts, the saved file's
colours and font embedding), so ``fig.savefig("x.png")`` anywhere gives the house look.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from matplotlib.figure import Figure

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

__all__ = ["PALETTES", "PRESETS", "THEMES", "Palette", "Preset", "ThemedFigure", "house_style",
           "style_files", "themed"]

STYLE_DIR = Path(__file__).resolve().parent
THEMES: tuple[str, ...] = ("light", "dark")


@dataclass(frozen=True)
class Palette:
    """Theme colours used directly by the drawing code."""

    ink: str          # text and outlines
    muted: str        # guides, secondary lines
    contour: str      # level curves over the heatmap
    arrow: str        # gradient arrows over the heatmap
    arrow_edge: str
    accent: str       # the query point and its ∇f arrow (pink: absent from viridis)
    marker_face: str  # critical points
    marker_edge: str
    box: str          # background of labels drawn over the heatmap


# Heatmap overlays follow the interactive field (gradfig.figures.interactive.THEMES), so the
# static stand-in and the live field look alike when one replaces the other.
PALETTES: dict[str, Palette] = {
    "light": Palette(ink="#1f2328", muted="#5f6368", contour="#ffffff8c", arrow="#ffffff",
                     arrow_edge="#111318", accent="#ff4081", marker_face="#d84315",
                     marker_edge="#ffffff", box="#ffffffe0"),
    "dark": Palette(ink="#e3e5ea", muted="#9aa0aa", contour="#00000073", arrow="#111318",
                    arrow_edge="#ffffff", accent="#ff4081", marker_face="#ff8a65",
                    marker_edge="#111318", box="#1e2129e0"),
}


@dataclass(frozen=True)
class Preset:
    """An export size. ``size=None`` means the figure's own page size (in inches).

    ``dpi`` sets the raster's pixels per inch; the page preset's PNG is rendered at twice
    the CSS size (``png_scale = 2``) for sharp images on high-density screens.
    """

    name: str
    size: tuple[float, float] | None
    dpi: int
    png_scale: int
    tag: str  # how the preset appears in file names ("" for page)


# Sizes chosen so inches x dpi is an exact integer: 12 x 160 = 1920, 6.75 x 160 = 1080,
# 10 x 160 = 1600, 7.5 x 160 = 1200. At 160 dpi the 12 pt text is ~27 px on a slide.
PRESETS: dict[str, Preset] = {
    "page": Preset("page", None, 100, 2, ""),
    "16:9": Preset("16:9", (12.0, 6.75), 160, 1, "16x9"),
    "4:3": Preset("4:3", (10.0, 7.5), 160, 1, "4x3"),
}


def style_files(theme: str) -> list[Path]:
    """The style files applied for ``theme``, in order."""
    if theme not in PALETTES:
        raise ValueError(f"unknown theme {theme!r} (choose from {', '.join(THEMES)})")
    files = [STYLE_DIR / "gradfig.mplstyle"]
    if theme == "dark":
        files.append(STYLE_DIR / "gradfig-dark.mplstyle")
    return files


#: Themes whose style is in force, innermost last (see :class:`ThemedFigure`).
_ACTIVE: list[str] = []


@contextmanager
def themed(theme: str) -> Iterator[Palette]:
    """Apply the house style for ``theme`` for the duration of the block.

    Parameters
    ----------
    theme
        ``"light"`` or ``"dark"``.

    Yields
    ------
    Palette
        The theme's colours for things rcParams cannot set.
    """
    import matplotlib as mpl
    import matplotlib.style

    files = style_files(theme)
    with mpl.rc_context():
        matplotlib.style.use(["default", *(str(f) for f in files)])
        _ACTIVE.append(theme)
        try:
            yield PALETTES[theme]
        finally:
            _ACTIVE.pop()


def _in_style(theme: str) -> AbstractContextManager[object]:
    """``themed(theme)``, unless that style is already the innermost one in force."""
    return nullcontext() if _ACTIVE and _ACTIVE[-1] == theme else themed(theme)


class ThemedFigure(Figure):
    """A matplotlib figure that carries its theme: drawing or saving it applies the house style.

    It is an ordinary :class:`matplotlib.figure.Figure` (add axes, annotate, ``savefig``);
    the only difference is that :meth:`draw` and :meth:`savefig` run under
    :func:`themed` for :attr:`theme`, whatever rcParams are in force at the time. To change
    one save, pass ``savefig``'s own arguments (``dpi=``, ``transparent=True``, ...).

    Parameters
    ----------
    theme
        ``"light"`` or ``"dark"``.
    **kwargs
        Passed to :class:`~matplotlib.figure.Figure` (``figsize``, ``layout``, ...).
    """

    def __init__(self, theme: str = "light", **kwargs: Any) -> None:
        with _in_style(theme):  # the figure's own defaults (size, colours, layout) too
            super().__init__(**kwargs)
        self.theme = theme

    def draw(self, renderer: Any) -> None:
        with _in_style(self.theme):
            super().draw(renderer)

    def savefig(self, fname: Any, *args: Any, **kwargs: Any) -> None:
        with _in_style(self.theme):
            super().savefig(fname, *args, **kwargs)


_Draw = TypeVar("_Draw", bound=Callable[..., Figure])


def house_style(draw: _Draw) -> _Draw:
    """Decorate a figure function that takes ``theme=``: its body runs under :func:`themed`.

    Artists read rcParams when they are created (fonts, line widths, colours), so drawing
    must happen in the style as well as saving (:class:`ThemedFigure` sees to that).
    """
    @functools.wraps(draw)
    def drawn_in_style(*args: Any, theme: str = "light", **kwargs: Any) -> Figure:
        with _in_style(theme):
            return draw(*args, theme=theme, **kwargs)

    return drawn_in_style  # type: ignore[return-value]
