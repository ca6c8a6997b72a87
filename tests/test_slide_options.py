"""Slide options for every figure: a title of one's own or none, the lecture size, a transparent
background, and the order in which the user's matplotlib settings win over the house style
(stated in gradfig.figures.style's docstring)."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib as mpl
import matplotlib.image
import numpy as np
import pytest

from chapter.figures import FIGURES
from gradfig import cli, export, render
from gradfig.figures.catalogue import field_spec
from gradfig.figures.static import field_figure, jacobian_figure
from gradfig.figures.style import set_figure_title
from gradfig.landscapes import BOWL, LANDSCAPES, POLAR_MAP


def _titles(fig) -> list[str]:
    """Every visible title text of a figure: its suptitle and each axes' three titles."""
    found = [fig.get_suptitle()] if fig.get_suptitle() and fig._suptitle.get_visible() else []
    return found + [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")
                    if ax.get_title(loc)]


def _main_title(fig) -> str:
    return fig.house_title.get_text() if fig.house_title is not None and fig.house_title.get_visible() else ""


def _pixels(data: bytes) -> np.ndarray:
    return matplotlib.image.imread(io.BytesIO(data), format="png")


# --- titles -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(FIGURES))
def test_every_figure_takes_a_title_of_ones_own_or_none(name: str) -> None:
    spec = FIGURES[name]
    own = spec.draw(theme="light", size=spec.page_size)
    retitled = spec.draw(theme="light", size=spec.page_size, title="Slide 3: the gradient")
    untitled = spec.draw(theme="light", size=spec.page_size, title="")
    assert _main_title(retitled) == "Slide 3: the gradient"
    house = _main_title(own)
    if house:  # the panel has no title of its own: its fields' names are labels
        assert house not in _titles(retitled) and house not in _titles(untitled)
    assert "Slide 3: the gradient" not in _titles(untitled)
    # What stays is the labels of parts (the Jacobian's two planes, the panel's fields).
    assert len(_titles(untitled)) == len(_titles(own)) - (1 if house else 0)


def test_a_title_set_on_the_returned_figure_replaces_the_house_title() -> None:
    fig = field_figure(BOWL)
    fig.axes[0].set_title("Mine")  # the centre title, as matplotlib's default loc
    fig.savefig(io.BytesIO(), format="png", dpi=20)
    assert _titles(fig) == ["Mine"]
    fig = jacobian_figure(POLAR_MAP, ("2", "pi/6"))
    fig.suptitle("Polar, mine")
    assert fig.get_suptitle() == "Polar, mine"


def test_set_figure_title_gives_the_panel_a_title() -> None:
    fig = FIGURES["panel"].figure()
    names = [ax.get_title(loc="left") for ax in fig.axes]
    set_figure_title(fig, "All four")
    assert fig.get_suptitle() == "All four"
    assert [ax.get_title(loc="left") for ax in fig.axes] == names  # the fields keep their names


# --- the user's rcParams and the lecture size -----------------------------------------------------
def test_the_users_rcparams_win_over_the_house_style_even_when_saved_later() -> None:
    with mpl.rc_context({"font.size": 20, "savefig.facecolor": "#ff0000"}):
        fig = field_figure(BOWL, size=(6, 5))
    house = field_figure(BOWL, size=(6, 5))
    ax, ax_house = fig.axes[0], house.axes[0]
    assert ax.xaxis.label.get_fontsize() == 20 and ax_house.xaxis.label.get_fontsize() == 12
    assert ax.title.get_fontsize() == pytest.approx(24)  # "large", relative to the user's size
    # Saved outside the block, the file still has the user's colour: the house style is not
    # applied over it again on save.
    data = export.figure_bytes(fig, "png", dpi=20)
    assert np.allclose(_pixels(data)[1, 1, :3], [1, 0, 0])
    assert np.allclose(_pixels(export.figure_bytes(house, "png", dpi=20))[1, 1, :3], [1, 1, 1])


def test_the_machines_matplotlibrc_is_not_taken_for_a_users_choice(monkeypatch) -> None:
    monkeypatch.setitem(mpl.rcParamsOrig, "font.size", 30.0)
    with mpl.rc_context({"font.size": 30.0}):  # as a matplotlibrc would set it, from the start
        fig = field_figure(BOWL, size=(6, 5))
    assert fig.axes[0].xaxis.label.get_fontsize() == 12


def _contour_width(fig) -> float:
    return max(float(np.max(c.get_linewidths())) for c in fig.axes[0].collections
               if type(c).__name__ == "QuadContourSet")


def test_the_lecture_size_has_larger_text_and_heavier_level_curves() -> None:
    house, lecture = field_figure(BOWL, size=(12, 6.75)), field_figure(BOWL, size=(12, 6.75), lecture=True)
    assert lecture.axes[0].xaxis.label.get_fontsize() > 1.3 * house.axes[0].xaxis.label.get_fontsize()
    assert _contour_width(lecture) >= 1.8 * _contour_width(house)
    # A user's own size still wins over the lecture size.
    with mpl.rc_context({"font.size": 9}):
        small = field_figure(BOWL, size=(12, 6.75), lecture=True)
    assert small.axes[0].xaxis.label.get_fontsize() == 9


# --- the command ----------------------------------------------------------------------------------
def test_render_with_slide_options_writes_a_transparent_lecture_slide(tmp_path: Path, capsys) -> None:
    args = ["render", "--only", "descent-bowl", "--format", "png", "--preset", "16:9", "--no-cache",
            "--quiet", "--jobs", "1"]
    assert cli.main([*args, "--out", str(tmp_path / "plain")]) == 0
    assert cli.main([*args, "--out", str(tmp_path / "slide"), "--no-title", "--lecture",
                     "--transparent", "--theme", "dark"]) == 0, capsys.readouterr().err
    plain = _pixels((tmp_path / "plain" / "descent-bowl-light-16x9.png").read_bytes())
    slide = _pixels((tmp_path / "slide" / "descent-bowl-dark-16x9.png").read_bytes())
    assert plain.shape == slide.shape == (1080, 1920, 4)
    assert plain[2, 2, 3] == 1 and slide[2, 2, 3] == 0  # the slide's own colour shows through
    # No title: the top band of the slide is empty (the plain one has its title there).
    assert plain[:40, :960, 3].min() == 1 and (plain[:40, :960, :3] < 0.5).any()
    assert slide[:40, :, 3].max() == 0


def test_slide_options_are_in_the_cache_key() -> None:
    spec = field_spec(BOWL)
    keys = {repr(options): render.job_keys(render.plan([spec], ("light",), ("16:9",), ("png",), **options)[0])
            for options in ({}, {"title": ""}, {"title": "x"}, {"lecture": True}, {"transparent": True})}
    assert len({k["png"] for k in keys.values()}) == 5


def test_title_and_no_title_together_are_refused(tmp_path: Path, capsys) -> None:
    code = cli.main(["render", "--title", "A", "--no-title", "--out", str(tmp_path / "o"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "contradict" in err
    assert not (tmp_path / "o").exists()


# --- the 16:9 field uses the slide's width --------------------------------------------------
def _widest_empty_band(data: bytes) -> float:
    """The widest run of pixel columns holding nothing but background, as a share of the width."""
    px = _pixels(data)[..., :3]
    empty = np.all(np.abs(px - px[0, 0]) < 0.02, axis=(0, 2))
    widest = run = 0
    for column in empty:
        run = run + 1 if column else 0
        widest = max(widest, run)
    return widest / len(empty)


@pytest.mark.parametrize("landscape", list(LANDSCAPES.values()), ids=list(LANDSCAPES))
def test_the_16_9_field_uses_the_slides_width(landscape) -> None:
    """No wide empty side band: the field takes the slide's height and its partial derivatives
    and legend fill the width beside it."""
    from gradfig.figures.style import PRESETS

    fig = field_figure(landscape, size=PRESETS["16:9"].size)
    assert _widest_empty_band(export.figure_bytes(fig, "png", 40)) < 0.15  # 0.18 to 0.27 before
    assert any("partial" in t.get_text() for sub in fig.subfigs for t in sub.texts)
