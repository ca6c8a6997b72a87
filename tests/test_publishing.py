"""Publishing in one line: `make site SITE_URL=...` builds for that address with no edit
(mkdocs.yml reads site_url from the environment, and a new address means a rebuild), and the
GitHub Pages workflow runs the README's command for the repository's Pages address."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("url", ["https://me.github.io/course/", "https://example.org/"])
def test_site_url_comes_from_the_environment(url: str, monkeypatch) -> None:
    monkeypatch.setenv("SITE_URL", url)
    assert yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"] == url


def test_without_site_url_the_placeholder_is_used(monkeypatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    assert yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"] == "https://gradfig.example.org/"


def test_the_readme_says_how_to_publish_in_one_line() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Publishing"):]
    assert re.search(r"make site SITE_URL=https://\S+/course/", section)
    assert ".github/workflows/pages.yml" in section


def test_the_pages_workflow_builds_with_make_site_for_the_pages_address_and_uploads_site() -> None:
    """The slide files first (``make site`` links the gallery's downloads only when they are
    cached), then the site for the Pages address."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == ["make slides", 'make site SITE_URL="${{ steps.pages.outputs.base_url }}/"']
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy)
