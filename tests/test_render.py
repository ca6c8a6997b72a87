"""Rendering to files: deterministic bytes, preset sizes, the cache, a killed render, the CLI."""

from __future__ import annotations

import os
import re
import signal
import struct
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

import site_tools
from gradfig import render
from gradfig.figures import static
from gradfig.figures.catalogue import FigureSpec, registry_figures, select
from gradfig.landscapes import LANDSCAPES, LAYER_MAP, POLAR_MAP, ROSENBROCK
from gradfig.render import Job, draw_job, file_name

GRADFIG = [sys.executable, "-m", "gradfig.cli"]

#: What ``gradfig render`` draws (the registry's figures), and three figures of other subjects
#: the render machinery draws just as well: any catalogue renders.
FIGURES: dict[str, FigureSpec] = {
    **registry_figures(LANDSCAPES.values()),
    **{s.name: s for s in (
        FigureSpec("jacobian-polar", "Polar map", partial(static.jacobian_figure, POLAR_MAP, (2.0, 0.5))),
        FigureSpec("taylor-error", "Layer", partial(static.taylor_error_figure, LAYER_MAP)),
        FigureSpec("fd-error", "Rosenbrock", partial(static.fd_error_figure, ROSENBROCK, (-0.5, 1.5))),
    )},
}


def plan(names, *args, **kwargs) -> list[Job]:
    return render.plan(select(FIGURES, names), *args, **kwargs)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _complete(path: Path) -> bool:
    """A whole file of its kind (a truncated one fails this)."""
    data = path.read_bytes()
    if path.suffix == ".png":
        return data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    if path.suffix == ".svg":
        return data.rstrip().endswith(b"</svg>")
    raise AssertionError(f"unexpected file {path}")


def _run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GRADFIG, *args], capture_output=True, text=True, timeout=600, cwd=cwd,
                          env=env)


def _dead_pid() -> int:
    """The pid of a process that has finished (and been reaped): a writer that is gone."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _temporaries(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*.tmp")]


def _interrupted_cleanly(proc: subprocess.Popen) -> None:
    """The render, sent Ctrl-C, ends with exit 130 and one line, and its whole process group
    with it (no worker left behind)."""
    _, err = site_tools.finish(proc, 120)  # a safety net: it takes about a second
    assert proc.returncode == 130, err
    assert err == "gradfig: interrupted\n"
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # the group is empty: every worker ended with the render


def _first_progress_line(proc: subprocess.Popen) -> str:
    """Block until the render prints its first progress line (a job is done), and return it."""
    for line in proc.stdout:
        if re.match(r"\[ *1/", line):
            return line
    raise AssertionError(f"the render ended without a progress line (exit {proc.wait()})")


# --- what the issue asks of `gradfig render` --------------------------------------------------
@pytest.mark.slow
def test_slide_render_writes_every_format_and_theme_and_is_byte_identical(tmp_path: Path) -> None:
    """Two fresh renders (separate processes, no cache) give the same bytes."""
    args = ["--preset", "16:9", "--theme", "both", "--format", "svg,png,pdf", "--no-cache", "--quiet",
            "--only", "bowl", "--only", "rosenbrock"]
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        proc = _run("render", "--out", str(out), *args)
        assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(f"field-{ls}-{theme}-16x9.{fmt}" for ls in ("bowl", "rosenbrock")
                           for theme in ("light", "dark") for fmt in ("svg", "png", "pdf"))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        if name.endswith(".png"):
            assert _png_size((first / name).read_bytes()) == (1920, 1080)
    light = (first / "field-bowl-light-16x9.svg").read_bytes()
    dark = (first / "field-bowl-dark-16x9.svg").read_bytes()
    assert light != dark and b"#1e2129" in dark


@pytest.mark.parametrize(("preset", "size"), [("16:9", (1920, 1080)), ("4:3", (1600, 1200))])
def test_slide_presets_have_their_pixel_size(preset: str, size: tuple[int, int]) -> None:
    data, *_ = draw_job(Job(FIGURES["taylor-error"], "dark", preset, ("png",)))
    assert _png_size(data["png"]) == size


@pytest.mark.parametrize("name", ["field-saddle", "panel"])
def test_page_png_is_twice_the_css_size(name: str) -> None:
    data, *_ = draw_job(Job(FIGURES[name], "light", "page", ("png", "svg")))
    w, h = FIGURES[name].page_size
    assert _png_size(data["png"]) == (round(w * 200), round(h * 200))
    head = data["svg"][:600].decode()
    assert f'width="{w * 100:g}px" height="{h * 100:g}px"' in head
    if name.startswith("field-"):
        assert _png_size(data["png"]) == (1600, 1280)  # the contract's 5:4 page size, at 2x


def test_svg_carries_no_dates_versions_or_random_ids() -> None:
    job = Job(FIGURES["fd-error"], "light", "page", ("svg",))
    first, *_ = draw_job(job)
    second, *_ = draw_job(job)
    svg = first["svg"].decode()
    assert first == second
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg and "matplotlib.org" not in svg
    ids = re.findall(r'id="([^"]+)"', svg)
    assert ids, "expected clip paths and glyph ids"
    # Ids are derived from content with a fixed salt, so a fresh process makes the same ones.
    code = ("import sys; from functools import partial; from gradfig.render import Job, draw_job; "
            "from gradfig.figures.catalogue import FigureSpec; from gradfig.figures.static import "
            "fd_error_figure; from gradfig.landscapes import ROSENBROCK; spec = FigureSpec('fd-error', "
            "'Rosenbrock', partial(fd_error_figure, ROSENBROCK, (-0.5, 1.5))); "
            "sys.stdout.buffer.write(draw_job(Job(spec, 'light', 'page', ('svg',)))[0]['svg'])")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300, check=True)
    assert other.stdout == first["svg"]


def test_pdf_and_png_carry_no_dates() -> None:
    data, *_ = draw_job(Job(FIGURES["taylor-error"], "light", "16:9", ("pdf", "png")))
    assert b"CreationDate" not in data["pdf"] and b"/Producer" not in data["pdf"]
    assert b"tIME" not in data["png"] and b"Software" not in data["png"]


# --- the cache ----------------------------------------------------------------------------------
def test_cache_hit_draws_nothing_and_rewrites_nothing(tmp_path: Path) -> None:
    jobs = plan(["taylor-error", "fd-error"], themes=("light", "dark"), formats=("svg", "png"))
    out, cache = tmp_path / "out", tmp_path / "cache"
    cold = render.render(jobs, out, workers=1, cache_dir=cache)
    assert (cold.drawn, cold.cached, len(cold.written)) == (4, 0, 8)
    stamps = {p: p.stat().st_mtime_ns for p in out.iterdir()}

    warm = render.render(jobs, out, workers=1, cache_dir=cache)
    assert (warm.drawn, warm.cached, len(warm.written), len(warm.unchanged)) == (0, 4, 0, 8)
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == stamps

    # A lost output comes back from the cache, still without drawing.
    (out / "fd-error-dark.svg").unlink()
    again = render.render(jobs, out, workers=1, cache_dir=cache)
    assert again.drawn == 0 and [p.name for p in again.written] == ["fd-error-dark.svg"]

    # Temporaries a killed writer left (in the output and in the cache) are swept away.
    dead = _dead_pid()
    stale = [out / f".gradfig-fd-error-dark.svg.{dead}.abc123.tmp",
             next(cache.iterdir()) / f".gradfig-deadbeef.svg.{dead}.x_y.tmp"]
    for path in stale:
        path.write_bytes(b"<svg")
    render.render(jobs, out, workers=1, cache_dir=cache)
    assert not any(path.exists() for path in stale)

    # Anything that changes the picture changes the key: another preset is a miss.
    other = render.render(plan(["taylor-error"], ("light",), ("4:3",), ("png",)), out, workers=1,
                          cache_dir=cache)
    assert other.drawn == 1


def test_keys_depend_on_theme_preset_format_and_definition() -> None:
    bowl, saddle = FIGURES["field-bowl"], FIGURES["field-saddle"]
    a = render.job_keys(Job(bowl, "light", "page", ("svg", "png")))
    b = render.job_keys(Job(bowl, "dark", "page", ("svg", "png")))
    c = render.job_keys(Job(saddle, "light", "page", ("svg", "png")))
    d = render.job_keys(Job(bowl, "light", "16:9", ("svg", "png")))
    e = render.job_keys(Job(FIGURES["descent-bowl"], "light", "page", ("svg", "png")))  # same subject
    keys = [*a.values(), *b.values(), *c.values(), *d.values(), *e.values()]
    assert len(set(keys)) == len(keys)
    assert render.job_keys(Job(bowl, "light", "page", ("svg", "png"))) == a
    # The same figure of the same subject, made anew (as a worker unpickles it): the same key.
    again = registry_figures(LANDSCAPES.values())["field-bowl"]
    assert again is not bowl and render.job_keys(Job(again, "light", "page", ("svg", "png"))) == a


def test_a_job_pickles_with_its_subject_so_workers_need_no_catalogue() -> None:
    import pickle

    job = Job(FIGURES["jacobian-polar"], "light", "page", ("png",))
    copy = pickle.loads(pickle.dumps(job))
    assert copy.spec.depends == job.spec.depends and copy.figure == "jacobian-polar"
    assert render.job_keys(copy) == render.job_keys(job)
    assert draw_job(copy)[0] == draw_job(job)[0]


def test_parallel_render_matches_serial_render(tmp_path: Path) -> None:
    jobs = plan(["jacobian-polar", "taylor-error"], themes=("light", "dark"), formats=("png",))
    serial = render.render(jobs, tmp_path / "s", workers=1)
    parallel = render.render(jobs, tmp_path / "p", workers=2)
    assert parallel.drawn == serial.drawn == 4
    for path, data in serial.outputs.items():
        assert (tmp_path / "p" / path.name).read_bytes() == data


# --- a render killed midway ---------------------------------------------------------------------
@pytest.mark.slow
def test_killed_render_leaves_no_partial_file_and_the_next_recovers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    figures = ["field-bowl", "field-saddle", "descent-bowl", "descent-saddle"]
    args = ["render", "--out", str(out), "--no-cache", "--preset", "16:9", "--theme", "both",
            "--format", "png,pdf", "--jobs", "2", *(f"--only={f}" for f in figures)]
    expected = {file_name(j.figure, j.theme, "16:9", f)
                for j in plan(figures, themes=("light", "dark"), presets=("16:9",), formats=("png", "pdf"))
                for f in j.formats}
    proc = subprocess.Popen([*GRADFIG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not (out.is_dir() and any(p.suffix in (".png", ".pdf") for p in out.iterdir())):
            assert proc.poll() is None, "render ended before it could be killed"
            assert time.monotonic() < deadline, "no file written in 300 s"
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its worker processes, mid-render
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    written = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert written < expected, "the render finished before the kill; nothing was tested"
    for name in written:
        assert _complete(out / name), f"{name} is truncated"

    proc2 = _run(*args, "--quiet")
    assert proc2.returncode == 0, proc2.stderr
    assert {p.name for p in out.iterdir()} == expected  # no temporary file left behind
    assert all(_complete(out / name) for name in expected)


# --- the command line ---------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "message"), [
    (["--format", "webp"], "unknown format 'webp'"),
    (["--format", "svg,jpeg"], "unknown format 'jpeg'"),
    (["--only", "volcano"], "unknown figure 'volcano'"),
    (["--preset", "5:4"], "invalid choice: '5:4'"),
    (["--theme", "sepia"], "invalid choice: 'sepia'"),
    (["--jobs", "0"], "must be at least 1"),
])
def test_bad_options_exit_2_with_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    proc = _run("render", "--out", str(tmp_path / "x"), *args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in proc.stderr
    assert not (tmp_path / "x").exists()


def test_unwritable_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = _run("render", "--out", str(blocker / "sub"), "--only", "bowl", "--no-cache")
    assert proc.returncode == 2 and proc.stdout == ""  # refused before drawing anything
    assert proc.stderr.count("\n") == 1 and "cannot write" in proc.stderr and str(blocker) in proc.stderr


@pytest.mark.slow
def test_progress_lines_and_quiet(tmp_path: Path) -> None:
    loud = _run("render", "--out", str(tmp_path / "a"), "--only", "bowl", "--theme", "both",
                "--cache", str(tmp_path / "cache"))
    assert loud.returncode == 0, loud.stderr
    lines = loud.stdout.splitlines()
    assert len(lines) == 3 and lines[0].startswith("[1/2] field-bowl")
    assert "2 drawn, 0 from cache" in lines[-1]
    again = _run("render", "--out", str(tmp_path / "a"), "--only", "bowl", "--theme", "both",
                 "--cache", str(tmp_path / "cache"))
    assert "0 drawn, 2 from cache" in again.stdout and again.stdout.count("cached") == 2
    quiet = _run("render", "--out", str(tmp_path / "b"), "--only", "bowl", "--quiet",
                 "--cache", str(tmp_path / "cache"))
    assert quiet.returncode == 0 and quiet.stdout == ""
    assert (tmp_path / "b" / "field-bowl-light.svg").is_file()


def test_empty_output_or_cache_folder_is_refused(tmp_path: Path) -> None:
    for option in ("--out", "--cache"):
        proc = _run("render", option, "", "--only", "bowl", cwd=tmp_path)
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr.count("\n") == 1 and "empty folder name" in proc.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder


def test_a_cache_that_is_a_file_is_refused_before_drawing(tmp_path: Path) -> None:
    cache = tmp_path / "afile"
    cache.write_text("not a folder")
    proc = _run("render", "--out", str(tmp_path / "out"), "--cache", str(cache), "--only", "bowl")
    assert proc.returncode == 2 and proc.stdout == ""  # no progress line: nothing was drawn
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "cache folder" in proc.stderr and str(cache) in proc.stderr and "not a folder" in proc.stderr
    assert cache.read_text() == "not a folder"


# --- other people's files, and other renders ------------------------------------------------
def test_only_gradfig_temporaries_of_finished_writers_are_removed(tmp_path: Path) -> None:
    """A user's own .tmp files are never touched; gradfig's are swept only once their writer
    is gone, so a render running alongside keeps its half-written temporaries."""
    out, cache = tmp_path / "slides", tmp_path / "cache"
    out.mkdir()
    dead, alive = _dead_pid(), os.getpid()  # this test's process stands for a live writer
    keep = {
        out / ".notes.tmp": b"my notes",
        out / ".fd-error-light.svg.abc123.tmp": b"looks like an old temporary, is not ours",
        out / f".gradfig-fd-error-light.svg.{alive}.abcd_123.tmp": b"a live writer's",
        cache / "ab" / ".notes.tmp": b"in a cache shard, but not gradfig's",
        cache / "projects" / f".gradfig-x.svg.{dead}.abcd_123.tmp": b"outside the cache's layout",
        cache / "projects" / ".draft.tmp": b"a user's folder inside the cache folder",
    }
    swept = [out / f".gradfig-fd-error-light.svg.{dead}.abcd_123.tmp",
             cache / f".gradfig-x.{dead}.abcd_123.tmp",
             cache / "ab" / f".gradfig-ab12.png.{dead}.abcd_123.tmp"]
    for path, data in [*keep.items(), *((p, b"stale") for p in swept)]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    proc = _run("render", "--out", str(out), "--cache", str(cache), "--only", "bowl", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert {p: p.read_bytes() for p in keep} == keep
    assert [p for p in swept if p.exists()] == []
    assert (out / "field-bowl-light.svg").is_file()


@pytest.mark.slow
def test_two_renders_into_one_folder_and_cache_do_not_disturb_each_other(tmp_path: Path) -> None:
    """Overlap made certain, not left to timing: the first render is frozen (SIGSTOP) right
    after its first job, the second runs from start to end meanwhile (sweeping the folder and
    the cache as it starts), then the first resumes and finishes."""
    out, cache = tmp_path / "slides", tmp_path / "cache"
    figures = ["field-bowl", "field-saddle", "descent-bowl"]
    args = ["render", "--out", str(out), "--cache", str(cache), "--preset", "16:9", "--theme", "both",
            "--format", "png,pdf", *(f"--only={f}" for f in figures)]
    expected = {file_name(j.figure, j.theme, "16:9", f)
                for j in plan(figures, ("light", "dark"), ("16:9",), ("png", "pdf")) for f in j.formats}
    first = subprocess.Popen([*GRADFIG, *args, "--jobs", "1"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        _first_progress_line(first)
        first.send_signal(signal.SIGSTOP)  # mid-render: files and cache entries half done
        second = _run(*args, "--jobs", "2")
        assert second.returncode == 0, second.stderr
        assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == expected
        first.send_signal(signal.SIGCONT)
        _, err = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err
    assert {p.name for p in out.iterdir()} == expected  # every file, and no temporary left
    assert all(_complete(out / name) for name in expected)
    assert _temporaries(out, cache) == []
    draws = {name: data for job in plan(figures, ("light", "dark"), ("16:9",), ("png", "pdf"))
             for name, data in zip(job.file_names().values(), draw_job(job)[0].values(), strict=True)
             if job.figure == "field-bowl"}
    for name, data in draws.items():  # whoever wrote last, the bytes are the figure's
        assert (out / name).read_bytes() == data


# --- Ctrl-C and failures ------------------------------------------------------------------------
_GATE_ENV = "GRADFIG_TEST_GATE"


def _gated_draw_job(job: Job):
    """draw_job, but only the first job to start goes ahead: every other one waits at a gate
    the test opens after render() has returned, and each job drawn leaves a mark. A worker
    ended while it waits never draws; one left running would draw once the gate opens."""
    gate = Path(os.environ[_GATE_ENV])
    try:
        os.close(os.open(gate / "first", os.O_CREAT | os.O_EXCL))  # atomic: one job wins
    except FileExistsError:
        for _ in range(12_000):  # a safety net of two minutes, never the test's pace
            if (gate / "open").exists():
                break
            time.sleep(0.01)
    (gate / f"drew {job.label()}").touch()
    return _REAL_DRAW_JOB(job)


_REAL_DRAW_JOB = render.draw_job


def test_an_interrupt_cancels_pending_jobs_and_ends_the_workers(tmp_path: Path, monkeypatch) -> None:
    import multiprocessing

    gate = tmp_path / "gate"
    gate.mkdir()
    monkeypatch.setenv(_GATE_ENV, str(gate))
    monkeypatch.setattr(render, "draw_job", _gated_draw_job)  # forked workers inherit it
    jobs = plan(["taylor-error", "fd-error", "jacobian-polar"], ("light", "dark"), ("page",), ("svg",))

    def interrupt(line: str) -> None:
        raise KeyboardInterrupt  # Ctrl-C, arriving as the first job is reported

    before = set(multiprocessing.active_children())  # other tests' processes are not ours
    with pytest.raises(KeyboardInterrupt):
        render.render(jobs, tmp_path / "out", workers=2, progress=interrupt)
    # No worker of this render left. A worker that was just terminated may take a moment to be
    # reaped (active_children() joins the finished ones), so poll: a safety net, not a pace.
    for _ in range(3000):
        extra = set(multiprocessing.active_children()) - before
        if not extra:
            break
        time.sleep(0.01)
    assert not extra, extra
    (gate / "open").touch()
    drawn = [p.name for p in gate.iterdir() if p.name.startswith("drew")]
    assert len(drawn) == 1, drawn  # the first job; the five others never started drawing
    assert _temporaries(tmp_path / "out") == []


@pytest.mark.slow
@pytest.mark.parametrize("target", ["process group", "main process"])
def test_ctrl_c_during_a_render_exits_at_once_in_one_line(tmp_path: Path, target: str) -> None:
    """SIGINT as a terminal sends it (to the whole group) or as `kill -INT` does (to the main
    process), after the first progress line: exit 130, one line, no worker left behind."""
    out = tmp_path / "out"
    figures = ["field-bowl", "field-saddle", "descent-bowl", "descent-saddle"]
    args = ["render", "--out", str(out), "--no-cache", "--preset", "16:9", "--theme", "both",
            "--format", "png,pdf", "--jobs", "2", *(f"--only={f}" for f in figures)]
    proc = subprocess.Popen([*GRADFIG, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, preexec_fn=site_tools.from_a_terminal)
    try:
        _first_progress_line(proc)
        if target == "process group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
    except BaseException:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        raise
    _interrupted_cleanly(proc)
    written = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert 0 < len(written) < 4 * len(figures)
    assert all(_complete(p) for p in written)
    assert _temporaries(out) == []


CUT_OFF_RESULT = '''\
"""Test-only: the saddle's field leaves half a result in the pool's result pipe, as a worker
ended mid-send leaves it, then presses Ctrl-C (SIGINT to the main process, the render)."""
import functools
import multiprocessing
import os
import signal
import struct
import time

from gradfig.figures import static

_field_figure = static.field_figure


@functools.wraps(_field_figure)
def field_figure(landscape, **kwargs):
    if landscape.name == "saddle":
        results = multiprocessing.current_process()._args[1]  # the pool's result queue
        os.write(results._writer.fileno(), struct.pack("!i", 1 << 20) + b"half a figure")
        os.kill(os.getppid(), signal.SIGINT)
        time.sleep(3600)  # ended by the render's clean-up
    return _field_figure(landscape, **kwargs)


static.field_figure = field_figure
'''


@pytest.mark.slow
def test_ctrl_c_while_a_result_is_half_sent_exits_at_once(tmp_path: Path) -> None:
    """The pool's reader, waiting for the rest of a message no worker will send, does not keep
    the render from ending: exit 130, one line, no worker left behind, no partial file."""
    (tmp_path / "inject").mkdir()
    (tmp_path / "inject" / "sitecustomize.py").write_text(CUT_OFF_RESULT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(tmp_path / "inject"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    out = tmp_path / "out"
    proc = subprocess.Popen([*GRADFIG, "render", "--out", str(out), "--no-cache", "--jobs", "2",
                             "--theme", "light", "--format", "png", "--only", "saddle", "--only", "bowl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True, preexec_fn=site_tools.from_a_terminal)
    _interrupted_cleanly(proc)
    assert not out.exists() or _temporaries(out) == []


FAILING_FIGURE = '''\
"""Test-only: drawing the saddle's field fails, as a broken figure function would."""
import functools

from gradfig.figures import static

_field_figure = static.field_figure


@functools.wraps(_field_figure)  # its signature (and so its default size), its name for pickle
def field_figure(landscape, **kwargs):
    if landscape.name == "saddle":
        raise ValueError("zip() argument 2 is longer\\nthan argument 1")
    return _field_figure(landscape, **kwargs)


static.field_figure = field_figure  # what the catalogue binds, and what workers unpickle
'''


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_figure_that_fails_is_named_in_one_line(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "inject").mkdir()
    (tmp_path / "inject" / "sitecustomize.py").write_text(FAILING_FIGURE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(tmp_path / "inject"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    out = tmp_path / "out"
    proc = _run("render", "--out", str(out), "--no-cache", "--jobs", jobs,
                "--only", "saddle", "--only", "bowl", "--only", "descent-bowl", env=env)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    line = proc.stderr.strip()
    assert line.startswith("gradfig: error: figure field-saddle (landscape saddle; light, page)")
    assert "ValueError: zip() argument 2 is longer than argument 1" in line
    assert _temporaries(out) == []
    assert all(_complete(p) for p in out.iterdir())


def test_a_closed_stdout_ends_a_render_quietly(tmp_path: Path) -> None:
    """`gradfig render | head -0`: the reader is gone before the first progress line."""
    read, write = os.pipe()
    os.close(read)  # no reader at all, before the render even starts
    try:
        proc = subprocess.run([*GRADFIG, "render", "--out", str(tmp_path / "out"), "--no-cache",
                               "--only", "bowl", "--only", "saddle"],
                              stdout=write, stderr=subprocess.PIPE, text=True, timeout=600)
    finally:
        os.close(write)
    assert proc.returncode == 141 and proc.stderr == ""
    assert _temporaries(tmp_path / "out") == []
