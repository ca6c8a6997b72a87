"""Render figures to files: in parallel, cached by content, with progress lines.

A *job* is one figure in one theme at one preset, saved in one or more formats. The figure is
a :class:`~gradfig.figures.catalogue.FigureSpec` the job carries: its name, its page size and
how to draw it (a figure function with its subject bound), so any catalogue can be rendered,
the library's (:func:`~gradfig.figures.catalogue.registry_figures`, a formula's
:func:`~gradfig.figures.catalogue.landscape_figures`) or a book's own, and worker processes
need no catalogue of their own. A field can also be saved as ``html``: a standalone,
interactive page (:func:`gradfig.figures.page.field_page`), one per field and theme.

Each output has a content key: a hash of everything that can change its bytes: the code that
draws it (the figure function's module and every gradfig module it imports, found by
:func:`gradfig.sources.source_key`, with this module and the writer), the style files, the
subject it draws (:attr:`FigureSpec.depends`), the preset, the format and the library
versions. When the cache holds every output of a job, nothing is drawn; the bytes are copied
from the cache, and :func:`gradfig.export.write_bytes` skips files that already hold them.
Otherwise jobs are drawn in worker processes (matplotlib's Agg canvas, one figure per job) and
the main process writes the results, so every file still goes through the one writer,
atomically.

A figure that fails to draw stops the render with one :class:`RenderError` naming the
figure and the landscapes it shows; an interrupt (Ctrl-C), SIGTERM, SIGHUP or any other error
cancels the jobs not yet started and ends the workers at once, so nothing keeps drawing in the
background. While workers exist, SIGTERM and SIGHUP raise :class:`Terminated` (where their
handler is the default one), and the three signals are held while workers are forked, so a
signal at any moment, even as the pool starts, ends the render and every worker with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gradfig import export

if TYPE_CHECKING:
    from gradfig.figures.catalogue import FigureSpec

__all__ = [
    "FORMATS",
    "MOTION_FORMATS",
    "Job",
    "RenderError",
    "RenderReport",
    "Terminated",
    "default_cache_dir",
    "estimate_seconds",
    "file_name",
    "job_keys",
    "plan",
    "prepare",
    "render",
    "terminate_on_signals",
]

#: Every format a job can be saved in: the figure formats, ``html`` for a field's page, and
#: ``gif`` and ``mp4`` for a descent figure's animation.
FORMATS: tuple[str, ...] = (*export.FIGURE_FORMATS, "html", "gif", "mp4")
#: Formats of an animation (specs with ``animated``).
MOTION_FORMATS: tuple[str, ...] = ("gif", "mp4")


#: Environment variable naming the figure cache folder (default: see :func:`default_cache_dir`).
CACHE_ENV = "GRADFIG_FIGURE_CACHE"


class RenderError(RuntimeError):
    """A figure could not be drawn; the message names the figure and its landscapes."""


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived (see :func:`terminate_on_signals`).

    A :class:`SystemExit` with code 128 + the signal's number, as shells report a process
    ended by a signal: ``except Exception`` does not swallow it, clean-up code (``finally``,
    the atomic writer) runs, and uncaught it ends Python quietly with that code.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum
        self.signal_name = signal.Signals(signum).name


#: Signals that end a render: Ctrl-C, ``kill``, a closed terminal.
_STOP_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                          if hasattr(signal, name))
_TERMINATING = tuple(s for s in _STOP_SIGNALS if s != signal.SIGINT)


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def terminate_on_signals():
    """While inside, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread.

    Only where their handler is the default one (a caller's own handler is kept) and only in
    the main thread (where Python runs signal handlers). The default ends the process at once,
    which would leave worker processes drawing, orphaned; the exception lets the render end
    them first, as Ctrl-C does.
    """
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _TERMINATING:
            if signal.getsignal(signum) == signal.SIG_DFL:
                previous[signum] = signal.signal(signum, _raise_terminated)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _hold_signals() -> set[int] | None:
    """Block the stop signals in this thread (they wait, pending); returns the mask to
    restore, or None where signals cannot be blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


def _release_signals(mask: set[int] | None) -> None:
    """Restore ``mask``: a signal that arrived while held is handled now (its exception is
    raised here)."""
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def file_name(figure: str, theme: str, preset: str, fmt: str, embed: bool = False) -> str:
    """What a file is, in its name: ``field-bowl-dark-16x9.png``, ``panel-light@2x.png``.

    The page preset keeps the site's names (contract): ``<name>-<theme>.svg`` and the 2x
    raster ``<name>-<theme>@2x.png``; slide presets add their aspect ratio. A page has no
    preset: ``field-wave-dark.html``, and a page for a frame ``field-wave-dark-embed.html``.
    """
    from gradfig.figures.style import PRESETS

    if fmt == "html":
        return f"{figure}-{theme}{'-embed' if embed else ''}.html"
    p = PRESETS[preset]
    if fmt in MOTION_FORMATS:
        return f"{figure}-{theme}{'-' + p.tag if p.tag else ''}.{fmt}"
    if p.tag:
        return f"{figure}-{theme}-{p.tag}.{fmt}"
    return f"{figure}-{theme}@{p.png_scale}x.png" if fmt == "png" else f"{figure}-{theme}.{fmt}"


@dataclass(frozen=True)
class Job:
    """One figure, one theme, one preset, some formats."""

    spec: FigureSpec
    theme: str
    preset: str
    formats: tuple[str, ...]
    #: Slide options (see :func:`plan`): a title (``""``: none; ``None``: the figure's own),
    #: the lecture size, a transparent background.
    title: str | None = None
    lecture: bool = False
    transparent: bool = False
    #: An animation's frames and frames per second (gif, mp4).
    frames: int = 40
    fps: float = 10
    #: html: a page that fills the frame holding it (``--embed``, ``field_page(embed=True)``).
    embed: bool = False

    @property
    def figure(self) -> str:
        """The figure's name (:attr:`FigureSpec.name`)."""
        return self.spec.name

    def file_names(self) -> dict[str, str]:
        return {fmt: file_name(self.figure, self.theme, self.preset, fmt, self.embed) for fmt in self.formats}

    def label(self) -> str:
        return f"{self.figure} {self.theme} {self.preset}"


def plan(specs: Iterable[FigureSpec], themes: Sequence[str] = ("light", "dark"),
         presets: Sequence[str] = ("page",), formats: Sequence[str] = ("svg", "png"), *,
         title: str | None = None, lecture: bool = False, transparent: bool = False,
         frames: int = 40, fps: float = 10, embed: bool = False) -> list[Job]:
    """Every job for these figures x themes x presets.

    Parameters
    ----------
    specs
        The figures (a catalogue's values, or :func:`gradfig.figures.catalogue.select` of it).
    themes, presets, formats
        What to make of each figure. ``html`` applies to fields only (specs with a
        ``page``), once per theme (in the first preset's jobs): a page has no preset.
    title
        Replaces each figure's title; ``""`` drops it (``--title``, ``--no-title``).
    lecture
        The lecture size: larger text, heavier lines and level curves (``--lecture``).
    transparent
        Save PNG, SVG and PDF without a background (``--transparent``).
    frames, fps
        An animation's frame count and rate (``gif`` and ``mp4``, descent figures only).
    embed
        ``html`` pages made to fill the frame that holds them (``--embed``): the plot and the
        readout, the controls folded (:func:`gradfig.figures.page.field_page`).

    Raises
    ------
    ValueError
        ``html`` asked for, but no field among the figures.
    """
    jobs = []
    for spec in specs:
        for p in presets:
            wanted = tuple(fmt for fmt in formats
                           if (fmt != "html" or (spec.page is not None and p == presets[0]))
                           and (fmt not in MOTION_FORMATS or spec.animated))
            jobs += [Job(spec, t, p, wanted, title, lecture, transparent, frames, fps, embed)
                     for t in themes if wanted]
    if "html" in formats and not any("html" in job.formats for job in jobs):
        raise ValueError("html pages are made for fields only, and no field was asked for")
    for fmt in MOTION_FORMATS:
        if fmt in formats and not any(fmt in job.formats for job in jobs):
            raise ValueError(f"{fmt} animations are made for descent figures only, and no descent "
                             "figure was asked for")
    return jobs


# --- content keys ---------------------------------------------------------------------------
def _versions(*names: str) -> list[str]:
    from importlib import import_module

    return [f"{name} {import_module(name).__version__}" for name in names]


def _figure_code_key(module: str) -> str:
    """The code that draws a figure of ``module``: its import graph, with this module, the
    writer and the catalogue that carries the figure to a worker; the house style's files;
    the drawing libraries' versions."""
    from gradfig import sources
    from gradfig.figures import catalogue
    from gradfig.figures.style import THEMES, style_files

    styles = sorted({f for theme in THEMES for lecture in (False, True) for f in style_files(theme, lecture)})
    return sources.source_key([module, __name__, export.__name__, catalogue.__name__], data_files=styles,
                              extra=_versions("matplotlib", "numpy", "sympy"))


def _page_code_key() -> str:
    """The code of an interactive page: the page module's import graph, its browser
    component, the gradfig, plotly and SymPy versions."""
    from gradfig import __version__, sources
    from gradfig.figures import page

    return sources.source_key([page.__name__, __name__], data_files=page.DATA_FILES,
                              extra=[f"gradfig {__version__}", *_versions("plotly", "sympy")])


def _dpi(preset: str, fmt: str) -> int:
    """Pixels per inch: the preset's for PNG (times its scale).

    In SVG and PDF only the heatmap image depends on it. SVG embeds it at 48 dpi: a page
    field's heatmap is then ~240 px wide, the resolution of the 241 samples it is drawn
    from, and the browser smooths it when scaling (a field's SVG is 28 % lighter on the
    wire than at 72 dpi, with no visible change). PDF at 100 dpi, enough for a projector.
    """
    from gradfig.figures.style import PRESETS

    p = PRESETS[preset]
    return {"png": p.dpi * p.png_scale, "svg": 48, "gif": p.dpi, "mp4": p.dpi}.get(fmt, 100)


def job_keys(job: Job) -> dict[str, str]:
    """The content key of each output of ``job``."""
    from gradfig.figures.catalogue import describe
    from gradfig.figures.style import PRESETS

    spec = job.spec
    size = PRESETS[job.preset].size or spec.page_size
    keys = {}
    for fmt in job.formats:
        if fmt == "html":
            keys[fmt] = export.content_key(_page_code_key(), "page", describe(spec.page), job.theme,
                                           "embed" if job.embed else "")
        else:
            keys[fmt] = export.content_key(_figure_code_key(spec.module), spec.name, spec.depends,
                                           job.theme, repr(size), str(_dpi(job.preset, fmt)), fmt,
                                           repr((job.title, job.lecture, job.transparent)),
                                           repr((job.frames, job.fps)) if fmt in MOTION_FORMATS else "")
    return keys


# Subjects of the jobs being drawn (landscapes), prepared in the parent (see prepare): a
# forked worker finds its job's subjects here, with everything derived from them computed.
_WARM: dict[Hashable, Any] = {}


def _warmed(value: Any) -> Any:
    try:
        return _WARM.get(value, value)
    except TypeError:  # not hashable (an array): nothing prepared for it
        return value


# --- drawing (runs in worker processes) -----------------------------------------------------
@contextlib.contextmanager
def _layout_settled(figure: Any):
    """Inside, ``figure`` has no layout engine at all, so ``savefig`` draws it once, not twice.

    With any engine, even the placeholder ``set_layout_engine("none")`` leaves, ``savefig``
    first draws the whole figure without output (to let the engine lay it out), then for
    real. Right after :meth:`~matplotlib.figure.Figure.draw_without_rendering` that first
    drawing changes nothing (the first format's bytes are the same without it, every
    figure of the chapter checked with cmp); before a later format it does (the drawing
    before it was at another dpi, and the bytes differ), so only the first save goes
    without. ``set_layout_engine(None)`` would restore the house style's constrained
    layout, hence the rcParams.
    """
    import matplotlib as mpl

    placeholder = figure.get_layout_engine()
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        figure.set_layout_engine(None)
    try:
        yield
    finally:
        figure.set_layout_engine(placeholder)


def draw_job(job: Job) -> tuple[dict[str, bytes], float, float]:
    """Draw one job; returns its bytes per format, the wall seconds and the CPU seconds."""
    from gradfig.figures.style import PRESETS, themed

    start, cpu = time.perf_counter(), time.process_time()
    spec = job.spec.with_subjects(_warmed)
    data: dict[str, bytes] = {}
    figure_formats = [fmt for fmt in job.formats if fmt not in ("html", *MOTION_FORMATS)]
    if figure_formats:
        size = PRESETS[job.preset].size or spec.page_size
        # Only options that are set: a book's own figure function need not take them.
        options: dict[str, Any] = {} if job.title is None else {"title": job.title}
        if job.lecture:
            options["lecture"] = True
        with themed(job.theme, job.lecture):
            figure = spec.draw(theme=job.theme, size=size, **options)
            # Lay the figure out once and freeze it: constrained layout would otherwise run
            # again for every format saved (it is a third of the drawing time).
            figure.draw_without_rendering()
            figure.set_layout_engine("none")
            data = {}
            for i, fmt in enumerate(figure_formats):
                with _layout_settled(figure) if i == 0 else contextlib.nullcontext():
                    data[fmt] = export.figure_bytes(figure, fmt, _dpi(job.preset, fmt),
                                                    transparent=job.transparent)
    motion = [fmt for fmt in job.formats if fmt in MOTION_FORMATS]
    if motion:
        import functools

        from gradfig.figures import animation

        size = PRESETS[job.preset].size or spec.page_size
        options = {} if job.title is None else {"title": job.title}
        draw = functools.partial(spec.draw, theme=job.theme, size=size,
                                 **options, **({"lecture": True} if job.lecture else {}))
        with themed(job.theme, job.lecture):
            frames = list(animation.descent_frames(draw, job.frames, _dpi(job.preset, "gif")))
        encode = {"gif": animation.gif_bytes, "mp4": animation.mp4_bytes}
        data.update({fmt: encode[fmt](frames, job.fps) for fmt in motion})
    if "html" in job.formats:
        from gradfig.figures.page import field_page

        if spec.page is None:
            raise ValueError(f"figure {spec.name} is not a field: it has no html page")
        data["html"] = field_page(spec.page, job.theme, embed=job.embed).encode("utf-8")
    return data, time.perf_counter() - start, time.process_time() - cpu


def prepare(jobs: Iterable[Job] = ()) -> None:
    """Do the shared work once in the parent, so forked workers inherit it.

    Every landscape the jobs draw is compiled (f and ∇f) and has its critical points found
    here, once, and is kept in ``_WARM``; a forked worker swaps its unpickled copy of the
    job's subjects for these. No matplotlib backend is selected: figures are saved by
    format, never through pyplot.
    """
    import numpy as np

    for job in dict.fromkeys(jobs):
        try:
            for landscape in job.spec.landscapes():
                if landscape in _WARM:
                    continue
                with np.errstate(all="ignore"):  # only compiling f and ∇f: any point will do
                    landscape(np.zeros(2))
                    landscape.gradient(np.zeros(2))
                _ = landscape.critical_points
                _WARM[landscape] = landscape
        except Exception as exc:
            raise _failure(job, exc, drawing=False) from None


# --- scheduling -----------------------------------------------------------------------------
#: Rough seconds one format adds to a job (one core of a small machine, fitted by eye to the
#: CPU seconds the chapter's 66 site jobs took, each drawn alone). Used only to order the
#: jobs, longest first; never a timeout or a promise.
_FORMAT_SECONDS = {"svg": 0.25, "png": 0.25, "pdf": 0.35, "html": 0.5}
#: A heatmap (a field's, one per landscape of a panel, a descent's) costs about this many
#: times a format's base again: resampling the image and the arrows over it.
_HEATMAP_FACTOR = 0.6
#: An animation: each frame is drawn and encoded (gif and mp4 share the frames).
_FRAME_SECONDS = 0.1


def estimate_seconds(job: Job) -> float:
    """A rough guess at how long ``job`` takes to draw, for ordering jobs (longest first).

    Each figure format costs :data:`_FORMAT_SECONDS`, scaled up for each heatmap the figure
    holds (a field: one, a panel: one per landscape, a descent figure: one); an animation
    adds its frames. Only the order matters: in the chapter's site build the longest jobs
    (the descent animations, the panels, the fields) go first.
    """
    landscapes = len(job.spec.landscapes())
    # A field (it has a page) or a panel (several landscapes): one heatmap per landscape; a
    # descent figure (animated): one; another figure of one landscape draws curves, not a map.
    heatmaps = landscapes if job.spec.page is not None or landscapes > 1 else int(job.spec.animated)
    seconds = sum(_FORMAT_SECONDS.get(fmt, 0.0) for fmt in job.formats) * (1 + _HEATMAP_FACTOR * heatmaps)
    if any(fmt in MOTION_FORMATS for fmt in job.formats):
        seconds += _FRAME_SECONDS * job.frames
    return seconds


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
    """Names of the landscapes a job's figure draws."""
    return [landscape.name for landscape in job.spec.landscapes()]


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
    """A worker ignores Ctrl-C: the terminal sends SIGINT to the whole process group, and the
    main process, not each worker, decides what stops (it cancels and ends them). SIGTERM and
    SIGHUP end a worker at once (the default; a forked worker inherits the main process's
    handlers), unless the render was started ignoring them (``nohup``): then the workers ignore
    them too, as the main process does. It was forked with the stop signals held (see
    :func:`_draw_in_pool`): release them now that they do the right thing here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in _TERMINATING:
        if signal.getsignal(signum) != signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _unblock_result_reader(results: object) -> None:
    """Close this process's write end of the pool's result pipe, once its workers are ended.

    A worker ended while it sends a figure (hundreds of kB, more than a pipe holds) leaves
    half a message in the pipe. The pool's manager thread, reading it, waits for the rest
    forever: this process holds a write end too, so the pipe never reports its end, and
    ``shutdown(wait=True)`` (and Python's exit, which joins that thread) waits with it.
    Ctrl-C then hung the render (seen once in a few full runs of the suite). This process
    never writes results; with its end closed, the reader gets end-of-file, the pool marks
    itself broken and its thread ends. (Private attributes of the standard library's pool, as
    in Python 3.11; where they differ, this does nothing.)
    """
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()


def _draw_in_pool(misses: list[Job], workers: int,
                  store: Callable[[Job, dict[str, bytes], float, float], None],
                  meanwhile: Callable[[], object] | None = None) -> None:
    """Draw ``misses`` in ``workers`` processes, handing each result to ``store`` in the
    main process as it arrives; ``meanwhile`` runs here once every job is handed out.

    If anything goes wrong here (a figure fails, Ctrl-C, SIGTERM or SIGHUP, the output cannot
    be written), the jobs not yet started are cancelled and the workers are ended at once, not
    left to draw every pending job before the error can surface.

    The stop signals are held while the pool forks its workers: a signal arriving during
    ``fork()`` would otherwise be raised inside an at-fork hook, where Python prints and
    ignores it (Ctrl-C while the workers start went unheard, and every figure was drawn).
    Held, it waits until the pool exists and is raised where the clean-up below catches it.
    They are held again during the clean-up, so a second Ctrl-C cannot cut it short.
    """
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    prepare(misses)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    before = set(multiprocessing.active_children())
    pool = None
    with terminate_on_signals():
        mask = _hold_signals()
        try:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                       initializer=_worker_init)
            # Longest first (LPT): the last jobs handed out are short, so no core waits
            # long at the end for another still drawing a big one.
            ordered = sorted(misses, key=estimate_seconds, reverse=True)
            futures = {pool.submit(_draw, job): job for job in ordered}  # the workers fork here
            _release_signals(mask)  # a signal that came while they forked is raised now
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
            _hold_signals()
            results = getattr(pool, "_result_queue", None)  # shutdown() drops these two
            manager = getattr(pool, "_executor_manager_thread", None)
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            for process in set(multiprocessing.active_children()) - before:
                process.terminate()  # a running job is abandoned: its result would be discarded
            for process in set(multiprocessing.active_children()) - before:
                process.join()
            _unblock_result_reader(results)
            # The pool's thread, seeing its workers gone, closes its pipes. Wait for it here:
            # Python's exit would otherwise wake it through a pipe it may be closing at that
            # moment (Python 3.11: "Exception ignored ... Bad file descriptor" on stderr).
            if manager is not None and manager.ident is not None:
                manager.join()
            raise
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            _release_signals(mask)


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

