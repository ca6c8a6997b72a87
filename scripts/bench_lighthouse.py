"""``make bench`` section ``lighthouse``: every chapter page beside a bare Material page.

Lighthouse 12.2.3 (bench/package.json, exact pin; mobile, simulated slow 4G, 4x CPU slowdown)
in Debian's Chromium (``CHROME_PATH``), over the working tree's site, the same site at a
baseline revision (``before``; where this branch left ``main`` unless ``GRADFIG_BENCH_BASELINE``
names another) and a bare Material page, all served gzip-compressed from 127.0.0.1. Runs are
interleaved (bench/lighthouse.mjs: round 1 visits every URL, then round 2, ...), so drifting
machine load falls on every page alike; each cell is the median over the rounds.

Options (environment, or ``make bench RUNS=2 PAGES=autodiff/,fields/``):

- ``GRADFIG_BENCH_RUNS``: rounds (default 5; 1-3 for a quick look),
- ``GRADFIG_BENCH_PAGES``: comma-separated page paths (``autodiff/``; ``""`` is home) to measure
  instead of every page,
- ``GRADFIG_BENCH_BASELINE``: the "before" revision; the working tree's own commit (e.g. ``HEAD``
  on a clean tree) measures no "before",
- ``GRADFIG_BENCH_SITE``: measure this built site folder instead of building the working tree,
- ``GRADFIG_BENCH_BEFORE_SITE``: this built site folder is "before" (no baseline build).

:func:`page_summary` and :func:`lighthouse_table` are pure (tests/test_bench_lighthouse.py runs
them on real Lighthouse output captured once, tests/data/lighthouse-runs.json).
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import site_probe
import site_tools
from bench_core import ROOT, Table, section

BENCH_NODE = ROOT / "bench"
RUNS_ENV, PAGES_ENV, SITE_ENV = "GRADFIG_BENCH_RUNS", "GRADFIG_BENCH_PAGES", "GRADFIG_BENCH_SITE"
BEFORE_SITE_ENV = "GRADFIG_BENCH_BEFORE_SITE"
DEFAULT_RUNS = 5
KB = site_probe.KB  # decimal kB, as the budgets
BEFORE_BUDGET = site_probe.BEFORE_BUDGET  # 350 kB on the wire before any interaction
PERF_GOAL, TBT_GOAL_MS = 98, 150
BARE = "bare"
BARE_ROW = "reference: bare Material page"


# --------------------------------------------------------------------------------------
# Pure: medians and the table
# --------------------------------------------------------------------------------------
def page_summary(runs: list[dict]) -> dict:
    """Medians over one URL's Lighthouse runs (as bench/lighthouse.mjs summarises each run).

    Scores are 0-100 per category; ``tbt``/``lcp`` in ms; ``kb`` is Lighthouse's
    total-byte-weight (bytes on the wire while it loads the page and waits, with no
    interaction) in decimal kB.
    """
    if not runs:
        raise ValueError("no Lighthouse runs to summarise")

    def med(get) -> float:
        return statistics.median(get(run) or 0 for run in runs)

    out = {c: med(lambda r, c=c: r["scores"][c])
           for c in ("performance", "accessibility", "best-practices", "seo")}
    out.update(
        tbt=med(lambda r: r["metrics"]["total-blocking-time"]),
        lcp=med(lambda r: r["metrics"]["largest-contentful-paint"]),
        dom=med(lambda r: r["domElements"]),
        kb=med(lambda r: r["totalByteWeight"]) / KB,
        style=med(lambda r: r.get("work", {}).get("styleLayout")),
        script=med(lambda r: r.get("work", {}).get("scriptEvaluation")),
        runs=len(runs),
    )
    # The scripts that cost the most in the median run (by performance score): the trace.
    middle = sorted(runs, key=lambda r: r["scores"]["performance"])[len(runs) // 2]
    out["bootup"] = middle.get("bootup", [])
    out["lost"] = sorted({f"{a['category']}/{a['id']}" for r in runs for a in r.get("lost", [])
                          if a["category"] != "performance"})
    return out


def meets_goal(s: dict) -> bool:
    """Performance ≥ 98, TBT ≤ 150 ms, the other three categories 100, ≤ 350 kB on the wire."""
    return (s["performance"] >= PERF_GOAL and s["tbt"] <= TBT_GOAL_MS
            and s["accessibility"] == s["best-practices"] == s["seo"] == 100
            and s["kb"] * KB <= BEFORE_BUDGET)


def _page_name(rel: str) -> str:
    return rel.rstrip("/") or "(home)"


def lighthouse_table(results: dict[str, list[dict]], pages: list[str], *, runs: int,
                     baseline: str | None = None) -> Table:
    """The Lighthouse table: the bare Material page first (the reference), then every page.

    ``results`` maps ``"bare"``, ``"after:PAGE"`` and (optionally) ``"before:PAGE"`` to that
    URL's runs. A cell ``x → y`` is before → after; the goal column judges "after".
    """
    title = (f"Lighthouse (mobile, served gzip, interleaved, median of {runs}): every page"
             + (" before → after" if baseline else "") + ", beside a bare Material page")
    table = Table(title=title, rows=[], columns=[
        "page", "performance", "TBT ms", "DOM elements", "a11y / BP / SEO",
        "kB before interaction", "LCP s", "script / style ms",
        f"goal: perf ≥ {PERF_GOAL}, TBT ≤ {TBT_GOAL_MS}, 100/100/100, ≤ {BEFORE_BUDGET // KB} kB"])
    summaries = {key: page_summary(r) for key, r in results.items()}

    def cell(page: str | None, fmt) -> str:
        after = fmt(summaries[BARE if page is None else f"after:{page}"])
        before = summaries.get(f"before:{page}") if page is not None else None
        return after if before is None else f"{fmt(before)} → {after}"

    for page in [None, *pages]:
        s = summaries[BARE if page is None else f"after:{page}"]
        table.rows.append([
            BARE_ROW if page is None else _page_name(page),
            cell(page, lambda x: f"{x['performance']:g}"),
            cell(page, lambda x: f"{x['tbt']:.0f}"),
            cell(page, lambda x: f"{x['dom']:.0f}"),
            f"{s['accessibility']:g} / {s['best-practices']:g} / {s['seo']:g}",
            cell(page, lambda x: f"{x['kb']:.0f}"),
            f"{s['lcp'] / 1000:.2f}",
            f"{s['script']:.0f} / {s['style']:.0f}",
            "reference" if page is None else ("met" if meets_goal(s) else "MISSED"),
        ])
        name = BARE_ROW if page is None else _page_name(page)
        if s["lost"]:
            table.notes.append(f"{name}: points lost on {', '.join(s['lost'])}")
        if page is not None and not meets_goal(s) and s["bootup"]:
            table.notes.append(f"{name} missed; script cost in its median run (ms scripting / total): "
                               + ", ".join(f"{b['url']} {b['scripting']}/{b['total']}"
                                           for b in s["bootup"]))
    if baseline:
        table.notes.append(f"before = {baseline}; after = the working tree")
    table.notes.append("kB before interaction = Lighthouse's total-byte-weight (on the wire, gzip; "
                       "Lighthouse loads the page and waits, it neither scrolls nor clicks); "
                       "script / style ms = main-thread script evaluation and style & layout "
                       "under the 4x CPU slowdown")
    return table


# --------------------------------------------------------------------------------------
# Running it
# --------------------------------------------------------------------------------------
def run_lighthouse(urls: list[str], runs: int) -> dict:
    """bench/lighthouse.mjs over ``urls``, ``runs`` interleaved rounds; its JSON report."""
    if not (BENCH_NODE / "node_modules" / "lighthouse").is_dir():
        raise RuntimeError("Lighthouse is not installed: run 'make bench' (it runs npm ci in bench/)")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", site_tools.CHROMIUM)}
    # stderr passes through: one progress line per run (a full run takes many minutes).
    proc = subprocess.run(
        ["node", str(BENCH_NODE / "lighthouse.mjs"), "--runs", str(runs),
         "--flags", json.dumps(site_tools.CHROMIUM_ARGS), *urls],
        stdout=subprocess.PIPE, text=True, env=env, timeout=4 * 3600, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"bench/lighthouse.mjs failed (exit {proc.returncode}); see its output above")
    return json.loads(proc.stdout)


def _runs() -> int:
    raw = os.environ.get(RUNS_ENV, "") or str(DEFAULT_RUNS)
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{RUNS_ENV} must be a whole number ≥ 1, not {raw!r}")
    return int(raw)


def _selected(pages: list[str]) -> list[str]:
    raw = os.environ.get(PAGES_ENV)
    if raw is None:
        return pages
    wanted = [p.strip() for p in raw.split(",")]
    wanted = [p if p in ("", "/") or p.endswith("/") else p + "/" for p in wanted]
    unknown = [p for p in wanted if p.lstrip("/") not in pages and p != "/"]
    if unknown:
        raise SystemExit(f"{PAGES_ENV}: no such page {unknown}; pages: {pages}")
    return [p.lstrip("/") for p in wanted]


@contextmanager
def _after_site() -> Iterator[tuple[Path, Path]]:
    """(the working tree's site, the bare Material site)."""
    from bench_site import built_bare_site, built_sites

    given = os.environ.get(SITE_ENV)
    if not given:
        with built_sites() as sites:
            yield sites
        return
    if not (Path(given) / "index.html").is_file():
        raise SystemExit(f"{SITE_ENV}={given}: no built site there (no index.html)")
    with built_bare_site() as bare:
        yield Path(given), bare


@contextmanager
def _before_site(rev: str) -> Iterator[tuple[str, Path | None]]:
    """(description, the "before" site or None): a given folder, else ``rev`` built now."""
    from bench_site import baseline_site

    given = os.environ.get(BEFORE_SITE_ENV)
    if not given:
        with baseline_site(rev) as (name, site):
            yield (name + " (built in this run)", site)
        return
    if not (Path(given) / "index.html").is_file():
        raise SystemExit(f"{BEFORE_SITE_ENV}={given}: no built site there (no index.html)")
    yield f"the site already built in {given}", Path(given)


@section("lighthouse")
def lighthouse_scores() -> Table:
    """Lighthouse over every page, before (baseline revision) → after, beside bare Material."""
    from bench_site import baseline_revision

    runs = _runs()
    rev, default_rev = baseline_revision()
    load_before = os.getloadavg()
    with _after_site() as (real, bare), _before_site(rev) as (baseline_name, before):
        pages = _selected(site_tools.html_pages(real))
        before_pages = set(site_tools.html_pages(before)) if before else set()
        with contextlib.ExitStack() as stack:
            url = stack.enter_context(site_tools.serve(real, gzip_text=True))
            bare_url = stack.enter_context(site_tools.serve(bare, gzip_text=True))
            before_url = stack.enter_context(site_tools.serve(before, gzip_text=True)) if before else ""
            targets = [(BARE, bare_url)]
            for p in pages:
                if p in before_pages:
                    targets.append((f"before:{p}", before_url + p))
                targets.append((f"after:{p}", url + p))
            report = run_lighthouse([u for _, u in targets], runs)
    by_url = report["results"]
    results = {name: by_url[u]["runs"] for name, u in targets}
    table = lighthouse_table(results, pages, runs=runs,
                             baseline=(baseline_name + (" (where this branch left main)"
                                                        if default_rev and not os.environ.get(BEFORE_SITE_ENV)
                                                        else "")) if before else None)
    table.notes.append(f"Lighthouse {report['lighthouse']}, {report.get('chrome', '?')}; "
                       f"{len(targets)} URLs × {runs} rounds; 1-minute load average "
                       f"{load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after, on "
                       f"{os.cpu_count()} cores (compare rows of one run only)")
    return table
