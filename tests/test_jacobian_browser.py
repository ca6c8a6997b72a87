"""The live Jacobian in the built site, driven in Debian's Chromium.

What a reader would check: wherever the point x₀ is dragged or moved with the keys, the four
entries shown are the map's Jacobian there (compared with gradfig's own ``jacobian`` at the
readout's x₁, x₂), the drawn grid's true image is f of the grid and its linear image is
f(x₀) + JΔ, the arrows are J's columns; keyboard, touch, both themes, a phone screen, and
without JavaScript the static figure (that it starts once per page load:
tests/test_navigation_browser.py). The ``page`` fixture also fails a test on a console error or
a request off 127.0.0.1.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import site_probe
from chapter.jacobian_widget import WIDGET_MAPS
from gradfig.landscapes import POLAR_MAP, SHEAR_MAP

pytestmark = [pytest.mark.browser, pytest.mark.site]

PAGE = "jacobian/"
MAPS = {"polar": POLAR_MAP, "shear": SHEAR_MAP}
SPEC = {m.vmap.name: m for m in WIDGET_MAPS}
WIDGET = "[data-gradfig-jacobian]"


def _open(page, site_url: str, name: str = "polar"):
    page.goto(site_url + PAGE)
    root = page.locator(WIDGET)
    root.scroll_into_view_if_needed()  # it is drawn only near the viewport
    page.wait_for_function("el => el.classList.contains('is-ready')", arg=root.element_handle())
    if name != root.get_attribute("data-gradfig-jacobian"):
        root.locator(f'input[type=radio][value="{name}"]').check()
    page.wait_for_function("([el, n]) => el.dataset.gradfigJacobian === n", arg=[root.element_handle(), name])
    root.scroll_into_view_if_needed()
    return root


def _readout(root) -> dict[str, float]:
    data = root.locator(".gradfig-jac__readout").evaluate("e => ({...e.dataset})")
    return {k: float(v) for k, v in data.items()}


def _expect_exact(name: str, r: dict[str, float]) -> np.ndarray:
    """J shown = the registry's Jacobian at the shown point, to 1e-12 relative."""
    x = np.array([r["x1"], r["x2"]])
    expected = MAPS[name].jacobian(x)
    shown = np.array([[r["j11"], r["j12"]], [r["j21"], r["j22"]]])
    np.testing.assert_allclose(shown, expected, rtol=1e-12, atol=1e-15)
    return x


def _client(root, panel: str, x: float, y: float) -> tuple[float, float]:
    """Where the data point (x, y) of a panel is on screen (the panel's own data transform)."""
    return tuple(root.evaluate("""(el, [panel, x, y]) => {
        const g = el.querySelector(`[data-panel="${panel}"] .gradfig-jac__data`);
        const p = new DOMPoint(x, y).matrixTransform(g.getScreenCTM());
        return [p.x, p.y];
    }""", [panel, x, y]))


def _pixel_size(root, panel: str) -> tuple[float, float]:
    """Data units per screen pixel along each axis."""
    (x0, y0), (x1, y1) = _client(root, panel, 0, 0), _client(root, panel, 1, 1)
    return 1 / abs(x1 - x0), 1 / abs(y1 - y0)


def _handle_centre(root) -> tuple[float, float]:
    box = root.locator(".gradfig-jac__dot").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _drag(page, root, target: tuple[float, float]) -> dict[str, float]:
    """Press on the handle, move in steps to the data point ``target``, release."""
    page.mouse.move(*_handle_centre(root))
    page.mouse.down()
    page.mouse.move(*_client(root, "in", *target), steps=6)
    page.mouse.up()
    return _readout(root)


def _polylines(root, group: str) -> list[np.ndarray]:
    texts = root.locator(f".gradfig-jac__{group} polyline").evaluate_all(
        "els => els.map(e => e.getAttribute('points'))")
    return [np.array([[float(v) for v in pt.split(",")] for pt in t.split()]) for t in texts]


@pytest.mark.parametrize("name", list(MAPS))
def test_dragging_the_point_shows_the_exact_jacobian(page, site_url, name) -> None:
    root = _open(page, site_url, name)
    start = _readout(root)
    assert (start["x1"], start["x2"]) == pytest.approx(SPEC[name].start)
    _expect_exact(name, start)
    (x0, x1), (y0, y1) = SPEC[name].domain
    dx, dy = _pixel_size(root, "in")
    # Corners, the middle and irregular spots of the domain the point may visit.
    for fx, fy in [(0.5, 0.5), (0.93, 0.08), (0.11, 0.87), (0.62, 0.31), (0.02, 0.5), (0.77, 0.96)]:
        target = (x0 + fx * (x1 - x0), y0 + fy * (y1 - y0))
        r = _drag(page, root, target)
        assert r["x1"] == pytest.approx(target[0], abs=1.5 * dx)  # the point lands under the pointer
        assert r["x2"] == pytest.approx(target[1], abs=1.5 * dy)
        _expect_exact(name, r)
    # Beyond the domain the point stops at its edge.
    r = _drag(page, root, (x1 + 0.3 * (x1 - x0), (y0 + y1) / 2))
    assert r["x1"] == x1
    _expect_exact(name, r)


@pytest.mark.parametrize("name", list(MAPS))
def test_drawn_images_are_f_of_the_grid_and_its_linearisation(page, site_url, name) -> None:
    root = _open(page, site_url, name)
    vmap, spec = MAPS[name], SPEC[name]
    (x0, x1), (y0, y1) = spec.domain
    for target in [((x0 + x1) / 2, (y0 + y1) / 2), (x0 + 0.8 * (x1 - x0), y0 + 0.2 * (y1 - y0))]:
        r = _drag(page, root, target)
        point = _expect_exact(name, r)
        jac = vmap.jacobian(point)
        grid, true, linear = (_polylines(root, g) for g in ("grid", "true", "linear"))
        assert len(grid) == len(true) == len(linear) == 10  # 5 lines each way
        everything = np.concatenate(grid)
        np.testing.assert_allclose(everything.min(axis=0), point - spec.half, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(everything.max(axis=0), point + spec.half, rtol=1e-12, atol=1e-12)
        for g, t, lin in zip(grid, true, linear, strict=True):
            np.testing.assert_allclose(t, vmap(g), rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(lin, vmap(point) + (g - point) @ jac.T, rtol=1e-12, atol=1e-12)
        # J's columns as arrows: each arrow runs from f(x₀) to f(x₀) + J e_j, to the pixel.
        base = vmap(point)
        tips = root.locator("[data-panel=out] .gradfig-jac__arrow polygon").evaluate_all("""els =>
            els.map(e => { const [x, y] = e.getAttribute('points').split(' ')[0].split(',').map(Number);
                           const p = new DOMPoint(x, y).matrixTransform(e.ownerSVGElement.getScreenCTM());
                           return [p.x, p.y]; })""")
        for j, tip in enumerate(tips):
            assert tip == pytest.approx(_client(root, "out", *(base + jac[:, j])), abs=0.5)


def _tab_to_handle(page, root) -> None:
    """Reach the point with the keyboard: from the map switch, Tab is the next stop."""
    root.locator("input[type=radio]:checked").focus()
    page.keyboard.press("Tab")
    assert root.locator(".gradfig-jac__handle").evaluate("e => e === document.activeElement")


def test_keyboard_moves_the_point_and_announces_it(page, site_url) -> None:
    root = _open(page, site_url, "polar")
    handle = root.locator(".gradfig-jac__handle")
    assert handle.get_attribute("role") == "application"
    assert "Arrow keys move it" in handle.get_attribute("aria-label")
    live = root.locator(".gradfig-jac__live")
    assert live.get_attribute("aria-live") == "polite"
    assert handle.get_attribute("aria-describedby") == live.get_attribute("id")
    _tab_to_handle(page, root)
    # A visible focus ring for the keyboard.
    assert root.locator(".gradfig-jac__ring").evaluate("e => getComputedStyle(e).opacity") == "1"
    step_r, step_t = SPEC["polar"].key_step
    start = _readout(root)
    page.keyboard.press("ArrowRight")
    r = _readout(root)
    assert (r["x1"], r["x2"]) == pytest.approx((start["x1"] + step_r, start["x2"]), rel=1e-12)
    _expect_exact("polar", r)
    page.keyboard.press("Shift+ArrowUp")
    up = _readout(root)
    assert (up["x1"], up["x2"]) == pytest.approx((r["x1"], r["x2"] + 10 * step_t), rel=1e-12)
    _expect_exact("polar", up)
    said = live.text_content()
    assert f"r = {up['x1']:.4g}" in said and f"{up['j11']:.4g}" in said and "det J" in said
    for _ in range(6):  # to the edge r = 0, where the second column of J vanishes (det J = r)
        page.keyboard.press("Shift+ArrowLeft")
    edge = _readout(root)
    assert edge["x1"] == 0 and edge["j12"] == 0 and edge["j22"] == 0
    _expect_exact("polar", edge)
    assert "det J = 0" in live.text_content()


def test_switching_maps_keeps_the_layout(page, site_url) -> None:
    root = _open(page, site_url, "polar")
    before = root.evaluate("e => [e.offsetWidth, e.offsetHeight]")
    root.locator('input[value="shear"]').check()
    page.wait_for_function("el => el.dataset.gradfigJacobian === 'shear'", arg=root.element_handle())
    r = _readout(root)
    assert (r["x1"], r["x2"]) == pytest.approx(SPEC["shear"].start)
    _expect_exact("shear", r)
    assert root.locator('.gradfig-jac__about[data-map="shear"]').is_visible()
    assert not root.locator('.gradfig-jac__about[data-map="polar"]').is_visible()
    assert root.evaluate("e => [e.offsetWidth, e.offsetHeight]") == before
    # Neither the widget nor anything after it moved on its own (shifts without recent input).
    assert page.evaluate(LAYOUT_SHIFTS_AT_OR_AFTER_WIDGET) == []


#: Layout shifts (not caused by input) of the widget, its contents or anything after it.
LAYOUT_SHIFTS_AT_OR_AFTER_WIDGET = """() => {
    const root = document.querySelector('[data-gradfig-jacobian]');
    const obs = new PerformanceObserver(() => {});
    obs.observe({type: 'layout-shift', buffered: true});
    const after = n => root.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING;
    const moved = s => s.node && (root === s.node || root.contains(s.node) || after(s.node));
    const found = obs.takeRecords().filter(e => !e.hadRecentInput && e.sources.some(moved))
                     .map(e => [e.value, e.sources.map(s => s.node && s.node.nodeName)]);
    obs.disconnect();
    return found;
}"""


def test_no_layout_shift_when_the_widget_goes_live(page, site_url) -> None:
    """Opened at the static figure, the widget below it is on screen while the page loads.

    Its script (right after it) shows its shell while the page is parsed, every box at its
    final size, so there is no frame in which the page is drawn without it; drawing it into
    that shell moves nothing.
    """
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
        const w = document.querySelector('[data-gradfig-jacobian]');
        window.__shownAtParse = Boolean(w && getComputedStyle(w).display !== 'none');
    })""")
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(site_url + PAGE + "#figure-jacobian-map")
    assert page.evaluate("window.__shownAtParse") is True
    root = page.locator(WIDGET)
    page.wait_for_function("el => el.classList.contains('is-ready')", arg=root.element_handle())
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    top = root.evaluate("e => e.getBoundingClientRect().top")
    assert 0 < top < 1600, "the test needs the widget on screen"
    assert page.evaluate(LAYOUT_SHIFTS_AT_OR_AFTER_WIDGET) == []


def test_a_widget_far_below_the_viewport_is_drawn_only_when_the_reader_nears_it(page, site_url) -> None:
    """Nothing of the widget runs at page load while it is far below (issue 21's start-up)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    site_probe.open_page(page, site_url + PAGE)
    root = page.locator(WIDGET)
    assert root.evaluate("e => e.getBoundingClientRect().top") > 800 + 300, "the test needs it far below"
    assert root.evaluate("e => e.classList.contains('is-waiting') && getComputedStyle(e).display") == "block"
    assert page.evaluate("(window.gradfigStarts || {}).jacobian") is None
    assert root.locator("svg.gradfig-jac__svg").count() == 0
    height = root.evaluate("e => e.getBoundingClientRect().height")
    root.scroll_into_view_if_needed()
    page.wait_for_function("el => el.classList.contains('is-ready')", arg=root.element_handle())
    assert root.locator("svg.gradfig-jac__svg").count() == 2
    assert page.evaluate("window.gradfigStarts.jacobian") == 1
    assert root.evaluate("e => e.getBoundingClientRect().height") == height  # drawn into its shell


def _contrast(a: str, b: str) -> float:
    def lum(rgb: str) -> float:
        c = [int(v) / 255 for v in re.findall(r"[\d.]+", rgb)[:3]]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("page", [{"color_scheme": "light"}, {"color_scheme": "dark"}], indirect=True,
                         ids=["light", "dark"])
def test_colours_are_readable_in_both_themes(page, site_url) -> None:
    root = _open(page, site_url, "polar")
    colours = root.evaluate("""el => {
        const s = sel => getComputedStyle(el.querySelector(sel));
        let bg = 'rgba(0, 0, 0, 0)', node = el;
        while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) {
            bg = getComputedStyle(node).backgroundColor; node = node.parentElement;
        }
        return {bg, scheme: document.body.dataset.mdColorScheme,
                lines: ['.gradfig-jac__true polyline', '.gradfig-jac__linear polyline',
                        '.gradfig-jac__grid polyline', '.gradfig-jac__arrow.gradfig-jac__c1 line',
                        '.gradfig-jac__arrow.gradfig-jac__c2 line'].map(q => s(q).stroke),
                labels: ['.gradfig-jac__label.gradfig-jac__c1', '.gradfig-jac__label.gradfig-jac__c2']
                        .map(q => s(q).fill)};
    }""")
    expected = "slate" if page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") else "default"
    assert colours["scheme"] == expected
    for stroke in colours["lines"]:  # graphics: WCAG 1.4.11 asks 3:1
        assert _contrast(stroke, colours["bg"]) >= 3, (stroke, colours["bg"])
    for fill in colours["labels"]:   # text: 4.5:1
        assert _contrast(fill, colours["bg"]) >= 4.5, (fill, colours["bg"])


@pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_the_static_figure_shows(page, site_url) -> None:
    page.goto(site_url + PAGE)
    figure = page.locator("#figure-jacobian-map img:visible")
    assert figure.count() == 1
    figure.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
    assert "polar" in figure.get_attribute("alt") or "θ" in figure.get_attribute("alt")
    assert page.locator(WIDGET).count() == 1 and not page.locator(WIDGET).is_visible()
    # Not laid out at all (Material's figure rule once showed it, squeezed to a very tall column).
    assert page.locator(WIDGET).evaluate("e => getComputedStyle(e).display") == "none"


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _touch(cdp, kind: str, x: float | None = None, y: float | None = None) -> None:
    points = [] if x is None else [{"x": x, "y": y}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_phone_width_touch_drags_the_handle_and_scrolls_elsewhere(page, site_url) -> None:
    root = _open(page, site_url, "polar")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    panels = root.locator(".gradfig-jac__plot").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return [r.left, r.top, r.width, r.height]; })")
    (_, top_in, w, h), (_, top_out, _, _) = panels
    assert top_out >= top_in + h and w <= 390 and h == pytest.approx(w, abs=1)  # stacked squares
    cdp = page.context.new_cdp_session(page)
    # Drag the handle with a finger.
    root.locator("[data-panel=in]").evaluate("e => e.scrollIntoView({block: 'center'})")
    x, y = _handle_centre(root)
    tx, ty = _client(root, "in", 1.0, -1.5)
    _touch(cdp, "touchStart", x, y)
    for k in range(1, 9):
        _touch(cdp, "touchMove", x + (tx - x) * k / 8, y + (ty - y) * k / 8)
    _touch(cdp, "touchEnd")
    page.wait_for_function("el => Math.abs(Number(el.dataset.x1) - 1.0) < 0.05",
                           arg=root.locator(".gradfig-jac__readout").element_handle())
    r = _readout(root)
    assert (r["x1"], r["x2"]) == pytest.approx((1.0, -1.5), abs=0.05)
    _expect_exact("polar", r)
    # A vertical swipe on the input plane away from the handle scrolls the page, point unmoved.
    sx, sy = _client(root, "in", 2.3, 2.8)
    before = page.evaluate("scrollY")
    _touch(cdp, "touchStart", sx, sy)
    for k in range(1, 9):
        _touch(cdp, "touchMove", sx, sy - 25 * k)
    _touch(cdp, "touchEnd")
    page.wait_for_function("y => scrollY > y + 50", arg=before)
    assert _readout(root) == r
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_phone_tap_puts_the_point_there(page, site_url) -> None:
    root = _open(page, site_url, "polar")
    # Centred on screen: not under Material's sticky header.
    root.locator("[data-panel=in]").evaluate("e => e.scrollIntoView({block: 'center'})")
    target = (0.7, 2.0)
    page.touchscreen.tap(*_client(root, "in", *target))
    page.wait_for_function("el => Math.abs(Number(el.dataset.x1) - 0.7) < 0.05",
                           arg=root.locator(".gradfig-jac__readout").element_handle())
    r = _readout(root)
    assert (r["x1"], r["x2"]) == pytest.approx(target, abs=0.05)
    _expect_exact("polar", r)
