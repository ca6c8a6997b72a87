"""The live Jacobian, Python side: payload, views, ticks and the snippet the page includes.

The browser side (drag, keyboard, touch, themes, navigation) is tests/test_jacobian_browser.py.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from chapter import jacobian_widget as jw
from chapter.bundle import inline_css, inline_text
from chapter.pages import jacobian as jacobian_page
from gradfig.functions import VectorMap
from gradfig.landscapes import POLAR_MAP, SHEAR_MAP
from test_functions import NODE

ROOT = Path(__file__).resolve().parent.parent
MAPS = {m.vmap.name: m for m in jw.WIDGET_MAPS}


def test_the_maps_are_the_registrys() -> None:
    assert MAPS["polar"].vmap is POLAR_MAP and MAPS["shear"].vmap is SHEAR_MAP
    assert next(iter(MAPS)) == "polar"  # the page's worked example is shown first


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_shipped_evaluators_agree_with_the_registry() -> None:
    """Run the payload exactly as the page ships it, then call each map's {f, jac} in Node."""
    rng = np.random.default_rng(7)
    points = {name: rng.uniform(*np.array(m.domain).T, (50, 2)).tolist() for name, m in MAPS.items()}
    script = ("const window = {};\n" + jw.payload()
              + f"const pts = {json.dumps(points)};\nconst out = {{}};\n"
              "for (const [name, ps] of Object.entries(pts)) {\n"
              "  const ev = window.gradfigJacobianMaps[name].evaluator;\n"
              "  out[name] = ps.map(p => [ev.f(...p), ev.jac(...p)]);\n}\n"
              "console.log(JSON.stringify(out));\n")
    proc = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=30, check=True)
    for name, rows in json.loads(proc.stdout).items():
        vmap, pts = MAPS[name].vmap, np.array(points[name])
        np.testing.assert_allclose([f for f, _ in rows], vmap(pts), rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose([j for _, j in rows], vmap.jacobian(pts), rtol=1e-14, atol=1e-14)


def test_payload_prints_each_evaluator_from_its_definition() -> None:
    text = jw.payload()
    for m in jw.WIDGET_MAPS:
        assert f"{{evaluator: {m.vmap.js_source()}}}" in text
    # No formula typed by hand: the widget's code never names a map's function.
    code = (ROOT / "docs" / "assets" / "js" / "jacobian.mjs").read_text(encoding="utf-8")
    assert not re.search(r"Math\.(cos|sin|pow)", code)


@pytest.mark.parametrize("name", list(MAPS))
def test_views_hold_the_grid_and_its_image_wherever_the_point_goes(name: str) -> None:
    m = MAPS[name]
    (a0, a1), (b0, b1) = jw.input_view(m)
    (u0, u1), (v0, v1) = jw.output_view(m)
    assert u1 - u0 == pytest.approx(v1 - v0)  # equal scales in the output plane
    (x0, x1), (y0, y1) = m.domain
    assert x0 <= m.start[0] <= x1 and y0 <= m.start[1] <= y1
    corners = [(x, y) for x in (x0, x1) for y in (y0, y1)]
    rng = np.random.default_rng(3)
    h1, h2 = m.half
    for point in [*corners, *rng.uniform((x0, y0), (x1, y1), (40, 2))]:
        d = np.stack(np.meshgrid(np.linspace(-h1, h1, 9), np.linspace(-h2, h2, 9)), -1).reshape(-1, 2)
        grid = np.asarray(point) + d
        assert grid[:, 0].min() >= a0 and grid[:, 0].max() <= a1
        assert grid[:, 1].min() >= b0 and grid[:, 1].max() <= b1
        image = m.vmap(grid)
        assert image[:, 0].min() >= u0 and image[:, 0].max() <= u1
        assert image[:, 1].min() >= v0 and image[:, 1].max() <= v1


def test_ticks_are_readable_numbers_and_multiples_of_pi() -> None:
    assert [label for _, label in jw.ticks(-3.3, 3.3, angle=True)] == ["−π", "−π/2", "0", "π/2", "π"]
    assert [label for _, label in jw.ticks(0, 7, angle=True)] == ["0", "π/2", "π", "3π/2", "2π"]
    values = jw.ticks(-0.51, 3.51)
    assert [label for _, label in values] == ["0", "1", "2", "3"]
    assert all(-0.51 <= v <= 3.51 for v, _ in values)
    assert jw.ticks(-3.3, 3.3, angle=True)[0][0] == pytest.approx(-math.pi)


def test_a_map_the_widget_cannot_draw_is_refused() -> None:
    three = VectorMap("t", "test", ("x", "y", "x*y"))
    with pytest.raises(ValueError, match="R² → R² only"):
        jw.WidgetMap(three, domain=((0, 1), (0, 1)), start=(0.5, 0.5), key_step=(0.1, 0.1))
    with pytest.raises(ValueError, match="outside"):
        jw.WidgetMap(SHEAR_MAP, domain=((0, 1), (0, 1)), start=(2.0, 0.5), key_step=(0.1, 0.1))


def test_snippet_carries_the_readout_contract_and_one_inline_script() -> None:
    html = jw.widget_snippet()
    assert re.search(r'<figure class="gradfig-jac" data-gradfig-jacobian="polar"', html)
    readout = re.search(r'<div class="gradfig-jac__readout"[^>]*>', html).group(0)
    for attr in ("data-x1", "data-x2", "data-j11", "data-j12", "data-j21", "data-j22"):
        assert f'{attr}=""' in readout
    assert '<p class="gradfig-jac__live" aria-live="polite"></p>' in html
    scripts = re.findall(r"<script>\n(.*?)</script>", html, re.S)
    # The payload, then the widget's code: esbuild's bundle of docs/assets/js/jacobian.mjs.
    assert len(scripts) == 1 and scripts[0].startswith("window.gradfigJacobianMaps = {")
    assert scripts[0].endswith(inline_text("jacobian.js")) and "</" not in scripts[0]
    for name in MAPS:
        assert f'value="{name}"' in html
        assert re.search(rf'class="gradfig-jac__about" data-map="{name}"[^>]*markdown="span">', html)
    # Hidden until its script marks it ready: without JavaScript only the static figure shows.
    style = re.search(r"<style>\n(.*?)</style>", html, re.S).group(1)
    assert style == inline_css("jacobian.css")  # esbuild's minification of docs/assets/css/jacobian.css
    assert re.search(r"\.gradfig-jac\s*\{[^}]*display:\s*none", style)
    assert re.search(r"\.gradfig-jac\.is-ready\s*\{[^}]*display:\s*block", style)
    # ... which shows its empty shell at once (is-waiting) and draws it near the viewport.
    assert re.search(r"\.gradfig-jac\.is-waiting\s*,[^{]*\.gradfig-jac\.is-ready\s*\{[^}]*display:\s*block",
                     style)


def test_the_maths_shown_comes_from_the_registry() -> None:
    html = jw.widget_snippet()
    assert r"\det J = r$" in html and r"\det J = 1$" in html  # SymPy's det of each Jacobian
    assert f"{', '.join(POLAR_MAP.latex)}" in html and f"{', '.join(SHEAR_MAP.latex)}" in html


def test_the_page_includes_the_widget_right_after_the_static_figure() -> None:
    lines = [ln.strip() for ln in (ROOT / "docs" / "jacobian.md").read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    at = lines.index('--8<-- "jacobian-figure-jacobian-map.md"')
    assert lines[at + 1] == '--8<-- "jacobian-widget.md"'
    assert jacobian_page.SNIPPETS["jacobian-widget.md"] is jw.widget_snippet
