"""Generate everything the pages include into ``docs/generated/`` (never committed), on its own.

``make site`` does not run this script: it runs ``mkdocs build``, whose hook
``docs/hooks/generate.py`` calls the same :func:`chapter.build.generate` (so ``mkdocs serve``
regenerates on change too). This script runs the generation without MkDocs, into any folder
(``--out``), with a progress line per phase and per figure.
A failing gradient check stops the build with a message naming the landscape and the point:
exit code 1; an output that cannot be written: exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chapter.build import BUILD_ERRORS, GENERATED, generate
from gradfig import export


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GENERATED, help="output folder")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        generate(args.out, args.quiet)
    except BUILD_ERRORS as exc:
        print(f"build_site: error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, export.OutputError) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
