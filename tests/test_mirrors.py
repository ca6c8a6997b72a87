"""The browser's mirrors of Python, under contract: the library writes golden cases
(scripts/mirror_goldens.py) and Node's own test runner checks the pure ES modules against them
(tests/js/*.test.mjs, ``node --test``). No site build, no browser: part of the fast tier."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import mirror_goldens
from chapter.bundle import bundle_bytes

ROOT = Path(__file__).resolve().parent.parent
NODE_TESTS = ROOT / "tests" / "js"
#: Where the browser's modules live: the package's (the field component and the mirrors of the
#: library) and the site's own.
MODULE_FOLDERS = (ROOT / "src" / "gradfig" / "figures" / "assets", ROOT / "docs" / "assets" / "js")
#: What a module with no DOM never names.
DOM = re.compile(r"\b(document|window|navigator|location|localStorage|HTMLElement|customElements)\b")


def _code(path: Path) -> str:
    """A module's code without its comments (they may speak of the page)."""
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", path.read_text(encoding="utf-8"), flags=re.S)


def _pure_modules() -> list[Path]:
    """Modules that say of themselves, in their first comment, that they are pure."""
    return [p for folder in MODULE_FOLDERS for p in sorted(folder.glob("*.mjs"))
            if "a pure module" in p.read_text(encoding="utf-8").split("*/", 1)[0].lower()]


def test_the_mirrors_agree_with_python(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the mirrors' tests need Node 20 (the one 'make install' uses)")
    goldens = tmp_path / "goldens"
    mirror_goldens.write_goldens(goldens)
    # The math.js slice as the site ships it (one file: Node loads it in milliseconds).
    mathjs = tmp_path / "mathjs-gradfig.min.js"
    mathjs.write_bytes(bundle_bytes("vendor/mathjs-gradfig.min.js"))
    env = {**os.environ, "GRADFIG_GOLDENS": str(goldens), "GRADFIG_MATHJS": str(mathjs)}
    proc = subprocess.run([node, "--test", "--test-reporter=spec", "tests/js/"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"node --test failed:\n{report[-20000:]}"
    passed = re.search(r"ℹ pass (\d+)", report)
    files = sorted(NODE_TESTS.glob("*.test.mjs"))
    assert passed and int(passed.group(1)) >= 3 * len(files), report[-3000:]  # every file ran


def test_every_mirror_is_a_pure_module_with_its_node_test() -> None:
    pure = _pure_modules()
    names = {p.stem for p in pure}
    assert {"format", "descent", "grammar", "domain", "calculus", "critical", "check", "figure",
            "quiz-numbers", "links", "surface"} <= names, sorted(names)
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for path in pure:
        touched = DOM.findall(_code(path))
        assert not touched, f"{path.name} is a pure module but names {sorted(set(touched))}"
        test = NODE_TESTS / f"{path.stem}.test.mjs"
        assert test.is_file(), f"{path.name} has no {test.relative_to(ROOT)}"
        assert f"`{path.name}`" in architecture, f"ARCHITECTURE.md's table does not list {path.name}"


def test_the_node_tests_import_the_modules_they_are_named_after() -> None:
    for test in sorted(NODE_TESTS.glob("*.test.mjs")):
        module = test.name.removesuffix(".test.mjs") + ".mjs"
        source = test.read_text(encoding="utf-8")
        assert re.search(rf'from "[./]+(/[\w./-]+)?/{re.escape(module)}"', source), test.name
