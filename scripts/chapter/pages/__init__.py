"""One module per chapter page: each writes that page's generated fragments, and nothing else.

Page ``docs/<page>.md`` includes fragments ``--8<-- "<page>-<what>.md"`` from
``docs/generated/``; they come from the module ``chapter.pages.<page>`` (hyphens as
underscores: ``make-it-run`` is :mod:`chapter.pages.make_it_run`), whose ``SNIPPETS`` maps
each name to the function returning its Markdown. :data:`SNIPPETS` here is the one registry
of them all: :mod:`chapter.build` writes every entry, and a test checks that the names it
holds are exactly the includes in ``docs/`` (no file written and never included, no include
without its file).

The rule for a name, checked here at import: it starts with its page's name and a hyphen, or
is the page's name itself, and ends in ``.md``; no two pages share one.

Shared machinery lives beside the pages, not in them: the claim checker
(:mod:`chapter.claims`), the quiz question types and their HTML (:mod:`chapter.quiz`), the
chapter's figures and their snippets (:mod:`chapter.figures`), the interactive fields
(:mod:`chapter.fields`), the live Jacobian (:mod:`chapter.jacobian_widget`) and the playground
(:mod:`chapter.playground`). ``docs/index.md`` includes no fragment, so it has no module.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from chapter.pages import (
    autodiff,
    check,
    fields,
    gallery,
    gradient,
    jacobian,
    make_it_run,
    partials,
    playground,
    recall,
)

__all__ = ["PAGES", "SNIPPETS", "page_of"]

#: Page name (``docs/<page>.md``) -> the module writing its fragments, in the site's order.
PAGES: dict[str, ModuleType] = {
    module.__name__.rpartition(".")[2].replace("_", "-"): module
    for module in (partials, gradient, fields, jacobian, autodiff, make_it_run, recall, check, gallery,
                   playground)
}


def page_of(snippet: str) -> str:
    """The page a snippet name belongs to, by the naming rule (``make-it-run-float32.md`` ->
    ``make-it-run``): the longest page name it starts with."""
    stem = snippet.removesuffix(".md")
    owners = [p for p in PAGES if stem == p or stem.startswith(p + "-")]
    if not snippet.endswith(".md") or not owners:
        raise ValueError(f"snippet {snippet!r} does not start with a page's name ({', '.join(PAGES)})")
    return max(owners, key=len)


def _registry() -> dict[str, Callable[[], str]]:
    found: dict[str, Callable[[], str]] = {}
    for page, module in PAGES.items():
        for name, make in module.SNIPPETS.items():
            if page_of(name) != page:
                raise ValueError(f"snippet {name!r} of page {page!r} must be named {page}-<what>.md")
            if name in found:
                raise ValueError(f"two pages write the snippet {name!r}")
            found[name] = make
    return found


#: Every generated fragment: its name under ``docs/generated/`` -> the function writing it.
SNIPPETS: dict[str, Callable[[], str]] = _registry()
