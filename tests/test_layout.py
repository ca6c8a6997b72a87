"""The package's architecture, as the import statements draw it.

The library (``gradfig.*`` outside ``chapter``) never imports the chapter's build
machinery, and no two modules import each other, even indirectly, even inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import gradfig

PACKAGE = Path(gradfig.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """gradfig module -> the gradfig modules it imports (anywhere in its body)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gradfig"):
                for alias in node.names:  # "from gradfig import export" names a module
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("gradfig")}
        graph[name] = {m for m in found if m in modules and m != name and m != "gradfig"}
    return graph


def test_the_library_never_imports_the_chapter() -> None:
    graph = _imports()
    offenders = {m: sorted(d for d in deps if d.startswith("chapter"))
                 for m, deps in graph.items() if not m.startswith("chapter")}
    assert not {m: d for m, d in offenders.items() if d}


def test_no_import_cycles() -> None:
    graph = _imports()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycle = [*stack[stack.index(dep):], dep]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_the_public_api_is_importable_from_the_package() -> None:
    for name in gradfig.__all__:
        assert getattr(gradfig, name) is not None, name
