"""Shared fixtures: a real MkDocs build, a real HTTP server on 127.0.0.1, real Chromium.

The site is built once per session (``built_site``), from a copy of the repository, by
:func:`site_tools.build_once`: under pytest-xdist the first worker that needs it builds it
while holding a file lock in the session's shared temporary folder, and every other worker
waits for that one build. Tests that only read the site share it; a test that needs a site of
its own (modified sources, killed builds, two builds compared) makes a copy with
``site_tools`` and says why in its docstring.

Tests are marked from the fixtures they use: ``built_site``/``site_url`` make a test ``site``,
``browser``/``page`` make it ``browser`` (tests that build copies carry ``site`` themselves).
Each module's tests run on one xdist worker (``--dist loadfile``, the Makefile), so a
module-scoped fixture runs once.

Browser tests get a ``page`` that records console errors, page errors and any request to a
host other than 127.0.0.1; at teardown the test fails if any were seen (the site must be
offline and error-free). A test that expects an error can take ``page_unchecked`` instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

import site_tools

ROOT = site_tools.ROOT
#: The suite's figure cache (never the user's ``~/.cache/gradfig/figures``, which ``make site``,
#: ``make figures`` and ``gradfig render`` share): every render and build a test runs, in this
#: process or a child, caches figures here unless it asks for a cold cache of its own.
FIGURE_CACHE = ROOT / ".cache" / "test-figures"
#: The shared site's other build caches (maths, font subset, JAX's answers, the notebook).
SITE_CACHE = ROOT / ".cache" / "test-site"
#: Fixtures that make a test a ``site`` or a ``browser`` test.
_SITE_FIXTURES = {"built_site", "built_repo", "site_url", "warm_figure_cache"}
_BROWSER_FIXTURES = {"browser", "page", "page_unchecked"}


def pytest_configure(config: pytest.Config) -> None:
    """Keep the suite off the user's figure cache, and let child Pythons import the chapter's
    build (the package scripts/chapter) as pytest's own ``pythonpath`` does here."""
    os.environ["GRADFIG_FIGURE_CACHE"] = str(FIGURE_CACHE)
    paths = [str(ROOT / "scripts"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))


#: Modules that take longest, longest first: they run first, so that no long module starts
#: last and leaves the other core idle. pytest-xdist hands each worker whole modules (``--dist
#: loadfile``) in collection order (``--no-loadscope-reorder`` in the Makefile: xdist would
#: otherwise put the modules with the most tests first, i.e. these last). Measured with
#: ``pytest --durations``; a module not named here keeps its place after these. A new module
#: that builds a site of its own (a copy, a killed build, a serve) belongs in this list.
LONG_FIRST = (
    "test_add_landscape.py", "test_reproducible.py", "test_gallery_slides.py", "test_fault_proof.py",
    "test_authoring.py", "test_chapter.py", "test_render.py", "test_cli.py", "test_layout.py",
    "test_subpath_browser.py",
)


def _weight(item: pytest.Item) -> int:
    name = item.path.name
    return LONG_FIRST.index(name) if name in LONG_FIRST else len(LONG_FIRST)


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & _SITE_FIXTURES:
            item.add_marker(pytest.mark.site)
        if used & _BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
    items.sort(key=_weight)  # stable: within a module, and among the rest, the order is kept


def _session_folder(config: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every process of this session shares (an xdist worker's own
    folder is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


@pytest.fixture(scope="session")
def built_site(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once per session with ``--strict`` from a copy of the repository
    (dated ``site_tools.EPOCH``) after ``make slides`` in it (a lecturer's ``make figures``):
    so it links and zips the slide files (tests/test_gallery_slides.py builds one without them).
    Shared by every test and worker that only reads it."""
    try:
        return site_tools.build_once(_session_folder(pytestconfig, tmp_path_factory) / "shared-site",
                                     figure_cache=FIGURE_CACHE, cache=SITE_CACHE, slides=True,
                                     SOURCE_DATE_EPOCH=site_tools.EPOCH)
    except site_tools.BuildError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def built_repo(built_site: Path) -> Path:
    """The copy of the repository ``built_site`` was built from (its ``docs/generated``)."""
    return built_site.parent / "repo"


@pytest.fixture(scope="session")
def warm_figure_cache(built_site: Path) -> Path:
    """The suite's figure cache once the shared site has filled it: a copy whose build may
    share it re-renders only what its edit changed."""
    return FIGURE_CACHE


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in /) of the built site served on 127.0.0.1."""
    with site_tools.serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never Playwright's own download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        try:
            b = site_tools.launch_chromium(pw)
        except FileNotFoundError as exc:
            pytest.fail(str(exc), pytrace=False)
        yield b
        b.close()


class PageProblems:
    """What a page did wrong: console errors, uncaught exceptions, requests off 127.0.0.1."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.external_requests: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

        def on_request(request) -> None:
            host = urlparse(request.url).hostname
            if request.url.startswith(("data:", "blob:", "about:")):
                return
            if host not in ("127.0.0.1",):
                self.external_requests.append(request.url)

        page.on("request", on_request)

    def summary(self) -> str:
        return (f"console errors: {self.console_errors}\npage errors: {self.page_errors}\n"
                f"requests off 127.0.0.1: {self.external_requests}")

    @property
    def any(self) -> bool:
        return bool(self.console_errors or self.page_errors or self.external_requests)


#: How long a browser wait may take before the test fails: a safety net against a page that
#: never gets there, not a pace. Playwright's own 30 s was reached on this 2-core machine when
#: the field's first draw shared it with a whole fast tier run in a copy.
BROWSER_TIMEOUT_MS = 120_000


def _new_page(browser, request: pytest.FixtureRequest, **context_args):
    context = browser.new_context(**context_args)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    problems = PageProblems()
    problems.attach(page)
    page.problems = problems  # type: ignore[attr-defined]
    return context, page, problems


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh desktop page (1280x900); fails the test on console errors or external requests.

    Parametrise indirectly with a dict of ``browser.new_context`` arguments to change it,
    e.g. ``{"color_scheme": "dark", "java_script_enabled": False}``.
    """
    context_args = {"viewport": {"width": 1280, "height": 900}, **getattr(request, "param", {})}
    context, pg, problems = _new_page(browser, request, **context_args)
    yield pg
    context.close()
    assert not problems.any, problems.summary()


@pytest.fixture
def page_unchecked(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """Like ``page`` but does not fail on errors; read ``page_unchecked.problems`` yourself."""
    context_args = {"viewport": {"width": 1280, "height": 900}, **getattr(request, "param", {})}
    context, pg, _ = _new_page(browser, request, **context_args)
    yield pg
    context.close()
