"""The interactive fields, Python side: figures, payloads, snippets, the build step.

The browser side (hover, keyboard, theme, navigation) is tests/test_fields_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from chapter import fields
from chapter.figures import alt_text
from gradfig.figures import interactive, page, static
from gradfig.figures.style import themed
from gradfig.landscapes import LANDSCAPES

NAMES = list(LANDSCAPES)


@pytest.fixture(scope="module")
def figures() -> dict[str, dict]:
    return {n: json.loads(interactive.gradient_field(ls, show_check_points=_marked(n)).to_json())
            for n, ls in LANDSCAPES.items()}


def _marked(name: str) -> bool:
    """As the chapter draws them: check points marked on the landscapes it names."""
    return name in fields.CHECK_POINTS_SHOWN


@pytest.fixture(scope="module")
def payloads() -> dict[str, str]:
    return {n: fields.field_payload(ls) for n, ls in LANDSCAPES.items()}


def _arrows(trace: dict) -> tuple[np.ndarray, np.ndarray]:
    """Shaft start points and directions from the arrow trace (shaft, head, shaft, head...)."""
    x = np.array([np.nan if v is None else v for v in trace["x"]], dtype=float)
    y = np.array([np.nan if v is None else v for v in trace["y"]], dtype=float)
    # create_quiver lists every shaft (start, end, None) first, then every head (3 points, None).
    n = len(x) // 7
    sx, sy = x[: 3 * n].reshape(n, 3), y[: 3 * n].reshape(n, 3)
    starts = np.stack([sx[:, 0], sy[:, 0]], axis=-1)
    directions = np.stack([sx[:, 1] - sx[:, 0], sy[:, 1] - sy[:, 0]], axis=-1)
    return starts, directions


@pytest.mark.parametrize("name", NAMES)
def test_every_arrow_points_along_the_gradient(figures: dict, name: str) -> None:
    arrow_trace = figures[name]["data"][1]
    starts, directions = _arrows(arrow_trace)
    assert len(starts) >= 0.9 * interactive.ARROWS**2  # only ∇f = 0 points may lack an arrow
    grad = LANDSCAPES[name].gradient(starts)
    cos = np.sum(grad * directions, axis=1) / (
        np.linalg.norm(grad, axis=1) * np.linalg.norm(directions, axis=1))
    # Shipped coordinates keep 4 significant digits, so directions are good to a fraction of a degree.
    assert cos.min() > np.cos(np.radians(2)), f"worst arrow off by {np.degrees(np.arccos(cos.min())):.2f}°"


@pytest.mark.parametrize("name", NAMES)
def test_heatmap_is_f_on_the_domain(figures: dict, name: str) -> None:
    landscape = LANDSCAPES[name]
    fig = interactive.gradient_field(landscape)  # numpy arrays, before JSON encoding
    contour = fig.data[0]
    xs, ys, z = (np.asarray(a, dtype=float) for a in (contour.x, contour.y, contour.z))
    assert z.shape == (interactive.GRID, interactive.GRID)
    (x0, x1), (y0, y1) = landscape.domain
    assert xs[0] == pytest.approx(x0, rel=1e-6) and xs[-1] == pytest.approx(x1, rel=1e-6)
    assert ys[0] == pytest.approx(y0, rel=1e-6) and ys[-1] == pytest.approx(y1, rel=1e-6)
    f = landscape(np.stack(np.meshgrid(xs, ys), axis=-1))
    shown = np.expm1(z) if static.log_colour(f) else z
    np.testing.assert_allclose(shown, f, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", NAMES)
def test_live_colour_bar_is_the_static_ones(name: str) -> None:
    """The live field's colour bar has the static figure's label, and on a log scale its ticks
    read the static figure's values of f at the places log(1 + f) puts them."""
    landscape = LANDSCAPES[name]
    bar = interactive.gradient_field(landscape).data[0].colorbar
    with themed("light"):
        fig = static.field_figure(landscape)
        fig.canvas.draw()
    cax = fig.axes[-1]  # the colour bar's axes
    assert bar.title.text == cax.get_ylabel()
    if static.log_colour(np.asarray(fig.axes[0].images[0].get_array())):
        shown = [t.get_text() for t in cax.get_yticklabels()]
        assert list(bar.ticktext) == shown and len(shown) >= 3
        np.testing.assert_allclose(bar.tickvals, np.log1p([float(t) for t in shown]))
    else:
        assert bar.tickvals is None and bar.ticktext is None  # plotly's own ticks, in f as the static bar's


@pytest.mark.parametrize("name", NAMES)
def test_critical_points_are_marked(figures: dict, name: str) -> None:
    marked = figures[name]["data"][2]
    expected = LANDSCAPES[name].critical_points
    assert marked["text"] == [c.kind for c in expected]
    np.testing.assert_allclose(np.c_[marked["x"], marked["y"]], [c.point for c in expected])


def test_rosenbrock_shows_the_chapters_check_points(figures: dict) -> None:
    check = figures["rosenbrock"]["data"][3]
    labels = dict(zip(check["text"], zip(check["x"], check["y"], strict=True), strict=True))
    assert labels == {"origin": (0.0, 0.0), "off-axis": (-0.5, 1.5), "in the valley": (1.2, 1.0)}
    # (1, 1) is the minimum: it is marked once, as a critical point.
    assert figures["rosenbrock"]["data"][2]["x"] == [1.0]


@pytest.mark.parametrize("name", NAMES)
def test_dark_patch_turns_the_light_figure_into_the_dark_one(figures: dict, name: str) -> None:
    def merge(target: dict, patch: dict) -> dict:  # the same deep merge as fields.mjs
        for k, v in patch.items():
            if isinstance(v, dict) and isinstance(target.get(k), dict):
                merge(target[k], v)
            else:
                target[k] = v
        return target

    landscape = LANDSCAPES[name]
    patched = json.loads(json.dumps(figures[name]))
    patch = interactive.theme_patch(landscape, "dark", _marked(name))
    merge(patched["layout"], patch["layout"])
    for trace, p in zip(patched["data"], patch["traces"], strict=False):
        merge(trace, p)
    dark = json.loads(interactive.gradient_field(landscape, "dark",
                                                 show_check_points=_marked(name)).to_json())
    assert patched == dark
    assert dark["layout"]["paper_bgcolor"] != figures[name]["layout"]["paper_bgcolor"]


def test_the_vendored_bundle_has_every_trace_the_figures_use(figures: dict) -> None:
    bundle = (fields.PLOTLY_PACKAGE / fields.PLOTLY_BUNDLE).read_text(encoding="utf-8")
    available = set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle))
    used = {trace.get("type", "scatter") for fig in figures.values() for trace in fig["data"]}
    assert used <= available, f"traces {used - available} are not in {fields.PLOTLY_BUNDLE}"


@pytest.mark.parametrize("name", NAMES)
def test_payload_is_small(payloads: dict, name: str) -> None:
    size = len(payloads[name].encode("utf-8"))
    assert size <= 150_000, f"{name}: {size} bytes"


def test_payload_evaluator_matches_python_gradient(payloads: dict, tmp_path: Path) -> None:
    """Run every payload in node, as the browser would, and compare f and ∇f at seeded points."""
    rng = np.random.default_rng(0)
    points = {}
    for name, landscape in LANDSCAPES.items():
        (x0, x1), (y0, y1) = landscape.domain
        points[name] = np.c_[rng.uniform(x0, x1, 50), rng.uniform(y0, y1, 50)]
    for name, text in payloads.items():
        (tmp_path / f"{name}.js").write_text(text)
    script = (
        "globalThis.window = globalThis;"
        + "".join(f"require({json.dumps(str(tmp_path / (n + '.js')))});" for n in NAMES)
        + f"const pts = {json.dumps({n: p.tolist() for n, p in points.items()})};"
        + "const out = {}; for (const [n, ps] of Object.entries(pts)) {"
        + "  const e = window.gradfigFields[n].evaluator;"
        + "  out[n] = ps.map(([x, y]) => [e.f(x, y), ...e.grad(x, y)]); }"
        + "process.stdout.write(JSON.stringify(out));"
    )
    proc = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True)
    got = json.loads(proc.stdout)
    for name, landscape in LANDSCAPES.items():
        values = np.array(got[name])
        np.testing.assert_allclose(values[:, 0], landscape(points[name]), rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(values[:, 1:], landscape.gradient(points[name]), rtol=1e-12, atol=1e-13)


def test_payload_carries_figure_and_both_themes(payloads: dict) -> None:
    text = payloads["bowl"]
    assert text.startswith(fields.payload_header(fields.payload_key(LANDSCAPES["bowl"])))
    assert '"themes":{"light":' in text and '"dark":' in text
    assert "evaluator: {f: (x, y) => Math.pow(x, 2) + Math.pow(y, 2), grad: (x, y) => [2*x, 2*y]}" in text


@pytest.mark.parametrize("name", NAMES)
def test_snippet_reserves_the_box_with_both_static_figures(name: str) -> None:
    html = fields.field_snippet(name)
    assert f'data-gradfig-field="{name}"' in html
    assert re.search(r'class="gradfig-readout" aria-live="polite" data-x="" data-y="" data-f="" '
                     r'data-dfdx="" data-dfdy=""', html)
    for theme in ("light", "dark"):
        assert f"](generated/figures/field-{name}-{theme}.svg#only-{theme})" in html
    assert html.count('width="800" height="640"') == 2  # the contract's 5:4 page size
    escaped = alt_text("field-" + name).replace("[", "\\[").replace("]", "\\]")
    assert f"![{escaped}]" in html
    assert 'tabindex="0"' in html and 'role="application"' in html


def test_switcher_lists_every_landscape_in_registry_order() -> None:
    html = fields.switcher_snippet()
    assert re.findall(r'type="radio" name="gradfig-landscape" value="([^"]+)"', html) == NAMES
    assert 'value="bowl" checked' in html
    assert html.count("#only-light)") == len(NAMES)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("generated")
    return out, fields.build_fields(out)


def test_build_fields_writes_once_then_nothing(built: tuple[Path, int]) -> None:
    out, first = built
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == sorted(
        [f"fields/{n}.js" for n in NAMES]
        + ["vendor/plotly-LICENSE.txt", f"vendor/{fields.PLOTLY_BUNDLE}",
           f"vendor/{fields.PLOTLY_GL3D_BUNDLE}"])
    assert first == len(names)
    assert fields.build_fields(out) == 0
    bundle = out / "vendor" / fields.PLOTLY_BUNDLE
    assert bundle.read_bytes() == (fields.PLOTLY_PACKAGE / fields.PLOTLY_BUNDLE).read_bytes()
    # The component is the library's (the site's bundle carries it: tests/test_bundle.py).
    for source in (page.COMPONENT_JS, page.COMPONENT_CSS):
        assert source.is_relative_to(Path(page.__file__).parent)


def test_a_stale_payload_is_rebuilt(built: tuple[Path, int], tmp_path: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(built[0], out)
    target = out / "fields" / "saddle.js"
    good = target.read_text()
    target.write_text(fields.payload_header("0" * 20) + "stale\n")
    assert fields.build_fields(out) == 1
    assert target.read_text() == good


def test_missing_plotly_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fields, "PLOTLY_PACKAGE", tmp_path / "nowhere")
    with pytest.raises(fields.MissingAssetError) as err:
        fields.vendor_files()
    message = str(err.value)
    assert "\n" not in message and "npm ci" in message and "plotly-cartesian.min.js" in message
