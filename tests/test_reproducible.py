"""Reproducible, recoverable builds: same sources + same SOURCE_DATE_EPOCH -> the same bytes.

One cold build of a copy of the repository, with caches of its own, is killed three times
(SIGKILL to its whole process group, as a CI timeout or Ctrl-C would) at moments defined by
its own progress, and resumed each time; it is then finished and compared, byte for byte,
with the session's shared site (``built_site``, built in another copy, at another absolute
path, from other caches, as of the same date). So one chain of builds shows both facts:

- **Killed builds leave nothing broken.** After each kill every file in ``docs/generated/``
  and the caches is a whole file of its format (SVG, PNG, PDF, zip, JSON parse) or ends up
  byte-identical to what the completed build makes; the next build recovers, with no
  temporary file left. The kills land at the same points of the build on a fast machine or a
  slow one, warm or cold: no clock decides.
- **Builds are reproducible.** The finished site and ``docs/generated`` equal the shared
  build's, no absolute build path leaks into either site, and a rebuild with nothing changed
  keeps every published byte and rewrites no generated file (``gradfig.export`` writes only
  changed bytes, so ``mkdocs serve`` does not loop on its own output).

Differences are reported file by file, with the first differing line.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import os
import random
import re
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import site_tools
from site_tools import EPOCH

pytestmark = pytest.mark.site

#: Each kill happens once the build being killed has written its k-th new artefact (a file in
#: docs/generated/ or .cache/ that was not there when it started), k seeded from these ranges.
#: Each build resumes where the last was killed, so the kills walk through the phases
#: (snippets, maths, notebook, fields, figures): at most 106 new files in all, well short of
#: the ~200 a cold build writes, so every kill lands mid-build. Three kills (early, middle,
#: late), not five: each kill costs a restart and the jobs it abandons; the three land
#: after about 2-6, 18-46 and 58-106 new files, the span the five covered (2-6 ... 77-133).
KILL_AFTER_NEW_ARTEFACTS = [(2, 6), (16, 40), (40, 60)]
# Formats that can be checked whole on their own; other files are compared with the final build.
_CHECKABLE = (".json", ".ipynb", ".svg", ".xml", ".png", ".pdf", ".zip")
SEED = 11  # the issue number: fixed, so the kill points are the same on every run
#: A safety net for a build that hangs, never a pace the test expects.
STUCK_S = 900


# --------------------------------------------------------------------------------------
# The chain: kill, kill, ..., finish
# --------------------------------------------------------------------------------------
def _state_files(repo: Path) -> dict[str, Path]:
    """Every file a build leaves behind apart from the site: docs/generated and caches (the
    copy's figure cache is in its .cache/, see site_tools.env)."""
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


@dataclass
class Chain:
    """What the killed-and-resumed builds left: the copy, its site, and what each kill saw."""

    repo: Path
    site: Path
    report: list[str] = field(default_factory=list)
    missed_kills: list[int] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)          # partial files seen after a kill
    seen: dict[str, set[bytes]] = field(default_factory=dict)  # other files' digests after kills
    finished: subprocess.CompletedProcess | None = None


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    """A cold build of a copy (its own caches; its slide files drawn first, as for the shared
    site), killed at three points of its progress and resumed each time, then finished; every
    build dated EPOCH like the shared site."""
    base = tmp_path_factory.mktemp("chain")
    repo = site_tools.copy_repo(base / "repo")
    result = Chain(repo=repo, site=base / "site")
    environ = site_tools.env(repo, SOURCE_DATE_EPOCH=EPOCH)
    # The shared site's copy runs a lecturer's `make slides` before its build, so this one does
    # too (into its own cache): both builds then ship the slide files, and the kills fall in the
    # site build itself.
    slides = site_tools.make(repo, "slides", environ=environ)
    assert slides.returncode == 0, slides.stdout[-2000:] + slides.stderr[-4000:]
    rng = random.Random(SEED)
    counts = [rng.randint(low, high) for low, high in KILL_AFTER_NEW_ARTEFACTS]
    for i, count in enumerate(counts, 1):
        build = site_tools.start_build(repo, result.site, environ, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        landed, newest = _kill_after_new_artefacts(build, repo, count)
        files = _state_files(repo)
        result.report.append(f"kill {i} after {count} new artefacts (newest {newest}): {len(files)} "
                             "files" + ("" if landed else " -- the build had ended first"))
        if not landed:
            result.missed_kills.append(i)
        for rel, path in files.items():
            if _is_temp(rel):
                continue  # a writer killed mid-write leaves its hidden temporary; checked below
            if path.suffix.lower() in _CHECKABLE:
                problem = _whole_file_problem(path)
                if problem is not None:
                    result.broken.append(f"{rel} after kill {i}: {problem}")
            else:
                result.seen.setdefault(rel, set()).add(hashlib.sha256(path.read_bytes()).digest())
    result.finished = site_tools.build(repo, result.site, environ)
    assert result.finished.returncode == 0, (
        f"the build after the kills failed:\n{result.finished.stdout}\n{result.finished.stderr}\n"
        + "\n".join(result.report))
    return result


def test_killed_builds_leave_no_truncated_artefact_and_the_next_build_recovers(chain: Chain) -> None:
    """After each kill every file is whole: a file of a checkable format (SVG, PNG, PDF, zip,
    JSON, notebook) parses at once; any other file ends up byte-identical to what the completed
    build makes (they are deterministic)."""
    report = "\n".join(chain.report)
    assert not chain.missed_kills, f"a build ended before its kill point:\n{report}"
    assert not chain.broken, "\n".join([*chain.broken, report])
    after = _state_files(chain.repo)
    temps = [rel for rel in after if _is_temp(rel)]
    assert not temps, f"temporary files left after a full build: {temps}"
    partial = sorted(rel for rel, digests in chain.seen.items()
                     if rel in after and digests != {hashlib.sha256(after[rel].read_bytes()).digest()})
    assert not partial, f"after a kill, differed from the complete build: {partial}\n{report}"
    assert (chain.site / "index.html").is_file()
    print(report)  # where the kills landed (shown with pytest -rP)


def test_the_finished_build_says_where_it_was_in_one_line(chain: Chain) -> None:
    """The MkDocs hook's progress: one short line. The gradient gate, then the figures: the
    other phases run while the workers draw, so their names and the figure counts interleave
    in an order that depends on the machine."""
    progress = [line for line in chain.finished.stdout.splitlines() if line.startswith("gradfig: ")]
    assert len(progress) == 1, chain.finished.stdout
    line = progress[0]
    assert line.startswith("gradfig: check, figures"), line
    for phase in ("snippets", "maths", "notebook", "fields", "playground"):
        assert f", {phase}" in line, line
    counts = re.findall(r" (\d+)/(\d+)", line)
    assert counts and counts[-1][0] == counts[-1][1], line  # every figure job accounted for
    assert re.search(r" \(\d+ files changed in [\d.]+ s\)$", line), line


# --------------------------------------------------------------------------------------
# The same bytes as the shared build
# --------------------------------------------------------------------------------------
def _first_difference(a: Path, b: Path) -> str:
    try:
        left, right = a.read_text().splitlines(), b.read_text().splitlines()
    except UnicodeDecodeError:
        return f"binary, {a.stat().st_size} vs {b.stat().st_size} bytes"
    diff = list(difflib.unified_diff(left, right, lineterm="", n=0))[2:6]
    return " | ".join(line[:200] for line in diff)


def _explain(a_root: Path, b_root: Path, a: dict[str, str], b: dict[str, str]) -> str:
    lines = [f"only in first: {sorted(set(a) - set(b))}", f"only in second: {sorted(set(b) - set(a))}"]
    for rel in sorted(k for k in set(a) & set(b) if a[k] != b[k]):
        lines.append(f"differs: {rel}: {_first_difference(a_root / rel, b_root / rel)}")
    return "\n".join(lines)


def test_the_resumed_build_is_byte_identical_to_the_shared_build(chain: Chain, built_site: Path) -> None:
    a, b = site_tools.file_hashes(built_site), site_tools.file_hashes(chain.site)
    assert len(a) > 10  # a real site, not an empty folder
    assert a == b, _explain(built_site, chain.site, a, b)


def test_generated_files_are_byte_identical(chain: Chain, built_repo: Path) -> None:
    gen_a, gen_b = built_repo / "docs" / "generated", chain.repo / "docs" / "generated"
    a, b = site_tools.file_hashes(gen_a), site_tools.file_hashes(gen_b)
    assert a, "the build generated nothing"
    assert a == b, _explain(gen_a, gen_b, a, b)


def test_no_absolute_build_path_leaks_into_the_site(chain: Chain, built_site: Path, built_repo: Path) -> None:
    needles = {str(chain.repo.parent).encode(), str(built_repo.parent).encode(),
               str(site_tools.ROOT).encode()}
    leaks = [f"{p}: {needle.decode()}" for site in (chain.site, built_site) for p in site.rglob("*")
             if p.is_file() for needle in needles if needle in p.read_bytes()]
    assert not leaks, f"a build path appears in {leaks}"


def test_no_change_rebuild_keeps_every_byte_and_rewrites_nothing(chain: Chain, tmp_path: Path) -> None:
    generated = chain.repo / "docs" / "generated"
    before_site = site_tools.file_hashes(chain.site)
    before_gen = {p: (p.stat().st_mtime_ns, h) for p, h in
                  ((generated / rel, h) for rel, h in site_tools.file_hashes(generated).items())}
    again = tmp_path / "again"
    proc = site_tools.build(chain.repo, again, SOURCE_DATE_EPOCH=EPOCH)
    assert proc.returncode == 0, f"rebuild failed:\n{proc.stdout}\n{proc.stderr}"
    after_site = site_tools.file_hashes(again)
    assert after_site == before_site, _explain(chain.site, again, before_site, after_site)
    after_gen = {p: (p.stat().st_mtime_ns, h) for p, h in
                 ((generated / rel, h) for rel, h in site_tools.file_hashes(generated).items())}
    rewritten = sorted(str(p.relative_to(generated)) for p in after_gen
                       if before_gen.get(p) != after_gen[p])
    assert set(after_gen) == set(before_gen), "the rebuild added or removed generated files"
    assert not rewritten, f"a no-change rebuild rewrote {rewritten}"
