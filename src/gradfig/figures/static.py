"""Static figures (matplotlib): pure functions that take their subject and return a Figure.

Every figure function takes what it draws as its arguments (a landscape, several landscapes,
a vector map and a point), so each figure can be drawn for any function of one's own:

- :func:`field_figure`: one landscape as a gradient field;
- :func:`panel_figure`: several landscapes' fields side by side;
- :func:`descent_figure`: gradient-descent paths with several step sizes;
- :func:`jacobian_figure`: a map R² → R² near a point, true image against linear image;
- :func:`taylor_error_figure`: the first-order error of a map against the step length;
- :func:`fd_error_figure`: the error of finite differences against the step, at a point.

Nothing here writes a file (:mod:`gradfig.export` does) and nothing here computes a number
a text would quote: the numbers come from :mod:`gradfig.accuracy` and :mod:`gradfig.descent`
(which a caption can call too); this module only draws them. :mod:`gradfig.figures.catalogue`
names figures for rendering.

Every figure function draws in the house style of its ``theme`` by itself and returns a
:class:`~gradfig.figures.style.ThemedFigure`, which keeps that style when it is drawn or
saved: no context manager is needed, ``fig.savefig("x.png")`` gives the house look.

Figures are made with :class:`matplotlib.figure.Figure` directly, never ``pyplot``: no
global figure manager, no GUI backend, safe in worker processes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib import colors, patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from gradfig import accuracy, descent
from gradfig.figures.style import NARROW, PALETTES, Palette, ThemedFigure, house_style
from gradfig.functions import Landscape, VectorMap
from gradfig.text import MINUS, number, point, superscript, vector

__all__ = [
    "DESCENT_STYLES",
    "LOG_TICKS",
    "colour_bar_label",
    "default_radius",
    "descent_figure",
    "draw_field",
    "fd_error_figure",
    "field_figure",
    "field_log_scale",
    "jacobian_figure",
    "jacobian_offsets",
    "jacobian_point",
    "log_colour",
    "log_ticks",
    "panel_figure",
    "panel_grid",
    "panel_page_size",
    "query_point",
    "taylor_error_figure",
]

#: Heatmap samples per axis (embedded as one image, so the SVG stays small).
HEATMAP_SAMPLES = 241
#: Gradient arrows per axis on a single field; the panel uses fewer.
ARROWS = 17
LEVELS = 14
CRITICAL_MARKERS = {"minimum": "o", "maximum": "^", "saddle": "X"}
#: The legend's words for a curve of critical points (drawn as a line, not as markers).
CRITICAL_CURVE_LABEL = "curve of critical points"
METHOD_LABELS = {"forward": "forward", "central": "central", "complex": "complex step"}
#: Numbers printed on figures: three significant digits.
DIGITS = ".3g"


# --- small helpers --------------------------------------------------------------------------
def _power_of_ten(value: float, _pos: object = None) -> str:
    """A log-axis tick label as plain text, ``10⁻⁴``.

    Matplotlib's own log labels are mathtext, which is parsed again for every tick of every
    saved format: on the two log-log figures that was most of their drawing time.
    """
    exponent = round(math.log10(value)) if value > 0 else 0
    if value <= 0 or not math.isclose(value, 10.0 ** exponent, rel_tol=1e-9):
        return ""
    return "1" if exponent == 0 else "10" + superscript(exponent)


def _log_log_labels(ax: Axes) -> None:
    """Decades labelled ``10ⁿ`` in plain text on both axes; minor ticks unlabelled."""
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(_power_of_ten))
        axis.set_minor_formatter(NullFormatter())


def log_colour(values: np.ndarray) -> bool:
    """Colour on a ``log(1 + f)`` scale when f ≥ 0 and its top dwarfs its typical value.

    On Rosenbrock (max ≈ 259, median ≈ 16) a linear scale paints the whole valley, where
    everything happens, one dark colour; the log scale shows its floor and walls. The same
    holds for Himmelblau's function (max 890, median 113: its four valleys vanish in one
    colour), while a bowl (max 8, median 2.6) reads best linearly. The threshold, a top more
    than 6 times the median's height, sits between those cases.
    """
    lo, hi, mid = float(values.min()), float(values.max()), float(np.median(values))
    return lo >= 0 and hi - lo > 6 * max(mid - lo, 1e-12)


def field_log_scale(landscape: Landscape) -> bool:
    """Whether :func:`field_figure` colours ``landscape`` on the ``log(1 + f)`` scale
    (:func:`log_colour` of its heatmap samples), e.g. for a caption that says so."""
    _, f = _grid(landscape, HEATMAP_SAMPLES)
    return log_colour(f)


def query_point(landscape: Landscape) -> tuple[float, float]:
    """The point whose ∇f the field figure shows: its steepest check point well inside.

    With no check point well inside, or none where ∇f ≠ 0, the steepest of a few sample
    points inside the domain.
    """
    (x0, x1), (y0, y1) = landscape.domain
    mx, my = 0.1 * (x1 - x0), 0.1 * (y1 - y0)  # keep the arrow and its label in view
    candidates = [p.point for p in landscape.points_to_check
                  if x0 + mx <= p.point[0] <= x1 - mx and y0 + my <= p.point[1] <= y1 - my]
    for points in (candidates, [(x0 + a * (x1 - x0), y0 + b * (y1 - y0))
                                for a, b in Landscape.SAMPLE_FRACTIONS]):
        norms = [float(np.linalg.norm(landscape.gradient(np.asarray(p)))) for p in points]
        if points and max(norms) > 0:
            return tuple(points[int(np.argmax(norms))])  # type: ignore[return-value]
    raise ValueError(f"{landscape.name}: ∇f = 0 at every sample point; no query point to show")


def _grid(landscape: Landscape, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell-centred grid points ``(n, n, 2)`` over the domain (no point sits on an edge)."""
    (x0, x1), (y0, y1) = landscape.domain
    xs = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
    ys = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
    pts = np.stack(np.meshgrid(xs, ys), axis=-1)
    return pts, landscape(pts)


def _mathtext(latex: str) -> str:
    """SymPy's LaTeX for matplotlib's mathtext (which lacks ``\\left``/``\\right`` sizing)."""
    return latex.replace(r"\left", "").replace(r"\right", "")


def _formula(landscape: Landscape) -> str:
    return f"$f(x, y) = {_mathtext(landscape.latex)}$"


# --- the gradient field ---------------------------------------------------------------------
#: The descent paths' colours and end markers, in the order of their runs.
DESCENT_STYLES = (("#ffffff", "o"), ("#ff4081", "s"), ("#ff9100", "^"), ("#00e5ff", "D"))

#: Where a log-scale colour bar puts its ticks (values of f), static and live alike.
LOG_TICKS = (0, 1, 3, 10, 30, 100, 300, 1000, 3000)


def colour_bar_label(log: bool) -> str:
    """The colour bar's label, the same on the static figure and the live field."""
    return "f(x, y), log scale" if log else "f(x, y)"


def log_ticks(top: float) -> list[int]:
    """The log-scale colour bar's ticks up to ``top`` (values of f, labelled as such)."""
    return [t for t in LOG_TICKS if t <= top]


def draw_field(ax: Axes, landscape: Landscape, palette: Palette, *, arrows: int = ARROWS,
               query: tuple[float, float] | None = None, show_arrows: bool = True,
               colorbar: bool = True) -> None:
    """Heatmap of f, level curves, ∇f arrows, critical points (and a query point) on ``ax``.

    Isolated critical points are markers of their kind; a curve of critical points (from
    :attr:`Landscape.critical_search`) is a line labelled :data:`CRITICAL_CURVE_LABEL`.

    Arrows show the direction of ∇f exactly (``angles="xy"`` on equal axes); their length
    grows with log ‖∇f‖ between 30 % and 85 % of a grid cell, so they neither vanish on
    flat ground nor swamp the plot. Where ∇f = 0 exactly (a critical point on the grid) no
    arrow is drawn.
    """
    (x0, x1), (y0, y1) = landscape.domain
    pts, f = _grid(landscape, HEATMAP_SAMPLES)
    log = log_colour(f)
    # Colour and level curves share one scale: evenly spaced in log(1 + f) or in f. The
    # colour bar keeps f's own values as tick labels either way.
    fwd, inv = (np.log1p, np.expm1) if log else (lambda v: v, lambda v: v)
    norm = colors.FuncNorm((fwd, inv), vmin=float(f.min()), vmax=float(f.max()))
    image = ax.imshow(f, origin="lower", extent=(x0, x1, y0, y1), cmap="viridis", norm=norm,
                      interpolation="bilinear", aspect="equal")
    levels = inv(np.linspace(fwd(f.min()), fwd(f.max()), LEVELS + 2)[1:-1])
    # Their width is the style's contour.linewidth (heavier at the lecture size).
    ax.contour(pts[..., 0], pts[..., 1], f, levels=levels, colors=[palette.contour])
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax, shrink=0.92, pad=0.02)
        bar.set_label(colour_bar_label(log))
        if log:
            ticks = log_ticks(float(f.max()))
            bar.set_ticks(ticks, labels=[str(t) for t in ticks])
        bar.outline.set_visible(False)

    if show_arrows:
        apts, _ = _grid(landscape, arrows)
        grad = landscape.gradient(apts).reshape(-1, 2)
        where = apts.reshape(-1, 2)
        norm = np.linalg.norm(grad, axis=1)
        keep = norm > 1e-12 * norm.max()
        where, grad, norm = where[keep], grad[keep], norm[keep]
        lo = max(norm.min(), norm.max() * 1e-3)
        span = math.log(norm.max() / lo) or 1.0
        size = 0.30 + 0.55 * np.clip(np.log(np.maximum(norm, lo) / lo) / span, 0, 1)
        cell = min(x1 - x0, y1 - y0) / arrows
        uv = grad / norm[:, None] * (size * cell)[:, None]
        ax.quiver(where[:, 0], where[:, 1], uv[:, 0], uv[:, 1], angles="xy", scale_units="xy",
                  scale=1, pivot="mid", color=palette.arrow, edgecolor=palette.arrow_edge,
                  linewidth=0.5, width=0.0055, headwidth=4, headlength=4.5, headaxislength=4,
                  gid="gradient-arrows", zorder=3)

    for kind, marker in CRITICAL_MARKERS.items():
        cps = [c.point for c in landscape.critical_points if c.kind == kind]
        if cps:
            xy = np.array(cps)
            ax.plot(xy[:, 0], xy[:, 1], linestyle="none", marker=marker, markersize=10,
                    markerfacecolor=palette.marker_face, markeredgecolor=palette.marker_edge,
                    markeredgewidth=1.4, label=kind, zorder=5)

    # A curve of critical points (x²y² has both axes) is drawn as the line it is: in the
    # marker's colours, the edge colour as a halo so it reads on any colour of the heatmap.
    for i, curve in enumerate(landscape.critical_search.curves):
        xy = np.array(curve.points)
        ax.plot(xy[:, 0], xy[:, 1], color=palette.marker_face, linewidth=2.6, solid_capstyle="round",
                path_effects=[patheffects.withStroke(linewidth=4.6, foreground=palette.marker_edge)],
                label=CRITICAL_CURVE_LABEL if i == 0 else "_nolegend_", gid=f"critical-curve-{i}", zorder=4)

    if query is not None:
        _draw_query(ax, landscape, palette, query)

    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("x")
    ax.set_ylabel("y", rotation=0, labelpad=8)
    ax.spines[:].set_visible(False)


def _draw_query(ax: Axes, landscape: Landscape, palette: Palette,
                query: tuple[float, float]) -> None:
    """The query point, its ∇f arrow (direction exact, fixed length) and the level tangent."""
    (x0, x1), (y0, y1) = landscape.domain
    q = np.asarray(query, dtype=float)
    g = landscape.gradient(q)
    unit = g / np.linalg.norm(g)
    # A fixed length (its size is in the label), shortened to stay inside the axes.
    to_edge = [((x1 if u > 0 else x0) - c) / u for c, u in zip(q, unit, strict=True) if u != 0]
    reach = min(0.2 * min(x1 - x0, y1 - y0), 0.9 * min(to_edge))
    tangent = np.array([-unit[1], unit[0]])
    ends = np.array([q - tangent * reach * 0.8, q + tangent * reach * 0.8])
    ax.plot(ends[:, 0], ends[:, 1], color=palette.accent, linestyle=(0, (4, 2.5)), linewidth=2,
            label="level-set tangent", zorder=6)
    ax.annotate("", xy=q + unit * reach, xytext=q, zorder=7,
                arrowprops={"arrowstyle": "-|>,head_length=0.7,head_width=0.35",
                            "color": palette.accent, "linewidth": 2.6, "shrinkA": 0,
                            "shrinkB": 0})
    # The numbers go in the legend, where they can never cover a marker or an arrow.
    ax.plot([q[0]], [q[1]], marker="o", markersize=9, markerfacecolor=palette.accent,
            markeredgecolor=palette.marker_edge, markeredgewidth=1.4, linestyle="none",
            label=f"query {vector(q, 'g')}: ∇f = {vector(g, DIGITS)}", zorder=8)


#: The least width (inches) a slide leaves beside its field for the side column to be drawn.
SIDE_COLUMN_MIN = 3.0


def _side_width(landscape: Landscape, size: tuple[float, float]) -> float:
    """What a figure of ``size`` leaves beside the field drawn at its full height: 0 when the
    field fills the width anyway (a page, a 4:3 slide, a wide domain)."""
    (x0, x1), (y0, y1) = landscape.domain
    width, height = size
    field = (height - 1.1) * (x1 - x0) / (y1 - y0) + 1.9  # plot at full height, colour bar, labels
    spare = width - field
    return spare if spare >= SIDE_COLUMN_MIN and width / height > 1.4 else 0.0


def _side_column(fig: Figure, landscape: Landscape) -> None:
    """The slide's side column: f's partial derivatives and the legend, in the width the field
    (square at the slide's height) leaves free, instead of an empty band."""
    lines = [rf"$\partial f / \partial {v} = {_mathtext(tex)}$"
             for v, tex in zip(landscape.variables, landscape.partial_latex, strict=True)]
    text = fig.text(0.5, 0.74, "\n".join(lines), ha="center", va="top", fontsize="x-large",
                    linespacing=2.0)
    handles, labels = [], []
    for ax in fig.get_figure(root=True).axes:
        h, lab = ax.get_legend_handles_labels()
        handles += h
        labels += lab
    if handles:
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.5), frameon=False)
    # The derivatives take the column's width: a long one smaller rather than off the slide, a
    # short one larger, up to half as large again (widths in points).
    from matplotlib.textpath import TextToPath

    prop = text.get_fontproperties()
    wide = max(TextToPath().get_text_width_height_descent(line, prop, ismath=True)[0] for line in lines)
    room = 0.9 * fig.bbox.width * 72 / fig.get_figure(root=True).dpi
    text.set_fontsize(prop.get_size_in_points() * min(room / wide, 1.5))


@house_style
def field_figure(landscape: Landscape, *, theme: str = "light", size: tuple[float, float] = (8, 6.4),
                 query: tuple[float, float] | None = None) -> Figure:
    """One landscape as a gradient field: heatmap, level curves, ∇f arrows, critical points.

    On a slide wider than the field at its full height (16:9), the field keeps that height and
    a side column beside it holds the partial derivatives and the legend."""
    palette = PALETTES[theme]
    fig = ThemedFigure(theme, figsize=size, layout="compressed")
    side = _side_width(landscape, size)
    host = fig
    if side:
        host, column = fig.subfigures(1, 2, width_ratios=[size[0] - side, side], wspace=0)
    ax = host.add_subplot()
    draw_field(ax, landscape, palette, query=query)
    fig.house_title = ax.set_title(f"{landscape.title}: {_formula(landscape)}", loc="left")
    if side:
        _side_column(column, landscape)
    else:
        _legend(fig, size)
    return fig


def _legend(fig: Figure, size: tuple[float, float], **kwargs) -> None:
    """Below a square-ish figure (in one column on a narrow one, a phone's); beside a wide
    one (a slide), where the space is free."""
    if "handles" not in kwargs and not any(ax.get_legend_handles_labels()[0] for ax in fig.axes):
        return  # nothing labelled (no critical point, no query point): no empty legend
    if size[0] / size[1] > 1.4:
        fig.legend(loc="outside right center", ncols=1, frameon=False, **kwargs)
    else:
        fig.legend(loc="outside lower center", ncols=1 if size[0] < NARROW else 2, frameon=False, **kwargs)


def panel_grid(count: int, size: tuple[float, float]) -> tuple[int, int]:
    """Rows and columns for ``count`` square fields in a figure of ``size`` inches.

    The grid that makes each field largest wins: 2 x 2 for four (on a page and on a 16:9
    slide), 2 x 3 for five or six, 1 x 3 for three on a slide. A field also needs room for
    its title above it and its colour bar beside it, which the fixed margins below stand for.
    """
    width, height = size
    best, best_side = (1, count), -1.0
    for cols in range(1, count + 1):
        rows = math.ceil(count / cols)
        side = min(width / cols - 0.9, height / rows - 0.75)  # colour bar; title (inches)
        if side > best_side + 1e-9:
            best, best_side = (rows, cols), side
    return best


def panel_page_size(count: int, width: float = 10.0) -> tuple[float, float]:
    """The panel's page size: ``width`` wide, no taller than its grid of fields needs (at
    most 8 inches, the 2 x 2 grid's height)."""
    rows, cols = panel_grid(count, (width, 8.0))
    return width, round(min(8.0, rows * (width / cols - 0.15) + 0.3), 2)


@house_style
def panel_figure(landscapes: Sequence[Landscape], *, theme: str = "light",
                 size: tuple[float, float] = (10, 8)) -> Figure:
    """Several landscapes' fields side by side, e.g. ``panel_figure(LANDSCAPES.values())``.

    The grid is sized from how many there are and the figure's shape (:func:`panel_grid`);
    unused cells stay empty. A good page size is :func:`panel_page_size` of their count.
    """
    landscapes = list(landscapes)
    if not landscapes:
        raise ValueError("panel_figure needs at least one landscape")
    palette = PALETTES[theme]
    rows, cols = panel_grid(len(landscapes), size)
    # "compressed": constrained layout for fixed-aspect axes, so the grid closes up.
    fig = ThemedFigure(theme, figsize=size, layout="compressed")
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    # Long formulas get a second title line and smaller type when the fields are small.
    small = size[0] / cols < 4.5
    for ax, landscape in zip(axes, landscapes, strict=False):
        draw_field(ax, landscape, palette, arrows=13)
        sep = "\n" if small else ": "
        ax.set_title(f"{landscape.title}{sep}{_formula(landscape)}", loc="left",
                     fontsize="small" if small else "medium")
    handles = [Line2D([], [], linestyle="none", marker=m, markersize=9, label=k,
                      markerfacecolor=palette.marker_face, markeredgecolor=palette.ink)
               for k, m in CRITICAL_MARKERS.items()]
    spare = axes[len(landscapes):]
    for ax in spare:
        ax.set_axis_off()
    if len(spare):  # the key sits in the first empty cell, where it takes no room of its own
        spare[0].legend(handles=handles, loc="center", frameon=False, title="critical points")
    else:
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
    return fig


# --- gradient descent -----------------------------------------------------------------------
@house_style
def descent_figure(landscape: Landscape, start: tuple[float, float] | None = None,
                   steps: Sequence[float] | None = None, *, theme: str = "light",
                   size: tuple[float, float] = (8, 6.4)) -> Figure:
    """Gradient-descent paths from one start with different step sizes.

    Parameters
    ----------
    landscape
        Any landscape.
    start
        Where the paths start; default: chosen from the landscape's shape
        (:func:`gradfig.descent.preview`).
    steps
        The paths' step sizes, one path each; default: chosen the same way.
    theme
        ``"light"`` or ``"dark"``.
    size
        Width and height in inches.
    """
    palette = PALETTES[theme]
    run = descent.preview(landscape, start, None if steps is None else tuple(steps))
    fig = ThemedFigure(theme, figsize=size, layout="compressed")
    ax = fig.add_subplot()
    draw_field(ax, landscape, palette, show_arrows=False)
    # Colours that stand out on viridis, hues far apart (white, pink, orange, cyan), and a
    # marker each so colour is not the only cue. Longer runs first, so a short path drawn
    # on the same route stays visible on top.
    styles = DESCENT_STYLES
    (x0, x1), (y0, y1) = landscape.domain
    runs = list(zip(run.paths, styles, strict=False))
    width = 0.9 * float(mpl.rcParams["lines.linewidth"])  # heavier at the lecture size
    for order, (path, (colour, marker)) in enumerate(reversed(runs)):
        pts = path.points
        end = (f"left the domain after {len(pts) - 1} steps" if path.diverged
               else f"f = {number(path.final_value, DIGITS)} after {len(pts) - 1} steps")
        # gids name the moving parts for gradfig.figures.animation: path i and its end marker.
        ax.plot(pts[:, 0], pts[:, 1], color=colour, linewidth=width, zorder=4 + order,
                gid=f"descent-path-{order}")
        last = np.clip(pts[-1], [x0, y0], [x1, y1])
        # Not clipped: a path that leaves the domain ends on its edge, its marker whole.
        ax.plot(*last, marker=marker, markersize=9, color=colour, markeredgecolor="#111318",
                linestyle="-", linewidth=width, zorder=8, label=f"step {number(path.step, 'g')}: {end}",
                gid=f"descent-end-{order}", clip_on=False)
    ax.plot(*run.start, marker="*", markersize=15, color="#ffffff",
            markeredgecolor="#111318", linestyle="none", label="start", zorder=9)
    handles, labels = ax.get_legend_handles_labels()
    order_ = [labels.index(lab) for lab in sorted(labels, key=_legend_rank)]
    _legend(fig, size, handles=[handles[i] for i in order_], labels=[labels[i] for i in order_])
    # No-break spaces: a narrow figure's title wraps between words (style.fit_narrow), never
    # inside the update rule.
    fig.house_title = ax.set_title(f"Gradient descent on {landscape.title}: "
                                   + "x ← x − step · ∇f(x)".replace(" ", "\u00a0"),
                                   loc="left")
    return fig


def _legend_rank(label: str) -> tuple[int, float]:
    """Legend order for the descent figure: start, minimum, then runs by step size."""
    if label.startswith("step "):
        # The label prints the step with a typographic minus (3.3e−06): undo it to sort.
        return (2, float(label.split()[1].rstrip(":").replace(MINUS, "-")))
    return (0 if label == "start" else 1, 0.0)


# --- the Jacobian as a local linear map -----------------------------------------------------
def jacobian_point(x0: Sequence[float | str]) -> tuple[float, ...]:
    """The coordinates of x₀ as numbers: a coordinate typed as text (``"pi/6"``) is
    evaluated by the safe parser (:func:`gradfig.expr.evaluate_constant`)."""
    from gradfig.expr import evaluate_constant

    return tuple(evaluate_constant(c) if isinstance(c, str) else float(c) for c in x0)


def default_radius(x0: Sequence[float | str]) -> float:
    """The disc radius :func:`jacobian_figure` uses unless told: a fifth of ``max(1, ‖x₀‖)``,
    to one significant digit (0.4 at x₀ = (2, π/6)): large enough to see the true image bend
    away from the linear one, small enough to stay a local picture."""
    norm = float(np.linalg.norm(np.asarray(jacobian_point(x0), dtype=float)))
    return float(f"{0.2 * max(1.0, norm):.1g}")


def jacobian_offsets(radius: float, n: int = 5, samples: int = 181) -> list[np.ndarray]:
    """The offsets Δ :func:`jacobian_figure` draws: a circle of ``radius`` and an n x n grid
    of lines inside it (each an array of rows Δ); also where a map must be finite to be drawn."""
    t = np.linspace(0, 2 * np.pi, samples)
    lines = [radius * np.stack([np.cos(t), np.sin(t)], axis=1)]
    s = np.linspace(-radius, radius, samples)
    for c in np.linspace(-radius, radius, n):
        inside = np.abs(s) <= math.sqrt(max(radius**2 - c**2, 0))
        lines.append(np.stack([np.full(inside.sum(), c), s[inside]], axis=1))
        lines.append(np.stack([s[inside], np.full(inside.sum(), c)], axis=1))
    return [line for line in lines if len(line) > 1]


#: Variable names written as Greek letters on axis labels (SymPy's names for them).
_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "theta": "θ", "phi": "φ",
          "psi": "ψ", "rho": "ρ", "sigma": "σ", "tau": "τ", "omega": "ω", "lambda": "λ", "mu": "μ"}


def _matrix_tex(jac: np.ndarray) -> str:
    """J as a typeset 2 x 2 matrix in mathtext (which has no ``matrix`` environment: each
    column is a ``\\genfrac`` without a bar, in display style, inside stretching brackets)."""
    def entry(v: float) -> str:
        return number(v, DIGITS).replace(MINUS, "-")  # mathtext sets "-" as a minus sign

    cols = [rf"\genfrac{{}}{{}}{{0}}{{0}}{{{entry(jac[0, j])}}}{{{entry(jac[1, j])}}}" for j in range(2)]
    return rf"\left[{cols[0]}\;\;{cols[1]}\right]"


def _fit(ax: Axes, points: np.ndarray, pad: float) -> None:
    """Limits around ``points`` with ``pad`` (a fraction of the larger span) on every side, so
    the labels drawn inside the axes beside the arrow tips stay inside them."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    margin = pad * float(max(hi - lo))
    # Data limits, not fixed limits: equal aspect ("datalim") may still widen one axis.
    ax.update_datalim(np.array([lo - margin, hi + margin]))
    ax.margins(0)
    ax.autoscale_view()


@house_style
def jacobian_figure(vmap: VectorMap, x0: Sequence[float | str], radius: float | None = None, *,
                    output_labels: tuple[str, str] = ("f₁", "f₂"), theme: str = "light",
                    size: tuple[float, float] = (10, 5.2)) -> Figure:
    """A map R² → R² near x₀: a disc of points x₀ + Δ, its true image and its image under the
    linearisation f(x₀) + JΔ, with J typeset between the two planes.

    Parameters
    ----------
    vmap
        Any map with two inputs and two outputs (:class:`~gradfig.functions.VectorMap`), e.g.
        ``VectorMap(name="mine", title="My map", formulas=("x^2 - y", "x*y"))`` or
        :func:`gradfig.custom_map.map_from_formulas` (checked).
    x0
        The point where J is taken. A coordinate may be text, a constant in the formula
        grammar (``(2, "pi/6")``): it is evaluated safely and shown as typed, ``(2, π/6)``.
    radius
        Of the disc around x₀; default :func:`default_radius`.
    output_labels
        Names of the output plane's axes (e.g. ``("x", "y")`` for polar to Cartesian).
    theme
        ``"light"`` or ``"dark"``.
    size
        Width and height in inches. A figure taller than wide (a phone's) stacks the input
        plane, J and the output plane top to bottom; otherwise they stand side by side.

    Notes
    -----
    The arrows from x₀ are ``radius · e_j`` and, in the output plane, ``radius · J e_j``:
    the columns of J, scaled alike. J is SymPy's exact Jacobian of the map, evaluated at x₀.
    """
    if (vmap.dim_in, vmap.dim_out) != (2, 2):
        raise ValueError(f"{vmap.name}: jacobian_figure draws maps R² → R² only, "
                         f"not R{superscript(vmap.dim_in)} → R{superscript(vmap.dim_out)}")
    palette = PALETTES[theme]
    shown_x0 = point(x0)
    x0 = np.asarray(jacobian_point(x0), dtype=float)
    r = default_radius(x0) if radius is None else float(radius)
    fig = ThemedFigure(theme, figsize=size, layout="constrained")
    stacked = size[0] < size[1]
    if stacked:
        left, middle, right = fig.subplots(3, 1, height_ratios=(1, 0.42, 1))
    else:
        left, middle, right = fig.subplots(1, 3, width_ratios=(1, 0.38, 1))
    c_true, c_lin = "#56B4E9" if theme == "dark" else "#0072B2", "#E69F00"
    c1, c2 = "#009E73", "#CC79A7"
    jac = vmap.jacobian(x0)
    fx0 = vmap(x0)
    images = []
    for i, delta in enumerate(jacobian_offsets(r)):
        true, lin, _ = accuracy.linear_images(vmap, tuple(x0), delta)
        images += [true, lin]
        lw = 2 if i == 0 else 0.9
        left.plot(*(x0 + delta).T, color=palette.ink, linewidth=lw)
        right.plot(*true.T, color=c_true, linewidth=lw, label="true image f(x₀ + Δ)" if i == 0 else None)
        right.plot(*lin.T, color=c_lin, linewidth=lw, linestyle=(0, (5, 3)),
                   label="linear image f(x₀) + JΔ" if i == 0 else None)
    label_box = {"boxstyle": "round,pad=0.15", "facecolor": palette.box, "edgecolor": "none"}
    tips = []
    for j, colour in enumerate((c1, c2)):
        e = np.zeros(2)
        e[j] = r
        col, other = jac[:, j] * r, jac[:, 1 - j] * r
        tips += [fx0 + col]
        for ax, base, vec, away, text in ((left, x0, e, np.eye(2)[1 - j], f"{number(r, 'g')}·e{'₁₂'[j]}"),
                                          (right, fx0, col, other, f"{number(r, 'g')}·J e{'₁₂'[j]}")):
            ax.annotate("", xy=base + vec, xytext=base, zorder=6,
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2.6,
                                    "shrinkA": 0, "shrinkB": 0})
            # Beside the arrow's middle, on the side away from the other arrow: always inside
            # the drawn disc or image, so inside the axes and never over a title.
            unit = vec / (np.linalg.norm(vec) or 1.0)
            side = np.array([-unit[1], unit[0]])
            if np.dot(side, away) > 0:
                side = -side
            ax.annotate(text, xy=base + vec / 2, xytext=(9 * side[0], 9 * side[1]),
                        textcoords="offset points", color=colour, fontweight="bold", zorder=7,
                        ha="left" if side[0] > 0.4 else "right" if side[0] < -0.4 else "center",
                        va="bottom" if side[1] > 0.4 else "top" if side[1] < -0.4 else "center",
                        bbox=label_box)
    for ax, where in ((left, x0), (right, fx0)):
        ax.plot(*where, marker="o", color=palette.ink, markersize=6, zorder=8)
        ax.set_aspect("equal", adjustable="datalim")
        ax.grid(True, linewidth=0.6)
    _fit(left, np.array([x0 - r, x0 + r]), 0.22)
    _fit(right, np.vstack([*images, *tips, fx0]), 0.16)
    names = [_GREEK.get(v, v) for v in vmap.variables]
    left.set_xlabel(names[0])
    left.set_ylabel(names[1], rotation=0, labelpad=8)
    left.set_title(f"input: x₀ + Δ, ‖Δ‖ ≤ {number(r, 'g')}", loc="left", fontsize="medium")
    right.set_xlabel(output_labels[0])
    right.set_ylabel(output_labels[1], rotation=0, labelpad=8)
    right.set_title("output: true and linear image", loc="left", fontsize="medium")
    # Between the planes: where the map goes from, to, and J typeset as a matrix.
    middle.set_axis_off()
    # Side by side: x₀ above an arrow to the right, J and f(x₀) below it. Stacked: x₀ above,
    # f(x₀) below, J beside a downward arrow between the planes.
    at = ({"x0": (0.5, 0.88), "arrow": ((0.2, 0.2), (0.2, 0.8)), "J": (0.6, 0.5), "fx0": (0.5, 0.1)}
          if stacked else
          {"x0": (0.5, 0.72), "arrow": ((0.9, 0.6), (0.1, 0.6)), "J": (0.5, 0.45), "fx0": (0.5, 0.26)})
    centred = {"ha": "center", "va": "center", "transform": middle.transAxes}
    middle.text(*at["x0"], f"x₀ = {shown_x0}", **centred)
    head, tail = at["arrow"]
    middle.annotate("", xy=head, xytext=tail, xycoords="axes fraction",
                    arrowprops={"arrowstyle": "-|>", "color": palette.muted, "linewidth": 1.6})
    middle.text(*at["J"], f"$J(x_0) = {_matrix_tex(jac)}$", fontsize="large", **centred)
    middle.text(*at["fx0"], f"f(x₀) = {vector(fx0, DIGITS)}", **centred)
    formulas = ",\\ ".join(_mathtext(t) for t in vmap.latex)
    gap = "\n" if stacked else " "
    fig.house_title = fig.suptitle(f"The Jacobian as a local linear map:{gap}{vmap.title}, "
                 f"$f({', '.join(vmap.variable_latex)}) = ({formulas})$", x=0.01, ha="left",
                 fontweight="bold")
    fig.legend(loc="outside lower center", ncols=1 if stacked else 2, frameon=False)
    return fig


# --- first-order (Taylor) error -------------------------------------------------------------
def _guide(ax: Axes, xs: np.ndarray, anchor: tuple[float, float], slope: float, colour: str,
           label: str) -> None:
    """A dashed power-law line ``y ∝ x^slope`` through ``anchor``."""
    ys = anchor[1] * (xs / anchor[0]) ** slope
    ax.plot(xs, ys, color=colour, linestyle=(0, (5, 4)), linewidth=1.4, label=label)


@house_style
def taylor_error_figure(vmap: accuracy.Map, x: Sequence[float] | None = None,
                        direction: Sequence[float] | None = None, ts: Sequence[float] | None = None, *,
                        title: str | None = None, theme: str = "light",
                        size: tuple[float, float] = (8, 5.2)) -> Figure:
    """‖f(x + tΔx) − f(x) − J tΔx‖ against t on log-log axes, with a slope-2 guide.

    Parameters
    ----------
    vmap
        Any map with an analytical ``jacobian`` (a :class:`~gradfig.functions.VectorMap`,
        a :class:`~gradfig.functions.DenseTanhMap`).
    x, direction, ts
        The point, the direction Δx (normalised here) and the step lengths t; defaults:
        :func:`gradfig.accuracy.taylor_point`, :func:`~gradfig.accuracy.taylor_direction`
        and :data:`~gradfig.accuracy.DEFAULT_TS`.
    title
        The axes' title; default: the map's title and its dimensions.
    theme
        ``"light"`` or ``"dark"``.
    size
        Width and height in inches.
    """
    palette = PALETTES[theme]
    ts = np.asarray(accuracy.DEFAULT_TS if ts is None else ts, dtype=float)
    dx = None if direction is None else np.asarray(direction, dtype=float)
    dx = None if dx is None else dx / np.linalg.norm(dx)
    errors = accuracy.taylor_errors(vmap, ts, x, dx)
    slope = accuracy.fit_slope(ts, errors)
    fig = ThemedFigure(theme, figsize=size)
    ax = fig.add_subplot()
    ax.loglog(ts, errors, marker="o", label=f"error (fitted slope {number(slope, '.3f')})", zorder=3)
    _guide(ax, ts, (ts[-1], errors[-1] * 3), 2.0, palette.muted, "slope 2 guide (error ∝ t²)")
    _guide(ax, ts, (ts[-1], errors[-1] * 3), 1.0, palette.muted + "80", "slope 1 (for contrast)")
    ax.set_xlabel("step length t   (Δx a unit vector)")
    ax.set_ylabel("‖f(x + tΔx) − f(x) − J tΔx‖")
    ax.set_ylim(errors.min() / 5, errors.max() * 30)
    ax.grid(True, which="major", linewidth=0.6)
    if title is None:
        title = (f"First-order error of {vmap.title}, "
                 f"ℝ{superscript(vmap.dim_in)} → ℝ{superscript(vmap.dim_out)}")
    fig.house_title = ax.set_title(title, loc="left")
    _log_log_labels(ax)
    ax.legend(loc="upper left")
    return fig


# --- finite-difference error ----------------------------------------------------------------
@house_style
def fd_error_figure(landscape: Landscape, point: Sequence[float], steps: Sequence[float] | None = None, *,
                    theme: str = "light", size: tuple[float, float] = (8, 5.2)) -> Figure:
    """Error of forward, central and complex-step gradients against the step h (the V).

    Parameters
    ----------
    landscape
        Whose gradient (any landscape).
    point
        Where the gradient is taken (any point).
    steps
        The steps h; default :data:`gradfig.accuracy.DEFAULT_FD_STEPS` (1e-14 to 1e-1).
    theme
        ``"light"`` or ``"dark"``.
    size
        Width and height in inches.
    """
    palette = PALETTES[theme]
    fig = ThemedFigure(theme, figsize=size)
    ax = fig.add_subplot()
    point = tuple(float(c) for c in point)
    curves = {m: accuracy.fd_curve(m, landscape, point, steps) for m in ("forward", "central", "complex")}
    lines = {}
    # Forward is drawn last and thinner: on the round-off arm it runs on top of central.
    looks = {"forward": ("o", 4, 1.2, 4), "central": (".", 7, 2.6, 3), "complex": (".", 6, 1.8, 3)}
    for method, curve in curves.items():
        ok = np.isfinite(curve.errors)
        marker, msize, width, z = looks[method]
        (lines[method],) = ax.loglog(curve.steps[ok], curve.errors[ok], marker=marker,
                                     markersize=msize, linewidth=width,
                                     label=METHOD_LABELS[method], zorder=z)
    for method, slope in (("forward", 1.0), ("central", 2.0)):
        curve = curves[method]
        side = curve.steps >= 100 * curve.optimal_step
        xs = curve.steps[side]
        anchor = (xs[-1], float(curve.errors[side][-1]) * 4)
        _guide(ax, xs, anchor, slope, lines[method].get_color(), f"slope {number(slope, 'g')} guide")
        ax.plot(curve.optimal_step, curve.optimal_error, marker="v", markersize=11,
                color=lines[method].get_color(), markeredgecolor=palette.ink, zorder=5,
                linestyle="none", label=f"best {method} h = {number(curve.optimal_step, '.1e')}")
    ax.set_xlabel("step h")
    ax.set_ylabel("‖numerical ∇f − analytical ∇f‖")
    ax.xaxis.set_major_locator(LogLocator(numticks=8))
    _log_log_labels(ax)
    ax.grid(True, which="major", linewidth=0.6)
    fig.house_title = ax.set_title(f"Finite-difference error, {landscape.title} at {vector(point, 'g')}",
                                   loc="left")
    if size[0] < NARROW:  # a phone's: the legend, in one column, below the plot
        fig.set_layout_engine("constrained")
        fig.legend(loc="outside lower center", ncols=1, fontsize="small", frameon=False)
    else:
        ax.legend(loc="upper center", ncols=2, fontsize="small")
        ax.set_ylim(top=ax.get_ylim()[1] * 1e3)  # room for the legend above the V
    return fig
