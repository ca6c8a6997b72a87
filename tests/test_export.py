"""The one writer: atomic, writes only changed bytes, clear errors naming the path."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pytest

from gradfig import export
from gradfig.export import OutputError, write_bytes, write_text


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_the_bytes_creating_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "table.md"
    assert write_text(target, "| ∇f | ‖∇f‖ |\n") is True
    assert target.read_bytes() == "| ∇f | ‖∇f‖ |\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # published files are world-readable
    assert leftovers(target.parent) == []


def test_unchanged_bytes_are_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "figure.svg"
    write_bytes(target, b"<svg/>")
    before = target.stat()
    assert write_bytes(target, b"<svg/>") is False
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_changed_bytes_replace_the_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "figure.svg"
    write_bytes(target, b"old")
    reader = target.open("rb")  # a reader that opened the old file keeps the old bytes
    old_inode = target.stat().st_ino
    assert write_bytes(target, b"new and longer") is True
    assert target.read_bytes() == b"new and longer"
    assert target.stat().st_ino != old_inode  # a new file renamed over the old, not rewritten in place
    assert reader.read() == b"old"
    reader.close()
    assert write_bytes(target, b"new and shorter") is True  # same size check is not enough
    assert target.read_bytes() == b"new and shorter"
    assert leftovers(tmp_path) == []


def test_folder_that_is_a_file_is_an_output_error_naming_the_path(tmp_path: Path) -> None:
    blocker = tmp_path / "generated"
    blocker.write_text("I am a file, not a folder")
    target = blocker / "check.md"
    with pytest.raises(OutputError) as info:
        write_text(target, "x")
    assert str(target) in str(info.value) and "\n" not in str(info.value)
    assert blocker.read_text() == "I am a file, not a folder"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_folder_nobody_may_create_is_an_output_error() -> None:
    """/proc refuses new folders even to root: the one unwritable place every Linux has."""
    target = Path("/proc/gradfig-test/generated/check.md")
    with pytest.raises(OutputError, match=re.escape(str(target))):
        write_text(target, "x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_folder_is_an_output_error_naming_the_path(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match=re.escape(str(folder / "x.md"))):
            write_text(folder / "x.md", "x")
    finally:
        folder.chmod(0o700)


def test_target_that_is_a_folder_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "table.md").mkdir()
    with pytest.raises(OutputError, match=r"table\.md"):
        write_text(tmp_path / "table.md", "x")
    assert leftovers(tmp_path) == []


def test_disk_full_keeps_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails half-way (here: the disk is full at fsync) leaves the old file."""
    target = tmp_path / "table.md"
    write_text(target, "old table\n")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export.os, "fsync", disk_full)
    with pytest.raises(OutputError) as info:
        write_text(target, "new table that never fully lands\n")
    assert str(target) in str(info.value) and "No space left" in str(info.value)
    assert target.read_text() == "old table\n"
    assert leftovers(tmp_path) == []


def test_svg_path_coordinates_are_rounded_to_a_hundredth_of_a_point() -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 2))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.plot([0.123456, 0.5, 0.987654], [0.111111, 0.9, 0.333333])  # 2 in = 144 pt square
    svg = export.figure_bytes(fig, "svg").decode()
    paths = re.findall(r' d="([^"]*)"', svg)
    numbers = [n for d in paths for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    assert numbers and all(len(n.partition(".")[2]) <= 2 for n in numbers), numbers
    assert "-0 " not in " ".join(numbers) + " "
    # The line's first vertex, 0.123456 of 144 pt = 17.7777 pt, is kept to 0.01 pt.
    assert any("17.78" in d for d in paths), paths


# --- temporaries: unmistakably gradfig's, swept only when their writer is gone ----------------
def _finished_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_temporary_is_named_for_gradfig_its_target_and_its_writer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    real_fsync = export.os.fsync

    def look(fd: int) -> None:  # while the bytes are being written: what is in the folder?
        seen.extend(p.name for p in tmp_path.iterdir())
        real_fsync(fd)

    monkeypatch.setattr(export.os, "fsync", look)
    write_text(tmp_path / "check-bowl.md", "x")
    (name,) = seen
    assert re.fullmatch(rf"\.gradfig-check-bowl\.md\.{os.getpid()}\.[A-Za-z0-9_]+\.tmp", name), name
    assert export.is_stale_temp(tmp_path / name) is False  # its writer (this process) runs


def test_sweeping_removes_only_gradfig_temporaries_of_finished_writers(tmp_path: Path) -> None:
    dead = _finished_pid()
    users = [".notes.tmp", ".check.md.abc123.tmp", "draft.tmp", f".gradfig-notes.{dead}.tmp"]
    live = [f".gradfig-a.svg.{os.getpid()}.k3y_9.tmp", ".gradfig-a.svg.1.k3y_9.tmp"]  # 1: init
    stale = [f".gradfig-a.svg.{dead}.k3y_9.tmp", f".gradfig-b.c.d.png.{dead}.x.tmp",
             f".gradfig-a.svg.{10**30}.x.tmp"]  # not a pid this system can have
    for name in [*users, *live, *stale]:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / stale[0]).write_text("x")
    assert export.clean_stale_temps(tmp_path) == len(stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*users, *live, "sub"])
    assert (tmp_path / "sub" / stale[0]).exists()  # not recursive unless asked
    assert export.clean_stale_temps(tmp_path, recursive=True) == 1


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux /proc")
def test_a_zombie_writer_counts_as_gone(tmp_path: Path) -> None:
    """Killed but not yet reaped by its parent: it answers signal 0, yet will never finish."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        while Path(f"/proc/{proc.pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z":
            os.sched_yield()  # until it has exited: it stays a zombie until we wait() for it
        temp = tmp_path / f".gradfig-x.svg.{proc.pid}.abc.tmp"
        temp.write_text("x")
        assert export.is_stale_temp(temp)
    finally:
        proc.wait()


def test_cache_cleaning_visits_only_the_cache_layout(tmp_path: Path) -> None:
    """`--cache ~` must not sweep a home folder's subfolders: only <cache>/ and <cache>/<2 hex>/."""
    dead = _finished_pid()
    name = f".gradfig-k.svg.{dead}.abc.tmp"
    inside = [tmp_path / name, tmp_path / "3f" / name]
    outside = [tmp_path / "projects" / name, tmp_path / "3F" / name, tmp_path / "abc" / name,
               tmp_path / "3f" / "deeper" / name]
    for path in [*inside, *outside]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert export.ContentCache(tmp_path).clean() == len(inside)
    assert all(p.exists() for p in outside) and not any(p.exists() for p in inside)


@pytest.mark.parametrize("folder", ["", "   "])
def test_an_empty_folder_name_is_refused(folder: str) -> None:
    with pytest.raises(OutputError, match="no folder given"):
        export.ensure_folder(folder)


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputError, match="it is a file, not a folder"):
        export.ensure_folder(tmp_path / "afile")
