"""The interactive fields in the built site, driven in Debian's Chromium.

What a reader would check: hovering anywhere shows the exact f and ∇f (compared here with
NumPy at the readout's own x, y), a click pins, the keyboard moves the point, the direction
control peaks along ∇f, the theme toggle re-colours the plot, descent is drawn as the page says,
and without JavaScript the static figures are there. That the field's descent is Python's step
for step is checked in Node (tests/js/descent.test.mjs); links between pages and starting once
per page load, in tests/test_navigation_browser.py. The ``page`` fixture also fails any test on
a console error or a request off 127.0.0.1.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from gradfig.descent import field_descent
from gradfig.figures.interactive import THEMES
from gradfig.landscapes import LANDSCAPES

pytestmark = [pytest.mark.browser, pytest.mark.site]


NAMES = list(LANDSCAPES)
# Fractions of the plot area: corners, centre and a few irregular spots.
SPOTS = [(0.07, 0.08), (0.5, 0.5), (0.93, 0.21), (0.31, 0.83), (0.777, 0.613), (0.04, 0.96)]


def _field_pages(built_site: Path) -> dict[str, set[str]]:
    """Page URL (relative) -> the landscape names its fields can show."""
    pages: dict[str, set[str]] = {}
    for html in sorted(built_site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        names: set[str] = set()
        for tag in re.findall(r'<div class="gradfig-field[^"]*"[^>]*>', text):
            if "data-gradfig-source=" in tag:  # fed by its page (the playground): tested there
                continue
            listed = re.search(r'data-gradfig-names="([^"]+)"', tag)
            names |= set(listed.group(1).split()) if listed else {
                re.search(r'data-gradfig-field="([^"]+)"', tag).group(1)}
        if names:
            rel = html.relative_to(built_site).as_posix()
            pages[rel.removesuffix("index.html")] = names
    return pages


@pytest.fixture(scope="module")
def field_pages(built_site: Path) -> dict[str, set[str]]:
    pages = _field_pages(built_site)
    shown = set().union(*pages.values()) if pages else set()
    assert shown == set(NAMES), f"fields in the site cover {sorted(shown)}, not every landscape"
    return pages


@pytest.fixture(scope="module")
def switcher_page(built_site: Path, field_pages: dict[str, set[str]]) -> str:
    for url in field_pages:
        path = built_site / url / "index.html" if not url.endswith(".html") else built_site / url
        if "gradfig-switcher" in path.read_text(encoding="utf-8"):
            return url
    pytest.fail("no page carries the landscape switcher (fields-switcher.md)")


def _wake(page, root) -> None:
    """What a reader does: bring the field on screen, point at it; wait until it is live."""
    root.scroll_into_view_if_needed()
    box = root.locator(".gradfig-field__plot").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("el => el.classList.contains('is-live')", arg=root.element_handle())


def _open(page, site_url: str, pages: dict[str, set[str]], name: str):
    """Go to a page showing ``name`` live and return the field's root locator."""
    url = next(u for u, names in pages.items() if name in names)
    page.goto(site_url + url)
    root = page.locator(f'.gradfig-field:has(input[value="{name}"]), '
                        f'.gradfig-field[data-gradfig-field="{name}"]').first
    _wake(page, root)
    radio = root.locator(f'input[type=radio][value="{name}"]')
    if radio.count():
        radio.check()
    page.wait_for_function(
        "([el, name]) => el.classList.contains('is-live') && el.dataset.gradfigField === name",
        arg=[root.element_handle(), name])
    return root


def _plot_area(root) -> dict[str, float]:
    """The axes' data range and their rectangle in page pixels, from plotly's own layout."""
    return root.evaluate("""el => {
        const gd = el.querySelector('.js-plotly-plot'), r = gd.getBoundingClientRect();
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        return {left: r.left + xa._offset, top: r.top + ya._offset, width: xa._length,
                height: ya._length, x0: xa.range[0], x1: xa.range[1], y0: ya.range[0], y1: ya.range[1]};
    }""")


def _readout(root) -> dict[str, str]:
    return root.locator(".gradfig-readout").evaluate("e => ({...e.dataset, text: e.textContent})")


def _expect_exact(name: str, r: dict[str, str]) -> tuple[float, float]:
    landscape = LANDSCAPES[name]
    x, y = float(r["x"]), float(r["y"])
    point = np.array([x, y])
    f, (gx, gy) = float(landscape(point)), landscape.gradient(point)
    assert float(r["f"]) == pytest.approx(f, rel=1e-9, abs=1e-12)
    assert float(r["dfdx"]) == pytest.approx(gx, rel=1e-9, abs=1e-12)
    assert float(r["dfdy"]) == pytest.approx(gy, rel=1e-9, abs=1e-12)
    assert float(r["norm"]) == pytest.approx(math.hypot(gx, gy), rel=1e-9, abs=1e-12)
    return x, y


@pytest.mark.parametrize("name", NAMES)
def test_hover_anywhere_reads_the_exact_gradient(page, site_url, field_pages, name) -> None:
    root = _open(page, site_url, field_pages, name)
    area = _plot_area(root)
    (x0, x1), (y0, y1) = LANDSCAPES[name].domain
    assert (area["x0"], area["x1"], area["y0"], area["y1"]) == pytest.approx((x0, x1, y0, y1))
    for fx, fy in SPOTS:
        page.mouse.move(area["left"] + fx * area["width"], area["top"] + fy * area["height"])
        r = _readout(root)
        x, y = _expect_exact(name, r)
        # The pointer's pixel maps to the data point under it (within a pixel).
        assert x == pytest.approx(x0 + fx * (x1 - x0), abs=1.5 * (x1 - x0) / area["width"])
        assert y == pytest.approx(y1 - fy * (y1 - y0), abs=1.5 * (y1 - y0) / area["height"])
        gx = float(r["dfdx"])
        if 1e-3 <= abs(gx) < 1e5:  # the visible readout shows the same number, 4 digits
            assert f"∂f/∂x = {gx:#.4g}".replace("-", "−") in r["text"]


def test_click_pins_the_point(page, site_url, field_pages) -> None:
    root = _open(page, site_url, field_pages, "saddle")
    a = _plot_area(root)
    page.mouse.click(a["left"] + 0.3 * a["width"], a["top"] + 0.4 * a["height"])
    pinned = _readout(root)
    assert pinned["pinned"] == "true" and "Pinned" in pinned["text"]
    page.mouse.move(a["left"] + 0.8 * a["width"], a["top"] + 0.9 * a["height"])
    page.mouse.move(a["left"] + 0.7 * a["width"], a["top"] + 0.2 * a["height"])
    still = _readout(root)
    assert (still["x"], still["y"], still["dfdx"]) == (pinned["x"], pinned["y"], pinned["dfdx"])
    page.mouse.click(a["left"] + 0.6 * a["width"], a["top"] + 0.5 * a["height"])  # release
    page.mouse.move(a["left"] + 0.2 * a["width"], a["top"] + 0.2 * a["height"])
    moved = _readout(root)
    assert moved["pinned"] == "false" and moved["x"] != pinned["x"]
    _expect_exact("saddle", moved)


def test_keyboard_moves_the_query_point(page, site_url, field_pages) -> None:
    root = _open(page, site_url, field_pages, "rosenbrock")
    plot = root.locator(".gradfig-field__plot")
    plot.focus()
    page.keyboard.press("ArrowRight")
    start = _readout(root)
    _expect_exact("rosenbrock", start)
    (x0, x1), _ = LANDSCAPES["rosenbrock"].domain
    step = (x1 - x0) / 100
    page.keyboard.press("ArrowUp")
    up = _readout(root)
    assert float(up["y"]) == pytest.approx(float(start["y"]) + step)
    assert up["x"] == start["x"]
    page.keyboard.press("Shift+ArrowLeft")
    left = _readout(root)
    assert float(left["x"]) == pytest.approx(float(start["x"]) - 10 * step)
    _expect_exact("rosenbrock", left)
    page.keyboard.press("Enter")
    assert _readout(root)["pinned"] == "true"
    page.keyboard.press("Escape")
    assert _readout(root)["pinned"] == "false"
    assert root.locator(".gradfig-readout").get_attribute("aria-live") == "polite"
    assert plot.get_attribute("aria-describedby") == root.locator(".gradfig-readout").get_attribute("id")


def test_direction_derivative_peaks_along_the_gradient(page, site_url, field_pages) -> None:
    root = _open(page, site_url, field_pages, "ripples")
    a = _plot_area(root)
    page.mouse.click(a["left"] + 0.62 * a["width"], a["top"] + 0.3 * a["height"])  # pin
    root.locator(".gradfig-align").click()
    r = _readout(root)
    gx, gy, norm = float(r["dfdx"]), float(r["dfdy"]), float(r["norm"])
    assert float(r["dudf"]) == pytest.approx(norm, rel=1e-4)  # within 1° of ∇f: cos ≥ 0.99985
    assert "along ∇f" in r["note"] and "along ∇f" in r["text"]
    # Any other whole-degree direction gives less: u·∇f = ‖∇f‖ cos(angle between them).
    slider = root.locator(".gradfig-angle")
    for angle in (0, 45, 90, 200, 300):
        slider.fill(str(angle))
        r = _readout(root)
        t = math.radians(angle)
        assert float(r["dudf"]) == pytest.approx(math.cos(t) * gx + math.sin(t) * gy, rel=1e-9, abs=1e-12)
        assert float(r["dudf"]) <= norm


#: Every level each drawn contour trace draws, beside the range of its own f (plotly's own state).
_LEVELS = """el => el.querySelector('.js-plotly-plot')._fullData
    .filter(t => t.type === 'contour' && t.visible === true)
    .map(t => { const z = t.z.flatMap(r => Array.from(r));
                return {lo: Math.min(...z), hi: Math.max(...z), start: t.contours.start,
                        end: t.contours.end, size: t.contours.size}; })"""


def test_switching_landscape_draws_the_new_level_curves(page, site_url, switcher_page) -> None:
    # Each landscape in turn on one live field: every level drawn lies within that landscape's own
    # f, and curves are drawn (plotly once kept the previous landscape's levels on a react).
    page.goto(site_url + switcher_page)
    root = page.locator(".gradfig-switcher").first
    _wake(page, root)
    for name in NAMES[1:] + NAMES[:1]:
        root.locator(f'input[type=radio][value="{name}"]').check()
        page.wait_for_function("([el, n]) => el.classList.contains('is-live') && "
                               "el.dataset.gradfigField === n", arg=[root.element_handle(), name])
        traces = root.evaluate(_LEVELS)
        assert traces, name
        for t in traces:
            assert t["lo"] < t["start"] <= t["end"] < t["hi"], (name, t)
        assert root.locator(".contourlayer path").count() > 0, name


def test_theme_toggle_recolours_the_field(page, site_url, field_pages) -> None:
    root = _open(page, site_url, field_pages, "bowl")
    paper = "el => el.querySelector('.js-plotly-plot')._fullLayout.paper_bgcolor"
    before = root.evaluate(paper)
    page.locator('form[data-md-component="palette"] label:visible').first.click()
    page.wait_for_function(
        "([el, before]) => el.querySelector('.js-plotly-plot')._fullLayout.paper_bgcolor !== before",
        arg=[root.element_handle(), before])
    after = root.evaluate(paper)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    expected = THEMES["dark" if scheme == "slate" else "light"].paper
    assert (before, after) == (THEMES["light"].paper, expected) and after != before


def test_plotly_loads_only_when_a_field_nears_the_viewport(page, site_url, switcher_page) -> None:
    page.set_viewport_size({"width": 1280, "height": 200})
    page.goto(site_url + switcher_page)
    page.wait_for_load_state("load")
    top = page.evaluate("document.querySelector('.gradfig-field').getBoundingClientRect().top")
    assert top > 200 + 300 + 50, "the test needs the field below the lazy-load margin"
    loaded = "performance.getEntriesByType('resource').some(e => e.name.includes('plotly'))"
    # Not a pause of so many milliseconds (which passes whenever a wrong load is slow): wait
    # until the fields script has set up every field and two frames have been drawn (any
    # intersection callback has run by then); by that point it would have asked for plotly.
    page.wait_for_function("() => window.gradfigFieldsLive && window.gradfigFieldsLive() "
                           "=== document.querySelectorAll('.gradfig-field').length")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    requested = "[...document.scripts].some(s => s.src.includes('plotly'))"
    assert page.evaluate(requested) is False and page.evaluate(loaded) is False
    page.locator(".gradfig-field").first.scroll_into_view_if_needed()
    page.wait_for_selector(".gradfig-field.is-live")
    assert page.evaluate(loaded) is True


def test_a_field_on_screen_at_load_waits_for_the_reader(page, site_url, switcher_page) -> None:
    page.set_viewport_size({"width": 1280, "height": 3000})  # the field is on screen from the start
    page.goto(site_url + switcher_page)
    page.wait_for_load_state("networkidle")
    loaded = "performance.getEntriesByType('resource').some(e => e.name.includes('plotly'))"
    assert page.evaluate(loaded) is False  # the page alone stays light
    _wake(page, page.locator(".gradfig-switcher"))  # pointing at it is enough
    assert page.evaluate(loaded) is True


def test_no_layout_shift_when_the_field_goes_live(page, site_url, switcher_page) -> None:
    page.goto(site_url + switcher_page)
    root = page.locator(".gradfig-switcher")
    box = root.locator(".gradfig-field__plot")
    before = box.evaluate("e => [e.offsetWidth, e.offsetHeight, e.parentElement.offsetHeight]")
    assert before[1] == pytest.approx(before[0] * 4 / 5, abs=1)  # the 5:4 box is there before plotly
    _wake(page, root)
    a = _plot_area(root)
    page.mouse.move(a["left"] + 0.5 * a["width"], a["top"] + 0.5 * a["height"])
    after = box.evaluate("e => [e.offsetWidth, e.offsetHeight, e.parentElement.offsetHeight]")
    assert after == before


@pytest.mark.parametrize("page", [{"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                                   "has_touch": True}], indirect=True)
def test_phone_width_fits_and_works(page, site_url, switcher_page) -> None:
    root = _open(page, site_url, {switcher_page: set(NAMES)}, "rosenbrock")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    w, h = root.locator(".gradfig-field__plot").evaluate("e => [e.offsetWidth, e.offsetHeight]")
    assert w <= 390 and h == pytest.approx(w * 4 / 5, abs=1)
    a = _plot_area(root)
    page.touchscreen.tap(a["left"] + 0.5 * a["width"], a["top"] + 0.3 * a["height"])
    r = _readout(root)
    assert r["pinned"] == "true"
    _expect_exact("rosenbrock", r)


@pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_the_static_figures_show(page, site_url, field_pages) -> None:
    for url in field_pages:
        page.goto(site_url + url)
        images = page.locator(".gradfig-field img.gradfig-static:visible")
        assert images.count() >= page.locator(".gradfig-field").count()
        for i in range(images.count()):
            img = images.nth(i)
            img.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
            assert img.get_attribute("alt").startswith(tuple(ls.title for ls in LANDSCAPES.values()))
        switcher = page.locator(".gradfig-switcher")
        if switcher.count():  # the radios still swap the static figures (CSS :has, no script)
            for name in NAMES:
                switcher.locator(f'input[value="{name}"]').check()
                shown = switcher.locator("img.gradfig-static:visible")
                assert shown.count() == 1
                assert f"field-{name}-light.svg" in shown.get_attribute("src")


def _descend(name: str, start: tuple[float, float], eta: float) -> tuple[list[float], int, str]:
    """The field's gradient descent, step for step, in NumPy (same stopping rules)."""
    run = field_descent(LANDSCAPES[name], start, eta)
    return list(run.end), run.steps, run.outcome


def test_gradient_descent_from_the_pinned_point(page, site_url, field_pages) -> None:
    root = _open(page, site_url, field_pages, "rosenbrock")
    a = _plot_area(root)
    page.mouse.click(a["left"] + 0.2 * a["width"], a["top"] + 0.25 * a["height"])
    start = _readout(root)
    begin = (float(start["x"]), float(start["y"]))
    eta_slider = root.locator(".gradfig-eta")
    for log_eta in ("-2.5", "-1"):  # a small stable step, then one too large for the walls
        eta_slider.fill(log_eta)
        root.locator(".gradfig-descend").click()
        r = _readout(root)
        eta = float(r["descentEta"])
        assert eta == pytest.approx(10 ** float(log_eta), rel=1e-2)
        end, steps, outcome = _descend("rosenbrock", begin, eta)
        assert (int(r["descentSteps"]), r["descentOutcome"]) == (steps, outcome)
        got = [float(v) for v in r["descentEnd"].split(",")]
        assert got == pytest.approx(end, rel=1e-9, abs=1e-12)
        assert ("diverged" in r["text"]) == (outcome == "diverged")
        points = root.locator("polyline.gradfig-path").get_attribute("points").split()
        assert len(points) == steps + 1
    assert r["descentOutcome"] == "diverged"  # η = 0.1 on Rosenbrock's wall: the step is too large


def test_the_experiments_buttons_set_up_what_the_text_says(page, site_url, switcher_page) -> None:
    """Each experiment's button drives the field's own controls; the readout then shows the
    numbers the page quotes (computed at build from the same definitions)."""
    from chapter.pages.fields import experiments_md as fields_experiments_md

    page.goto(site_url + switcher_page)
    root = page.locator(".gradfig-switcher")
    buttons = page.locator("button.gradfig-experiment")
    assert buttons.count() == 4 and all(b.is_visible() for b in buttons.all())
    text = page.locator("article").inner_text()
    assert "becomes 33.30, the same as" in text and "33.3010" in text and "33.3017" in text
    assert "after one step the point is at" in text and "after 2 steps" in text

    def run(i: int) -> dict[str, str]:
        setup = json.loads(buttons.nth(i).get_attribute("data-gradfig-experiment"))
        # Forget the last point, so the wait below sees this experiment's update, not the last one.
        root.locator(".gradfig-readout").evaluate("e => { e.dataset.x = ''; }")
        buttons.nth(i).click()
        page.wait_for_function(
            "([el, name, x]) => el.classList.contains('is-live') && el.dataset.gradfigField === name"
            " && el.querySelector('.gradfig-readout').dataset.x === String(x)",
            arg=[root.element_handle(), setup["landscape"], setup["point"][0]])
        return _readout(root)

    steep = run(0)  # Rosenbrock at the off-axis check point, u along ∇f
    assert (steep["x"], steep["y"], steep["angle"], steep["pinned"]) == ("-0.5", "1.5", "49", "true")
    assert float(steep["dudf"]) == pytest.approx(33.3010, abs=5e-5)
    assert float(steep["norm"]) == pytest.approx(33.3017, abs=5e-5)
    shown = root.locator(".gradfig-readout").inner_text()  # what the reader sees: the text's 33.30
    assert "u·∇f = 33.30" in shown and "‖∇f‖ = 33.30" in shown

    level = run(1)  # the saddle at (1, 1), u at 45°: along the level curve
    assert level["angle"] == "45" and abs(float(level["dudf"])) < 1e-12
    assert "tangent to the level curve" in level["note"]

    wild = run(2)  # η = 0.1 from the off-axis point
    assert (wild["descentEta"], wild["descentOutcome"], wild["descentSteps"]) == ("0.1", "diverged", "2")
    tame = run(3)
    run_ = field_descent(LANDSCAPES["rosenbrock"], (-0.5, 1.5), 0.01)
    assert (tame["descentOutcome"], int(tame["descentSteps"])) == (run_.outcome, run_.steps)
    assert [float(v) for v in tame["descentEnd"].split(",")] == pytest.approx(list(run_.end), rel=1e-9)
    assert "(0.938, 0.877)" in fields_experiments_md().replace("\u2212", "-")


@pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)
def test_experiment_buttons_are_hidden_without_javascript(page, site_url, switcher_page) -> None:
    page.goto(site_url + switcher_page)
    assert page.locator("button.gradfig-experiment").count() == 4
    assert not any(b.is_visible() for b in page.locator("button.gradfig-experiment").all())
    assert "Three experiments" in page.locator("article").inner_text()


def test_a_payload_that_arrives_late_does_not_overwrite_a_newer_choice(page, site_url,
                                                                         switcher_page) -> None:
    """A first activation's payload still on its way when the reader picks another landscape
    (a radio, an experiment button) is dropped when it arrives: the field keeps the newer one.
    The older payload is held by the test until the newer one is drawn, so the order is fixed."""
    first, second = NAMES[0], NAMES[1]
    held = []
    page.route(f"**/generated/fields/{first}.js", lambda route: held.append(route))
    page.goto(site_url + switcher_page)
    page.wait_for_function("window.gradfigFieldFor !== undefined")
    field = "window.gradfigFieldFor(document.querySelector('.gradfig-switcher'))"
    page.evaluate(f"([a, b]) => {{ const f = {field}; window.__older = f.present(a); f.present(b); }}",
                  [first, second])
    page.wait_for_function("n => { const el = document.querySelector('.gradfig-switcher');"
                           " return el.dataset.gradfigField === n && el.classList.contains('is-live'); }",
                           arg=second)
    for _ in range(2400):  # the first payload's request was made before the second's drew
        if held:
            break
        page.wait_for_timeout(50)  # lets Playwright deliver the held route (at most 120 s)
    assert held, f"no request for {first}'s payload"
    held[0].continue_()
    page.evaluate("() => window.__older")  # the older request has now finished
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate("document.querySelector('.gradfig-switcher').dataset.gradfigField") == second
    assert page.evaluate(f"() => {{ const f = {field}; return [f.name, f.data && f.data.name]; }}") == [
        second, second]
