"""The chapter in a real browser: Debian's Chromium via Playwright, the site on 127.0.0.1.

The ``page`` fixture fails a test on any console error, uncaught exception or request to
another host, so every test here also proves the page it visits is offline and error-free.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import site_probe
from chapter.pages.recall import QUESTIONS

pytestmark = [pytest.mark.browser, pytest.mark.site]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHAPTER_PAGES = ["partials/", "gradient/", "fields/", "jacobian/", "autodiff/", "make-it-run/",
                 "recall/"]
ALL_PAGES = ["", *CHAPTER_PAGES, "generated/gradient_check/", "check/", "api/", "api/figures/",
             "api/checking/", "api/building/"]
MATH_FONT, MATH_FONT_FILE = "STIX Two Math", "stix-two-math.woff2"  # chapter.maths


def _open(page, url: str) -> None:
    site_probe.open_page(page, url)


@pytest.mark.parametrize("path", ALL_PAGES)
def test_page_loads_offline_with_rendered_maths_and_alt_text(page, site_url: str, path: str) -> None:
    _open(page, site_url + path)
    assert page.locator("article h1").count() == 1
    # No TeX source left in the article's prose (code cells and rendered maths set aside).
    text = page.evaluate("""() => {
        const a = document.querySelector('article').cloneNode(true);
        a.querySelectorAll('pre, code, .clipboard-copy-txt, math').forEach(e => e.remove());
        return a.textContent;
    }""")
    for raw in ("\\(", "\\[", "$$", "\\frac", "\\nabla"):
        assert raw not in text, f"raw TeX {raw!r} visible on /{path}"
    # Every image says what it shows.
    missing = page.eval_on_selector_all(
        "article img", "imgs => imgs.filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src)")
    assert missing == []
    # Native MathML drawn in the site's maths font (fetched from this site), no maths engine.
    if path in CHAPTER_PAGES:
        assert page.locator("article math").count() >= 5
        assert page.evaluate(f"[...document.fonts].some(f => f.family === '{MATH_FONT}'"
                             " && f.status === 'loaded')")
        family = page.eval_on_selector("article math", "m => getComputedStyle(m).fontFamily")
        assert family.startswith(f'"{MATH_FONT}"')
    assert page.evaluate("['MathJax', 'katex', 'temml'].every(name => typeof window[name] === 'undefined')")


@pytest.mark.parametrize("page", [{"viewport": {"width": 390, "height": 844}}], indirect=True)
@pytest.mark.parametrize("path", ALL_PAGES)
def test_maths_font_is_preloaded_where_maths_is_on_the_first_screen(page, site_url: str, path: str) -> None:
    # A maths font found late makes the formulas jump when it arrives (a layout shift); a font
    # preloaded but unused is wasted bytes. Measured on a phone screen, where less fits.
    _open(page, site_url + path)
    preloads = page.eval_on_selector_all('link[rel="preload"][as="font"]', "ls => ls.map(l => l.href)")
    on_first_screen = page.evaluate("""() => [...document.querySelectorAll('article math')]
        .some(m => m.getBoundingClientRect().top < window.innerHeight)""")
    has_maths = page.locator("article math").count() > 0
    if on_first_screen:
        assert [h.rsplit("/", 1)[-1] for h in preloads] == [MATH_FONT_FILE], f"/{path}: {preloads}"
    if not has_maths:
        assert preloads == []
    if preloads:  # every preload is used: the face the formulas are drawn in has loaded
        assert page.evaluate(f"""async () => {{ await document.fonts.ready;
            return [...document.fonts].some(f => f.family === '{MATH_FONT}' && f.status === 'loaded'); }}""")


def _fonts_drawing(page, selector: str) -> dict[str, int]:
    """Glyphs drawn per font family in the elements matching ``selector`` (Chromium's own count).

    The maths pages must not lean on a maths font the machine happens to have (this one has
    DejaVu Math TeX Gyre): a character missing from the served subset would show up here.
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    counts: dict[str, int] = {}
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            name = font["familyName"] + ("" if font["isCustomFont"] else " (system)")
            counts[name] = counts.get(name, 0) + font["glyphCount"]
    cdp.detach()
    return counts


@pytest.mark.parametrize("path", ["", *CHAPTER_PAGES, "generated/gradient_check/", "check/", "api/checking/"])
def test_every_formula_is_drawn_in_the_served_maths_font(page, site_url: str, path: str) -> None:
    _open(page, site_url + path)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # quiz answers
    fonts = _fonts_drawing(page, "article math :is(mi, mn, mo, mtext, ms)")
    assert list(fonts) == [MATH_FONT] and fonts[MATH_FONT] >= 4, f"/{path}: {fonts}"


_FENCED_MATRICES = """() => [...document.querySelectorAll('article math mrow')].filter(row => {
        const k = row.children;
        return k.length >= 3 && k[0].tagName === 'mo' && k[k.length - 1].tagName === 'mo'
            && row.querySelector(':scope > mtable'); })
    .map(row => { const box = e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; };
        return {open: box(row.firstElementChild), close: box(row.lastElementChild),
                table: box(row.querySelector(':scope > mtable')), tex: row.textContent.slice(0, 40)}; })"""


@pytest.mark.parametrize("page", [{"viewport": {"width": 1280, "height": 900}},
                                  {"viewport": {"width": 390, "height": 844}}], indirect=True)
@pytest.mark.parametrize("path", ["jacobian/", "gradient/"])
def test_matrix_brackets_are_as_tall_as_their_matrices(page, site_url: str, path: str) -> None:
    # Without a maths font (or with a font cut down too far) a bracket stays one line high.
    _open(page, site_url + path)
    page.evaluate("document.fonts.ready.then(() => true)")
    fenced = page.evaluate(_FENCED_MATRICES)
    assert fenced, f"/{path} has no bracketed matrix"
    # drawn by the served font's size variants, not a maths font the machine happens to have
    assert list(_fonts_drawing(page, "article math mrow:has(> mtable) > mo")) == [MATH_FONT]
    for f in fenced:
        top, bottom = f["table"]
        height = bottom - top
        for side in ("open", "close"):
            f_top, f_bottom = f[side]
            assert f_top <= top + 1 and f_bottom >= bottom - 1, f"{side} bracket shorter than its matrix: {f}"
            assert f_bottom - f_top <= 1.25 * height + 4, f"{side} bracket far taller than its matrix: {f}"
            assert abs((f_top + f_bottom) / 2 - (top + bottom) / 2) <= 0.1 * height, f"off-centre: {f}"


@pytest.mark.parametrize("page", [{"viewport": {"width": 1280, "height": 900}},
                                  {"viewport": {"width": 390, "height": 844}}], indirect=True)
def test_display_formulas_are_centred_or_scroll_from_their_start(page, site_url: str) -> None:
    _open(page, site_url + "jacobian/")
    blocks = page.evaluate("""() => [...document.querySelectorAll('article div.arithmatex')].map(d => {
        const m = d.querySelector('math').getBoundingClientRect(), b = d.getBoundingClientRect();
        const s = getComputedStyle(d);
        return {left: m.left - b.left - parseFloat(s.paddingLeft),
                right: b.right - parseFloat(s.paddingRight) - m.right,
                wider: d.scrollWidth > d.clientWidth, scroll: d.scrollWidth, width: m.width,
                pad: parseFloat(s.paddingLeft) + parseFloat(s.paddingRight)}; })""")
    assert blocks
    for b in blocks:
        if b["wider"]:  # starts at the column's edge, and scrolling reaches its end
            assert abs(b["left"]) <= 1 and b["scroll"] >= b["width"] + b["pad"] - 1, b
        else:
            assert abs(b["left"] - b["right"]) <= 2, b


@pytest.mark.parametrize("page", [{"viewport": {"width": 390, "height": 844}, "color_scheme": "dark"}],
                         indirect=True)
@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_phone_width_dark_page_does_not_scroll_sideways(page, site_url: str, path: str) -> None:
    _open(page, site_url + path)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"/{path} is {width}px wide on a 390px phone"


def _quiz(page, qid: str):
    return page.locator(f'.gq[data-gq="{qid}"]')


def test_quiz_wrong_then_right_then_remembered_after_reload(page, site_url: str) -> None:
    _open(page, site_url + "recall/")
    quiz = _quiz(page, "jacobian-shape")
    feedback = quiz.locator(".gq__feedback")
    wrong = quiz.locator("input:not([data-correct])").first
    wrong.check()
    quiz.locator(".gq__check").click()
    assert feedback.inner_text().startswith("Not quite.")
    assert "Rows are outputs" in feedback.inner_text()  # the explanation of that wrong option
    quiz.locator("input[data-correct]").check()
    quiz.locator(".gq__check").click()
    assert feedback.inner_text().startswith("Correct.")
    assert quiz.locator(".gq__answer").get_attribute("open") is not None
    total = page.locator(".gq").count()
    assert f"1 of {total} answered correctly" in page.locator(".gq-progress").inner_text()

    site_probe.reload_page(page)
    quiz = _quiz(page, "jacobian-shape")
    assert quiz.locator("input[data-correct]").is_checked()
    assert quiz.locator(".gq__feedback").inner_text().startswith("Correct.")
    assert f"1 of {total} answered correctly" in page.locator(".gq-progress").inner_text()

    page.locator(".gq-progress button").click()  # clear my answers
    assert f"0 of {total}" in page.locator(".gq-progress").inner_text()
    site_probe.reload_page(page)
    assert not _quiz(page, "jacobian-shape").locator("input[data-correct]").is_checked()


def test_quiz_works_with_the_keyboard_alone(page, site_url: str) -> None:
    _open(page, site_url + "recall/")
    quiz = _quiz(page, "steepest")
    first = quiz.locator("input").first
    first.focus()
    # Arrow keys move through a radio group; the correct option here is not the first.
    correct_index = quiz.locator("input").evaluate_all(
        "els => els.findIndex(e => e.hasAttribute('data-correct'))")
    for _ in range(correct_index):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # to the Check button
    assert page.evaluate("document.activeElement.classList.contains('gq__check')")
    page.keyboard.press("Enter")
    assert quiz.locator(".gq__feedback").inner_text().startswith("Correct.")


@pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_the_worked_answers_are_reachable(page, site_url: str) -> None:
    _open(page, site_url + "recall/")
    quizzes = page.locator(".gq")
    assert quizzes.count() == len(QUESTIONS)  # every question of the page, chosen or typed
    for i in range(quizzes.count()):
        quiz = quizzes.nth(i)
        assert not quiz.locator(".gq__check").is_visible()  # no button that would do nothing
        answer = quiz.locator(".gq__answer")
        answer.locator("summary").click()
        assert answer.locator("p").first.is_visible()
        assert answer.locator("math").count() >= 1  # maths rendered without any script


# --- typed questions: the data-quiz-* contract -------------------------------------------

def _typed(page):
    return page.locator("[data-quiz-question]")


def _answer(question, text: str, enter: bool = False) -> str:
    field = question.locator("input[type=text]")
    field.fill(text)
    if enter:
        field.press("Enter")
    else:
        question.locator(".gq__check").click()
    return question.locator("[data-quiz-result]").get_attribute("data-quiz-result")


def test_typed_questions_accept_their_answer_and_equivalent_forms(page, site_url: str) -> None:
    _open(page, site_url + "recall/")
    questions = _typed(page)
    assert questions.count() >= 5
    for i in range(questions.count()):
        q = questions.nth(i)
        answer = q.get_attribute("data-quiz-answer")
        assert _answer(q, "123456789") == "wrong", answer
        assert _answer(q, answer) == "correct", answer
        assert q.locator(".gq__feedback").inner_text().startswith("Correct.")
        assert q.locator(".gq__answer").get_attribute("open") is not None
        numbers = [v.strip() for v in answer.split(",")]
        if len(numbers) > 1:  # "1, 2" and "(1,2)" are the same answer
            assert _answer(q, "(" + ",".join(numbers) + ")") == "correct", answer
            assert _answer(q, "[" + " ".join(n.replace("-", "\u2212") for n in numbers) + "]",
                           enter=True) == "correct", answer
    total = page.locator(".gq").count()
    assert f"{questions.count()} of {total} answered correctly" in page.locator(".gq-progress").inner_text()


def test_a_wrong_typed_answer_gets_a_hint(page, site_url: str) -> None:
    _open(page, site_url + "recall/")
    q = page.locator('[data-gq="typed-directional"]')
    assert _answer(q, "1") == "wrong"
    feedback = q.locator(".gq__feedback").inner_text()
    assert feedback.startswith("Not quite.") and "unit vector" in feedback  # the general hint
    assert _answer(q, "166") == "wrong"  # (3, 4)·∇f without normalising: a known slip
    assert "length is 5" in q.locator(".gq__feedback").inner_text()
    assert _answer(q, "1, 2") == "wrong"
    assert "The answer has 1 number; you typed 2." in q.locator(".gq__feedback").inner_text()
    verdict = page.locator('[data-gq="typed-verdict"]')
    assert _answer(verdict, "pass") == "wrong"
    assert "norm" in verdict.locator(".gq__feedback").inner_text()
    assert _answer(verdict, "FAIL") == "correct"


def test_typed_answers_are_kept_after_reload_and_after_leaving_the_page(page, site_url: str) -> None:
    _open(page, site_url + "recall/")
    q = page.locator('[data-gq="typed-partials"]')
    answer = q.get_attribute("data-quiz-answer")
    assert _answer(q, answer) == "correct"
    assert _answer(page.locator('[data-gq="typed-modes"]'), "200, 100") == "wrong"
    site_probe.reload_page(page)
    q = page.locator('[data-gq="typed-partials"]')
    assert q.locator("input[type=text]").input_value() == answer
    assert q.locator("[data-quiz-result]").get_attribute("data-quiz-result") == "correct"
    modes = page.locator('[data-gq="typed-modes"]')
    assert modes.locator("[data-quiz-result]").get_attribute("data-quiz-result") == "wrong"
    assert "Swapped" in modes.locator(".gq__feedback").inner_text()
    total = page.locator(".gq").count()
    assert f"1 of {total} answered correctly" in page.locator(".gq-progress").inner_text()
    # Away and back by the site's links (each a page load): the answers come back.
    page.locator("nav.md-nav--primary a[href$='jacobian/']").first.click()
    page.wait_for_url("**/jacobian/")
    page.locator("nav.md-nav--primary a[href$='recall/']").first.click()
    page.wait_for_url("**/recall/")
    q = page.locator('[data-gq="typed-column"]')
    assert q.locator(".gq__check").is_visible()
    assert _answer(q, q.get_attribute("data-quiz-answer")) == "correct"
    assert page.locator('[data-gq="typed-partials"] [data-quiz-result="correct"]').count() == 1
    assert f"2 of {total} answered correctly" in page.locator(".gq-progress").inner_text()


@pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)
def test_typed_questions_without_javascript_show_worked_answers(page, site_url: str) -> None:
    _open(page, site_url + "recall/")
    questions = _typed(page)
    assert questions.count() >= 5
    for i in range(questions.count()):
        q = questions.nth(i)
        assert not q.locator(".gq__check").is_visible()
        assert not q.locator(".gq__hint").is_visible()  # hints wait for an answer
        q.locator(".gq__answer summary").click()
        worked = q.locator(".gq__answer p").first
        assert worked.is_visible() and worked.locator("math").count() >= 1


def test_notebook_page_shows_the_check_table(page, site_url: str) -> None:
    _open(page, site_url + "generated/gradient_check/")
    table = page.locator(".jp-OutputArea-output table")
    assert table.count() >= 1
    text = table.first.inner_text()
    for value in ("(−0.5, 1.5)", "(22, 25)", "33.3017", "(21.52, −8.8)", "23.2497"):
        assert value in text
    assert page.locator(".jp-RenderedMarkdown math").count() >= 2
    # The download link serves the executed notebook itself.
    link = page.locator("a[href$='gradient_check.ipynb']")
    assert link.count() == 1
    assert link.evaluate("a => a.href") == site_url + "generated/gradient_check/gradient_check.ipynb"
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    cells = response.json()["cells"]
    assert any("33.3017" in str(c.get("outputs", "")) for c in cells)


def test_make_it_run_shows_the_chapter_numbers(page, site_url: str) -> None:
    _open(page, site_url + "make-it-run/")
    text = page.locator("article").inner_text()
    for value in ("(−2, 0)", "2.0000", "0.0000", "33.3017", "(21.52, −8.8)", "23.2497", "✓ pass"):
        assert value in text


@pytest.mark.parametrize("page", [{"color_scheme": "light"}, {"color_scheme": "dark"}], indirect=True)
def test_material_a11y_faults_are_fixed(page, site_url: str) -> None:
    """axe-core (pinned in package.json): search dialog named, footer text contrasted."""
    _open(page, site_url + "partials/")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: ['aria-dialog-name', 'color-contrast',
                                                     'link-in-text-block', 'empty-table-header']});
        return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    assert result == []
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label")


def test_a_table_that_grows_wide_after_load_becomes_a_focusable_region(page, site_url: str) -> None:
    """A table's width can change after the page has started (a font or the maths finishing
    its layout): its scroll wrapper takes focus once it scrolls, and leaves the tab order when
    it fits again (a11y.mjs; axe: scrollable-region-focusable)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    _open(page, site_url + "make-it-run/")
    wraps = page.locator(".md-typeset__scrollwrap")
    fits = next(i for i in range(wraps.count())
                if wraps.nth(i).evaluate("w => w.scrollWidth <= w.clientWidth"))
    wrap = wraps.nth(fits)
    assert wrap.get_attribute("tabindex") is None
    wrap.evaluate("w => { const s = document.createElement('span'); s.id = 'wide';"
                  " s.style.cssText = 'display:inline-block;width:3000px'; s.textContent = 'x';"
                  " w.querySelector('td').appendChild(s); }")
    page.wait_for_function("w => w.getAttribute('tabindex') === '0'", arg=wrap.element_handle())
    assert wrap.get_attribute("role") == "region" and "scrolls sideways" in wrap.get_attribute("aria-label")
    page.evaluate("document.getElementById('wide').remove()")
    page.wait_for_function("w => !w.hasAttribute('tabindex')", arg=wrap.element_handle())


# --- figures a reader can read anywhere ---------------------------------------------------------
#: The smallest text a figure may show, in CSS px, at any viewport width.
MIN_TEXT_PX = 9.0
#: Widths either side of the phone breakpoint, a phone's and a tablet's and a desktop's.
FIGURE_WIDTHS = [360, 390, 600, 719, 720, 800, 1024, 1280]


@pytest.fixture(scope="module")
def smallest_text_pt() -> dict[str, float]:
    """Each served image's smallest text in points, from the figure drawn as the build draws
    it (the wide figures and their phone variants), by file stem (``field-bowl``, ``field-bowl-phone``)."""
    from matplotlib.text import Text

    from chapter.figures import FIGURES, PHONE_FIGURES
    from gradfig.figures.style import themed

    sizes = {}
    for spec in [*FIGURES.values(), *PHONE_FIGURES.values()]:
        with themed("light"):
            fig = spec.figure("light")
            fig.draw_without_rendering()
        shown = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        sizes[spec.name] = min(shown)
    return sizes


_FIGURE_VIEWS = [(w, scheme) for w in FIGURE_WIDTHS for scheme in ("light", "dark")]


@pytest.mark.parametrize("page", [{"viewport": {"width": w, "height": 900}, "color_scheme": scheme}
                                  for w, scheme in _FIGURE_VIEWS],
                         indirect=True, ids=[f"{w}-{scheme}" for w, scheme in _FIGURE_VIEWS])
def test_every_figure_shows_one_image_whose_text_is_at_least_9px(
        page, site_url: str, smallest_text_pt: dict[str, float]) -> None:
    """On the gallery (every figure), at each width and in both schemes, each figure shows
    exactly one image, and that image's smallest text (its points x rendered width / its width
    in points) is at least 9 CSS px; only the images shown are fetched, never another variant."""
    from chapter.figures import FIGURES, PHONE_FIGURES
    from gradfig.figures.style import THEMES
    from gradfig.render import file_name

    specs = [*FIGURES.values(), *PHONE_FIGURES.values()]
    inches = {s.name: s.page_size[0] for s in specs}
    every_file = {file_name(s.name, theme, "page", "svg") for s in specs for theme in THEMES}
    width = page.viewport_size["width"]
    _open(page, site_url + "gallery/")
    slate = page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    scheme = "dark" if slate else "light"
    shown = page.eval_on_selector_all("figure.gradfig-figure", """figs => figs.map(f => ({
        id: f.id,
        imgs: [...f.querySelectorAll('img')].filter(i => getComputedStyle(i).display !== 'none')
              .map(i => ({src: i.getAttribute('src'), width: i.getBoundingClientRect().width}))}))""")
    assert {f["id"] for f in shown} == {f"figure-{name}" for name in FIGURES}
    for fig in shown:
        assert len(fig["imgs"]) == 1, (width, scheme, fig)
        img = fig["imgs"][0]
        assert img["src"].endswith(f"-{scheme}.svg#only-{scheme}"), (width, img)
        stem = img["src"].rsplit("/", 1)[1].removesuffix(f"-{scheme}.svg#only-{scheme}")
        px = smallest_text_pt[stem] * img["width"] / (inches[stem] * 72)
        assert px >= MIN_TEXT_PX, f"{stem} at {width} px ({scheme}): smallest text {px:.2f} px"
    # Scroll every figure into view: the shown images load, no other variant does.
    for fig in shown:
        page.locator(f"#{fig['id']} img:visible").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("""() => [...document.querySelectorAll('figure.gradfig-figure img')]
        .filter(i => getComputedStyle(i).display !== 'none').every(i => i.complete)""")
    fetched = set(page.evaluate("""performance.getEntriesByType('resource')
        .map(e => new URL(e.name).pathname.split('/').pop())"""))
    wanted = {f["imgs"][0]["src"].rsplit("/", 1)[1].split("#")[0] for f in shown}
    assert wanted <= fetched, (width, scheme, wanted - fetched)
    # Of the other size (phone or wide), nothing in either theme. (The other theme's image of
    # the first figures may load before Material sets the scheme: that is the themes' affair.)
    phone = {file_name(s.name, theme, "page", "svg") for s in PHONE_FIGURES.values() for theme in THEMES}
    other = every_file - phone if wanted <= phone else phone
    assert not fetched & other, (width, scheme, fetched & other)


@pytest.mark.parametrize("page", [{"viewport": {"width": 390, "height": 844}}], indirect=True)
@pytest.mark.parametrize("path", ["make-it-run/", "check/", "generated/gradient_check/"])
def test_a_wide_verdict_table_keeps_its_verdict_in_view_on_a_phone(page, site_url: str, path: str) -> None:
    """Every table whose last column is a verdict (✓ pass / ✗ FAIL) and that is wider than its
    box on a 390 px phone shows that column's cells inside the box, before any scroll."""
    _open(page, site_url + path)
    tables = page.evaluate("""() => [...document.querySelectorAll('table')].map(t => {
        const rows = [...t.querySelectorAll('tbody tr')].map(r => r.lastElementChild);
        if (!rows.length || !rows.every(c => /^[✓✗]/.test(c.textContent.trim()))) return null;
        let box = t.parentElement;
        while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
        const b = box.getBoundingClientRect();
        return {wide: t.scrollWidth > box.clientWidth + 1, right: b.left + box.clientWidth,
                cells: rows.map(c => c.getBoundingClientRect().right)};
    }).filter(Boolean)""")
    wide = [t for t in tables if t["wide"]]
    assert wide, f"/{path}: no wide verdict table at 390 px"
    for t in wide:
        assert max(t["cells"]) <= t["right"] + 1, (path, t)
