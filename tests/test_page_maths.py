"""The standalone page's maths (gradfig.figures.page.formula_mathml): well-formed MathML Core
for every registry landscape's f and partials and for formulas with each function the grammar
allows; a minus sign, not a hyphen; parentheses that grow only around a fraction or a root."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from gradfig.custom import landscape_from_formula
from gradfig.figures.page import formula_mathml
from gradfig.landscapes import LANDSCAPES

FORMULAS = ["x*exp(-x^2 - y^2)", "sqrt(x^2 + y^2 + 1) - abs(x)", "log(y + 3)/2 + tanh(x*y)",
            "sin(x)*cos(y) + tan(x/4) - sinh(y/3) + cosh(x/3)", "(x - y)/(1 + x^2) + pi*e"]
SUBJECTS = [*LANDSCAPES.values(), *(landscape_from_formula(f, (-2, 2, -2, 2)) for f in FORMULAS)]


@pytest.mark.parametrize("landscape", SUBJECTS, ids=[s.formula for s in SUBJECTS])
def test_f_and_its_partials_are_mathml_core(landscape) -> None:
    for expr in (landscape.written, *landscape.partials_shown):
        text = formula_mathml(expr)
        root = ET.fromstring(text)  # well-formed: no HTML-only entity
        assert root.tag == "math" and root.get("display") == "block"
        assert "&" not in text and "mfenced" not in text  # MathML Core has no mfenced
        ops = [mo.text for mo in root.iter("mo")]
        assert "-" not in ops and "\u2147" not in text
        parent = {c: p for p in root.iter() for c in p}
        for mo in root.iter("mo"):
            if mo.text in ("(", ")"):
                tall = any(e.tag in ("mfrac", "msqrt") for e in parent[mo].iter())
                assert (mo.get("stretchy") == "false") != tall, text


def test_a_product_of_products_prints_as_one_product() -> None:
    rosenbrock = LANDSCAPES["rosenbrock"]  # its display form 2*(x - 1) - 40*x*(y - x^2)
    text = formula_mathml(rosenbrock.partials_shown[0])
    assert "<mn>40</mn><mo>\u2062</mo><mi>x</mi>" in text
    assert text.count('stretchy="false">(') == 2  # (x − 1) and (y − x²), no (40x)
