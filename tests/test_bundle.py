"""chapter.bundle: esbuild bundles and minifies the site's scripts and styles, once per content
of their inputs, and says in one line what to do when it cannot."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from chapter import bundle
from chapter.paths import ROOT

NODE = shutil.which("node")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of bundles of its own (the repository's stays as it is)."""
    folder = tmp_path / "bundles"
    monkeypatch.setattr(bundle, "BUNDLE_CACHE", folder)
    return folder


def _count_esbuild_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    runs: list[str] = []
    real = bundle._run_esbuild

    def counted(b: bundle.Bundle):
        runs.append(b.name)
        return real(b)

    monkeypatch.setattr(bundle, "_run_esbuild", counted)
    return runs


def test_a_bundle_is_built_once_for_its_inputs_and_again_when_one_changes(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "entry.mjs").write_text('import { greet } from "./part.mjs";\ndocument.title = greet("a");\n')
    (src / "part.mjs").write_text('// a comment that goes\n'
                                  'export function greet(who) { return "hello " + who; }\n')
    b = bundle.Bundle("assets/test.js", src / "entry.mjs", ("--format=iife",))
    runs = _count_esbuild_runs(monkeypatch)
    first = bundle.bundle_bytes(b).decode()
    assert first.startswith("(()=>{") and "hello " in first and "comment" not in first
    assert bundle.bundle_bytes(b).decode() == first and len(runs) == 1  # unchanged: esbuild not run
    (src / "part.mjs").write_text('export function greet(who) { return "goodbye " + who; }\n')
    assert "goodbye " in bundle.bundle_bytes(b).decode() and len(runs) == 2  # an import changed


def test_the_site_bundles_are_minified_iifes_and_styles(cache: Path) -> None:
    for b in bundle.BUNDLES:
        text = bundle.bundle_bytes(b.name).decode()
        source = b.entry.read_text(encoding="utf-8")
        if b.name.endswith(".js"):
            assert re.match(r"(/\*[^\n]*\*/\n)?(var \w+=)?\(\(\)=>\{", text), b.name  # an IIFE
            assert len(text) > 200 * (text.count("\n") + 1), b.name  # minified: a few long lines
        else:
            assert "/*" not in text and text.count("{") == text.count("}") > 10, b.name
            assert "@import" not in text, b.name  # the imports are bundled in
        assert re.search(r"^(/\*|//)", source), b.name  # the sources keep their comments


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_scripts_parse_as_classic_scripts(tmp_path: Path, cache: Path) -> None:
    for b in bundle.BUNDLES:
        if b.name.endswith(".js"):
            path = tmp_path / Path(b.name).name
            path.write_bytes(bundle.bundle_bytes(b.name))
            subprocess.run([NODE, "--check", str(path)], check=True, timeout=60)


def test_the_math_bundle_is_the_slice_with_its_licence(cache: Path) -> None:
    text = bundle.bundle_bytes("vendor/mathjs-gradfig.min.js").decode()
    assert text.startswith("/* math.js 15.2.0 (Apache-2.0") and "var gradfigMath=" in text
    assert len(text) < 250_000  # the slice, not math.js's 600 kB bundle


def test_a_missing_esbuild_is_one_line_saying_what_to_do(cache: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "ESBUILD", ROOT / "node_modules" / ".bin" / "no-esbuild-here")
    with pytest.raises(bundle.BundleError) as caught:
        bundle.bundle_bytes("assets/gradfig-site.js")
    message = str(caught.value)
    assert "\n" not in message and "esbuild is missing" in message and "npm ci" in message


def test_a_broken_entry_names_itself(tmp_path: Path, cache: Path) -> None:
    (tmp_path / "bad.mjs").write_text("import { nothing } from './missing.mjs';\n")
    with pytest.raises(bundle.BundleError, match=r"could not bundle .*bad\.mjs: .*missing\.mjs"):
        bundle.bundle_bytes(bundle.Bundle("assets/bad.js", tmp_path / "bad.mjs"))


def test_mkdocs_loads_the_bundles_and_only_them() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    served = {b.name for b in bundle.BUNDLES if b.served}
    loaded = config["extra_javascript"] + config["extra_css"]
    ours = [p for p in loaded if not p.startswith("generated/vendor/")]
    assert ours == ["generated/assets/gradfig-site.js", "generated/assets/gradfig-site.css"]
    assert {p.removeprefix("generated/") for p in ours} <= served
    assert "navigation.instant" not in config["theme"]["features"]
    assert "navigation.tracking" not in config["theme"]["features"]


def test_build_bundles_writes_the_served_ones(tmp_path: Path, cache: Path) -> None:
    out = tmp_path / "generated"
    assert bundle.build_bundles(out) == sum(b.served for b in bundle.BUNDLES)
    assert bundle.build_bundles(out) == 0  # nothing changed: nothing written
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        b.name for b in bundle.BUNDLES if b.served)
