"""The house style: packaged ``.mplstyle`` files, two themes, a lecture size, export presets.

:func:`themed` applies matplotlib's defaults, then ``gradfig.mplstyle``, then (for the dark
theme) ``gradfig-dark.mplstyle``. Starting from the defaults makes the result independent of
any ``matplotlibrc`` on the machine. Colours that rcParams cannot express (markers on a
heatmap, the accent of the query point) live in :class:`Palette`, one per theme.

**What wins**, from first applied to last (a later one overrides an earlier one):

1. matplotlib's defaults (never the machine's ``matplotlibrc``);
2. the house style: ``gradfig.mplstyle``, then ``gradfig-dark.mplstyle`` for ``theme="dark"``;
3. the lecture size, ``gradfig-lecture.mplstyle``, for ``lecture=True`` (larger text,
   heavier lines and level curves; every text size is relative to ``font.size``);
4. your own rcParams: whatever you changed from the ``matplotlibrc`` matplotlib started with,
   with ``mpl.rcParams[...] = ...`` or inside ``mpl.rc_context({...})``, at the moment you
   call the figure function (:func:`user_rc`). The figure keeps them for every later draw and
   save, so ``rc_context({"font.size": 20})`` around the call gives 20 pt text in the file;
5. the figure function's own arguments: ``title="..."`` replaces the figure's title,
   ``title=""`` removes it (:func:`set_figure_title`);
6. what you do to the returned figure: ``ax.set_title(...)`` (any ``loc``) replaces the house
   title, which is the axes' left title or the figure's ``suptitle``; ``fig.savefig(...,
   transparent=True)`` saves without a background.

No context manager is needed to get the house look: every figure function of
:mod:`gradfig.figures.static` draws under :func:`themed` itself (:func:`house_style`) and
returns a :class:`ThemedFigure`, which applies its theme again whenever it is drawn or saved.
matplotlib reads some settings only then (tick labels, maths fonts, the saved file's
colours and font embedding), so ``fig.savefig("x.png")`` anywhere gives the house look.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from matplotlib.figure import Figure
from matplotlib.text import Text

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

__all__ = ["PALETTES", "PRESETS", "THEMES", "Palette", "Preset", "ThemedFigure", "house_style",
           "set_figure_title", "style_files", "themed", "user_rc"]

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


def style_files(theme: str, lecture: bool = False) -> list[Path]:
    """The style files applied for ``theme`` (and the lecture size), in order."""
    if theme not in PALETTES:
        raise ValueError(f"unknown theme {theme!r} (choose from {', '.join(THEMES)})")
    files = [STYLE_DIR / "gradfig.mplstyle"]
    if theme == "dark":
        files.append(STYLE_DIR / "gradfig-dark.mplstyle")
    if lecture:
        files.append(STYLE_DIR / "gradfig-lecture.mplstyle")
    return files


#: rcParams that say nothing about a figure's look, never carried as a user's choice.
_NOT_LOOK = frozenset({"backend", "backend_fallback", "interactive", "figure.max_open_warning",
                       "webagg.port", "webagg.address", "webagg.open_in_browser", "webagg.port_retries",
                       "tk.window_focus", "timezone", "toolbar"})


def user_rc() -> dict[str, Any]:
    """The rcParams the user has changed since matplotlib started (``rcParams`` against
    ``rcParamsOrig``, the machine's ``matplotlibrc`` included in both, so only changes made
    in this process count), outside any house-style block. Step 4 of the order above."""
    import matplotlib as mpl

    if _ACTIVE:  # inside our own style: what differs is ours, not the user's
        return dict(_ACTIVE[-1][2])
    changed = {}
    for key, value in mpl.rcParams.items():
        if key in _NOT_LOOK:
            continue
        try:
            same = bool(value == mpl.rcParamsOrig[key])
        except (KeyError, ValueError):  # arrays and cyclers compare oddly: compare their text
            same = repr(value) == repr(mpl.rcParamsOrig.get(key))
        if not same:
            changed[key] = value
    return changed


#: Styles in force, innermost last: (theme, lecture, user rcParams) (see :class:`ThemedFigure`).
_ACTIVE: list[tuple[str, bool, tuple[tuple[str, Any], ...]]] = []


@contextmanager
def themed(theme: str, lecture: bool = False, user: dict[str, Any] | None = None) -> Iterator[Palette]:
    """Apply the house style for ``theme`` for the duration of the block.

    Parameters
    ----------
    theme
        ``"light"`` or ``"dark"``.
    lecture
        Apply the lecture size on top (larger text, heavier lines).
    user
        rcParams applied last, over the house style (default: none; figure functions pass
        :func:`user_rc`).

    Yields
    ------
    Palette
        The theme's colours for things rcParams cannot set.
    """
    import matplotlib as mpl
    import matplotlib.style

    files = style_files(theme, lecture)
    user = dict(user or {})
    with mpl.rc_context():
        matplotlib.style.use(["default", *(str(f) for f in files)])
        mpl.rcParams.update(user)
        _ACTIVE.append((theme, bool(lecture), tuple(sorted(user.items(), key=lambda kv: kv[0]))))
        try:
            yield PALETTES[theme]
        finally:
            _ACTIVE.pop()


def _in_style(theme: str, lecture: bool = False, user: dict[str, Any] | None = None
              ) -> AbstractContextManager[object]:
    """``themed(...)``, unless that very style is already the innermost one in force."""
    wanted = (theme, bool(lecture), tuple(sorted((user or {}).items(), key=lambda kv: kv[0])))
    return nullcontext() if _ACTIVE and _ACTIVE[-1] == wanted else themed(theme, lecture, user)


def set_figure_title(figure: Figure, title: str) -> None:
    """Replace a figure's house title with ``title``, or remove it with ``""`` (step 5).

    The house title is the artist a figure function keeps as ``figure.house_title`` (an axes'
    left title or the figure's ``suptitle``). A figure without one (the panel: its fields'
    names are labels, not a title) gets ``title`` as a left-aligned ``suptitle``.
    """
    artist = getattr(figure, "house_title", None)
    if artist is not None:
        artist.set_text(title)
    elif title:
        figure.house_title = figure.suptitle(title, x=0.01, ha="left", fontweight="bold")
    # An empty text takes no room in the layout (a hidden one, oddly, can collapse it).


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

    def __init__(self, theme: str = "light", *, lecture: bool | None = None,
                 user: dict[str, Any] | None = None, **kwargs: Any) -> None:
        # Inside a figure function's style, the figure takes that style's lecture size and
        # user rcParams; made on its own, the user's rcParams of this moment.
        inner = _ACTIVE[-1] if _ACTIVE and _ACTIVE[-1][0] == theme else None
        self.lecture = bool(inner[1] if inner and lecture is None else lecture)
        if user is None:
            user = dict(inner[2]) if inner else user_rc()
        self.user_rc = dict(user)
        with _in_style(theme, self.lecture, self.user_rc):  # the figure's own defaults too
            super().__init__(**kwargs)
        self.theme = theme
        #: The figure's title, which ``title=`` replaces (:func:`set_figure_title`).
        self.house_title: Any = None

    def in_style(self) -> AbstractContextManager[object]:
        """The figure's style (theme, lecture size, user rcParams) as a context manager."""
        return _in_style(self.theme, self.lecture, self.user_rc)

    def draw(self, renderer: Any) -> None:
        # A title the user set on the house title's axes (any loc) replaces it (step 6).
        ax = getattr(self.house_title, "axes", None)
        if ax is not None and (ax.get_title(loc="center") or ax.get_title(loc="right")):
            self.house_title.set_text("")
        with self.in_style():
            super().draw(renderer)

    def savefig(self, fname: Any, *args: Any, **kwargs: Any) -> None:
        with self.in_style():
            super().savefig(fname, *args, **kwargs)


_Draw = TypeVar("_Draw", bound=Callable[..., Figure])

#: A figure narrower than this (inches), a phone's, wraps what would not fit (:func:`fit_narrow`).
NARROW = 6.0


def _wrapped(text: Text, room: float, renderer: Any) -> None:
    """Break ``text`` into lines no wider than ``room`` pixels, at spaces; a $...$ maths
    span is one word, and a no-break space joins what it separates."""
    words = re.findall(r"\$[^$]*\$|[^ ]+", text.get_text().replace("\n", " "))
    lines: list[str] = []
    for word in words:
        trial = f"{lines[-1]} {word}" if lines else word
        text.set_text(trial)
        if lines and text.get_window_extent(renderer).width <= room:
            lines[-1] = trial
        elif lines:
            lines.append(word)
        else:
            lines = [word]
    text.set_text("\n".join(lines))


def fit_narrow(figure: Figure) -> None:
    """On a figure narrower than :data:`NARROW` inches, titles that would run past the
    figure's right edge wrap between words (a figure function puts its legends in one column
    there itself). Wider figures are left as drawn."""
    if figure.get_figwidth() >= NARROW:
        return
    figure.draw_without_rendering()  # lay it out once: where the axes and titles are
    renderer = figure._get_renderer()
    right = figure.bbox.x1 - 0.01 * figure.bbox.width
    titles = [t for ax in figure.axes for t in (ax.title, ax._left_title, ax._right_title)]
    titles.append(getattr(figure, "_suptitle", None))
    for text in titles:
        if text is None or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        if box.x1 > right:
            _wrapped(text, right - max(box.x0, figure.bbox.x0), renderer)


def house_style(draw: _Draw) -> _Draw:
    """Decorate a figure function that takes ``theme=``: its body runs under :func:`themed`.

    Artists read rcParams when they are created (fonts, line widths, colours), so drawing
    must happen in the style as well as saving (:class:`ThemedFigure` sees to that). The
    decorated function also takes ``lecture=`` (the lecture size) and ``title=`` (replace the
    figure's title, ``""`` to drop it; a function with a ``title`` parameter of its own gets it
    too); the user's rcParams of the moment of the call (:func:`user_rc`) apply over the style.
    """
    own_title = "title" in inspect.signature(draw).parameters

    @functools.wraps(draw)
    def drawn_in_style(*args: Any, theme: str = "light", lecture: bool = False,
                       title: str | None = None, **kwargs: Any) -> Figure:
        if own_title and title is not None:
            kwargs["title"] = title
        with _in_style(theme, lecture, user_rc()):
            figure = draw(*args, theme=theme, **kwargs)
            if title is not None:
                set_figure_title(figure, title)
            fit_narrow(figure)
        return figure

    return drawn_in_style  # type: ignore[return-value]
