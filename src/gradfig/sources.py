"""What a piece of code is made of: the modules it imports, found from the import statements.

A cache key of generated output must change when any code that makes the output changes, and
only then. Hand-kept lists of files drift from what the code really imports; here the list is
read from the code. :func:`imported_modules` walks the ``import`` and ``from ... import``
statements of the named modules with :mod:`ast`, transitively (imports inside functions
included, since they run when the function does; imports under ``if TYPE_CHECKING:`` left
out, since they never run), within the first-party packages given, and adds the packages
each module sits in (Python runs a package's ``__init__`` before its modules).
:func:`source_key` hashes those modules' sources, the data files the caller names (style
sheets, scripts a page inlines: what the code reads besides its imports) and any extra
strings (library versions), into one content key.

Modules are located on disk from their package's folder, without importing them. Nothing is
cached across edits: a file's imports and digest are reused only while its size and
modification time stay the same.

Example::

    from gradfig.sources import imported_modules, source_key

    imported_modules(["gradfig.figures.static"])   # [..., 'gradfig.accuracy', 'gradfig.descent', ...]
    key = source_key(["gradfig.figures.static"], data_files=style_files("dark"))
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from gradfig.export import content_key

__all__ = ["file_imports", "imported_modules", "module_file", "module_imports", "source_key"]


@cache
def _top_level(top: str) -> tuple[tuple[Path, ...], Path | None]:
    """Folders of the top-level package ``top``, or the file of a top-level plain module."""
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return (), None
    if spec is None:
        return (), None
    if spec.submodule_search_locations:
        return tuple(Path(p).resolve() for p in spec.submodule_search_locations), None
    origin = Path(spec.origin) if spec.origin else None
    return (), (origin.resolve() if origin is not None and origin.suffix == ".py" else None)


def module_file(name: str) -> Path | None:
    """The source file of module ``name`` (``gradfig.figures.static`` ->
    ``.../gradfig/figures/static.py``; a package -> its ``__init__.py``), or None."""
    top, *rest = name.split(".")
    folders, plain = _top_level(top)
    if plain is not None:
        return None if rest else plain
    for folder in folders:
        base = folder.joinpath(*rest)
        for candidate in (base / "__init__.py", base.with_suffix(".py") if rest else None):
            if candidate is not None and candidate.is_file():
                return candidate
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _statements(tree: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement that can run, anywhere in the tree."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            todo.extend(node.orelse)  # the body only runs under a type checker
            continue
        todo.extend(ast.iter_child_nodes(node))


def _imports_of(name: str, path: Path, tree: ast.AST) -> set[str]:
    """Absolute names of what ``tree`` (module ``name`` at ``path``) imports, as written."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:  # relative: from . import x, from ..y import z
            parts = package.split(".")
            parts = parts[:len(parts) - (node.level - 1)]
            base = ".".join([*parts, *([base] if base else [])])
        found.add(base)
        # "from gradfig import export" imports the module gradfig.export
        found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


@cache
def _parsed(path: Path, stamp: tuple[int, int], name: str) -> tuple[bytes, frozenset[str]]:
    """The file's SHA-256 and the names it imports (reused while ``stamp`` is the same)."""
    data = path.read_bytes()
    return hashlib.sha256(data).digest(), frozenset(_imports_of(name, path, ast.parse(data)))


def _read(name: str, path: Path) -> tuple[bytes, frozenset[str]]:
    stat = path.stat()
    return _parsed(path, (stat.st_mtime_ns, stat.st_size), name)


def _resolve(target: str) -> str | None:
    """The module a name imported from a module stands for: the module itself, the module it
    is an attribute of (``gradfig.check.gradient_check`` -> ``gradfig.check``), or for a name
    a package re-exports (``from gradfig import field_figure``, loaded lazily by the package),
    the module that defines the object."""
    if module_file(target) is not None:
        return target
    owner, _, attribute = target.rpartition(".")
    while owner and module_file(owner) is None:
        owner, _, attribute = owner.rpartition(".")
    if not owner:
        return None
    owner_file = module_file(owner)
    if owner_file is not None and owner_file.name == "__init__.py":
        try:  # the package decides where the name comes from; ask it
            defined = getattr(getattr(importlib.import_module(owner), attribute), "__module__", None)
        except Exception:  # not importable here, or no such name: the package itself counts
            defined = None
        if isinstance(defined, str) and module_file(defined) is not None:
            return defined
    return owner


def _first_party(targets: Iterable[str], tops: set[str], own: str | None) -> list[str]:
    found = set()
    for target in targets:
        if target.split(".")[0] not in tops:
            continue
        module = _resolve(target)
        if module is not None and module != own:
            found.add(module)
    return sorted(found)


def module_imports(name: str, packages: Iterable[str] | None = None) -> list[str]:
    """The modules of ``packages`` (default: the module's own package) that module ``name``
    imports directly, sorted."""
    path = module_file(name)
    if path is None:
        raise ModuleNotFoundError(f"no source file for module {name!r}")
    tops = set(packages) if packages is not None else {name.split(".")[0]}
    return _first_party(_read(name, path)[1], tops, name)


def file_imports(path: str | os.PathLike[str], packages: Iterable[str] = ("gradfig",)) -> list[str]:
    """The modules of ``packages`` a script (not a module of a package, e.g. a notebook's
    source) imports directly, sorted."""
    file = Path(path)
    tree = ast.parse(file.read_bytes())
    return _first_party(_imports_of("__main__", file, tree), set(packages), None)


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def imported_modules(modules: Iterable[str], packages: Iterable[str] | None = None) -> list[str]:
    """The named modules and every module of ``packages`` they import, transitively, with the
    packages they sit in; sorted.

    Parameters
    ----------
    modules
        Module names, e.g. ``["gradfig.figures.static"]``.
    packages
        The top-level packages whose modules count (their code can change with the project);
        default: ``gradfig`` and the named modules' own top-level packages. Imports of
        anything else (NumPy, the standard library) are left out: their versions, where they
        matter, are the caller's ``extra``.
    """
    modules = list(modules)
    tops = set(packages) if packages is not None else {"gradfig", *(m.split(".")[0] for m in modules)}
    seen: set[str] = set()
    todo = [p for m in modules for p in _with_parents(m)]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if module_file(name) is None:
            raise ModuleNotFoundError(f"no source file for module {name!r}")
        seen.add(name)
        todo.extend(p for dep in module_imports(name, tops) for p in _with_parents(dep) if p not in seen)
    return sorted(seen)


def source_key(modules: Iterable[str], *, data_files: Iterable[str | os.PathLike[str]] = (),
               extra: Iterable[str] = (), packages: Iterable[str] | None = None) -> str:
    """A content key of the code the named modules run and the data they read.

    Parameters
    ----------
    modules
        Module names (see :func:`imported_modules`; ``packages`` as there).
    data_files
        Files the code reads besides its imports (``.mplstyle`` files, a script or stylesheet
        a page inlines or ships). Each counts by its name and bytes, not its folder, so the
        same code in another checkout has the same key.
    extra
        Any other strings the output depends on, such as library versions.

    Returns
    -------
    str
        A hex SHA-256 (:func:`gradfig.export.content_key`).
    """
    parts: list[str | bytes] = []
    for name in imported_modules(modules, packages):
        path = module_file(name)
        assert path is not None  # imported_modules found it
        parts += [name, _read(name, path)[0]]
    for file in sorted(Path(f) for f in data_files):
        parts += [file.name, hashlib.sha256(file.read_bytes()).digest()]
    parts += list(extra)
    return content_key(*parts)
