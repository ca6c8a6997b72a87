"""``make bench`` section ``figures``: static figure rendering, cold, cached and in parallel.

Three runs side by side over the same jobs (every figure, both themes, the page preset:
SVG + 2x PNG, which is what the pages show), each into a fresh temporary folder:

* cold with 1 worker and a fresh cache,
* cold with 2 workers and another fresh cache (the parallel speed-up is the ratio),
* a no-change re-render of the second run (every job a cache hit, no file rewritten).

The slide preset the gallery also renders is timed as one more cold run with 2 workers.
Run alone with ``python scripts/bench.py --only figures``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench_core import Table, section
from chapter.figures import FIGURES, SLIDE_FORMATS, SLIDE_PRESET
from gradfig import render

TARGET_SPEEDUP = 1.7


@section("figures")
def figures() -> Table:
    page = render.plan(FIGURES.values(), presets=("page",), formats=("svg", "png"))
    # Shared preparation (imports, compiled functions, curves) is not rendering: keep it
    # out of every timing, so 1 and 2 workers are compared on drawing alone.
    render.prepare(page)
    slides = render.plan(FIGURES.values(), presets=(SLIDE_PRESET,), formats=SLIDE_FORMATS)
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        serial = render.render(page, root / "out1", workers=1, cache_dir=root / "cache1")
        parallel = render.render(page, root / "out2", workers=2, cache_dir=root / "cache2")
        warm = render.render(page, root / "out2", workers=2, cache_dir=root / "cache2")
        slide = render.render(slides, root / "out3", workers=2, cache_dir=root / "cache3")
        same = all((root / "out1" / p.name).read_bytes() == d for p, d in parallel.outputs.items())
    for label, rep in (("page figures, cold, 1 worker", serial), ("page figures, cold, 2 workers", parallel),
                       ("page figures, no change (cache)", warm),
                       (f"{SLIDE_PRESET} slides (png, pdf), cold, 2 workers", slide)):
        rows.append([label, len(page) if "page" in label else len(slides), rep.drawn, rep.cached,
                     len(rep.written), round(rep.seconds, 2)])
    speedup = serial.seconds / parallel.seconds
    verdict = "meets" if speedup >= TARGET_SPEEDUP else "misses"
    return Table(
        title="Static figures: cold render, no-change re-render, parallel speed-up",
        columns=["run", "jobs", "drawn", "from cache", "files written", "seconds"],
        rows=rows,
        notes=[
            f"parallel speed-up (1 worker / 2 workers, same jobs, same run): {speedup:.2f}x "
            f"({verdict} the {TARGET_SPEEDUP}x target) on {os.cpu_count()} CPUs; load average "
            f"{os.getloadavg()[0]:.1f} at the end (other work on the machine lowers it)",
            f"CPU time spent drawing the page figures: {serial.cpu_seconds:.1f} s in 1 worker, "
            f"{parallel.cpu_seconds:.1f} s over 2 workers; on an otherwise idle 2-core machine the "
            f"2-worker wall time would be about {parallel.cpu_seconds / 2:.1f} s",
            f"serial and parallel renders byte-identical: {same}",
            f"no-change re-render drew {warm.drawn} figures and rewrote {len(warm.written)} files",
        ],
    )
