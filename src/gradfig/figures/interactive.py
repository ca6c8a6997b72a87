"""Plotly figures of the gradient fields: pure builders that return ``go.Figure``.

One figure per landscape: a heatmap of f with level curves (one ``contour`` trace coloured as
a heatmap, so the grid is shipped once), a field of gradient arrows over the whole domain,
the landscape's critical points and, if asked, its labelled gradient-check points.
The browser adds the live parts (query point, ∇f arrow, level-set tangent) on an overlay.

Why the arrows are a ``scatter`` trace and not ``go.Quiver``: the only official plotly.js
bundle with the quiver trace is the full one (4.8 MB); the cartesian bundle (1.5 MB) has
heatmap, contour and scatter, which is all these figures need. ``plotly.figure_factory.
create_quiver`` draws arrows as scatter lines, so the smaller bundle serves the site.

Nothing here touches the disk; :mod:`gradfig.figures.page` turns the figures into page payloads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.figure_factory as ff
import plotly.graph_objects as go

from gradfig.figures.static import colour_bar_label, log_colour, log_ticks
from gradfig.functions import Landscape

__all__ = [
    "ARROWS",
    "GRID",
    "THEMES",
    "FieldTheme",
    "gradient_field",
    "round_sig",
    "theme_patch",
]

#: Heatmap samples per axis: 81 x 81 keeps the payload small and still looks smooth.
GRID = 81
#: Gradient arrows per axis (a 17 x 17 field reads well at 800 px and at phone width).
ARROWS = 17
#: Significant digits of shipped arrow coordinates: 5 keeps even the shortest arrow within
#: a fraction of a degree of ∇f (4 digits tilted short Rosenbrock arrows by up to 3°).
DIGITS = 5
#: Material's own system font stack (the site sets ``theme.font: false``).
FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif'
MARKERS = {"minimum": "circle", "maximum": "triangle-up", "saddle": "x-thin"}


@dataclass(frozen=True)
class FieldTheme:
    """Colours of one site theme (Material ``default`` = light, ``slate`` = dark)."""

    name: str
    paper: str       # matches the page background so the figure sits in the text
    ink: str         # axis labels, ticks, colour bar
    gridline: str
    level: str       # level curves over the heatmap
    arrow: str       # gradient arrows
    marker: str      # critical and check points


THEMES: dict[str, FieldTheme] = {
    "light": FieldTheme("light", paper="#ffffff", ink="#1f2328", gridline="rgba(0,0,0,0.08)",
                        level="rgba(255,255,255,0.55)", arrow="#ffffff", marker="#d84315"),
    # Arrows and level curves sit on the viridis heatmap, not on the page: light ink in both
    # themes (dark arrows vanish in viridis' dark purple). #1e2129 is Material's slate
    # background (--md-default-bg-color in the dark scheme).
    "dark": FieldTheme("dark", paper="#1e2129", ink="#e2e4e9", gridline="rgba(255,255,255,0.1)",
                       level="rgba(255,255,255,0.4)", arrow="#eceff4", marker="#ff8a65"),
}


def round_sig(values: np.ndarray, digits: int = DIGITS) -> np.ndarray:
    """Round to ``digits`` significant digits (keeps the shipped JSON short)."""
    values = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        exponent = np.floor(np.log10(np.abs(values)))
    exponent = np.where(np.isfinite(exponent), exponent, 0)
    scale = 10.0 ** (digits - 1 - exponent)
    return np.round(values * scale) / scale


def _label_font(style: FieldTheme) -> dict:
    # Bold with plotly's automatic contrasting shadow: labels sit on every heatmap colour.
    return {"color": style.marker, "size": 12, "weight": "bold", "shadow": "auto"}


def _grid(landscape: Landscape, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    (x0, x1), (y0, y1) = landscape.domain
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    points = np.stack(np.meshgrid(xs, ys), axis=-1)  # (ny, nx, 2): rows are y, as plotly wants
    return xs, ys, points


def _arrow_trace(landscape: Landscape, n: int, theme: FieldTheme) -> go.Scatter:
    """Arrows along ∇f, length growing with sqrt(‖∇f‖) so steep walls stand out but
    flat regions keep visible arrows; every arrow's direction is exact."""
    (x0, x1), (y0, y1) = landscape.domain
    step = min(x1 - x0, y1 - y0) / n
    # Arrows at cell centres, so none sits on the domain edge.
    xs = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
    ys = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
    points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    grad = landscape.gradient(points)
    norm = np.hypot(grad[:, 0], grad[:, 1])
    keep = norm > 1e-12 * max(norm.max(), 1.0)  # no arrow where ∇f = 0
    points, grad, norm = points[keep], grad[keep], norm[keep]
    length = step * 0.85 * (0.3 + 0.7 * np.sqrt(norm / norm.max()))
    u, v = grad[:, 0] / norm * length, grad[:, 1] / norm * length
    quiver = ff.create_quiver(points[:, 0], points[:, 1], u, v, scale=1.0,
                              arrow_scale=0.3, angle=np.pi / 7, scaleratio=1.0)
    trace = quiver.data[0]
    x = np.array([np.nan if v is None else v for v in trace.x], dtype=float)
    y = np.array([np.nan if v is None else v for v in trace.y], dtype=float)
    return go.Scatter(
        x=[None if np.isnan(v) else v for v in round_sig(x)],
        y=[None if np.isnan(v) else v for v in round_sig(y)],
        mode="lines", name="∇f", line={"color": theme.arrow, "width": 1.1},
        hoverinfo="skip", showlegend=False,
    )


def gradient_field(landscape: Landscape, theme: str = "light", grid: int = GRID,
                   arrows: int = ARROWS, show_check_points: bool = False) -> go.Figure:
    """The interactive field of one landscape as a plotly figure.

    Parameters
    ----------
    landscape
        Any 2-D landscape (its domain and critical points are drawn).
    theme
        ``"light"`` or ``"dark"``; see :func:`theme_patch` for switching live.
    grid
        Heatmap samples per axis.
    arrows
        Arrows per axis.
    show_check_points
        Also mark the landscape's labelled check points (for a page that discusses its
        gradient check).
    """
    style = THEMES[theme]
    xs, ys, points = _grid(landscape, grid)
    f = landscape(points)
    log = log_colour(f)  # the static figures' rule, so both views colour alike
    z = np.log1p(f) if log else f
    fig = go.Figure()
    fig.add_trace(go.Contour(
        # float32 is shipped as base64 by plotly.py (half the bytes of f8, 7 digits is
        # plenty for colour); the exact values come from the evaluator, not from this grid.
        x=xs.astype(np.float32), y=ys.astype(np.float32), z=z.astype(np.float32),
        contours={"coloring": "heatmap", "showlines": True},
        ncontours=16, colorscale="Viridis", line={"color": style.level, "width": 1},
        # The static figure's label and ticks: f's own values at their log(1 + f) places.
        colorbar={"title": {"text": colour_bar_label(log), "side": "right"},
                  "thickness": 14, "outlinewidth": 0, "len": 1.0,
                  **({"tickvals": [float(np.log1p(t)) for t in log_ticks(float(f.max()))],
                      "ticktext": [str(t) for t in log_ticks(float(f.max()))]} if log else {})},
        hoverinfo="skip", name="f",
    ))
    fig.add_trace(_arrow_trace(landscape, arrows, style))
    crit = landscape.critical_points
    if crit:
        fig.add_trace(go.Scatter(
            x=[c.point[0] for c in crit], y=[c.point[1] for c in crit],
            mode="markers+text", name="critical points",
            text=[c.kind for c in crit], textposition="top center",
            textfont=_label_font(style),
            marker={"symbol": [MARKERS[c.kind] for c in crit], "size": 11, "color": style.marker,
                    "line": {"color": style.marker, "width": 2}},
            hoverinfo="skip", showlegend=False, cliponaxis=False,
        ))
    if show_check_points and landscape.check_points:
        critical = {c.point for c in crit}
        shown = [p for p in landscape.check_points if p.point not in critical]
        fig.add_trace(go.Scatter(
            x=[p.point[0] for p in shown], y=[p.point[1] for p in shown],
            mode="markers+text", name="check points", text=[p.label for p in shown],
            textposition="bottom center", textfont=_label_font(style),
            marker={"symbol": "diamond-open", "size": 10, "color": style.marker,
                    "line": {"color": style.marker, "width": 2}},
            hoverinfo="skip", showlegend=False, cliponaxis=False,
        ))
    (x0, x1), (y0, y1) = landscape.domain
    fig.update_layout(
        template="none", autosize=True, showlegend=False, dragmode=False, hovermode=False,
        margin={"l": 48, "r": 8, "t": 12, "b": 42},
        font={"family": FONT, "size": 13, "color": style.ink},
        paper_bgcolor=style.paper, plot_bgcolor=style.paper,
        xaxis={"range": [x0, x1], "title": {"text": "x"}, "constrain": "domain",
               "showgrid": False, "zeroline": False, "ticks": "outside"},
        # Equal units on both axes: only then do arrows meet level curves at visible right angles.
        yaxis={"range": [y0, y1], "title": {"text": "y"}, "scaleanchor": "x", "scaleratio": 1,
               "constrain": "domain", "showgrid": False, "zeroline": False, "ticks": "outside"},
    )
    return fig


def theme_patch(landscape: Landscape, theme: str, show_check_points: bool = False) -> dict:
    """What changes between themes, as ``{"layout": {...}, "traces": [{...}, ...]}``.

    The browser deep-merges this into the figure to follow Material's toggle live; a test
    checks that patching the light figure gives exactly the dark one.
    """
    style = THEMES[theme]
    traces: list[dict] = [{"line": {"color": style.level}}, {"line": {"color": style.arrow}}]
    marker = {"textfont": {"color": style.marker},
              "marker": {"color": style.marker, "line": {"color": style.marker}}}
    if landscape.critical_points:
        traces.append(marker)
    if show_check_points and landscape.check_points:
        traces.append(marker)
    return {
        "layout": {"font": {"color": style.ink}, "paper_bgcolor": style.paper,
                   "plot_bgcolor": style.paper},
        "traces": traces,
    }
