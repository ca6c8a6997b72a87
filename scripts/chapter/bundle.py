"""The site's scripts and styles, bundled and minified by esbuild.

Every script and stylesheet the chapter's site serves from its own sources goes through
esbuild (pinned in ``package.json``, run from ``node_modules/.bin/esbuild``): the sources are
ES modules and plain CSS, readable and commented (the package's ``gradfig/figures/assets/``
and the site's ``docs/assets/``); what the pages load is one minified file per entry point
(:data:`BUNDLES`). Scripts are IIFEs (classic scripts: MkDocs' ``extra_javascript`` and
``loadScript`` load them), targeting ES2020.

- ``assets/gradfig-site.js`` and ``.css``, on every page (``mkdocs.yml``): quizzes, the
  interactive fields, accessibility fixes; the site's styles with the field component's.
- ``assets/gradfig-playground.js``: loaded by the site's script only on the page with the form.
- ``assets/gradfig-playground-worker.js``: the playground's Web Worker (the work for one formula,
  off the page's thread), started by the playground's script.
- ``vendor/mathjs-gradfig.min.js``: the playground's slice of math.js (parse, derivative,
  simplify; about 51 kB gzip against 175 kB for math.js's full bundle), loaded when the
  reader first turns to the playground's form.
- ``jacobian.js``, ``jacobian.css`` and ``playground.css``: minified, not served; their snippets
  inline them (:func:`inline_text`), so only the page that shows a widget carries it. The live
  Jacobian's code runs inline right after the widget, as the page is parsed: it is drawn before
  the page below it is, so nothing moves when it appears.

A bundle is rebuilt only when its inputs change: esbuild's metafile names every file that went
into it (math.js's modules too), and the bundle's content key is a hash of those files, the
esbuild version and the options. The bundles and their keys live in ``.cache/bundles/``; an
unchanged rebuild reads the inputs, hashes them and runs nothing.

Nothing here writes but through :mod:`gradfig.export`.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from chapter.paths import CACHE, DOCS, GENERATED, NODE_MODULES, ROOT
from gradfig import export
from gradfig.export import OutputError
from gradfig.figures import page

__all__ = ["BUNDLES", "Bundle", "BundleError", "build_bundles", "bundle_bytes", "inline_css", "inline_text"]

#: The site's own browser sources (the library's are in the package: :data:`PACKAGE_ASSETS`).
SITE_JS = DOCS / "assets" / "js"
SITE_CSS = DOCS / "assets" / "css"
PACKAGE_ASSETS = page.ASSETS
#: Where bundles and their keys are kept between builds.
BUNDLE_CACHE = CACHE / "bundles"
ESBUILD = NODE_MODULES / ".bin" / "esbuild"


class BundleError(OutputError):
    """esbuild is missing or could not bundle an entry point; the message says which."""


@dataclass(frozen=True)
class Bundle:
    """One esbuild entry point and what becomes of it.

    Attributes
    ----------
    name
        The output's path under ``docs/generated/`` (served), or its name (inlined).
    entry
        The entry point.
    options
        esbuild options beyond bundling and minifying.
    served
        Written into ``docs/generated/``; otherwise only kept for :func:`inline_css`.
    """

    name: str
    entry: Path
    options: tuple[str, ...] = ()
    served: bool = True


def _iife(*extra: str) -> tuple[str, ...]:
    return ("--format=iife", "--target=es2020", *extra)


def _mathjs_banner() -> str:
    return (f"--banner:js=/* math.js {_package_version('mathjs')} (Apache-2.0, https://mathjs.org, "
            "licence in mathjs-LICENSE.txt): parse + derivative + simplify of its number build, bundled "
            "by esbuild */")


#: Every bundle of the site.
BUNDLES: tuple[Bundle, ...] = (
    Bundle("assets/gradfig-site.js", SITE_JS / "site.mjs", _iife()),
    Bundle("assets/gradfig-site.css", SITE_CSS / "gradfig-site.css"),
    Bundle("jacobian.js", SITE_JS / "jacobian.mjs", _iife(), served=False),
    Bundle("assets/gradfig-playground.js", SITE_JS / "playground.mjs", _iife()),
    Bundle("assets/gradfig-playground-worker.js", SITE_JS / "playground-worker.mjs", _iife()),
    # The banner names math.js's version: computed when the bundle is built (see _options).
    Bundle("vendor/mathjs-gradfig.min.js", SITE_JS / "mathjs-slice.mjs", _iife("--global-name=gradfigMath")),
    Bundle("jacobian.css", SITE_CSS / "jacobian.css", served=False),
    Bundle("playground.css", SITE_CSS / "playground.css", served=False),
    Bundle("assets/gradfig-surface.js", SITE_JS / "surface-view.mjs", _iife()),
    Bundle("surface.css", SITE_CSS / "surface.css", served=False),
)
_BY_NAME = {b.name: b for b in BUNDLES}


def _package_version(name: str) -> str:
    manifest = NODE_MODULES / name / "package.json"
    try:
        return json.loads(manifest.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        raise BundleError(f"cannot bundle the site's scripts: node_modules/{name} is not installed "
                          "(run 'npm ci' or 'make install')") from None


def _options(bundle: Bundle) -> list[str]:
    options = ["--bundle", "--minify", "--legal-comments=none", "--log-level=error", *bundle.options]
    if bundle.entry.name == "mathjs-slice.mjs":
        options.append(_mathjs_banner())
    return options


def _cached(bundle: Bundle) -> tuple[Path, Path]:
    flat = bundle.name.replace("/", "--")
    return BUNDLE_CACHE / flat, BUNDLE_CACHE / f"{flat}.key.json"


def _rel(path: Path) -> str:
    """A path as esbuild, run from the repository's root, names it."""
    return Path(os.path.relpath(path, ROOT)).as_posix()


def _key(bundle: Bundle, inputs: list[str]) -> str:
    """Content key of a bundle: esbuild's version, the options, every input file's bytes."""
    parts: list[str | bytes] = [f"esbuild {_package_version('esbuild')}", "\0".join(_options(bundle)),
                                _rel(bundle.entry)]
    for rel in sorted(inputs):
        path = ROOT / rel
        parts += [rel, path.read_bytes() if path.is_file() else b"(missing)"]
    return export.content_key(*parts)


def _run_esbuild(bundle: Bundle) -> tuple[bytes, list[str]]:
    """esbuild on one entry point: the bundle's bytes and the inputs its metafile names."""
    if not ESBUILD.exists():
        raise BundleError("cannot bundle the site's scripts: node_modules/.bin/esbuild is missing "
                          "(run 'npm ci' or 'make install')")
    with tempfile.TemporaryDirectory(prefix="gradfig-esbuild-") as tmp:
        meta, outfile = Path(tmp) / "meta.json", Path(tmp) / ("out" + Path(bundle.name).suffix)
        try:
            proc = subprocess.run(
                [str(ESBUILD), _rel(bundle.entry), *_options(bundle),
                 f"--outfile={outfile}", f"--metafile={meta}"],
                cwd=ROOT, capture_output=True, timeout=300, check=False)
        except subprocess.TimeoutExpired:
            raise BundleError(f"esbuild took over 5 minutes on {bundle.entry.name}: stopped") from None
        if proc.returncode != 0 or not outfile.is_file():
            reason = " ".join(proc.stderr.decode("utf-8", "replace").split())[:500]
            raise BundleError(f"esbuild could not bundle {_rel(bundle.entry)}: {reason}")
        data = outfile.read_bytes()
        inputs = sorted(json.loads(meta.read_text(encoding="utf-8"))["inputs"])
    return data, inputs


def bundle_bytes(name: str | Bundle) -> bytes:
    """The bundle called ``name`` (see :data:`BUNDLES`), from the cache when its inputs are unchanged."""
    bundle = name if isinstance(name, Bundle) else _BY_NAME[name]
    output, record = _cached(bundle)
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
        if known["key"] == _key(bundle, known["inputs"]):
            return output.read_bytes()
    except (OSError, ValueError, KeyError, TypeError):
        pass  # never built, or its record is damaged: build it
    data, inputs = _run_esbuild(bundle)
    export.write_bytes(output, data)
    export.write_text(record, json.dumps({"key": _key(bundle, inputs), "inputs": inputs}, indent=1) + "\n")
    return data


def inline_text(name: str) -> str:
    """A bundle that is not served, for its snippet's ``<style>`` or ``<script>``."""
    return bundle_bytes(name).decode("utf-8")


#: The name a widget's stylesheet is inlined by.
inline_css = inline_text


def build_bundles(out: Path = GENERATED) -> int:
    """Write every served bundle under ``out``; returns how many files changed."""
    return sum(export.write_bytes(out / b.name, bundle_bytes(b.name)) for b in BUNDLES if b.served)
