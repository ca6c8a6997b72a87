"""MkDocs hook: regenerate ``docs/generated/`` before every build (also under ``mkdocs serve``).

The work lives in :mod:`gradfig.chapter.build` (also run by ``scripts/build_site.py``), so the
site stays movable to another generator; this hook only calls it. A failing gradient check
raises, so the build goes red.
"""

from __future__ import annotations

import os


def on_pre_build(config, **kwargs) -> None:
    from mkdocs.exceptions import PluginError

    from gradfig.chapter.build import BUILD_ERRORS, generate

    try:
        # One short progress line on stdout (phases, figures done of total); GRADFIG_QUIET=1
        # silences it.
        generate(quiet=os.environ.get("GRADFIG_QUIET", "") not in ("", "0"), short=True)
    except BUILD_ERRORS as exc:
        raise PluginError(str(exc)) from None
