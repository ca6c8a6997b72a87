"""Markdown fragments the chapter includes, each computed from the registry.

Every function here returns text and never writes; :mod:`chapter.build` writes them
with :mod:`gradfig.export` into ``docs/generated/`` under stable names, and the pages pull
them in with ``--8<-- "name.md"`` (pymdownx.snippets). Changing a definition changes the page.
"""

from __future__ import annotations

from collections.abc import Callable

from chapter.jacobians import JACOBIAN_SNIPPETS
from chapter.numbers import CHAPTER_SNIPPETS
from chapter.quiz import QUIZZES
from gradfig.check import CheckResult, GradientCheckError, require_pass
from gradfig.landscapes import LANDSCAPES

__all__ = ["SNIPPETS", "GradientCheckError", "check_table", "checked"]


def checked(name: str) -> CheckResult:
    """Run the gradient check for a landscape and refuse to publish a failing one."""
    return require_pass(LANDSCAPES[name])


def check_table(name: str = "rosenbrock") -> str:
    """The chapter's gradient-check table as Markdown."""
    return checked(name).to_markdown() + "\n"


def _all_checks() -> str:
    """Every landscape's check, so a wrong gradient in any of them turns the build red."""
    parts = []
    for name, landscape in LANDSCAPES.items():
        parts.append(f"**{landscape.title}** — $f(x, y) = {landscape.latex}$\n\n{check_table(name)}")
    return "\n".join(parts)


#: Stable snippet names -> functions producing their Markdown: the check tables here, the
#: chapter's worked numbers (``ch-*.md``, from numbers and jacobians) and the recall
#: questions (``quiz-*.md``).
SNIPPETS: dict[str, Callable[[], str]] = {
    "check-rosenbrock.md": check_table,
    "check-all.md": _all_checks,
    **CHAPTER_SNIPPETS,
    **JACOBIAN_SNIPPETS,
    **QUIZZES,
}
