"""MkDocs hook: regenerate ``docs/generated/`` before every build (also under ``mkdocs serve``).

The work lives in the chapter's build, the package ``scripts/chapter`` (:mod:`chapter.build`,
also run by ``scripts/build_site.py``), so the site stays movable to another generator; this
hook only puts ``scripts/`` on the import path and calls it. A failing gradient check
raises, so the build goes red.

Under ``mkdocs serve`` (``make serve`` runs it with ``--dirty``, rebuilding only pages that
changed) three things keep the preview both right and quick:

- **Edits in ``src/`` and ``scripts/chapter/`` take effect.** The server process lives across
  rebuilds and Python keeps the modules it imported first, so before each build the hook
  compares a digest of gradfig's and the chapter build's files with the one their modules were
  imported with and, when they differ, drops every ``gradfig`` and ``chapter`` module from
  ``sys.modules``: the build then imports the edited code.
- **A prose edit regenerates nothing.** What ``generate`` writes depends only on the package,
  the notebook's source, the site's browser sources (``docs/assets/``) and the lock files;
  when none changed since the last generation in this process, it is skipped.
- **Pages that include a changed snippet are rebuilt** even though their own source did not
  change: their output file is removed, which is how ``--dirty`` knows a page is stale.

Neither ``make site`` nor ``serve`` draws the slide files (16:9 PNG/PDF, the animations, their
zip): they come from the figure cache once ``make figures`` drew them (:func:`chapter.build.generate`).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
_SCRIPTS = _ROOT / "scripts"
_PACKAGES = (_ROOT / "src" / "gradfig", _SCRIPTS / "chapter")
_GENERATED = _ROOT / "docs" / "generated"
_INCLUDE = re.compile(r'^\s*--8<--\s+"([^"]+)"', re.MULTILINE)
_state: dict = {"modules": None, "inputs": None, "serving": False, "changed": set()}


def _digest(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def _forget_stale_modules() -> str:
    """Drop gradfig's and the build's modules if their sources changed since they were
    imported; returns the digest."""
    digest = _digest([p for folder in _PACKAGES for p in _files(folder)])
    if _state["modules"] not in (None, digest):
        for name in [m for m in sys.modules if m.split(".")[0] in ("gradfig", "chapter")]:
            del sys.modules[name]
    _state["modules"] = digest
    return digest


def _snippets() -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in _GENERATED.glob("*.md")}


def _chapter_importable() -> None:
    """The chapter's build is the package ``scripts/chapter``. (MkDocs restores ``sys.path``
    after importing a hook module, so this runs in the events, not at import.)"""
    if str(_SCRIPTS) not in sys.path:
        sys.path.insert(0, str(_SCRIPTS))


def on_startup(command: str, dirty: bool, **kwargs) -> None:
    _state["serving"] = command == "serve"
    _chapter_importable()


def on_pre_build(config, **kwargs) -> None:
    from mkdocs.exceptions import PluginError

    _chapter_importable()
    package = _forget_stale_modules()
    inputs = package + _digest([*_files(_ROOT / "docs" / "notebooks"), *_files(_ROOT / "docs" / "assets"),
                                _ROOT / "package-lock.json", _ROOT / "requirements.lock"])
    _state["changed"] = set()
    if _state["serving"] and inputs == _state["inputs"] and _GENERATED.is_dir():
        return  # nothing generate() reads has changed: a prose edit
    from chapter.build import BUILD_ERRORS, generate

    before = _snippets()
    try:
        # One short progress line on stdout (phases, figures done of total); GRADFIG_QUIET=1
        # silences it.
        generate(quiet=os.environ.get("GRADFIG_QUIET", "") not in ("", "0"), short=True)
    except BUILD_ERRORS as exc:
        _state["inputs"] = None
        raise PluginError(str(exc)) from None
    _state["inputs"] = inputs
    after = _snippets()
    _state["changed"] = {name for name, mtime in after.items() if before.get(name) != mtime}


def on_files(files, config, **kwargs):
    """Under ``--dirty``, mark pages stale when a snippet they include was rewritten."""
    if not _state["changed"]:
        return files
    for file in files.documentation_pages():
        try:
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if _state["changed"] & set(_INCLUDE.findall(text)):
            Path(file.abs_dest_path).unlink(missing_ok=True)
    return files
