"""The slide files (16:9 PNG and PDF of every figure, the descent animations, their zip) are shown
by no page, so ``make site`` never draws them; ``make figures`` does, and a build after it takes
them from the figure cache. Both sites a reader can get are checked here:

- with the slides drawn first (the shared ``built_site``: ``make slides`` in its copy, then the
  build), the gallery links each slide file, the site serves it with the bytes ``make figures``
  wrote, and the zip holds every still, byte for byte;
- without them (one more build, once per module: a copy seeded from the shared build, its own
  figure cache holding the page images only, so nothing is drawn), the gallery says in one line
  how to get them, and the site holds no slide file, no zip and no link to either.

In both, every link and image of every page resolves to a file of the site.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

import site_tools
from chapter.figures import FIGURES, FIGURES_DIR, ZIP_NAME, site_jobs, slide_cache_entries, slide_jobs
from gradfig import export
from gradfig.render import MOTION_FORMATS, job_keys

pytestmark = pytest.mark.site


def _slide_files() -> list[str]:
    return sorted(name for job in slide_jobs() for name in job.file_names().values())


@pytest.fixture(scope="module")
def bare_site(built_repo: Path, warm_figure_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as a build without ``make figures`` makes it. The copy starts from the shared
    build's generated files (slide files and zip included, as a checkout keeps them from an
    earlier build) and a figure cache holding the page images only (copied from the suite's),
    so the build draws no figure and must drop what it no longer ships."""
    folder = tmp_path_factory.mktemp("bare")
    repo = site_tools.seed_from_build(site_tools.copy_repo(folder / "repo"), built_repo)
    assert list((repo / "docs" / "generated" / FIGURES_DIR).glob("*-16x9.*"))  # from the shared build
    cache = export.ContentCache(folder / "figure-cache")
    suite = export.ContentCache(warm_figure_cache)
    for job in site_jobs():
        for fmt, key in job_keys(job).items():
            data = suite.get(key, fmt)
            assert data is not None, f"{job.label()} {fmt}: not in the suite's cache after the shared build"
            cache.put(key, fmt, data)
    proc = site_tools.build(repo, folder / "site", site_tools.env(repo, figure_cache=cache.folder))
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    # The build drew no slide file (the playground's field is the only other entry it adds).
    assert not [entry for entry in slide_cache_entries() if cache.has_all([entry])]
    return folder / "site"


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("a", "link") and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if tag in ("img", "script", "source", "iframe") and a.get("src"):
            self.srcs.append(a["src"] or "")


def _refs(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _broken_links(site: Path) -> list[str]:
    """Every relative link and image of every page that does not resolve to a file of ``site``."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        base = "http://site/" + page.relative_to(site).as_posix()
        refs = _refs(page)
        for ref in refs.hrefs + refs.srcs:
            url = urlparse(urljoin(base, ref))
            if url.scheme not in ("http", "https") or url.netloc != "site":
                continue  # another host (its own test), mailto:, data:, javascript:
            target = site / unquote(url.path).lstrip("/")
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)}: {ref}")
    return broken


def _gallery_downloads(site: Path) -> set[str]:
    refs = _refs(site / "gallery" / "index.html")
    return {unquote(urlparse(urljoin("http://site/gallery/", h)).path).removeprefix("/generated/figures/")
            for h in refs.hrefs if "generated/figures/" in h}


@pytest.mark.parametrize("which", ["with slides", "without slides"])
def test_every_link_of_the_site_resolves(which: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue("built_site" if which == "with slides" else "bare_site")
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    assert not _broken_links(site)


def test_with_slides_the_gallery_links_each_and_the_zip_holds_them(built_site: Path,
                                                                   built_repo: Path) -> None:
    figures = built_site / "generated" / FIGURES_DIR
    downloads = _gallery_downloads(built_site)
    drawn = built_repo / "figures"  # what make slides wrote, as a lecturer's make figures does
    for name in _slide_files():
        assert name in downloads, name
        assert (figures / name).read_bytes() == (drawn / name).read_bytes(), name
    assert ZIP_NAME in downloads
    with zipfile.ZipFile(io.BytesIO((figures / ZIP_NAME).read_bytes())) as z:
        stills = [n for n in _slide_files() if n.rsplit(".", 1)[1] not in MOTION_FORMATS]
        assert sorted(z.namelist()) == stills
        for name in stills:
            assert z.read(name) == (drawn / name).read_bytes(), name
    assert "not in this build" not in (built_site / "gallery" / "index.html").read_text(encoding="utf-8")


def test_without_slides_the_gallery_says_how_and_links_nothing_missing(bare_site: Path) -> None:
    figures = bare_site / "generated" / FIGURES_DIR
    assert not [p.name for p in figures.glob("*-16x9.*")]
    assert not (figures / ZIP_NAME).exists()
    downloads = _gallery_downloads(bare_site)
    assert not downloads & set(_slide_files()) and ZIP_NAME not in downloads
    # Each figure still offers its page images, light and dark, SVG and 2x PNG.
    pages = {name for job in site_jobs() if not job.figure.endswith("-phone")
             for name in job.file_names().values()}
    assert downloads == pages
    html = (bare_site / "gallery" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    hint = next((line for line in text.splitlines() if "are not in this build" in line), "")
    assert "make figures" in hint and "make site" in hint, hint
    assert "scripts/figures.py --only panel --preset 16:9 --theme both --format png,pdf" in hint, hint
    assert all(f"{name}" in hint for name in FIGURES), hint
