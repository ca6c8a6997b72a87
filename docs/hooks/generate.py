"""MkDocs hook: regenerate ``docs/generated/`` before every build (also under ``mkdocs serve``).

The work lives in ``scripts/build_site.py`` so the site stays movable to another generator;
this hook only calls it. A failing gradient check raises, so the build goes red.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_site.py"


def _load():
    spec = importlib.util.spec_from_file_location("gradfig_build_site", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_pre_build(config, **kwargs) -> None:
    from mkdocs.exceptions import PluginError

    from gradfig.chapter_numbers import ChapterClaimError
    from gradfig.export import OutputError
    from gradfig.maths import MathsError
    from gradfig.notebook import NotebookError
    from gradfig.snippets import GradientCheckError

    try:
        _load().generate(quiet=True)
    except (GradientCheckError, ChapterClaimError, NotebookError, MathsError, OutputError) as exc:
        raise PluginError(str(exc)) from None
