"""Build-time maths: TeX in a page's HTML becomes KaTeX HTML + MathML before it is published.

The reader's browser runs no maths engine: it gets finished markup plus KaTeX's stylesheet
and fonts, so nothing moves once the page has painted and nothing is fetched from elsewhere.
Formulas are found in the markup pymdownx.arithmatex (``generic: true``) produces, ::

    <span class="arithmatex">\\(x^2\\)</span>        inline
    <div class="arithmatex">\\[x^2\\]</div>          display

and rendered by the pinned npm package ``katex`` through ``scripts/katex_render.mjs``: one
Node process per page for all formulas not yet in the cache. The cache maps
(KaTeX version, display flag, TeX) to HTML, so a rebuild with no new formula starts no Node
process at all. A formula KaTeX cannot parse raises :class:`MathsError` naming it.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from gradfig import export

__all__ = ["KatexRenderer", "MathsError", "copy_katex_assets", "find_maths"]

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "katex_render.mjs"
KATEX_DIR = ROOT / "node_modules" / "katex"

_ARITHMATEX = re.compile(
    r'<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>'
    r'|<div class="arithmatex">\\\[(?P<display>.*?)\\\]</div>',
    re.DOTALL,
)


class MathsError(RuntimeError):
    """A formula that cannot be rendered, or a missing renderer; the message says which."""


def find_maths(page_html: str) -> list[tuple[str, bool]]:
    """Every formula in ``page_html`` as ``(tex, display)``, in document order."""
    found = []
    for m in _ARITHMATEX.finditer(page_html):
        display = m.group("display") is not None
        found.append((html.unescape(m.group("display") if display else m.group("inline")), display))
    return found


def katex_version() -> str:
    """Version of the installed KaTeX package (part of every cache key)."""
    try:
        return json.loads((KATEX_DIR / "package.json").read_text())["version"]
    except OSError:
        raise MathsError(f"KaTeX is not installed in {KATEX_DIR.parent}: run 'npm ci'") from None


def _key(version: str, tex: str, display: bool) -> str:
    return hashlib.sha256(f"{version}\0{int(display)}\0{tex}".encode()).hexdigest()


@dataclass
class KatexRenderer:
    """Render pages' maths with a persistent cache file (written only through ``export``)."""

    cache_file: Path
    version: str = field(default_factory=katex_version)
    node_calls: int = 0
    _cache: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        try:
            data = json.loads(self.cache_file.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self._cache = data
        except (OSError, ValueError):
            self._cache = {}

    def _render_missing(self, items: list[tuple[str, bool]]) -> None:
        missing = list(dict.fromkeys(
            (tex, d) for tex, d in items if _key(self.version, tex, d) not in self._cache))
        if not missing:
            return
        node = shutil.which("node")
        if node is None:
            raise MathsError("node is not on PATH: KaTeX renders maths at build time with Node.js")
        payload = json.dumps({"items": [{"tex": t, "display": d} for t, d in missing]})
        proc = subprocess.run([node, str(SCRIPT)], input=payload, capture_output=True, text=True,
                              cwd=ROOT, timeout=120)
        self.node_calls += 1
        if proc.returncode != 0:
            raise MathsError(proc.stderr.strip() or f"katex_render.mjs exited {proc.returncode}")
        rendered = json.loads(proc.stdout)["html"]
        for (tex, d), out in zip(missing, rendered, strict=True):
            self._cache[_key(self.version, tex, d)] = out

    def render_html(self, page_html: str) -> str:
        """Replace every arithmatex formula in ``page_html`` with KaTeX markup."""
        self._render_missing(find_maths(page_html))

        def replace(m: re.Match[str]) -> str:
            display = m.group("display") is not None
            tex = html.unescape(m.group("display") if display else m.group("inline"))
            out = self._cache[_key(self.version, tex, display)]
            tag = "div" if display else "span"
            return f'<{tag} class="arithmatex">{out}</{tag}>'

        return _ARITHMATEX.sub(replace, page_html)

    def save(self) -> bool:
        """Persist the cache; returns True if the file changed."""
        text = json.dumps(self._cache, sort_keys=True, ensure_ascii=False)
        return export.write_text(self.cache_file, text)


# Which KaTeX font file a class list draws with (the choice KaTeX's own CSS makes): a font is
# needed when some element's classes include every token of one of its token sets.
_FONT_CLASSES: tuple[tuple[str, tuple[frozenset[str], ...]], ...] = tuple(
    (font, tuple(frozenset(t.split()) for t in token_sets)) for font, token_sets in (
        ("KaTeX_Main-Regular", ("katex",)),
        ("KaTeX_Math-Italic", ("mathnormal",)),
        ("KaTeX_Main-Bold", ("mathbf",)),
        ("KaTeX_AMS-Regular", ("mathbb", "amsrm")),
        ("KaTeX_Caligraphic-Regular", ("mathcal",)),
        ("KaTeX_Size1-Regular", ("delimsizing size1", "small-op", "delim-size1")),
        ("KaTeX_Size2-Regular", ("delimsizing size2", "large-op")),
        ("KaTeX_Size3-Regular", ("delimsizing size3",)),
        ("KaTeX_Size4-Regular", ("delimsizing size4", "delim-size4")),
    ))


def fonts_used(page_html: str) -> list[str]:
    """The KaTeX font files (woff2 names) the maths in ``page_html`` is drawn with.

    A page preloads the main ones (:data:`PRELOADED_FONTS`): a browser otherwise discovers a
    font only when laying out text that needs it, and the page jumps when it arrives (on the
    Jacobian page Lighthouse measured layout shifts of up to 0.2 from exactly that).
    """
    lists = {frozenset(c.split()) for c in re.findall(r'class="([^"]*)"', page_html)}
    return [f"{font}.woff2" for font, token_sets in _FONT_CLASSES
            if any(tokens <= classes for tokens in token_sets for classes in lists)]


#: The faces nearly all text-size maths is set in. Only these are preloaded: preloading every
#: face a page uses (bold, AMS, big delimiters too) delayed first paint on Lighthouse's slow
#: 4G (FCP 1.4 → 2.4 s on the Jacobian page), while these two alone kept it at 1.4–1.6 s.
PRELOADED_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")


def preload_fonts(page_html: str, fonts_url: str) -> str:
    """``page_html`` with ``<link rel="preload">`` for its main KaTeX fonts, before its CSS.

    Only fonts the page's maths really uses (:func:`fonts_used`) among :data:`PRELOADED_FONTS`.
    """
    fonts = [f for f in fonts_used(page_html) if f in PRELOADED_FONTS]
    at = page_html.find('<link rel="stylesheet"')
    if not fonts or at < 0:
        return page_html
    links = "".join(f'<link rel="preload" href="{fonts_url}{name}" as="font" type="font/woff2" '
                    "crossorigin>\n" for name in fonts)
    return page_html[:at] + links + page_html[at:]


def katex_css_woff2_only(css: str) -> str:
    """KaTeX's stylesheet with every ``@font-face`` reduced to its woff2 source.

    Every browser the site supports reads woff2, so the woff/ttf copies would be dead weight.
    """
    def face(m: re.Match[str]) -> str:
        sources = [s.strip() for s in m.group("src").split(",")]
        keep = [s for s in sources if 'format("woff2")' in s]
        return f"src:{','.join(keep)}"

    return re.sub(r"src:(?P<src>[^;}]+)", face, css)


def copy_katex_assets(dest: Path) -> int:
    """Copy KaTeX's CSS (woff2 only) and its woff2 fonts into ``dest``; returns files changed."""
    dist = KATEX_DIR / "dist"
    try:
        css = (dist / "katex.min.css").read_text(encoding="utf-8")
    except OSError:
        raise MathsError(f"KaTeX is not installed in {KATEX_DIR.parent}: run 'npm ci'") from None
    css = katex_css_woff2_only(css)
    changed = int(export.write_text(dest / "katex.min.css", css))
    for font in sorted((dist / "fonts").glob("*.woff2")):
        changed += export.write_bytes(dest / "fonts" / font.name, font.read_bytes())
    return changed
