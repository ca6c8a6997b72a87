"""Static figures of the chapter (matplotlib): pure functions that return a Figure.

Nothing here writes a file (:mod:`gradfig.export` does) and nothing here computes a
number the chapter quotes: the numbers come from the registry (:mod:`gradfig.landscapes`)
and from :mod:`gradfig.accuracy` and :mod:`gradfig.descent`; this module only draws them.

Every figure has a stable name (:data:`FIGURES`), a page size, an alt text and a caption
derived from what it shows (:func:`alt_text`, :func:`caption`). :func:`build` makes a
figure by name for a theme and a size.

Every figure function draws in the house style of its ``theme`` by itself and returns a
:class:`~gradfig.figures.style.ThemedFigure`, which keeps that style when it is drawn or
saved: no context manager is needed, ``fig.savefig("x.png")`` gives the house look.

Figures are made with :class:`matplotlib.figure.Figure` directly, never ``pyplot``: no
global figure manager, no GUI backend, safe in worker processes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import colors
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from gradfig import accuracy, descent
from gradfig.check import MINUS, format_number
from gradfig.figures.style import PALETTES, Palette, ThemedFigure, house_style
from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP

__all__ = [
    "FIGURES",
    "FigureSpec",
    "alt_text",
    "and_list",
    "build",
    "caption",
    "descent_figure",
    "fd_error_figure",
    "field_figure",
    "jacobian_map_figure",
    "log_colour",
    "number_word",
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
METHOD_LABELS = {"forward": "forward", "central": "central", "complex": "complex step"}


# --- small helpers --------------------------------------------------------------------------
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve")


def number_word(count: int) -> str:
    """``4`` -> ``"four"`` (up to twelve; digits beyond), as prose writes small counts."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def and_list(items: Iterable[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _n(value: float, spec: str = ".3g") -> str:
    """A number as printed on figures and captions (typographic minus)."""
    return format_number(float(value), MINUS, spec)


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _power_of_ten(value: float, _pos: object = None) -> str:
    """A log-axis tick label as plain text, ``10⁻⁴``.

    Matplotlib's own log labels are mathtext, which is parsed again for every tick of every
    saved format: on the two log-log figures that was most of their drawing time.
    """
    exponent = round(math.log10(value)) if value > 0 else 0
    if value <= 0 or not math.isclose(value, 10.0 ** exponent, rel_tol=1e-9):
        return ""
    return "1" if exponent == 0 else "10" + str(exponent).translate(_SUPERSCRIPT)


def _log_log_labels(ax: Axes) -> None:
    """Decades labelled ``10ⁿ`` in plain text on both axes; minor ticks unlabelled."""
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(_power_of_ten))
        axis.set_minor_formatter(NullFormatter())


def _vec(values: Sequence[float], spec: str = ".3g") -> str:
    return "(" + ", ".join(_n(v, spec) for v in values) + ")"


def _interval(lo: float, hi: float) -> str:
    def edge(v: float) -> str:
        if math.isclose(abs(v), math.pi):
            return ("−" if v < 0 else "") + "π"
        return _n(v, "g")
    return f"[{edge(lo)}, {edge(hi)}]"


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
def draw_field(ax: Axes, landscape: Landscape, palette: Palette, *, arrows: int = ARROWS,
               query: tuple[float, float] | None = None, show_arrows: bool = True,
               colorbar: bool = True) -> None:
    """Heatmap of f, level curves, ∇f arrows, critical points (and a query point) on ``ax``.

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
    ax.contour(pts[..., 0], pts[..., 1], f, levels=levels, colors=[palette.contour],
               linewidths=0.9)
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax, shrink=0.92, pad=0.02)
        bar.set_label("f(x, y), log scale" if log else "f(x, y)")
        if log:
            ticks = [t for t in (0, 1, 3, 10, 30, 100, 300, 1000, 3000) if t <= f.max()]
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
            label=f"query {_vec(q, 'g')}: ∇f = {_vec(g)}", zorder=8)


@house_style
def field_figure(landscape: Landscape, *, theme: str = "light", size: tuple[float, float] = (8, 6.4),
                 query: tuple[float, float] | None = None) -> Figure:
    """One landscape as a gradient field: heatmap, level curves, ∇f arrows, critical points."""
    palette = PALETTES[theme]
    fig = ThemedFigure(theme, figsize=size, layout="compressed")
    ax = fig.add_subplot()
    draw_field(ax, landscape, palette, query=query)
    ax.set_title(f"{landscape.title}: {_formula(landscape)}", loc="left")
    _legend(fig, size)
    return fig


def _legend(fig: Figure, size: tuple[float, float], **kwargs) -> None:
    """Below a square-ish figure; beside a wide one (a slide), where the space is free."""
    if "handles" not in kwargs and not any(ax.get_legend_handles_labels()[0] for ax in fig.axes):
        return  # nothing labelled (no critical point, no query point): no empty legend
    if size[0] / size[1] > 1.4:
        fig.legend(loc="outside right center", ncols=1, frameon=False, **kwargs)
    else:
        fig.legend(loc="outside lower center", ncols=2, frameon=False, **kwargs)


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
def panel_figure(landscapes: Sequence[Landscape] | None = None, *, theme: str = "light",
                 size: tuple[float, float] = (10, 8)) -> Figure:
    """Several landscapes' fields side by side (default: every registry landscape).

    The grid is sized from how many there are and the figure's shape (:func:`panel_grid`);
    unused cells stay empty.
    """
    landscapes = list(LANDSCAPES.values()) if landscapes is None else list(landscapes)
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
def descent_figure(landscape: Landscape | None = None, *, theme: str = "light",
                   size: tuple[float, float] = (8, 6.4)) -> Figure:
    """Gradient-descent paths from one start with different step sizes.

    Parameters
    ----------
    landscape
        Any landscape. Default: the chapter's preview on Rosenbrock, whose start and steps
        the chapter quotes; for any other, :func:`gradfig.descent.preview` chooses the start
        and the steps from its shape.
    theme, size
        ``"light"`` or ``"dark"``; inches.
    """
    palette = PALETTES[theme]
    run = descent.preview(landscape)
    landscape = run.landscape
    fig = ThemedFigure(theme, figsize=size, layout="compressed")
    ax = fig.add_subplot()
    draw_field(ax, landscape, palette, show_arrows=False)
    # Colours that stand out on viridis, and a marker each so colour is not the only cue.
    # Longer runs first, so a short path drawn on the same route stays visible on top.
    styles = [("#ffffff", "o"), ("#ff4081", "s"), ("#ff9100", "^"), ("#ff1744", "D")]
    (x0, x1), (y0, y1) = landscape.domain
    runs = list(zip(run.paths, styles, strict=False))
    for order, (path, (colour, marker)) in enumerate(reversed(runs)):
        pts = path.points
        end = (f"left the domain after {len(pts) - 1} steps" if path.diverged
               else f"f = {_n(path.final_value)} after {len(pts) - 1} steps")
        ax.plot(pts[:, 0], pts[:, 1], color=colour, linewidth=1.8, zorder=4 + order)
        last = np.clip(pts[-1], [x0, y0], [x1, y1])
        ax.plot(*last, marker=marker, markersize=9, color=colour, markeredgecolor="#111318",
                linestyle="-", linewidth=1.8, zorder=8, label=f"step {_n(path.step, 'g')}: {end}")
    ax.plot(*run.start, marker="*", markersize=15, color="#ffffff",
            markeredgecolor="#111318", linestyle="none", label="start", zorder=9)
    handles, labels = ax.get_legend_handles_labels()
    order_ = [labels.index(lab) for lab in sorted(labels, key=_legend_rank)]
    _legend(fig, size, handles=[handles[i] for i in order_], labels=[labels[i] for i in order_])
    ax.set_title(f"Gradient descent on {landscape.title}: x ← x − step · ∇f(x)", loc="left")
    return fig


def _legend_rank(label: str) -> tuple[int, float]:
    """Legend order for the descent figure: start, minimum, then runs by step size."""
    if label.startswith("step "):
        # The label prints the step with a typographic minus (3.3e−06): undo it to sort.
        return (2, float(label.split()[1].rstrip(":").replace(MINUS, "-")))
    return (0 if label == "start" else 1, 0.0)


# --- the Jacobian as a local linear map -----------------------------------------------------
JACOBIAN_RADIUS = 0.4


def _disc(x0: np.ndarray, radius: float, n: int = 5, samples: int = 181) -> list[np.ndarray]:
    """Offsets Δ tracing a circle of ``radius`` and a small n x n grid inside it."""
    t = np.linspace(0, 2 * np.pi, samples)
    lines = [radius * np.stack([np.cos(t), np.sin(t)], axis=1)]
    s = np.linspace(-radius, radius, samples)
    for c in np.linspace(-radius, radius, n):
        inside = np.abs(s) <= math.sqrt(max(radius**2 - c**2, 0))
        lines.append(np.stack([np.full(inside.sum(), c), s[inside]], axis=1))
        lines.append(np.stack([s[inside], np.full(inside.sum(), c)], axis=1))
    return [line for line in lines if len(line) > 1]


@house_style
def jacobian_map_figure(*, theme: str = "light", size: tuple[float, float] = (10, 5.2)) -> Figure:
    """A disc around x₀ in the input plane, its true image and its image under f(x₀) + JΔx."""
    palette = PALETTES[theme]
    vmap, x0 = POLAR_MAP, np.asarray(accuracy.POLAR_POINT)
    fig = ThemedFigure(theme, figsize=size)
    left, right = fig.subplots(1, 2)
    c_true, c_lin = "#56B4E9" if theme == "dark" else "#0072B2", "#E69F00"
    c1, c2 = "#009E73", "#CC79A7"
    r = JACOBIAN_RADIUS
    jac = None
    for i, delta in enumerate(_disc(x0, r)):
        true, lin, jac = accuracy.linear_images(vmap, tuple(x0), delta)
        lw = 2 if i == 0 else 0.9
        left.plot(*(x0 + delta).T, color=palette.ink, linewidth=lw)
        right.plot(*true.T, color=c_true, linewidth=lw, label="true image f(x₀ + Δ)" if i == 0 else None)
        right.plot(*lin.T, color=c_lin, linewidth=lw, linestyle=(0, (5, 3)),
                   label="linear image f(x₀) + JΔ" if i == 0 else None)
    assert jac is not None
    fx0 = vmap(x0)
    for j, colour in enumerate((c1, c2)):
        e = np.zeros(2)
        e[j] = r
        left.annotate("", xy=x0 + e, xytext=x0,
                      arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2.6,
                                  "shrinkA": 0, "shrinkB": 0})
        left.text(*(x0 + e * 1.12), f"{_n(r, 'g')}·e{'₁₂'[j]}", color=colour, fontweight="bold",
                  ha="left" if j == 0 else "center", va="center" if j == 0 else "bottom")
        col = jac[:, j] * r
        right.annotate("", xy=fx0 + col, xytext=fx0,
                       arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2.6,
                                   "shrinkA": 0, "shrinkB": 0})
        right.text(*(fx0 + col * 1.08), f"  {_n(r, 'g')}·J e{'₁₂'[j]}", color=colour,
                   fontweight="bold", ha="left", va="center")
    for ax, point in ((left, x0), (right, fx0)):
        ax.plot(*point, marker="o", color=palette.ink, markersize=6)
        ax.set_aspect("equal", adjustable="datalim")
        ax.margins(0.14)  # room for the arrow labels beyond the tips
        ax.grid(True, linewidth=0.6)
    vars_ = vmap.variables
    left.set_xlabel(vars_[0])
    left.set_ylabel("θ" if vars_[1] == "theta" else vars_[1], rotation=0, labelpad=8)
    left.set_title(f"input: disc of radius {_n(r, 'g')} around x₀ = {_vec(x0)}", loc="left",
                   fontsize="medium")
    right.set_xlabel("x")
    right.set_ylabel("y", rotation=0, labelpad=8)
    right.set_title(f"output: J = [[{_n(jac[0, 0])}, {_n(jac[0, 1])}], "
                    f"[{_n(jac[1, 0])}, {_n(jac[1, 1])}]]", loc="left", fontsize="medium")
    fig.suptitle(f"The Jacobian as a local linear map: {vmap.title}", x=0.01,
                 ha="left", fontweight="bold")
    fig.legend(loc="outside lower center", ncols=2, frameon=False)
    return fig


# --- first-order (Taylor) error -------------------------------------------------------------
def _guide(ax: Axes, xs: np.ndarray, anchor: tuple[float, float], slope: float, colour: str,
           label: str) -> None:
    """A dashed power-law line ``y ∝ x^slope`` through ``anchor``."""
    ys = anchor[1] * (xs / anchor[0]) ** slope
    ax.plot(xs, ys, color=colour, linestyle=(0, (5, 4)), linewidth=1.4, label=label)


@house_style
def taylor_error_figure(*, theme: str = "light", size: tuple[float, float] = (8, 5.2)) -> Figure:
    """‖f(x + tΔx) − f(x) − J tΔx‖ against t on log-log axes, with a slope-2 guide."""
    palette = PALETTES[theme]
    ts, errors = accuracy.TAYLOR_TS, accuracy.taylor_errors()
    slope = accuracy.taylor_slope()
    fig = ThemedFigure(theme, figsize=size)
    ax = fig.add_subplot()
    ax.loglog(ts, errors, marker="o", label=f"error (fitted slope {_n(slope, '.3f')})", zorder=3)
    _guide(ax, ts, (ts[-1], errors[-1] * 3), 2.0, palette.muted, "slope 2 guide (error ∝ t²)")
    _guide(ax, ts, (ts[-1], errors[-1] * 3), 1.0, palette.muted + "80", "slope 1 (for contrast)")
    ax.set_xlabel("step length t   (Δx a unit vector)")
    ax.set_ylabel("‖f(x + tΔx) − f(x) − J tΔx‖")
    ax.set_ylim(errors.min() / 5, errors.max() * 30)
    ax.grid(True, which="major", linewidth=0.6)
    dims = (str(d).translate(_SUPERSCRIPT) for d in (LAYER_MAP.dim_in, LAYER_MAP.dim_out))
    ax.set_title("First-order error of a dense tanh layer ℝ{} → ℝ{}".format(*dims), loc="left")
    _log_log_labels(ax)
    ax.legend(loc="upper left")
    return fig


# --- finite-difference error ----------------------------------------------------------------
@house_style
def fd_error_figure(*, theme: str = "light", size: tuple[float, float] = (8, 5.2)) -> Figure:
    """Error of forward, central and complex-step gradients against the step h (the V)."""
    palette = PALETTES[theme]
    fig = ThemedFigure(theme, figsize=size)
    ax = fig.add_subplot()
    curves = {m: accuracy.fd_curve(m) for m in ("forward", "central", "complex")}
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
        _guide(ax, xs, anchor, slope, lines[method].get_color(), f"slope {_n(slope, 'g')} guide")
        ax.plot(curve.optimal_step, curve.optimal_error, marker="v", markersize=11,
                color=lines[method].get_color(), markeredgecolor=palette.ink, zorder=5,
                linestyle="none", label=f"best {method} h = {_n(curve.optimal_step, '.1e')}")
    x = accuracy.FD_POINT
    ax.set_xlabel("step h")
    ax.set_ylabel("‖numerical ∇f − analytical ∇f‖")
    ax.xaxis.set_major_locator(LogLocator(numticks=8))
    _log_log_labels(ax)
    ax.grid(True, which="major", linewidth=0.6)
    ax.set_title(f"Finite-difference error, {accuracy.FD_LANDSCAPE.title} at {_vec(x, 'g')}",
                 loc="left")
    ax.legend(loc="upper center", ncols=2, fontsize="small")
    ax.set_ylim(top=ax.get_ylim()[1] * 1e3)  # room for the legend above the V
    return fig


# --- the registry of figures ----------------------------------------------------------------
@dataclass(frozen=True)
class FigureSpec:
    """A figure by name: how to draw it, its page size, what it depends on."""

    name: str
    title: str
    page_size: tuple[float, float]
    draw: Callable[..., Figure]  # draw(theme=..., size=...) -> Figure
    depends: str                 # the registry definitions it draws (part of the cache key)


def _field_spec(landscape: Landscape) -> FigureSpec:
    query = query_point(landscape)

    def draw(*, theme: str, size: tuple[float, float]) -> Figure:
        return field_figure(landscape, theme=theme, size=size, query=query)

    return FigureSpec(f"field-{landscape.name}", f"{landscape.title} gradient field", (8, 6.4),
                      draw, repr(landscape))


def _specs() -> dict[str, FigureSpec]:
    specs = [_field_spec(ls) for ls in LANDSCAPES.values()]
    specs += [
        FigureSpec("panel", "Every landscape side by side", panel_page_size(len(LANDSCAPES)),
                   panel_figure,
                   repr(list(LANDSCAPES.values()))),
        FigureSpec("descent", "Gradient descent preview", (8, 6.4), descent_figure,
                   repr((descent.DESCENT_LANDSCAPE, descent.DESCENT_START, descent.DESCENT_STEPS,
                         descent.DESCENT_ITERATIONS))),
        FigureSpec("jacobian-map", "The Jacobian as a local linear map", (10, 5.2),
                   jacobian_map_figure, repr((POLAR_MAP, accuracy.POLAR_POINT, JACOBIAN_RADIUS))),
        FigureSpec("taylor-error", "First-order (Taylor) error", (8, 5.2), taylor_error_figure,
                   repr((LAYER_MAP, LAYER_MAP.seed, accuracy.TAYLOR_TS.tolist()))),
        FigureSpec("fd-error", "Finite-difference error against the step", (8, 5.2), fd_error_figure,
                   repr((accuracy.FD_LANDSCAPE, accuracy.FD_POINT, accuracy.FD_STEPS.tolist()))),
    ]
    return {s.name: s for s in specs}


#: Every static figure by name, in the chapter's order.
FIGURES: dict[str, FigureSpec] = _specs()


def build(name: str, theme: str = "light", size: tuple[float, float] | None = None) -> Figure:
    """Draw figure ``name`` for ``theme`` at ``size`` inches (default: its page size)."""
    spec = FIGURES[name]
    return spec.draw(theme=theme, size=size or spec.page_size)


# --- words: alt text and captions, from the same numbers ------------------------------------
def _critical_words(landscape: Landscape) -> str:
    groups: dict[str, list[str]] = {}
    for c in landscape.critical_points:
        groups.setdefault(c.kind, []).append(_vec(c.point))
    parts = [f"{kind}{'s' if len(pts) > 1 else ''} at {', '.join(pts)}" for kind, pts in groups.items()]
    return "; ".join(parts) if parts else "no critical point in view"


def _field_words(landscape: Landscape) -> tuple[str, str]:
    (x0, x1), (y0, y1) = landscape.domain
    q = query_point(landscape)
    g = landscape.gradient(np.asarray(q))
    _, f = _grid(landscape, HEATMAP_SAMPLES)
    colour = "f on a log(1 + f) scale" if log_colour(f) else "f"
    alt = (f"{landscape.title} gradient field: heatmap of f(x, y) = {landscape.formula} over "
           f"{_interval(x0, x1)} × {_interval(y0, y1)} with level curves and a grid of arrows "
           f"along ∇f, {landscape.summary}. Marked: {_critical_words(landscape)}. Query point "
           f"{_vec(q, 'g')} with ∇f = {_vec(g)} (‖∇f‖ = {_n(np.linalg.norm(g))}) crossing the "
           "dashed level-set tangent at a right angle.")
    cap = (f"**{landscape.title}.** Colour shows {colour}; thin lines are level curves; arrows "
           f"point along ∇f, longer where ‖∇f‖ is larger (log scale). Every arrow crosses the "
           f"level curves at right angles. At the query point {_vec(q, 'g')}, "
           f"∇f = {_vec(g)}, ‖∇f‖ = {_n(np.linalg.norm(g))}. "
           f"Critical points: {_critical_words(landscape)}.")
    return alt, cap


def _words(name: str) -> tuple[str, str]:
    if name.startswith("field-"):
        return _field_words(LANDSCAPES[name.removeprefix("field-")])
    if name == "panel":
        shown = list(LANDSCAPES.values())
        rows, cols = panel_grid(len(shown), FIGURES["panel"].page_size)
        each = "; ".join(f"{ls.title}, f = {ls.formula}: {_critical_words(ls)}" for ls in shown)
        count = number_word(len(shown))
        alt = (f"{count.capitalize()} gradient fields in a {rows} × {cols} grid, each a heatmap "
               f"with level curves and ∇f arrows. {each}.")
        cap = (f"**The {count} landscapes.** The same drawing for {and_list(ls.title for ls in shown)}: "
               "arrows point uphill and cross the level curves at right angles.")
        return alt, cap
    if name == "descent":
        paths = descent.descent_paths()
        runs = "; ".join(
            f"step {_n(p.step, 'g')}: " + (f"leaves the domain after {len(p.points) - 1} steps"
                                            if p.diverged else
                                            f"f = {_n(p.final_value)}, ‖∇f‖ = {_n(p.final_grad_norm)} "
                                            f"after {len(p.points) - 1} steps")
            for p in paths)
        minimum = _vec(descent.DESCENT_LANDSCAPE.critical_points[0].point)
        alt = (f"Gradient-descent paths on the Rosenbrock heatmap from {_vec(descent.DESCENT_START, 'g')} "
               f"towards the minimum at {minimum}: {runs}.")
        cap = (f"**Gradient descent (a preview of Ch. 8).** From {_vec(descent.DESCENT_START, 'g')}, "
               f"x ← x − step · ∇f(x) with {len(paths)} step sizes: {runs}. Too small crawls, too large "
               "bounces across the valley or escapes.")
        return alt, cap
    if name == "jacobian-map":
        x0 = accuracy.POLAR_POINT
        jac = POLAR_MAP.jacobian(np.asarray(x0))
        cols = f"J e₁ = {_vec(jac[:, 0])}, J e₂ = {_vec(jac[:, 1])}"
        alt = (f"Left: a disc of radius {_n(JACOBIAN_RADIUS, 'g')} with grid lines around "
               f"(r, θ) = {_vec(x0)}. Right: its true image under the polar map, a curved patch, "
               f"and its image under f(x₀) + JΔ, an ellipse with a straight grid, which matches it "
               f"near the centre; arrows show the columns {cols}.")
        cap = (f"**The Jacobian as a local linear map.** Polar to Cartesian coordinates at "
               f"x₀ = (r, θ) = {_vec(x0)}: the columns of J are the images of the basis "
               f"vectors, {cols}. Near x₀ the linear image hugs the true one; further out they part.")
        return alt, cap
    if name == "taylor-error":
        slope = accuracy.taylor_slope()
        ts = accuracy.TAYLOR_TS
        alt = (f"Log-log plot of the first-order error of a dense tanh layer from R^{LAYER_MAP.dim_in} "
               f"to R^{LAYER_MAP.dim_out} against t from {_n(ts[0], '.0e')} to {_n(ts[-1], '.0e')}: "
               f"a straight line parallel to the slope-2 guide; fitted slope {_n(slope, '.3f')}.")
        cap = (f"**First-order error.** ‖f(x + tΔx) − f(x) − J tΔx‖ for the seeded "
               f"{LAYER_MAP.dim_out} × {LAYER_MAP.dim_in} layer falls like t²: the fitted log-log "
               f"slope is {_n(slope, '.3f')}.")
        return alt, cap
    if name == "fd-error":
        fw, ce, cx = (accuracy.fd_curve(m) for m in ("forward", "central", "complex"))
        pt = _vec(accuracy.FD_POINT, "g")
        alt = (f"Log-log plot of the gradient error against the step h at {pt} on Rosenbrock. "
               f"Forward differences: a V with its bottom {_n(fw.optimal_error, '.1e')} at "
               f"h = {_n(fw.optimal_step, '.1e')}, slope {_n(fw.slope or 0, '.2f')} on the right. "
               f"Central: bottom {_n(ce.optimal_error, '.1e')} at h = {_n(ce.optimal_step, '.1e')}, "
               f"slope {_n(ce.slope or 0, '.2f')}. Complex step: flat near "
               f"{_n(np.nanmedian(cx.errors[cx.steps < 1e-8]), '.0e')} for small h.")
        cap = (f"**Finite-difference error at {pt}.** Right of each V's bottom truncation rules "
               f"(fitted slopes: forward {_n(fw.slope or 0, '.2f')}, central "
               f"{_n(ce.slope or 0, '.2f')}); left of it round-off grows like 1/h. Best steps: "
               f"forward {_n(fw.optimal_step, '.1e')} (the step rule picks "
               f"{_n(fw.rule_step, '.1e')}), central {_n(ce.optimal_step, '.1e')} (rule "
               f"{_n(ce.rule_step, '.1e')}). The complex step has no subtraction, so no round-off arm.")
        return alt, cap
    raise KeyError(name)


def alt_text(name: str) -> str:
    """Alt text for figure ``name``, derived from what it shows (plain text)."""
    return _words(name)[0]


def caption(name: str) -> str:
    """Caption for figure ``name`` (Markdown, with its computed numbers)."""
    return _words(name)[1]
