"""The live surface on the partials page, in the built site, driven in Debian's Chromium.

What a reader would check: wherever p is moved (arrow keys, sliders, another landscape), the
readout's f and ∇f are SymPy's at the readout's point, the drawn tangent lines rise with slopes
∂f/∂x and ∂f/∂y, the drawn tangent plane passes through the point on the surface; plotly.js's
gl3d bundle is not fetched before the reader comes near; without JavaScript the static figure
is there and the controls are not. The ``page`` fixture fails a test on a console error or a
request off 127.0.0.1.
"""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

import site_tools
from gradfig.landscapes import LANDSCAPES

pytestmark = [pytest.mark.browser, pytest.mark.site]

PAGE = "partials/"
ROOT = "[data-gradfig-surface]"
#: The graph div's traces, in the component's order (docs/assets/js/surface-view.mjs, TRACE).
TRACE = {"plane": 3, "tangent_x": 6, "tangent_y": 7, "point": 8}


def _live(page, site_url: str):
    page.goto(site_url + PAGE)
    root = page.locator(ROOT)
    root.scroll_into_view_if_needed()
    root.hover()
    page.wait_for_function("el => el.classList.contains('is-live')", arg=root.element_handle())
    return root


def _state(root) -> dict:
    return root.evaluate("""el => {
        const gd = el.querySelector('.gradfig-surface__gl');
        const trace = (i) => ({x: Array.from(gd.data[i].x).map((r) => Array.isArray(r) ? r.slice() : r),
                               y: Array.from(gd.data[i].y).map((r) => Array.isArray(r) ? r.slice() : r),
                               z: Array.from(gd.data[i].z).map((r) => Array.isArray(r) ? Array.from(r) : r)});
        return {name: el.dataset.gradfigSurface, readout: {...el.querySelector('.gradfig-readout').dataset},
                traces: [3, 6, 7, 8].map(trace)};
    }""")


def _check(root) -> tuple[float, float]:
    """The readout is SymPy's f and ∇f at its point; the drawn lines and plane say the same."""
    state = _state(root)
    ls = LANDSCAPES[state["name"]]
    r = {k: float(v) for k, v in state["readout"].items() if k in ("x", "y", "f", "dfdx", "dfdy")}
    x, y = r["x"], r["y"]
    subs = dict(zip(ls.symbols, (sp.Float(x, 30), sp.Float(y, 30)), strict=True))
    f = float(ls.expr.subs(subs).evalf(30))
    fx, fy = (float(sp.diff(ls.expr, s).subs(subs).evalf(30)) for s in ls.symbols)
    for shown, exact in ((r["f"], f), (r["dfdx"], fx), (r["dfdy"], fy)):
        assert shown == pytest.approx(exact, rel=1e-9, abs=1e-9), (state["name"], x, y)
    plane, tx, ty, point = state["traces"]
    # Each tangent line as drawn: through p, along one axis, rising with its partial.
    assert tx["y"] == [y, y] and ty["x"] == [x, x]
    slope_x = (tx["z"][1] - tx["z"][0]) / (tx["x"][1] - tx["x"][0])
    slope_y = (ty["z"][1] - ty["z"][0]) / (ty["y"][1] - ty["y"][0])
    assert slope_x == pytest.approx(fx, rel=1e-9, abs=1e-9)
    assert slope_y == pytest.approx(fy, rel=1e-9, abs=1e-9)
    # The plane as drawn (2 × 2 corners of an affine patch) at p is f(p); the point is on it.
    (xa, xb), (ya, yb) = plane["x"], plane["y"]
    (z00, z01), (z10, z11) = plane["z"]
    u, v = (x - xa) / (xb - xa), (y - ya) / (yb - ya)
    at_p = (1 - u) * (1 - v) * z00 + u * (1 - v) * z01 + (1 - u) * v * z10 + u * v * z11
    assert at_p == pytest.approx(f, rel=1e-9, abs=1e-9)
    assert (point["x"][0], point["y"][0]) == (x, y)
    assert point["z"][0] == pytest.approx(f, rel=1e-12, abs=1e-12)
    return x, y


def _wait_moved(page, root, before: tuple[str, str]) -> None:
    page.wait_for_function(
        "([el, x, y]) => { const r = el.querySelector('.gradfig-readout').dataset;"
        " return r.x !== x || r.y !== y; }",
        arg=[root.element_handle(), *before])


def test_moving_p_keeps_readout_lines_and_plane_exact(page, site_url: str) -> None:
    root = _live(page, site_url)
    assert _check(root) == (1.0, 1.0)  # the static figure's point: the saddle at (1, 1)
    plot = root.locator(".gradfig-surface__plot")
    plot.focus()
    seen = {(1.0, 1.0)}
    for key, times in (("ArrowRight", 3), ("ArrowUp", 2), ("Shift+ArrowLeft", 1), ("ArrowDown", 4)):
        for _ in range(times):
            r = root.locator(".gradfig-readout")
            before = (r.get_attribute("data-x"), r.get_attribute("data-y"))
            page.keyboard.press(key)
            _wait_moved(page, root, before)
            seen.add(_check(root))
    # The sliders move p too.
    r = root.locator(".gradfig-readout")
    before = (r.get_attribute("data-x"), r.get_attribute("data-y"))
    root.locator(".gradfig-surface__x").evaluate(
        "el => { el.value = '-1.32'; el.dispatchEvent(new Event('input')); }")
    _wait_moved(page, root, before)
    seen.add(_check(root))
    assert len(seen) >= 6


_TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _inset_target(root, u: float, v: float) -> tuple[float, float, tuple[float, float]]:
    """The page position at fractions (u, v) of the inset, and the domain's point there
    (x to the right, y up)."""
    box = root.locator(".gradfig-surface__inset").bounding_box()
    (x0, x1), (y0, y1) = LANDSCAPES[root.get_attribute("data-gradfig-surface")].domain
    return (box["x"] + u * box["width"], box["y"] + v * box["height"],
            (x0 + u * (x1 - x0), y1 - v * (y1 - y0)))


def _near(root, expected: tuple[float, float]) -> None:
    """p is where the pointer was, to a pixel of the inset."""
    box = root.locator(".gradfig-surface__inset").bounding_box()
    (x0, x1), (y0, y1) = LANDSCAPES[root.get_attribute("data-gradfig-surface")].domain
    x, y = _check(root)
    assert abs(x - expected[0]) <= 1.5 * (x1 - x0) / box["width"], (x, expected)
    assert abs(y - expected[1]) <= 1.5 * (y1 - y0) / box["height"], (y, expected)


def test_dragging_p_on_the_inset_moves_it_exactly(page, site_url: str) -> None:
    root = _live(page, site_url)
    assert root.locator(".gradfig-surface__inset").is_visible()
    px, py, _ = _inset_target(root, 0.3, 0.3)
    page.mouse.move(px, py)
    page.mouse.down()
    for u, v in ((0.4, 0.35), (0.55, 0.5), (0.7, 0.8)):
        r = root.locator(".gradfig-readout")
        before = (r.get_attribute("data-x"), r.get_attribute("data-y"))
        px, py, expected = _inset_target(root, u, v)
        page.mouse.move(px, py, steps=3)
        _wait_moved(page, root, before)
        page.evaluate(_TWO_FRAMES)  # the frame that draws the drag's newest point has run
        _near(root, expected)
    page.mouse.up()
    # The drag ended: moving the mouse no longer moves p.
    r = root.locator(".gradfig-readout")
    before = (r.get_attribute("data-x"), r.get_attribute("data-y"))
    page.mouse.move(*_inset_target(root, 0.1, 0.1)[:2])
    page.evaluate(_TWO_FRAMES)
    assert (r.get_attribute("data-x"), r.get_attribute("data-y")) == before



@pytest.mark.parametrize("page", [site_tools.PHONE], indirect=True)
def test_a_finger_drag_on_the_inset_moves_p_and_the_page_stays(page, site_url: str) -> None:
    root = _live(page, site_url)
    scroll = page.evaluate("window.scrollY")
    cdp = page.context.new_cdp_session(page)
    px, py, _ = _inset_target(root, 0.2, 0.7)
    site_tools.touch(cdp, "touchStart", px, py)
    seen = []
    for k in range(1, 6):
        r = root.locator(".gradfig-readout")
        before = (r.get_attribute("data-x"), r.get_attribute("data-y"))
        px, py, expected = _inset_target(root, 0.2 + 0.12 * k, 0.7 - 0.1 * k)
        site_tools.touch(cdp, "touchMove", px, py)
        _wait_moved(page, root, before)
        page.evaluate(_TWO_FRAMES)
        _near(root, expected)
        seen.append(_check(root))
    site_tools.touch(cdp, "touchEnd")
    assert page.evaluate("window.scrollY") == scroll  # the finger moved p, not the page
    assert all(b[0] > a[0] and b[1] > a[1] for a, b in itertools.pairwise(seen))


def test_the_landscape_switch_shows_each_landscape_exactly(page, site_url: str) -> None:
    root = _live(page, site_url)
    switch = root.locator(".gradfig-surface__switch")
    assert switch.is_visible()
    for name in LANDSCAPES:
        if name == root.get_attribute("data-gradfig-surface"):
            continue
        switch.locator(f'input[value="{name}"]').check()
        page.wait_for_function("([el, n]) => el.dataset.gradfigSurface === n",
                               arg=[root.element_handle(), name])
        page.wait_for_function(
            "([el, n]) => { const d = el.querySelector('.gradfig-readout').dataset; return d.x !== ''; }",
            arg=[root.element_handle(), name])
        _check(root)
        r = root.locator(".gradfig-readout")
        before = (r.get_attribute("data-x"), r.get_attribute("data-y"))
        root.locator(".gradfig-surface__plot").focus()
        page.keyboard.press("ArrowLeft")
        _wait_moved(page, root, before)
        _check(root)


def test_the_gl3d_bundle_waits_for_the_reader(page, site_url: str) -> None:
    page.goto(site_url + PAGE)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # not a timing assertion: nothing may arrive without the reader
    loaded = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    assert not any("plotly-gl3d" in url for url in loaded)
    assert page.locator(ROOT).get_attribute("class") == "gradfig-surface"
    _live(page, site_url)
    loaded = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    assert any(url.endswith("/generated/vendor/plotly-gl3d.min.js") for url in loaded)


@pytest.mark.parametrize("page", [{"color_scheme": "dark", "viewport": {"width": 390, "height": 844}}],
                         indirect=True)
def test_dark_phone_surface_is_live_and_exact(page, site_url: str) -> None:
    root = _live(page, site_url)
    _check(root)
    box = root.locator(".gradfig-surface__plot").bounding_box()
    assert box and box["width"] <= 390 and box["height"] == pytest.approx(box["width"] * 4 / 5, abs=2)


@pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_the_static_figure_is_there(page, site_url: str) -> None:
    page.goto(site_url + PAGE)
    root = page.locator(ROOT)
    img = root.locator('img[src*="surface-light.svg"]')
    img.scroll_into_view_if_needed()
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
    assert img.is_visible()
    assert "∂f/∂x = 2" in root.locator("figcaption").inner_text()
    assert not root.locator(".gradfig-surface__controls").is_visible()
    assert not root.locator(".gradfig-surface__switch").is_visible()
