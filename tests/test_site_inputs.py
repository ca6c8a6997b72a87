"""``make site`` skips the build only when no input changed and site/ is as the last build left it.

The script is run for real, as the Makefile runs it, in a small repository laid out like ours.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "site_inputs.py"


def _run(repo: Path, command: str, **env: str) -> int:
    # SOURCE_DATE_EPOCH and SITE_URL are inputs: only the tests that change them set them.
    full_env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")} | env
    return subprocess.run([sys.executable, str(SCRIPT), command], cwd=repo, env=full_env,
                          capture_output=True, text=True, timeout=60).returncode


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for rel, text in {
        "mkdocs.yml": "site_name: t\n",
        "Makefile": "site:\n",
        "docs/index.md": "# Home\n",
        "docs/generated/table.md": "| a |\n",
        "src/gradfig/landscapes.py": "BOWL = 'x**2 + y**2'\n",
        "scripts/build_site.py": "print()\n",
        "site/index.html": "<h1>Home</h1>\n",
        "site/partials/index.html": "<h1>Partials</h1>\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert _run(tmp_path, "record") == 0
    assert _run(tmp_path, "unchanged") == 0
    return tmp_path


UNCHANGED, CHANGED = 0, 1


def test_nothing_changed_means_up_to_date(repo: Path) -> None:
    assert _run(repo, "unchanged") == UNCHANGED


def test_a_touched_but_identical_source_is_not_a_change(repo: Path) -> None:
    os.utime(repo / "docs" / "index.md", (1, 1))  # what a git checkout does to mtimes
    assert _run(repo, "unchanged") == UNCHANGED


@pytest.mark.parametrize("rel", ["docs/index.md", "src/gradfig/landscapes.py",
                                 "scripts/build_site.py", "mkdocs.yml", "Makefile"])
def test_an_edited_source_means_rebuild(repo: Path, rel: str) -> None:
    (repo / rel).write_text((repo / rel).read_text() + "# edit\n")
    assert _run(repo, "unchanged") == CHANGED


def test_a_new_source_file_means_rebuild(repo: Path) -> None:
    (repo / "docs" / "new.md").write_text("# New\n")
    assert _run(repo, "unchanged") == CHANGED


def test_the_builds_own_generated_files_are_not_inputs(repo: Path) -> None:
    (repo / "docs" / "generated" / "table.md").write_text("| b |\n")
    assert _run(repo, "unchanged") == UNCHANGED


@pytest.mark.parametrize("damage", ["edit", "delete", "delete-all"])
def test_a_damaged_site_means_rebuild(repo: Path, damage: str) -> None:
    page = repo / "site" / "partials" / "index.html"
    if damage == "edit":
        page.write_text("<h1>Hand-edited</h1>\n")
    elif damage == "delete":
        page.unlink()
    else:
        for p in sorted((repo / "site").rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
    assert _run(repo, "unchanged") == CHANGED


def test_a_different_source_date_epoch_means_rebuild(repo: Path) -> None:
    assert _run(repo, "unchanged", SOURCE_DATE_EPOCH="1700000000") == CHANGED


def test_a_different_site_url_means_rebuild(repo: Path) -> None:
    """mkdocs.yml reads site_url from SITE_URL: a new address is a new site (canonical links, 404)."""
    assert _run(repo, "unchanged", SITE_URL="https://me.github.io/course/") == CHANGED


def test_forget_makes_the_next_build_run(repo: Path) -> None:
    # make runs 'forget' before mkdocs, so a failed or killed build never looks up to date.
    assert _run(repo, "forget") == 0
    assert _run(repo, "unchanged") == CHANGED


def test_no_record_means_rebuild(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("x")
    assert _run(tmp_path, "unchanged") == CHANGED


def test_a_corrupt_record_means_rebuild(repo: Path) -> None:
    (repo / ".cache" / "site-inputs.json").write_text("{not json")
    assert _run(repo, "unchanged") == CHANGED


def test_bad_usage_exits_2(repo: Path) -> None:
    assert _run(repo, "frobnicate") == 2


def test_slides_drawn_or_gone_since_the_build_mean_rebuild(tmp_path: Path) -> None:
    """The build records the slide entries it looked for (chapter.build.write_slides_record,
    the build's own writer); once ``make figures`` has put them all in the cache the gallery
    would link them, so the site is no longer up to date, and the same when they are gone."""
    from chapter.build import write_slides_record
    from chapter.figures import slide_cache_entries, slides_cached
    from gradfig.export import ContentCache

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("x")
    cache = tmp_path / "figure-cache"
    entries = slide_cache_entries()
    assert entries and not slides_cached(cache)
    write_slides_record(cache, slides_cached(cache), tmp_path / ".cache" / "site-slides.json")
    assert _run(tmp_path, "record") == 0
    assert _run(tmp_path, "unchanged") == UNCHANGED
    for key, fmt in entries[:-1]:
        ContentCache(cache).put(key, fmt, b"drawn")
    assert _run(tmp_path, "unchanged") == UNCHANGED  # not every one yet: the gallery links none
    ContentCache(cache).put(*entries[-1], b"drawn")
    assert slides_cached(cache)
    assert _run(tmp_path, "unchanged") == CHANGED
    # Built again, now with them; then the cache loses one.
    write_slides_record(cache, slides_cached(cache), tmp_path / ".cache" / "site-slides.json")
    assert _run(tmp_path, "record") == 0
    assert _run(tmp_path, "unchanged") == UNCHANGED
    key, fmt = entries[0]
    (cache / key[:2] / f"{key}.{fmt}").unlink()
    assert _run(tmp_path, "unchanged") == CHANGED
