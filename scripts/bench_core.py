"""Shared parts of the benchmarks: the :class:`Table` type and the section registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Table:
    """One benchmark section: a title, column names, rows, and notes (targets, verdicts)."""

    title: str
    columns: list[str]
    rows: list[list[object]]
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        def cell(v: object) -> str:
            return f"{v:.3g}" if isinstance(v, float) else str(v)

        lines = [f"### {self.title}", "", "| " + " | ".join(self.columns) + " |",
                 "|" + "---|" * len(self.columns)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in self.rows]
        lines += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"


# Sections in print order: name -> function returning a Table. Add new sections here.
SECTIONS: dict[str, Callable[[], Table]] = {}


def section(name: str) -> Callable[[Callable[[], Table]], Callable[[], Table]]:
    """Register a benchmark section under ``name``."""
    def register(fn: Callable[[], Table]) -> Callable[[], Table]:
        SECTIONS[name] = fn
        return fn
    return register
