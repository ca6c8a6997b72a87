"""Fill ``docs/generated/`` with everything the chapter's pages include.

The one entry point is :func:`generate`; the MkDocs hook ``docs/hooks/generate.py`` calls it
before every ``mkdocs build`` (which is what ``make site`` runs) and every ``mkdocs serve``
rebuild, and ``scripts/build_site.py`` runs it on its own (into any folder). It writes every
page's fragments (:data:`chapter.pages.SNIPPETS`, one module per page), the figures
(:mod:`chapter.figures`), the notebook, the field payloads and the assets. Files are written
through :mod:`gradfig.export`, only when their bytes change; a fragment no page module writes
any more is removed. Any of :data:`BUILD_ERRORS` means the chapter must not be published (a failing
gradient check, a false claim, a notebook cell that raised, a formula that cannot be typeset,
a figure that cannot be drawn) or cannot be written.

A build reports its progress on stdout unless ``quiet``: the phase it is in and the figures
done of total. ``scripts/build_site.py`` prints one line per phase and per figure; under the
MkDocs hook (``short``) the whole build is one line, written as it goes
(``gradfig: snippets, maths, notebook, fields, figures 9/36 18/36 27/36 36/36 (...)``), so
``make site`` shows where it is and ``mkdocs serve`` stays quiet-looking.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import TextIO

from chapter.bundle import build_bundles
from chapter.claims import ChapterClaimError
from chapter.fields import build_fields
from chapter.figures import build_site_figures, slide_cache_entries, slides_cached
from chapter.framework import FrameworkError
from chapter.maths import MathsError, write_maths_assets
from chapter.notebook import NotebookError, build_notebook
from chapter.pages import SNIPPETS
from chapter.pages.gallery import gallery_md
from chapter.paths import CACHE, DOCS, GENERATED, ROOT
from chapter.playground import build_playground
from gradfig import export
from gradfig.check import CheckInputError, GradientCheckError, require_pass
from gradfig.expr import ExpressionError
from gradfig.landscapes import LANDSCAPES
from gradfig.render import RenderError, default_cache_dir

__all__ = ["BUILD_ERRORS", "GENERATED", "ROOT", "SLIDES_RECORD", "generate", "write_slides_record"]

#: The figure cache's slide entries the last build looked for, and in which cache:
#: ``scripts/site_inputs.py`` rebuilds once they are all there (or no longer are).
SLIDES_RECORD = CACHE / "site-slides.json"


#: Errors that stop a build, each with a message naming what is wrong.
BUILD_ERRORS: tuple[type[Exception], ...] = (GradientCheckError, CheckInputError, ExpressionError,
                                             ChapterClaimError, NotebookError, MathsError,
                                             FrameworkError, RenderError, export.OutputError)


class Progress:
    """Short progress lines for a build: the phase, and figures done of total.

    Parameters
    ----------
    quiet
        Print nothing.
    short
        One line for the whole build, written as it goes (the MkDocs hook); otherwise one
        line per phase and one per figure (``scripts/build_site.py``).
    stream
        Where to write (default: stdout).
    """

    def __init__(self, quiet: bool = False, short: bool = False, stream: TextIO | None = None) -> None:
        self.quiet, self.short = quiet, short
        self.stream = stream
        self._open = False  # a short line has been started and not yet ended
        self._mark = 0      # the last quarter of the figures reported in short mode

    def _write(self, text: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(text)
        stream.flush()

    def phase(self, name: str) -> None:
        """A new phase begins."""
        if self.quiet:
            return
        if self.short:
            self._write(", " + name if self._open else "gradfig: " + name)
            self._open = True
        else:
            self._write(f"gradfig: {name}\n")

    def figures(self, done: int, total: int) -> None:
        """``done`` of ``total`` figure jobs are finished (drawn or from the cache)."""
        if self.quiet or total <= 0:
            return
        if not self.short:
            self._write(f"gradfig: figures {done}/{total}\n")
            return
        quarter = 4 * done // total  # short: report each quarter once
        if quarter > self._mark:
            self._mark = quarter
            self._write(f" {done}/{total}")

    def end(self, summary: str) -> None:
        """The build is over (or failed: ``summary`` says so); ends the short line."""
        if self.quiet:
            return
        if self.short:
            self._write(f" ({summary})\n" if self._open else f"gradfig: {summary}\n")
            self._open = False
        else:
            self._write(f"gradfig: {summary}\n")


def write_slides_record(cache: Path, slides: bool, record: Path = SLIDES_RECORD) -> None:
    """Write :data:`SLIDES_RECORD`: the figure cache, the build's decision (``slides``: it ships
    the slide files) and the cache entries (content key, format) it looked for."""
    export.write_text(record, json.dumps({"cache": str(Path(cache).resolve()), "slides": slides,
                                          "entries": slide_cache_entries()}) + "\n")


def generate(out: Path = GENERATED, quiet: bool = False, *, short: bool = False,
             cache_dir: Path | None = None) -> int:
    """Write every snippet, figure, field payload and asset; returns how many files changed.

    Parameters
    ----------
    out
        The folder the pages include from (``docs/generated``).
    quiet
        No progress lines.
    short
        Progress as one line (the MkDocs hook), see :class:`Progress`.
    cache_dir
        The figure cache; default :func:`gradfig.render.default_cache_dir`, the one that
        ``make figures`` and ``gradfig render`` use too.

    The slide files (16:9 PNG/PDF, the animations, their zip) are shown by no page and never
    drawn here: when the figure cache holds every one of them (a ``make figures`` drew them
    with today's code, :func:`chapter.figures.slides_cached`), they are copied from it and the
    gallery links them; otherwise the build ships none and the gallery says how to get them.
    Which entries were looked for is written to :data:`SLIDES_RECORD`, so ``make site`` knows
    to build again once they are there (``scripts/site_inputs.py``).
    """
    start = time.perf_counter()
    progress = Progress(quiet=quiet, short=short)
    # Temporaries of writers that were killed (a Ctrl-C'd or timed-out build); live ones of
    # a concurrent build are kept. Both folders belong to the build, so subfolders too.
    export.clean_stale_temps(out, recursive=True)
    export.clean_stale_temps(CACHE, recursive=True)
    changed = 0
    cache = cache_dir or default_cache_dir()
    # Decided once, before anything is written: the gallery links exactly what the figures ship.
    slides = slides_cached(cache)
    if Path(out).resolve() == GENERATED.resolve():  # the site's own build (not build_site.py elsewhere)
        write_slides_record(cache, slides)

    def everything_but_figures() -> None:
        """What this process builds while the figure workers draw (a cold build's figures
        take most of its time; this work then costs almost no wall time)."""
        nonlocal changed
        # The site's scripts and styles, bundled by esbuild (only when their inputs changed);
        # first, because the widgets' snippets inline their minified styles.
        progress.phase("bundles")
        changed += build_bundles(out)
        progress.phase("snippets")
        for name, make in SNIPPETS.items():
            # The gallery's decision is the figures' (a make figures finishing meanwhile changes neither).
            text = gallery_md(slides=slides) if make is gallery_md else make()
            changed += export.write_text(out / name, text)
        for stale in sorted(set(p.name for p in out.glob("*.md")) - set(SNIPPETS)):
            (out / stale).unlink()  # a fragment no page writes any more (renamed or gone)
            changed += 1
        # The maths stylesheet and the font's licence; the maths is typeset as MathML and the
        # font subset written after the pages are built (docs/hooks/maths.py).
        progress.phase("maths")
        changed += write_maths_assets(out / "vendor" / "maths")
        # KaTeX's CSS and fonts, left by builds from before the maths became MathML: not the site's.
        shutil.rmtree(out / "vendor" / "katex", ignore_errors=True)
        # The gradient-check notebook, executed only when the script or gradfig changed.
        progress.phase("notebook")
        changed += build_notebook(DOCS / "notebooks" / "gradient_check.py",
                                  out / "gradient_check.ipynb")
        # Interactive fields: per-landscape payloads (cached by content key), the component,
        # and plotly.js copied from node_modules into generated/vendor/.
        progress.phase("fields")
        changed += build_fields(out)
        # The playground page: its snippets' inputs, the example's static field and Temml.
        progress.phase("playground")
        changed += build_playground(out, cache)

    try:
        # Every landscape's gradient check first: a wrong gradient is then reported as what it
        # is (landscape, points, errors) before any figure or page uses it (milliseconds).
        progress.phase("check")
        for landscape in LANDSCAPES.values():
            require_pass(landscape)
        progress.phase("figures")  # their counts follow as they finish: cached ones at once
        # Static figures (page SVG + 2x PNG, phone SVG; the slide files and zip when cached);
        # drawn in parallel, cached by content hash in the shared cache. The rest of the build
        # runs here while the workers draw.
        # (Not "changed += ...": that would read `changed` before the work meanwhile adds to it.)
        figures = build_site_figures(out, cache, progress=progress.figures, slides=slides,
                                     meanwhile=everything_but_figures)
        changed += figures
    except BaseException:
        progress.end("stopped")
        raise
    progress.end(f"{changed} files changed in {time.perf_counter() - start:.1f} s")
    return changed
