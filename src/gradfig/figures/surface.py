"""The surface z = f(x, y) of a landscape at a point: its two slices and the tangent plane.

:func:`surface_scene` computes every number of the picture, and nothing else: the surface on a
grid, the two vertical planes y = y₀ and x = x₀ through the point p = (x₀, y₀), the slice
curves they cut from the surface, the tangent line of each slice (slope ∂f/∂x in the plane
y = y₀, ∂f/∂y in the plane x = x₀) and the tangent plane z = f(p) + ∇f(p)·((x, y) − p), which
the two tangent lines span. :func:`surface_figure` draws the scene as a static matplotlib 3-D
figure (for readers without JavaScript, print and slides). The browser's live view computes
the same scene with ``figures/assets/surface.mjs``, its mirror, checked against golden cases
this module writes (``scripts/mirror_goldens.py``).

Like :mod:`gradfig.figures.static`, nothing here writes a file, and the figure holds no words
of a chapter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from gradfig.figures.style import PALETTES, ThemedFigure, house_style
from gradfig.functions import Landscape
from gradfig.text import number, vector

__all__ = [
    "SLICE_SAMPLES",
    "SURFACE_SAMPLES",
    "TANGENT_HALF",
    "SurfaceScene",
    "default_point",
    "surface_figure",
    "surface_scene",
]

#: Surface grid samples per axis (the live view uses the same).
SURFACE_SAMPLES = 41
#: Samples along each slice curve.
SLICE_SAMPLES = 121
#: Half the length of each tangent line, and half the side of the tangent-plane patch, as a
#: fraction of the domain's width (x) or height (y).
TANGENT_HALF = 0.25


@dataclass(frozen=True)
class SurfaceScene:
    """Every number of the surface picture at one point (lists of floats, JSON-ready).

    ``z[j][i]`` is f(xs[i], ys[j]). Curves are lists of (x, y, z) points. ``plane`` is the
    tangent-plane patch as 2 × 2 corner heights over ``plane_xs`` × ``plane_ys``
    (``plane[j][i]`` over (plane_xs[i], plane_ys[j])). ``zrange`` spans the surface, the
    slices, the tangent lines and the plane: the height of the slice planes.
    """

    point: tuple[float, float]
    f: float
    dfdx: float
    dfdy: float
    xs: list[float]
    ys: list[float]
    z: list[list[float]]
    slice_x: list[tuple[float, float, float]]    # the curve in the plane y = y₀
    slice_y: list[tuple[float, float, float]]    # the curve in the plane x = x₀
    tangent_x: list[tuple[float, float, float]]  # its tangent line, slope ∂f/∂x
    tangent_y: list[tuple[float, float, float]]  # its tangent line, slope ∂f/∂y
    plane_xs: list[float]
    plane_ys: list[float]
    plane: list[list[float]]
    zrange: tuple[float, float]


def _clip(value: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, value))


def surface_scene(landscape: Landscape, point: Sequence[float], *, samples: int = SURFACE_SAMPLES,
                  slice_samples: int = SLICE_SAMPLES) -> SurfaceScene:
    """The surface of ``landscape`` with the slices and the tangent plane at ``point``.

    Parameters
    ----------
    landscape
        Any landscape (a function of two variables over a rectangle).
    point
        p = (x₀, y₀), inside the domain.

    Raises
    ------
    ValueError
        If ``point`` lies outside the domain, or f or ∇f is not finite there.
    """
    (x0, x1), (y0, y1) = landscape.domain
    px, py = (float(c) for c in point)
    if not (x0 <= px <= x1 and y0 <= py <= y1):
        raise ValueError(f"the point {vector((px, py))} lies outside {landscape.name}'s domain")
    p = np.array([px, py])
    f0 = float(landscape(p))
    gx, gy = (float(g) for g in landscape.gradient(p))
    if not all(np.isfinite([f0, gx, gy])):
        raise ValueError(f"f or ∇f of {landscape.name} is not finite at {vector((px, py))}")
    xs, ys = np.linspace(x0, x1, samples), np.linspace(y0, y1, samples)
    z = landscape(np.stack(np.meshgrid(xs, ys), axis=-1))
    cx, cy = np.linspace(x0, x1, slice_samples), np.linspace(y0, y1, slice_samples)
    slice_x = np.stack([cx, np.full_like(cx, py), landscape(np.stack([cx, np.full_like(cx, py)], -1))], -1)
    slice_y = np.stack([np.full_like(cy, px), cy, landscape(np.stack([np.full_like(cy, px), cy], -1))], -1)
    hx, hy = TANGENT_HALF * (x1 - x0), TANGENT_HALF * (y1 - y0)
    # The tangent lines and the plane stay over the domain: they end at its edges.
    tx = [_clip(px - hx, x0, x1), _clip(px + hx, x0, x1)]
    ty = [_clip(py - hy, y0, y1), _clip(py + hy, y0, y1)]
    tangent_x = [(x, py, f0 + gx * (x - px)) for x in tx]
    tangent_y = [(px, y, f0 + gy * (y - py)) for y in ty]
    plane = [[f0 + gx * (x - px) + gy * (y - py) for x in tx] for y in ty]
    heights = np.concatenate([z.ravel(), slice_x[:, 2], slice_y[:, 2], np.ravel(plane)])
    return SurfaceScene(
        point=(px, py), f=f0, dfdx=gx, dfdy=gy,
        xs=xs.tolist(), ys=ys.tolist(), z=z.tolist(),
        slice_x=[tuple(r) for r in slice_x.tolist()], slice_y=[tuple(r) for r in slice_y.tolist()],
        tangent_x=tangent_x, tangent_y=tangent_y, plane_xs=tx, plane_ys=ty, plane=plane,
        zrange=(float(heights.min()), float(heights.max())),
    )


def default_point(landscape: Landscape) -> tuple[float, float]:
    """A point where both partials are non-zero, so both tangent lines tilt: the first such
    check point inside the domain, else the first such of the landscape's sample points."""
    (x0, x1), (y0, y1) = landscape.domain
    inside = [p.point for p in landscape.points_to_check
              if x0 < p.point[0] < x1 and y0 < p.point[1] < y1]
    samples = [(x0 + a * (x1 - x0), y0 + b * (y1 - y0)) for a, b in Landscape.SAMPLE_FRACTIONS]
    for candidate in [*inside, *samples]:
        g = landscape.gradient(np.asarray(candidate, dtype=float))
        if np.all(np.abs(g) > 1e-9):
            return (float(candidate[0]), float(candidate[1]))
    return (float((x0 + x1) / 2), float((y0 + y1) / 2))


@house_style
def surface_figure(landscape: Landscape, point: Sequence[float] | None = None, *, theme: str = "light",
                   size: tuple[float, float] = (8, 6.4), elev: float = 28, azim: float = -58) -> Figure:
    """The surface of ``landscape`` with both slices, their tangent lines and the tangent plane
    at ``point`` (default: :func:`default_point`), as a static 3-D figure."""
    from matplotlib.lines import Line2D
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    palette = PALETTES[theme]
    s = surface_scene(landscape, default_point(landscape) if point is None else point)
    fig = ThemedFigure(theme, figsize=size, layout="compressed")
    ax = fig.add_subplot(projection="3d", computed_zorder=False)
    gx, gy = np.meshgrid(s.xs, s.ys)
    ax.plot_surface(gx, gy, np.array(s.z), cmap="viridis", rstride=1, cstride=1, linewidth=0,
                    antialiased=False,
                    alpha=0.78, zorder=1, rasterized=True)
    (x0, x1), (y0, y1) = landscape.domain
    lo, hi = s.zrange
    px, py = s.point
    colour_x, colour_y = SLICE_COLOURS[theme]
    # The slice planes, translucent: y = y₀ (through the point, along x) and x = x₀.
    for verts, colour in (([(x0, py, lo), (x1, py, lo), (x1, py, hi), (x0, py, hi)], colour_x),
                          ([(px, y0, lo), (px, y1, lo), (px, y1, hi), (px, y0, hi)], colour_y)):
        ax.add_collection3d(Poly3DCollection([verts], facecolor=colour, edgecolor=colour, alpha=0.12,
                                             linewidth=0.8, zorder=2))
    patch_x, patch_y = np.meshgrid(s.plane_xs, s.plane_ys)
    ax.plot_surface(patch_x, patch_y, np.array(s.plane), color=palette.muted, alpha=0.45, linewidth=0,
                    zorder=3)
    for curve, colour in ((s.slice_x, colour_x), (s.slice_y, colour_y)):
        c = np.array(curve)
        ax.plot(c[:, 0], c[:, 1], c[:, 2], color=colour, linewidth=2.2, zorder=4)
    for line, colour in ((s.tangent_x, colour_x), (s.tangent_y, colour_y)):
        c = np.array(line)
        ax.plot(c[:, 0], c[:, 1], c[:, 2], color=palette.ink, linewidth=4.2, solid_capstyle="round", zorder=5)
        ax.plot(c[:, 0], c[:, 1], c[:, 2], color=colour, linewidth=2.6, linestyle=(0, (4, 1.5)), zorder=5)
    ax.scatter([px], [py], [s.f], s=46, color=palette.accent, edgecolor=palette.marker_edge,
               linewidth=1.0, depthshade=False, zorder=6)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_zlim(lo, hi)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_zlabel("f(x, y)")
    ax.view_init(elev=elev, azim=azim)
    ax.set_facecolor((0, 0, 0, 0))
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_pane_color((0.5, 0.5, 0.5, 0.08))
        axis.pane.set_edgecolor(palette.muted)
        axis._axinfo["grid"]["color"] = palette.muted  # mplot3d has no public grid-colour setter
        axis._axinfo["grid"]["linewidth"] = 0.4
    at = vector(s.point, "g")
    ax.set_title(f"{landscape.title}: the surface at p = {at}", loc="left")
    handles = [
        Line2D([], [], color=colour_x, linewidth=2.2,
               label=f"slice y = {number(py, 'g')}; dashed: slope ∂f/∂x = {number(s.dfdx, '.3g')}"),
        Line2D([], [], color=colour_y, linewidth=2.2,
               label=f"slice x = {number(px, 'g')}; dashed: slope ∂f/∂y = {number(s.dfdy, '.3g')}"),
        Line2D([], [], color=palette.muted, linewidth=6, alpha=0.6, label="tangent plane at p"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False)
    return fig


#: The two slices' colours per theme: the x-slice (plane y = y₀) and the y-slice (x = x₀),
#: clear of viridis and of each other.
SLICE_COLOURS: dict[str, tuple[str, str]] = {
    "light": ("#d81b60", "#e65100"),
    "dark": ("#ff6fa5", "#ffab40"),
}
