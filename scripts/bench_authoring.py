"""The authoring loop, timed: what an author waits for between an edit and the page.

- **prose edit -> page served**: ``make serve``'s server (``mkdocs serve --dirty``) on a copy of
  the repository; one sentence of ``docs/fields.md`` changed; seconds until the served page
  shows it (median of 3 edits).
- **landscape edit -> page served**: one landscape's formula scaled in ``src/``; seconds until
  the fields page shows the new formula (its figures, payload and numbers regenerated).
- **cold make site**: ``make site`` in a fresh copy with the venv present (no ``site/``,
  ``docs/generated/`` or caches, an empty figure cache), wall seconds and the CPU seconds of
  every process it ran (user + system). It draws the page images only: the slide files are
  ``make figures``'s.

Timings only ever live here, never in tests.
"""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
from pathlib import Path

import site_tools
from bench_core import Table, section
from bench_site import make_site

#: The issue's targets, in seconds.
PROSE_GOAL_S, LANDSCAPE_GOAL_S, COLD_GOAL_S = 2.0, 15.0, 30.0
EDITED = "ripples"


def _verdict(seconds: float, goal: float) -> str:
    return "met" if seconds <= goal else "MISSED"


@section("authoring")
def authoring() -> Table:
    """Edit -> served page under ``make serve``, and a cold ``make site``."""
    table = Table(title="Authoring loop (temporary copy of the repo, venv present)",
                  columns=["step", "seconds", "goal", "verdict"], rows=[])
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="gradfig-authoring-") as tmp:
        repo = site_tools.copy_repo(Path(tmp) / "repo")
        with site_tools.serving(repo, Path(tmp) / "serve.log") as (url, proc):
            page = url + "fields/"
            source = repo / "docs" / "fields.md"
            prose = []
            for i in range(3):
                text = source.read_text(encoding="utf-8")
                marker = f"A gradient field (edit {i}) draws"
                source.write_text(text.replace("A gradient field", marker.removesuffix(" draws"), 1)
                                  if i == 0 else text.replace(f"(edit {i - 1})", f"(edit {i})"),
                                  encoding="utf-8")
                prose.append(site_tools.wait_for(page, lambda body, m=marker: m in body, proc))
            t = statistics.median(prose)
            table.rows.append(["prose edit -> page served (median of 3)", round(t, 2),
                               f"<= {PROSE_GOAL_S:g} s", _verdict(t, PROSE_GOAL_S)])
            _, new = site_tools.scale_landscape(repo, EDITED, "1.25")
            t = site_tools.wait_for(page, lambda body: f"f(x, y) = {new} over" in body, proc)
            table.rows.append([f"landscape edit ({EDITED} x 1.25) -> page served", round(t, 2),
                               f"<= {LANDSCAPE_GOAL_S:g} s", _verdict(t, LANDSCAPE_GOAL_S)])
    with tempfile.TemporaryDirectory(prefix="gradfig-authoring-cold-") as tmp:
        repo = site_tools.copy_repo(Path(tmp) / "repo")
        cold_load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = make_site(repo)  # the copy's own figure cache (site_tools.env): empty
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        table.rows.append(["cold make site (venv present)", round(t, 2), f"<= {COLD_GOAL_S:g} s",
                           _verdict(t, COLD_GOAL_S)])
    table.notes.append(f"1-minute load average at the start: {load:.1f} on {os.cpu_count()} CPUs")
    table.notes.append(f"cold make site: {cpu:.1f} CPU s (user + system, every process), load "
                       f"{cold_load:.1f} at its start; it draws no slide file (16:9 PNG/PDF, "
                       "animations, zip: make figures)")
    return table
