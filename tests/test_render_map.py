"""A map of one's own, end to end: `gradfig render --map F1,F2 --at X,Y`, its checks, the
Jacobian figure it draws (numbers against SymPy's own Jacobian, the point as typed, labels that
collide with nothing), and the API behind it (`map_from_formulas`, `check_point`,
`jacobian_figure`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Annotation

from gradfig import cli
from gradfig.custom_map import MapInputError, check_point, map_from_formulas, split_formulas
from gradfig.expr import ExpressionError
from gradfig.figures.catalogue import jacobian_spec
from gradfig.figures.static import default_radius, jacobian_figure
from gradfig.figures.style import THEMES
from gradfig.text import constant, point

GRADFIG = [sys.executable, "-m", "gradfig.cli"]
#: Not a map the chapter uses.
FORMULAS = "x^2 - y, x*y"
MAP = map_from_formulas(FORMULAS, name="mine", title="My map")


def _sympy_jacobian(formulas: tuple[str, str], at: tuple[float, float]) -> np.ndarray:
    """SymPy's Jacobian of the formulas as typed, at a point: the reference, not gradfig's code."""
    x, y = sp.symbols("x y", real=True)
    exprs = sp.Matrix([sp.sympify(f.replace("^", "**"), locals={"x": x, "y": y}) for f in formulas])
    return np.array(exprs.jacobian([x, y]).subs({x: at[0], y: at[1]}).evalf(), dtype=float)


def _arrows(ax) -> list[np.ndarray]:
    return [np.subtract(a.xy, a.xyann) for a in ax.texts
            if isinstance(a, Annotation) and a.arrow_patch is not None and not a.get_text()]


# --- the figure ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("x0", "radius"), [((1.0, 2.0), None), ((-0.5, 0.25), 0.3), (("2", "pi/6"), 0.4)])
def test_the_arrows_are_the_columns_of_sympys_jacobian(x0, radius) -> None:
    at = tuple(float(sp.sympify(c)) if isinstance(c, str) else c for c in x0)
    fig = jacobian_figure(MAP, x0, radius)
    left, middle, right = fig.axes
    r = default_radius(at) if radius is None else radius
    jac = _sympy_jacobian(MAP.formulas, at)
    drawn = _arrows(right)
    assert len(drawn) == 2
    for j in range(2):
        np.testing.assert_allclose(drawn[j], r * jac[:, j], atol=1e-12)
        np.testing.assert_allclose(_arrows(left)[j], r * np.eye(2)[j], atol=1e-12)
    # The output plane's axes are f₁ and f₂; J is typeset as a matrix of its entries.
    assert (right.get_xlabel(), right.get_ylabel()) == ("f₁", "f₂")
    matrix = next(t.get_text() for t in middle.texts if "J(x_0)" in t.get_text())
    assert matrix.count(r"\genfrac") == 2 and r"\left[" in matrix and r"\right]" in matrix
    for v in jac.ravel():
        assert "{" + format(float(v) + 0.0, ".3g") + "}" in matrix, (v, matrix)


def test_a_point_typed_as_constants_is_shown_as_typed() -> None:
    fig = jacobian_figure(MAP, ("2", "pi/6"))
    shown = [t.get_text() for t in fig.axes[1].texts]
    assert "x₀ = (2, π/6)" in shown
    every = [t.get_text() for ax in fig.axes for t in (*ax.texts, ax.title, ax._left_title)]
    assert not any("x₀ = (2, 0.5" in t for t in every)


@pytest.mark.parametrize("size", [(10, 5.2), (12, 6.75), (10, 7.5)], ids=["page", "16:9", "4:3"])
def test_no_label_collides_with_a_title_or_leaves_its_axes(size) -> None:
    for x0 in ((1.0, 2.0), ("2", "pi/6"), (0.0, -3.0)):
        fig = jacobian_figure(MAP, x0, size=size)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        titles = [fig._suptitle] + [t for ax in fig.axes for t in (ax.title, ax._left_title) if t.get_text()]
        boxes = [t.get_window_extent(renderer) for t in titles if t is not None]
        for ax in (fig.axes[0], fig.axes[2]):
            frame = ax.get_window_extent(renderer)
            for label in (t for t in ax.texts if t.get_text()):
                box = label.get_window_extent(renderer)
                inside = (frame.x0 <= box.x0 and box.x1 <= frame.x1
                          and frame.y0 <= box.y0 and box.y1 <= frame.y1)
                assert inside, (label.get_text(), x0, size)
                assert not any(box.overlaps(b) for b in boxes), (label.get_text(), x0, size)


# --- the point as typed -------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "shown"), [
    ("pi/6", "π/6"), ("-2*pi", "−2π"), ("sqrt(2)/2", "√2/2"), ("0.5", "0.5"), ("2 * pi / 3", "2π/3"),
    ("pi**2", "π²"), ("-1.5e-3", "−1.5e−3"), (2.0, "2"), ("e", "e")])
def test_constants_print_as_typed(typed, shown: str) -> None:
    assert constant(typed) == shown
    assert point([typed, "1"]) == f"({shown}, 1)"


# --- the checks ---------------------------------------------------------------------------------
def test_split_formulas_splits_only_outside_brackets() -> None:
    assert split_formulas("x^2 - y, x*y") == ["x^2 - y", "x*y"]
    assert split_formulas("sin((x, y)), y") == ["sin((x, y))", "y"]


def test_check_point_gives_numbers_and_the_radius() -> None:
    (x, y), r = check_point(MAP, ("2", "pi/6"))
    assert (x, y) == (2.0, float(np.pi / 6)) and r == 0.4


BAD = [
    (["--map", "x^2 - y", "--at", "1,2"], "give two formulas in x and y separated by a comma"),
    (["--map", "x, y, 1", "--at", "1,2"], "(got 3 parts)"),
    (["--map", "x, ", "--at", "1,2"], "one empty"),
    (["--map", "x, z", "--at", "1,2"], "f₂ = 'z': unknown name 'z'"),
    (["--map", "x, __import__('os')", "--at", "1,2"], "f₂ = "),
    (["--map", "x, 1/0", "--at", "1,2"], "f₂"),
    (["--map", "x, y"], "--map needs --at X,Y"),
    (["--map", "x, y", "--at", "1,2,3"], "a map of the plane needs 2 coordinates"),
    (["--map", "x, y", "--at", "1,foo"], "coordinate 'foo' is not a number"),
    (["--map", "x, y", "--at", "1,1e999"], "is not finite"),
    (["--map", "log(x), y", "--at", "0,1"], "the map is infinite at the point (0, 1)"),
    (["--map", "sqrt(x), y", "--at", "-1,1"], "the map is undefined at the point (−1, 1)"),
    (["--map", "1/(x - 1), y", "--at", "1.1,2"], "within 0.5 of the point (1.1, 2)"),
    (["--map", "sqrt(x^2 + y^2), y", "--at", "0.1,0"], "its Jacobian is undefined at (0, 0)"),
    (["--map", "x, y", "--at", "1,2", "--radius", "-1"], "must be a positive finite number"),
    (["--map", "x, y", "--at", "1,2", "--radius", "nan"], "must be a positive finite number"),
    (["--map", "x, y", "--at", "1,2", "--formula", "x"], "--formula and --map draw different figures"),
    (["--map", "x, y", "--at", "1,2", "--domain", "-2,2,-2,2"], "--domain goes with --formula"),
    (["--map", "x, y", "--at", "1,2", "--name", "A B"], "--name: name 'A B' cannot be used"),
    (["--map", "x, y", "--at", "1,2", "--format", "html"], "html pages are made for fields only"),
    (["--map", "x, y", "--at", "1,2", "--only", "field"], "unknown figure 'field' for the map 'map'"),
    (["--at", "1,2"], "--at goes with --map"),
    (["--radius", "1"], "--radius goes with --map"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a)[:40] for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(args: list[str], message: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = cli.main(["render", "--out", str(out), "--no-cache", *args])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], captured.err
    assert lines[0].startswith("gradfig: error: ")
    assert not out.exists()


def test_the_library_refuses_what_the_command_refuses() -> None:
    with pytest.raises(MapInputError, match="two formulas"):
        map_from_formulas(["x"])
    with pytest.raises(ExpressionError, match="f₁"):
        map_from_formulas(("exec('1')", "y"))
    with pytest.raises(MapInputError, match="infinite at the point"):
        check_point(map_from_formulas("1/x, y"), (0, 1))


def test_a_bad_map_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([*GRADFIG, "render", "--map", "log(x - 3), y", "--at", "1,2",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "undefined at the point (1, 2)" in proc.stderr
    assert not (tmp_path / "out").exists()


# --- the command ----------------------------------------------------------------------------------
@pytest.mark.slow  # a full-size (1920 × 1080) render of every format and theme
def test_render_map_writes_every_format_preset_and_theme(tmp_path: Path, capsys) -> None:
    code = cli.main(["render", "--map", "x*cos(y), x*sin(y)", "--at", "2,pi/6", "--radius", "0.3",
                     "--name", "polar", "--format", "svg,png,pdf", "--preset", "16:9", "--theme", "both",
                     "--out", str(tmp_path), "--no-cache", "--quiet", "--jobs", "1"])
    assert code == 0, capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"jacobian-polar-{theme}-16x9.{fmt}" for theme in THEMES for fmt in ("svg", "png", "pdf"))


def test_negative_coordinates_and_a_leading_minus_work(tmp_path: Path, capsys) -> None:
    code = cli.main(["render", "--map", "-x^2, y", "--at", "-1,-pi/4", "--only", "jacobian",
                     "--format", "svg", "--out", str(tmp_path), "--no-cache", "--quiet", "--jobs", "1"])
    assert code == 0, capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["jacobian-map-light.svg"]


def test_the_spec_keeps_the_point_as_typed_in_its_key() -> None:
    a, b = jacobian_spec(MAP, ("2", "pi/6")), jacobian_spec(MAP, (2.0, float(np.pi / 6)))
    assert "'pi/6'" in a.depends and a.depends != b.depends
    assert a.name == "jacobian-mine"
