"""Fill ``docs/generated/`` with everything the chapter's pages include.

The one entry point is :func:`generate`; ``scripts/build_site.py`` (run by ``make site``) and
the MkDocs hook ``docs/hooks/generate.py`` (run by every ``mkdocs build`` and ``mkdocs serve``
rebuild) call it. Files are written through :mod:`gradfig.export`, only when their bytes
change. Any of :data:`BUILD_ERRORS` means the chapter must not be published (a failing
gradient check, a false claim, a notebook cell that raised, a formula that cannot be typeset)
or cannot be written.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from gradfig import export
from gradfig.chapter.fields import build_fields
from gradfig.chapter.gallery import build_site_figures
from gradfig.chapter.maths import MathsError, write_maths_assets
from gradfig.chapter.notebook import NotebookError, build_notebook
from gradfig.chapter.numbers import ChapterClaimError
from gradfig.chapter.snippets import SNIPPETS
from gradfig.check import GradientCheckError

__all__ = ["BUILD_ERRORS", "GENERATED", "ROOT", "generate"]

ROOT = Path(__file__).resolve().parents[3]
GENERATED = ROOT / "docs" / "generated"

#: Errors that stop a build, each with a message naming what is wrong.
BUILD_ERRORS: tuple[type[Exception], ...] = (GradientCheckError, ChapterClaimError, NotebookError,
                                             MathsError, export.OutputError)


def generate(out: Path = GENERATED, quiet: bool = False) -> int:
    """Write every snippet, figure, field payload and asset; returns how many files changed."""
    start = time.perf_counter()
    changed = 0
    for name, make in SNIPPETS.items():
        changed += export.write_text(out / name, make())
    # The maths stylesheet and the font's licence; the maths is typeset as MathML and the font
    # subset written after the pages are built (docs/hooks/maths.py).
    changed += write_maths_assets(out / "vendor" / "maths")
    # KaTeX's CSS and fonts, left by builds from before the maths became MathML: not the site's.
    shutil.rmtree(out / "vendor" / "katex", ignore_errors=True)
    # The gradient-check notebook, executed only when the script or gradfig changed.
    changed += build_notebook(ROOT / "docs" / "notebooks" / "gradient_check.py",
                              out / "gradient_check.ipynb")
    # Interactive fields: per-landscape payloads (cached by content key), their snippets,
    # and plotly.js copied from node_modules into generated/vendor/.
    changed += build_fields(out)
    # Static figures (page SVG + 2x PNG, 16:9 PNG/PDF, zip), figure-<name>.md snippets and the
    # gallery body; drawn in parallel, cached by content hash in .cache/figures.
    changed += build_site_figures(out, ROOT / ".cache" / "figures")
    if not quiet:
        print(f"build_site: {len(SNIPPETS)} snippets, {changed} changed "
              f"({time.perf_counter() - start:.2f} s)")
    return changed
