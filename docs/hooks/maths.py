"""MkDocs hook: every page's maths typeset at build time as MathML (see :mod:`chapter.maths`).

pymdownx.arithmatex marks formulas; this hook swaps them for Temml's MathML Core, so the
reader's browser needs only a stylesheet and one font (STIX Two Math). A formula Temml cannot
parse fails the build naming the page and the TeX. After the last page, the font is cut down
to the characters all pages' maths uses and written into the site.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
_CACHE = _ROOT / ".cache" / "maths-cache.json"
_FONT_CACHE = _ROOT / ".cache" / "maths-font"
_VENDOR = "generated/vendor/maths/"  # maths.css (docs/generated) and the font (written below)
_renderer = None
# ``chapter`` (the package scripts/chapter) is importable once generate.py's events ran: it is
# the first hook in mkdocs.yml.


def on_pre_build(config, **kwargs) -> None:
    global _renderer
    from chapter.maths import MathsRenderer
    _renderer = MathsRenderer(_CACHE)


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    from mkdocs.exceptions import PluginError

    from chapter.maths import MathsError
    from chapter.notebook import offline_notebook_html
    if page.file.src_uri.endswith(".ipynb"):  # mkdocs-jupyter's page: drop MathJax/CDN loaders
        html = offline_notebook_html(html)
        _describe_notebook(page)
    try:
        return _renderer.render_html(html)
    except MathsError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from None


def on_post_page(output: str, page, config, **kwargs) -> str:
    """Preload the maths font where a formula is on the first screen (chapter.maths.preload_font)."""
    from chapter.maths import FONT_FILE, preload_font
    up = "../" * page.url.count("/")  # page-relative, like every other link Material writes
    return preload_font(output, f"{up}{_VENDOR}{FONT_FILE}")


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
    from mkdocs.exceptions import PluginError

    from chapter.maths import MathsError, write_maths_font
    from gradfig import export
    if _renderer is None:
        return
    _renderer.save()
    try:
        write_maths_font(Path(config["site_dir"]) / _VENDOR, _renderer.mathml,
                         export.ContentCache(_FONT_CACHE))
    except (MathsError, export.OutputError) as exc:
        raise PluginError(f"maths font: {exc}") from None
