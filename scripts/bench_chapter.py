"""Benchmarks of the chapter's build steps: maths typesetting, the notebook, the chapter numbers.

Each row times one step cold (empty cache) and warm (cache filled), in a temporary folder
so the real caches are not touched. Targets come from the project's build goals: a
no-change rebuild within 3 s, so every warm row should be a small fraction of that.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from bench_core import ROOT, Table, section


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


@section("chapter-build")
def chapter_build() -> Table:
    from chapter import framework, maths, notebook
    from chapter.pages import SNIPPETS

    rows: list[list[object]] = []
    # Every formula of the chapter's pages and generated snippets, as arithmatex would mark it.
    sources = [*(ROOT / "docs").glob("*.md"), *(ROOT / "docs" / "generated" / name for name in SNIPPETS)]
    text = "".join(p.read_text(encoding="utf-8") for p in sources)
    display = re.findall(r"\$\$(.+?)\$\$", text, re.DOTALL)
    inline = re.findall(r"(?<!\$)\$([^$\n]+?)\$(?!\$)", re.sub(r"\$\$.+?\$\$", "", text, flags=re.DOTALL))
    tex = [*display, *inline]
    spans = "".join(f'<div class="arithmatex">\\[{t}\\]</div>' for t in dict.fromkeys(display))
    spans += "".join(f'<span class="arithmatex">\\({t}\\)</span>' for t in dict.fromkeys(inline))
    with tempfile.TemporaryDirectory() as tmp:
        renderer = maths.MathsRenderer(Path(tmp) / "cache.json")
        cold, _ = _timed(lambda: renderer.render_html(spans))
        renderer.save()
        warm_renderer = maths.MathsRenderer(Path(tmp) / "cache.json")
        warm, _ = _timed(lambda: warm_renderer.render_html(spans))
        rows.append(["Temml, all chapter formulas", len(dict.fromkeys(tex)), cold, warm,
                     f"{renderer.node_calls} / {warm_renderer.node_calls}"])

        script = ROOT / "docs" / "notebooks" / "gradient_check.py"
        out = Path(tmp) / "nb.ipynb"
        cold, _ = _timed(lambda: notebook.build_notebook(script, out))
        warm, ran = _timed(lambda: notebook.build_notebook(script, out))
        rows.append(["notebook (execute / reuse)", 1, cold, warm, f"1 / {int(bool(ran))}"])

        cache = Path(tmp) / "framework"
        runs = framework.RUNS["count"]
        cold, _ = _timed(lambda: framework.jax_results(cache_dir=cache))
        warm, _ = _timed(lambda: framework.jax_results(cache_dir=cache))
        rows.append(["JAX run (execute / reuse)", 1, cold, warm,
                     f"JAX runs {framework.RUNS['count'] - runs} (cold 1, warm 0)"])

    makers = SNIPPETS
    cold, _ = _timed(lambda: [make() for make in makers.values()])
    warm, _ = _timed(lambda: [make() for make in makers.values()])
    rows.append(["chapter snippets (every page's)", len(makers), cold, warm, "-"])
    notes = [
        "cold = empty cache (first build of a fresh clone); warm = same inputs again (no-change rebuild).",
        "Temml: the $...$ and $$...$$ of docs/*.md and the generated snippets, one Node process for all.",
        "node / kernel starts: how many Node processes or Jupyter kernels each run started.",
        "Target: every warm row well under the 3 s no-change rebuild budget.",
    ]
    return Table("Chapter build steps (seconds)",
                 ["step", "items", "cold s", "warm s", "node or kernel starts (cold / warm)"], rows, notes)
