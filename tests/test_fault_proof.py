"""Fault-proof builds: killed builds, a wrong gradient, an unwritable output folder.

All builds run in temporary copies of the repository (``site_probe.copy_repo``) with the copy's
own ``src/`` on PYTHONPATH, so nothing here touches the real tree.

- A build killed with SIGKILL (the whole process group, as a CI timeout or Ctrl-C would) at
  seeded random moments never leaves a truncated artefact: every file in docs/generated/ and in
  the caches is a whole file of its format (SVG, PNG, PDF, zip, JSON parse) or byte-identical to
  what the completed build makes; the next build recovers, with no temporary file left anywhere.
- A deliberately wrong analytical gradient, injected into one landscape at interpreter start
  (``sitecustomize``; the gradient is derived from the formula, so the formula cannot carry the
  mistake), makes ``make site`` fail with a message naming the landscape and the point.
- An output folder that cannot be written gives one clear line and exit 2, no traceback.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import site_probe

pytestmark = pytest.mark.site

ROOT = site_probe.ROOT
KILLS = 4
KILL_WINDOW_S = 40.0
# Formats that can be checked whole on their own; other files are compared with the final build.
_CHECKABLE = (".json", ".ipynb", ".svg", ".xml", ".png", ".pdf", ".zip")
SEED = 6  # the issue number: fixed, so the kill moments (as fractions of a build) are the same


def _state_files(repo: Path) -> dict[str, Path]:
    """Every file a build leaves behind apart from the site: docs/generated and caches."""
    found = {}
    for folder in (repo / "docs" / "generated", repo / ".cache"):
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    found[p.relative_to(repo).as_posix()] = p
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
        cwd=repo, env=site_probe.copy_env(repo), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True)  # own process group: kill it with every worker


def test_killed_builds_leave_no_truncated_artefact_and_the_next_build_recovers(tmp_path: Path) -> None:
    """Kill cold builds at seeded moments, then build to the end and compare.

    After each kill every file must be whole: a file of a checkable format (SVG, PNG, PDF, zip,
    JSON, notebook) must parse at once; any other file must end up byte-identical to what the
    completed build makes (they are deterministic), which is checked after the recovery build.
    """
    repo = site_probe.copy_repo(tmp_path / "repo")
    site = tmp_path / "site"
    rng = random.Random(SEED)
    # Each kill lands in a build that starts where the last one was killed, so later kills
    # reach later phases (snippets, maths, notebook, fields, then figures).
    moments = [rng.uniform(1.0, KILL_WINDOW_S) for _ in range(KILLS)]
    seen: dict[str, set[bytes]] = {}
    report = []
    written_before_a_kill = False
    for moment in moments:
        build = _start_build(repo, site)
        time.sleep(moment)
        finished_first = build.poll() is not None
        if not finished_first:
            os.killpg(build.pid, signal.SIGKILL)
        build.communicate(timeout=60)
        files = _state_files(repo)
        report.append(f"killed at {moment:.1f} s: {len(files)} files"
                      + (" (the build had already finished)" if finished_first else ""))
        written_before_a_kill |= not finished_first and any(
            rel.startswith("docs/generated/") for rel in files)
        for rel, path in files.items():
            if _is_temp(rel):
                continue  # a writer killed mid-write leaves its hidden temporary; checked below
            if path.suffix.lower() in _CHECKABLE:
                problem = _whole_file_problem(path)
                where = f"{rel} after a kill at {moment:.1f} s: {problem}"
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
    assert written_before_a_kill, "no kill landed after a generated file was written:\n" + "\n".join(report)


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
