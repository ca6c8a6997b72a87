"""Generate everything the pages include into ``docs/generated/`` (never committed).

Run by ``make site`` before ``mkdocs build``, and by the MkDocs hook ``docs/hooks/generate.py``
so that ``mkdocs serve`` regenerates on change. Files are written only when their bytes
change. A failing gradient check stops the build with a message naming the landscape and
the point; exit code 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from gradfig import export
from gradfig.chapter_numbers import ChapterClaimError
from gradfig.fields import build_fields
from gradfig.figures.gallery import build_site_figures
from gradfig.maths import MathsError, copy_katex_assets
from gradfig.notebook import NotebookError, build_notebook
from gradfig.snippets import SNIPPETS, GradientCheckError

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "docs" / "generated"


def generate(out: Path = GENERATED, quiet: bool = False) -> int:
    """Write every snippet; returns how many files changed."""
    start = time.perf_counter()
    changed = 0
    for name, make in SNIPPETS.items():
        changed += export.write_text(out / name, make())
    # KaTeX's stylesheet and woff2 fonts: the maths is rendered at build time (docs/hooks/katex.py).
    changed += copy_katex_assets(out / "vendor" / "katex")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GENERATED, help="output folder")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        generate(args.out, args.quiet)
    except (GradientCheckError, ChapterClaimError, NotebookError, MathsError) as exc:
        print(f"build_site: error: {exc}", file=sys.stderr)
        return 1
    except export.OutputError as exc:
        print(f"build_site: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
