"""MkDocs hook: render every page's maths with KaTeX at build time (see :mod:`gradfig.chapter.maths`).

pymdownx.arithmatex marks formulas; this hook swaps them for KaTeX's HTML + MathML, so the
reader's browser needs only KaTeX's CSS and fonts (copied from node_modules by
``scripts/build_site.py``). A formula KaTeX cannot parse fails the build with its TeX.
"""

from __future__ import annotations

from pathlib import Path

_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "katex-cache.json"
_renderer = None


def on_pre_build(config, **kwargs) -> None:
    global _renderer
    from gradfig.chapter.maths import KatexRenderer
    _renderer = KatexRenderer(_CACHE)


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    from mkdocs.exceptions import PluginError

    from gradfig.chapter.maths import MathsError
    from gradfig.chapter.notebook import offline_notebook_html
    if page.file.src_uri.endswith(".ipynb"):  # mkdocs-jupyter's page: drop MathJax/CDN loaders
        html = offline_notebook_html(html)
        _describe_notebook(page)
    try:
        return _renderer.render_html(html)
    except MathsError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from None


def on_post_page(output: str, page, config, **kwargs) -> str:
    """Preload the main KaTeX fonts the page's maths uses (see gradfig.chapter.maths.preload_fonts)."""
    from gradfig.chapter.maths import preload_fonts
    up = "../" * page.url.count("/")  # page-relative, like every other link Material writes
    return preload_fonts(output, f"{up}generated/vendor/katex/fonts/")


def _describe_notebook(page) -> None:
    """Give the notebook page the description stored in its metadata (Material's <meta>)."""
    import json
    try:
        meta = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))["metadata"]
    except (OSError, ValueError, KeyError):
        return
    if meta.get("description"):
        page.meta.setdefault("description", meta["description"])


def on_post_build(config, **kwargs) -> None:
    if _renderer is not None:
        _renderer.save()
