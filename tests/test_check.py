"""The gradient check: the chapter's table digit for digit, the allclose rule, renderings."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gradfig.check import CheckInputError, diagnose, gradient_check
from gradfig.functions import LabelledPoint, ScalarFunction
from gradfig.landscapes import LANDSCAPES, SCALAR_FUNCTIONS
from gradfig.text import format_vector

# CHAPTER.md section 6: point, label, gradient, norm as the chapter prints them.
CHAPTER_TABLE = [
    ((0.0, 0.0), "origin", (-2.0, 0.0), "(−2, 0)", "2.0000"),
    ((1.0, 1.0), "minimum", (0.0, 0.0), "(0, 0)", "0.0000"),
    ((-0.5, 1.5), "off-axis", (22.0, 25.0), "(22, 25)", "33.3017"),
    ((1.2, 1.0), "in the valley", (21.52, -8.8), "(21.52, −8.8)", "23.2497"),
]


@pytest.fixture(scope="module")
def rosenbrock_check():
    return gradient_check(LANDSCAPES["rosenbrock"])


def test_chapter_table_is_reproduced_digit_for_digit(rosenbrock_check) -> None:
    rows = rosenbrock_check.rows
    assert [(r.point, r.label) for r in rows] == [(p, lab) for p, lab, *_ in CHAPTER_TABLE]
    for row, (_, _, grad, grad_text, norm_text) in zip(rows, CHAPTER_TABLE, strict=True):
        np.testing.assert_allclose(row.analytical, grad, rtol=1e-14, atol=1e-14)
        assert format_vector(row.analytical, "−") == grad_text
        assert f"{row.norm:.4f}" == norm_text
        assert row.passed and row.error <= 1e-4
    assert rosenbrock_check.passed and rosenbrock_check.method == "central"
    assert rosenbrock_check.atol == 1e-4


def test_chapter_numbers_are_in_the_markdown_rows(rosenbrock_check) -> None:
    lines = rosenbrock_check.to_markdown().splitlines()
    assert len(lines) == 2 + len(CHAPTER_TABLE)
    for line, (_, label, _, grad_text, norm_text) in zip(lines[2:], CHAPTER_TABLE, strict=True):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[1] == label
        assert cells[2] == grad_text  # analytical ∇f, typographic minus
        assert cells[4] == norm_text
        assert cells[6] == "✓ pass"
    assert "-" not in "".join(lines[2:]).replace("off-axis", "")  # no ASCII minus on the page


def test_json_round_trips(rosenbrock_check) -> None:
    data = json.loads(rosenbrock_check.to_json())
    assert data["passed"] is True and data["name"] == "rosenbrock"
    assert [row["analytical"] for row in data["rows"]][3] == pytest.approx([21.52, -8.8])
    assert [round(row["norm"], 4) for row in data["rows"]] == [2.0, 0.0, 33.3017, 23.2497]


def test_text_table_has_a_row_per_point_and_a_verdict(rosenbrock_check) -> None:
    lines = rosenbrock_check.to_text().splitlines()
    assert lines[0].split()[:2] == ["point", "label"]
    assert sum(" pass" in line for line in lines[2:6]) == 4
    assert "(21.52, -8.8)" in lines[5] and "23.2497" in lines[5]
    assert lines[-1].endswith("all passed")


@pytest.mark.parametrize("name", list(SCALAR_FUNCTIONS))
@pytest.mark.parametrize("method", ["central", "complex"])
def test_every_registered_function_passes_its_own_check(name: str, method: str) -> None:
    result = gradient_check(SCALAR_FUNCTIONS[name], method=method)
    assert result.passed, result.to_text()


def test_a_wrong_gradient_fails_and_says_where() -> None:
    class Wrong(ScalarFunction):
        def gradient(self, points):
            return super().gradient(points) * np.array([1.0, 1.001])  # 0.1 % off in ∂f/∂y

    wrong = Wrong("wrong", "wrong", "(1 - x)^2 + 10*(y - x^2)^2",
                  check_points=LANDSCAPES["rosenbrock"].check_points)
    result = gradient_check(wrong)
    assert not result.passed
    # ∂f/∂y is 0 at the origin and the minimum: those rows still pass, the others fail
    assert [r.passed for r in result.rows] == [True, True, False, False]
    assert "2 of 4 FAILED" in result.to_text() and "✗ FAIL" in result.to_markdown()


def test_allclose_rule_atol_and_rtol() -> None:
    """error ≤ atol + rtol·‖numerical‖: a pure relative rule would fail at ∇f = 0."""
    fn = ScalarFunction("big", "big", "1000*x^2", variables=("x",))
    pts = [LabelledPoint((0.0,), "zero"), LabelledPoint((1000.0,), "far")]
    strict = gradient_check(fn, pts, atol=1e-12)
    # at 0 the central difference of a parabola is exactly 0; at 1000 round-off leaves an
    # absolute error far above 1e-12 that is tiny relative to ∇f = 2e6
    assert [r.passed for r in strict.rows] == [True, False]
    far_error = strict.rows[1].error
    assert 1e-12 < far_error < 1e-6 * 2e6
    assert gradient_check(fn, pts, atol=1e-12, rtol=2 * far_error / 2e6).passed
    assert not gradient_check(fn, pts, atol=1e-12, rtol=0.5 * far_error / 2e6).passed


def test_tiny_tolerance_with_forward_differences_fails() -> None:
    result = gradient_check(LANDSCAPES["rosenbrock"], method="forward", atol=1e-12)
    assert not result.passed


@pytest.mark.parametrize(("points", "kwargs", "message"), [
    ([LabelledPoint((1.0,), "p")], {}, "takes 2 coordinates"),
    ([LabelledPoint((1.0, 2.0, 3.0), "p")], {}, "has 3"),
    ([LabelledPoint((float("nan"), 0.0), "p")], {}, "not finite"),
    ([LabelledPoint((float("inf"), 0.0), "p")], {}, "not finite"),
    ([], {}, "no points"),
    (None, {"atol": -1.0}, "tolerance must be"),
    (None, {"rtol": float("nan")}, "rtol must be"),
    (None, {"method": "spline"}, "unknown method"),
])
def test_bad_input_is_a_check_input_error(points, kwargs, message: str) -> None:
    with pytest.raises(CheckInputError, match=message):
        gradient_check(LANDSCAPES["bowl"], points, **kwargs)


def test_undefined_gradient_names_the_point() -> None:
    fn = ScalarFunction("formula", "f", "log(x) + y")
    with pytest.raises(CheckInputError, match=r"not finite at \(0, 1\)"):
        gradient_check(fn, [LabelledPoint((0.0, 1.0), "p")])


# --- numbers at the edge of the float range ------------------------------------------------
# A constant of 1.7e308 built from allowed literals (each at most 1e15).
HUGE = "*".join(["1e15"] * 20) + "*1.7e8"


def _strict_json(text: str) -> dict:
    """Parse as strict JSON: Infinity and NaN (Python's extensions) are refused."""
    def refuse(constant: str) -> None:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.filterwarnings("error")  # no RuntimeWarning from overflowing squares
@pytest.mark.parametrize(("formula", "point", "norm"), [
    ("x**64", (1e4, 0.0), 6.4e253),
    ("exp(x)", (709.7, 0.0), 1.6549840276802644e308),
])
def test_huge_but_finite_norms_are_computed_scaled(formula: str, point, norm: float) -> None:
    result = gradient_check(ScalarFunction("f", "f", formula), [LabelledPoint(point, "p")], rtol=1e-9)
    (row,) = result.rows
    assert row.norm == pytest.approx(norm, rel=1e-12)
    assert np.isfinite(row.error) and row.note == ""
    assert "inf" not in result.to_text() and "overflow" not in result.to_text()
    data = _strict_json(result.to_json())
    assert data["rows"][0]["norm"] == pytest.approx(norm, rel=1e-12)


def test_a_norm_is_printed_short_whatever_its_size() -> None:
    fn = ScalarFunction("f", "f", "x**64", variables=("x",))
    text = gradient_check(fn, [LabelledPoint((1e4,), "p")]).to_text()
    assert "6.4000e+253" in text and max(len(line) for line in text.splitlines()) < 200


@pytest.mark.filterwarnings("error")
def test_an_error_beyond_the_float_range_never_passes() -> None:
    """Analytical and numerical gradients of opposite huge signs: a - n overflows."""
    class Flipped(ScalarFunction):
        def gradient(self, points):
            return -super().gradient(points)

    fn = Flipped("flipped", "f", f"{HUGE}*x", variables=("x",))
    result = gradient_check(fn, [LabelledPoint((0.0,), "p")], atol=1e300, rtol=1.0)
    (row,) = result.rows
    assert not row.passed and not result.passed
    assert row.error == float("inf") and "error is beyond the largest float" in row.note
    data = _strict_json(result.to_json())
    assert data["rows"][0]["error"] is None and data["rows"][0]["note"] == row.note
    assert data["passed"] is False
    assert "overflow" in result.to_text() and row.note in result.to_text()


@pytest.mark.filterwarnings("error")
def test_a_tolerance_beyond_the_float_range_never_passes() -> None:
    fn = ScalarFunction("f", "f", f"{HUGE}*x - {HUGE}*y")
    result = gradient_check(fn, [LabelledPoint((0.0, 0.0), "p")], rtol=1.0)
    (row,) = result.rows
    assert row.error == 0.0 and not row.passed and "tol + rtol" in row.note
    data = _strict_json(result.to_json())
    assert data["rows"][0]["norm"] is None and data["passed"] is False


@pytest.mark.filterwarnings("error")
def test_a_norm_beyond_the_float_range_is_shown_not_decisive() -> None:
    """rtol = 0: the rule is error <= tol, which needs no norm (0 * inf must not become nan)."""
    fn = ScalarFunction("f", "f", f"{HUGE}*x + {HUGE}*y")
    result = gradient_check(fn, [LabelledPoint((0.0, 0.0), "p")])
    (row,) = result.rows
    assert row.passed and row.error == 0.0 and row.norm == float("inf")
    assert "beyond the largest float" in row.note
    assert _strict_json(result.to_json())["rows"][0]["norm"] is None
    assert "| overflow |" in result.to_markdown()


@pytest.mark.parametrize("method", ["central", "complex"])
def test_a_gradient_constant_no_float_holds_is_a_check_input_error(method: str) -> None:
    """(100000*x)**64 differentiates to 64e320*x**63: an exact integer beyond any float."""
    fn = ScalarFunction("formula", "f", "(100000*x)**64", variables=("x",))
    with pytest.raises(CheckInputError, match="too large for a float"):
        gradient_check(fn, [LabelledPoint((0.0,), "p")], method=method)


def test_numerical_overflow_is_named_as_such() -> None:
    """f is finite at the point, but one central step away it overflows."""
    fn = ScalarFunction("formula", "f", "exp(x)", variables=("x",))
    with pytest.raises(CheckInputError, match=r"numerical gradient of formula is not finite at \(709\.78"):
        gradient_check(fn, [LabelledPoint((709.78,), "p")])


@pytest.mark.parametrize(("formula", "point", "why"), [
    # issue 20, row 9: the relative step h = eps^(1/3)·4e5 = 2.4 is a third of the period
    ("sin(x)*cos(y)", (-400000.0, 300000.0), "the step (2.4) is not small against the function's scale"),
    # row 10: ∇f = 1.2e19, whose round-off alone is far above 1e-4
    ("exp(50*x)", (0.8, -0.4), "the tolerance (0.0001) is below the round-off of entries this large"),
])
def test_a_correct_gradient_where_the_check_cannot_judge_is_unreliable_not_wrong(formula, point, why) -> None:
    fn = ScalarFunction("f", "f", formula, variables=("x", "y"))
    (row,) = gradient_check(fn, [LabelledPoint(point, "p")], diagnose_failures=True).rows
    assert not row.passed and row.verdict == "unreliable" and why in row.unreliable
    result = gradient_check(fn, [LabelledPoint(point, "p")], diagnose_failures=True)
    plain = gradient_check(fn, [LabelledPoint(point, "p")])  # the chapter's tables: pass or FAIL
    assert plain.rows[0].verdict == "FAIL" and "✗ FAIL" in plain.to_markdown()
    assert result.wrong() == [] and "1 of 1 unreliable" in result.to_text()
    assert "? unreliable" in result.to_markdown()


def test_a_wrong_gradient_is_a_fail_even_where_entries_are_large() -> None:
    class Wrong(ScalarFunction):
        def gradient(self, points):
            return super().gradient(points) * 1.001

    fn = Wrong("f", "f", "exp(50*x)", variables=("x", "y"))
    (row,) = gradient_check(fn, [LabelledPoint((0.8, -0.4), "p")], diagnose_failures=True).rows
    assert row.verdict == "FAIL" and row.unreliable == ""


def test_the_complex_step_excuses_only_round_off() -> None:
    fn = ScalarFunction("f", "f", "exp(50*x)", variables=("x", "y"))
    point = (0.8, -0.4)
    tiny = gradient_check(fn, [LabelledPoint(point, "p")], method="complex", atol=1e-30,
                          diagnose_failures=True)
    # A right gradient is never FAIL. Whether the complex step lands on it exactly or a few
    # ulps off depends on the machine's complex exp (exact on some machines, not on others).
    assert all(r.verdict == "pass" or (r.verdict == "unreliable" and "below the round-off" in r.unreliable)
               for r in tiny.rows), tiny.rows
    # Four ulps off under a tolerance far below them: excused as the round-off it is.
    analytical = [float(v) for v in fn.gradient(np.array([point]))[0]]
    numerical = [v * (1 + 4 * np.finfo(float).eps) for v in analytical]
    error = abs(analytical[0] - numerical[0])
    assert "below the round-off" in diagnose(fn, point, analytical, numerical, error, 1e-30, "complex")

    class Wrong(ScalarFunction):
        def gradient(self, points):
            return super().gradient(points) * 1.001

    wrong = Wrong("f", "f", "exp(50*x)", variables=("x", "y"))
    result = gradient_check(wrong, [LabelledPoint((0.8, -0.4), "p")], method="complex",
                            diagnose_failures=True)
    assert [r.verdict for r in result.rows] == ["FAIL"]
