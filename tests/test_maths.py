"""Build-time maths (chapter.maths): TeX -> MathML Core with Temml, and the served font.

Unit tests run the real converter (Node + the pinned temml) and the real font subsetter
(fontTools on the npm package's STIX Two Math); site tests read the ``built_site`` fixture.
The font is checked with fontTools as a browser would use it: the MATH table is there, every
character the site's maths draws is mapped, brackets still have their size variants and
their pieces for any height.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from chapter import maths
from gradfig import export

MATHS_PAGES = ["", "partials", "gradient", "fields", "jacobian", "autodiff", "make-it-run", "recall",
               "generated/gradient_check", "check", "api/checking"]
FONT_BUDGET = 60_000  # bytes on the wire; woff2 is not compressed again by the server


def _render(tmp_path: Path, page: str) -> tuple[maths.MathsRenderer, str]:
    renderer = maths.MathsRenderer(tmp_path / "cache.json")
    return renderer, renderer.render_html(page)


# --- TeX -> MathML ---------------------------------------------------------------------

def test_arithmatex_markup_becomes_mathml_and_is_cached(tmp_path: Path) -> None:
    page = ('<p>Inline <span class="arithmatex">\\(x &lt; y^2\\)</span></p>'
            '<div class="arithmatex">\\[\\nabla f = 0\\]</div>')
    assert maths.find_maths(page) == [("x < y^2", False), ("\\nabla f = 0", True)]
    renderer, out = _render(tmp_path, page)
    assert renderer.node_calls == 1
    assert out.count("<math") == 2 and out.count('display="block"') == 1
    assert "<mo>&lt;</mo>" in out  # the TeX's "<" is an operator, escaped in the markup
    assert "\\(" not in out and "\\[" not in out and "katex" not in out
    for formula in re.findall(r"<math.*?</math>", out):
        ET.fromstring(formula)  # well-formed: every element closed
    assert renderer.save() is True
    again = maths.MathsRenderer(tmp_path / "cache.json")
    assert again.render_html(page) == out
    assert again.node_calls == 0  # every formula came from the cache


def test_bold_and_blackboard_letters_are_unicode_maths_alphanumerics(tmp_path: Path) -> None:
    # MathML Core draws these characters as they are; mathvariant="bold" is ignored by Chromium.
    _, out = _render(tmp_path, '<span class="arithmatex">\\(\\mathbf x \\in \\mathbb R^n\\)</span>')
    assert "<mi>\U0001d431</mi>" in out and "<mi>\u211d</mi>" in out
    assert "mathvariant" not in out


def test_a_formula_temml_cannot_parse_fails_naming_it(tmp_path: Path) -> None:
    renderer = maths.MathsRenderer(tmp_path / "cache.json")
    with pytest.raises(maths.MathsError, match=r"cannot typeset \"\\\\frac\{a\".*"):
        renderer.render_html('<span class="arithmatex">\\(\\frac{a\\)</span>')
    with pytest.raises(maths.MathsError, match=r"nosuchmacro"):
        renderer.render_html('<span class="arithmatex">\\(\\nosuchmacro x\\)</span>')


def test_inline_maths_keeps_the_punctuation_touching_it(tmp_path: Path) -> None:
    # A <math> is an atomic inline: Chromium would break a line before the full stop.
    _, out = _render(tmp_path, '<p>outputs (<span class="arithmatex">\\(f_m\\)</span>). Next</p>')
    assert re.fullmatch(r'<p>outputs <span class="arithmatex">\(<math>.*</math>\)\.</span> Next</p>', out)


def test_brackets_around_one_line_keep_text_size_and_stretch_around_a_matrix(tmp_path: Path) -> None:
    _, short = _render(tmp_path, '<span class="arithmatex">\\(\\cos{\\left(\\theta \\right)}\\)</span>')
    assert short.count('stretchy="false"') == 2 and 'stretchy="true"' not in short
    _, tall = _render(tmp_path, '<div class="arithmatex">\\[\\left(\\begin{matrix} a \\\\ b '
                                '\\end{matrix}\\right)\\]</div>')
    assert tall.count('stretchy="true"') == 2
    _, frac = _render(tmp_path, '<span class="arithmatex">\\(\\left(\\frac{a}{b}\\right)\\)</span>')
    assert frac.count('stretchy="true"') == 2


def test_operators_in_scripts_take_no_space(tmp_path: Path) -> None:
    _, out = _render(tmp_path, '<div class="arithmatex">\\[\\lim_{h \\to 0} h\\]</div>')
    assert '<mo lspace="0em" rspace="0em">→</mo>' in out


def test_an_operator_name_is_set_off_from_what_precedes_it(tmp_path: Path) -> None:
    thin = '<mspace width="0.1667em"></mspace>'
    _, out = _render(tmp_path, '<span class="arithmatex">\\(\\|\\nabla f\\| \\cos\\theta\\)</span>'
                                '<span class="arithmatex">\\(\\varepsilon^{1/2} \\max(1, x)\\)</span>'
                                '<span class="arithmatex">\\(y = \\cos x\\)</span>')
    first, second, third = re.findall(r"<math.*?</math>", out)
    assert f"<mrow>{thin}<mi>cos</mi>" in first and f"<mrow>{thin}<mi>max</mi>" in second
    assert thin not in third.split("<mi>cos</mi>")[0]  # after "=" the relation's space suffices


def test_tidy_leaves_a_plain_formula_exactly_as_temml_wrote_it() -> None:
    plain = "<math><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow></math>"
    assert maths.tidy_mathml(plain) == plain


# --- the font's characters ------------------------------------------------------------

def test_font_codepoints_cover_text_italic_forms_and_the_radical() -> None:
    points = maths.font_codepoints([
        "<math><mi>x</mi><mi>θ</mi><mi>∂</mi><mi>sin</mi><mi mathvariant=\"normal\">d</mi>"
        "<mi>\U0001d431</mi><msqrt><mn>2</mn></msqrt><mo>&lt;</mo></math>"])
    # one-letter identifiers are drawn in their mathematical italic forms (MathML Core)
    assert {0x1D465, 0x1D703, 0x1D715} <= points  # 𝑥 𝜃 𝜕
    assert ord("x") in points and ord("<") in points and 0x1D431 in points
    assert 0x221A in points  # the radical sign <msqrt> draws
    assert 0x1D451 not in points  # an upright d stays upright
    assert not {0x1D460, 0x1D456, 0x1D45B} & points  # "sin" is not three italic letters


# --- the served font ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def subset() -> tuple[bytes, set[int]]:
    points = maths.font_codepoints(["<math><mi>x</mi><mo>=</mo><mrow><mo>(</mo><mtable><mtr><mtd>"
                                    "<mn>1</mn></mtd></mtr></mtable><mo>)</mo></mrow><mo>[</mo>"
                                    "<mo>]</mo><mi>\u211d</mi><mi>\U0001d431</mi></math>"])
    return maths.subset_font(maths.FONT_SOURCE.read_bytes(), points), points


def test_subset_keeps_the_math_table_and_every_character_asked_for(subset) -> None:
    data, points = subset
    assert data[:4] == b"wOF2" and len(data) < FONT_BUDGET
    font = TTFont(io.BytesIO(data))
    assert "MATH" in font
    cmap = font.getBestCmap()
    assert points <= set(cmap)
    assert len(cmap) < 40  # cut down: the full font maps thousands of characters
    assert font["name"].getDebugName(1) == "STIX Two Math"
    assert "OFL" in font["name"].getDebugName(14)  # the licence travels with the file


def test_subset_brackets_keep_sizes_and_pieces_and_gain_whole_tall_sizes(subset) -> None:
    font = TTFont(io.BytesIO(subset[0]))
    variants = font["MATH"].table.MathVariants
    coverage = variants.VertGlyphCoverage.glyphs
    for char in "()[]":
        construction = variants.VertGlyphConstruction[coverage.index(font.getBestCmap()[ord(char)])]
        sizes = [r.AdvanceMeasurement for r in construction.MathGlyphVariantRecord]
        assert len(sizes) == maths.MAX_VARIANTS and sizes == sorted(sizes)
        assert sizes[-1] == maths.ASSEMBLED_UP_TO_EM * font["head"].unitsPerEm
        assert construction.GlyphAssembly.PartCount == 3  # any taller: the browser assembles
        glyf = font["glyf"]
        for record in construction.MathGlyphVariantRecord[13:]:  # the pre-assembled ones
            glyph = glyf[record.VariantGlyph]
            assert glyph.isComposite()
            assert glyph.yMax - glyph.yMin == pytest.approx(record.AdvanceMeasurement, abs=2)


def test_subset_bytes_are_the_same_every_time(subset) -> None:
    data, points = subset
    assert maths.subset_font(maths.FONT_SOURCE.read_bytes(), points) == data


def test_the_font_is_written_through_the_cache_once(tmp_path: Path, monkeypatch) -> None:
    mathml = ["<math><mi>x</mi></math>"]
    cache = export.ContentCache(tmp_path / "cache")
    assert maths.write_maths_font(tmp_path / "out", mathml, cache) is True
    written = (tmp_path / "out" / maths.FONT_FILE).read_bytes()

    def no_subsetting(*args, **kwargs):
        raise AssertionError("subset again although the cache holds these bytes")

    monkeypatch.setattr(maths, "subset_font", no_subsetting)
    assert maths.write_maths_font(tmp_path / "out", mathml, cache) is False  # same bytes
    assert (tmp_path / "out" / maths.FONT_FILE).read_bytes() == written


def test_maths_css_uses_our_font_face_instead_of_temmls() -> None:
    temml_css = (maths.TEMML_DIR / "dist" / "Temml-STIX2.css").read_text()
    css = maths.maths_css(temml_css)
    assert css.count("@font-face {") == 1 and "STIXTwoMath.woff2" not in css
    assert f'src: url("{maths.FONT_FILE}") format("woff2")' in css
    assert 'font-family: "STIX Two Math", math;' in css and "font-display: block" in css
    assert "mtable.tml-jot" in css  # Temml's own layout rules are kept
    with pytest.raises(maths.MathsError, match="changed shape"):
        maths.maths_css(temml_css.replace("font-family: STIX2, math;", ""))


def test_preload_only_where_a_formula_is_on_the_first_screen() -> None:
    head = '<head><link rel="stylesheet" href="a.css"></head>'
    early = head + "<article><h1>T</h1><p>Short intro <math><mi>x</mi></math></p></article>"
    late = head + "<article><h1>T</h1><p>" + "words " * 400 + "<math><mi>x</mi></math></p></article>"
    none = head + "<article><h1>T</h1><p>no maths</p></article>"
    out = maths.preload_font(early, "../f.woff2")
    assert out.index('<link rel="preload" href="../f.woff2" as="font" type="font/woff2" crossorigin>') \
        < out.index('<link rel="stylesheet"')
    assert maths.preload_font(late, "../f.woff2") == late
    assert maths.preload_font(none, "../f.woff2") == none


# --- the built site -----------------------------------------------------------------------

def _html(built_site: Path, path: str) -> str:
    return (built_site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.site
def test_no_katex_anywhere_in_the_built_site(built_site: Path) -> None:
    katex_files = [p for p in built_site.rglob("*") if "katex" in p.name.lower()]
    assert katex_files == []
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "katex" not in text.lower(), f"{page.relative_to(built_site)} mentions KaTeX"
        assert 'class="arithmatex">\\(' not in text and 'class="arithmatex">\\[' not in text


@pytest.mark.site
@pytest.mark.parametrize("path", MATHS_PAGES)
def test_every_formula_is_mathml_in_the_served_font(built_site: Path, path: str) -> None:
    page = _html(built_site, path)
    formulas = re.findall(r'<(span|div) class="arithmatex">(.*?)</\1>', page, re.DOTALL)
    assert formulas
    for tag, inner in formulas:
        assert re.search(r"<math\b", inner), f"/{path}: a formula that is not MathML: {inner[:120]}"
        assert ('display="block"' in inner) == (tag == "div")
    assert re.search(r'<link rel="stylesheet" href="[./]*(generated/)?vendor/maths/maths\.css"', page)


@pytest.mark.site
def test_the_served_font_is_small_and_draws_every_character_of_the_site(built_site: Path) -> None:
    folder = built_site / "generated" / "vendor" / "maths"
    data = (folder / maths.FONT_FILE).read_bytes()
    assert len(data) < FONT_BUDGET
    assert len(data) < maths.FONT_SOURCE.stat().st_size / 10
    mathml = [m for page in built_site.rglob("*.html")
              for m in re.findall(r"<math\b.*?</math>", page.read_text(encoding="utf-8"), re.DOTALL)]
    needed = maths.font_codepoints(mathml)
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    missing = sorted(chr(c) for c in needed - set(cmap) if c > 0x20)
    assert not missing, f"the served font cannot draw {missing}"
    css = (folder / "maths.css").read_text()
    assert f'url("{maths.FONT_FILE}")' in css
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL.txt").read_text()
