"""Render the chapter's figures for slides or pages: ``make figures`` runs this.

The chapter's figure set is :data:`chapter.figures.FIGURES` (what the site and its gallery
show: every landscape's field, the panel, the descent preview with the chapter's start and
steps, the polar map's Jacobian, the first-order error and the finite-difference error). The
options, messages, exit codes and the shared figure cache are ``gradfig render``'s
(:func:`gradfig.cli.render_main`); ``gradfig render`` itself draws only what the library
knows (the registry's figures, or a formula's).

    python scripts/figures.py --out figures --preset 16:9 --theme both --format png,pdf
    python scripts/figures.py --only jacobian-map --only fd-error --theme dark
"""

from __future__ import annotations

import sys

from chapter.figures import FIGURES  # scripts/ is this script's folder, so sys.path[0]
from gradfig.cli import render_main


def main(argv: list[str] | None = None) -> int:
    return render_main(FIGURES, argv, prog="figures.py",
                       description="Render the chapter's static figures (the site's set) to files.")


if __name__ == "__main__":
    sys.exit(main())
