"""``make bench``: every measurement in one run, printed as Markdown tables.

Each section is a function returning a ``bench_core.Table``, registered with
``@bench_core.section("name")`` in a ``scripts/bench_*.py`` module; results go to stdout and to
``bench-results/bench.md`` and ``bench-results/bench.json``. Timings live here, never in
tests (these machines are noisy); compare ratios measured side by side in this one run.
Run one section with ``python scripts/bench.py --only NAME``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import ROOT, SECTIONS

# Every scripts/bench_*.py module registers its sections with @section on import.
for _module in sorted(p.stem for p in (ROOT / "scripts").glob("bench_*.py")):
    importlib.import_module(_module)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="gradfig benchmarks")
    parser.add_argument("--only", action="append", default=[], choices=sorted(SECTIONS) or None,
                        help="run only this section (repeatable)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    args = parser.parse_args(argv)
    names = args.only or list(SECTIONS)
    tables = []
    for name in names:
        start = time.perf_counter()
        table = SECTIONS[name]()
        table.notes.append(f"section took {time.perf_counter() - start:.1f} s")
        print(table.markdown(), flush=True)
        tables.append((name, table))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.md").write_text("\n".join(t.markdown() for _, t in tables))
    (args.out / "bench.json").write_text(json.dumps({n: asdict(t) for n, t in tables}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
