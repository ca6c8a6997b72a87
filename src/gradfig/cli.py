"""The ``gradfig`` command line.

Every user error (a bad formula, a bad point, an unknown name, a bad option) ends with one
line on stderr and exit code 2, never a traceback; a failed gradient check exits 1, as does
a figure that cannot be drawn (one line naming it). Whatever of the user's input a message
echoes is shortened and has its control characters escaped, so a hostile argument can
neither flood the terminal nor send it escape sequences. A reader that closes the pipe
early (``gradfig list | head -1``) ends the command quietly, exit 141 as for SIGPIPE;
Ctrl-C ends it with one line and exit 130 at any moment, SIGTERM and SIGHUP with one line and
exit 143 or 129, a render's worker processes ended first.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import math
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gradfig.figures.catalogue import FigureSpec

__all__ = ["UsageError", "main", "render_main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_UNRELIABLE = 3  # check: no gradient looks wrong, but the check could not judge some point
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141  # 128 + SIGINT, 128 + SIGPIPE, as shells report
#: Longest echo of one user input in a message, and longest message.
ECHO_LIMIT, MESSAGE_LIMIT = 60, 600


def shown(text: str, limit: int = ECHO_LIMIT) -> str:
    """A user's input as a message quotes it: ``repr`` (so control characters are escaped),
    shortened to ``limit`` characters with the full length said."""
    quoted = repr(text)
    if len(quoted) <= limit:
        return quoted
    return f"{quoted[:limit - 3]}...' ({len(text)} characters)"


def _one_line(message: str) -> str:
    """The last guard before the terminal: escape anything unprintable, one line, bounded."""
    message = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
    if len(message) > MESSAGE_LIMIT:
        message = f"{message[:MESSAGE_LIMIT - 120]} ... {message[-100:]}"
    return message


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one clear line and exit 2 (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


# --- gradfig list -------------------------------------------------------------------------
def _cmd_list(args: argparse.Namespace) -> int:
    from gradfig.landscapes import SCALAR_FUNCTIONS

    width = max(len(n) for n in SCALAR_FUNCTIONS)
    for name, fn in SCALAR_FUNCTIONS.items():
        print(f"{name.ljust(width)}  f({', '.join(fn.variables)}) = {fn.formula}")
    return EXIT_OK


# --- gradfig check ------------------------------------------------------------------------
def _parse_point(text: str) -> tuple[float, ...]:
    """``"1,2"`` or ``"-0.5, pi/2"`` -> floats; constants go through the safe parser."""
    from gradfig.expr import ExpressionError, number

    parts = [p.strip() for p in text.split(",")]
    if not 1 <= len(parts) <= 3 or any(not p for p in parts):
        raise UsageError(f"--at {shown(text)}: give 1 to 3 comma-separated coordinates, e.g. --at 1,2")
    coords = []
    for part in parts:
        try:  # a number, or a constant formula such as pi/2 (one rule with the playground)
            value = number(part)
        except ExpressionError as exc:
            raise UsageError(f"--at {shown(text)}: coordinate {shown(part)} is not a number: "
                             f"{exc}") from None
        if not math.isfinite(value):
            raise UsageError(f"--at {shown(text)}: coordinate {shown(part)} is not finite "
                             "(beyond the largest float, 1.8e308)")
        coords.append(value)
    return tuple(coords)


def _target_function(target: str, points: list[tuple[float, ...]]):
    """A registered name, or a formula in x, y, z whose dimension the points give."""
    from gradfig.functions import LabelledPoint, ScalarFunction
    from gradfig.landscapes import SCALAR_FUNCTIONS, names

    if target in SCALAR_FUNCTIONS:
        fn = SCALAR_FUNCTIONS[target]
        labelled = [LabelledPoint(p, f"--at {i + 1}") for i, p in enumerate(points)] or None
        return fn, labelled
    from gradfig.expr import CONSTANTS, FUNCTIONS

    # a bare name is a landscape unless the formula grammar knows it ("x", "pi", "sin")
    if target.strip().isidentifier() and target.strip() not in ("x", "y", "z", *CONSTANTS, *FUNCTIONS):
        raise UsageError(f"unknown landscape {shown(target)} (known: {', '.join(names())}; "
                         "or give a formula in x, y, z)")

    from gradfig.expr import evaluate_at, validate
    from gradfig.text import format_vector

    tree = validate(target)  # refuses bad formulas before SymPy is even imported
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in ("x", "y", "z")}
    needed = max((("x", "y", "z").index(v) + 1 for v in used), default=1)
    if points:
        dims = {len(p) for p in points}
        if len(dims) > 1:
            raise UsageError("all --at points must have the same number of coordinates")
        dim = dims.pop()
        if dim < needed:
            raise UsageError(f"the formula uses {', '.join(sorted(used))}, so each --at point "
                             f"needs {needed} coordinates, not {dim}")
        labelled = [LabelledPoint(p, f"--at {i + 1}") for i, p in enumerate(points)]
    else:
        import numpy as np

        dim = needed
        rng = np.random.default_rng(0)  # seeded: the same sample points every run
        labelled = [LabelledPoint(tuple(float(c) for c in rng.uniform(-2, 2, dim)), f"sample {i + 1}")
                    for i in range(3)]
    for p in labelled:  # log(x) at 0, 1/x at 0: refused in plain floats, before SymPy
        value = evaluate_at(tree, dict(zip(("x", "y", "z"), p.point, strict=False)))
        if not math.isfinite(value):
            what = "undefined" if math.isnan(value) else "too large for a float"
            raise UsageError(f"the formula is {what} at {format_vector(p.point)}")
    fn = ScalarFunction(name="formula", title="formula", formula=target,
                        variables=("x", "y", "z")[:dim])
    return fn, labelled


def _cmd_check(args: argparse.Namespace) -> int:
    from gradfig.check import gradient_check

    points = [_parse_point(text) for text in args.at]
    fn, labelled = _target_function(args.target, points)
    result = gradient_check(fn, labelled, method=args.method, atol=args.tol, rtol=args.rtol,
                            diagnose_failures=True)
    print(result.to_json() if args.json else result.to_text())
    if result.passed:
        return EXIT_OK
    return EXIT_FAILED if result.wrong() else EXIT_UNRELIABLE


def _tolerance(text: str) -> float:
    from gradfig.expr import ExpressionError, number

    try:
        value = number(text)
    except ExpressionError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{shown(text)} must be a finite number >= 0")
    return value


# --- gradfig render -----------------------------------------------------------------------
def _formats(text: str) -> tuple[str, ...]:
    from gradfig.render import FORMATS

    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",")))
    bad = [f for f in formats if f not in FORMATS]
    if not formats or bad:
        raise argparse.ArgumentTypeError(f"unknown format {shown((bad or [text])[0])} "
                                         f"(choose from {', '.join(FORMATS)}, comma-separated)")
    return formats


def _rate(text: str) -> float:
    from gradfig.expr import ExpressionError, number

    try:
        value = number(text)
    except ExpressionError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a number") from None
    if not math.isfinite(value) or not 0.5 <= value <= 50:
        raise argparse.ArgumentTypeError(f"{shown(text)} must be between 0.5 and 50 frames per second")
    return value


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{shown(text)} must be at least 1")
    return value


def _parse_domain(text: str) -> list[float]:
    """``"-2,2,-1,3"`` or ``"-pi,pi,-pi,pi"`` -> four floats (checked further by the library)."""
    from gradfig.expr import ExpressionError, number

    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4 or any(not p for p in parts):
        raise UsageError(f"--domain {shown(text)}: give 4 comma-separated numbers XMIN,XMAX,YMIN,YMAX, "
                         "e.g. --domain -2,2,-2,2")
    values = []
    for part in parts:
        try:  # a number, or a constant formula such as pi or -pi/2 (the playground's rule too)
            values.append(number(part))
        except ExpressionError:
            raise UsageError(f"--domain {shown(text)}: {shown(part)} is not a number") from None
    return values


def _formula_landscape(args: argparse.Namespace):
    """The landscape of ``--formula`` on ``--domain`` named ``--name``, or None without them."""
    if args.formula is None:
        for option, value in (("--domain", args.domain), ("--name", args.name)):
            if value is not None:
                raise UsageError(f"{option} goes with --formula (a formula of your own to draw)")
        return None
    if args.domain is None:
        raise UsageError("--formula needs --domain XMIN,XMAX,YMIN,YMAX, e.g. --domain -2,2,-2,2")
    from gradfig.custom import LandscapeInputError, check_domain, check_name, landscape_from_formula
    from gradfig.expr import ExpressionError

    name = args.name or "formula"
    try:
        check_name(name)
    except LandscapeInputError as exc:
        raise UsageError(f"--name: {exc}") from None
    try:
        check_domain(_parse_domain(args.domain))
    except LandscapeInputError as exc:
        raise UsageError(f"--domain {shown(args.domain)}: {exc}") from None
    try:
        return landscape_from_formula(args.formula, _parse_domain(args.domain), name=name)
    except (ExpressionError, LandscapeInputError) as exc:
        raise UsageError(f"--formula {shown(args.formula)}: {exc}") from None


def _library_figures(args: argparse.Namespace) -> tuple[Mapping[str, FigureSpec], dict[str, str], str]:
    """What ``gradfig render`` draws: the registry's figures, or those of ``--formula``; the
    other names ``--only`` accepts for them; whose figures they are, for a message."""
    from gradfig.figures.catalogue import landscape_figures, registry_figures

    if args.map is not None:
        return _map_figures(args)
    for option, value in (("--at", args.at), ("--radius", args.radius)):
        if value is not None:
            raise UsageError(f"{option} goes with --map (a map of the plane of your own to draw)")
    landscape = _formula_landscape(args)  # every input is checked before anything is written
    if landscape is not None:
        figures = landscape_figures(landscape)
        field, descent = list(figures)
        return (figures, {"field": field, "descent": descent, landscape.name: field},
                f" for the landscape {landscape.name!r}")
    from gradfig.landscapes import LANDSCAPES

    return registry_figures(LANDSCAPES.values()), {name: f"field-{name}" for name in LANDSCAPES}, ""


def _radius(text: str) -> float:
    """``--radius 0.3`` or ``--radius pi/10``: a positive finite number."""
    from gradfig.expr import ExpressionError, number

    try:
        value = number(text)
    except ExpressionError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{shown(text)} must be a positive finite number")
    return value


def _map_figures(args: argparse.Namespace) -> tuple[Mapping[str, FigureSpec], dict[str, str], str]:
    """``--map F1,F2 --at X,Y [--radius R]``: the Jacobian figure of one's own map, checked
    (the grammar, two formulas in x and y, finite at and around the point) before drawing.
    The point's coordinates go to the figure as typed, so ``--at 2,pi/6`` shows π/6."""
    from gradfig.custom_map import MapInputError, check_point, map_from_formulas
    from gradfig.expr import ExpressionError
    from gradfig.figures.catalogue import jacobian_spec

    if args.formula is not None:
        raise UsageError("--formula and --map draw different figures: give one of them")
    if args.domain is not None:
        raise UsageError("--domain goes with --formula; with --map, --at and --radius say where to draw")
    if args.at is None:
        raise UsageError("--map needs --at X,Y, the point where J is taken, e.g. --at 1,2")
    _parse_point(args.at)  # the same checks and messages as check's --at
    texts = tuple(part.strip() for part in args.at.split(","))
    if len(texts) != 2:
        raise UsageError(f"--at {shown(args.at)}: a map of the plane needs 2 coordinates, e.g. --at 1,2")
    from gradfig.functions import valid_name

    try:
        name = valid_name(args.name or "map")
    except ValueError as exc:
        raise UsageError(f"--name: {exc}") from None
    try:
        vmap = map_from_formulas(args.map, name=name)
    except (MapInputError, ExpressionError) as exc:
        raise UsageError(f"--map {shown(args.map)}: {exc}") from None
    try:
        check_point(vmap, texts, args.radius)
    except MapInputError as exc:
        raise UsageError(f"--map {shown(args.map)} --at {shown(args.at)}: {exc}") from None
    except ExpressionError as exc:
        raise UsageError(f"--map {shown(args.map)}: {exc}") from None
    spec = jacobian_spec(vmap, texts, args.radius)
    return {spec.name: spec}, {"jacobian": spec.name, vmap.name: spec.name}, f" for the map {vmap.name!r}"


def _folder(text: str) -> str:
    """A folder argument: an empty one would silently mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name is not allowed (use . for the "
                                         "current folder)")
    return text


def _render(args: argparse.Namespace, figures: Mapping[str, FigureSpec], aliases: Mapping[str, str],
            of: str = "") -> int:
    """Render ``--only`` of ``figures`` (default all) as the options say."""
    from gradfig.export import OutputError
    from gradfig.figures.catalogue import select
    from gradfig.render import RenderError, default_cache_dir, plan, render

    themes = ("light", "dark") if args.theme == "both" else (args.theme,)
    if args.no_title and args.title is not None:
        raise UsageError("--title and --no-title contradict each other: give one of them")
    if args.embed and "html" not in args.format:
        raise UsageError("--embed makes html pages for a frame: give it with --format html")
    try:
        specs = select(figures, args.only, aliases, of) if args.only else list(figures.values())
    except KeyError as exc:
        raise UsageError(f"--only: {exc.args[0]}") from None
    try:
        jobs = plan(specs, themes, (args.preset,), args.format, title="" if args.no_title else args.title,
                    lecture=args.lecture, transparent=args.transparent, frames=args.frames, fps=args.fps,
                    embed=args.embed)
    except ValueError as exc:
        raise UsageError(f"--format: {exc}") from None
    if "mp4" in args.format:
        from gradfig.figures.animation import ffmpeg_path

        if ffmpeg_path() is None:  # before anything is drawn
            raise UsageError("--format mp4 needs ffmpeg, and none is installed: 'apt-get install ffmpeg' "
                             "(Debian) or 'pip install imageio-ffmpeg'; or use --format gif")
    cache = None if args.no_cache else (args.cache or default_cache_dir())
    progress = None if args.quiet else (lambda line: print(line, flush=True))
    try:
        report = render(jobs, args.out, workers=args.jobs, cache_dir=cache, progress=progress)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    except RenderError as exc:
        print(f"{args.prog}: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"{len(jobs)} figures ({report.drawn} drawn, {report.cached} from cache): "
              f"{len(report.written)} files written, {len(report.unchanged)} unchanged, "
              f"in {args.out} ({report.seconds:.1f} s)")
    return EXIT_OK


def _cmd_render(args: argparse.Namespace) -> int:
    return _render(args, *_library_figures(args))


def _render_options(p: argparse.ArgumentParser, only_help: str) -> None:
    """The options of every figure-rendering command: where, which, how."""
    p.add_argument("--out", type=_folder, default="figures", metavar="DIR",
                   help="output folder (default figures)")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help=only_help + " (repeatable; default: all)")
    p.add_argument("--format", type=_formats, default=("svg", "png"), metavar="svg,png,pdf,html,gif,mp4",
                   help="comma-separated formats (default svg,png); html: an interactive page of "
                   "each field, plotly.js included, that works offline; gif, mp4: each descent "
                   "figure animated, its paths growing step by step (mp4 needs ffmpeg)")
    p.add_argument("--frames", type=_workers, default=40, metavar="N",
                   help="frames of a gif or mp4 animation (default 40)")
    p.add_argument("--fps", type=_rate, default=10, metavar="R",
                   help="frames per second of a gif or mp4 animation (default 10)")
    p.add_argument("--preset", choices=("page", "16:9", "4:3"), default="page",
                   help="page: the site's size (PNG at 2x); 16:9: 1920x1080; 4:3: 1600x1200")
    p.add_argument("--theme", choices=("light", "dark", "both"), default="light",
                   help="colour theme (default light)")
    p.add_argument("--title", default=None, metavar="TEXT",
                   help="replace each figure's title with TEXT (for a slide)")
    p.add_argument("--no-title", action="store_true",
                   help="draw no title (the slide has its own)")
    p.add_argument("--lecture", action="store_true",
                   help="lecture size: larger text, heavier lines and level curves, for a figure "
                   "shrunk under a slide title")
    p.add_argument("--transparent", action="store_true",
                   help="no background in PNG, SVG and PDF (the slide's colour shows through)")
    p.add_argument("--embed", action="store_true",
                   help="html pages that fill the frame holding them (an iframe on a slide): the plot "
                   "and the readout, the controls folded; written as <field>-<theme>-embed.html")
    p.add_argument("--jobs", type=_workers, default=None, metavar="N",
                   help="worker processes (default: one per CPU)")
    p.add_argument("--cache", type=_folder, default=None, metavar="DIR",
                   help="content cache folder (default $GRADFIG_FIGURE_CACHE, else "
                   "$XDG_CACHE_HOME/gradfig/figures; shared with make site)")
    p.add_argument("--no-cache", action="store_true", help="draw everything, use no cache")
    p.add_argument("--quiet", action="store_true", help="no progress lines")


# --- wiring -------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gradfig", description="Gradients, checked: partials, gradients and "
                     "Jacobians of any formula, computed, checked and drawn.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                metavar="COMMAND")

    p = sub.add_parser("list", help="list the registered landscapes and examples",
                       description="List every registered function with its formula.")
    p.set_defaults(run=_cmd_list)

    p = sub.add_parser(
        "check", help="check an analytical gradient against numerical differences",
        description="Check the analytical gradient of a registered landscape or of a formula "
        "against numerical differences. A point passes if the error norm is at most "
        "tol + rtol*|numerical| (by default 1e-4, the chapter's own rule). A point that does not "
        "pass is told apart: FAIL if the gradient looks wrong, 'unreliable' if the check's own "
        "error there (the step's truncation, measured by halving the step, plus round-off) is as "
        "large as the difference, so it cannot judge: a step not small against the function's "
        "scale, or entries so large that the tolerance is below their round-off. Exit 0 if every "
        "point passes, 1 if one FAILs, 3 if none FAILs but one is unreliable, 2 on bad input.",
        epilog="examples:\n  gradfig check rosenbrock\n"
        "  gradfig check \"x**2 + 3*x*y + z**4\" --at 1,2,3\n"
        "  gradfig check \"sin(x)*cos(y)\" --at=-1,0.5 --method complex --json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("target", help="a landscape name (see 'gradfig list') or a formula in x, y, z "
                   "(+ - * / ** or ^, sin cos tan exp log sqrt tanh sinh cosh abs, pi, e)")
    p.add_argument("--at", action="append", default=[], metavar="X,Y[,Z]",
                   help="a point to check at (repeatable); default: the landscape's own points")
    p.add_argument("--tol", type=_tolerance, default=1e-4, metavar="T",
                   help="absolute tolerance on the error norm (default 1e-4)")
    p.add_argument("--rtol", type=_tolerance, default=0.0, metavar="R",
                   help="relative tolerance: pass if error <= tol + rtol*|numerical| (default 0)")
    p.add_argument("--method", choices=("central", "forward", "complex"), default="central",
                   help="numerical differences to compare with (default central)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=_cmd_check)

    p = sub.add_parser(
        "render", help="render figures (SVG, PNG, PDF, or an interactive HTML page) for pages or slides",
        description="Render the registry's figures (each landscape's gradient field, the panel of "
        "them all, each landscape's gradient-descent preview), or the field and descent preview "
        "of a formula of your own (--formula, --domain). File names say what they are: "
        "<figure>-<theme>[-<preset>].<format>, e.g. field-bowl-dark-16x9.png; the page preset "
        "writes <figure>-<theme>.svg and a 2x <figure>-<theme>@2x.png. The html format writes a "
        "standalone, offline page of a field where hovering reads the exact f and gradient: "
        "<field>-<theme>.html. Figures are drawn in parallel and cached by content, so an "
        "unchanged figure is not drawn again.",
        epilog="examples:\n  gradfig render --out slides --preset 16:9 --theme both --format png,pdf\n"
        "  gradfig render --only rosenbrock --only descent-rosenbrock --theme dark\n"
        "  gradfig render --formula \"x*exp(-x**2-y**2)\" --domain -2,2,-2,2 --name wave "
        "--preset 16:9 --format png,html\n"
        "  gradfig render --map \"x^2 - y, x*y\" --at 1,2 --preset 16:9 --format png,pdf",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _render_options(p, "a figure (field-bowl, panel, descent-bowl, ...) or a landscape name for its "
                    "field; with --formula: field or descent")
    p.add_argument("--formula", default=None, metavar="EXPR",
                   help="draw this function of x and y instead of the registry's figures "
                   "(the same safe grammar as 'check'; needs --domain)")
    p.add_argument("--domain", default=None, metavar="XMIN,XMAX,YMIN,YMAX",
                   help="where to draw --formula, e.g. -2,2,-2,2 or -pi,pi,-pi,pi")
    p.add_argument("--name", default=None, metavar="NAME",
                   help="the formula's (or map's) name in file names: field-NAME-light.png (default formula; "
                   "1 to 40 lower-case letters, digits and hyphens, starting with a letter, as in "
                   "the registry)")
    p.add_argument("--map", default=None, metavar="F1,F2",
                   help="draw the Jacobian figure of this map of the plane instead: two formulas in "
                   "x and y, comma-separated, e.g. \"x^2 - y, x*y\" (needs --at; file "
                   "jacobian-NAME-<theme>..., NAME from --name, default map)")
    p.add_argument("--at", default=None, metavar="X,Y",
                   help="with --map: the point x0 where J is taken, e.g. 1,2 or 2,pi/6 (shown as typed)")
    p.add_argument("--radius", type=_radius, default=None, metavar="R",
                   help="with --map: the radius of the disc around x0 (default a fifth of max(1, |x0|))")
    p.set_defaults(run=_cmd_render, prog="gradfig")

    return parser


_CHECK_VALUE_OPTIONS = ("--at", "--tol", "--rtol", "--method")
# render options whose value may start with a minus: --domain -2,2,-2,2, --formula -x^2
_RENDER_VALUE_OPTIONS = ("--domain", "--formula", "--map", "--at", "--radius", "--title")
_OPTION = re.compile(r"--?[A-Za-z][A-Za-z0-9-]*(=.*)?", re.DOTALL)


def _glue_negative_values(argv: Sequence[str]) -> list[str]:
    """Let ``check --at -1,2`` and ``check "-x^2"`` work: argparse would take ``-1,2`` or a
    formula starting with a minus for an option. Option values are glued (``--at=-1,2``);
    a formula starting with ``-`` (or given after ``--``) is passed after ``--``. For
    ``render``, the values of ``--domain`` and ``--formula`` are glued the same way."""
    if argv and argv[0] == "render":
        out, it = [], iter(argv)
        for arg in it:
            value = next(it, None) if arg in _RENDER_VALUE_OPTIONS else None
            out.append(arg if value is None else f"{arg}={value}")
        return out
    if not argv or argv[0] != "check":
        return list(argv)
    out: list[str] = []
    formula: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg in _CHECK_VALUE_OPTIONS:
            value = next(it, None)
            out.append(arg if value is None else f"{arg}={value}")
        elif arg == "--":
            formula.extend(v for v in [next(it, None)] if v is not None)
        elif arg.startswith("-") and arg != "-h" and not _OPTION.fullmatch(arg):
            formula.append(arg)  # "-x^2", "--x" is an option, "---x" or "-(x)" a formula
        else:
            out.append(arg)
    return [*out, "--", *formula] if formula else out


def _run(build: Callable[[], argparse.ArgumentParser], argv: list[str], prog: str) -> int:
    """Build the parser, parse ``argv`` and run the command, turning every failure into one
    line and its exit code.

    Everything from the first import on is inside the ``try``, so Ctrl-C at any moment (while
    NumPy or SymPy is still being imported, too) ends with the one line and exit 130, and
    SIGTERM or SIGHUP (while a render's workers exist, or anywhere in a command) with one line
    and 128 + the signal's number, after the render has ended its workers.
    """
    try:
        return _run_guarded(build, argv)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SystemExit as exc:  # gradfig.render.Terminated: SIGTERM or SIGHUP
        name = getattr(exc, "signal_name", None)
        if name is None:
            raise
        print(f"{prog}: terminated by {name}", file=sys.stderr)
        return int(exc.code)  # type: ignore[arg-type]


def _run_guarded(build: Callable[[], argparse.ArgumentParser], argv: list[str]) -> int:
    from gradfig.check import CheckInputError
    from gradfig.expr import ExpressionError
    from gradfig.landscapes import UnknownNameError
    from gradfig.render import terminate_on_signals

    parser = build()
    prog = parser.prog
    try:
        with terminate_on_signals():
            args = parser.parse_args(argv)
            code = args.run(args)
            sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
            return code
    except (UsageError, ExpressionError, CheckInputError, UnknownNameError) as exc:
        print(f"{prog}: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except RecursionError:  # the parser's depth limit should make this unreachable
        print(f"{prog}: error: the input is too deeply nested", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`gradfig check ... | head -1`): stop quietly, as Unix tools
        # do. Point stdout at /dev/null so the interpreter's final flush cannot complain.
        with contextlib.suppress(OSError, ValueError):  # ValueError: stdout is no real file
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    return _run(build_parser, _glue_negative_values(sys.argv[1:] if argv is None else argv), "gradfig")


def render_main(figures: Mapping[str, FigureSpec], argv: Sequence[str] | None = None, *, prog: str,
                description: str, aliases: Mapping[str, str] | None = None) -> int:
    """A command of one's own that renders ``figures`` as ``gradfig render`` does.

    The same options (``--out``, ``--only``, ``--format``, ``--preset``, ``--theme``,
    ``--title``, ``--no-title``, ``--lecture``, ``--transparent``, ``--frames``, ``--fps``,
    ``--embed``, ``--jobs``, ``--cache``,
    ``--no-cache``, ``--quiet``), the same shared cache, messages and
    exit codes; ``--only`` takes the catalogue's names (and ``aliases``). A book's build can
    give its own figure set a command this way::

        sys.exit(render_main(MY_FIGURES, prog="figures.py", description="Render the book's figures."))

    Returns
    -------
    int
        The exit code (0, 1 if a figure cannot be drawn, 2 on bad input, 130 on Ctrl-C).
    """
    def build() -> argparse.ArgumentParser:
        parser = _Parser(prog=prog, description=description)
        _render_options(parser, f"a figure: {', '.join(figures)}")
        parser.set_defaults(run=lambda args: _render(args, figures, aliases or {}), prog=prog)
        return parser

    return _run(build, list(sys.argv[1:] if argv is None else argv), prog)


if __name__ == "__main__":
    sys.exit(main())
