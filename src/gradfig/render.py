"""Render static figures to files: in parallel, cached by content, with progress lines.

A *job* is one figure in one theme at one preset, saved in one or more formats. The figures
are the chapter's (:data:`gradfig.figures.static.FIGURES`, by name) or those of any landscape
a job carries, such as one typed on the command line (:func:`landscape_figures`: its field
and its gradient-descent preview). A field can also be saved as ``html``: a standalone,
interactive page (:func:`gradfig.figures.page.field_page`), one per field and theme. Each
output has a content key: a hash of everything that can change its bytes (the code that
draws it, the style files, the registry definitions it draws, the preset, the format and
the library versions). When the cache holds every output of a job, nothing is drawn; the
bytes are copied from the cache, and :func:`gradfig.export.write_bytes` skips files that
already hold them. Otherwise jobs are drawn in worker processes (matplotlib's Agg canvas,
one figure per job) and the main process writes the results, so every file still goes
through the one writer, atomically.

A figure that fails to draw stops the render with one :class:`RenderError` naming the
figure and the landscapes it shows; an interrupt (Ctrl-C) or any other error cancels the
jobs not yet started and ends the workers at once, so nothing keeps drawing in the
background.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from gradfig import export

if TYPE_CHECKING:
    from gradfig.figures.static import FigureSpec
    from gradfig.functions import Landscape

__all__ = [
    "FORMATS",
    "Job",
    "RenderError",
    "RenderReport",
    "default_cache_dir",
    "file_name",
    "landscape_figures",
    "plan",
    "render",
    "resolve_names",
]

#: Every format a job can be saved in: the figure formats, and ``html`` for a field's page.
FORMATS: tuple[str, ...] = (*export.FIGURE_FORMATS, "html")
_PACKAGE = Path(__file__).resolve().parent
# The source files whose contents decide what a figure looks like. Other modules of the
# package (the CLI, the snippets) can change without invalidating any figure. landscapes.py is
# not here: each figure's key carries the repr of the definitions it draws (FigureSpec.depends),
# so editing one landscape re-renders only the figures that show it.
_CODE_FILES = ("functions.py", "critical.py", "expr.py", "numdiff.py", "check.py",
               "accuracy.py", "descent.py", "export.py", "render.py",
               "figures/static.py", "figures/style.py", "figures/gradfig.mplstyle",
               "figures/gradfig-dark.mplstyle")
# What an html page is made of (it shows no matplotlib figure).
_PAGE_FILES = ("functions.py", "critical.py", "expr.py", "render.py", "figures/static.py",
               "figures/interactive.py",
               "figures/page.py", "figures/assets/fields.mjs", "figures/assets/descent.mjs",
               "figures/assets/format.mjs", "figures/assets/load.mjs", "figures/assets/gradfig-fields.css")


#: Environment variable naming the figure cache folder (default: see :func:`default_cache_dir`).
CACHE_ENV = "GRADFIG_FIGURE_CACHE"


class RenderError(RuntimeError):
    """A figure could not be drawn; the message names the figure and its landscapes."""


def file_name(figure: str, theme: str, preset: str, fmt: str) -> str:
    """What a file is, in its name: ``field-bowl-dark-16x9.png``, ``panel-light@2x.png``.

    The page preset keeps the site's names (contract): ``<name>-<theme>.svg`` and the 2x
    raster ``<name>-<theme>@2x.png``; slide presets add their aspect ratio. A page has no
    preset: ``field-wave-dark.html``.
    """
    from gradfig.figures.style import PRESETS

    if fmt == "html":
        return f"{figure}-{theme}.html"
    p = PRESETS[preset]
    if p.tag:
        return f"{figure}-{theme}-{p.tag}.{fmt}"
    return f"{figure}-{theme}@{p.png_scale}x.png" if fmt == "png" else f"{figure}-{theme}.{fmt}"


@dataclass(frozen=True)
class Job:
    """One figure, one theme, one preset, some formats.

    ``landscape`` is None for the chapter's figures (:data:`~gradfig.figures.static.FIGURES`);
    a job for any other landscape carries it, and ``figure`` names one of its
    :func:`landscape_figures`.
    """

    figure: str
    theme: str
    preset: str
    formats: tuple[str, ...]
    landscape: Landscape | None = None

    def file_names(self) -> dict[str, str]:
        return {fmt: file_name(self.figure, self.theme, self.preset, fmt) for fmt in self.formats}

    def label(self) -> str:
        return f"{self.figure} {self.theme} {self.preset}"


def resolve_names(names: Iterable[str]) -> list[str]:
    """Figure names in registry order; a landscape name means its field figure.

    Raises
    ------
    KeyError
        For a name that is neither a figure nor a landscape; the message lists both.
    """
    from gradfig.figures.static import FIGURES
    from gradfig.landscapes import LANDSCAPES

    wanted = set()
    for name in names:
        if name in FIGURES:
            wanted.add(name)
        elif name in LANDSCAPES:
            wanted.add(f"field-{name}")
        else:
            raise KeyError(f"unknown figure {name!r} (figures: {', '.join(FIGURES)}; "
                           f"landscapes: {', '.join(LANDSCAPES)})")
    return [n for n in FIGURES if n in wanted]


def landscape_figures(landscape: Landscape) -> dict[str, FigureSpec]:
    """The figures of any landscape: ``field-<name>`` and ``descent-<name>``.

    The field shows the landscape's critical points and a query point with its ∇f (the
    steepest of its check points, or of sample points inside the domain); the descent
    preview's start and steps are chosen from its shape (:func:`gradfig.descent.preview`).
    Each spec's ``depends`` is the landscape's repr, so the cache key changes with any part
    of its definition.
    """
    from gradfig.figures.static import FigureSpec, descent_figure, field_figure, query_point

    name, title = landscape.name, landscape.title
    try:
        query = query_point(landscape)
    except ValueError:  # ∇f = 0 at every sample point (a constant is refused earlier)
        query = None

    def field(*, theme: str, size: tuple[float, float]):
        return field_figure(landscape, theme=theme, size=size, query=query)

    def preview(*, theme: str, size: tuple[float, float]):
        return descent_figure(landscape, theme=theme, size=size)

    return {f"field-{name}": FigureSpec(f"field-{name}", f"{title} gradient field", (8, 6.4), field,
                                        repr(landscape)),
            f"descent-{name}": FigureSpec(f"descent-{name}", f"Gradient descent on {title}", (8, 6.4),
                                          preview, repr(landscape))}


def _resolve_own(landscape: Landscape, names: Iterable[str]) -> list[str]:
    """``field``/``descent`` (or ``field-<name>``, ``descent-<name>``, ``<name>``) of a landscape."""
    figures = list(landscape_figures(landscape))
    aliases = {landscape.name: figures[0], "field": figures[0], "descent": figures[1],
               **{f: f for f in figures}}
    wanted = set()
    for name in names:
        if name not in aliases:
            raise KeyError(f"unknown figure {name!r} for the landscape {landscape.name!r} "
                           f"(choose from field, descent)")
        wanted.add(aliases[name])
    return [f for f in figures if f in wanted]


def plan(names: Sequence[str] | None = None, themes: Sequence[str] = ("light", "dark"),
         presets: Sequence[str] = ("page",), formats: Sequence[str] = ("svg", "png"),
         landscape: Landscape | None = None) -> list[Job]:
    """Every job for these figures (default all) x themes x presets.

    Parameters
    ----------
    names
        Figure or landscape names (:func:`resolve_names`); with ``landscape``: ``field`` and/or
        ``descent``. Default: all.
    themes, presets, formats
        What to make of each figure. ``html`` applies to fields only, once per theme (in the
        first preset's jobs): a page has no preset.
    landscape
        Render this landscape's figures (:func:`landscape_figures`) instead of the chapter's.

    Raises
    ------
    KeyError
        An unknown name.
    ValueError
        ``html`` asked for, but no field among the figures.
    """
    from gradfig.figures.static import FIGURES

    if landscape is not None:
        figures = _resolve_own(landscape, names) if names else list(landscape_figures(landscape))
    else:
        figures = resolve_names(names) if names else list(FIGURES)
    jobs = []
    for f in figures:
        for p in presets:
            wanted = tuple(fmt for fmt in formats
                           if fmt != "html" or (f.startswith("field-") and p == presets[0]))
            jobs += [Job(f, t, p, wanted, landscape) for t in themes if wanted]
    if "html" in formats and not any("html" in job.formats for job in jobs):
        raise ValueError("html pages are made for fields only, and no field was asked for")
    return jobs


# --- content keys ---------------------------------------------------------------------------
@cache
def _code_fingerprint() -> str:
    import matplotlib
    import numpy
    import sympy

    parts: list[str | bytes] = [f"matplotlib {matplotlib.__version__}",
                                f"numpy {numpy.__version__}", f"sympy {sympy.__version__}"]
    for name in _CODE_FILES:
        parts += [name, (_PACKAGE / name).read_bytes()]
    return export.content_key(*parts)


def _dpi(preset: str, fmt: str) -> int:
    """Pixels per inch: the preset's for PNG (times its scale).

    In SVG and PDF only the heatmap image depends on it. SVG embeds it at 48 dpi: a page
    field's heatmap is then ~240 px wide, the resolution of the 241 samples it is drawn
    from, and the browser smooths it when scaling (a field's SVG is 28 % lighter on the
    wire than at 72 dpi, with no visible change). PDF at 100 dpi, enough for a projector.
    """
    from gradfig.figures.style import PRESETS

    p = PRESETS[preset]
    return {"png": p.dpi * p.png_scale, "svg": 48}.get(fmt, 100)


@cache
def _page_fingerprint() -> str:
    import plotly
    import sympy

    from gradfig import __version__

    parts: list[str | bytes] = [f"gradfig {__version__}", f"plotly {plotly.__version__}",
                                f"sympy {sympy.__version__}"]
    for name in _PAGE_FILES:
        parts += [name, (_PACKAGE / name).read_bytes()]
    return export.content_key(*parts)


# Landscapes of the jobs being drawn, warmed up in the parent (see _warm_up): a forked worker
# finds its job's landscape here, with everything derived from it already computed.
_WARM: dict[Landscape, Landscape] = {}


def _job_landscape(job: Job) -> Landscape | None:
    return None if job.landscape is None else _WARM.get(job.landscape, job.landscape)


def _spec(job: Job) -> FigureSpec:
    from gradfig.figures.static import FIGURES

    landscape = _job_landscape(job)
    return FIGURES[job.figure] if landscape is None else landscape_figures(landscape)[job.figure]


def _page_landscape(job: Job) -> Landscape:
    """The landscape whose page a field job makes."""
    from gradfig.landscapes import LANDSCAPES

    return _job_landscape(job) or LANDSCAPES[job.figure.removeprefix("field-")]


def job_keys(job: Job) -> dict[str, str]:
    """The content key of each output of ``job``."""
    from gradfig.figures.style import PRESETS

    spec = _spec(job)
    size = PRESETS[job.preset].size or spec.page_size
    return {fmt: (export.content_key(_page_fingerprint(), "page", repr(_page_landscape(job)), job.theme)
                  if fmt == "html" else
                  export.content_key(_code_fingerprint(), spec.name, spec.depends, job.theme,
                                     repr(size), str(_dpi(job.preset, fmt)), fmt))
            for fmt in job.formats}


# --- drawing (runs in worker processes) -----------------------------------------------------
def draw_job(job: Job) -> tuple[dict[str, bytes], float, float]:
    """Draw one job; returns its bytes per format, the wall seconds and the CPU seconds."""
    from gradfig.figures.style import PRESETS, themed

    start, cpu = time.perf_counter(), time.process_time()
    data: dict[str, bytes] = {}
    figure_formats = [fmt for fmt in job.formats if fmt != "html"]
    if figure_formats:
        spec = _spec(job)
        size = PRESETS[job.preset].size or spec.page_size
        with themed(job.theme):
            figure = spec.draw(theme=job.theme, size=size)
            # Lay the figure out once and freeze it: constrained layout would otherwise run
            # again for every format saved (it is a third of the drawing time).
            figure.draw_without_rendering()
            figure.set_layout_engine("none")
            data = {fmt: export.figure_bytes(figure, fmt, _dpi(job.preset, fmt)) for fmt in figure_formats}
    if "html" in job.formats:
        from gradfig.figures.page import field_page

        data["html"] = field_page(_page_landscape(job), job.theme).encode("utf-8")
    return data, time.perf_counter() - start, time.process_time() - cpu


def _warm_up(jobs: Iterable[Job] = ()) -> None:
    """Do the shared work once in the parent, so forked workers inherit it.

    Importing the drawing code and computing each figure's caption fills the caches that
    every drawing of it needs (compiled functions, critical points from SymPy, error
    curves, descent paths); forked workers start with them instead of each redoing them.
    A landscape a job carries is warmed up the same way and kept in ``_WARM``.
    No matplotlib backend is selected: figures are saved by format, never through pyplot.
    """
    import numpy as np

    from gradfig import descent
    from gradfig.figures import static

    for job in dict.fromkeys(jobs):
        try:
            if job.landscape is None:
                static.caption(job.figure)
            elif job.landscape not in _WARM:
                landscape = _WARM[job.landscape] = job.landscape
                with np.errstate(all="ignore"):  # only compiling f and ∇f: any point will do
                    landscape(np.zeros(2))
                    landscape.gradient(np.zeros(2))
                _ = landscape.critical_points
                descent.preview(landscape)
        except Exception as exc:
            raise _failure(job, exc, drawing=False) from None


# --- the driver -----------------------------------------------------------------------------
@dataclass
class RenderReport:
    """What a render did."""

    drawn: int = 0                 # jobs drawn
    cached: int = 0                # jobs served from the cache
    written: list[Path] = field(default_factory=list)    # files whose bytes changed
    unchanged: list[Path] = field(default_factory=list)  # files that already held the bytes
    outputs: dict[Path, bytes] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0       # CPU time spent drawing, summed over workers


def default_cache_dir() -> Path:
    """The one figure cache ``make site``, ``make figures`` and ``gradfig render`` share.

    ``$GRADFIG_FIGURE_CACHE`` if set, else ``$XDG_CACHE_HOME/gradfig/figures``
    (``~/.cache/gradfig/figures``). Entries are keyed by content, so every clone, worktree
    and command can share it safely: a figure is drawn once, whoever asks first.
    """
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gradfig" / "figures"


def _landscapes_of(job: Job) -> list[str]:
    """Names of the landscapes a job's figure draws (from its cache key's definitions)."""
    own = getattr(job, "landscape", None)  # a job for a landscape of one's own carries it
    if own is not None:
        return [own.name]
    from gradfig.figures.static import FIGURES
    from gradfig.landscapes import LANDSCAPES

    depends = FIGURES[job.figure].depends
    return [name for name, landscape in LANDSCAPES.items() if repr(landscape) in depends]


def _failure(job: Job, exc: BaseException, *, drawing: bool = True) -> RenderError:
    """One line naming the figure, its landscapes (and theme and preset, when ``drawing``),
    and what went wrong."""
    try:
        names = _landscapes_of(job)
    except Exception:  # the registry itself may be what is broken
        names = []
    parts = [f"landscape{'s' if len(names) > 1 else ''} {', '.join(names)}"] if names else []
    parts += [f"{job.theme}, {job.preset}"] if drawing else []
    where = f" ({'; '.join(parts)})" if parts else ""
    reason = " ".join(str(exc).split()) or "no message"  # one line, whatever the message
    if len(reason) > 300:
        reason = reason[:297] + "..."
    verb = "drawn" if drawing else "prepared"
    return RenderError(f"figure {job.figure}{where} could not be {verb}: {type(exc).__name__}: {reason}")


def _draw(job: Job) -> tuple[dict[str, bytes], float, float]:
    """:func:`draw_job`, with a failure turned into a :class:`RenderError` naming the job."""
    try:
        return draw_job(job)
    except Exception as exc:
        raise _failure(job, exc) from None


def _worker_init() -> None:
    """Workers ignore Ctrl-C: the terminal sends SIGINT to the whole process group, and the
    main process, not each worker, decides what stops (it cancels and ends them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _draw_in_pool(misses: list[Job], workers: int,
                  store: Callable[[Job, dict[str, bytes], float, float], None],
                  meanwhile: Callable[[], object] | None = None) -> None:
    """Draw ``misses`` in ``workers`` processes, handing each result to ``store`` in the
    main process as it arrives; ``meanwhile`` runs here once every job is handed out.

    If anything goes wrong here (a figure fails, Ctrl-C, the output cannot be written),
    the jobs not yet started are cancelled and the workers are ended at once, not left to
    draw every pending job before the error can surface.
    """
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    _warm_up(misses)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=_worker_init)
    try:
        # Largest jobs first keeps both cores busy to the end.
        ordered = sorted(misses, key=lambda j: (j.figure != "panel", not j.figure.startswith("field")))
        futures = {pool.submit(_draw, job): job for job in ordered}
        if meanwhile is not None:  # the workers are forked and busy: this process is free
            meanwhile()
        for future in as_completed(futures):
            job = futures[future]
            try:
                result = future.result()
            except BrokenProcessPool:
                raise RenderError(f"figure {job.figure} ({job.theme}, {job.preset}) could not be "
                                  "drawn: a worker process died (out of memory?)") from None
            store(job, *result)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for process in set(multiprocessing.active_children()) - before:
            process.terminate()  # a running job is abandoned: its result would be discarded
        for process in set(multiprocessing.active_children()) - before:
            process.join()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def render(jobs: Sequence[Job], out: str | os.PathLike[str], *, workers: int | None = None,
           cache_dir: str | os.PathLike[str] | None = None,
           progress: Callable[[str], None] | None = None,
           meanwhile: Callable[[], object] | None = None) -> RenderReport:
    """Render ``jobs`` into folder ``out``.

    Parameters
    ----------
    jobs
        From :func:`plan`.
    out
        Output folder (created if missing).
    workers
        Worker processes; default: the CPU count. ``1`` draws in this process.
    cache_dir
        The content cache; ``None`` disables it (everything is drawn).
    progress
        Called with one line per job (``print`` for the CLI, ``None`` for quiet).
    meanwhile
        Other work for this process while the workers draw (the site build computes its
        snippets, notebook and field payloads then): called once, after every job has been
        handed to a worker and before any result is written. If it raises, the render is
        cancelled as on Ctrl-C. Without workers it runs before the drawing.
    """
    start = time.perf_counter()
    out_dir = export.ensure_folder(out)  # an unusable folder fails now, not after drawing
    export.clean_stale_temps(out_dir)  # left by a render that was killed
    cache = None
    if cache_dir is not None:
        try:
            cache = export.ContentCache(export.ensure_folder(cache_dir))
        except export.OutputError as exc:
            raise export.OutputError(f"cache folder: {exc}") from None
        cache.clean()
    report = RenderReport()
    keys = {job: job_keys(job) for job in jobs}
    done = 0

    def finish(job: Job, data: dict[str, bytes], note: str) -> None:
        nonlocal done
        done += 1
        for fmt, name in job.file_names().items():
            path = out_dir / name
            report.outputs[path] = data[fmt]
            (report.written if export.write_bytes(path, data[fmt]) else report.unchanged).append(path)
        if progress is not None:
            width = len(str(len(jobs)))
            progress(f"[{done:>{width}}/{len(jobs)}] {job.label():<34} "
                     f"{' '.join(job.formats):<12} {note}")

    misses = []
    for job in jobs:
        items = list(keys[job].items())
        if cache is not None and cache.has_all((k, f) for f, k in items):
            data = {f: cache.get(k, f) for f, k in items}
            if all(v is not None for v in data.values()):
                report.cached += 1
                finish(job, data, "cached")  # type: ignore[arg-type]
                continue
        misses.append(job)

    def store(job: Job, data: dict[str, bytes], seconds: float, cpu: float) -> None:
        report.drawn += 1
        report.cpu_seconds += cpu
        if cache is not None:
            for fmt, key in keys[job].items():
                cache.put(key, fmt, data[fmt])
        finish(job, data, f"{seconds:.2f} s")

    workers = min(workers or os.cpu_count() or 1, len(misses))
    if workers <= 1:
        if meanwhile is not None:
            meanwhile()
        for job in misses:
            store(job, *_draw(job))
    else:
        _draw_in_pool(misses, workers, store, meanwhile)
    report.seconds = time.perf_counter() - start
    return report

