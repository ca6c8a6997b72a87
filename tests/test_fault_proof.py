"""Fault-proof builds: a wrong gradient, a figure that cannot be drawn, an unwritable output.

Each build runs in a temporary copy of the repository (``site_tools.copy_repo``) with the
copy's own ``src/`` on PYTHONPATH and a figure cache of its own, so nothing here touches
the real tree, and each stops early: it exists to show how a build fails. (Killed builds, and
how the next one recovers, are in ``test_reproducible.py``.)

- A deliberately wrong analytical gradient, injected into one landscape at interpreter start
  (``sitecustomize``; the gradient is derived from the formula, so the formula cannot carry the
  mistake), makes ``make site`` fail with a message naming the landscape and the point.
- A figure that cannot be drawn stops the build with one line naming the figure and its
  landscape, not a worker pool's traceback. (Its figures must be missing from the cache: a
  cached figure is never drawn. The rest come warm from the shared build.)
- An output folder that cannot be written gives one clear line and exit 2, no traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import site_tools
from chapter.figures import site_jobs
from gradfig.render import job_keys

pytestmark = pytest.mark.site

ROOT = site_tools.ROOT


def _injected(repo: Path, tmp_path: Path, sitecustomize: str) -> dict[str, str]:
    """The copy's environment with ``sitecustomize`` run at every interpreter's start."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(sitecustomize)
    environ = site_tools.env(repo)
    environ["PYTHONPATH"] = f"{inject}{os.pathsep}{environ['PYTHONPATH']}"
    return environ


# --------------------------------------------------------------------------------------
# A wrong analytical gradient must stop `make site`, naming the landscape and the point
# --------------------------------------------------------------------------------------
WRONG_GRADIENT = textwrap.dedent('''\
    """Test-only: give rosenbrock a wrong analytical df/dy (a forgotten x**2 term)."""
    from functools import cached_property

    from gradfig import functions

    _right = functions.ScalarFunction.partials.func


    def _wrong(self):
        parts = _right(self)
        if self.name != "rosenbrock":
            return parts
        x, _ = self.symbols
        return (parts[0], parts[1] + x**2)


    _prop = cached_property(_wrong)
    _prop.__set_name__(functions.ScalarFunction, "partials")
    functions.ScalarFunction.partials = _prop
''')


def test_the_injection_really_breaks_the_gradient_and_nothing_else(tmp_path: Path) -> None:
    """The mechanism itself: with the patch, rosenbrock's gradient is wrong by x² in y only."""
    (tmp_path / "sitecustomize.py").write_text(WRONG_GRADIENT)
    code = ("import json, numpy as np; from gradfig.landscapes import LANDSCAPES as L; "
            "p = np.array([[1.0, 1.0], [-0.5, 1.5]]); "
            "print(json.dumps([L['rosenbrock'].gradient(p).tolist(), L['bowl'].gradient(p).tolist()]))")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT / 'src'}"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout
    rosen, bowl = json.loads(out)
    assert rosen == [[0.0, 1.0], [22.0, 25.25]]  # right: (0, 0) and (22, 25); y is off by x²
    assert bowl == [[2.0, 2.0], [-1.0, 3.0]]


def test_wrong_gradient_fails_make_site_naming_landscape_and_point(tmp_path: Path) -> None:
    repo = site_tools.copy_repo(tmp_path / "repo")
    proc = site_tools.make(repo, "site", environ=_injected(repo, tmp_path, WRONG_GRADIENT), timeout=900)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"make site passed with a wrong gradient:\n{output}"
    named = [line for line in output.splitlines()
             if "gradient check failed for landscape 'rosenbrock'" in line]
    assert len(named) == 1, output
    # The slip (+x² in ∂f/∂y) shows at every check point with x ≠ 0, and only there.
    for point in ("(1.0, 1.0)", "(-0.5, 1.5)", "(1.2, 1.0)"):
        assert f"at {point}" in named[0], named[0]
    assert "at (0.0, 0.0)" not in named[0], named[0]
    assert "Traceback" not in output, output
    assert not (repo / "site" / "index.html").exists(), "a site was published despite the failure"
    table = repo / "docs" / "generated" / "check-rosenbrock.md"
    assert not table.exists(), f"a failing check table was written:\n{table.read_text()}"


# --------------------------------------------------------------------------------------
# A figure that cannot be drawn: one line naming it, no pool traceback
# --------------------------------------------------------------------------------------
FAILING_FIGURE = textwrap.dedent('''\
    """Test-only: drawing the saddle's field fails, as a broken figure function would."""
    import functools

    from gradfig.figures import static

    _field_figure = static.field_figure


    @functools.wraps(_field_figure)  # its signature and its name (workers unpickle it by name)
    def field_figure(landscape, **kwargs):
        if landscape.name == "saddle":
            raise ValueError("zip() argument 2 is longer than argument 1")
        return _field_figure(landscape, **kwargs)


    static.field_figure = field_figure
''')


def _figure_cache_without(figure: str, warm: Path, dest: Path) -> set[str]:
    """Copy the warm figure cache to ``dest`` leaving out every entry of the site's ``figure``
    (each theme, page and slide sizes): a build with it draws that figure's jobs (several, so
    in the worker pool) and takes every other figure from the cache. Returns the file names
    left out."""
    cold = {f"{key}.{fmt}" for job in site_jobs(slides=True) if job.figure == figure
            for fmt, key in job_keys(job).items()}
    shutil.copytree(warm, dest, ignore=lambda _folder, names: [n for n in names if n in cold])
    return cold


def test_a_figure_that_fails_stops_the_build_naming_figure_and_landscape(
        tmp_path: Path, built_repo: Path, warm_figure_cache: Path) -> None:
    """The copy starts from the shared build (generated files, caches), with the saddle's
    field missing from its figure cache: only its jobs are drawn, and they fail."""
    repo = site_tools.seed_from_build(site_tools.copy_repo(tmp_path / "repo"), built_repo)
    cache = tmp_path / "figures"
    cold = _figure_cache_without("field-saddle", warm_figure_cache, cache)
    assert len(cold) > 2 and not any(p.name in cold for p in cache.rglob("*"))
    environ = _injected(repo, tmp_path, FAILING_FIGURE)
    environ["GRADFIG_FIGURE_CACHE"] = str(cache)
    proc = site_tools.build(repo, tmp_path / "site", environ)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "Traceback" not in output and "concurrent.futures" not in output, output
    named = [line for line in output.splitlines() if "could not be drawn" in line]
    assert len(named) == 1, output
    assert "figure field-saddle (landscape saddle;" in named[0], named[0]
    assert "ValueError: zip() argument 2 is longer than argument 1" in named[0]
    assert not (tmp_path / "site" / "index.html").exists()


# --------------------------------------------------------------------------------------
# An output folder that cannot be written
# --------------------------------------------------------------------------------------
def _blocked_folder(tmp_path: Path) -> Path:
    """A folder path that cannot be created, even by root: its parent is a regular file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should go\n")
    return blocker / "generated"


def test_build_script_with_unwritable_output_says_so_in_one_line(tmp_path: Path) -> None:
    repo = site_tools.copy_repo(tmp_path / "repo")
    out = _blocked_folder(tmp_path)
    proc = subprocess.run([sys.executable, "scripts/build_site.py", "--out", str(out)], cwd=repo,
                          env=site_tools.env(repo), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "not-a-folder" in lines[0] and "Traceback" not in proc.stderr


def test_mkdocs_build_with_unwritable_generated_folder_fails_clearly(tmp_path: Path) -> None:
    repo = site_tools.copy_repo(tmp_path / "repo")
    (repo / "docs" / "generated").write_text("a file where docs/generated should be\n")
    proc = site_tools.build(repo, tmp_path / "site")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if "error" in line.lower()]
    assert any("generated" in line for line in errors), output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_says_so_in_one_line(tmp_path: Path) -> None:
    repo = site_tools.copy_repo(tmp_path / "repo")
    out = tmp_path / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        proc = subprocess.run([sys.executable, "scripts/build_site.py", "--out", str(out)], cwd=repo,
                              env=site_tools.env(repo), capture_output=True, text=True, timeout=600)
    finally:
        out.chmod(0o755)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "read-only" in proc.stderr
