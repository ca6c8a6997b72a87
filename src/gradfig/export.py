"""The one writer: every file gradfig produces goes through here.

Writes are atomic (a temporary file in the same folder, then ``os.replace``), so a build
killed at any moment leaves either the old file or the new one, never a truncated one. A
file is rewritten only when its bytes change, so a no-change rebuild touches nothing and
``mkdocs serve`` does not loop on its own output.

Temporaries are named ``.gradfig-<target>.<pid>.<random>.tmp``: unmistakably gradfig's, and
carrying the writer's process id, so a sweep removes only those whose writer is gone. A
user's own ``.notes.tmp`` and a temporary another running render is still writing are
never touched.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "FIGURE_FORMATS",
    "ContentCache",
    "OutputError",
    "clean_stale_temps",
    "content_key",
    "ensure_folder",
    "figure_bytes",
    "header_key",
    "is_stale_temp",
    "write_bytes",
    "write_text",
    "zip_bytes",
]

#: Formats :func:`figure_bytes` writes.
FIGURE_FORMATS: tuple[str, ...] = ("svg", "png", "pdf")
_TEMP_PREFIX = ".gradfig-"
_TEMP_SUFFIX = ".tmp"
#: ``.gradfig-<target>.<pid>.<random>.tmp`` (the random part is :func:`tempfile.mkstemp`'s).
_TEMP_NAME = re.compile(r"\.gradfig-.+\.(?P<pid>[0-9]+)\.[A-Za-z0-9_]+\.tmp")


class OutputError(OSError):
    """An output location that cannot be written; the message names it."""


def write_bytes(path: str | os.PathLike[str], data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically, only if it differs.

    Returns
    -------
    bool
        True if the file was written, False if it already held exactly these bytes.

    Raises
    ------
    OutputError
        If the folder cannot be created or written.
    """
    target = Path(path)
    try:
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{target.name}.{os.getpid()}.",
                                   suffix=_TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; published files must be readable
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    return True


def write_text(path: str | os.PathLike[str], text: str) -> bool:
    """Write UTF-8 text with ``\\n`` line endings; see :func:`write_bytes`."""
    return write_bytes(path, text.encode("utf-8"))


def ensure_folder(folder: str | os.PathLike[str]) -> Path:
    """Create ``folder`` (and parents) or raise :class:`OutputError` naming it.

    Lets a long job (rendering figures) refuse an unusable output or cache folder up front,
    instead of after the work is done.
    """
    path = Path(folder)
    if not str(folder).strip():
        raise OutputError("no folder given (an empty path would mean the current folder)")
    try:  # even asking whether it exists can fail: a parent without search permission, a long name
        if path.exists() and not path.is_dir():
            raise OutputError(f"cannot write {_shown_path(path)}: it is a file, not a folder")
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied")
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {_shown_path(path)}: {exc.strerror or exc}") from None
    return path


def _shown_path(path: Path, limit: int = 120) -> str:
    """A path as a message names it: shortened in the middle past ``limit`` characters (a
    name over the system's limit can be thousands long), with its length said."""
    text = str(path)
    if len(text) <= limit:
        return text
    return f"{text[:limit // 2]}...{text[-(limit // 2):]} ({len(text)} characters)"


def _writer_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (signal 0 checks without sending anything)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    except OverflowError:  # not a pid this system can have
        return False
    # A killed writer whose parent has not reaped it yet is a zombie: it answers signal 0
    # but will never finish its write.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc (not Linux), or the process just ended
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def is_stale_temp(path: str | os.PathLike[str]) -> bool:
    """True for a temporary of :func:`write_bytes` whose writer process is gone."""
    match = _TEMP_NAME.fullmatch(Path(path).name)
    return match is not None and not _writer_alive(int(match["pid"]))


def clean_stale_temps(folder: str | os.PathLike[str], *, recursive: bool = False) -> int:
    """Remove temporaries that killed writers left in ``folder``; returns how many.

    A process killed with SIGKILL between creating its temporary and renaming it cannot
    delete it, so the next run does. Only files named by :func:`write_bytes` whose writer
    is no longer running are removed: another render writing into the same folder keeps its
    temporaries, and no other file is ever touched. ``recursive`` also sweeps subfolders;
    use it only for folders gradfig owns (``docs/generated``), never for a user's folder.
    """
    path = Path(folder)
    if not path.is_dir():
        return 0
    removed = 0
    candidates = path.rglob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}") if recursive else path.glob(
        f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}")
    for stale in candidates:
        if stale.is_file() and not stale.is_symlink() and is_stale_temp(stale):
            stale.unlink(missing_ok=True)
            removed += 1
    return removed


# --- figures ------------------------------------------------------------------------------
# Metadata that would change between runs or machines is left out, so two renders of the
# same figure are byte-identical: no dates, no software versions (the cache key carries
# those), and SVG ids come from a fixed hash salt instead of random UUIDs.
_METADATA = {
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    "png": {"Software": None},
}


def figure_bytes(figure: Figure, fmt: str, dpi: float = 100, *, transparent: bool = False) -> bytes:
    """Save a matplotlib figure to deterministic bytes (``svg``, ``png`` or ``pdf``).

    ``dpi`` matters for PNG (pixels = inches x dpi) and for images embedded in SVG/PDF.
    Call it inside the style context the figure was drawn in (facecolours and fonts are
    read from rcParams at save time). For SVG the root's ``width``/``height`` are given in
    CSS pixels (inches x 100) rather than points, so a page figure of 8 x 6.4 inches shows
    at 800 x 640 px, the size its 2x PNG and the interactive field have. ``transparent``
    saves without the figure's and the axes' background (for a slide of any colour).
    """
    import matplotlib as mpl

    if fmt not in FIGURE_FORMATS:
        raise ValueError(f"unknown figure format {fmt!r} (choose from {', '.join(FIGURE_FORMATS)})")
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": "gradfig"}):
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt], transparent=transparent)
    data = buffer.getvalue()
    if fmt == "svg":
        width, height = figure.get_size_inches()
        head, sep, rest = data.partition(b"<svg ")
        attrs, end, body = rest.partition(b">")
        for name, value in ((b"width", width), (b"height", height)):
            start = attrs.index(name + b'="')
            stop = attrs.index(b'"', start + len(name) + 2)
            attrs = attrs[:start] + name + f'="{value * 100:g}px"'.encode() + attrs[stop + 1:]
        data = head + sep + attrs + end + _round_path_data(body)
    return data


_PATH_DATA = re.compile(rb' d="([^"]*)"')
_DECIMAL = re.compile(rb"-?\d+\.\d{3,}")


def _round_path_data(svg: bytes) -> bytes:
    """Path coordinates to 0.01 pt (matplotlib writes 6 decimals).

    A hundredth of a point is 0.014 CSS px at the page size: invisible, while the shorter
    numbers make a field's SVG about 13 % smaller on the wire.
    """
    def number(m: re.Match[bytes]) -> bytes:
        text = b"%.2f" % float(m.group())
        text = text.rstrip(b"0").rstrip(b".")
        return b"0" if text in (b"-0", b"") else text

    return _PATH_DATA.sub(lambda m: b' d="' + _DECIMAL.sub(number, m.group(1)) + b'"', svg)


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """A deterministic zip: sorted names, fixed timestamps and permissions.

    Members are stored, not deflated: PNG and PDF are compressed already, so deflating
    them again costs time and saves almost nothing.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever the machine
            archive.writestr(info, files[name])
    return buffer.getvalue()


# --- the content-hash cache ---------------------------------------------------------------
def header_key(path: str | os.PathLike[str], prefix: str) -> str | None:
    """The key a generated file states in its first line, ``<prefix><key>: …``, if any.

    Generated files that are expensive to make (field payloads, the math.js bundle) carry the
    content key of their inputs there, so a rebuild can skip making them again.
    """
    try:
        with open(path, "rb") as fh:
            first = fh.readline().decode("utf-8", "replace")
    except OSError:
        return None
    return first[len(prefix):].split(":", 1)[0].strip() or None if first.startswith(prefix) else None


def content_key(*parts: str | bytes) -> str:
    """SHA-256 over the parts (length-prefixed, so ``("ab", "c") != ("a", "bc")``)."""
    digest = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(raw).to_bytes(8, "big"))
        digest.update(raw)
    return digest.hexdigest()


class ContentCache:
    """Bytes stored by content key in a folder: ``<key>.<ext>``.

    An entry is written atomically through :func:`write_bytes`, so a killed build leaves
    either a whole entry or none. A hit means the inputs are the same as when the bytes
    were made, so they need not be made again.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    def _path(self, key: str, ext: str) -> Path:
        return self.folder / key[:2] / f"{key}.{ext}"

    def get(self, key: str, ext: str) -> bytes | None:
        """The stored bytes, or None on a miss."""
        try:
            return self._path(key, ext).read_bytes()
        except OSError:
            return None

    def has_all(self, items: Iterable[tuple[str, str]]) -> bool:
        return all(self._path(key, ext).is_file() for key, ext in items)

    def put(self, key: str, ext: str, data: bytes) -> None:
        write_bytes(self._path(key, ext), data)

    def clean(self) -> int:
        """Remove temporaries killed writers left in the cache; returns how many.

        Only the cache's own layout is visited (the folder and its two-hex-digit shard
        folders), so ``--cache ~`` never walks a home folder's other subfolders, and only
        temporaries whose writer is gone are removed (see :func:`clean_stale_temps`).
        """
        if not self.folder.is_dir():
            return 0
        shards = [sub for sub in self.folder.iterdir()
                  if _SHARD.fullmatch(sub.name) and sub.is_dir() and not sub.is_symlink()]
        return clean_stale_temps(self.folder) + sum(clean_stale_temps(sub) for sub in shards)


_SHARD = re.compile(r"[0-9a-f]{2}")
