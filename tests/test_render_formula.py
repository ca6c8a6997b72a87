"""A function of one's own, end to end: `gradfig render --formula`, its checks, the figures and the
standalone page it writes, the descent preview chosen for it, the Python API without a context
manager, and the README recipe run as printed.

The page in a real browser (hover, offline) is tests/test_field_page_browser.py.
"""

from __future__ import annotations

import base64
import io
import json
import pickle
import re
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib as mpl
import matplotlib.image
import numpy as np
import pytest
import sympy as sp

from gradfig import cli, descent, render
from gradfig.custom import LandscapeInputError, check_domain, landscape_from_formula
from gradfig.expr import ExpressionError
from gradfig.figures import page
from gradfig.figures.catalogue import field_spec, landscape_figures, registry_figures, select
from gradfig.figures.static import descent_figure, field_figure
from gradfig.figures.style import THEMES, ThemedFigure, themed
from gradfig.landscapes import LANDSCAPES, ROSENBROCK, SADDLE

ROOT = Path(__file__).resolve().parent.parent
GRADFIG = [sys.executable, "-m", "gradfig.cli"]
FORMULA = "x*exp(-x**2-y**2)"
WAVE = landscape_from_formula(FORMULA, (-2, 2, -2, 2), name="wave")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _pixels(data: bytes) -> np.ndarray:
    return matplotlib.image.imread(io.BytesIO(data), format="png")


# --- the command in the issue -------------------------------------------------------------------
@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """`gradfig render --formula ... --format png,html --preset 16:9`, both themes, as a process."""
    out, cache = tmp_path_factory.mktemp("slides"), tmp_path_factory.mktemp("cache")
    proc = subprocess.run([*GRADFIG, "render", "--formula", FORMULA, "--domain", "-2,2,-2,2",
                           "--format", "png,html", "--preset", "16:9", "--theme", "both",
                           "--out", str(out), "--cache", str(cache)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out, cache, proc


@pytest.mark.slow  # a full-size (1920 × 1080) render in a real process
def test_formula_gives_1920x1080_slides_and_a_page_per_theme(rendered) -> None:
    out, _, proc = rendered
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{fig}-formula-{theme}-16x9.png" for fig in ("field", "descent") for theme in THEMES]
        + [f"field-formula-{theme}.html" for theme in THEMES])
    for png in out.glob("*.png"):
        assert _png_size(png.read_bytes()) == (1920, 1080), png.name
    # The house style, dark theme: the page colour of the slide's corner is the dark paper.
    corner = _pixels((out / "field-formula-dark-16x9.png").read_bytes())[2, 2, :3]
    assert np.allclose(corner, [0x1E / 255, 0x21 / 255, 0x29 / 255], atol=1 / 255)
    assert proc.stderr == "" and "4 drawn, 0 from cache" in proc.stdout


@pytest.mark.slow  # a full-size (1920 × 1080) render in a real process
def test_the_page_is_standalone_with_the_readout_contract(rendered) -> None:
    out, _, _ = rendered
    for theme, scheme in (("light", "default"), ("dark", "slate")):
        text = (out / f"field-formula-{theme}.html").read_text(encoding="utf-8")
        assert f'<body data-md-color-scheme="{scheme}">' in text
        assert 'data-gradfig-field="formula" data-gradfig-load="now"' in text
        assert re.search(r'class="gradfig-readout"[^>]* data-x="" data-y="" data-f="" '
                         r'data-dfdx="" data-dfdy=""', text)
        # Everything inline: no script or stylesheet by URL, no link to any host.
        assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|url\(\s*['\"]?https?:", text)
        assert "plotly.js v4.1.1" in text[:text.index("window.gradfigFields")]
        # The component is the package's own module, as the site bundles it, not a second
        # copy: an inline module script, its imports data: URLs of the package's files.
        assert '<script type="module">\n' + page.COMPONENT_JS.read_text(encoding="utf-8") in text
        assert page.COMPONENT_CSS.read_text(encoding="utf-8") in text
        importmap = json.loads(re.search(r'<script type="importmap">(.*?)</script>', text, re.S).group(1))
        assert sorted(importmap["imports"]) == [
            "./descent.mjs", "./drawing.mjs", "./format.mjs", "./kink.mjs", "./load.mjs"]
        for name, url in importmap["imports"].items():
            data = base64.b64decode(url.removeprefix("data:text/javascript;base64,"))
            assert data == (page.ASSETS / name.removeprefix("./")).read_bytes()
        # The evaluator SymPy printed from the formula.
        assert "f: (x, y) => x*Math.exp(-Math.pow(x, 2) - Math.pow(y, 2))" in text


@pytest.mark.slow  # a full-size (1920 × 1080) render in a real process
def test_a_second_render_comes_from_the_cache(rendered) -> None:
    out, cache, _ = rendered
    stamps = {p: p.stat().st_mtime_ns for p in out.iterdir()}
    again = subprocess.run([*GRADFIG, "render", "--formula", FORMULA, "--domain=-2,2,-2,2",
                            "--format", "png,html", "--preset", "16:9", "--theme", "both",
                            "--out", str(out), "--cache", str(cache)],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "0 drawn, 4 from cache" in again.stdout
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == stamps


# --- bad input: one line, exit 2, nothing written -------------------------------------------------
BAD = [
    (["--formula", "x+"], "--formula 'x+': cannot parse"),
    (["--formula", "__import__('os').system('touch pwned')"], "is not allowed"),
    (["--formula", "x*z"], "unknown name 'z'"),
    (["--formula", "x**1000"], "the power is too large"),
    (["--formula", "1/0 + x"], "not a finite real number"),
    (["--formula", "log(x)"], "the formula is undefined at"),
    (["--formula", "1/x"], "the formula is infinite at (0, "),
    (["--formula", "sqrt(x^2 + y^2)"], "its gradient is undefined at (0, 0)"),
    (["--formula", "exp(exp(x + 5))"], "the formula is infinite at"),
    (["--formula", "3"], "constant over the domain"),
    (["--formula", "x", "--domain", "-2,2,-2"], "give 4 comma-separated numbers"),
    (["--formula", "x", "--domain", "-2,2,-2,2,0"], "give 4 comma-separated numbers"),
    (["--formula", "x", "--domain", "a,2,-2,2"], "'a' is not a number"),
    (["--formula", "x", "--domain", "2,-2,-2,2"], "xmin (2) must be less than xmax (-2)"),
    (["--formula", "x", "--domain", "-2,2,1,1"], "ymin (1) must be less than ymax (1)"),
    (["--formula", "x", "--domain", "-inf,2,-2,2"], "xmin is not a finite number"),
    (["--formula", "x", "--domain", "nan,2,-2,2"], "xmin is not a finite number"),
    (["--formula", "x", "--domain", "0,1e300,0,1e300"], "xmax = 1e+300 is beyond the limit"),
    # the digits that break the limit, and the width that is too small (issue 20, row 14)
    (["--formula", "x", "--domain", "-1.000001e6,0,0,1"],
     "xmin = -1000001 is beyond the limit (|coordinates| up to 1e+06)"),
    (["--formula", "x", "--domain", "1,1.000000001,0,1"],
     "the x range [1, 1.000000001] is too narrow to draw: its width, 1e-09, must be more than a "
     "millionth of its largest |coordinate| (1e-06)"),
    (["--formula", "x", "--domain", "1.0000001,1,0,1"], "xmin (1.0000001) must be less than xmax (1)"),
    (["--formula", "x", "--domain", "0,100,0,1"], "100 times wider than tall"),
    (["--formula", "x", "--domain", "1e5,100000.00001,0,1e-5"], "too narrow"),
    (["--formula", "x", "--name", "../etc"], "--name: name '../etc' cannot be used in file names"),
    (["--formula", "x", "--name", "My Wave"], "cannot be used in file names"),
    (["--formula", "x", "--name", "a" * 41], "cannot be used in file names"),
    (["--formula", "x"], "--formula needs --domain"),
    (["--domain", "-2,2,-2,2"], "--domain goes with --formula"),
    (["--name", "wave"], "--name goes with --formula"),
    (["--formula", "x", "--only", "panel"], "unknown figure 'panel' for the landscape 'formula'"),
    (["--formula", "x", "--only", "descent", "--format", "html"], "html pages are made for fields only"),
    (["--only", "descent-bowl", "--format", "html"], "html pages are made for fields only"),
    # the chapter's figure, not the library's: scripts/figures.py draws it
    (["--only", "fd-error"], "unknown figure 'fd-error' (figures: field-bowl, "),
    # An exact gradient beyond float range: 64·10³²⁰·x⁶³.
    (["--formula", "(100000*x)**64"], "too large for floating point"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a)[:40] for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(args: list[str], message: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    if "--domain" not in args and "--formula" in args and "needs --domain" not in message:
        args = [*args, "--domain", "-2,2,-2,2"]
    code = cli.main(["render", "--out", str(out), "--no-cache", *args])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], captured.err
    assert lines[0].startswith("gradfig: error: ")
    assert not out.exists() and not Path("pwned").exists()


def test_bad_formula_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([*GRADFIG, "render", "--formula", "log(x - 3)", "--domain", "-2,2,-2,2",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "undefined at" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_step_printed_with_a_typographic_minus_still_orders_the_legend(tmp_path: Path) -> None:
    """exp(exp(exp(x))) is so curved that its descent steps are ~1e-6, printed 3.3e−06."""
    code = cli.main(["render", "--formula", "exp(exp(exp(x)))", "--domain", "-1,1,-1,1", "--only",
                     "descent", "--format", "svg", "--out", str(tmp_path), "--no-cache"])
    assert code == 0
    svg = (tmp_path / "descent-formula-light.svg").read_text()
    assert "e−0" in svg  # the tiny steps really are in the legend


def test_formula_and_domain_may_start_with_a_minus(tmp_path: Path, capsys) -> None:
    code = cli.main(["render", "--formula", "-x^2 - y^2", "--domain", "-pi,pi,-1,1", "--only", "field",
                     "--format", "svg", "--out", str(tmp_path), "--no-cache", "--quiet", "--jobs", "1"])
    assert code == 0, capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["field-formula-light.svg"]


# --- the library: checks, jobs, keys ------------------------------------------------------------
def test_landscape_from_formula_accepts_both_domain_shapes() -> None:
    assert check_domain((-2, 2, -1, 3)) == check_domain(((-2, 2), (-1, 3))) == ((-2.0, 2.0), (-1.0, 3.0))
    assert WAVE.name == "wave" and WAVE.title == "Wave" and WAVE.check_points == ()
    with pytest.raises(ExpressionError):
        landscape_from_formula("x +* y", (-1, 1, -1, 1))
    with pytest.raises(LandscapeInputError, match="undefined at"):
        landscape_from_formula("sqrt(x)", (-1, 1, -1, 1))


def test_jobs_carry_the_landscape_and_keys_follow_its_definition() -> None:
    def slide_jobs(landscape):
        return render.plan(landscape_figures(landscape).values(), ("light",), ("16:9",), ("png", "html"))

    jobs = slide_jobs(WAVE)
    assert [(j.figure, j.formats) for j in jobs] == [("field-wave", ("png", "html")),
                                                     ("descent-wave", ("png",))]
    assert all(j.spec.landscapes() == [WAVE] for j in jobs) and jobs[0].spec.page == WAVE
    picked = select(landscape_figures(WAVE), ["wave"], {"wave": "field-wave"})
    assert [s.name for s in picked] == ["field-wave"]
    keys = render.job_keys(jobs[0])
    same = landscape_from_formula(FORMULA, (-2, 2, -2, 2), name="wave")
    assert render.job_keys(slide_jobs(same)[0]) == keys
    wider = render.job_keys(slide_jobs(landscape_from_formula(FORMULA, (-3, 3, -3, 3), name="wave"))[0])
    assert not set(keys.values()) & set(wider.values())
    # A job crosses to a worker process whole, even after its landscape computed everything.
    WAVE.gradient(np.zeros(2))
    copy = pickle.loads(pickle.dumps(jobs[0]))
    assert copy.spec.page == WAVE and copy.spec.depends == jobs[0].spec.depends
    assert render.job_keys(copy) == keys
    # The registry's figures plan alike; html goes to fields only, once per theme.
    registry = select(registry_figures(LANDSCAPES.values()), ["bowl", "panel"], {"bowl": "field-bowl"})
    chapter = render.plan(registry, ("light",), ("page", "16:9"), ("png", "html"))
    assert [(j.figure, j.preset, j.formats) for j in chapter] == [
        ("field-bowl", "page", ("png", "html")), ("field-bowl", "16:9", ("png",)),
        ("panel", "page", ("png",)), ("panel", "16:9", ("png",))]
    assert render.file_name("field-bowl", "dark", "16:9", "html") == "field-bowl-dark.html"


def test_parallel_render_of_a_landscape_matches_serial(tmp_path: Path) -> None:
    jobs = render.plan([landscape_figures(WAVE)["descent-wave"]], ("light", "dark"), ("page",), ("png",))
    serial = render.render(jobs, tmp_path / "s", workers=1)
    parallel = render.render(jobs, tmp_path / "p", workers=2)
    assert serial.drawn == parallel.drawn == 2
    for path, data in serial.outputs.items():
        assert (tmp_path / "p" / path.name).read_bytes() == data


def test_a_registry_field_has_a_page_too(tmp_path: Path) -> None:
    jobs = render.plan([field_spec(SADDLE)], ("dark",), formats=("html",))
    report = render.render(jobs, tmp_path, workers=1)
    page_text = (tmp_path / "field-saddle-dark.html").read_text(encoding="utf-8")
    assert [p.name for p in report.written] == ["field-saddle-dark.html"]
    assert "grad: (x, y) => [2*x, -2*y]" in page_text


# --- the descent preview, generalised -----------------------------------------------------------
def test_a_preview_with_a_given_start_and_steps_runs_exactly_those() -> None:
    start, steps = (-1.5, 2.0), (0.002, 0.01, 0.02, 0.022)
    run = descent.preview(ROSENBROCK, start, steps)
    assert run.landscape == ROSENBROCK and run.curvature is None
    assert (run.start, run.steps) == (start, steps)
    for path, step in zip(run.paths, steps, strict=True):
        alone = descent.descend(ROSENBROCK, start, step)
        assert path.step == step and np.array_equal(path.points, alone.points)
    chosen = descent.preview(ROSENBROCK)
    assert chosen.curvature is not None and chosen.start != start
    # Either one alone: the other is chosen from the landscape's shape.
    assert descent.preview(ROSENBROCK, start).steps == chosen.steps
    assert descent.preview(ROSENBROCK, steps=steps).start == chosen.start


def test_steps_follow_the_curvature_at_the_minimum() -> None:
    """η = 0.1/L, 1/L, 1.9/L, 2.2/L with L the largest Hessian eigenvalue at the minimum reached."""
    run = descent.preview(WAVE)
    x, y = sp.symbols("x y", real=True)
    f = x * sp.exp(-x**2 - y**2)
    minimum = {x: -1 / sp.sqrt(2), y: 0}
    assert all(sp.simplify(sp.diff(f, v).subs(minimum)) == 0 for v in (x, y))
    curvature = max(np.linalg.eigvalsh(np.array(sp.hessian(f, (x, y)).subs(minimum).evalf(), dtype=float)))
    assert run.curvature == pytest.approx(curvature, rel=1e-6)
    assert run.steps == pytest.approx([k / curvature for k in descent.STEP_FACTORS], rel=5e-3)
    # Start: inside the middle 80 %, on no centre line (a path there would stay straight).
    (x0, x1), (y0, y1) = WAVE.domain
    assert 0.1 <= (run.start[0] - x0) / (x1 - x0) <= 0.9 and 0.1 <= (run.start[1] - y0) / (y1 - y0) <= 0.9
    assert run.start[0] != 0 and run.start[1] != 0 and abs(run.start[0]) != abs(run.start[1])
    crawl, good, bounce, unstable = run.paths
    for converged in (good, bounce):
        assert not converged.diverged and converged.final_grad_norm < 1e-9
        assert converged.points[-1] == pytest.approx([-(0.5**0.5), 0], abs=1e-8)
    assert unstable.diverged or unstable.final_grad_norm > 1e-3  # beyond 2/L: no convergence
    assert crawl.final_value < float(WAVE(np.array(run.start)))  # slow, but downhill


def test_the_descent_figure_draws_the_chosen_preview() -> None:
    run = descent.preview(WAVE)
    fig = descent_figure(WAVE, theme="light")
    ax = fig.axes[0]
    stars = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert [tuple(np.ravel(line.get_xydata())) for line in stars] == [run.start]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[0] == "start"
    assert [float(lab.split()[1].rstrip(":")) for lab in labels if lab.startswith("step")] == list(run.steps)
    assert "Gradient descent on Wave" in ax.get_title(loc="left")


# --- the house style without a context manager --------------------------------------------------
@pytest.mark.parametrize("theme", THEMES)
def test_figures_have_the_house_look_outside_any_context(theme: str) -> None:
    before = dict(mpl.rcParams)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = field_figure(WAVE, theme=theme, size=(6, 4.8))
        direct = io.BytesIO()
        fig.savefig(direct, format="png", dpi=50)  # no themed(), no rcParams set by hand
    assert isinstance(fig, ThemedFigure) and dict(mpl.rcParams) == before
    with themed(theme):
        inside = io.BytesIO()
        field_figure(WAVE, theme=theme, size=(6, 4.8)).savefig(inside, format="png", dpi=50)
    assert np.array_equal(_pixels(direct.getvalue()), _pixels(inside.getvalue()))
    # Tick labels are made while saving: they too have the theme's colours, not matplotlib's black.
    ax = fig.axes[0]
    with themed(theme):
        house = {key: mpl.rcParams[key] for key in ("xtick.color", "text.color")}
    assert house["xtick.color"] != mpl.rcParamsDefault["xtick.color"]
    assert mpl.colors.same_color(ax.xaxis.get_major_ticks()[0].label1.get_color(), house["xtick.color"])
    assert mpl.colors.same_color(ax.title.get_color(), house["text.color"])


def test_saving_inside_another_theme_keeps_the_figures_own(tmp_path: Path) -> None:
    fig = field_figure(WAVE, theme="dark", size=(6, 4.8))
    with themed("light"):
        fig.savefig(tmp_path / "x.png", dpi=50)
    corner = _pixels((tmp_path / "x.png").read_bytes())[1, 1, :3]
    assert np.allclose(corner, [0x1E / 255, 0x21 / 255, 0x29 / 255], atol=1 / 255)


# --- the README recipe, run as printed ----------------------------------------------------------
def _readme_recipe() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Your own function"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.mark.slow  # a full-size (1920 × 1080) render in a real process
def test_readme_recipe_runs_as_printed(tmp_path: Path) -> None:
    recipe = _readme_recipe()
    assert len(recipe.strip().splitlines()) <= 15
    proc = subprocess.run([sys.executable, "-W", "error", "-c", recipe], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    pngs = sorted(tmp_path.glob("*.png"))
    pages = sorted(tmp_path.glob("*.html"))
    assert pngs and pages, sorted(p.name for p in tmp_path.iterdir())
    for png in pngs:
        assert _png_size(png.read_bytes()) == (1920, 1080), png.name
    for html in pages:
        text = html.read_text(encoding="utf-8")
        assert "gradfig-readout" in text and "data-gradfig-field=" in text and "<script src" not in text
