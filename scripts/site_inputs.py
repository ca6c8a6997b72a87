"""Tell ``make site`` whether anything the site is built from changed since the last build.

``make site`` runs ``python scripts/site_inputs.py unchanged`` first: exit 0 means the last
successful build used exactly these inputs and ``site/`` is still as that build left it, so
there is nothing to do. Otherwise it runs ``mkdocs build`` and then ``site_inputs.py record``.

*Inputs* are compared by content (a SHA-256 over every source file's path and bytes), so a
``git checkout`` that only touches modification times does not trigger a rebuild, and any
edit does. They are: ``docs/`` (minus ``docs/generated/``, which the build writes), ``src/``,
``scripts/``, ``mkdocs.yml``, ``pyproject.toml``, the lock files, the ``Makefile``, the
Python version, ``SOURCE_DATE_EPOCH`` and ``SITE_URL``. *The site* is compared by a listing of
``site/`` (path, size, modification time), so a deleted or hand-edited output file also
triggers a rebuild. *The slides* are whether the figure cache holds every slide file the last
build looked for (the build names them in ``.cache/site-slides.json``): a ``make figures``
after a build without them (or a cleared cache after one with them) changes what the gallery
links, so it triggers a rebuild too. The record lives in ``.cache/site-inputs.json``; ``make
clean`` removes it, and ``make site FORCE=1`` ignores it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from gradfig.export import ContentCache, content_key, write_text

ROOT = Path.cwd()
RECORD = Path(".cache") / "site-inputs.json"
#: Written by every build (chapter.build.SLIDES_RECORD): the slide entries it looked for.
SLIDES = Path(".cache") / "site-slides.json"
SITE = Path("site")
_TREES = ("docs", "src", "scripts")
_FILES = ("mkdocs.yml", "pyproject.toml", "requirements.lock", "package.json",
          "package-lock.json", "Makefile")
_SKIP_PARTS = {"__pycache__", "generated", ".ipynb_checkpoints"}


def _input_files(root: Path) -> list[Path]:
    files = [root / name for name in _FILES if (root / name).is_file()]
    for tree in _TREES:
        for path in (root / tree).rglob("*"):
            rel = path.relative_to(root)
            if path.is_file() and not _SKIP_PARTS.intersection(rel.parts) \
                    and not path.name.endswith(".pyc") \
                    and not any(part.endswith(".egg-info") for part in rel.parts):
                files.append(path)
    return sorted(files)


def inputs_digest(root: Path = ROOT) -> str:
    """SHA-256 over every input file's relative path and bytes, plus the environment."""
    parts: list[str | bytes] = [f"python {sys.version}",
                                f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}",
                                # mkdocs.yml reads the site's address from it (canonical links, 404)
                                f"SITE_URL={os.environ.get('SITE_URL', '')}"]
    for path in _input_files(root):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return content_key(*parts)


def site_digest(site: Path = ROOT / SITE) -> str | None:
    """SHA-256 over the listing of ``site/`` (path, size, mtime); None if there is no site."""
    if not (site / "index.html").is_file():
        return None
    parts: list[str | bytes] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        st = path.stat()
        parts += [path.relative_to(site).as_posix(), f"{st.st_size} {st.st_mtime_ns}"]
    return content_key(*parts)


def _slides_record(root: Path = ROOT) -> dict | None:
    try:
        return json.loads((root / SLIDES).read_text())
    except (OSError, ValueError):
        return None


def slides_cached(root: Path = ROOT) -> bool | None:
    """Whether the figure cache holds every slide entry the last build looked for (None: no
    build recorded any). Only file tests: no figure code is imported."""
    record = _slides_record(root)
    if record is None:
        return None
    return ContentCache(record["cache"]).has_all((key, fmt) for key, fmt in record["entries"])


def _current() -> dict[str, str | bool | None]:
    return {"inputs": inputs_digest(), "site": site_digest(), "slides": slides_cached()}


def main(argv: list[str]) -> int:
    if argv[1:] == ["unchanged"]:
        try:
            recorded = json.loads((ROOT / RECORD).read_text())
        except (OSError, ValueError):
            return 1
        current = _current()
        return 0 if current["site"] is not None and recorded == current else 1
    if argv[1:] == ["forget"]:
        # Before a build starts: a build that fails or is killed must never look up to date.
        (ROOT / RECORD).unlink(missing_ok=True)
        return 0
    if argv[1:] == ["record"]:
        # The slides as the build decided them (not as now: a make figures may have ended since).
        slides = (_slides_record() or {}).get("slides")
        write_text(ROOT / RECORD, json.dumps({**_current(), "slides": slides}, indent=1) + "\n")
        return 0
    print("usage: python scripts/site_inputs.py unchanged|forget|record", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
