"""Execute the chapter's notebook at build time, only when its inputs changed.

The notebook's source is a jupytext "percent" script (``docs/notebooks/*.py``): plain Python
that reviews well in git. The build turns it into an ``.ipynb``, runs it with nbclient and
stores the outputs; mkdocs-jupyter then renders the stored outputs without starting a
kernel. Starting a kernel costs seconds, so the executed notebook records a hash of its
inputs (the script and the gradfig modules it imports, found from its import statements by
:mod:`gradfig.sources`) and a rebuild with the same inputs reuses it.
A cell that raises stops the build with the cell's error.
"""

from __future__ import annotations

import re
from pathlib import Path

from gradfig import export, sources

__all__ = ["NotebookError", "build_notebook", "inputs_digest", "offline_notebook_html"]

_META_KEY = "gradfig"


class NotebookError(RuntimeError):
    """The notebook could not be executed; the message names the failing cell's error."""


def inputs_digest(script: Path) -> str:
    """A content key of the script and every gradfig module it imports, transitively."""
    return sources.source_key(sources.file_imports(script), data_files=[script])


def _stored(out: Path) -> dict:
    import nbformat
    try:
        nb = nbformat.read(out, as_version=4)
    except (OSError, ValueError):
        return {}
    return dict(nb.metadata.get(_META_KEY, {}))


def build_notebook(script: Path, out: Path, timeout: int = 120) -> bool:
    """Convert ``script`` to a notebook, execute it and write ``out``; skip if up to date.

    The stored notebook records a digest of the script and the gradfig modules it imports
    (:func:`inputs_digest`); a rebuild re-executes only when one of those files changed.

    Returns
    -------
    bool
        True if the notebook was executed (inputs changed), False if the stored one was kept.

    Raises
    ------
    NotebookError
        If a cell raises or the kernel cannot start.
    """
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    stored = _stored(out) if out.is_file() else {}
    digest = inputs_digest(script)
    if stored.get("inputs_sha256") == digest:
        return False
    nb = jupytext.read(script)
    # The kernel's own start-up warning (plain TCP on localhost) would land in the middle of
    # the build's progress line; errors still show.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(script.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip()  # the traceback's colours
        last = text.splitlines()[-1] if text else "a cell failed"
        raise NotebookError(f"{script.name}: {last}") from None
    except Exception as exc:  # kernel start-up problems surface as many types
        raise NotebookError(f"{script.name}: cannot execute: {exc}") from None
    nb.metadata[_META_KEY] = {"inputs_sha256": digest, "source": script.name}
    # Execution timestamps and nbformat's random cell ids would make every run's bytes differ.
    for number, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.id = f"cell-{number}"
    export.write_text(out, nbformat.writes(nb) + "\n")
    return True


# --- making mkdocs-jupyter's page offline ----------------------------------------------------

_EMPTY_SCRIPT = re.compile(r'<script src="">\s*</script>')
_MATHJAX_CONFIG = re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.DOTALL)
_MERMAID_LOADER = re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>',
                             re.DOTALL)
_MARKDOWN_BLOCK = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.DOTALL)
_DISPLAY_PARAGRAPH = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>", re.DOTALL)
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$")


def _markdown_maths(block: str) -> str:
    block = _DISPLAY_PARAGRAPH.sub(lambda m: f'<div class="arithmatex">\\[{m.group(1)}\\]</div>', block)
    block = _DISPLAY.sub(lambda m: f'<div class="arithmatex">\\[{m.group(1)}\\]</div>', block)
    return _INLINE.sub(lambda m: f'<span class="arithmatex">\\({m.group(1)}\\)</span>', block)


def offline_notebook_html(page_html: str) -> str:
    """mkdocs-jupyter's HTML with its web-only parts removed and its maths marked for the maths hook.

    mkdocs-jupyter (nbconvert's lab template) emits a MathJax loader with an empty URL (which
    would fetch the page itself as a script), MathJax's configuration, and a Mermaid loader
    that imports from a CDN. None of them is needed here: the site renders maths at build
    time, and the notebook has no diagrams. ``$...$`` and ``$$...$$`` in Markdown cells and
    Markdown outputs become pymdownx.arithmatex's markup, which the maths hook then typesets;
    code cells are left untouched.
    """
    page_html = _EMPTY_SCRIPT.sub("", page_html)
    page_html = _MATHJAX_CONFIG.sub("", page_html)
    page_html = _MERMAID_LOADER.sub("", page_html)
    return _MARKDOWN_BLOCK.sub(lambda m: m.group(1) + _markdown_maths(m.group(2)) + m.group(3), page_html)
