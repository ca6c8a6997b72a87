"""The authoring loop: ``mkdocs serve`` follows edits in ``src/`` as well as in ``docs/``.

Runs the real ``mkdocs serve`` on a temporary copy of the repository and polls the served
page until it changes (no fixed waits: a slow machine only makes the test slower).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import site_probe

pytestmark = pytest.mark.site


def test_serve_follows_a_landscape_edit_in_src_and_a_prose_edit(tmp_path: Path) -> None:
    repo = site_probe.copy_repo(tmp_path / "repo")
    with site_probe.serving(repo, tmp_path / "serve.log") as (url, proc):
        page = url + "fields/"
        before = site_probe.fetch_text(page) or ""
        old, new = site_probe.scale_landscape(repo, "ripples", "1.25")
        assert f"f(x, y) = {old} over" in before and new not in before

        # A library edit: the landscape's formula, and with it every figure and number derived
        # from it. The static figure's alt text quotes the formula as the registry spells it.
        site_probe.wait_for(page, lambda body: f"f(x, y) = {new} over" in body, proc)

        # A prose edit in docs/ shows up too.
        fields_md = repo / "docs" / "fields.md"
        fields_md.write_text(fields_md.read_text(encoding="utf-8").replace(
            "A gradient field draws", "A gradient field (edited) draws"), encoding="utf-8")
        site_probe.wait_for(page, lambda body: "A gradient field (edited) draws" in body, proc)
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in log, log[-3000:]
