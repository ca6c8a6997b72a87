"""Figures by name, for rendering: what to draw, its page size, the subject it shows.

A :class:`FigureSpec` names one figure and carries how to draw it: a
:func:`functools.partial` of a module-level figure function of :mod:`gradfig.figures.static`
with its subject bound (``partial(field_figure, landscape, query=(0.5, 1))``). The spec pickles
with its subject, so a worker process of :mod:`gradfig.render` needs no catalogue of its own,
and its cache key (:attr:`FigureSpec.depends`) is read from the same arguments it draws.

Any set of specs is a catalogue. This module makes the library's own, for any landscapes:

- :func:`field_spec`: ``field-<name>``, the gradient field with its steepest query point;
- :func:`descent_spec`: ``descent-<name>``, the descent preview (start and steps chosen from
  the landscape's shape unless given);
- :func:`panel_spec`: ``panel``, the fields side by side;
- :func:`jacobian_spec`: ``jacobian-<name>``, a map of the plane near a point (``gradfig
  render --map``);
- :func:`landscape_figures`: a landscape's field and descent preview (``gradfig render
  --formula``);
- :func:`registry_figures`: every field, the panel and every descent preview of a set of
  landscapes (``gradfig render``, given the registry).

A book or a course makes its own catalogue from the same figure functions and specs, with
its own subjects, start points and steps, and renders it the same way.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradfig.figures import static
from gradfig.functions import Landscape, VectorMap

__all__ = [
    "FigureSpec",
    "descent_spec",
    "describe",
    "field_spec",
    "jacobian_spec",
    "landscape_figures",
    "panel_spec",
    "registry_figures",
    "select",
]


def describe(value: Any) -> str:
    """A canonical text of a figure's arguments, for its cache key.

    Arrays are written out in full (``repr`` of a NumPy array abbreviates long ones and
    rounds), sequences and mappings entry by entry, a partial as its function's qualified
    name and arguments, anything else by ``repr`` (a landscape's repr is its whole definition).
    """
    if isinstance(value, functools.partial):
        args = [describe(a) for a in value.args]
        args += [f"{k}={describe(v)}" for k, v in sorted(value.keywords.items())]
        return f"{value.func.__module__}.{value.func.__qualname__}({', '.join(args)})"
    if isinstance(value, np.ndarray):
        return f"array({value.tolist()!r})"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(describe(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{describe(k)}: {describe(v)}" for k, v in sorted(value.items())) + "}"
    return repr(value)


def _subjects(values: Iterable[Any]) -> Iterable[Any]:
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from _subjects(value)
        else:
            yield value


def _default_size(draw: Callable[..., Any]) -> tuple[float, float]:
    func = draw.func if isinstance(draw, functools.partial) else draw
    size = inspect.signature(func).parameters.get("size")
    if size is None or size.default is inspect.Parameter.empty:
        raise ValueError(f"{func.__qualname__} has no default size: give the spec a page_size")
    return tuple(size.default)  # type: ignore[return-value]


@dataclass(frozen=True)
class FigureSpec:
    """A figure by name: how to draw it, its page size, what it shows.

    Parameters
    ----------
    name
        Stable and safe in file names (``field-bowl``): files are ``<name>-<theme>...``.
    title
        For headings and messages.
    draw
        ``draw(theme=..., size=...) -> Figure``: a :func:`functools.partial` of a
        module-level figure function with its subject bound, so it pickles to a worker
        process and its arguments make the cache key.
    page_size
        Inches at the ``page`` preset; default: the figure function's own default ``size``.
    page
        For a field: the landscape whose interactive page the ``html`` format writes.
    animated
        A descent figure, whose paths the ``gif`` and ``mp4`` formats animate
        (:mod:`gradfig.figures.animation`).
    """

    name: str
    title: str
    draw: Callable[..., Any]
    page_size: tuple[float, float] = field(default=None)  # type: ignore[assignment]
    page: Landscape | None = None
    animated: bool = False

    def __post_init__(self) -> None:
        if self.page_size is None:
            object.__setattr__(self, "page_size", _default_size(self.draw))

    @property
    def module(self) -> str:
        """The module of the figure function (its import graph is part of the cache key)."""
        func = self.draw.func if isinstance(self.draw, functools.partial) else self.draw
        return func.__module__

    @property
    def depends(self) -> str:
        """What the figure is drawn from: its function and bound arguments (:func:`describe`)."""
        return describe(self.draw)

    def subjects(self) -> list[Any]:
        """The bound arguments (sequences flattened): the landscapes and maps it shows."""
        if not isinstance(self.draw, functools.partial):
            return []
        return list(_subjects([*self.draw.args, *self.draw.keywords.values()]))

    def landscapes(self) -> list[Landscape]:
        """The landscapes among its subjects (and its page's), in order, each once."""
        found = [s for s in self.subjects() if isinstance(s, Landscape)]
        return list(dict.fromkeys([*found, *([self.page] if self.page is not None else [])]))

    def figure(self, theme: str = "light", size: tuple[float, float] | None = None) -> Any:
        """Draw it: a :class:`~gradfig.figures.style.ThemedFigure` at ``size`` inches
        (default: its page size)."""
        return self.draw(theme=theme, size=size or self.page_size)

    def with_subjects(self, replace: Callable[[Any], Any]) -> FigureSpec:
        """The same spec with every subject passed through ``replace`` (e.g. for an already
        prepared copy of the same landscape)."""
        def swap(value: Any) -> Any:
            if isinstance(value, (list, tuple)):
                return type(value)(swap(v) for v in value)
            return replace(value)

        draw = self.draw
        if isinstance(draw, functools.partial):
            draw = functools.partial(draw.func, *swap(draw.args),
                                     **{k: swap(v) for k, v in draw.keywords.items()})
        page = None if self.page is None else replace(self.page)
        return FigureSpec(self.name, self.title, draw, self.page_size, page, self.animated)


# --- the library's catalogue ------------------------------------------------------------------
def field_spec(landscape: Landscape, name: str | None = None) -> FigureSpec:
    """``field-<name>``: the landscape's gradient field, with its steepest query point
    (:func:`gradfig.figures.static.query_point`; none where ∇f = 0 at every sample point)."""
    try:
        query = static.query_point(landscape)
    except ValueError:
        query = None
    return FigureSpec(name or f"field-{landscape.name}", f"{landscape.title} gradient field",
                      functools.partial(static.field_figure, landscape, query=query), page=landscape)


def descent_spec(landscape: Landscape, start: tuple[float, float] | None = None,
                 steps: Sequence[float] | None = None, name: str | None = None,
                 title: str | None = None) -> FigureSpec:
    """``descent-<name>``: gradient descent on the landscape (start and steps chosen from its
    shape unless given, :func:`gradfig.descent.preview`)."""
    keywords = {k: v for k, v in (("start", start), ("steps", None if steps is None else tuple(steps)))
                if v is not None}
    return FigureSpec(name or f"descent-{landscape.name}", title or f"Gradient descent on {landscape.title}",
                      functools.partial(static.descent_figure, landscape, **keywords), animated=True)


def panel_spec(landscapes: Iterable[Landscape], name: str = "panel",
               title: str = "Every landscape side by side") -> FigureSpec:
    """``panel``: the landscapes' fields side by side, on a page sized for their count."""
    shown = tuple(landscapes)
    return FigureSpec(name, title, functools.partial(static.panel_figure, shown),
                      static.panel_page_size(len(shown)))


def jacobian_spec(vmap: VectorMap, x0: Sequence[float | str], radius: float | None = None,
                  name: str | None = None, title: str | None = None) -> FigureSpec:
    """``jacobian-<name>``: the map near x₀ (:func:`gradfig.figures.static.jacobian_figure`;
    coordinates typed as constants, ``"pi/6"``, are shown as typed)."""
    return FigureSpec(name or f"jacobian-{vmap.name}", title or f"The Jacobian of {vmap.title}",
                      functools.partial(static.jacobian_figure, vmap, tuple(x0), radius))


def landscape_figures(landscape: Landscape) -> dict[str, FigureSpec]:
    """A landscape's figures: ``field-<name>`` and ``descent-<name>``."""
    specs = (field_spec(landscape), descent_spec(landscape))
    return {s.name: s for s in specs}


def registry_figures(landscapes: Iterable[Landscape]) -> dict[str, FigureSpec]:
    """Every landscape's field, the panel of them all, and every landscape's descent preview,
    in that order (what ``gradfig render`` draws for the registry)."""
    landscapes = list(landscapes)
    specs = [field_spec(ls) for ls in landscapes] + [panel_spec(landscapes)]
    specs += [descent_spec(ls) for ls in landscapes]
    return {s.name: s for s in specs}


def select(catalogue: Mapping[str, FigureSpec], names: Iterable[str],
           aliases: Mapping[str, str] | None = None, of: str = "") -> list[FigureSpec]:
    """The specs named (or aliased, e.g. a landscape's name for its field), in catalogue order.

    Raises
    ------
    KeyError
        For a name that is neither a figure nor an alias; the message lists the choices
        (``of`` says whose figures they are, e.g. ``" for the landscape 'wave'"``).
    """
    aliases = dict(aliases or {})
    wanted = set()
    for name in names:
        target = name if name in catalogue else aliases.get(name)
        if target is None or target not in catalogue:
            also = f"; or {', '.join(aliases)}" if aliases else ""
            raise KeyError(f"unknown figure {name!r}{of} (figures: {', '.join(catalogue)}{also})")
        wanted.add(target)
    return [spec for name, spec in catalogue.items() if name in wanted]
