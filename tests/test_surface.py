"""gradfig.figures.surface: the surface scene's numbers and its static 3-D figure, for every
registry landscape; the chapter's surface snippet and its check."""

from __future__ import annotations

import numpy as np
import pytest

from chapter.claims import ChapterClaimError
from gradfig.figures import surface
from gradfig.landscapes import LANDSCAPES


@pytest.mark.parametrize("name", list(LANDSCAPES))
def test_the_scene_is_the_landscape_its_slices_and_its_tangent_plane(name: str) -> None:
    ls = LANDSCAPES[name]
    p = surface.default_point(ls)
    s = surface.surface_scene(ls, p)
    g = ls.gradient(np.array(p))
    assert (s.dfdx, s.dfdy) == (float(g[0]), float(g[1])) and s.f == float(ls(np.array(p)))
    assert np.all(np.abs(g) > 1e-9)  # both tangent lines tilt at the default point
    # The surface grid is f; each slice lies in its plane and on the surface.
    assert np.array(s.z)[7, 11] == pytest.approx(float(ls(np.array([s.xs[11], s.ys[7]]))), rel=1e-15)
    sx, sy = np.array(s.slice_x), np.array(s.slice_y)
    assert np.all(sx[:, 1] == p[1]) and np.all(sy[:, 0] == p[0])
    np.testing.assert_allclose(sx[:, 2], ls(sx[:, :2]), rtol=1e-15)
    # Tangent lines: slope = the partial; they touch the slice at p (the plane contains them).
    (xa, _, za), (xb, _, zb) = s.tangent_x
    assert (zb - za) / (xb - xa) == pytest.approx(s.dfdx, rel=1e-12, abs=1e-12)
    (_, ya, za), (_, yb, zb) = s.tangent_y
    assert (zb - za) / (yb - ya) == pytest.approx(s.dfdy, rel=1e-12, abs=1e-12)
    plane = np.array(s.plane)
    def on_plane(x: float, y: float) -> float:
        return s.f + s.dfdx * (x - p[0]) + s.dfdy * (y - p[1])

    for (x, y, z) in [*s.tangent_x, *s.tangent_y]:
        assert z == pytest.approx(on_plane(x, y), rel=1e-12, abs=1e-12)
    for j, y in enumerate(s.plane_ys):
        for i, x in enumerate(s.plane_xs):
            assert plane[j, i] == pytest.approx(on_plane(x, y), rel=1e-12, abs=1e-12)
    lo, hi = s.zrange
    assert lo <= min(np.min(s.z), plane.min()) and hi >= max(np.max(s.z), plane.max())


def test_a_point_outside_the_domain_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        surface.surface_scene(LANDSCAPES["bowl"], (5.0, 0.0))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_static_figure_draws_the_scene_in_3d(theme: str) -> None:
    ls = LANDSCAPES["saddle"]
    fig = surface.surface_figure(ls, (1.0, 1.0), theme=theme)
    (ax,) = fig.axes
    assert ax.name == "3d"
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts[0].startswith("slice y = 1") and "∂f/∂x = 2" in texts[0]
    assert "∂f/∂y = −2" in texts[1]
    lines = [ln for ln in ax.lines if len(ln.get_xdata()) == 2]  # the tangent lines
    assert len(lines) >= 2
    fig.canvas.draw()  # draws without error in its theme


def test_the_chapter_shows_the_saddle_and_stops_on_a_wrong_slope(monkeypatch: pytest.MonkeyPatch) -> None:
    from chapter.figures import caption
    from chapter.pages import partials

    text = partials.surface_md()
    assert 'data-gradfig-surface="saddle"' in text and 'data-x="1.0" data-y="1.0"' in text
    assert "surface-light.svg#only-light" in text and "surface-dark.svg#only-dark" in text
    assert "∂f/∂x = 2 in the plane y = 1" in caption("surface")
    real = surface.surface_scene

    def skewed(ls, p, **kw):
        import dataclasses
        s = real(ls, p, **kw)
        return dataclasses.replace(s, tangent_x=[(x, y, z * 1.01) for x, y, z in s.tangent_x])

    monkeypatch.setattr(surface, "surface_scene", skewed)
    with pytest.raises(ChapterClaimError, match="tangent line"):
        partials.surface_md()
