"""The playground page ("Your own function") in the built site, driven in Debian's Chromium.

What only a browser can show: a typed formula or an opened link draws a field whose hover
readouts, under the pointer's pixel, are SymPy's exact f and ∇f (≤ 1e-9 relative); the partials
show as maths; the tables the build wrote are the ones the page draws; a pinned point joins the
check; the link follows every draw; hostile or broken input gets a message in role="alert", runs
nothing, injects nothing, and the next good formula draws; the page works on a phone, in both
themes, by keyboard, and without JavaScript (the example as the build drew it). The ``page``
fixture also fails a test on a console error or a request off 127.0.0.1.

That the browser computes what Python computes (the grammar's limits, critical points, the
gradient check, the figure, f and ∇f of any formula) is checked without a browser, against
golden cases the library writes (tests/test_mirrors.py, ARCHITECTURE.md).
"""

from __future__ import annotations

import json
import math
from urllib.parse import quote

import pytest

from gradfig.custom import landscape_from_formula
from gradfig.descent import field_descent
from gradfig.figures.interactive import THEMES
from gradfig.functions import Landscape

pytestmark = [pytest.mark.browser, pytest.mark.site]

PLAYGROUND = "playground/"
FORM = "[data-gradfig-playground]"
FIELD = ".gradfig-playground__field"
ALERT = ".gradfig-playground__alert"
# Fractions of the plot area: corners, centre and irregular spots.
SPOTS = [(0.07, 0.08), (0.5, 0.5), (0.93, 0.21), (0.31, 0.83), (0.777, 0.613), (0.04, 0.96),
         (0.62, 0.07), (0.18, 0.44), (0.88, 0.91), (0.43, 0.29), (0.69, 0.76), (0.26, 0.58)]

#: Formulas whose hover readouts are compared with SymPy (tests/js/calculus.test.mjs compares
#: these and others everywhere on their domains; here the pointer and the page's readout).
EXACT = [
    ("abs(x - 5)*y + abs(y + 4)*x", "-2, 2, -2, 2"),
    ("e^(x/4)*cos(pi*y/4) - x/(1 + y^2)", "-pi, pi, -2, 2"),
]


# --- helpers ----------------------------------------------------------------------------------
def _open(page, site_url: str, fragment: str = "") -> None:
    page.goto(site_url + PLAYGROUND + fragment)
    page.wait_for_function(f"window.gradfigPlayground && !document.querySelector('{FORM}').hidden")


def _state(page) -> str | None:
    return page.locator(FORM).get_attribute("data-state")


def _wait_done(page) -> str:
    page.wait_for_function(
        f"['drawn', 'refused', 'failed'].includes(document.querySelector('{FORM}').dataset.state)")
    return _state(page)


def _draw(page, formula: str, domain: str | None = None) -> str:
    """Type a formula (and domain), press Enter; returns "drawn" or "refused"."""
    page.fill(".gradfig-playground__formula", formula)
    if domain is not None:
        page.fill(".gradfig-playground__domain", domain)
    page.press(".gradfig-playground__formula", "Enter")  # the submit handler sets "drawing"
    return _wait_done(page)


#: What JavaScript's encodeURIComponent leaves as it is, besides letters and digits.
UNRESERVED = "-_.!~*'()"


def _link(formula: str, domain: str | None = None) -> str:
    """The fragment the page writes for a formula and a domain."""
    text = "#f=" + quote(formula, safe=UNRESERVED)
    return text + ("&domain=" + ",".join(quote(p.strip(), safe=UNRESERVED) for p in domain.split(","))
                   if domain else "")


def _plot_area(page) -> dict[str, float]:
    """The axes' data range and their rectangle in viewport pixels (the field scrolled into view)."""
    page.locator(f"{FIELD} .gradfig-field__plot").scroll_into_view_if_needed()
    return page.locator(FIELD).evaluate("""el => {
        const gd = el.querySelector('.js-plotly-plot'), r = gd.getBoundingClientRect();
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        return {left: r.left + xa._offset, top: r.top + ya._offset, width: xa._length,
                height: ya._length, x0: xa.range[0], x1: xa.range[1], y0: ya.range[0], y1: ya.range[1]};
    }""")


def _readout(page) -> dict[str, str]:
    return page.locator(f"{FIELD} .gradfig-readout").evaluate("e => ({...e.dataset, text: e.textContent})")


def _domain(text: str) -> list[float]:
    return [{"pi": math.pi, "-pi": -math.pi}.get(p.strip()) or float(p) for p in text.split(",")]


def _landscape(formula: str, domain: str) -> Landscape:
    return landscape_from_formula(formula, _domain(domain))


def _exact(landscape: Landscape, x: float, y: float) -> list[float]:
    """f, ∂f/∂x, ∂f/∂y from SymPy, evaluated with 40 digits at the exact binary x and y."""
    import sympy as sp

    sx, sy = landscape.symbols
    at = {sx: sp.Rational(x), sy: sp.Rational(y)}
    return [float(sp.N(e.subs(at), 40)) for e in (landscape.expr, *landscape.partials)]


def _close(got: float, want: float) -> bool:
    return abs(got - want) <= 1e-9 * abs(want) + 1e-12


# --- exact readouts ----------------------------------------------------------------------------
@pytest.mark.parametrize(("formula", "domain"), EXACT, ids=[f for f, _ in EXACT])
def test_typed_formula_reads_sympys_exact_gradient(page, site_url, formula, domain) -> None:
    _open(page, site_url)
    assert _draw(page, formula, domain) == "drawn", page.locator(ALERT).text_content()
    landscape = _landscape(formula, domain)
    area = _plot_area(page)
    (x0, x1), (y0, y1) = landscape.domain
    assert (area["x0"], area["x1"], area["y0"], area["y1"]) == pytest.approx((x0, x1, y0, y1))
    for fx, fy in SPOTS:
        page.mouse.move(area["left"] + fx * area["width"], area["top"] + fy * area["height"])
        r = _readout(page)
        x, y = float(r["x"]), float(r["y"])
        # The pointer's pixel maps to the data point under it (within a pixel and a half).
        assert x == pytest.approx(x0 + fx * (x1 - x0), abs=1.5 * (x1 - x0) / area["width"])
        assert y == pytest.approx(y1 - fy * (y1 - y0), abs=1.5 * (y1 - y0) / area["height"])
        want = _exact(landscape, x, y)
        got = [float(r["f"]), float(r["dfdx"]), float(r["dfdy"])]
        assert all(_close(g, w) for g, w in zip(got, want, strict=True)), (x, y, got, want)


def test_an_opened_link_draws_its_function(page, site_url) -> None:
    formula, domain = "x^3 - 3*x*y^2", "-1, 1, -1.5, 1.5"
    _open(page, site_url, _link(formula, domain))
    assert _wait_done(page) == "drawn"
    assert page.input_value(".gradfig-playground__formula") == formula
    assert _domain(page.input_value(".gradfig-playground__domain")) == _domain(domain)
    area = _plot_area(page)
    assert (area["x0"], area["x1"], area["y0"], area["y1"]) == pytest.approx((-1, 1, -1.5, 1.5))
    page.mouse.move(area["left"] + 0.3 * area["width"], area["top"] + 0.6 * area["height"])
    r = _readout(page)
    want = _exact(_landscape(formula, domain), float(r["x"]), float(r["y"]))
    assert all(_close(float(r[k]), w) for k, w in zip(("f", "dfdx", "dfdy"), want, strict=True))
    # The monkey saddle: one critical point, a saddle with a singular Hessian (the ring test).
    assert page.locator(".gradfig-playground__critical tbody tr").all_inner_texts() == ["saddle\t0\t0\t0"]


def test_a_hand_typed_link_keeps_its_plus_signs(page, site_url) -> None:
    _open(page, site_url, "#f=x^2+3*y^2&domain=-2,2,-1,1")
    assert _wait_done(page) == "drawn"
    assert page.input_value(".gradfig-playground__formula") == "x^2+3*y^2"


def test_a_heading_anchor_is_not_a_formula(page, site_url) -> None:
    from chapter.playground import EXAMPLE

    _open(page, site_url, "#the-partial-derivatives")
    page.wait_for_load_state("networkidle")
    # The jump to the heading scrolls the field into view, which may draw the example; nothing else.
    page.wait_for_function(f"document.querySelector('{FORM}').dataset.state !== 'drawing'")
    assert _state(page) in (None, "drawn") and page.locator(ALERT).text_content() == ""
    assert page.input_value(".gradfig-playground__formula") == EXAMPLE.formula


def test_editing_updates_the_link_without_new_history_entries(page, site_url) -> None:
    _open(page, site_url)
    length = page.evaluate("history.length")
    for formula, domain in (("x*y", "-1, 1, -1, 1"), ("sin(x) + y^2/4", "-pi, pi, -2, 2")):
        assert _draw(page, formula, domain) == "drawn"
        fragment = page.evaluate("location.hash")
        assert fragment == _link(formula, domain)
    assert page.evaluate("history.length") == length  # replaceState: the back button is not spammed
    assert _draw(page, "x +* y") == "refused"
    assert page.evaluate("location.hash") == fragment  # a refused formula leaves the link alone
    # A changed fragment (a pasted link, the back button) draws what it says.
    page.evaluate(f"location.hash = {json.dumps(_link('x^2 - y^2', '-3, 3, -3, 3'))}")
    page.wait_for_function(f"document.querySelector('{FORM}').dataset.state === 'drawn' && "
                           "document.querySelector('.gradfig-playground__formula').value === 'x^2 - y^2'")
    assert _plot_area(page)["x1"] == pytest.approx(3)


def test_copy_link_puts_the_drawn_function_on_the_clipboard(browser, site_url) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    _open(page, site_url)
    assert _draw(page, "x^2 + y^3", "-1, 2, -1, 2") == "drawn"
    page.click(".gradfig-playground__copy")
    page.wait_for_function("document.querySelector('.gradfig-playground__copied').textContent !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied == site_url + PLAYGROUND + _link("x^2 + y^3", "-1,2,-1,2")


# --- maths, critical points, the check ---------------------------------------------------------
def test_partials_are_typeset_as_mathml_and_equal_sympys(page, site_url) -> None:
    _open(page, site_url)
    assert _draw(page, "x^2*sin(y) + exp(x*y)", "-2, 2, -2, 2") == "drawn"
    partials = page.locator(".gradfig-playground__partials")
    page.wait_for_function("el => el.dataset.formula === 'x^2*sin(y) + exp(x*y)'",
                           arg=partials.element_handle())
    assert partials.locator("math").count() == 3  # f, ∂f/∂x, ∂f/∂y, by Temml
    tex = partials.locator("annotation").all_text_contents()  # the TeX, for copying and assistive tech
    assert len(tex) == 3 and tex[1].startswith("\\frac{\\partial f}{\\partial x}")
    assert tex[0].startswith("f(x, y) = ")


def test_the_example_drawn_live_is_the_one_the_build_shows(page, site_url) -> None:
    """Before drawing, the tables are the build's (Python's); after, the browser's: the same."""
    _open(page, site_url)
    static = [page.locator(f".gradfig-playground__{part} tbody tr").all_inner_texts()
              for part in ("critical", "check")]
    summary = page.locator(".gradfig-playground__summary").inner_text()
    assert len(static[0]) == 9 and len(static[1]) == 3
    page.click(".gradfig-playground__draw")
    assert _wait_done(page) == "drawn"
    live = [page.locator(f".gradfig-playground__{part} tbody tr").all_inner_texts()
            for part in ("critical", "check")]
    assert page.locator(".gradfig-playground__summary").inner_text() == summary
    crit = [[row.split("\t") for row in rows] for rows in (static[0], live[0])]
    assert [r[:3] for r in crit[0]] == [r[:3] for r in crit[1]]  # kind, x, y to six digits
    # f at a minimum is round-off (7.9e-31 or 0): equal to 1e-9.
    assert [float(r[3].replace("−", "-")) for r in crit[1]] == pytest.approx(
        [float(r[3].replace("−", "-")) for r in crit[0]], abs=1e-9)
    cells = [[row.split("\t") for row in rows] for rows in (static[1], live[1])]
    # Every column but the error, whose last digits are round-off of two implementations.
    assert [r[:5] + r[6:] for r in cells[0]] == [r[:5] + r[6:] for r in cells[1]]
    assert all(float(r[5].replace("−", "-")) < 1e-6 for r in cells[1])
    assert all(r[6] == "✓ pass" for r in cells[1])


def test_at_a_kink_the_readout_says_not_differentiable(page, site_url) -> None:
    """Issue 20, row 8: at the corner of abs(x - 0.5) + abs(y - 0.5) (the field's start point
    on [−2, 2]²) the formula's ∇f is (0, 0) (sign(0) = 0); the readout says f is not
    differentiable there, not that it is a critical point. Off the creases it reads as usual."""
    _open(page, site_url)
    assert _draw(page, "abs(x - 0.5) + abs(y - 0.5)", "-2, 2, -2, 2") == "drawn"
    box = page.locator(f"{FIELD} .gradfig-field__plot")
    box.focus()
    page.keyboard.press("Enter")  # pins the start point (0.5, 0.5)
    r = _readout(page)
    assert (float(r["x"]), float(r["y"])) == (0.5, 0.5) and r["differentiable"] == "false"
    assert r["note"].startswith("f is not differentiable here: along x its slope is −1 from one side")
    assert "critical point" not in r["text"]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowRight")
    r = _readout(page)
    assert r["differentiable"] == "true" and "not differentiable" not in r["text"]
    # The critical-point list agrees: no point where ∇f = 0.
    assert page.locator(".gradfig-playground__summary").inner_text().startswith("No critical point")


def test_a_curve_of_critical_points_is_listed_as_a_curve(page, site_url) -> None:
    """Issue 20, rows 6-7: x^2 y^2 is critical on both axes; the page says so (as Python does)."""
    _open(page, site_url)
    assert _draw(page, "x^2*y^2", "-1, 1, -1, 1") == "drawn"
    from gradfig import critical

    want = critical.summary(_landscape("x^2*y^2", "-1, 1, -1, 1").critical_search)
    assert page.locator(".gradfig-playground__summary").inner_text() == want
    assert "along 2 curves of critical points" in want
    assert page.locator(".gradfig-playground__critical tbody tr").count() == 0


def test_a_check_that_cannot_judge_says_unreliable_not_fail(page, site_url) -> None:
    """Issue 20, row 10: exp(50 x) at (0.8, −0.4), pinned: a correct gradient is not a FAIL."""
    _open(page, site_url)
    assert _draw(page, "exp(50*x)", "0.7, 0.9, -0.5, -0.3") == "drawn"
    box = page.locator(f"{FIELD} .gradfig-field__plot")
    box.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")  # from the start (0.825, -0.375), 0.002 a step
    for _ in range(12):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    row = page.locator(".gradfig-playground__pinned-row").inner_text().split("\t")
    assert row[-1] == "? unreliable"
    note = page.locator(".gradfig-playground__unreliable")
    assert note.is_visible() and "is below the round-off of entries this large" in note.inner_text()
    assert "✗ FAIL" not in page.locator(".gradfig-playground__check").inner_text()


def test_a_pinned_point_joins_the_check(page, site_url) -> None:
    _open(page, site_url)
    assert _draw(page, "x^2 + 3*x*y", "-2, 2, -2, 2") == "drawn"
    a = _plot_area(page)
    page.mouse.click(a["left"] + 0.3 * a["width"], a["top"] + 0.4 * a["height"])
    r = _readout(page)
    assert r["pinned"] == "true"
    row = page.locator(".gradfig-playground__pinned-row").inner_text().split("\t")
    x, y = float(r["x"]), float(r["y"])
    assert row[1] == "pinned point" and row[-1] == "✓ pass"
    assert row[2] == f"({2 * x + 3 * y:.6g}, {3 * x:.6g})".replace("-", "−")


def test_descent_from_the_point_is_pythons(page, site_url) -> None:
    formula, domain = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "-5, 5, -5, 5"
    _open(page, site_url)
    assert _draw(page, formula, domain) == "drawn"
    a = _plot_area(page)
    page.mouse.click(a["left"] + 0.3 * a["width"], a["top"] + 0.3 * a["height"])
    start = _readout(page)
    page.locator(f"{FIELD} .gradfig-eta").fill("-2.5")
    page.locator(f"{FIELD} .gradfig-descend").click()
    r = _readout(page)
    begin = (float(start["x"]), float(start["y"]))
    run = field_descent(_landscape(formula, domain), begin, float(r["descentEta"]))
    assert (int(r["descentSteps"]), r["descentOutcome"]) == (run.steps, run.outcome)
    assert [float(v) for v in r["descentEnd"].split(",")] == pytest.approx(list(run.end), rel=1e-9, abs=1e-12)


# --- hostile and broken input ------------------------------------------------------------------
#: class -> [(formula, domain or None, words the message must contain)]
HOSTILE = {
    "markup": [("<img src=x onerror=alert(1)>", None, "cannot parse"),
               ("<script>window.pwned = 1</script>", None, "cannot parse"),
               ("x</p><b>bold</b>", None, "cannot parse")],
    "script": [("alert(1)", None, "unknown function 'alert'"),
               ("window.pwned = 1", None, "assignment"),
               ("eval('window.pwned = 1')", None, "unknown function 'eval'"),
               ("x; window.pwned = 1", None, "more than one statement"),
               ("(() => 1)()", None, "cannot parse"),
               ("import('data:text/javascript,window.pwned=1')", None, "unknown function 'import'")],
    "constructors and prototypes": [("constructor", None, "unknown name 'constructor'"),
                                    ("__proto__", None, "unknown name '__proto__'"),
                                    ("prototype", None, "unknown name 'prototype'"),
                                    ("x.constructor", None, "property access"),
                                    ("Function('window.pwned = 1')(1)", None, "unknown function 'Function'"),
                                    ("constructor.constructor('window.pwned = 1')(1)", None, "not allowed"),
                                    ("this", None, "unknown name 'this'"),
                                    ("import", None, "unknown name 'import'")],
    "syntax off the grammar": [("x => 1", None, "cannot parse"), ("x = 1", None, "assignment"),
                               ("a.b", None, "property access"), ("x[0]", None, "indexing"),
                               ("'abc'", None, "only numbers"), ('"abc" + x', None, "only numbers"),
                               ("[1, 2]", None, "matrix"), ("{a: 1}", None, "object"),
                               ("2x", None, "write * to multiply"), ("x == y", None, "operator not allowed"),
                               ("x ? 1 : 2", None, "conditional"),
                               ("sin(x, y)", None, "exactly one argument"),
                               ("x − y", None, "ASCII")],
    "invisible characters": [("x\u202e + y", None, "invisible character U+202E at position 2"),
                             ("x +\u200b y", None, "invisible character U+200B")],
    "unknown names": [("alert", None, "unknown name 'alert'"), ("process", None, "unknown name 'process'"),
                      ("z + 1", None, "unknown name 'z'"), ("foo(x)", None, "unknown function 'foo'"),
                      ("sin", None, "write sin(...)")],
    "size": [("x" * 100_000, None, "longer than 500 characters"),
             ("+".join(["x"] * 120), None, "too large (")],
    "huge exponents": [("x^1000", None, "exponents up to 64"), ("9^9^9", None, "exponents up to 64"),
                       ("x^(10^3)", None, "exponents up to 64"), ("1e400*x", None, "too large")],
    "deep nesting": [("(" * 201 + "x" + ")" * 201, None, "nested 201 deep"),
                     ("-" * 199 + "x", None, "too large (401 parts, at most 400)")],
    "undefined at a point": [("log(x)", "-2, 2, -2, 2", "undefined at"),
                             ("1/x", "-1, 1, -1, 1", "infinite at (0,"),
                             ("sqrt(x - y)", "-1, 1, -1, 1", "undefined at"),
                             ("log(0)*x", None, "not a finite real number"),
                             ("x*0 + 3", None, "constant over the domain")],
    "bad domain": [("x*y", "1, 2, 3", "4 comma-separated numbers"),
                   ("x*y", "2, 1, 0, 1", "xmin (2) must be less than xmax (1)"),
                   ("x*y", "0, 1e9, 0, 1e9", "beyond the limit"),
                   ("x*y", "0, 100, 0, 1", "100 times wider than tall"),
                   ("x*y", "a, b, c, d", "'a' is not a number"),
                   ("x*y", "0, nan, 0, 1", "not a finite number"),
                   ("x*y", "<img src=x onerror=alert(1)>, 1, 0, 1", "is not a number")],
}


def _expect_refused(page, fragment: str, dialogs: list) -> str:
    alert = page.locator(ALERT)
    assert _state(page) == "refused"
    text = alert.text_content()
    assert fragment in text, text
    assert alert.get_attribute("role") == "alert"
    assert alert.evaluate("e => e.children.length") == 0  # text only: no markup got in
    assert page.evaluate("window.pwned") is None and not dialogs
    assert page.evaluate("document.querySelectorAll('img[onerror], [onload], [onclick]').length") == 0
    return text


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_and_broken_input_is_refused_clearly_and_safely(page, site_url, kind) -> None:
    dialogs: list = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open(page, site_url)
    for formula, domain, fragment in HOSTILE[kind]:
        # Typed ...
        assert _draw(page, formula, domain or "-2, 2, -2, 2") == "refused", formula[:60]
        _expect_refused(page, fragment, dialogs)
        assert page.get_attribute(".gradfig-playground__" + ("domain" if kind == "bad domain" else "formula"),
                                  "aria-invalid") == "true"
        # ... and as a link, opened in the page (the box emptied first, so the link must fill it).
        page.fill(".gradfig-playground__formula", "")
        page.evaluate(f"location.hash = {json.dumps(_link(formula, domain))}")
        page.wait_for_function(f"document.querySelector('{ALERT}').textContent.startsWith('From the link: ')")
        _expect_refused(page, fragment, dialogs)
        assert page.input_value(".gradfig-playground__formula") == formula  # shown as text, as it came
        # ... then a good formula draws: the page keeps working.
        assert _draw(page, "x^2 - y", "-2, 2, -2, 2") == "drawn"
        assert page.locator(ALERT).text_content() == ""


def test_a_hostile_link_opened_cold_runs_nothing(page, site_url) -> None:
    dialogs: list = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open(page, site_url, "#f=" + quote("<img src=x onerror=alert(1)>", safe="") + "&domain=-2,2,-2,2")
    assert _wait_done(page) == "refused"
    _expect_refused(page, "cannot parse", dialogs)
    _open(page, site_url, "#f=x%0A%2B%20y&domain=-2,2,-2,2")  # a line break: only a link can hold one
    page.wait_for_function(f"document.querySelector('{ALERT}').textContent.includes('U+000A')")
    _expect_refused(page, "invisible character U+000A at position 2", dialogs)
    _open(page, site_url, "#f=%E0%A4%A&domain=1,2")  # not valid percent-encoding
    page.wait_for_function(f"document.querySelector('{ALERT}').textContent !== ''")
    assert "link cannot be opened" in page.locator(ALERT).text_content()
    assert _draw(page, "x*y", "-1, 1, -1, 1") == "drawn"


# --- loading, themes, phone, keyboard, no JavaScript ---------------------------------------------
def _loaded(page, part: str) -> bool:
    return page.evaluate(f"performance.getEntriesByType('resource').some(e => e.name.includes('{part}'))")


def test_the_maths_loads_only_when_the_reader_turns_to_the_form(page, site_url) -> None:
    requested: list[str] = []  # the page's and its worker's requests
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url + PLAYGROUND)
    page.wait_for_load_state("networkidle")
    assert not any(_loaded(page, p) for p in ("mathjs-gradfig", "temml", "plotly"))
    assert not [u for u in requested if "mathjs-gradfig" in u or "playground-worker" in u]
    page.focus(".gradfig-playground__formula")
    # The worker starts and loads math.js (the page itself does not need it).
    page.wait_for_function(f"document.querySelector('{FORM}').dataset.maths === 'ready'")
    for part in ("playground-worker", "mathjs-gradfig"):
        assert [u for u in requested if part in u], part
    assert not _loaded(page, "plotly")
    page.press(".gradfig-playground__formula", "Enter")
    assert _wait_done(page) == "drawn"
    assert _loaded(page, "plotly") and _loaded(page, "temml")


def test_the_field_follows_the_theme_toggle(page, site_url) -> None:
    _open(page, site_url)
    assert _draw(page, "x*y", "-1, 1, -1, 1") == "drawn"
    paper = "el => el.querySelector('.js-plotly-plot')._fullLayout.paper_bgcolor"
    root = page.locator(FIELD)
    assert root.evaluate(paper) == THEMES["light"].paper
    page.locator('form[data-md-component="palette"] label:visible').first.click()
    page.wait_for_function(f"el => ({paper})(el) === '{THEMES['dark'].paper}'", arg=root.element_handle())
    assert _draw(page, "x*y + x", "-1, 1, -1, 1") == "drawn"  # a new function comes in the dark theme
    assert root.evaluate(paper) == THEMES["dark"].paper


@pytest.mark.parametrize("page", [{"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                                   "has_touch": True}], indirect=True)
def test_phone_width_fits_and_works(page, site_url) -> None:
    _open(page, site_url)
    assert _draw(page, "(1 - x)^2 + 10*(y - x^2)^2", "-2, 2, -1, 3") == "drawn"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    w, h = page.locator(f"{FIELD} .gradfig-field__plot").evaluate("e => [e.offsetWidth, e.offsetHeight]")
    assert w <= 390 and h == pytest.approx(w * 4 / 5, abs=1)
    a = _plot_area(page)
    page.touchscreen.tap(a["left"] + 0.5 * a["width"], a["top"] + 0.3 * a["height"])
    r = _readout(page)
    assert r["pinned"] == "true"
    want = _exact(_landscape("(1 - x)^2 + 10*(y - x^2)^2", "-2, 2, -1, 3"), float(r["x"]), float(r["y"]))
    assert all(_close(float(r[k]), w) for k, w in zip(("f", "dfdx", "dfdy"), want, strict=True))


def test_everything_works_from_the_keyboard(page, site_url) -> None:
    _open(page, site_url)
    page.focus(".gradfig-playground__formula")
    page.keyboard.press("Control+a")
    page.keyboard.type("x^2 + x*y + 2*y^2")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "gradfig-pg-domain"
    page.keyboard.press("Control+a")
    page.keyboard.type("-1, 1, -1, 1")
    page.keyboard.press("Enter")
    assert _wait_done(page) == "drawn"
    plot = page.locator(f"{FIELD} .gradfig-field__plot")
    for _ in range(8):  # Draw, Copy link, then the field
        page.keyboard.press("Tab")
        if plot.evaluate("e => e === document.activeElement"):
            break
    assert plot.evaluate("e => e === document.activeElement")
    page.keyboard.press("ArrowRight")
    start = _readout(page)
    page.keyboard.press("Shift+ArrowUp")
    moved = _readout(page)
    assert float(moved["y"]) == pytest.approx(float(start["y"]) + 10 * 2 / 100)
    x, y = float(moved["x"]), float(moved["y"])
    assert float(moved["dfdx"]) == pytest.approx(2 * x + y, rel=1e-12)
    assert float(moved["dfdy"]) == pytest.approx(x + 4 * y, rel=1e-12)
    page.keyboard.press("Enter")
    assert _readout(page)["pinned"] == "true"


@pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_the_example_is_shown_as_built(page, site_url) -> None:
    page.goto(site_url + PLAYGROUND)
    assert not page.locator(FORM).is_visible()  # a form that could do nothing is not offered
    assert "needs JavaScript" in page.locator("article").inner_text()
    img = page.locator(f"{FIELD} img.gradfig-static:visible")
    assert img.count() == 1
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    assert "4 minima, 1 maximum and 4 saddles" in img.get_attribute("alt")
    assert page.locator(".gradfig-playground__critical tbody tr").count() == 9
    assert page.locator(".gradfig-playground__check tbody tr").count() == 3
    # Typeset at build time, as MathML like the rest of the site.
    rows = page.locator(".gradfig-playground__partials .gradfig-playground__maths")
    assert rows.count() == 3 and all(r.locator(".katex, math").count() >= 1 for r in rows.all())


# --- starts and draws every time; a new function starts clean ----------------------------------
#: Loads in a row: even ones plain (the reader presses Draw), odd ones by a link. Every third
#: (``?early``) also runs the playground's bundle from the document's head while the page is
#: still being parsed, before the site's script would load it: where and when it runs must not
#: matter.
LOADS = 50
LINKS = [("x^3 - 3*x*y^2", "-1, 1, -1, 1"), ("sin(x)*cos(y)", "-3, 3, -3, 3"),
         ("x^2 + 3*y^2", "-2, 2, -1, 1")]
EARLY_BUNDLE = """
if (location.search === "?early") {
  new MutationObserver((_, obs) => {
    if (!document.head) return;
    obs.disconnect();
    const s = document.createElement("script");
    s.src = new URL("../generated/assets/gradfig-playground.js", location.href).href;
    document.head.appendChild(s);
  }).observe(document, {childList: true, subtree: true});
}
"""


def test_the_playground_starts_once_and_draws_on_every_load(page, site_url) -> None:
    page.add_init_script(EARLY_BUNDLE)
    for i in range(LOADS):
        query = "?early" if i % 3 == 2 else ""
        page.goto("about:blank")  # a new document every time, not a jump to another fragment
        if i % 2:
            formula, domain = LINKS[i // 2 % len(LINKS)]
            _open(page, site_url, query + _link(formula, domain))
        else:
            _open(page, site_url, query)
            page.click(".gradfig-playground__draw")
        assert _wait_done(page) == "drawn", (i, page.locator(ALERT).text_content())
        assert page.evaluate("window.gradfigStarts.playground") == 1, i
        assert page.locator(".gradfig-playground__status").inner_text().startswith("Drawn: "), i
        assert page.locator(".gradfig-playground__critical").get_attribute("data-count") is not None
        assert page.locator(f"{FIELD}.is-live").count() == 1, i


def _pin_and_descend(page) -> dict[str, str]:
    a = _plot_area(page)
    page.mouse.click(a["left"] + 0.3 * a["width"], a["top"] + 0.4 * a["height"])
    page.locator(f"{FIELD} .gradfig-descend").click()
    r = _readout(page)
    assert r["pinned"] == "true" and "descentSteps" in r
    assert page.locator(".gradfig-playground__pinned-row").count() == 1
    return r


def test_a_new_function_clears_the_pinned_point_its_readout_and_the_descent(page, site_url) -> None:
    _open(page, site_url)
    hint = page.locator(f"{FIELD} .gradfig-readout").inner_text()
    assert _draw(page, "x^2 + 3*x*y", "-2, 2, -2, 2") == "drawn"
    # The next function on the same domain (the pinned point is inside it), then on another
    # domain (it is outside): either way nothing of the old function stays.
    for formula, domain in [("sin(x)*y", "-2, 2, -2, 2"), ("x*y + 1", "5, 9, 5, 9")]:
        _pin_and_descend(page)
        assert _draw(page, formula, domain) == "drawn"
        r = _readout(page)
        assert r.get("pinned") != "true" and r["x"] == r["y"] == r["f"] == r["dfdx"] == r["dfdy"] == ""
        assert not [k for k in r if k.startswith("descent")], r
        assert r["text"] == hint
        assert page.locator(".gradfig-playground__pinned-row").count() == 0
        assert page.locator(".gradfig-playground__pinned").is_visible()
        assert page.locator(f"{FIELD} .gradfig-overlay.is-empty").count() == 1
    # and the field still reads the new function under the pointer
    a = _plot_area(page)
    page.mouse.move(a["left"] + 0.5 * a["width"], a["top"] + 0.5 * a["height"])
    r = _readout(page)
    assert float(r["f"]) == pytest.approx(float(r["x"]) * float(r["y"]) + 1, rel=1e-12)


# --- never frozen: the work runs in a worker; a newer draw ends an older one ----------------------
def _nested(levels: int) -> str:
    """exp(sin(…x*y…)): math.js's own TeX of its partials took minutes from 12 levels on."""
    return "exp(sin(" * levels + "x*y" + "))" * levels


def test_a_deeply_nested_formula_draws_and_its_long_partials_are_a_note(page, site_url) -> None:
    _open(page, site_url)
    assert _draw(page, _nested(14), "-2, 2, -2, 2") == "drawn", page.locator(ALERT).text_content()
    assert page.evaluate("window.gradfigPlayground.jobs.where") == "worker"
    partials = page.locator(".gradfig-playground__partials")
    page.wait_for_function(f"el => el.dataset.formula === '{_nested(14)}'", arg=partials.element_handle())
    notes = partials.locator(".gradfig-playground__too-long").all_inner_texts()
    assert len(notes) == 2 and all("too long to display" in n for n in notes), notes
    assert partials.locator("math").count() == 1  # f itself, typeset
    assert page.locator(f"{FIELD}.is-live").count() == 1
    assert page.locator(".gradfig-playground__check tbody tr").count() == 3


def test_the_page_answers_while_a_heavy_formula_is_worked_on_and_a_newer_draw_ends_it(page, site_url) -> None:
    _open(page, site_url)
    assert _draw(page, "x*y", "-1, 1, -1, 1") == "drawn"  # whatever the page drew by itself is done
    before = page.evaluate("window.gradfigPlayground.jobs.cancelled")
    page.fill(".gradfig-playground__formula", _nested(14))
    page.fill(".gradfig-playground__domain", "-2, 2, -2, 2")
    page.press(".gradfig-playground__formula", "Enter")
    # The page runs this script and takes the reader's typing while the worker works.
    assert page.evaluate(f"document.querySelector('{FORM}').dataset.state") == "drawing"
    page.fill(".gradfig-playground__formula", "x*y + 1")
    assert page.input_value(".gradfig-playground__formula") == "x*y + 1"
    assert _state(page) == "drawing"
    page.press(".gradfig-playground__formula", "Enter")
    assert _wait_done(page) == "drawn"
    # the heavy job's worker was ended, not left to finish
    assert page.evaluate("window.gradfigPlayground.jobs.cancelled") == before + 1
    assert "f(x, y) = x*y + 1 " in page.locator(".gradfig-playground__status").inner_text()
    partials = page.locator(".gradfig-playground__partials")
    page.wait_for_function("el => el.dataset.formula === 'x*y + 1'", arg=partials.element_handle())
    # the next draw after a cancelled one runs in a new worker
    assert _draw(page, "x^2 - y", "-1, 1, -1, 1") == "drawn"
    assert page.evaluate("window.gradfigPlayground.jobs.where") == "worker"


@pytest.mark.parametrize("page", [{"java_script_enabled": True}], indirect=True)
def test_without_a_worker_the_page_does_the_work_itself(page, site_url) -> None:
    """Where no worker can start (a page opened from file://), the playground still draws."""
    page.add_init_script("delete window.Worker;")
    _open(page, site_url)
    assert _draw(page, "x^2*sin(y) + exp(x*y)", "-2, 2, -2, 2") == "drawn"
    assert page.evaluate("window.gradfigPlayground.jobs.where") == "page"
    assert _draw(page, "alert(1)", "-2, 2, -2, 2") == "refused"
    assert "unknown function 'alert'" in page.locator(ALERT).text_content()
    assert _draw(page, "x*y", "-1, 1, -1, 1") == "drawn"
