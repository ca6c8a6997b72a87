"""The standalone field page of a formula (`gradfig render --formula ... --format html`) in
Debian's Chromium, opened from file:// with the network off.

What its reader would check: hovering anywhere reads the exact f and ∇f of the formula (compared
with SymPy's own derivative of the same formula, written here independently of gradfig's parser,
at the readout's x and y, to 1e-9), the pointer maps to the point under it, a click pins, the
keyboard moves, descent runs, light and dark pages have their colours, a phone screen fits, and
the page requests nothing but its own file and shows no error.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sympy as sp

from gradfig.figures.interactive import THEMES

pytestmark = pytest.mark.browser

FORMULA = "x*exp(-x**2-y**2)"
DOMAIN = ((-2.0, 2.0), (-2.0, 2.0))
X, Y = sp.symbols("x y", real=True)
F = X * sp.exp(-X**2 - Y**2)
EXACT = (F, sp.diff(F, X), sp.diff(F, Y))
# Fractions of the plot area: an 8 x 8 grid and a few irregular spots, corners included.
SPOTS = [((i + 0.5) / 8, (j + 0.5) / 8) for i in range(8) for j in range(8)] + [
    (0.01, 0.01), (0.99, 0.99), (0.5, 0.5), (0.777, 0.613), (0.3141, 0.2718)]


def _exact(x: float, y: float) -> list[float]:
    """f, ∂f/∂x, ∂f/∂y at the binary values of x and y, to 30 digits."""
    subs = {X: sp.Float(x, 30), Y: sp.Float(y, 30)}
    return [float(e.evalf(30, subs=subs)) for e in EXACT]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages")
    proc = subprocess.run([sys.executable, "-m", "gradfig.cli", "render", "--formula", FORMULA,
                           "--domain", "-2,2,-2,2", "--format", "html", "--theme", "both",
                           "--out", str(out), "--no-cache", "--quiet"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture
def open_page(browser, pages: Path) -> Iterator[Callable[..., object]]:
    """Open a page offline; at teardown, fail on any request off its folder or any error."""
    contexts, requests, errors = [], [], []

    def go(theme: str = "light", viewport: dict | None = None, **context_args):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                      offline=True, **context_args)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((pages / f"field-formula-{theme}.html").as_uri())
        page.wait_for_selector(".gradfig-field.is-live")  # no scroll or pointer needed
        return page

    yield go
    for context in contexts:
        context.close()
    folder = pages.as_uri() + "/"
    assert requests and all(url.startswith(folder) for url in requests), requests
    assert not errors, errors


def _plot_area(page) -> dict[str, float]:
    return page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot'), r = gd.getBoundingClientRect();
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        return {left: r.left + xa._offset, top: r.top + ya._offset, width: xa._length,
                height: ya._length, x0: xa.range[0], x1: xa.range[1], y0: ya.range[0], y1: ya.range[1]};
    }""")


def _readout(page) -> dict[str, str]:
    return page.locator(".gradfig-readout").evaluate("e => ({...e.dataset, text: e.textContent})")


def _expect_exact(r: dict[str, str]) -> tuple[float, float]:
    x, y = float(r["x"]), float(r["y"])
    f, gx, gy = _exact(x, y)
    assert float(r["f"]) == pytest.approx(f, rel=1e-9, abs=1e-12)
    assert float(r["dfdx"]) == pytest.approx(gx, rel=1e-9, abs=1e-12)
    assert float(r["dfdy"]) == pytest.approx(gy, rel=1e-9, abs=1e-12)
    return x, y


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_hover_anywhere_reads_sympys_gradient(open_page, theme: str) -> None:
    page = open_page(theme)
    root = page.locator("[data-gradfig-field]")
    assert root.get_attribute("data-gradfig-field") == "formula"
    a = _plot_area(page)
    (x0, x1), (y0, y1) = DOMAIN
    assert (a["x0"], a["x1"], a["y0"], a["y1"]) == pytest.approx((x0, x1, y0, y1))
    seen = set()
    for fx, fy in SPOTS:
        page.mouse.move(a["left"] + fx * a["width"], a["top"] + fy * a["height"])
        r = _readout(page)
        x, y = _expect_exact(r)
        seen.add((x, y))
        # The pointer's pixel maps to the data point under it (within a pixel and a half).
        assert x == pytest.approx(x0 + fx * (x1 - x0), abs=1.5 * (x1 - x0) / a["width"])
        assert y == pytest.approx(y1 - fy * (y1 - y0), abs=1.5 * (y1 - y0) / a["height"])
    assert len(seen) == len(SPOTS)  # every hover was read afresh


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_page_has_its_themes_colours(open_page, theme: str) -> None:
    page = open_page(theme)
    paper = page.evaluate("document.querySelector('.js-plotly-plot')._fullLayout.paper_bgcolor")
    assert paper == THEMES[theme].paper
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    expected = {"light": "rgb(255, 255, 255)", "dark": "rgb(30, 33, 41)"}[theme]
    assert body == expected  # the plot sits in the page, as on the site


def test_click_pins_keys_move_and_descent_runs(open_page) -> None:
    page = open_page("light")
    a = _plot_area(page)
    page.mouse.click(a["left"] + 0.8 * a["width"], a["top"] + 0.3 * a["height"])
    pinned = _readout(page)
    assert pinned["pinned"] == "true"
    page.mouse.move(a["left"] + 0.2 * a["width"], a["top"] + 0.7 * a["height"])
    assert _readout(page)["x"] == pinned["x"]  # pinned: hovering elsewhere changes nothing
    page.locator(".gradfig-field__plot").focus()
    page.keyboard.press("ArrowLeft")
    moved = _readout(page)
    assert float(moved["x"]) == pytest.approx(float(pinned["x"]) - 4 / 100)
    x, y = _expect_exact(moved)
    page.locator(".gradfig-descend").click()
    r = _readout(page)
    end = [float(v) for v in r["descentEnd"].split(",")]
    assert int(r["descentSteps"]) > 0 and r["descentOutcome"] in ("converged", "steps")
    assert _exact(*end)[0] < _exact(x, y)[0]  # downhill
    drawn = page.locator("polyline.gradfig-path").get_attribute("points").split()
    assert len(drawn) == int(r["descentSteps"]) + 1


def test_a_phone_screen_fits_and_a_tap_pins(open_page) -> None:
    page = open_page("dark", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    w, h = page.locator(".gradfig-field__plot").evaluate("e => [e.offsetWidth, e.offsetHeight]")
    assert w <= 390 and h == pytest.approx(w * 4 / 5, abs=1)
    a = _plot_area(page)
    page.touchscreen.tap(a["left"] + 0.4 * a["width"], a["top"] + 0.6 * a["height"])
    r = _readout(page)
    assert r["pinned"] == "true"
    _expect_exact(r)
