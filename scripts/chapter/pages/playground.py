"""The generated parts of the playground page (``docs/playground.md``, "Your own function").

The form, the field and the result panels of :mod:`chapter.playground`, which also ships the
page's script and vendored assets; this module only names the page's snippets.
"""

from __future__ import annotations

from collections.abc import Callable

from chapter import playground

__all__ = ["SNIPPETS"]

#: This page's snippets: name under docs/generated/ -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = {
    "playground-field.md": playground.field_snippet,
    "playground-partials.md": playground.partials_snippet,
    "playground-critical.md": playground.critical_snippet,
    "playground-check.md": playground.check_snippet,
    "playground-check-rule.md": playground.check_rule_snippet,
}
