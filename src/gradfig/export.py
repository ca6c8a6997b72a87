"""The one writer: every file gradfig produces goes through here.

Writes are atomic (a temporary file in the same folder, then ``os.replace``), so a build
killed at any moment leaves either the old file or the new one, never a truncated one. A
file is rewritten only when its bytes change, so a no-change rebuild touches nothing and
``mkdocs serve`` does not loop on its own output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["OutputError", "write_bytes", "write_text"]


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
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
