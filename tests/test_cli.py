"""The command line, run as a user runs it (a real process) and in-process for the many
bad inputs. Every bad input: exit 2, exactly one line on stderr naming the problem, no
traceback, nothing on stdout."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gradfig.cli import main

SCRIPT = Path(sys.executable).parent / "gradfig"  # the console script pip installed


def gradfig(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "gradfig.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


# --- real processes --------------------------------------------------------------------
def test_check_rosenbrock_prints_the_chapter_rows() -> None:
    proc = gradfig("check", "rosenbrock")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    rows = {line.split("  ")[0].strip(): line for line in lines[2:6]}
    expected = {"(0, 0)": ("(-2, 0)", "2.0000"), "(1, 1)": ("(0, 0)", "0.0000"),
                "(-0.5, 1.5)": ("(22, 25)", "33.3017"), "(1.2, 1)": ("(21.52, -8.8)", "23.2497")}
    assert set(rows) == set(expected)
    for point, (grad, norm) in expected.items():
        cells = rows[point].split()
        assert grad.replace(" ", "") in "".join(cells) and norm in cells and cells[-1] == "pass"
    assert lines[-1].endswith("all passed")


def test_worked_example_at_1_2_3() -> None:
    proc = gradfig("check", "x**2 + 3*x*y + z**4", "--at", "1,2,3")
    assert proc.returncode == 0, proc.stderr
    row = proc.stdout.splitlines()[2]
    assert row.startswith("(1, 2, 3)") and row.count("(8, 3, 108)") == 2 and row.endswith("pass")


def test_json_output_parses() -> None:
    proc = gradfig("check", "sin(x)*cos(y)", "--at", "-1,0.5", "--method", "complex", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["passed"] is True and data["method"] == "complex"
    (row,) = data["rows"]
    assert row["point"] == [-1.0, 0.5]
    assert row["error"] < 1e-15


def test_failing_check_exits_1() -> None:
    proc = gradfig("check", "rosenbrock", "--method", "forward", "--tol", "1e-12")
    assert proc.returncode == 1
    assert "FAIL" in proc.stdout and proc.stderr == ""


def test_formula_without_points_uses_the_same_seeded_samples(capsys) -> None:
    assert main(["check", "sin(x)*y + z"]) == 0
    first = capsys.readouterr().out
    assert main(["check", "sin(x)*y + z"]) == 0
    assert capsys.readouterr().out == first
    assert [re.split(r"\s{2,}", line)[1] for line in first.splitlines()[2:5]] == [
        "sample 1", "sample 2", "sample 3"]


def test_failing_check_as_json_still_parses(capsys) -> None:
    assert main(["check", "rosenbrock", "--method", "forward", "--tol", "1e-12", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] is False and not all(row["passed"] for row in data["rows"])


@pytest.mark.parametrize("args", [
    ["check", "-x^2", "--at", "1"],
    ["check", "--", "-x^2", "--at", "1"],
    ["check", "-x^2", "--at", "-1", "--tol", "1e-3"],
    ["check", "--at", "1", "-x^2"],
])
def test_formula_and_point_may_start_with_a_minus(args: list[str], capsys) -> None:
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "f = -x^2" in out and ("(-2)" in out or "(2)" in out)


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["list", "--help"]])
def test_help_everywhere(args: list[str]) -> None:
    proc = gradfig(*args)
    assert proc.returncode == 0 and proc.stdout.startswith("usage: gradfig")


def test_list_names_every_function() -> None:
    proc = gradfig("list")
    assert proc.returncode == 0
    names = [line.split()[0] for line in proc.stdout.splitlines()]
    assert names == ["bowl", "saddle", "rosenbrock", "ripples", "worked"]
    assert "(1 - x)^2 + 10*(y - x^2)^2" in proc.stdout


@pytest.mark.parametrize("args", [
    ["check", "9**9**9**9", "--at", "1"],
    ["check", "__import__('os').system('echo hi')"],
    ["check", "x", "--at", "nan"],
    ["check", "rosenbrok"],
    ["check", ""],
    ["check", "log(x)", "--at", "0"],
    ["check", "sqrt(x)", "--at", "0"],
])
def test_bad_input_in_a_real_process(args: list[str]) -> None:
    proc = gradfig(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("gradfig: error: ")
    assert "Traceback" not in proc.stderr


# --- in-process: the long list of bad inputs ---------------------------------------------
# (arguments, a word the one-line message must contain); formulas refused by the parser
# come first, before SymPy is imported (see test_refused_formulas_never_import_sympy).
REFUSED_BY_PARSER = [
    (["check", "x y"], "cannot parse"),
    (["check", "x +"], "cannot parse"),
    (["check", "x\x00"], "null bytes"),
    (["check", "w + x"], "unknown name 'w'"),
    (["check", "f(x)"], "unknown function 'f'"),
    (["check", "system('ls')"], "unknown function 'system'"),
    (["check", "x.real"], "attribute access"),
    (["check", "x.__class__"], "attribute access"),
    (["check", "().__class__.__bases__[0].__subclasses__()"], "attribute access"),
    (["check", "(lambda: 1)()"], "lambda"),
    (["check", "lambda x: x"], "lambda"),
    (["check", "[x for x in (1, 2)]"], "comprehension"),
    (["check", "x if y else z"], "conditional"),
    (["check", "x < y"], "comparison"),
    (["check", "x[0]"], "indexing"),
    (["check", "x // y"], "operator not allowed"),
    (["check", "x % 2"], "operator not allowed"),
    (["check", "'x'"], "only numbers"),
    (["check", "sin(x, y)"], "exactly one argument"),
    (["check", "sin"], "sin is a function"),
    (["check", "9**9**9**9"], "power is too large"),
    (["check", "x**1000"], "power is too large"),
    (["check", "1" * 400], "too large"),
    (["check", "1e300*x"], "too large"),
    (["check", "x" + "+x" * 300], "longer than"),
    (["check", "exp(1000)*x"], "not a finite real number"),
    (["check", "log(0)*x"], "not a finite real number"),
    (["check", "(-8)**(1/3)*x"], "not a finite real number"),
]
REFUSED_BEFORE_ANY_FORMULA = [
    (["check", ""], "empty"),
    (["check", "   "], "empty"),
    (["check", "rosenbrok"], "unknown landscape 'rosenbrok'"),
    (["check", "Rosenbrock"], "unknown landscape"),
    (["check", "x", "--at", "1,two"], "'two' is not a number"),
    (["check", "x", "--at", "1,,2"], "1 to 3 comma-separated"),
    (["check", "x", "--at", "1,2,3,4"], "1 to 3 comma-separated"),
    (["check", "x", "--at", ""], "1 to 3 comma-separated"),
    (["check", "x", "--at", "nan"], "not finite"),
    (["check", "x", "--at", "inf"], "not finite"),
    (["check", "x", "--at", "1e999"], "not finite"),
    (["check", "x", "--at", "9**9**9**9"], "not a number"),
    (["check", "x", "--at", "__import__('os')"], "not a number"),
    (["check", "x", "--at"], "expected one argument"),
    (["check", "x*y", "--at", "1"], "needs 2 coordinates"),
    (["check", "x*y", "--at", "1,2", "--at", "1"], "same number of coordinates"),
    (["check", "x", "--tol", "-1"], "--tol"),
    (["check", "x", "--tol", "abc"], "not a number"),
    (["check", "x", "--tol", "nan"], "finite number"),
    (["check", "x", "--rtol", "-0.5"], "--rtol"),
    (["check", "x", "--method", "magic"], "invalid choice: 'magic'"),
    (["check", "x", "--bogus"], "unrecognized arguments"),
    (["check"], "required: target"),
    (["frobnicate"], "invalid choice"),
    ([], "required: COMMAND"),
    (["check", "rosenbrock", "--at", "1"], "rosenbrock takes 2 coordinates"),
    (["check", "worked", "--at", "1,2"], "worked takes 3 coordinates"),
]
# f itself undefined at a point: refused in plain floats, still without SymPy
UNDEFINED_AT_THE_POINT = [
    (["check", "log(x)", "--at", "0"], "undefined at (0)"),
    (["check", "sqrt(x)", "--at", "-1"], "undefined at (-1)"),
    (["check", "1/x", "--at", "0"], "undefined at (0)"),
    (["check", "x/(x - x)", "--at", "1"], "undefined at (1)"),
    (["check", "x*y/(y - 2)", "--at", "1,2"], "undefined at (1, 2)"),
    (["check", "exp(x)", "--at", "1000"], "too large for a float at (1000)"),
]
# f finite but its gradient is not: only the derivative can tell
REFUSED_AFTER_DIFFERENTIATION = [
    (["check", "sqrt(x)", "--at", "0"], "gradient of formula is not finite at (0)"),
    (["check", "abs(x)^0.5 + y", "--at", "0,1"], "gradient of formula is not finite at (0, 1)"),
]
BAD_INPUTS = (REFUSED_BY_PARSER + REFUSED_BEFORE_ANY_FORMULA + UNDEFINED_AT_THE_POINT
              + REFUSED_AFTER_DIFFERENTIATION)


def test_there_are_many_bad_inputs() -> None:
    assert len(BAD_INPUTS) >= 30


@pytest.mark.parametrize(("args", "word"), BAD_INPUTS, ids=[repr(a)[:60] for a, _ in BAD_INPUTS])
def test_bad_input_is_one_line_and_exit_2(args: list[str], word: str, capsys) -> None:
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing half-printed
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("gradfig: error: ") and word in lines[0]
    assert "Traceback" not in err


def test_refused_formulas_never_import_sympy() -> None:
    """A bad formula is refused by the allow-list alone: SymPy (0.7 s to import, and the
    only slow part) is never loaded, so refusal is immediate whatever the input."""
    cases = [args for args, _ in REFUSED_BY_PARSER + REFUSED_BEFORE_ANY_FORMULA + UNDEFINED_AT_THE_POINT]
    program = (
        "import contextlib, io, json, sys\n"
        "from gradfig.cli import main\n"
        f"cases = {cases!r}\n"
        "codes = []\n"
        "for args in cases:\n"
        "    with contextlib.redirect_stderr(io.StringIO()):\n"
        "        codes.append(main(args))\n"
        "print(json.dumps({'codes': codes, 'sympy': 'sympy' in sys.modules}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["codes"] == [2] * len(cases)
    assert result["sympy"] is False


# --- injection -----------------------------------------------------------------------------
ATTACKS = [
    "__import__('os').system('touch {f}')",
    "x + __import__('os').system('touch {f}')",
    "x ^ __import__('os').system('touch {f}')",
    "getattr(__import__('os'), 'system')('touch {f}')",
    "(lambda: __import__('os').system('touch {f}'))()",
    "[__import__('os').system('touch {f}') for _ in (1,)]",
    "().__class__.__base__.__subclasses__()[0]('touch {f}')",
    "x.__class__.__init__.__globals__['os'].system('touch {f}')",
    "eval(\"__import__('os').system('touch {f}')\")",
    "exec(\"open('{f}', 'w')\")",
    "open('{f}', 'w')",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_injection_runs_nothing_in_process(attack: str, tmp_path: Path, capsys) -> None:
    target = tmp_path / "pwned"
    assert main(["check", attack.format(f=target), "--at", "1"]) == 2
    assert not target.exists()
    assert "gradfig: error:" in capsys.readouterr().err


@pytest.mark.parametrize("attack", [ATTACKS[0], ATTACKS[2], ATTACKS[-1]])
def test_injection_runs_nothing_in_a_real_process(attack: str, tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    proc = gradfig("check", attack.format(f=target))
    assert proc.returncode == 2 and not target.exists()
    proc = gradfig("check", "x", "--at", attack.format(f=target))  # the point goes through the parser too
    assert proc.returncode == 2 and not target.exists()
