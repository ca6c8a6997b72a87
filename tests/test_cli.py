"""The command line, run as a user runs it (a real process) and in-process for the many
bad inputs. Every bad input: exit 2, exactly one line on stderr naming the problem, no
traceback, nothing on stdout."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import shlex
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gradfig.cli import main
from gradfig.expr import MAX_DEPTH

SCRIPT = Path(sys.executable).parent / "gradfig"  # the console script pip installed


def gradfig(*args: str, warnings_are_errors: bool = False, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run the command as a user does; ``warnings_are_errors`` runs it under ``python -W error``,
    so any warning (a RuntimeWarning from an overflow, say) would end it with a traceback."""
    if warnings_are_errors:
        command = [sys.executable, "-W", "error", "-m", "gradfig.cli"]
    else:
        command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "gradfig.cli"]
    options = {"capture_output": True, "text": True, "timeout": 120, "stdin": subprocess.DEVNULL,
               **kwargs}
    if "stdout" in kwargs:
        options.pop("capture_output")
        options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([*command, *args], **options)


def _strict_json(text: str) -> dict:
    """Parse as strict JSON (RFC 8259): Python's Infinity and NaN extensions are refused."""
    def refuse(constant: str) -> None:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def _one_clean_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The single, printable error line of a refused input (exit 2, nothing on stdout)."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout[:500], proc.stderr[-2000:])
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and proc.stderr.endswith("\n"), proc.stderr[-2000:]
    assert lines[0].startswith("gradfig: error: ") and lines[0].isprintable()
    return lines[0]


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


def test_a_check_that_cannot_judge_exits_3_and_says_why() -> None:
    """A tolerance of 1e-12 is below what forward differences can resolve: the rows are
    'unreliable', not FAIL (issue 20, deliverable 5), and the exit code says so."""
    proc = gradfig("check", "rosenbrock", "--method", "forward", "--tol", "1e-12")
    assert proc.returncode == 3
    assert "unreliable" in proc.stdout and "FAIL" not in proc.stdout and proc.stderr == ""
    assert "is below the round-off of entries this large" in proc.stdout


@pytest.mark.parametrize(("args", "why"), [
    (["sin(x)*cos(y)", "--at=-400000,300000"], "is not small against the function's scale"),   # row 9
    (["exp(50*x)", "--at", "0.8,-0.4"], "is below the round-off of entries this large"),       # row 10
])
def test_correct_gradients_are_not_called_wrong(args, why: str) -> None:
    proc = gradfig("check", *args)
    assert proc.returncode == 3, proc.stdout
    assert "unreliable" in proc.stdout and why in proc.stdout and "FAIL" not in proc.stdout


def test_a_wrong_gradient_still_fails_with_exit_1(capsys, monkeypatch) -> None:
    from gradfig.functions import ScalarFunction

    right = ScalarFunction.gradient
    monkeypatch.setattr(ScalarFunction, "gradient", lambda self, p: right(self, p) * 1.001)  # 0.1 % off
    assert main(["check", "exp(50*x)", "--at", "0.8,-0.4", "--at", "0.1,0"]) == 1
    out = capsys.readouterr().out
    assert "2 of 2 FAILED" in out and "unreliable" not in out


def test_help_states_the_rule_and_the_exit_codes(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "the chapter's own rule" in text and "'unreliable'" in text
    assert "1 if one FAILs, 3 if none FAILs but one is unreliable" in text


def test_formula_without_points_uses_the_same_seeded_samples(capsys) -> None:
    assert main(["check", "sin(x)*y + z"]) == 0
    first = capsys.readouterr().out
    assert main(["check", "sin(x)*y + z"]) == 0
    assert capsys.readouterr().out == first
    assert [re.split(r"\s{2,}", line)[1] for line in first.splitlines()[2:5]] == [
        "sample 1", "sample 2", "sample 3"]


def test_failing_check_as_json_still_parses(capsys) -> None:
    assert main(["check", "rosenbrock", "--method", "forward", "--tol", "1e-12", "--json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] is False and not all(row["passed"] for row in data["rows"])
    assert all(row["unreliable"].startswith("the check is unreliable") for row in data["rows"])


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
    from gradfig.landscapes import LANDSCAPES

    proc = gradfig("list")
    assert proc.returncode == 0
    names = [line.split()[0] for line in proc.stdout.splitlines()]
    assert names == [*LANDSCAPES, "worked"]  # the registry's order, then the worked example
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
    (["check", "x\x00"], "invisible character U+0000"),
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
    (["check", "x % 2"], "no percentages or remainders"),
    (["check", "x+200%"], "no percentages or remainders"),
    (["check", "x*1_000"], "not allowed in a number"),
    (["check", "\uff58**2"], "not plain ASCII"),
    (["check", "x", "--at", "\u0661"], "not plain ASCII"),
    (["check", "x", "--at", "1_000"], "not allowed in a number"),
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


# --- the hostile inputs, each as a real process --------------------------------------
@pytest.mark.parametrize("method", ["central", "complex"])
def test_a_gradient_constant_beyond_any_float_is_one_line(method: str) -> None:
    """(100000*x)**64 differentiates to a 321-digit integer: once an OverflowError traceback."""
    line = _one_clean_line(gradfig("check", "(100000*x)**64", "--at", "0", "--method", method))
    assert "too large for a float" in line


@pytest.mark.parametrize("formula", [
    "1/(1+" * 60 + "x" + ")" * 60,       # the continued fraction (RecursionError)
    "sqrt(1+" * 58 + "x" + ")" * 58,     # and nested root
    "-" * 120 + "x",                     # unary minus chain
    "-(" * 70 + "x" + ")" * 70,          # minus and parentheses
    "exp(" * 45 + "x" + ")" * 45,        # nested calls
    "**".join(["x"] * 40),               # a power tower
])
def test_deep_nesting_is_refused_up_front_in_one_line(formula: str) -> None:
    line = _one_clean_line(gradfig("check", formula, "--at", "1"))
    assert "nested too deeply" in line and f"at most {MAX_DEPTH}" in line


@pytest.mark.parametrize("kind", ["1/(1+{})", "sqrt(1+{})", "sin({})", "-({})", "x*({})", "x**({})"])
@pytest.mark.parametrize("seed", ["0", "1", "2"])
def test_nesting_at_the_limit_is_checked_without_exhausting_the_stack(kind: str, seed: str) -> None:
    """The deepest formula allowed, of each kind, runs to a verdict. SymPy's recursion depends
    on the order of its sets, so a few hash seeds are tried (each a fresh process)."""
    formula = "x"
    while True:  # wrap until one more level would pass MAX_DEPTH
        deeper = kind.format(formula)
        if _depth(deeper) > MAX_DEPTH:
            break
        formula = deeper
    proc = gradfig("check", formula, "--at", "0.5", env={**os.environ, "PYTHONHASHSEED": seed})
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1, 2, 3), proc.stderr[-1000:]
    if proc.returncode == 2:
        _one_clean_line(proc)


def _depth(formula: str) -> int:
    from gradfig.expr import depth, validate

    try:
        return depth(validate(formula))
    except Exception:
        return MAX_DEPTH + 1


def test_an_overflowed_comparison_never_passes() -> None:
    """Once: x**64 at 1e4 printed |grad| and error as inf and passed. The true values are
    finite (6.4e253), so they are printed, and the verdict comes from them."""
    proc = gradfig("check", "x**64", "--at", "1e4,0", "--rtol", "1e-9", warnings_are_errors=True)
    assert proc.returncode in (0, 1, 3) and proc.stderr == "", proc.stderr  # 3: unreliable
    row = proc.stdout.splitlines()[2]
    assert "6.4000e+253" in row and "inf" not in proc.stdout and "nan" not in proc.stdout
    error = float(row.split()[-2])
    assert math.isfinite(error) and (row.endswith("pass") == (error <= 1e-4 + 1e-9 * 6.4e253))
    # A comparison really beyond the float range (an error bound of 1 * 2.4e308) fails.
    huge = "*".join(["1e15"] * 20) + "*1.7e8"
    proc = gradfig("check", f"{huge}*x - {huge}*y", "--at", "0,0", "--rtol", "1", "--json",
                   warnings_are_errors=True)
    assert proc.returncode == 1, proc.stderr
    (row,) = _strict_json(proc.stdout)["rows"]
    assert row["passed"] is False and row["norm"] is None and "cannot compare" in row["note"]


@pytest.mark.parametrize(("formula", "point", "norm"), [
    ("x**64", "1e4,0", "6.4000e+253"),
    ("exp(x)", "709.7,0", "1.6550e+308"),
])
def test_huge_norms_are_finite_without_warnings_in_text_and_strict_json(formula, point, norm) -> None:
    text = gradfig("check", formula, "--at", point, warnings_are_errors=True)
    assert text.returncode in (0, 1, 3) and text.stderr == "", text.stderr  # 3: unreliable
    assert norm in text.stdout and "inf" not in text.stdout
    as_json = gradfig("check", formula, "--at", point, "--json", warnings_are_errors=True)
    assert as_json.returncode == text.returncode and as_json.stderr == ""
    (row,) = _strict_json(as_json.stdout)["rows"]
    assert f"{row['norm']:.4e}" == norm and math.isfinite(row["error"]) and row["note"] == ""


@pytest.mark.parametrize("escape", ["\x1b]0;pwned\x07", "\x1b[2J", "\x1b[31mred", "\u202e", "\x9b2J"])
def test_terminal_escapes_in_a_formula_never_reach_the_terminal(escape: str) -> None:
    for args in (["check", f"x # {escape}", "--at", "1"],      # hidden in a comment
                 ["check", "x", "--at", f"1{escape}"],          # in a point
                 ["check", f"rosenbrock{escape}"],              # in a landscape name
                 ["check", "x", f"--bogus{escape}"]):           # in an unknown option
        proc = gradfig(*args)
        line = _one_clean_line(proc)
        assert not set(proc.stderr) & {"\x1b", "\x07", "\x9b", "\u202e"}
        assert line.isprintable()


def test_a_huge_echo_is_shortened() -> None:
    digits = "1" * 100_000
    for args in (["check", "x", "--at", digits], ["check", "x", "--at", f"{digits},2"],
                 ["check", "x", "--tol", digits], ["check", digits],
                 ["render", "--jobs", digits], ["render", "--format", digits],
                 ["check", "x", f"--{'a' * 100_000}"]):
        line = _one_clean_line(gradfig(*args))
        assert len(line) < 700, (args[:2], len(line))


def test_a_closed_pipe_ends_quietly() -> None:
    """`gradfig check ... | head`: the reader has gone before anything is written (its end of
    the pipe is closed before the command starts, so this does not depend on timing)."""
    for args in (["check", "rosenbrock"], ["list"], ["check", "x*y", "--at", "1,2", "--json"]):
        read, write = os.pipe()
        os.close(read)
        try:
            proc = gradfig(*args, stdout=write)
        finally:
            os.close(write)
        assert proc.returncode == 141, proc.stderr
        assert proc.stderr == "", proc.stderr  # no BrokenPipeError traceback, not even at exit


def test_readme_serves_the_site_on_loopback_only() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    servers = [line for line in readme.splitlines() if "http.server" in line]
    assert servers and all("--bind 127.0.0.1" in line for line in servers), servers


# --- the README's command lines, run as printed ------------------------------------------
#: Lines of the README's console blocks that no test here runs, each for a reason: the whole
#: slide set (``make figures`` and the registry's every figure at 1920 x 1080 in three formats)
#: is minutes of drawing; the same options are run below on one or two figures.
_README_NOT_RUN = (
    "make figures",
    "gradfig render --out slides --preset 16:9 --theme both --format svg,png,pdf",
)


def readme_commands() -> list[list[str]]:
    """Every ``$ `` line of the README's console blocks, as argv (comments dropped)."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", readme, re.S)
    return [shlex.split(line[2:], comments=True) for block in blocks
            for line in block.splitlines() if line.startswith("$ ")]


def _readme_lines(*commands: str) -> list[list[str]]:
    lines = [argv for argv in readme_commands() if argv[0] == "gradfig" and argv[1] in commands]
    assert lines, f"no 'gradfig {'/'.join(commands)}' line in the README"
    return lines


def test_every_readme_command_line_is_run_by_a_test() -> None:
    for argv in readme_commands():
        line = shlex.join(argv)
        run_here = argv[0] == "gradfig" and argv[1] in ("list", "check", "render")
        run_here = run_here or argv[:2] == [".venv/bin/python", "scripts/figures.py"]
        assert run_here or line in _README_NOT_RUN, f"the README's {line!r} is run by no test"


def test_the_readmes_list_and_check_lines_run_as_printed() -> None:
    for argv in _readme_lines("list", "check"):
        proc = gradfig(*argv[1:], warnings_are_errors=True)
        assert proc.returncode == 0 and proc.stdout.strip() and proc.stderr == "", (argv, proc.stderr)
        if "--json" in argv:
            json.loads(proc.stdout)


@pytest.mark.slow
def test_the_readmes_render_lines_run_as_printed(tmp_path: Path) -> None:
    lines = [argv for argv in _readme_lines("render") if shlex.join(argv) not in _README_NOT_RUN]
    root = Path(__file__).resolve().parent.parent
    lines += [argv for argv in readme_commands() if argv[:2] == [".venv/bin/python", "scripts/figures.py"]]
    for i, argv in enumerate(lines):
        out = tmp_path / str(i)
        out.mkdir()
        if argv[0] == "gradfig":
            proc = gradfig(*argv[1:], cwd=out, timeout=600)
        else:  # the chapter's figures: the repository's script, from the repository
            proc = subprocess.run([sys.executable, *argv[1:], "--out", str(out)], cwd=root,
                                  capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, (argv, proc.stderr)
        written = sorted(p.name for p in out.rglob("*") if p.is_file())
        wanted = set(argv[argv.index("--format") + 1].split(","))
        assert {name.rsplit(".", 1)[1] for name in written} == wanted, (argv, written)


# --- a property: whatever the formula and point, a clean end --------------------------------
_FUNCTIONS = ["sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sinh", "cosh", "abs"]
_LEAVES = st.one_of(
    st.sampled_from(["x", "y", "z", "pi", "e", "0", "1", "2", "0.5", "1e15", "1e-300", "100000"]),
    st.integers(0, 10**15).map(str),
    st.floats(0, 1e15, allow_nan=False).map(repr),
)


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(st.sampled_from(_FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**", "^"]), children).map(
            lambda t: f"({t[0]}){t[1]}({t[2]})"),
        children.map(lambda c: f"-{c}"),
        st.tuples(children, st.integers(-70, 70)).map(lambda t: f"({t[0]})**{t[1]}"),
    )


_NESTED = st.tuples(st.sampled_from(["sin(", "-(", "1/(1+", "sqrt(1+", "exp(", "x**("]),
                    st.integers(1, 70)).map(lambda t: t[0] * t[1] + "x" + ")" * t[1])
FORMULAS = st.one_of(
    st.recursive(_LEAVES, _extend, max_leaves=12),
    _NESTED,
    st.text(alphabet="xyz0123456789+-*/^().,e #", min_size=1, max_size=40),  # mostly not formulas
    st.sampled_from(["rosenbrock", "bowl", "worked"]),
)
COORDINATES = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["0", "1", "-1", "1e308", "-1e308", "1e-320", "709.7", "710", "1e4", "pi/2",
                     "nan", "inf", "1e999", "-0.0"]),
)
POINTS = st.lists(COORDINATES, min_size=1, max_size=3).map(",".join)
OPTIONS = st.lists(st.sampled_from([["--method", "complex"], ["--method", "forward"], ["--rtol", "1e-9"],
                                    ["--rtol", "1"], ["--tol", "0"], ["--tol", "1e300"]]),
                   max_size=2).map(lambda groups: [a for g in groups for a in g])
#: A safety net against a hang (say SymPy stuck on a pathological formula), not a speed
#: goal: a check takes well under a second.
PER_INPUT_LIMIT_S = 60


class _TooSlow(BaseException):
    """Raised by the alarm: an input took longer than PER_INPUT_LIMIT_S."""


def _run_in_process(args: list[str]) -> tuple[int, str, str, list[warnings.WarningMessage]]:
    def alarm(signum, frame):
        raise _TooSlow(f"over {PER_INPUT_LIMIT_S} s for {args!r}")

    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(PER_INPUT_LIMIT_S)
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            warnings.simplefilter("always")
            code = main(args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), err.getvalue(), caught


def _assert_a_clean_end(args: list[str], code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2, 3), (args, code)  # 3: the check cannot judge there
    assert "Traceback" not in out + err, (args, err[-2000:])
    if code == 2:
        assert out == "", args
        assert len(err.splitlines()) == 1 and err.startswith("gradfig: error: "), (args, err)
        assert err.rstrip("\n").isprintable(), (args, err)
        return
    assert err == "", (args, err)
    rows = _strict_json(out)["rows"]  # strict JSON always: no Infinity, no NaN
    for row in rows:
        if row["passed"]:  # a pass is a finite comparison
            assert row["error"] is not None and math.isfinite(row["error"]), (args, row)
            assert all(math.isfinite(v) for v in (*row["analytical"], *row["numerical"])), (args, row)
    assert (code == 0) == all(row["passed"] for row in rows), (args, code)


@settings(max_examples=300, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(formula=FORMULAS, points=st.lists(POINTS, max_size=2), options=OPTIONS)
def test_any_formula_and_point_end_cleanly(formula: str, points: list[str], options: list[str]) -> None:
    """exit 0, 1 or 2; on 2 one printable line and nothing else; no traceback, no warning, a
    verdict only from finite comparisons, within a generous time per input."""
    args = ["check", formula, *(a for p in points for a in ("--at", p)), *options, "--json"]
    code, out, err, caught = _run_in_process(args)
    event(f"exit {code}")  # `pytest --hypothesis-show-statistics` shows the mix
    _assert_a_clean_end(args, code, out, err)
    runtime = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert runtime == [], (args, runtime)


@pytest.mark.slow
@settings(max_examples=6, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(formula=FORMULAS, points=st.lists(POINTS, max_size=2), options=OPTIONS)
def test_any_formula_and_point_end_cleanly_in_a_real_process(formula: str, points: list[str],
                                                             options: list[str]) -> None:
    """The same property for a few inputs, as a real process under `python -W error`."""
    args = ["check", formula, *(a for p in points for a in ("--at", p)), *options, "--json"]
    proc = gradfig(*args, warnings_are_errors=True, timeout=PER_INPUT_LIMIT_S * 2)
    _assert_a_clean_end(args, proc.returncode, proc.stdout, proc.stderr)
