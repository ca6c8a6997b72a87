"""Markdown fragments the chapter includes, each computed from the registry.

Every function here returns text and never writes; ``scripts/build_site.py`` writes them
with :mod:`gradfig.export` into ``docs/generated/`` under stable names, and the pages pull
them in with ``--8<-- "name.md"`` (pymdownx.snippets). Changing a definition changes the page.
"""

from __future__ import annotations

from collections.abc import Callable

from gradfig.check import CheckResult, gradient_check
from gradfig.landscapes import LANDSCAPES

__all__ = ["SNIPPETS", "GradientCheckError", "check_table", "checked"]


class GradientCheckError(RuntimeError):
    """An analytical gradient disagrees with numerical differences: the build must stop."""


def checked(name: str) -> CheckResult:
    """Run the gradient check for a landscape and refuse to publish a failing one."""
    result = gradient_check(LANDSCAPES[name])
    bad = result.failures()
    if bad:
        where = "; ".join(
            f"at {r.point} ({r.label}): analytical {r.analytical} vs numerical {r.numerical}, "
            f"error {r.error:.3g} > tolerance {result.atol:g}" for r in bad)
        raise GradientCheckError(f"gradient check failed for landscape {name!r} {where}")
    return result


def check_table(name: str = "rosenbrock") -> str:
    """The chapter's gradient-check table as Markdown."""
    return checked(name).to_markdown() + "\n"


def _all_checks() -> str:
    """Every landscape's check, so a wrong gradient in any of them turns the build red."""
    parts = []
    for name, landscape in LANDSCAPES.items():
        parts.append(f"**{landscape.title}** — $f(x, y) = {landscape.latex}$\n\n{check_table(name)}")
    return "\n".join(parts)


#: Stable snippet names -> functions producing their Markdown.
SNIPPETS: dict[str, Callable[[], str]] = {
    "check-rosenbrock.md": check_table,
    "check-all.md": _all_checks,
}

# The chapter's worked numbers (ch-*.md), computed in gradfig.chapter_numbers.
from gradfig.chapter_numbers import CHAPTER_SNIPPETS  # noqa: E402
from gradfig.quiz import QUIZZES  # noqa: E402

SNIPPETS.update(CHAPTER_SNIPPETS)
SNIPPETS.update(QUIZZES)
