"""Reproducible builds: same sources + same SOURCE_DATE_EPOCH -> the same bytes, everywhere.

Two clean builds run in two different temporary copies of the repository (different absolute
paths, no shared docs/generated or caches) and must give byte-identical ``site/`` trees; a
rebuild with nothing changed must leave every published byte as it was and must not rewrite
any generated file (``gradfig.export`` writes only changed bytes, so ``mkdocs serve`` does not
loop on its own output). Differences are reported file by file, with the first differing line.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

import site_probe

pytestmark = pytest.mark.site

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


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


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    """(repo A, site A, repo B, site B): clean builds from two separate copies."""
    out = []
    for name in ("a", "b"):
        base = tmp_path_factory.mktemp(f"repro-{name}")
        repo = site_probe.copy_repo(base / "repo")
        site = base / "site"
        proc = site_probe.build_copy(repo, site, SOURCE_DATE_EPOCH=EPOCH)
        assert proc.returncode == 0, f"build {name} failed:\n{proc.stdout}\n{proc.stderr}"
        out += [repo, site]
    return tuple(out)


def test_two_clean_builds_are_byte_identical(two_builds) -> None:
    _, site_a, _, site_b = two_builds
    a, b = site_probe.file_hashes(site_a), site_probe.file_hashes(site_b)
    assert len(a) > 10  # a real site, not an empty folder
    assert a == b, _explain(site_a, site_b, a, b)


def test_generated_files_are_byte_identical(two_builds) -> None:
    repo_a, _, repo_b, _ = two_builds
    gen_a, gen_b = repo_a / "docs" / "generated", repo_b / "docs" / "generated"
    a, b = site_probe.file_hashes(gen_a), site_probe.file_hashes(gen_b)
    assert a, "the build generated nothing"
    assert a == b, _explain(gen_a, gen_b, a, b)


def test_no_absolute_build_path_leaks_into_the_site(two_builds) -> None:
    repo_a, site_a, _, _ = two_builds
    needle = str(repo_a.parent).encode()
    leaks = [p.relative_to(site_a).as_posix() for p in site_a.rglob("*")
             if p.is_file() and needle in p.read_bytes()]
    assert not leaks, f"the temporary build path {needle!r} appears in {leaks}"


def test_no_change_rebuild_keeps_every_byte_and_rewrites_nothing(two_builds, tmp_path: Path) -> None:
    repo_a, site_a, _, _ = two_builds
    generated = repo_a / "docs" / "generated"
    before_site = site_probe.file_hashes(site_a)
    before_gen = {p: (p.stat().st_mtime_ns, h) for p, h in
                  ((generated / rel, h) for rel, h in site_probe.file_hashes(generated).items())}
    again = tmp_path / "again"
    proc = site_probe.build_copy(repo_a, again, SOURCE_DATE_EPOCH=EPOCH)
    assert proc.returncode == 0, f"rebuild failed:\n{proc.stdout}\n{proc.stderr}"
    after_site = site_probe.file_hashes(again)
    assert after_site == before_site, _explain(site_a, again, before_site, after_site)
    after_gen = {p: (p.stat().st_mtime_ns, h) for p, h in
                 ((generated / rel, h) for rel, h in site_probe.file_hashes(generated).items())}
    rewritten = sorted(str(p.relative_to(generated)) for p in after_gen
                       if before_gen.get(p) != after_gen[p])
    assert set(after_gen) == set(before_gen), "the rebuild added or removed generated files"
    assert not rewritten, f"a no-change rebuild rewrote {rewritten}"
    shutil.rmtree(again)
