"""The generated parts of the check page (``docs/check.md``): every landscape's gradient check.

The chapter's table (Rosenbrock's) and every landscape's, each run at build time; a failing
check stops the build (:func:`gradfig.check.require_pass`), so a wrong gradient in any
landscape turns it red.
"""

from __future__ import annotations

from collections.abc import Callable

from chapter.subjects import ROSENBROCK
from gradfig.check import require_pass
from gradfig.landscapes import LANDSCAPES

__all__ = ["SNIPPETS", "all_checks_md", "rosenbrock_md"]


def rosenbrock_md() -> str:
    """The chapter's gradient-check table, Rosenbrock's, as Markdown."""
    return require_pass(ROSENBROCK).to_markdown() + "\n"


def all_checks_md() -> str:
    """Every landscape's check, so a wrong gradient in any of them turns the build red."""
    parts = []
    for landscape in LANDSCAPES.values():
        table = require_pass(landscape).to_markdown() + "\n"
        parts.append(f"**{landscape.title}** — $f(x, y) = {landscape.latex}$\n\n{table}")
    return "\n".join(parts)


#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "check-rosenbrock.md": rosenbrock_md,
    "check-all.md": all_checks_md,
}
