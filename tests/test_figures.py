"""The static figures: they draw, they are right, and the site shows and links them.

"Right" is checked from each figure's own data (the quiver's U, V; the plotted error
curves; the Jacobian arrows), compared with the registry's analytical derivatives.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import numpy as np
import pytest
from matplotlib.quiver import Quiver

from chapter import figures as chapter_figures
from chapter import subjects
from chapter.figures import FIGURES, ZIP_NAME, figure_snippet, slide_jobs
from gradfig import accuracy, descent, export, numdiff
from gradfig.custom import landscape_from_formula
from gradfig.figures import static
from gradfig.figures.style import THEMES, themed
from gradfig.functions import VectorMap
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP, ROSENBROCK, SHEAR_MAP
from gradfig.render import MOTION_FORMATS


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# --- every figure draws -----------------------------------------------------------------------
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", list(FIGURES))
def test_every_figure_renders_in_every_theme(name: str, theme: str) -> None:
    with themed(theme):
        fig = FIGURES[name].figure(theme)
        data = export.figure_bytes(fig, "png", dpi=20)
    w, h = FIGURES[name].page_size
    assert _png_size(data) == (round(w * 20), round(h * 20))
    assert fig.axes, "a figure without axes"


def test_there_is_a_field_figure_for_every_landscape() -> None:
    assert [n for n in FIGURES if n.startswith("field-")] == [f"field-{n}" for n in LANDSCAPES]


WAVE = landscape_from_formula("x*exp(-x^2 - y^2)", (-2, 2, -2, 2), name="wave")
#: A map of one's own, R² -> R², not in the registry.
SWIRL = VectorMap(name="swirl", title="Swirl", formulas=("x*cos(y) - y", "x*sin(y) + x^2"))


@pytest.mark.parametrize("draw", [
    lambda: static.field_figure(WAVE, query=static.query_point(WAVE)),
    lambda: static.panel_figure([WAVE, ROSENBROCK, WAVE]),
    lambda: static.descent_figure(WAVE),
    lambda: static.descent_figure(WAVE, start=(1.0, 1.0), steps=(0.1, 0.5)),
    lambda: static.jacobian_figure(SWIRL, (0.5, -1.0)),
    lambda: static.jacobian_figure(SHEAR_MAP, (0.5, 1.0), radius=0.3),
    lambda: static.taylor_error_figure(SWIRL),
    lambda: static.taylor_error_figure(LAYER_MAP, ts=np.logspace(-4, -1, 7)),
    lambda: static.fd_error_figure(WAVE, (0.5, -0.25)),
], ids=["field", "panel", "descent", "descent-fixed", "jacobian", "jacobian-radius", "taylor", "taylor-ts",
        "fd"])
def test_every_figure_function_draws_a_subject_of_ones_own(draw) -> None:
    """What the chapter draws for its subjects, an author can draw for theirs."""
    fig = draw()
    assert fig.axes
    data = export.figure_bytes(fig, "png", dpi=20)
    assert data.startswith(b"\x89PNG")


def test_the_jacobian_figure_refuses_a_map_that_is_not_of_the_plane() -> None:
    cube = VectorMap(name="cube", title="Cube", formulas=("x*y*z", "x + y", "z"), variables=("x", "y", "z"))
    with pytest.raises(ValueError, match="R² → R² only"):
        static.jacobian_figure(cube, (1.0, 1.0, 1.0))


def test_the_default_jacobian_radius_comes_from_the_point() -> None:
    assert static.default_radius(subjects.POLAR_POINT) == subjects.JACOBIAN_RADIUS == 0.4
    assert static.default_radius((0.0, 0.0)) == 0.2  # a fifth of the unit scale at the origin


# --- the figures are right ----------------------------------------------------------------------
def _arrows(fig) -> Quiver:
    found = [c for ax in fig.axes for c in ax.collections
             if isinstance(c, Quiver) and c.get_gid() == "gradient-arrows"]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("name", list(LANDSCAPES))
def test_arrows_point_along_the_gradient(name: str) -> None:
    landscape = LANDSCAPES[name]
    with themed("light"):
        fig = static.field_figure(landscape)
    quiver = _arrows(fig)
    where = np.column_stack([quiver.X, quiver.Y])
    drawn = np.column_stack([quiver.U, quiver.V])
    grad = landscape.gradient(where)
    assert len(where) >= 15 * 15  # the whole domain is covered, not a few arrows
    cos = np.sum(drawn * grad, axis=1) / (np.linalg.norm(drawn, axis=1) * np.linalg.norm(grad, axis=1))
    assert cos.min() > 0.9999, f"an arrow is off ∇f by {np.degrees(np.arccos(cos.min())):.2f}°"
    # Steeper ground draws a longer arrow (lengths are monotone in ‖∇f‖).
    order = np.argsort(np.linalg.norm(grad, axis=1))
    assert np.all(np.diff(np.linalg.norm(drawn, axis=1)[order]) >= -1e-12)
    # Arrows are drawn in data units on equal axes, so their angle on screen is ∇f's.
    assert quiver.angles == "xy" and fig.axes[0].get_aspect() == 1.0
    (x0, x1), (y0, y1) = landscape.domain
    assert where[:, 0].min() < x0 + 0.1 * (x1 - x0) and where[:, 0].max() > x1 - 0.1 * (x1 - x0)
    assert where[:, 1].min() < y0 + 0.1 * (y1 - y0) and where[:, 1].max() > y1 - 0.1 * (y1 - y0)


@pytest.mark.parametrize("name", list(LANDSCAPES))
def test_critical_points_are_marked_with_their_kind(name: str) -> None:
    landscape = LANDSCAPES[name]
    with themed("light"):
        fig = static.field_figure(landscape)
    ax = fig.axes[0]
    marked = {line.get_label(): np.column_stack(line.get_data()) for line in ax.get_lines()}
    for cp in landscape.critical_points:
        assert np.any(np.all(np.isclose(marked[cp.kind], cp.point), axis=1)), (cp, marked.keys())
        assert np.allclose(landscape.gradient(np.asarray(cp.point)), 0, atol=1e-12)


def _curve_lines(fig) -> list:
    return [line for line in fig.axes[0].get_lines() if (line.get_gid() or "").startswith("critical-curve-")]


@pytest.mark.parametrize("name", list(LANDSCAPES))
def test_a_field_draws_one_line_per_curve_of_critical_points(name: str) -> None:
    landscape = LANDSCAPES[name]
    with themed("dark"):
        fig = static.field_figure(landscape)
    assert len(_curve_lines(fig)) == len(landscape.critical_search.curves)


@pytest.mark.parametrize(("formula", "spans"), [("x**2*y**2", 2), ("(x**2 + y**2 - 1)**2", 1)])
def test_a_curve_of_critical_points_is_drawn_as_the_line_it_is(formula: str, spans: int) -> None:
    """x²y² is critical along both axes, (x² + y² − 1)² along the unit circle (and has a
    maximum at the origin): each curve is drawn as a line through points where ∇f = 0, named
    once in the legend, not as a cloud of markers."""
    landscape = landscape_from_formula(formula, domain=((-2, 2), (-2, 2)))
    with themed("light"):
        fig = static.field_figure(landscape)
    lines = _curve_lines(fig)
    assert len(lines) == spans == len(landscape.critical_search.curves)
    for line in lines:
        xy = np.column_stack(line.get_data())
        assert len(xy) > 20
        assert np.abs(landscape.gradient(xy)).max() < 1e-9
        extent = np.ptp(xy, axis=0).max()
        assert extent > 1.9, extent  # along the curve, not a dot on it
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert labels.count(static.CRITICAL_CURVE_LABEL) == 1
    # markers only for the isolated points (the ring's maximum at the origin), none on a curve
    assert set(labels) - {static.CRITICAL_CURVE_LABEL} == {c.kind for c in landscape.critical_points}


def test_each_field_is_coloured_on_the_scale_log_colour_picks() -> None:
    """Rosenbrock on a log scale and the chapter's other landscapes linearly (the chapter's
    fact); any landscape on the scale ``log_colour`` picks for its values (the mechanism)."""
    log = {}
    with themed("light"):
        for name, landscape in LANDSCAPES.items():
            image = static.field_figure(landscape).axes[0].images[0]
            values = np.asarray(image.get_array())
            median, lo, hi = np.median(values), values.min(), values.max()
            linear = (median - lo) / (hi - lo)
            # On the log scale the median of f gets a far brighter colour than on a linear one.
            shift = float(image.norm(median)) - linear
            log[name] = shift > 0.2
            assert log[name] == static.log_colour(values), (name, shift)
            assert shift > -1e-9
    chapter = {"bowl": False, "saddle": False, "rosenbrock": True, "ripples": False}
    assert {name: log[name] for name in chapter} == chapter


def test_query_point_and_its_readout_come_from_the_gradient() -> None:
    landscape = LANDSCAPES["rosenbrock"]
    q = static.query_point(landscape)
    assert q == (-0.5, 1.5)  # the steepest of the chapter's check points
    with themed("light"):
        fig = static.field_figure(landscape, query=q)
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert "query (−0.5, 1.5): ∇f = (22, 25)" in labels
    tangent = next(line for line in fig.axes[0].get_lines() if line.get_label() == "level-set tangent")
    xy = np.column_stack(tangent.get_data())
    along = xy[1] - xy[0]
    assert abs(np.dot(along, landscape.gradient(np.asarray(q)))) < 1e-9 * np.linalg.norm(along)


def test_taylor_error_slope_is_two() -> None:
    slope = chapter_figures.taylor_slope()
    assert abs(slope - 2) < 0.1
    with themed("light"):
        fig = FIGURES["taylor-error"].figure()
    line = fig.axes[0].get_lines()[0]  # the error curve, as drawn
    t, err = line.get_data()
    assert abs(accuracy.fit_slope(t, err) - 2) < 0.1
    np.testing.assert_array_equal(t, subjects.TAYLOR_TS)
    assert f"{slope:.3f}" in chapter_figures.caption("taylor-error")


def test_finite_difference_v_has_the_right_slopes_and_bottoms() -> None:
    with themed("light"):
        fig = static.fd_error_figure(ROSENBROCK, subjects.FD_POINT)
    curves = {line.get_label(): line.get_data() for line in fig.axes[0].get_lines()}
    for method, order, best in (("central", 2, (1e-7, 1e-4)), ("forward", 1, (1e-9, 1e-7))):
        h, err = (np.asarray(v) for v in curves[method])
        h_opt, _ = accuracy.optimal_step(h, err)
        assert best[0] <= h_opt <= best[1], (method, h_opt)
        assert abs(accuracy.truncation_slope(h, err, h_opt) - order) < 0.2, method
        # Left of the bottom, round-off makes the error grow again (the V).
        assert err[h < h_opt / 100].min() > 10 * err.min()
        # The marked optimum is the drawn curve's own minimum.
        (marked,) = [v for k, v in curves.items() if k.startswith(f"best {method} h")]
        assert np.asarray(marked[0]).item() == h_opt
    h, err = (np.asarray(v) for v in curves["complex step"])
    assert err[h < 1e-8].max() < 1e-13  # no round-off arm


def test_descent_paths_follow_minus_the_gradient() -> None:
    landscape = subjects.DESCENT_LANDSCAPE
    paths = descent.preview(landscape, subjects.DESCENT_START, subjects.DESCENT_STEPS).paths
    for path in paths:
        pts = path.points
        np.testing.assert_allclose(pts[1:], pts[:-1] - path.step * landscape.gradient(pts[:-1]),
                                   rtol=0, atol=1e-12)
    by_step = {p.step: p for p in paths}
    assert by_step[0.01].final_value < 0.05 < by_step[0.002].final_value
    assert by_step[0.022].diverged and not by_step[0.01].diverged


def test_descent_paths_have_distinct_hues_and_whole_end_markers() -> None:
    """Each coloured path's hue is at least 45° from every other's (white is the fourth cue),
    and no end marker is clipped: one that left the domain sits whole on its edge."""
    import colorsys

    from matplotlib.colors import to_rgb

    hues = []
    for colour, _ in static.DESCENT_STYLES:
        h, _lightness, sat = colorsys.rgb_to_hls(*to_rgb(colour))
        if sat > 0.2:
            hues.append(h * 360)
    assert len(hues) >= len(static.DESCENT_STYLES) - 1
    for i, a in enumerate(hues):
        for b in hues[i + 1:]:
            assert min(abs(a - b), 360 - abs(a - b)) >= 45, (a, b)
    for theme in THEMES:
        with themed(theme):
            fig = static.descent_figure(subjects.DESCENT_LANDSCAPE, subjects.DESCENT_START,
                                        subjects.DESCENT_STEPS, theme=theme)
        ends = [line for line in fig.axes[0].lines if (line.get_gid() or "").startswith("descent-end-")]
        assert len(ends) == len(subjects.DESCENT_STEPS)
        assert all(not line.get_clip_on() for line in ends)


def test_jacobian_arrows_are_the_columns_of_j() -> None:
    x0 = np.asarray(subjects.POLAR_POINT)
    with themed("light"):
        fig = static.jacobian_figure(POLAR_MAP, x0, subjects.JACOBIAN_RADIUS)
    right = fig.axes[-1]  # input plane, J between them, output plane
    jac = POLAR_MAP.jacobian(x0)
    np.testing.assert_allclose(jac, numdiff.jacobian(POLAR_MAP, x0), atol=1e-8)
    arrows = [np.subtract(a.xy, a.xyann) for a in right.texts if hasattr(a, "xyann") and a.arrow_patch]
    assert len(arrows) == 2
    for j, drawn in enumerate(arrows):
        np.testing.assert_allclose(drawn, subjects.JACOBIAN_RADIUS * jac[:, j], atol=1e-12)
    # The linear image hugs the true one: their gap is second order in the radius.
    true, lin, _ = accuracy.linear_images(POLAR_MAP, tuple(x0), np.array([[0.01, 0.0], [0.0, 0.01]]))
    assert np.abs(true - lin).max() < 1e-3


# --- words ------------------------------------------------------------------------------------
def test_alt_text_says_what_the_figure_shows() -> None:
    alt = chapter_figures.alt_text("field-rosenbrock")
    assert "(1 - x)^2 + 10*(y - x^2)^2" in alt and "minimum at (1, 1)" in alt
    assert "(22, 25)" in alt
    ripples = chapter_figures.alt_text("field-ripples")
    assert "saddles at" in ripples and "maximum at" in ripples
    for name in FIGURES:
        assert len(chapter_figures.alt_text(name)) > 80, name
        assert chapter_figures.caption(name).startswith("**"), name


def test_snippet_shows_both_themes_with_alt_text() -> None:
    text = figure_snippet("field-bowl")
    assert "(generated/figures/field-bowl-light.svg#only-light)" in text
    assert "(generated/figures/field-bowl-dark.svg#only-dark)" in text
    assert 'width="800" height="640"' in text
    assert "\\[−2, 2\\]" in text  # brackets in the alt text are escaped for Markdown


def test_pdfs_embed_truetype_fonts() -> None:
    with themed("light"):
        data = export.figure_bytes(FIGURES["taylor-error"].figure(), "pdf")
    assert b"/FontFile2" in data and b"/Type3" not in data


# --- the site ---------------------------------------------------------------------------------
class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag == "img":
            self.images.append(a)


@pytest.mark.site
def test_gallery_links_resolve_inside_the_built_site(built_site: Path) -> None:
    page = built_site / "gallery" / "index.html"
    parser = _Links()
    parser.feed(page.read_text())
    base = "http://site/gallery/"
    downloads = [h for h in parser.links if "generated/figures/" in h]
    motions = [h for h in downloads if h.endswith((".gif", ".mp4"))]
    animated = [name for name, spec in FIGURES.items() if spec.animated]
    assert len(downloads) - len(motions) == len(FIGURES) * len(THEMES) * 4 + 1  # 4 formats + the zip
    assert len(motions) == len(animated) * len(THEMES) * 2  # GIF and MP4 of each animated figure
    for href in downloads + [i["src"] or "" for i in parser.images if "figures/" in (i["src"] or "")]:
        url = urlparse(urljoin(base, href))
        assert url.netloc == "site", href
        target = built_site / unquote(url.path).lstrip("/")
        assert target.is_file() and target.stat().st_size > 1000, href
    figures_on_page = [i for i in parser.images if "generated/figures/" in (i["src"] or "")]
    # Each figure in both themes, wide and for a phone.
    assert len(figures_on_page) == 2 * len(THEMES) * len(FIGURES)
    phone = [i for i in figures_on_page if "gradfig-phone" in (i.get("class") or "")]
    assert len(phone) == len(THEMES) * len(FIGURES)
    assert all(len(i.get("alt") or "") > 80 for i in figures_on_page)
    alts = {i["alt"] for i in figures_on_page}
    assert chapter_figures.alt_text("field-rosenbrock") in alts  # unescaped, as written


@pytest.mark.site
def test_gallery_zip_holds_every_slide_figure(built_site: Path) -> None:
    data = (built_site / "generated" / "figures" / ZIP_NAME).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        expected = sorted(name for job in slide_jobs()  # stills: no animation
                          for fmt, name in job.file_names().items() if fmt not in MOTION_FORMATS)
        assert names == expected
        for name in names:
            if name.endswith(".png"):
                assert _png_size(archive.read(name)) == (1920, 1080), name
            assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.site
def test_chapter_pages_show_the_figures_they_include(built_site: Path) -> None:
    """Every page that includes a figure snippet shows the images (no broken src)."""
    for html in built_site.rglob("index.html"):
        for src in re.findall(r'src="([^"]*generated/figures/[^"]+)"', html.read_text()):
            rel = urlparse(urljoin("http://site/" + str(html.parent.relative_to(built_site)) + "/", src))
            assert (built_site / unquote(rel.path).lstrip("/")).is_file(), (html, src)
