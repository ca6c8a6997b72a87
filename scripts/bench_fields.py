"""``make bench`` section ``fields``: what the interactive gradient fields cost a reader.

- hover -> readout latency over 200 real pointer moves per landscape, measured in the page
  with ``performance.now()`` between a capturing and a bubbling window listener around the
  field's handler (exact evaluation, readout, overlay); target p95 ≤ 16 ms (one 60 Hz frame).
  For context, also the browser's part: event timestamp -> handler start, and -> next frame;
- bytes shipped per field (its payload) and for plotly.js, raw and gzip; target ≤ 150 KB/field;
- time from scrolling a field into view to its first live hover (cold cache, loopback server,
  so this is CPU cost: parsing plotly.js and drawing, not network), median of 3.
"""

from __future__ import annotations

import gzip
import os
import re
import statistics
import tempfile
from pathlib import Path

import site_tools
from bench_core import Table, section
from chapter.fields import PLOTLY_BUNDLE
from gradfig.landscapes import LANDSCAPES

MOVES = 200
P95_TARGET_MS = 16.0
PAYLOAD_TARGET = 150_000
SCROLL_RUNS = 3


def _switcher_page(site: Path) -> str:
    for html in sorted(site.rglob("index.html")):
        if "gradfig-switcher" in html.read_text(encoding="utf-8"):
            rel = html.parent.relative_to(site).as_posix()
            return "" if rel == "." else rel + "/"
    raise RuntimeError("no page carries the landscape switcher (fields-switcher.md)")


# Capture listener on window runs first, bubble listener on window runs after the field's own
# handler: their difference is the field's work for one move (evaluate, readout, overlay).
_LATENCY_JS = """() => {
  window.__lat = {work: [], dispatch: [], frame: []}; window.__seen = new Set();
  const readout = document.querySelector('.gradfig-switcher .gradfig-readout');
  let start = 0;
  window.addEventListener('pointermove', () => { start = performance.now(); }, {capture: true});
  window.addEventListener('pointermove', (e) => {
    const end = performance.now();
    window.__lat.work.push(end - start);
    window.__lat.dispatch.push(start - e.timeStamp);
    requestAnimationFrame(() => setTimeout(() => window.__lat.frame.push(performance.now() - e.timeStamp)));
    window.__seen.add(readout.dataset.x);
  });
}"""

_SCROLL_TO_HOVER_JS = """async () => {
  const root = document.querySelector('.gradfig-switcher');
  const box = root.querySelector('.gradfig-field__plot');
  const readout = root.querySelector('.gradfig-readout');
  const t0 = performance.now();
  root.scrollIntoView({block: 'center'});
  while (!root.classList.contains('is-live')) await new Promise(requestAnimationFrame);
  const gd = root.querySelector('.js-plotly-plot'), r = box.getBoundingClientRect();
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  box.dispatchEvent(new PointerEvent('pointermove', {bubbles: true,
      clientX: r.left + xa._offset + xa._length / 2, clientY: r.top + ya._offset + ya._length / 2}));
  if (!readout.dataset.x) throw new Error('no readout after the first hover');
  return performance.now() - t0;
}"""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _hover_latency(browser, url: str) -> tuple[dict[str, tuple[float, float, int]], dict[str, list[float]]]:
    """Per landscape (p50, p95, distinct readouts) of the field's work; pooled browser timings."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    root = page.locator(".gradfig-switcher")
    root.scroll_into_view_if_needed()
    root.hover()  # a field goes live when scrolled to or pointed at
    page.wait_for_selector(".gradfig-switcher.is-live")
    page.evaluate(_LATENCY_JS)
    results, pooled = {}, {"dispatch": [], "frame": []}
    for name in LANDSCAPES:
        root.locator(f'input[value="{name}"]').check()
        page.wait_for_selector(f'.gradfig-switcher.is-live[data-gradfig-field="{name}"]')
        area = root.evaluate("""el => {
            const gd = el.querySelector('.js-plotly-plot'), r = gd.getBoundingClientRect();
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            return {x: r.left + xa._offset, y: r.top + ya._offset, w: xa._length, h: ya._length};
        }""")
        page.evaluate("window.__lat = {work: [], dispatch: [], frame: []}; window.__seen.clear()")
        for i in range(MOVES):  # a diagonal zig-zag inside the axes (every move is a new point)
            fx = 0.05 + 0.9 * (i / (MOVES - 1))
            fy = 0.05 + 0.9 * (0.5 + 0.5 * ((i * 7) % 20 - 10) / 10)
            page.mouse.move(area["x"] + fx * area["w"], area["y"] + fy * area["h"])
        page.wait_for_timeout(200)  # let the last frames report
        lat = page.evaluate("window.__lat")
        distinct = page.evaluate("window.__seen.size")
        results[name] = (statistics.median(lat["work"]), _percentile(lat["work"], 0.95), distinct)
        pooled["dispatch"] += lat["dispatch"]
        pooled["frame"] += lat["frame"]
    page.close()
    return results, pooled


def _scroll_to_hover(browser, url: str) -> tuple[float, bool]:
    times, below = [], True
    for _ in range(SCROLL_RUNS):
        context = browser.new_context(viewport={"width": 1280, "height": 240})  # cold cache
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        top = page.evaluate("document.querySelector('.gradfig-switcher').getBoundingClientRect().top")
        below = below and top > 240 + 300  # beyond the lazy-load margin: nothing loaded yet
        times.append(page.evaluate(_SCROLL_TO_HOVER_JS))
        context.close()
    return statistics.median(times), below


@section("fields")
def fields_bench() -> Table:
    from playwright.sync_api import sync_playwright

    rows: list[list[object]] = []
    notes = []
    with tempfile.TemporaryDirectory(prefix="gradfig-bench-fields-") as tmp:
        site = Path(tmp) / "site"
        proc = site_tools.build(site_tools.ROOT, site, {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        if proc.returncode != 0:
            raise RuntimeError(f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}")
        for name in LANDSCAPES:
            data = (site / "generated" / "fields" / f"{name}.js").read_bytes()
            verdict = "ok" if len(data) <= PAYLOAD_TARGET else "OVER"
            rows.append([f"payload {name}.js", f"{len(data) / 1000:.1f} kB",
                         f"{len(gzip.compress(data, 9)) / 1000:.1f} kB gzip", "≤ 150 kB", verdict])
        bundle = (site / "generated" / "vendor" / PLOTLY_BUNDLE).read_bytes()
        version = re.search(rb"plotly\.js \(cartesian - minified\) v([\d.]+)", bundle[:300])
        rows.append([f"plotly.js {version.group(1).decode() if version else '?'} cartesian",
                     f"{len(bundle) / 1000:.0f} kB", f"{len(gzip.compress(bundle, 9)) / 1000:.0f} kB gzip",
                     "once per site (cached)", ""])
        page = _switcher_page(site)
        with site_tools.serve(site) as base, sync_playwright() as pw:
            browser = site_tools.launch_chromium(pw)
            latency, pooled = _hover_latency(browser, base + page)
            scroll_ms, below = _scroll_to_hover(browser, base + page)
            browser.close()
        for name, (p50, p95, distinct) in latency.items():
            rows.append([f"hover -> readout {name} (field's work)", f"p50 {p50:.2f} ms",
                         f"p95 {p95:.2f} ms", f"p95 ≤ {P95_TARGET_MS:g} ms",
                         ("ok" if p95 <= P95_TARGET_MS else "OVER") + f" ({distinct} distinct readouts)"])
        for key, label in (("dispatch", "input event -> handler start (browser)"),
                           ("frame", "input event -> next frame (browser + field)")):
            values = pooled[key]
            rows.append([label, f"p50 {statistics.median(values):.1f} ms",
                         f"p95 {_percentile(values, 0.95):.1f} ms", "context", ""])
        rows.append(["scroll into view -> first live hover", f"{scroll_ms:.0f} ms",
                     f"median of {SCROLL_RUNS}, cold cache", "", "" if below else
                     "field was within the lazy margin at load: time excludes part of the loading"])
    notes.append(f"{MOVES} real pointer moves per landscape (Playwright mouse) on the switcher of "
                 f"/{page}.")
    notes.append("The field's work is measured between a capturing and a bubbling window listener "
                 "around its own handler. Chromium delivers pointermove aligned to animation frames, "
                 "so the browser rows include up to a frame of queueing plus whatever else the "
                 "machine is doing.")
    load = os.getloadavg()[0]
    notes.append(f"Loopback server, headless Debian Chromium, no throttling; load average {load:.1f} "
                 f"on {os.cpu_count()} cores during the run.")
    return Table(title="Interactive fields: payload, hover latency, time to live",
                 columns=["measure", "value", "detail", "target", "verdict"], rows=rows, notes=notes)
