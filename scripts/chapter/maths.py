"""Build-time maths: TeX in a page's HTML becomes MathML Core, drawn with a served maths font.

The reader's browser runs no maths engine: it lays out native ``<math>`` elements with STIX
Two Math, an OpenType font with a MATH table (what stretches brackets to a matrix's height),
served by the site and cut down to the characters the site's maths really uses. Formulas are
found in the markup pymdownx.arithmatex (``generic: true``) produces, ::

    <span class="arithmatex">\\(x^2\\)</span>        inline
    <div class="arithmatex">\\[x^2\\]</div>          display

and converted by the pinned npm package ``temml`` through ``scripts/maths_render.mjs``: one
Node process per page for all formulas not yet in the cache. The cache maps
(Temml version, display flag, TeX) to MathML, so a rebuild with no new formula starts no Node
process. A formula Temml cannot parse raises :class:`MathsError` naming it.

Temml writes ``\\mathbf x`` and ``\\mathbb R`` as Unicode mathematical alphanumerics (𝐱, ℝ),
which MathML Core draws as they are; KaTeX's and MathJax's MathML use ``mathvariant``, which
Chromium ignores. The page's stylesheet is Temml's own (its STIX2 flavour) with its
``@font-face``, which points at a font Temml's package does not ship, replaced by ours.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from chapter.paths import NODE_MODULES, ROOT, SCRIPTS
from gradfig import export

__all__ = ["FONT_FAMILY", "FONT_FILE", "MathsError", "MathsRenderer", "add_assembled_variants",
           "find_maths", "font_codepoints", "maths_above_the_fold", "maths_css", "preload_font",
           "subset_font", "tidy_mathml", "write_maths_assets", "write_maths_font"]

SCRIPT = SCRIPTS / "maths_render.mjs"
TEMML_DIR = NODE_MODULES / "temml"
FONT_DIR = NODE_MODULES / "@fontsource" / "stix-two-math"
#: The full font as the npm package ships it (Fontsource's "latin" file holds every glyph).
FONT_SOURCE = FONT_DIR / "files" / "stix-two-math-latin-400-normal.woff2"
#: The subset the site serves, next to the stylesheet that names it.
FONT_FILE = "stix-two-math.woff2"
FONT_FAMILY = "STIX Two Math"
CSS_FILE = "maths.css"

# An inline formula takes the punctuation touching it into its (non-wrapping) span: a <math>
# element is an atomic inline, and Chromium would otherwise break a line between it and a
# following full stop or a preceding bracket.
_ARITHMATEX = re.compile(
    r'(?P<open>[(\[]*)<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>(?P<close>[.,;:!?)\]]*)'
    r'|<div class="arithmatex">\\\[(?P<display>.*?)\\\]</div>',
    re.DOTALL,
)


class MathsError(RuntimeError):
    """A formula that cannot be typeset, or a missing tool or file; the message says which."""


def find_maths(page_html: str) -> list[tuple[str, bool]]:
    """Every formula in ``page_html`` as ``(tex, display)``, in document order."""
    found = []
    for m in _ARITHMATEX.finditer(page_html):
        display = m.group("display") is not None
        found.append((html.unescape(m.group("display") if display else m.group("inline")), display))
    return found


def _package_version(folder: Path) -> str:
    try:
        return json.loads((folder / "package.json").read_text())["version"]
    except OSError:
        raise MathsError(f"{folder.name} is not installed in {folder.parent}: run 'npm ci'") from None


def temml_version() -> str:
    """Version of the installed Temml package (part of every cache key)."""
    return _package_version(TEMML_DIR)


#: Bumped when :func:`tidy_mathml` (applied to Temml's output before it is cached) changes.
POSTPROCESS = "tidy-3"


def _key(version: str, tex: str, display: bool) -> str:
    return hashlib.sha256(f"{version}\0{POSTPROCESS}\0{int(display)}\0{tex}".encode()).hexdigest()


#: What makes the content of ``\left( … \right)`` taller than a line of text: only around
#: these does a fence need to stretch.
_TALL = {"mfrac", "mtable", "msqrt", "mroot", "munder", "munderover"}
#: Elements whose children after the first are scripts (sub, sup, under, over).
_SCRIPTED = {"msub", "msup", "msubsup", "munder", "mover", "munderover"}


def _is_fence(node: ET.Element, form: str) -> bool:
    return (node.tag == "mo" and node.get("fence") == "true" and node.get("form") == form
            and node.get("stretchy") == "true")


def _is_tall(node: ET.Element) -> bool:
    if node.tag in _TALL or (node.tag == "mover" and node.get("accent") != "true"):
        return True
    if node.tag == "mo" and node.get("stretchy") == "true":  # an inner fence left stretchy
        return True
    return any(_is_tall(child) for child in node)


def _fit_fences(root: ET.Element) -> bool:
    """Mark ``\\left( … \\right)`` around one line of text ``stretchy="false"``.

    TeX draws such a pair at the normal size when the base glyph nearly covers what it
    encloses (``\\delimiterfactor``); SymPy's LaTeX writes every pair of brackets that way.
    MathML Core has no such tolerance, and Chromium gives a stretchy fence the width of its
    widest variant (it must fix the width before it knows the height), so ``(θ)`` would read
    ``( θ )`` with a bracket one size up. A pair whose content holds nothing taller than a
    line (no fraction, matrix, root or limits) keeps its text size; around a matrix it still
    stretches to the matrix's height.
    """
    changed = False
    for row in reversed(list(root.iter("mrow"))):  # innermost first: a fitted pair is short
        kids = list(row)
        if (len(kids) >= 2 and _is_fence(kids[0], "prefix") and _is_fence(kids[-1], "postfix")
                and not any(_is_tall(k) for k in kids[1:-1])):
            kids[0].set("stretchy", "false")
            kids[-1].set("stretchy", "false")
            changed = True
    return changed


def _tighten_scripts(root: ET.Element) -> bool:
    """No space around operators in a sub-, super-, under- or overscript (``h→0`` under lim).

    TeX drops the medium and thick spaces around binary operators and relations in script
    style; MathML Core keeps the operator dictionary's spaces at every size, so the limit's
    ``h → 0`` would sit spread out under ``lim``.
    """
    changed = False
    for parent in root.iter():
        if parent.tag not in _SCRIPTED:
            continue
        for script in list(parent)[1:]:
            for mo in script.iter("mo"):
                if mo.get("lspace") is None and mo.get("rspace") is None:
                    mo.set("lspace", "0em")
                    mo.set("rspace", "0em")
                    changed = True
    return changed


_APPLY = "\u2061"  # FUNCTION APPLICATION: Temml writes it after cos, max, lim, ...


def _is_function_name(node: ET.Element, after: ET.Element | None) -> bool:
    return (node.tag == "mi" and len((node.text or "").strip()) > 1
            and after is not None and after.tag == "mo" and after.text == _APPLY)


def _space_function_names(root: ET.Element) -> bool:
    """A thin space before ``\\cos``, ``\\max`` … after a letter, a script or a closing bracket.

    TeX puts one between an ordinary (or closing) atom and an operator name: ``‖∇f‖ cos θ``,
    ``ε^{1/2} max``. Temml writes it only after a plain letter; MathML has no atom classes,
    so without it the name runs into what precedes it.
    """
    changed = False
    for parent in list(root.iter()):
        kids = list(parent)
        for i in range(len(kids) - 1, 0, -1):
            node, before = kids[i], kids[i - 1]
            if before.tag == "mo" and before.get("form") != "postfix":
                continue  # an operator's own space is there already
            if node.tag == "mrow" and len(node) >= 2 and _is_function_name(node[0], node[1]):
                target, at = node, 0
            elif _is_function_name(node, kids[i + 1] if i + 1 < len(kids) else None):
                target, at = parent, i
            else:
                continue
            if (at > 0 and target[at - 1].tag == "mspace") or target[at].tag == "mspace":
                continue
            target.insert(at, ET.Element("mspace", {"width": "0.1667em"}))
            changed = True
    return changed


def _serialise(node: ET.Element) -> str:
    attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in node.attrib.items())
    inner = html.escape(node.text or "", quote=False) + "".join(
        _serialise(child) + html.escape(child.tail or "", quote=False) for child in node)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def tidy_mathml(mathml: str) -> str:
    """Temml's MathML with three of TeX's habits restored for MathML Core layout.

    Brackets around one line of text are not stretched (:func:`_fit_fences`), operators in
    scripts take no space (:func:`_tighten_scripts`), and an operator name is set off from
    what precedes it (:func:`_space_function_names`). A formula none of them touches comes
    back as Temml wrote it.
    """
    root = ET.fromstring(mathml)
    changed = [_fit_fences(root), _tighten_scripts(root), _space_function_names(root)]
    return _serialise(root) if any(changed) else mathml


@dataclass
class MathsRenderer:
    """Typeset pages' maths with a persistent cache file (written only through ``export``).

    ``mathml`` collects every formula put on a page during this build, in order: the served
    font is cut down to exactly what they draw (:func:`write_maths_font`).
    """

    cache_file: Path
    version: str = field(default_factory=temml_version)
    node_calls: int = 0
    mathml: dict[str, None] = field(default_factory=dict, repr=False)
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
            raise MathsError("node is not on PATH: Temml typesets the maths at build time with Node.js")
        payload = json.dumps({"items": [{"tex": t, "display": d} for t, d in missing]})
        try:
            proc = subprocess.run([node, str(SCRIPT)], input=payload, capture_output=True, text=True,
                                  cwd=ROOT, timeout=600)
        except subprocess.TimeoutExpired:
            raise MathsError(f"Temml took over 10 minutes on {len(missing)} formulas "
                             "(scripts/maths_render.mjs): stopped") from None
        self.node_calls += 1
        if proc.returncode != 0:
            raise MathsError(proc.stderr.strip() or f"maths_render.mjs exited {proc.returncode}")
        try:
            rendered = json.loads(proc.stdout)["mathml"]
        except (ValueError, KeyError, TypeError):
            raise MathsError(f"maths_render.mjs printed no MathML: {proc.stdout[:200]!r}") from None
        for (tex, d), out in zip(missing, rendered, strict=True):
            self._cache[_key(self.version, tex, d)] = tidy_mathml(out)

    def render_html(self, page_html: str) -> str:
        """Replace every arithmatex formula in ``page_html`` with MathML."""
        self._render_missing(find_maths(page_html))

        def replace(m: re.Match[str]) -> str:
            display = m.group("display") is not None
            tex = html.unescape(m.group("display") if display else m.group("inline"))
            out = self._cache[_key(self.version, tex, display)]
            self.mathml[out] = None
            if display:
                return f'<div class="arithmatex">{out}</div>'
            return f'<span class="arithmatex">{m.group("open")}{out}{m.group("close")}</span>'

        return _ARITHMATEX.sub(replace, page_html)

    def save(self) -> bool:
        """Persist the cache; returns True if the file changed."""
        text = json.dumps(self._cache, sort_keys=True, ensure_ascii=False)
        return export.write_text(self.cache_file, text)


# --- which characters the font must draw -----------------------------------------------------

def _italic_map() -> dict[int, int]:
    """MathML Core's italic mapping (``text-transform: math-auto``), as code points.

    A ``<mi>`` holding one letter and no ``mathvariant`` is drawn in its italic form, a
    different character (x → 𝑥, U+1D465): the font needs that one, not the letter typed.
    """
    table = {ord("h"): 0x210E, 0x131: 0x1D6A4, 0x237: 0x1D6A5, 0x3F4: 0x1D6F3, 0x2207: 0x1D6FB,
             0x2202: 0x1D715, 0x3F5: 0x1D716, 0x3D1: 0x1D717, 0x3F0: 0x1D718, 0x3D5: 0x1D719,
             0x3F1: 0x1D71A, 0x3D6: 0x1D71B}
    for i in range(26):
        table.setdefault(ord("A") + i, 0x1D434 + i)
        table.setdefault(ord("a") + i, 0x1D44E + i)
    for i in range(0x3A9 - 0x391 + 1):
        if 0x391 + i != 0x3A2:  # no capital final sigma
            table[0x391 + i] = 0x1D6E2 + i
    for i in range(0x3C9 - 0x3B1 + 1):
        table[0x3B1 + i] = 0x1D6FC + i
    return table


_ITALIC = _italic_map()
_AUTO_ITALIC_MI = re.compile(r"<mi(?![^>]*\bmathvariant=)[^>]*>([^<]*)</mi>")
_TAG = re.compile(r"<[^>]*>")
#: Drawn by the browser without being written: the radical sign of <msqrt>/<mroot>, and the
#: parentheses and digits of Temml's CSS-numbered equations.
_IMPLIED = {"<msqrt": "\u221a", "<mroot": "\u221a", "tml-eqn": "()0123456789"}


#: What the playground page typesets in the reader's browser from a typed formula (Temml on
#: the TeX math.js prints): digits, letters upright (function names) and italic (the variables),
#: π, ∂ and the operators and brackets of the formula grammar. Not known when the site is
#: built, so always in the font (a few kilobytes), lest a partial be drawn in another font.
TYPED_FORMULA_CODEPOINTS: frozenset[int] = frozenset(
    {*map(ord, "0123456789abcdefghijklmnopqrstuvwxyzπ∂()[]{}|,.+=−-·⋅×/√′"),
     *(_ITALIC[ord(c)] for c in "abcdefghijklmnopqrstuvwxyzπ")})


def font_codepoints(mathml: Iterable[str]) -> set[int]:
    """Every code point the browser draws for these ``<math>`` elements with the maths font.

    Their text, the italic forms of one-letter identifiers (:func:`_italic_map`), and the
    characters MathML layout draws without their being in the text (the radical sign).
    """
    points: set[int] = set()
    for m in mathml:
        points.update(map(ord, html.unescape(_TAG.sub("", m))))
        for ident in _AUTO_ITALIC_MI.findall(m):
            ident = html.unescape(ident).strip()
            if len(ident) == 1 and ord(ident) in _ITALIC:
                points.add(_ITALIC[ord(ident)])
        for marker, chars in _IMPLIED.items():
            if marker in m:
                points.update(map(ord, chars))
    return points


# --- the font ---------------------------------------------------------------------------------

def _subset_options():
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # ssty (script-size forms), dtls, flac, ... all kept
    options.name_IDs = ["*"]         # copyright and licence stay in the file (OFL-1.1)
    options.notdef_outline = True
    options.recalc_timestamp = False  # the source's date, not today's: same bytes every build
    options.recalc_bounds = False
    return options


#: Tallest pre-assembled bracket, in em (see :func:`add_assembled_variants`).
ASSEMBLED_UP_TO_EM = 8.5
#: Chromium reads at most this many size variants of a glyph (``kMaxHarfBuzzRecords`` in
#: Blink's open_type_math_support.cc); any beyond are never used.
MAX_VARIANTS = 20


def add_assembled_variants(font, up_to_em: float = ASSEMBLED_UP_TO_EM) -> int:
    """Give each three-piece bracket of ``font`` ready-made sizes beyond its largest variant.

    A browser builds a bracket taller than the font's largest size from pieces (bottom hook,
    a repeated straight extender, top hook), drawing each piece on its own with overlaps; where
    two anti-aliased pieces overlap, their edges are painted twice, and the matrix brackets of
    the Jacobian page showed light ticks along their length. Each new size here is one
    composite glyph of the same pieces, set end to end without overlap (the extender scaled
    to fill the gap), so a rasteriser fills every pixel once. The MATH table lists them as
    more variants, as many as Chromium reads (:data:`MAX_VARIANTS`; STIX Two has 13), in
    sizes growing by a constant ratio up to ``up_to_em`` (about 12 % apart, finer than the
    font's own steps at 1–2 em); only a bracket taller still is assembled by the browser.
    Brackets of other shapes (braces, with two extenders) are left as they are. Returns how
    many glyphs were added.
    """
    from fontTools.ttLib.tables import otTables
    from fontTools.ttLib.tables._g_l_y_f import UNSCALED_COMPONENT_OFFSET, Glyph, GlyphComponent

    glyf, hmtx = font["glyf"], font["hmtx"]
    variants = font["MATH"].table.MathVariants
    up_to = up_to_em * font["head"].unitsPerEm
    order = list(font.getGlyphOrder())
    added = 0
    for base, construction in zip(variants.VertGlyphCoverage.glyphs,
                                  variants.VertGlyphConstruction, strict=True):
        assembly = construction.GlyphAssembly
        parts = assembly.PartRecords if assembly else []
        if [p.PartFlags & 1 for p in parts] != [0, 1, 0]:
            continue
        bottom, extender, top = (glyf[p.glyph] for p in parts)
        records = construction.MathGlyphVariantRecord
        largest = glyf[records[-1].VariantGlyph]
        centre = (largest.yMin + largest.yMax) / 2
        ext_ink = extender.yMax - extender.yMin
        free = MAX_VARIANTS - len(records)
        largest_size = records[-1].AdvanceMeasurement
        if free <= 0 or largest_size >= up_to:
            continue
        ratio = (up_to / largest_size) ** (1 / free)
        for k in range(1, free + 1):
            height = round(largest_size * ratio**k)
            # Ink bounds meet exactly: the bottom hook's top is where the extender starts.
            y0 = round(centre - height / 2)
            pieces = [(parts[0].glyph, y0 - bottom.yMin, 1.0),
                      (parts[2].glyph, y0 + height - top.yMax, 1.0)]
            fill_from = y0 - bottom.yMin + bottom.yMax
            fill_to = y0 + height - top.yMax + top.yMin
            # A component's scale is stored in 2.14 fixed point (< 2): long fills take copies.
            copies = -(-(fill_to - fill_from) // int(1.9 * ext_ink))
            ends = [round(fill_from + i * (fill_to - fill_from) / copies) for i in range(copies + 1)]
            for start, end in itertools.pairwise(ends):
                scale = (end - start) / ext_ink
                pieces.append((parts[1].glyph, start - extender.yMin * scale, scale))
            glyph = Glyph()
            glyph.numberOfContours = -1
            glyph.components = []
            for name, y, scale in pieces:
                component = GlyphComponent()
                component.glyphName, component.x, component.y = name, 0, round(y)
                component.flags = UNSCALED_COMPONENT_OFFSET
                if scale != 1.0:
                    component.transform = [[1.0, 0.0], [0.0, scale]]
                glyph.components.append(component)
            name = f"{base}.size{height}"
            order.append(name)
            font.setGlyphOrder(order)
            glyf[name] = glyph
            glyph.recalcBounds(glyf)
            hmtx[name] = (hmtx[parts[0].glyph][0], glyph.xMin)
            record = otTables.MathGlyphVariantRecord()
            record.VariantGlyph, record.AdvanceMeasurement = name, height
            records.append(record)
            added += 1
        construction.VariantCount = len(records)
    return added


def subset_font(source: bytes, codepoints: Iterable[int]) -> bytes:
    """``source`` (an OpenType MATH font) cut down to ``codepoints``, as woff2 bytes.

    fontTools keeps the MATH table and follows it: every size variant and every assembly
    part of a kept glyph stays, so a bracket still stretches to any height. Same input, same
    bytes (no timestamp is recalculated; woff2's Brotli is deterministic). Tall brackets are
    then pre-assembled (:func:`add_assembled_variants`).
    """
    from fontTools import subset

    options = _subset_options()
    try:
        font = subset.load_font(io.BytesIO(source), options, dontLoadGlyphNames=True)
    except Exception as exc:  # fontTools raises many types for a file that is not a font
        raise MathsError(f"cannot read the maths font: {exc}") from None
    if "MATH" not in font:
        raise MathsError("the maths font has no MATH table: brackets would not stretch")
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    add_assembled_variants(font)
    font.recalcBBoxes = True  # maxp's component counts must cover the new glyphs
    out = io.BytesIO()
    try:
        subset.save_font(font, out, options)
    except ImportError:
        raise MathsError("woff2 needs the 'brotli' package: run 'make install'") from None
    return out.getvalue()


def write_maths_font(dest: Path, mathml: Iterable[str], cache: export.ContentCache) -> bool:
    """Write the served maths font into ``dest`` (:data:`FONT_FILE`); True if the bytes changed.

    The subset is cached by (source font, code points, fontTools version), so a rebuild with
    the same maths does not subset again (about 2 s).
    """
    import fontTools

    try:
        source = FONT_SOURCE.read_bytes()
    except OSError:
        raise MathsError(f"the maths font is not installed ({FONT_SOURCE}): run 'npm ci'") from None
    points = sorted(font_codepoints(mathml) | TYPED_FORMULA_CODEPOINTS)
    key = export.content_key("maths-font-v4", source, fontTools.version, ",".join(map(str, points)))
    data = cache.get(key, "woff2")
    if data is None:
        data = subset_font(source, points)
        cache.put(key, "woff2", data)
    return export.write_bytes(dest / FONT_FILE, data)


# --- the stylesheet and the preload -----------------------------------------------------------

_TEMML_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}\s*")
_TEMML_FAMILY = "font-family: STIX2, math;"


def maths_css(temml_css: str) -> str:
    """Temml's STIX2 stylesheet with our ``@font-face`` in place of its own.

    Temml's rules (display maths as blocks, prime and script-padding corrections, array
    alignment, Chromium line breaking) are kept as the pinned version wrote them, comments
    removed. Its ``@font-face`` asks for ``STIXTwoMath.woff2``, which the npm package does not
    ship; ours points at the subset next to this file. ``font-display: block``: the fallback
    font cannot stretch a bracket, so showing it first would be wrong, then jump.
    """
    if len(_TEMML_FONT_FACE.findall(temml_css)) != 1 or temml_css.count(_TEMML_FAMILY) != 1:
        raise MathsError("Temml's Temml-STIX2.css changed shape (one @font-face and "
                         f"'{_TEMML_FAMILY}' expected): update chapter.maths.maths_css")
    css = _TEMML_FONT_FACE.sub("", temml_css)
    css = css.replace(_TEMML_FAMILY, f'font-family: "{FONT_FAMILY}", math;')
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = "\n".join(line.rstrip() for line in css.splitlines() if line.strip())
    face = (f'@font-face {{\n  font-family: "{FONT_FAMILY}";\n  font-style: normal;\n'
            f'  font-weight: 400;\n  font-display: block;\n'
            f'  src: url("{FONT_FILE}") format("woff2");\n}}\n')
    return (f"/* Temml {temml_version()} (MIT), Temml-STIX2.css with the site's own @font-face: "
            f"{FONT_FAMILY} (OFL-1.1, see OFL.txt), cut down to the site's maths. */\n"
            + face + css + "\n")


def write_maths_assets(dest: Path) -> int:
    """Write the maths stylesheet and the font's licence into ``dest``; returns files changed.

    The font itself depends on every page's maths, so the MkDocs hook writes it after the
    pages are built (:func:`write_maths_font`).
    """
    try:
        temml_css = (TEMML_DIR / "dist" / "Temml-STIX2.css").read_text(encoding="utf-8")
        licence = (FONT_DIR / "LICENSE").read_text(encoding="utf-8")
    except OSError as exc:
        raise MathsError(f"cannot read {exc.filename}: run 'npm ci'") from None
    changed = int(export.write_text(dest / CSS_FILE, maths_css(temml_css)))
    changed += export.write_text(dest / "OFL.txt", licence)
    return changed


#: How much of an article's text comes before a formula for it still to be on a phone's first
#: screen (390 × 844 px: header, title, then about 30 lines of 45 characters).
ABOVE_THE_FOLD_CHARS = 1500
_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
_INVISIBLE = re.compile(r"<(style|script)\b[^>]*>.*?</\1>"
                        r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>', re.DOTALL)


def maths_above_the_fold(page_html: str, chars: int = ABOVE_THE_FOLD_CHARS) -> bool:
    """Whether the article's first formula comes within its first ``chars`` characters of text."""
    article = _ARTICLE.search(page_html)
    if article is None:
        return False
    text = _INVISIBLE.sub("", article.group(0))
    at = text.find("<math")
    if at < 0:
        return False
    before = html.unescape(_TAG.sub(" ", text[:at]))
    return len(" ".join(before.split())) <= chars


def preload_font(page_html: str, font_url: str) -> str:
    """``page_html`` with ``<link rel="preload">`` for the maths font, before its stylesheets.

    Only when a formula is on the first screen (:func:`maths_above_the_fold`): found late
    (once the stylesheet is parsed and a formula laid out), the font would arrive after the
    first paint. A page whose maths is further down lets the browser fetch it when needed.
    """
    at = page_html.find('<link rel="stylesheet"')
    if at < 0 or not maths_above_the_fold(page_html):
        return page_html
    link = f'<link rel="preload" href="{font_url}" as="font" type="font/woff2" crossorigin>\n'
    return page_html[:at] + link + page_html[at:]
