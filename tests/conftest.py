"""Shared fixtures: a real MkDocs build, a real HTTP server on 127.0.0.1, real Chromium.

The site is built once per session into a temporary folder. Browser tests get a ``page``
that records console errors, page errors and any request to a host other than 127.0.0.1;
at teardown the test fails if any were seen (the site must be offline and error-free).
A test that expects an error can take ``page_unchecked`` instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium phones home at start (refused here).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-features=Translate,OptimizationHints,MediaRouter",
]


def pytest_configure(config: pytest.Config) -> None:
    """Keep the suite off the user's figure cache (``~/.cache/gradfig/figures``, which ``make
    site``, ``make figures`` and ``gradfig render`` share): every render and build a test runs,
    in this process or a child, caches figures in the repository's own ``.cache/`` instead."""
    os.environ["GRADFIG_FIGURE_CACHE"] = str(ROOT / ".cache" / "test-figures")
    # The chapter's build is the package scripts/chapter: child Pythons import it too.
    paths = [str(ROOT / "scripts"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))


def build_site(dest: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` into ``dest`` and return the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once per session with ``--strict``."""
    dest = tmp_path_factory.mktemp("site") / "site"
    proc = build_site(dest)
    assert proc.returncode == 0, f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}"
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in /) of the built site served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never Playwright's own download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test' (it installs chromium) "
                    "or 'sudo apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
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


def _new_page(browser, request: pytest.FixtureRequest, **context_args):
    context = browser.new_context(**context_args)
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


@pytest.fixture
def tmp_copy(tmp_path: Path) -> Path:
    """A copy of the repository's sources in a temporary folder (for builds that modify it)."""
    dest = tmp_path / "repo"
    ignore = shutil.ignore_patterns(".venv", "node_modules", "site", ".git", "__pycache__",
                                    ".pytest_cache", ".hypothesis", ".ruff_cache", "generated")
    shutil.copytree(ROOT, dest, ignore=ignore)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest
