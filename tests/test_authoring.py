"""The authoring loop: ``mkdocs serve`` follows edits in ``src/`` as well as in ``docs/``.

Runs the real ``mkdocs serve`` on a temporary copy of the repository (it edits the copy's
sources while serving, so it needs a copy and a server of its own) and polls the served page
until it changes (no fixed waits: a slow machine only makes the test slower). The copy starts
from the shared build's generated files and caches and shares the suite's figure cache, warm
from the shared site, as a checkout where ``make site`` ran: only what the edit changes is drawn.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import site_tools
from gradfig.landscapes import LANDSCAPES

pytestmark = pytest.mark.site


def test_serve_follows_a_landscape_edit_in_src_and_a_prose_edit(tmp_path: Path, built_repo: Path,
                                                                warm_figure_cache: Path) -> None:
    repo = site_tools.seed_from_build(site_tools.copy_repo(tmp_path / "repo"), built_repo)
    environ = site_tools.env(repo, figure_cache=warm_figure_cache)
    with site_tools.serving(repo, tmp_path / "serve.log", environ) as (url, proc):
        page = url + "fields/"
        before = site_tools.fetch_text(page) or ""
        old, new = site_tools.scale_landscape(repo, list(LANDSCAPES)[-1], "1.25")  # any will do
        assert f"f(x, y) = {old} over" in before and new not in before

        # A library edit: the landscape's formula, and with it every figure and number derived
        # from it. The static figure's alt text quotes the formula as the registry spells it.
        site_tools.wait_for(page, lambda body: f"f(x, y) = {new} over" in body, proc)

        # A prose edit in docs/ shows up too.
        fields_md = repo / "docs" / "fields.md"
        fields_md.write_text(fields_md.read_text(encoding="utf-8").replace(
            "A gradient field draws", "A gradient field (edited) draws"), encoding="utf-8")
        site_tools.wait_for(page, lambda body: "A gradient field (edited) draws" in body, proc)
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in log, log[-3000:]
