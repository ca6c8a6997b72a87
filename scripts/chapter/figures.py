"""The chapter's static figures: its catalogue, their words, their snippets and their files.

:data:`FIGURES` is what the site and ``make figures`` show: every landscape's field, the panel,
the gradient-descent preview on Rosenbrock with the chapter's fixed start and steps, the polar
map's Jacobian at (2, π/6), the tanh layer's first-order error and the finite-difference
error at (−0.5, 1.5). Each is a :class:`gradfig.figures.catalogue.FigureSpec` of a library
figure function with the chapter's subject bound (:mod:`chapter.subjects`), so the library
renders it like any other figure.

Alt text and captions (:func:`alt_text`, :func:`caption`) are derived from what each figure
shows, from the same numbers; :func:`figure_snippet` is the Markdown a page includes to show
one. :func:`build_site_figures` renders the files the pages and the gallery link to, and
the slides' zip. Files are written by :mod:`gradfig.export` (through
:func:`gradfig.render.render` for the images).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from chapter import subjects
from gradfig import accuracy, critical, descent, export
from gradfig.figures import directional, static, surface
from gradfig.figures.catalogue import FigureSpec, descent_spec, field_spec, panel_spec
from gradfig.figures.style import PRESETS, THEMES
from gradfig.functions import Landscape
from gradfig.landscapes import LANDSCAPES
from gradfig.render import MOTION_FORMATS, Job, file_name, job_keys, plan, render
from gradfig.text import MINUS, and_list, constant, interval, number, number_word, point, superscript, vector

__all__ = [
    "FIGURES",
    "FIGURES_DIR",
    "PHONE_BREAKPOINT",
    "PHONE_FIGURES",
    "SLIDE_PRESET",
    "ZIP_NAME",
    "alt_text",
    "build_site_figures",
    "caption",
    "downloads_table",
    "figure_snippet",
    "phone_size",
    "site_jobs",
    "slide_cache_entries",
    "slide_jobs",
    "slides_cached",
]

#: Numbers in captions and alt text, as on the figures: three significant digits.
DIGITS = static.DIGITS


def _taylor_title() -> str:
    m = subjects.TAYLOR_MAP
    return f"First-order error of a dense tanh layer ℝ{superscript(m.dim_in)} → ℝ{superscript(m.dim_out)}"


def _catalogue() -> dict[str, FigureSpec]:
    specs = [field_spec(ls) for ls in LANDSCAPES.values()]
    specs += [
        panel_spec(LANDSCAPES.values()),
        descent_spec(subjects.DESCENT_LANDSCAPE, subjects.DESCENT_START, subjects.DESCENT_STEPS,
                     name="descent", title="Gradient descent preview"),
        FigureSpec("jacobian-map", "The Jacobian as a local linear map",
                   functools.partial(static.jacobian_figure, subjects.JACOBIAN_MAP, subjects.POLAR_POINT_TEXT,
                                     subjects.JACOBIAN_RADIUS, output_labels=subjects.JACOBIAN_OUTPUTS)),
        FigureSpec("taylor-error", "First-order (Taylor) error",
                   functools.partial(static.taylor_error_figure, subjects.TAYLOR_MAP, ts=subjects.TAYLOR_TS,
                                     title=_taylor_title())),
        FigureSpec("fd-error", "Finite-difference error against the step",
                   functools.partial(static.fd_error_figure, subjects.FD_LANDSCAPE, subjects.FD_POINT,
                                     subjects.FD_STEPS)),
        FigureSpec("directional", "The directional derivative against the angle",
                   functools.partial(directional.directional_figure, subjects.ROSENBROCK,
                                     subjects.DIRECTIONAL_POINT)),
        FigureSpec("surface", "The surface, its slices and the tangent plane",
                   functools.partial(surface.surface_figure, subjects.SURFACE_LANDSCAPE,
                                     subjects.SURFACE_POINT)),
    ]
    return {s.name: s for s in specs}


#: Every static figure of the chapter by name, in the gallery's order.
FIGURES: dict[str, FigureSpec] = _catalogue()


# --- words: alt text and captions, from the same numbers ------------------------------------
def _critical_words(landscape: Landscape) -> str:
    groups: dict[str, list[str]] = {}
    for c in landscape.critical_points:
        groups.setdefault(c.kind, []).append(vector(c.point, DIGITS))
    parts = [f"{kind}{'s' if len(pts) > 1 else ''} at {', '.join(pts)}" for kind, pts in groups.items()]
    search = landscape.critical_search
    if search.curves or search.flat_count or search.incomplete:  # what points cannot say
        parts.append(critical.summary(search).rstrip("."))
    return "; ".join(parts) if parts else "no critical point in view"


def _field_words(landscape: Landscape) -> tuple[str, str]:
    (x0, x1), (y0, y1) = landscape.domain
    q = static.query_point(landscape)
    g = landscape.gradient(np.asarray(q))
    norm = number(np.linalg.norm(g), DIGITS)
    colour = "f on a log(1 + f) scale" if static.field_log_scale(landscape) else "f"
    alt = (f"{landscape.title} gradient field: heatmap of f(x, y) = {landscape.formula} over "
           f"{interval(x0, x1)} × {interval(y0, y1)} with level curves and a grid of arrows "
           f"along ∇f, {landscape.summary}. Marked: {_critical_words(landscape)}. Query point "
           f"{vector(q, 'g')} with ∇f = {vector(g, DIGITS)} (‖∇f‖ = {norm}) crossing the "
           "dashed level-set tangent at a right angle.")
    cap = (f"**{landscape.title}.** Colour shows {colour}; thin lines are level curves; arrows "
           f"point along ∇f, longer where ‖∇f‖ is larger (log scale). Every arrow crosses the "
           f"level curves at right angles. At the query point {vector(q, 'g')}, "
           f"∇f = {vector(g, DIGITS)}, ‖∇f‖ = {norm}. "
           f"Critical points: {_critical_words(landscape)}.")
    return alt, cap


def _panel_words() -> tuple[str, str]:
    shown = list(LANDSCAPES.values())
    rows, cols = static.panel_grid(len(shown), FIGURES["panel"].page_size)
    each = "; ".join(f"{ls.title}, f = {ls.formula}: {_critical_words(ls)}" for ls in shown)
    count = number_word(len(shown))
    alt = (f"{count.capitalize()} gradient fields in a {rows} × {cols} grid, each a heatmap "
           f"with level curves and ∇f arrows. {each}.")
    cap = (f"**The {count} landscapes.** The same drawing for {and_list(ls.title for ls in shown)}: "
           "arrows point uphill and cross the level curves at right angles.")
    return alt, cap


def _descent_words() -> tuple[str, str]:
    run = descent.preview(subjects.DESCENT_LANDSCAPE, subjects.DESCENT_START, subjects.DESCENT_STEPS)
    runs = "; ".join(
        f"step {number(p.step, 'g')}: " + (f"leaves the domain after {len(p.points) - 1} steps"
                                          if p.diverged else
                                          f"f = {number(p.final_value, DIGITS)}, ‖∇f‖ = "
                                          f"{number(p.final_grad_norm, DIGITS)} "
                                          f"after {len(p.points) - 1} steps")
        for p in run.paths)
    minimum = vector(subjects.DESCENT_LANDSCAPE.critical_points[0].point, DIGITS)
    start = vector(run.start, "g")
    alt = (f"Gradient-descent paths on the {subjects.DESCENT_LANDSCAPE.title} heatmap from {start} "
           f"towards the minimum at {minimum}: {runs}.")
    cap = (f"**Gradient descent (a preview of Ch. 8).** From {start}, "
           f"x ← x − step · ∇f(x) with {len(run.paths)} step sizes: {runs}. Too small crawls, too large "
           "bounces across the valley or escapes.")
    return alt, cap


def _jacobian_words() -> tuple[str, str]:
    x0 = subjects.POLAR_POINT
    jac = subjects.JACOBIAN_MAP.jacobian(np.asarray(x0))
    cols = f"J e₁ = {vector(jac[:, 0], DIGITS)}, J e₂ = {vector(jac[:, 1], DIGITS)}"
    alt = (f"Input plane: a disc of radius {number(subjects.JACOBIAN_RADIUS, 'g')} with grid lines around "
           f"(r, θ) = {point(subjects.POLAR_POINT_TEXT)}. Output plane: its true image under the polar map, "
           f"a curved patch, and its image under f(x₀) + JΔ, an ellipse with a straight grid, which "
           f"matches it near the centre; arrows show the columns {cols}.")
    cap = (f"**The Jacobian as a local linear map.** Polar to Cartesian coordinates at "
           f"x₀ = (r, θ) = {point(subjects.POLAR_POINT_TEXT)}: the columns of J are the images of the basis "
           f"vectors, {cols}. Near x₀ the linear image hugs the true one; further out they part.")
    return alt, cap


def taylor_slope() -> float:
    """The fitted slope of the first-order error figure (theory: 2)."""
    return accuracy.taylor_slope(subjects.TAYLOR_MAP, subjects.TAYLOR_TS)


def _taylor_words() -> tuple[str, str]:
    layer, ts = subjects.TAYLOR_MAP, subjects.TAYLOR_TS
    slope = number(taylor_slope(), ".3f")
    alt = (f"Log-log plot of the first-order error of a dense tanh layer from R^{layer.dim_in} "
           f"to R^{layer.dim_out} against t from {number(ts[0], '.0e')} to {number(ts[-1], '.0e')}: "
           f"a straight line parallel to the slope-2 guide; fitted slope {slope}.")
    cap = (f"**First-order error.** ‖f(x + tΔx) − f(x) − J tΔx‖ for the seeded "
           f"{layer.dim_out} × {layer.dim_in} layer falls like t²: the fitted log-log "
           f"slope is {slope}.")
    return alt, cap


def fd_curves() -> dict[str, accuracy.FdCurve]:
    """The finite-difference error figure's three curves, by method."""
    return {m: accuracy.fd_curve(m, subjects.FD_LANDSCAPE, subjects.FD_POINT, subjects.FD_STEPS)
            for m in ("forward", "central", "complex")}


def _fd_words() -> tuple[str, str]:
    fw, ce, cx = fd_curves().values()
    pt = vector(subjects.FD_POINT, "g")
    alt = (f"Log-log plot of the gradient error against the step h at {pt} on {subjects.FD_LANDSCAPE.title}. "
           f"Forward differences: a V with its bottom {number(fw.optimal_error, '.1e')} at "
           f"h = {number(fw.optimal_step, '.1e')}, slope {number(fw.slope or 0, '.2f')} on the right. "
           f"Central: bottom {number(ce.optimal_error, '.1e')} at h = {number(ce.optimal_step, '.1e')}, "
           f"slope {number(ce.slope or 0, '.2f')}. Complex step: flat near "
           f"{number(np.nanmedian(cx.errors[cx.steps < 1e-8]), '.0e')} for small h.")
    cap = (f"**Finite-difference error at {pt}.** Right of each V's bottom truncation rules "
           f"(fitted slopes: forward {number(fw.slope or 0, '.2f')}, central "
           f"{number(ce.slope or 0, '.2f')}); left of it round-off grows like 1/h. Best steps: "
           f"forward {number(fw.optimal_step, '.1e')} (the step rule picks "
           f"{number(fw.rule_step, '.1e')}), central {number(ce.optimal_step, '.1e')} (rule "
           f"{number(ce.rule_step, '.1e')}). The complex step has no subtraction, so no round-off arm.")
    return alt, cap


def _directional_words() -> tuple[str, str]:
    ls, p = subjects.ROSENBROCK, subjects.DIRECTIONAL_POINT
    s = directional.directional_slopes(ls, p)
    at, norm, ga = vector(p, "g"), number(s.norm, DIGITS), number(s.gradient_angle, ".0f")
    worst = float(np.max(np.abs(s.quotients - (np.cos(np.radians(s.sampled)) * s.gradient[0]
                                               + np.sin(np.radians(s.sampled)) * s.gradient[1]))))
    alt = (f"Slope of {ls.title} at p = {at} along a unit vector u at angle φ, for φ from 0 to 360 "
           f"degrees: one cosine wave between −{norm} and {norm}, highest at φ = {ga}° (the direction "
           f"of ∇f), zero 90° either side of it (along the level curve). {len(s.sampled)} dots, "
           "quotients measured from f alone, lie on the curve.")
    cap = (f"**The directional derivative at {at}.** The curve is u·∇f = ‖∇f‖ cos θ, with θ the angle "
           f"between u and ∇f; the dots are the limit quotients (f(p + tu) − f(p))/t with "
           f"t = {number(s.step, 'g')}, within {number(worst, '.1e')} of it. Largest, {norm}, along ∇f "
           f"(φ = {ga}°); zero along the level curve; −{norm} against ∇f.")
    return alt, cap


def _surface_words() -> tuple[str, str]:
    ls, p = subjects.SURFACE_LANDSCAPE, subjects.SURFACE_POINT
    s = surface.surface_scene(ls, p)
    at = vector(p, "g")
    fx, fy, f0 = (number(v, DIGITS) for v in (s.dfdx, s.dfdy, s.f))
    alt = (f"3-D surface of the {ls.title} f(x, y) = {ls.formula} over the domain, with the point "
           f"p = {at} on it at height f = {f0}. The vertical plane y = {number(p[1], 'g')} cuts the "
           f"surface in a curve whose dashed tangent line at p rises with slope ∂f/∂x = {fx}; the "
           f"plane x = {number(p[0], 'g')} cuts a curve whose tangent has slope ∂f/∂y = {fy}. A grey "
           "patch, the tangent plane at p, contains both tangent lines.")
    formula = constant(ls.formula).replace(MINUS, f" {MINUS} ").replace("+", " + ")
    cap = (f"**The surface at a point.** {ls.title}, f(x, y) = {formula}, at p = {at}, where "
           f"f = {f0} (the live view starts there). Each coloured plane holds one input fixed; the "
           "curve it cuts from the surface "
           f"is a function of the other input alone, and its tangent's slope is the partial: "
           f"∂f/∂x = {fx} in the plane y = {number(p[1], 'g')}, ∂f/∂y = {fy} in the plane "
           f"x = {number(p[0], 'g')}. The two tangent lines span the tangent plane "
           f"z = f(p) + ∇f(p)·((x, y) − p).")
    return alt, cap


_WORDS: dict[str, Callable[[], tuple[str, str]]] = {
    **{f"field-{name}": functools.partial(_field_words, ls) for name, ls in LANDSCAPES.items()},
    "panel": _panel_words,
    "descent": _descent_words,
    "jacobian-map": _jacobian_words,
    "taylor-error": _taylor_words,
    "fd-error": _fd_words,
    "surface": _surface_words,
    "directional": _directional_words,
}
assert set(_WORDS) == set(FIGURES), "every figure of the chapter has its words"


def alt_text(name: str) -> str:
    """Alt text for figure ``name``, derived from what it shows (plain text)."""
    return _WORDS[name]()[0]


def caption(name: str) -> str:
    """Caption for figure ``name`` (Markdown, with its computed numbers)."""
    return _WORDS[name]()[1]


# --- snippets -------------------------------------------------------------------------------
#: Where the images go, relative to ``docs/generated/``; pages at the top of ``docs/`` link
#: to them as ``generated/figures/...``.
FIGURES_DIR = "figures"
LINK_PREFIX = f"generated/{FIGURES_DIR}/"
SLIDE_PRESET = "16:9"
SLIDE_FORMATS = ("png", "pdf")
PAGE_FORMATS = ("svg", "png")
# The descent figures' animations (gradfig.render.MOTION_FORMATS: GIF and MP4) are made
# slide-sized for the gallery, and kept out of the zip (stills; the GIFs are a few MB each).
ZIP_NAME = "gradfig-figures.zip"


def _escape_alt(text: str) -> str:
    """Alt text inside ``![...]``: brackets and emphasis characters must stay literal."""
    for ch in "\\[]*_`":
        text = text.replace(ch, "\\" + ch)
    return text


def figure_snippet(name: str, prefix: str = LINK_PREFIX) -> str:
    """Markdown showing figure ``name`` (light and dark image, each wide and for a phone)
    with its caption.

    Width and height attributes give the browser the aspect ratio before the SVG arrives,
    so nothing below it jumps when it loads. The site's stylesheet hides the phone images
    from :data:`PHONE_BREAKPOINT` up (and on paper) and the wide ones below it; a hidden lazy
    image is never fetched, so each reader loads one of the four.
    """
    alt = _escape_alt(alt_text(name))
    images = []
    for variant, spec in (("wide", FIGURES[name]), ("phone", PHONE_FIGURES[name])):
        width, height = (round(v * 100) for v in spec.page_size)
        attrs = f'{{ .gradfig-{variant} width="{width}" height="{height}" loading="lazy" }}'
        images += [f"  ![{alt}]({prefix}{file_name(spec.name, theme, 'page', 'svg')}#only-{theme}){attrs}\n"
                   for theme in THEMES]
    return (
        f'<figure class="gradfig-figure" id="figure-{name}" markdown="span">\n'
        + "".join(images)
        + f'  <figcaption markdown="span">{caption(name)}</figcaption>\n'
        "</figure>\n"
    )


# --- phone variants -------------------------------------------------------------------------
#: A phone variant's width in inches: its 10 pt text is 10 px where 360 CSS px show it (a
#: 390 px phone's column), the page figure's (8 or 10 in) only 5 to 6 px.
PHONE_WIDTH = 5.0
#: Below this viewport width (CSS px) the pages show the phone variants (docs/assets/css/site.css).
PHONE_BREAKPOINT = 720
#: Figures whose phone variant is laid out anew: the panel in one column, the Jacobian's
#: planes one above the other (:func:`gradfig.figures.static.jacobian_figure` stacks them
#: in a figure taller than wide).
_PHONE_SIZES = {"panel": (PHONE_WIDTH, 15.0), "jacobian-map": (PHONE_WIDTH, 9.0)}


def phone_size(name: str) -> tuple[float, float]:
    """Figure ``name``'s phone size in inches: :data:`PHONE_WIDTH` wide, a little taller for
    its shape than the page figure (a legend below takes one column there)."""
    width, height = FIGURES[name].page_size
    return _PHONE_SIZES.get(name, (PHONE_WIDTH, round(height * PHONE_WIDTH / width * 1.3, 2)))


#: Each figure drawn at its phone size, named ``<name>-phone`` (files ``<name>-phone-<theme>.svg``).
PHONE_FIGURES: dict[str, FigureSpec] = {
    name: dataclasses.replace(spec, name=f"{name}-phone", page_size=phone_size(name), animated=False)
    for name, spec in FIGURES.items()
}


def slide_pixels() -> tuple[int, int]:
    """The slide preset's size in pixels (1920 × 1080)."""
    slide = PRESETS[SLIDE_PRESET]
    w, h = (round(v * slide.dpi) for v in slide.size or (0, 0))
    return w, h


def downloads_table(name: str, prefix: str = LINK_PREFIX, slides: bool = True) -> str:
    """A small table: one row per theme, one link per format (and the animation's, for a
    descent figure); without ``slides``, only the page formats (the site links no file it
    does not ship)."""
    w, h = slide_pixels()
    formats = [("SVG", "page", "svg"), ("PNG", "page", "png")]
    head = ["page (SVG)", "page (PNG, 2x)"]
    if slides:
        formats += [("PNG", SLIDE_PRESET, "png"), ("PDF", SLIDE_PRESET, "pdf")]
        head += [f"slide PNG {w}×{h}", f"slide PDF {SLIDE_PRESET}"]
    animated = slides and FIGURES[name].animated
    if animated:
        formats += [(fmt.upper(), SLIDE_PRESET, fmt) for fmt in MOTION_FORMATS]
        head.append(f"animation {SLIDE_PRESET} ({', '.join(f.upper() for f in MOTION_FORMATS)})")
    rows = ["| theme | " + " | ".join(head) + " |", "|---" * (len(head) + 1) + "|"]
    for theme in THEMES:
        links = [f"[{label} ({theme})]({prefix}{file_name(name, theme, preset, fmt)})"
                 for label, preset, fmt in formats]
        if animated:  # the animation's two formats share its column
            links[-2:] = [" · ".join(links[-2:])]
        rows.append(f"| {theme} | " + " | ".join(links) + " |")
    return "\n".join(rows) + "\n"


# --- files ----------------------------------------------------------------------------------
#: Every ``*-16x9.*`` file (stills and animations) and the zip: what ``make figures`` draws for
#: the gallery's downloads, and no page shows.
_SLIDE_TAG = f"-{PRESETS[SLIDE_PRESET].tag}."


def slide_jobs() -> list[Job]:
    """The gallery's slide downloads: every figure's 16:9 PNG and PDF in both themes, and the
    descent figures' 16:9 animations (GIF, MP4). No page shows them, so ``make site`` never
    draws them: the first line of ``make figures`` does (into ``figures/`` and the figure
    cache), and a site build copies them from the cache when it holds every one
    (:func:`slides_cached`)."""
    # plan() gives the animation formats to the descent figures only.
    return plan(FIGURES.values(), presets=(SLIDE_PRESET,), formats=SLIDE_FORMATS + MOTION_FORMATS)


def slide_cache_entries() -> list[tuple[str, str]]:
    """The figure cache's entries (content key, format) of every slide file: an entry is there
    only if today's code drew that file."""
    return [(key, fmt) for job in slide_jobs() for fmt, key in job_keys(job).items()]


def slides_cached(cache_dir: str | os.PathLike[str] | None) -> bool:
    """Whether the figure cache ``cache_dir`` holds every slide file of today's figures (after
    a ``make figures``): then the site links them and zips them; otherwise it links none."""
    return cache_dir is not None and export.ContentCache(Path(cache_dir)).has_all(slide_cache_entries())


def site_jobs(slides: bool = False) -> list[Job]:
    """Page images for every figure and theme (and its phone variant's SVG), plus (if
    ``slides``) the slide downloads of :func:`slide_jobs`."""
    jobs = plan(FIGURES.values(), presets=("page",), formats=PAGE_FORMATS)
    jobs += plan(PHONE_FIGURES.values(), presets=("page",), formats=("svg",))
    return jobs + slide_jobs() if slides else jobs


def build_site_figures(generated: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None,
                       *, workers: int | None = None,
                       progress: Callable[[int, int], None] | None = None, slides: bool = False,
                       meanwhile: Callable[[], object] | None = None) -> int:
    """Render the site's figures into ``generated/figures``; with ``slides`` also the slide
    downloads and their zip (the caller checks :func:`slides_cached` first: they then come
    from the cache, not drawn), without them every slide file and the zip is removed (a build
    links only what it ships, and ships nothing stale).

    Returns how many files changed. With a warm cache nothing is drawn. ``progress`` is
    called with (figure jobs done, total) as each job finishes. ``meanwhile`` is other work
    done while the figures draw (see :func:`gradfig.render.render`).
    """
    out = Path(generated)
    jobs = site_jobs(slides)
    done = 0
    changed = 0
    if not slides:
        for stale in [*sorted((out / FIGURES_DIR).glob(f"*{_SLIDE_TAG}*")), out / FIGURES_DIR / ZIP_NAME]:
            if stale.is_file():
                stale.unlink()
                changed += 1

    def count(_line: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(jobs))

    report = render(jobs, out / FIGURES_DIR, workers=workers, cache_dir=cache_dir, progress=count,
                    meanwhile=meanwhile)
    changed += len(report.written)
    if slides:
        files = {path.name: data for path, data in report.outputs.items()
                 if _SLIDE_TAG in path.name and path.suffix[1:] not in MOTION_FORMATS}
        changed += export.write_bytes(out / FIGURES_DIR / ZIP_NAME, export.zip_bytes(files))
    return changed
