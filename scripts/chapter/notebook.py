"""Execute the chapter's notebook at build time, only when its inputs changed.

The notebook's source is a jupytext "percent" script (``docs/notebooks/*.py``): plain Python
that reviews well in git. The build turns it into an ``.ipynb``, runs it with nbclient and
stores the outputs; mkdocs-jupyter then renders the stored outputs without starting a
kernel. Starting a kernel costs seconds, so the executed notebook records a hash of its
inputs (the script and gradfig's own sources) and a rebuild with the same inputs reuses it.
A cell that raises stops the build with the cell's error.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import gradfig
from gradfig import export

__all__ = ["NotebookError", "build_notebook", "inputs_digest", "offline_notebook_html"]

PACKAGE = Path(gradfig.__file__).resolve().parent  # the gradfig package
_META_KEY = "gradfig"


class NotebookError(RuntimeError):
    """The notebook could not be executed; the message names the failing cell's error."""


def inputs_digest(script: Path, modules: list[str] | None = None, package: Path = PACKAGE) -> str:
    """SHA-256 over the script and gradfig's source files, in sorted order.

    ``modules`` are paths relative to the package (as recorded after a run: the gradfig
    modules the notebook actually imported); ``None`` means every module of the package.
    """
    paths = sorted(package.rglob("*.py")) if modules is None else [package / m for m in sorted(modules)]
    digest = hashlib.sha256()
    for path in [script, *paths]:
        try:
            data = path.read_bytes()
        except OSError:  # a module that no longer exists: inputs changed
            data = b"missing"
        digest.update(str(path.name).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _stored(out: Path) -> dict:
    import nbformat
    try:
        nb = nbformat.read(out, as_version=4)
    except (OSError, ValueError):
        return {}
    return dict(nb.metadata.get(_META_KEY, {}))


# Run after the notebook's own cells, then removed: which gradfig files did it import?
_PROBE = (
    "import sys as _s, pathlib as _p, gradfig as _g\n"
    "_root = _p.Path(list(_g.__path__)[0]).resolve()\n"
    "print('\\n'.join(sorted(str(_p.Path(m.__file__).resolve().relative_to(_root))\n"
    "      for n, m in list(_s.modules.items())\n"
    "      if n.startswith('gradfig') and getattr(m, '__file__', None))))"
)


def build_notebook(script: Path, out: Path, timeout: int = 120) -> bool:
    """Convert ``script`` to a notebook, execute it and write ``out``; skip if up to date.

    The stored notebook records which gradfig modules it imported and a digest of them and
    the script; a rebuild re-executes only when one of those files changed.

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
    if stored.get("inputs_sha256") and stored.get("inputs_sha256") == inputs_digest(
            script, stored.get("modules")):
        return False
    nb = jupytext.read(script)
    nb.cells.append(nbformat.v4.new_code_cell(_PROBE))
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
    probe = nb.cells.pop()
    modules = sorted({line for o in probe.outputs if o.get("name") == "stdout"
                      for line in o["text"].splitlines() if line.endswith(".py")})
    nb.metadata[_META_KEY] = {"inputs_sha256": inputs_digest(script, modules), "modules": modules,
                              "source": script.name}
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
