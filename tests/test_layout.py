"""The boundary between the library and the chapter's build, as the code draws it.

- The library (``src/gradfig``) knows nothing of the chapter: it never imports ``chapter`` (nor
  any other module of ``scripts/``) and computes no path outside its package (no repository
  root, ``node_modules``, ``docs/``, ``scripts/`` or the repository's ``.cache``).
- No private name crosses a module boundary (``from x import _y``, ``x._y``), in the library
  and in the chapter's build.
- Cache keys of code follow the import graph: editing a module a figure, a payload or the
  notebook imports changes its key; editing one it does not import leaves the key alone; and
  the graph holds every module that really loads when a figure is drawn.
- No import cycles, in the library or the chapter.
- A wheel installed with no repository around it imports gradfig and renders a formula's figure.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import gradfig

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(gradfig.__file__).resolve().parent
CHAPTER = ROOT / "scripts" / "chapter"
#: Top-level names of the project's own code (the library, the chapter's build, the scripts).
FIRST_PARTY = {"gradfig", "chapter", *(p.stem for p in (ROOT / "scripts").glob("*.py"))}


def _modules(folder: Path, package: str) -> dict[str, Path]:
    """Module name -> file, for every module of the package in ``folder``."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        parts = (package, *path.relative_to(folder).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


LIBRARY = _modules(PACKAGE, "gradfig")
BUILD = _modules(CHAPTER, "chapter")


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path, name: str) -> list[tuple[str, list[str], int]]:
    """(module imported from, names, line) for every import statement, relative ones resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            found.append((base, [a.name for a in node.names], node.lineno))
    return found


# --- the library knows nothing of the chapter -------------------------------------------------
def _imports_outside(modules: dict[str, Path]) -> list[str]:
    """Imports of the project's code that is not the library (the chapter, the scripts)."""
    return [f"{name}:{line} imports {module}" for name, path in modules.items()
            for module, _, line in _imports(path, name)
            if module.split(".")[0] in FIRST_PARTY - {"gradfig"}]


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings (prose may name the repository)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _home_relative(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """Whether a string is part of a path built on ``Path.home()`` (``~/.cache``, the user's
    cache, not the repository's)."""
    while id(node) in parents:
        node = parents[id(node)]
        if isinstance(node, ast.BinOp):
            calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
            if any(isinstance(c.func, ast.Attribute) and c.func.attr == "home" for c in calls):
                return True
    return False


#: Names of the repository's layout that no library code may mention.
OUTSIDE = ("node_modules", "docs", "scripts", ".cache", "mkdocs.yml", "package.json", "site", "generated")


def _paths_outside(modules: dict[str, Path], package: Path) -> list[str]:
    """Paths computed beyond the package (``parents[k]``, ``.parent`` chains) and strings that
    name the repository's layout (outside docstrings; ``Path.home() / ".cache"`` is the user's)."""
    offenders = []
    for name, path in modules.items():
        tree = _tree(path)
        depth = len(path.relative_to(package).parts)  # parents[depth - 1] is the package itself
        parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
                    and node.value.attr == "parents" and isinstance(node.slice, ast.Constant)
                    and node.slice.value >= depth):
                offenders.append(f"{name}:{node.lineno}: parents[{node.slice.value}] leaves the package")
            outer = parents.get(id(node))
            if (isinstance(node, ast.Attribute) and node.attr == "parent"
                    and not (isinstance(outer, ast.Attribute) and outer.attr == "parent")):
                chain, inner = 0, node  # the whole chain, counted once from its outer end
                while isinstance(inner, ast.Attribute) and inner.attr == "parent":
                    chain, inner = chain + 1, inner.value
                if chain > depth:
                    offenders.append(f"{name}:{node.lineno}: .parent x{chain} leaves the package")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                words = {w for w in node.value.replace("\\", "/").split("/") if w}
                hits = [w for w in OUTSIDE if w in words]
                if hits and not (hits == [".cache"] and _home_relative(node, parents)):
                    offenders.append(f"{name}:{node.lineno}: {node.value!r} names the repository's layout")
    return offenders


def test_the_library_never_imports_the_chapter_or_the_scripts() -> None:
    assert _imports_outside(LIBRARY) == []


def test_the_library_computes_no_path_outside_its_package() -> None:
    assert _paths_outside(LIBRARY, PACKAGE) == []


def test_the_boundary_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    """The two scans above, run on code that does what they forbid: they must object."""
    bad = tmp_path / "gradfig"
    bad.mkdir()
    (bad / "__init__.py").write_text("")
    (bad / "leak.py").write_text(textwrap.dedent('''\
        """Docstrings may mention docs/ and scripts/."""
        from pathlib import Path
        import chapter.build
        ROOT = Path(__file__).resolve().parents[2]
        UP = Path(__file__).parent.parent.parent
        NODE = ROOT / "node_modules"
        HOME = Path.home() / ".cache"
        REPO = ROOT / ".cache"
        OWN = Path(__file__).resolve().parents[0] / "figures" / "gradfig.mplstyle"
        '''))
    modules = _modules(bad, "gradfig")
    assert _imports_outside(modules) == ["gradfig.leak:3 imports chapter.build"]
    assert [o.split(": ", 1)[1] for o in _paths_outside(modules, bad)] == [
        "parents[2] leaves the package", ".parent x3 leaves the package",
        "'node_modules' names the repository's layout", "'.cache' names the repository's layout"]


# --- no private names across modules ------------------------------------------------------------
def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _private_crossings(modules: dict[str, Path]) -> list[str]:
    offenders = []
    for name, path in modules.items():
        tree = _tree(path)
        aliases = {}  # local name -> the first-party module it stands for
        for module, names, line in _imports(path, name):
            if module.split(".")[0] not in FIRST_PARTY:
                continue
            offenders += [f"{name}:{line}: from {module} import {n}" for n in names if _private(n)]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                aliases.update({(a.asname or a.name.split(".")[0]): a.name for a in node.names})
            elif isinstance(node, ast.ImportFrom) and node.module:
                aliases.update({(a.asname or a.name): f"{node.module}.{a.name}" for a in node.names})
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and aliases[node.value.id].split(".")[0] in FIRST_PARTY
                    and aliases[node.value.id] in {*LIBRARY, *BUILD}):
                offenders.append(f"{name}:{node.lineno}: {node.value.id}.{node.attr}")
    return offenders


def test_no_private_name_is_used_across_modules() -> None:
    scripts = {p.stem: p for p in (ROOT / "scripts").glob("*.py")}
    hooks = {f"hooks.{p.stem}": p for p in (ROOT / "docs" / "hooks").glob("*.py")}
    assert not _private_crossings({**LIBRARY, **BUILD, **scripts, **hooks})


def test_the_private_name_check_catches_both_forms(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text("from gradfig.check import _evaluate\nfrom gradfig import custom\n"
                                   "print(custom._grids, custom.check_domain, custom.__name__)\n")
    assert _private_crossings({"x": tmp_path / "x.py"}) == [
        "x:1: from gradfig.check import _evaluate", "x:3: custom._grids"]


# --- no cycles ----------------------------------------------------------------------------------
def _graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports (anywhere in its body)."""
    known = {**LIBRARY, **BUILD}
    graph = {}
    for name, path in modules.items():
        found = set()
        for module, names, _ in _imports(path, name):
            found |= {f"{module}.{n}" for n in names if f"{module}.{n}" in known} or {module}
        graph[name] = {m for m in found if m in known and m != name and not name.startswith(f"{m}.")
                       and m not in ("gradfig", "chapter")}
    return graph


@pytest.mark.parametrize("modules", [LIBRARY, BUILD], ids=["library", "chapter"])
def test_no_import_cycles(modules: dict[str, Path]) -> None:
    graph = _graph(modules)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
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


def test_one_version_number() -> None:
    """pyproject.toml reads the version from ``gradfig.__version__`` and states none itself."""
    import importlib.metadata
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "gradfig.__version__"}
    assert importlib.metadata.version("gradfig") == gradfig.__version__  # the installed metadata


# --- cache keys follow the import graph ---------------------------------------------------------
KEYS_PROBE = '''
import json, sys
from pathlib import Path
from gradfig import render, sources
from gradfig.figures.style import style_files
from chapter import fields, notebook
from gradfig.landscapes import BOWL

root = Path(sys.argv[1])
notebook_script = root / "nb.py"

def keys():
    return {"figure": render._figure_code_key("gradfig.figures.static"),
            "page": render._page_code_key(),
            "payload": fields.payload_key(BOWL),
            "notebook": notebook.inputs_digest(notebook_script)}

def touch(path):  # an edit that changes nothing a reader would see
    path.write_text(path.read_text(encoding="utf-8") + "\\n# edited\\n", encoding="utf-8")

closure = {
    "figure": sources.imported_modules(["gradfig.figures.static", "gradfig.render", "gradfig.export",
                                        "gradfig.figures.catalogue"]),
    "page": sources.imported_modules(["gradfig.figures.page", "gradfig.render"]),
    "payload": sources.imported_modules(["chapter.fields"]),
    "notebook": sources.imported_modules(sources.file_imports(notebook_script)),
}
files = {name: sources.module_file(name) for name in
         [*(m for c in closure.values() for m in c), "gradfig.cli", "gradfig.landscapes",
          "chapter.pages.recall", "chapter.subjects", "gradfig.render", "gradfig.check"]}
changed = {}
for name, path in sorted(files.items()):
    before = keys()
    touch(path)
    after = keys()
    changed[name] = sorted(k for k in before if before[k] != after[k])
before = keys()
touch(style_files("dark")[-1])
changed["gradfig-dark.mplstyle"] = sorted(k for k in before if before[k] != keys()[k])
print(json.dumps({"closure": closure, "changed": changed}))
'''


@pytest.fixture(scope="module")
def edited_keys(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """In a copy of the library and the chapter's build: which keys each edit changes."""
    root = tmp_path_factory.mktemp("keys")
    shutil.copytree(PACKAGE, root / "src" / "gradfig", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(CHAPTER, root / "scripts" / "chapter", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "nb.py").write_text("# %%\nfrom gradfig.check import gradient_check\nimport numpy as np\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root / "scripts")])}
    proc = subprocess.run([sys.executable, "-c", KEYS_PROBE, str(root)], capture_output=True, text=True,
                          env=env, cwd=root, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_editing_a_module_changes_exactly_the_keys_of_what_imports_it(edited_keys: dict) -> None:
    closure, changed = edited_keys["closure"], edited_keys["changed"]
    assert len(changed) > 20  # every module of every graph, and some of none
    for module, keys in changed.items():
        if not module.endswith(".mplstyle"):
            assert keys == sorted(k for k, c in closure.items() if module in c), module
    # Facts the graphs must hold, whatever else they hold:
    assert "figure" in changed["gradfig.descent"] and "figure" in changed["gradfig.figures.style"]
    assert changed["gradfig.cli"] == [] and changed["chapter.pages.recall"] == []
    assert "figure" not in changed["gradfig.landscapes"]  # a figure's key holds the definition it draws
    assert "payload" in changed["chapter.subjects"] and "figure" not in changed["chapter.subjects"]
    assert changed["gradfig.check"] == ["notebook"]  # the notebook imports check; no figure does
    assert "notebook" not in changed["gradfig.render"]
    assert changed["gradfig-dark.mplstyle"] == ["figure"]


DRAWN_PROBE = '''
import pickle, sys
from gradfig import render
for job in pickle.loads(sys.stdin.buffer.read()):
    render.draw_job(job)
print("\\n".join(sorted(m for m in sys.modules if m.split(".")[0] == "gradfig")))
'''


def test_every_module_that_loads_to_draw_a_figure_is_in_its_key(tmp_path: Path) -> None:
    """The static graph is no guess: draw each kind of figure in a fresh process and compare the
    gradfig modules that loaded with those the figure's code key covers."""
    import pickle

    from chapter.figures import FIGURES
    from gradfig import sources
    from gradfig.figures.catalogue import registry_figures
    from gradfig.landscapes import LANDSCAPES
    from gradfig.render import Job

    covered = set(sources.imported_modules(["gradfig.figures.static", "gradfig.render", "gradfig.export",
                                            "gradfig.figures.catalogue"]))
    specs = [*registry_figures(list(LANDSCAPES.values())[:1]).values(), FIGURES["jacobian-map"],
             FIGURES["taylor-error"], FIGURES["fd-error"]]  # a field, a panel, a descent and the rest
    jobs = [Job(spec, "light", "page", ("svg",)) for spec in specs]
    proc = subprocess.run([sys.executable, "-c", DRAWN_PROBE], capture_output=True, timeout=300,
                          input=pickle.dumps(jobs))
    assert proc.returncode == 0, proc.stderr.decode()
    loaded = set(proc.stdout.decode().split())
    assert {"gradfig.figures.static", "gradfig.accuracy", "gradfig.descent"} <= loaded
    assert loaded - covered == set(), sorted(loaded - covered)


# --- a fresh install, no repository around it ---------------------------------------------------
@pytest.mark.slow
def test_a_wheel_installed_elsewhere_imports_and_draws_a_formula(tmp_path: Path) -> None:
    """``pip install .`` as a user would, minus the network: a wheel built from what the
    package declares (a copy of pyproject.toml, README.md and src/, so nothing else of the
    checkout can leak in), installed into an empty folder and used from another folder."""
    source, wheels = tmp_path / "source", tmp_path / "wheels"
    target, work = tmp_path / "installed", tmp_path / "elsewhere"
    work.mkdir()
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--wheel-dir", str(wheels), str(source)], capture_output=True, text=True,
                           timeout=300)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("gradfig-*.whl")
    assert wheel.name.startswith(f"gradfig-{gradfig.__version__}-")  # the one version number
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target),
                              str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    code = textwrap.dedent('''\
        import json, sys
        import gradfig
        from gradfig import field_figure, landscape_from_formula
        from gradfig.figures.catalogue import landscape_figures
        from gradfig.render import plan, render
        wave = landscape_from_formula("x*exp(-x^2 - y^2)", (-2, 2, -2, 2), name="wave")
        field_figure(wave, theme="dark").savefig("wave.png", dpi=40)
        report = render(plan(landscape_figures(wave).values(), ("light",), formats=("svg",)), "out",
                        workers=1, cache_dir=None)
        print(json.dumps({"file": gradfig.__file__, "version": gradfig.__version__,
                          "written": sorted(p.name for p in report.written),
                          "chapter": "chapter" in sys.modules}))
        ''')
    # -I: no PYTHONPATH, no user site, not even the current folder on the path; the installed
    # folder goes first, ahead of the checkout's editable install.
    proc = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r})\n"
                           + code], cwd=work, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert Path(result["file"]).is_relative_to(target) and result["version"] == gradfig.__version__
    assert result["written"] == ["descent-wave-light.svg", "field-wave-light.svg"]
    assert not result["chapter"]
    assert (work / "wave.png").read_bytes().startswith(b"\x89PNG")
    installed = {p.relative_to(target).parts[0] for p in target.iterdir()}
    assert "chapter" not in installed and "gradfig" in installed  # the wheel ships the library only
