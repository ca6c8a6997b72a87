"""An embeddable field (`gradfig render --format html --embed`, `field_page(..., embed=True)`)
in Debian's Chromium: the page in an <iframe> of a slide-sized host page, both from file://,
with the network off. At 1280x720 and 960x540 (and a 4:3 and a tall phone-like frame) nothing is
cut off and nothing scrolls: the whole plot (its bottom axis too) and the readout are inside
the frame, the controls are folded under one line and open in place; hovering reads f there.

And the standalone pages show f and its partial derivatives as maths (MathML, from the page
itself: no script, no request), not as SymPy's code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

pytestmark = pytest.mark.browser

FORMULA = "(1 - x)^2 + 10*(y - x^2)^2"
X, Y = sp.symbols("x y", real=True)
F = (1 - X) ** 2 + 10 * (Y - X**2) ** 2
FRAMES = [(1280, 720), (960, 540), (800, 600), (400, 700)]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("embed")
    for extra in (["--embed"], []):
        proc = subprocess.run([sys.executable, "-m", "gradfig.cli", "render", "--formula", FORMULA,
                               "--domain", "-2,2,-1,3", "--format", "html", "--theme", "both",
                               "--out", str(out), "--quiet", *extra],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
    return out


def _host(pages: Path, theme: str, width: int, height: int) -> Path:
    host = pages / f"slide-{theme}-{width}x{height}.html"
    host.write_text(
        "<!doctype html><title>slide</title><body style='margin:0;background:#777'>"
        "<h1 style='margin:0;height:60px'>A slide</h1>"
        f"<iframe src='field-formula-{theme}-embed.html' title='field' "
        f"style='display:block;border:0;width:{width}px;height:{height}px'></iframe></body>",
        encoding="utf-8")
    return host


def _boxes(frame) -> dict:
    return frame.evaluate("""() => {
        const r = s => document.querySelector(s).getBoundingClientRect().toJSON();
        const gd = document.querySelector('.js-plotly-plot');
        const L = gd._fullLayout, root = document.documentElement;
        return {plot: r('.gradfig-field__plot'), svg: r('.gradfig-plotly .main-svg'),
                readout: r('.gradfig-readout'), more: r('.gradfig-embed__more'),
                width: innerWidth, height: innerHeight,
                scrollWidth: root.scrollWidth, scrollHeight: root.scrollHeight,
                right: L.xaxis._offset + L.xaxis._length + L.margin.r,
                bottom: L.yaxis._offset + L.yaxis._length + L.margin.b,
                controls: document.querySelector('.gradfig-controls').checkVisibility(),
                open: document.querySelector('.gradfig-embed__more').open};
    }""")


def _inside(box: dict, width: float, height: float) -> bool:
    return box["left"] >= -0.5 and box["top"] >= -0.5 and box["right"] <= width + 0.5 \
        and box["bottom"] <= height + 0.5 and box["width"] > 0 and box["height"] > 0


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height"), FRAMES, ids=[f"{w}x{h}" for w, h in FRAMES])
def test_the_embedded_field_fills_its_frame_and_nothing_is_cut_off(browser, pages: Path, theme: str,
                                                                  width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width + 40, "height": height + 100}, offline=True)
    errors, requests = [], []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(_host(pages, theme, width, height).as_uri())
    frame = page.locator("iframe").element_handle().content_frame()
    frame.wait_for_selector(".gradfig-field.is-live")
    b = _boxes(frame)
    assert (b["width"], b["height"]) == (width, height)
    assert b["scrollWidth"] <= width and b["scrollHeight"] <= height, b  # nothing scrolls
    for part in ("plot", "svg", "readout", "more"):
        assert _inside(b[part], width, height), (part, b[part])
    assert b["readout"]["top"] >= b["plot"]["bottom"] - 0.5  # under the plot, not over it
    # plotly's own layout (axes, tick labels, colour bar) fits its box: the x-axis is not cut.
    assert b["right"] <= b["svg"]["width"] + 0.5 and b["bottom"] <= b["svg"]["height"] + 0.5, b
    # The plot takes the frame: its height or its width is (nearly) all the frame leaves it.
    assert b["plot"]["width"] >= 0.9 * width or b["plot"]["height"] >= height - 160, b
    assert not b["controls"] and not b["open"]  # folded
    # Hovering the plot reads f there (the field is live inside the frame).
    plot = frame.locator(".gradfig-field__plot").bounding_box()
    page.mouse.move(plot["x"] + plot["width"] * 0.5, plot["y"] + plot["height"] * 0.5)
    frame.wait_for_function("document.querySelector('.gradfig-readout').dataset.f !== ''")
    r = frame.locator(".gradfig-readout").evaluate("e => ({...e.dataset})")
    x, y = float(r["x"]), float(r["y"])
    assert float(r["f"]) == pytest.approx(float(F.subs({X: x, Y: y})), rel=1e-9, abs=1e-12)
    # Opened, the controls push the plot up: still nothing cut off.
    frame.locator(".gradfig-embed__more > summary").click()
    b = _boxes(frame)
    assert b["open"] and b["controls"]
    assert b["scrollHeight"] <= height, b
    for part in ("plot", "readout", "more"):
        assert _inside(b[part], width, height), (part, b[part])
    context.close()
    assert not errors, errors
    folder = pages.as_uri() + "/"
    assert all(url.startswith(folder) for url in requests), requests


# MathML read back as a SymPy formula: what the maths on the page says, not how it is coded.
_READ_MATHML = r"""m => {
  const read = n => {
    const kids = [...n.children].map(read);
    switch (n.tagName.toLowerCase()) {
      case 'msup': return `(${kids[0]})**(${kids[1]})`;
      case 'mfrac': return `(${kids[0]})/(${kids[1]})`;
      case 'msqrt': return `sqrt(${kids.join('')})`;
      case 'mo': return {'\u2062': '*', '\u2212': '-', '\u2202': 'd'}[n.textContent] ?? n.textContent;
      case 'mi': case 'mn': return n.textContent;
      default: return kids.join('');
    }
  };
  return read(m);
}"""


def test_the_standalone_pages_show_f_and_its_partials_as_maths(browser, pages: Path) -> None:
    context = browser.new_context(offline=True, java_script_enabled=False)  # maths needs no script
    page = context.new_page()
    for theme in ("light", "dark"):
        page.goto((pages / f"field-formula-{theme}.html").as_uri())
        maths = page.locator("math").all()
        said = [m.evaluate(_READ_MATHML) for m in maths]
        assert [s.split("=")[0] for s in said] == ["f(x,y)", "(df)/(dx)", "(df)/(dy)"], said
        for text, exact in zip(said, (F, sp.diff(F, X), sp.diff(F, Y)), strict=True):
            read = sp.sympify(text.split("=", 1)[1], locals={"x": X, "y": Y})
            assert sp.simplify(read - exact) == 0, text
        # Laid out as maths: the fractions stacked, taller than a letter; no code for them.
        frac = page.locator("mfrac").first.bounding_box()
        letter = page.locator("math mi").first.bounding_box()
        assert frac["height"] > 1.5 * letter["height"]
        assert "**" not in page.locator("body").inner_text()
    context.close()
