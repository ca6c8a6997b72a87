"""Fault-proof builds: killed builds, a wrong gradient, an unwritable output folder.

All builds run in temporary copies of the repository (``site_probe.copy_repo``) with the copy's
own ``src/`` on PYTHONPATH, so nothing here touches the real tree.

- A build killed with SIGKILL (the whole process group, as a CI timeout or Ctrl-C would) at
  moments defined by its own progress (after its k-th new artefact appears, k seeded) never
  leaves a truncated artefact: every file in docs/generated/ and in the caches is a whole file
  of its format (SVG, PNG, PDF, zip, JSON parse) or byte-identical to what the completed build
  makes; the next build recovers, with no temporary file left anywhere. The kills land at the
  same points of the build on a fast machine or a slow one, warm or cold: no clock decides.
- A deliberately wrong analytical gradient, injected into one landscape at interpreter start
  (``sitecustomize``; the gradient is derived from the formula, so the formula cannot carry the
  mistake), makes ``make site`` fail with a message naming the landscape and the point.
- A figure that cannot be drawn stops the build with one line naming the figure and its
  landscape, not a worker pool's traceback.
- An output folder that cannot be written gives one clear line and exit 2, no traceback.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

import site_probe

pytestmark = pytest.mark.site

ROOT = site_probe.ROOT
#: Each kill happens once the build being killed has written its k-th new artefact (a file in
#: docs/generated/ or .cache/ that was not there when it started), k seeded from these ranges.
#: Each build resumes where the last was killed, so the kills walk through the phases
#: (snippets, maths, notebook, fields, figures): at most 133 new files in all, well short of
#: the ~200 a cold build writes, so every kill lands mid-build.
KILL_AFTER_NEW_ARTEFACTS = [(2, 6), (8, 16), (12, 24), (25, 40), (30, 47)]
# Formats that can be checked whole on their own; other files are compared with the final build.
_CHECKABLE = (".json", ".ipynb", ".svg", ".xml", ".png", ".pdf", ".zip")
SEED = 11  # the issue number: fixed, so the kill points are the same on every run
#: A safety net for a build that hangs, never a pace the test expects.
STUCK_S = 900


def _state_files(repo: Path) -> dict[str, Path]:
    """Every file a build leaves behind apart from the site: docs/generated and caches (the
    copy's figure cache is in its .cache/, see site_probe.copy_env)."""
    found = {}
    for folder in (repo / "docs" / "generated", repo / ".cache"):
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    found[p.relative_to(repo).as_posix()] = p
    return found


def _artefacts(repo: Path) -> set[str]:
    """The state files that are artefacts, not temporaries; tolerant of files vanishing."""
    found = set()
    for folder in (repo / "docs" / "generated", repo / ".cache"):
        for root, _, names in os.walk(folder):
            found.update(f"{root}/{n}" for n in names if not _is_temp(n))
    return found


def _whole_file_problem(path: Path) -> str | None:
    """None if ``path`` is a complete file of its format, else what is wrong with it."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    try:
        if suffix in (".json", ".ipynb"):
            json.loads(data)
        elif suffix in (".svg", ".xml"):
            ET.fromstring(data)
        elif suffix == ".png":
            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                image.load()
        elif suffix == ".pdf":
            if not data.startswith(b"%PDF") or b"%%EOF" not in data[-64:]:
                return "PDF without header or %%EOF trailer"
        elif suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                bad = archive.testzip()
            if bad:
                return f"zip member {bad} is corrupt"
        else:
            return f"no whole-file check for {suffix}"
    except Exception as exc:  # any parser error means a partial file
        return f"does not parse as {suffix}: {exc}"
    return None


def _is_temp(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return name.startswith(".") and name.endswith(".tmp")


def _start_build(repo: Path, site: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=repo, env=site_probe.copy_env(repo), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)  # own process group: kill it with every worker


def _kill_after_new_artefacts(build: subprocess.Popen, repo: Path, count: int) -> tuple[bool, str]:
    """Poll until the build has written ``count`` new artefacts, then SIGKILL its group.

    Returns whether the kill landed while the build was running, and the newest artefact
    seen. Waits on the build's progress, never on a clock (STUCK_S is only a safety net).
    """
    before = _artefacts(repo)
    deadline = time.monotonic() + STUCK_S
    new: set[str] = set()
    while len(new) < count and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
        new = _artefacts(repo) - before
    landed = build.poll() is None
    if landed:
        os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=60)
    newest = max(new, key=lambda f: os.stat(f).st_mtime_ns if os.path.exists(f) else 0, default="none")
    return landed, os.path.relpath(newest, repo) if newest != "none" else newest


def test_killed_builds_leave_no_truncated_artefact_and_the_next_build_recovers(tmp_path: Path) -> None:
    """Kill cold builds at points of their progress, then build to the end and compare.

    After each kill every file must be whole: a file of a checkable format (SVG, PNG, PDF, zip,
    JSON, notebook) must parse at once; any other file must end up byte-identical to what the
    completed build makes (they are deterministic), which is checked after the recovery build.
    """
    repo = site_probe.copy_repo(tmp_path / "repo")
    site = tmp_path / "site"
    rng = random.Random(SEED)
    counts = [rng.randint(low, high) for low, high in KILL_AFTER_NEW_ARTEFACTS]
    seen: dict[str, set[bytes]] = {}
    report = []
    for i, count in enumerate(counts, 1):
        landed, newest = _kill_after_new_artefacts(_start_build(repo, site), repo, count)
        files = _state_files(repo)
        report.append(f"kill {i} after {count} new artefacts (newest {newest}): {len(files)} files"
                      + ("" if landed else " -- the build had ended first"))
        assert landed, "a build ended before its kill point:\n" + "\n".join(report)
        for rel, path in files.items():
            if _is_temp(rel):
                continue  # a writer killed mid-write leaves its hidden temporary; checked below
            if path.suffix.lower() in _CHECKABLE:
                problem = _whole_file_problem(path)
                where = f"{rel} after kill {i}: {problem}"
                assert problem is None, "\n".join([where, *report])
            else:
                seen.setdefault(rel, set()).add(hashlib.sha256(path.read_bytes()).digest())

    recovered = site_probe.build_copy(repo, site)
    assert recovered.returncode == 0, (
        f"the build after the kills failed:\n{recovered.stdout}\n{recovered.stderr}\n" + "\n".join(report))
    after = _state_files(repo)
    temps = [rel for rel in after if _is_temp(rel)]
    assert not temps, f"temporary files left after a full build: {temps}"
    partial = sorted(rel for rel, digests in seen.items()
                     if rel in after and digests != {hashlib.sha256(after[rel].read_bytes()).digest()})
    assert not partial, "\n".join([f"after a kill, differed from the complete build: {partial}", *report])
    assert (site / "index.html").is_file()
    print("\n".join(report))  # where the kills landed (shown with pytest -rP)
    # The build said where it was, in one short line (the MkDocs hook's progress).
    progress = [line for line in recovered.stdout.splitlines() if line.startswith("gradfig: ")]
    assert len(progress) == 1, recovered.stdout
    # The gradient gate, then the figures: the other phases run while the workers draw, so
    # their names and the figure counts interleave in an order that depends on the machine.
    line = progress[0]
    assert line.startswith("gradfig: check, figures"), line
    for phase in ("snippets", "maths", "notebook", "fields", "playground"):
        assert f", {phase}" in line, line
    counts = re.findall(r" (\d+)/(\d+)", line)
    assert counts and counts[-1][0] == counts[-1][1], line  # every figure job accounted for
    assert re.search(r" \(\d+ files changed in [\d.]+ s\)$", line), line


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
    repo = site_probe.copy_repo(tmp_path / "repo")
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(WRONG_GRADIENT)
    env = site_probe.copy_env(repo)
    env["PYTHONPATH"] = f"{inject}{os.pathsep}{env['PYTHONPATH']}"
    # The real command, with the real venv; '-o install' skips the (already done) install step.
    proc = subprocess.run(["make", "-o", "install", "site", f"VENV={ROOT / '.venv'}"], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=900)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"make site passed with a wrong gradient:\n{output}"
    assert "rosenbrock" in output, output
    assert "(1.0, 1.0)" in output or "(1, 1)" in output, output  # the minimum: error 1 there
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


def test_a_figure_that_fails_stops_the_build_naming_figure_and_landscape(tmp_path: Path) -> None:
    repo = site_probe.copy_repo(tmp_path / "repo")
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(FAILING_FIGURE)
    env = site_probe.copy_env(repo)
    env["PYTHONPATH"] = f"{inject}{os.pathsep}{env['PYTHONPATH']}"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                           str(tmp_path / "site")], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=900)
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
    repo = site_probe.copy_repo(tmp_path / "repo")
    out = _blocked_folder(tmp_path)
    proc = subprocess.run([sys.executable, "scripts/build_site.py", "--out", str(out)], cwd=repo,
                          env=site_probe.copy_env(repo), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "not-a-folder" in lines[0] and "Traceback" not in proc.stderr


def test_mkdocs_build_with_unwritable_generated_folder_fails_clearly(tmp_path: Path) -> None:
    repo = site_probe.copy_repo(tmp_path / "repo")
    (repo / "docs" / "generated").write_text("a file where docs/generated should be\n")
    proc = site_probe.build_copy(repo, tmp_path / "site")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if "error" in line.lower()]
    assert any("generated" in line for line in errors), output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_says_so_in_one_line(tmp_path: Path) -> None:
    repo = site_probe.copy_repo(tmp_path / "repo")
    out = tmp_path / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        proc = subprocess.run([sys.executable, "scripts/build_site.py", "--out", str(out)], cwd=repo,
                              env=site_probe.copy_env(repo), capture_output=True, text=True, timeout=600)
    finally:
        out.chmod(0o755)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "read-only" in proc.stderr
