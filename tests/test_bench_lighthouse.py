"""The Lighthouse bench's medians and table (scripts/bench_lighthouse.py), on real Lighthouse output.

tests/data/lighthouse-runs.json is bench/lighthouse.mjs's output from one interleaved run
(Lighthouse 12.2.3, Debian Chromium), trimmed to the fields the bench reads. The bench itself
(``make bench``) is not a test: its numbers depend on the machine.
"""

from __future__ import annotations

import copy
import json
import statistics
from pathlib import Path

import pytest

import bench_lighthouse as bl

RUNS = json.loads((Path(__file__).parent / "data" / "lighthouse-runs.json").read_text())["results"]
PAGES = ["jacobian/", "api/figures/"]


def _row(table, name: str) -> dict[str, object]:
    rows = {row[0]: dict(zip(table.columns, row, strict=True)) for row in table.rows}
    return rows[name]


def test_the_fixture_is_real_lighthouse_output_with_several_runs() -> None:
    assert all(len(runs) >= 2 for runs in RUNS.values())
    # Real runs differ from each other: a median over them is a choice, not a copy.
    assert len({r["metrics"]["total-blocking-time"] for r in RUNS["bare"]}) > 1


@pytest.mark.parametrize("key", sorted(RUNS))
def test_summary_takes_the_median_of_each_measure_over_the_runs(key: str) -> None:
    runs = RUNS[key]
    s = bl.page_summary(runs)
    assert s["runs"] == len(runs)
    assert s["performance"] == statistics.median(r["scores"]["performance"] for r in runs)
    assert s["seo"] == statistics.median(r["scores"]["seo"] for r in runs)
    assert s["tbt"] == statistics.median(r["metrics"]["total-blocking-time"] for r in runs)
    assert s["dom"] == statistics.median(r["domElements"] for r in runs)
    assert s["kb"] == statistics.median(r["totalByteWeight"] for r in runs) / 1000


def test_the_median_of_an_odd_count_is_the_middle_run_not_the_mean() -> None:
    runs = copy.deepcopy(RUNS["before:jacobian/"][:1]) * 3
    for run, tbt in zip(runs, (10.0, 900.0, 20.0), strict=True):
        run["metrics"]["total-blocking-time"] = tbt
    assert bl.page_summary(runs)["tbt"] == 20.0


def test_table_starts_with_the_bare_material_page_as_the_reference() -> None:
    table = bl.lighthouse_table(RUNS, PAGES, runs=3, baseline="main @ abc1234")
    assert [row[0] for row in table.rows] == [bl.BARE_ROW, "jacobian", "api/figures"]
    bare = _row(table, bl.BARE_ROW)
    assert bare["performance"] == f"{bl.page_summary(RUNS['bare'])['performance']:g}"
    assert list(bare.values())[-1] == "reference"
    assert "median of 3" in table.title and "interleaved" in table.title


def test_a_page_with_a_baseline_shows_before_then_after() -> None:
    table = bl.lighthouse_table(RUNS, PAGES, runs=3, baseline="main @ abc1234")
    before, after = bl.page_summary(RUNS["before:jacobian/"]), bl.page_summary(RUNS["after:jacobian/"])
    row = _row(table, "jacobian")
    assert row["TBT ms"] == f"{before['tbt']:.0f} → {after['tbt']:.0f}"
    assert row["DOM elements"] == f"{before['dom']:.0f} → {after['dom']:.0f}"
    assert row["kB before interaction"] == f"{before['kb']:.0f} → {after['kb']:.0f}"
    # A page without a baseline run shows one number.
    assert "→" not in _row(table, "api/figures")["TBT ms"]


def test_goal_column_judges_every_budget() -> None:
    good = bl.page_summary(RUNS["after:api/figures/"])
    good.update(performance=99, tbt=100.0, accessibility=100, seo=100, kb=200.0)
    good["best-practices"] = 100
    assert bl.meets_goal(good)
    for change in ({"performance": 97}, {"tbt": 151.0}, {"accessibility": 96}, {"seo": 90},
                   {"best-practices": 96}, {"kb": 351.0}):
        assert not bl.meets_goal({**good, **change}), change
    # In the fixture the machine was loaded: pages missed, and the table says so with the trace.
    table = bl.lighthouse_table(RUNS, PAGES, runs=3)
    verdicts = {row[0]: row[-1] for row in table.rows}
    for page in PAGES:
        s = bl.page_summary(RUNS[f"after:{page}"])
        assert verdicts[bl._page_name(page)] == ("met" if bl.meets_goal(s) else "MISSED")
        if not bl.meets_goal(s):
            assert any(n.startswith(f"{bl._page_name(page)} missed; script cost") for n in table.notes)


def test_no_runs_is_an_error_not_a_zero() -> None:
    with pytest.raises(ValueError, match="no Lighthouse runs"):
        bl.page_summary([])


def test_options_pick_pages_and_rounds_and_refuse_what_is_not_there(monkeypatch) -> None:
    pages = ["", "autodiff/", "api/figures/"]
    monkeypatch.delenv(bl.PAGES_ENV, raising=False)
    assert bl._selected(pages) == pages
    monkeypatch.setenv(bl.PAGES_ENV, "autodiff,api/figures/")
    assert bl._selected(pages) == ["autodiff/", "api/figures/"]
    monkeypatch.setenv(bl.PAGES_ENV, "autodif/")
    with pytest.raises(SystemExit, match="no such page"):
        bl._selected(pages)
    monkeypatch.delenv(bl.RUNS_ENV, raising=False)
    assert bl._runs() == bl.DEFAULT_RUNS == 5
    monkeypatch.setenv(bl.RUNS_ENV, "2")
    assert bl._runs() == 2
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv(bl.RUNS_ENV, bad)
        with pytest.raises(SystemExit, match=bl.RUNS_ENV):
            bl._runs()
