"""``make bench`` sections measuring the built site: layout shift, bytes, axe-core, build times.

Every section builds what it measures in the same run, beside its baseline: the real site
(``mkdocs build --strict`` into a temporary folder) and a bare Material page (a minimal
``mkdocs.yml`` with ``theme: material``, ``font: false``) built into another. Pages are served
on 127.0.0.1 gzip-compressed, as any static host serves them. Build timings run ``make site`` in
a temporary copy of the repository (the real tree is never cleaned or edited); the venv is the
real one, so "cold" means: no site/, no docs/generated/, no caches, venv and node_modules present.

The layout-shift section, and the Lighthouse section (scripts/bench_lighthouse.py), also build
a baseline revision (where this branch left ``main``, unless ``GRADFIG_BENCH_BASELINE`` names
another) from a ``git archive`` in a temporary folder, so each page shows before → after from
one run.

Lighthouse 12 is a benchmark-only tool (111 MB of npm packages), so it lives in ``bench/``
with its own package.json and lock, installed by ``make bench`` and never by ``make site``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import site_probe
import site_tools
from bench_core import ROOT, Table, section

BENCH_NODE = ROOT / "bench"
KB = site_probe.KB  # the budgets are in kB / MB (decimal); Lighthouse's KiB printed as such
BEFORE_BUDGET, LIVE_BUDGET = site_probe.BEFORE_BUDGET, site_probe.LIVE_BUDGET
COLD_GOAL_S, NOCHANGE_GOAL_S = 20.0, 3.0
EDITED_LANDSCAPE = "ripples"

_BARE_MKDOCS = """\
site_name: Bare Material page
theme:
  name: material
  font: false
"""
_BARE_PAGE = "# Bare Material page\n\nOne paragraph of text, the same theme, nothing else.\n"


# --------------------------------------------------------------------------------------
# Building what we measure
# --------------------------------------------------------------------------------------
@contextmanager
def built_bare_site() -> Iterator[Path]:
    """Yield a bare Material site (one page, ``theme: material``), built in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="gradfig-bench-bare-") as tmp:
        bare_src = Path(tmp) / "bare"
        (bare_src / "docs").mkdir(parents=True)
        (bare_src / "mkdocs.yml").write_text(_BARE_MKDOCS)
        (bare_src / "docs" / "index.md").write_text(_BARE_PAGE)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir",
                        str(Path(tmp) / "bare-site")], cwd=bare_src, check=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        yield Path(tmp) / "bare-site"


@contextmanager
def built_sites() -> Iterator[tuple[Path, Path]]:
    """Yield (real site, bare Material site), both freshly built in temporary folders."""
    with tempfile.TemporaryDirectory(prefix="gradfig-bench-") as tmp, built_bare_site() as bare:
        real = Path(tmp) / "site"
        proc = site_tools.build(ROOT, real, {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        if proc.returncode != 0:
            raise RuntimeError(f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}")
        yield real, bare


def _page_name(rel: str) -> str:
    return rel.rstrip("/") or "(home)"


# --------------------------------------------------------------------------------------
# The baseline revision (the Lighthouse section, scripts/bench_lighthouse.py, and layout shift)
# --------------------------------------------------------------------------------------
#: The revision the Lighthouse section measures as "before" (built from a ``git archive`` in a
#: temporary folder, with its own ``npm ci``), beside the working tree as "after". By default
#: the commit this branch left ``main`` at (their merge base): the site without the branch.
BASELINE_ENV = "GRADFIG_BENCH_BASELINE"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


@contextmanager
def baseline_site(rev: str) -> Iterator[tuple[str, Path | None]]:
    """Yield (description, built site or None) for revision ``rev`` of this repository.

    The revision's tree is exported with ``git archive`` (the repository's git state is not
    touched), given its own node_modules (``npm ci``: an older revision pins other packages)
    and the figure cache of this tree (content-keyed, so shared safely), then built with
    ``mkdocs build --strict`` like the working tree. None when ``rev`` is the working tree's
    own commit with no local change, or cannot be resolved.
    """
    try:
        commit = _git("rev-parse", "--short", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError:
        yield f"{rev} (not found: no before column)", None
        return
    if _git("rev-parse", f"{rev}^{{tree}}") == _git("rev-parse", "HEAD^{tree}") and not _git(
            "status", "--porcelain", "--untracked-files=no"):
        yield f"{rev} @ {commit} (the working tree itself: no before column)", None
        return
    with tempfile.TemporaryDirectory(prefix="gradfig-baseline-") as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(repo, filter="data")
        # Older revisions had gradfig as a namespace package (no __init__.py); on PYTHONPATH
        # it would lose to the working tree's editable install, a regular package.
        init = repo / "src" / "gradfig" / "__init__.py"
        if init.parent.is_dir() and not init.exists():
            init.write_text("")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=repo,
                       check=True, capture_output=True, timeout=600)
        if (ROOT / ".cache" / "figures").is_dir():
            shutil.copytree(ROOT / ".cache" / "figures", repo / ".cache" / "figures")
        site = Path(tmp) / "site"
        proc = site_tools.build(repo, site)
        if proc.returncode != 0:
            raise RuntimeError(f"mkdocs build of {rev} @ {commit} failed:\n{proc.stderr[-3000:]}")
        yield (f"{rev} @ {commit}" if rev.removeprefix(commit) == rev else commit), site


def baseline_revision() -> tuple[str, bool]:
    """(the "before" revision, whether it is the default: where this branch left main)."""
    rev = os.environ.get(BASELINE_ENV, "")
    if rev:
        return rev, False
    try:
        return _git("merge-base", "HEAD", "main"), True
    except subprocess.CalledProcessError:
        return "main", True


# --------------------------------------------------------------------------------------
# Layout shift on a slow connection (does the maths jump when its font arrives?)
# --------------------------------------------------------------------------------------
#: DevTools' "Slow 4G" preset, applied to the real network (not simulated as in Lighthouse).
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.4 * 1024 * 1024 / 8 * 0.9,
           "uploadThroughput": 675 * 1024 / 8 * 0.9}
SHIFT_RUNS = 3

_SHIFTS = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries())
        if (!e.hadRecentInput) total += e.value; }).observe({type: 'layout-shift', buffered: true});
    setTimeout(() => resolve(total), 500);
})"""


def _shift(browser, url: str) -> float:
    context = browser.new_context(**site_probe.PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="load", timeout=120_000)
    page.evaluate("document.fonts.ready.then(() => true)")
    value = page.evaluate(_SHIFTS)
    context.close()
    return value


@section("layout-shift")
def layout_shift() -> Table:
    """Cumulative layout shift of each page loaded over a real throttled link, before → after."""
    from playwright.sync_api import sync_playwright

    rev, _ = baseline_revision()
    table = Table(title=f"Layout shift while loading on slow 4G with 4x CPU slowdown (Chromium, "
                        f"phone screen, median of {SHIFT_RUNS}), before → after",
                  columns=["page", "CLS before", "CLS after", "goal < 0.01"], rows=[])
    with built_sites() as (real, _bare), baseline_site(rev) as (baseline_name, before), \
            sync_playwright() as pw:
        browser = _launch(pw)
        with contextlib.ExitStack() as stack:
            url = stack.enter_context(site_tools.serve(real, gzip_text=True))
            before_url = stack.enter_context(site_tools.serve(before, gzip_text=True)) if before else ""
            for rel in site_tools.html_pages(real):
                after = statistics.median(_shift(browser, url + rel) for _ in range(SHIFT_RUNS))
                was: object = "-"
                if before and (before / rel / "index.html").is_file():
                    was = round(statistics.median(_shift(browser, before_url + rel)
                                                  for _ in range(SHIFT_RUNS)), 3)
                table.rows.append([_page_name(rel), was, round(after, 3),
                                   "met" if after < 0.01 else "MISSED"])
        browser.close()
    table.notes.append(f"before = {baseline_name}; network throttled by Chromium itself "
                       "(DevTools' Slow 4G: 562 ms latency, 1.26 Mbit/s), so fonts really arrive late; "
                       "shifts within 500 ms of input excluded (there is none)")
    return table


# --------------------------------------------------------------------------------------
# Bytes before interaction and with every field live
# --------------------------------------------------------------------------------------
def _bytes_for(browser, url: str) -> tuple[site_probe.Loaded, site_probe.Loaded, list[str]]:
    context = browser.new_context(**site_probe.PHONE)
    page = context.new_page()
    result = site_probe.load_and_wake(page, url)
    context.close()
    return result


@section("bytes")
def bytes_loaded() -> Table:
    """Bytes each page loads before any interaction and after every field is live."""
    from playwright.sync_api import sync_playwright

    table = Table(
        title="Bytes loaded per page (phone viewport): before interaction / every field live",
        columns=["page", "fields shown", "before: decoded kB", "before: on the wire kB (gzip)",
                 "live: decoded kB", "live: on the wire kB (gzip)", "budget 350 kB / 2 MB (on the wire)"],
        rows=[])
    biggest: dict[str, int] = {}
    with built_sites() as (real, bare), sync_playwright() as pw:
        browser = _launch(pw)
        targets = _pages_with_baseline(real, bare)
        for name, site, rel in targets:
            with site_tools.serve(site, gzip_text=True) as url:
                before, live, states = _bytes_for(browser, url + rel)
            n_fields = len(states)
            if any(not s.endswith(": live") for s in states):
                table.notes.append(f"{name}: FIELDS NOT LIVE: {states}")
            ok = before.wire_total <= BEFORE_BUDGET and live.wire_total <= LIVE_BUDGET
            table.rows.append([name, n_fields, round(before.body_total / KB, 1),
                               round(before.wire_total / KB, 1), round(live.body_total / KB, 1),
                               round(live.wire_total / KB, 1), "met" if ok else "MISSED"])
            if n_fields:
                for u, size in live.body.items():
                    key = u.split("/", 3)[-1]
                    biggest[key] = max(biggest.get(key, 0), size)
            if live.off_host:
                table.notes.append(f"{name}: REQUESTS OFF 127.0.0.1: {live.off_host}")
        browser.close()
    top = sorted(biggest.items(), key=lambda kv: -kv[1])[:6]
    if top:
        table.notes.append("largest files on pages with fields (decoded kB): "
                           + ", ".join(f"{k} {v / KB:.0f}" for k, v in top))
    table.notes.append("decoded = sum of response bodies after decompression; on the wire = gzip "
                       "bodies + headers as a static host serves them (what Lighthouse's total-byte-weight "
                       "counts, and what tests/test_budgets.py enforces)")
    return table


def _launch(pw):
    """Debian Chromium with the project's flags (never Playwright's own browser)."""
    return site_tools.launch_chromium(pw)


def _pages_with_baseline(real: Path, bare: Path) -> list[tuple[str, Path, str]]:
    """(row name, site folder, page path): the bare Material page first, then every page."""
    return [("baseline: bare Material page", bare, "")] + [
        (_page_name(p), real, p) for p in site_tools.html_pages(real)]


# --------------------------------------------------------------------------------------
# axe-core
# --------------------------------------------------------------------------------------
@section("axe")
def axe_counts() -> Table:
    """axe-core violations on every page, light and dark, beside the bare Material page."""
    from playwright.sync_api import sync_playwright

    table = Table(title="axe-core violations per page (light / dark scheme, desktop)",
                  columns=["page", "light", "dark", "rules violated", "goal 0"], rows=[])
    with built_sites() as (real, bare), sync_playwright() as pw:
        browser = _launch(pw)
        targets = _pages_with_baseline(real, bare)
        for name, site, rel in targets:
            counts, rules = [], set()
            with site_tools.serve(site) as url:
                for scheme in ("light", "dark"):
                    context = browser.new_context(color_scheme=scheme,
                                                  viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    site_probe.open_page(page, url + rel)
                    violations = site_probe.axe_violations(page)
                    context.close()
                    counts.append(sum(v["nodes"] for v in violations))
                    rules |= {v["id"] for v in violations}
            table.rows.append([name, counts[0], counts[1], ", ".join(sorted(rules)) or "-",
                               "met" if not any(counts) else "MISSED"])
        browser.close()
    table.notes.append("counts are violating elements (axe 'nodes'); axe-core "
                       + json.loads((site_probe.AXE_JS.parent / "package.json").read_text())["version"])
    return table


# --------------------------------------------------------------------------------------
# Build times: cold, no change, one landscape edited
# --------------------------------------------------------------------------------------
def make_site(repo: Path, *args: str) -> float:
    """Time ``make site`` in ``repo`` with the real venv (its install step is not re-run)."""
    start = time.perf_counter()
    proc = site_tools.make(repo, "site", *args)  # the copy's sources, not the editable install's
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"make site failed in {repo}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return elapsed


def _snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """rel path -> (mtime_ns, sha256) of every file under ``folder``."""
    return {rel: ((folder / rel).stat().st_mtime_ns, digest)
            for rel, digest in site_tools.file_hashes(folder).items()}


def _edit_landscape(repo: Path, name: str) -> str:
    """Change one landscape's formula in the copy (scaled, so its critical points stay put)."""
    path = repo / "src" / "gradfig" / "landscapes.py"
    sys.path.insert(0, str(ROOT / "src"))
    from gradfig.landscapes import LANDSCAPES

    old = LANDSCAPES[name].formula
    new = f"1.25*({old})"
    text = path.read_text()
    needle = f'formula="{old}"'
    if text.count(needle) != 1:
        raise RuntimeError(f"cannot find {needle} exactly once in {path}")
    path.write_text(text.replace(needle, f'formula="{new}"'))
    return f"{old} -> {new}"


@section("build-times")
def build_times() -> Table:
    """Cold ``make site``, no-change rebuild and one-landscape-edit rebuild, in a temp copy."""
    load = os.getloadavg()[0]
    table = Table(title="make site timings (temporary copy of the repo, venv present)",
                  columns=["build", "seconds", "goal", "verdict", "files rewritten in docs/generated"],
                  rows=[])
    with tempfile.TemporaryDirectory(prefix="gradfig-build-bench-") as tmp:
        repo = site_tools.copy_repo(Path(tmp) / "repo")
        cold = make_site(repo)
        generated = repo / "docs" / "generated"
        n_files = len(_snapshot(generated))
        table.rows.append(["cold (no site/, docs/generated/, caches)", round(cold, 2),
                           f"<= {COLD_GOAL_S:g} s", "met" if cold <= COLD_GOAL_S else "MISSED",
                           f"{n_files} (all)"])
        before = _snapshot(generated)
        nochange = [make_site(repo) for _ in range(3)]
        after = _snapshot(generated)
        rewritten = sorted(k for k in after if before.get(k) != after[k])
        t = statistics.median(nochange)
        table.rows.append(["no change (median of 3)", round(t, 2), f"<= {NOCHANGE_GOAL_S:g} s",
                           "met" if t <= NOCHANGE_GOAL_S else "MISSED", len(rewritten)])
        # What the skip saves: the same no-change build with the skip turned off (mkdocs runs,
        # the generate hook finds every artefact current and rewrites nothing).
        forced = statistics.median(make_site(repo, "FORCE=1") for _ in range(3))
        after_forced = _snapshot(generated)
        table.rows.append(["no change, FORCE=1 (mkdocs build runs; median of 3)", round(forced, 2),
                           "for comparison", "-",
                           len([k for k in after_forced if after.get(k) != after_forced[k]])])
        edit = _edit_landscape(repo, EDITED_LANDSCAPE)
        before = _snapshot(generated)
        cache_before = set(site_tools.file_hashes(repo / ".cache")) if (repo / ".cache").is_dir() else set()
        edited = make_site(repo)
        after = _snapshot(generated)
        cache_after = set(site_tools.file_hashes(repo / ".cache")) if (repo / ".cache").is_dir() else set()
        new_entries = sorted(cache_after - cache_before)
        changed = sorted(k for k in set(after) | set(before) if before.get(k) != after.get(k))
        foreign = [k for k in changed if EDITED_LANDSCAPE not in k]
        table.rows.append([f"one landscape edited ({EDITED_LANDSCAPE})", round(edited, 2),
                           f"only {EDITED_LANDSCAPE}'s artefacts", "see note", len(changed)])
        table.notes.append(f"edit: {EDITED_LANDSCAPE} formula {edit}; {len(new_entries)} new cache "
                           f"entries (outputs re-rendered) in .cache/: "
                           + ", ".join(sorted({e.split("/")[0] for e in new_entries})))
        table.notes.append(f"rewritten with '{EDITED_LANDSCAPE}' in the name: "
                           + (", ".join(k for k in changed if k not in foreign) or "none"))
        table.notes.append("rewritten without it (shared artefacts that show every landscape, "
                           "or over-eager rebuilds): " + (", ".join(foreign) or "none"))
    table.notes.append(f"1-minute load average {load:.1f} before, {os.getloadavg()[0]:.1f} after, "
                       f"on {os.cpu_count()} cores (other work on the machine slows every timing)")
    return table
