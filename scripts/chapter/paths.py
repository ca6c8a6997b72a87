"""Where the chapter's build finds the repository: the one module that knows its layout.

The library (``src/gradfig``) reads nothing outside its package; everything the chapter's
build reads or writes in the checkout (``docs/``, ``node_modules/``, ``.cache/``) is named here.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CACHE", "DOCS", "GENERATED", "NODE_MODULES", "ROOT", "SCRIPTS"]

#: The repository's root (this file is ``scripts/chapter/paths.py``).
ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
DOCS = ROOT / "docs"
#: What the pages include (``--8<--``), written by the build, never committed.
GENERATED = DOCS / "generated"
NODE_MODULES = ROOT / "node_modules"
#: The build's own caches (the maths, the font subset, JAX's answers).
CACHE = ROOT / ".cache"
