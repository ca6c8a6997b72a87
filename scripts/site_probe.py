"""Measure a built site the way a reader's browser sees it: bytes loaded, axe-core violations.

Shared by the deterministic tests (``tests/test_budgets.py``) and ``make bench``
(``scripts/bench_site.py``), so the budget a test enforces is the number the bench prints.
Everything runs against 127.0.0.1 and Debian's Chromium; nothing here writes into the repo.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
KB = 1000
#: The issue's budgets per page, in bytes transferred (gzip bodies + headers, as a static host
#: serves them: what Lighthouse's total-byte-weight counts): before any interaction, and after
#: every interactive field on the page has been brought to life.
BEFORE_BUDGET = 350 * KB
LIVE_BUDGET = 2_000 * KB
#: Lighthouse's mobile screen (Moto G Power), for byte counts comparable with its numbers.
PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1.75}
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _conftest():
    """tests/conftest.py holds the one list of Chromium flags (no phoning home); reuse it."""
    spec = importlib.util.spec_from_file_location("gradfig_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_CONF = _conftest()
CHROMIUM: str = _CONF.CHROMIUM
CHROMIUM_ARGS: list[str] = list(_CONF.CHROMIUM_ARGS)

# What a static host (GitHub Pages, Netlify, nginx gzip_static) sends compressed.
_COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".md")


def html_pages(site: Path) -> list[str]:
    """Site-relative URLs of every page of a built site (``""`` is the home page), sorted.

    MkDocs writes one ``index.html`` per page with ``use_directory_urls``; ``404.html`` is
    not a page a reader navigates to, and ``search/`` holds no page.
    """
    pages = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; with ``gzip=True`` text is sent gzip-compressed, as real static hosts do."""

    gzip_text = False
    # Keep-alive, as every static host and CDN serves (HTTP/1.0 would open a new connection
    # per file, which a real reader never pays and Lighthouse's simulation charges heavily).
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if self.gzip_text and accepts and path.is_file() and path.suffix in _COMPRESSIBLE:
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@contextlib.contextmanager
def serve(site: Path, gzip_text: bool = False) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port); yields the base URL ending in ``/``."""
    handler_cls = type("Handler", (_Handler,), {"gzip_text": gzip_text})
    handler = functools.partial(handler_cls, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Loaded:
    """What a page fetched: decoded body bytes and bytes on the wire, per URL."""

    body: dict[str, int] = field(default_factory=dict)
    wire: dict[str, int] = field(default_factory=dict)
    off_host: list[str] = field(default_factory=list)

    @property
    def body_total(self) -> int:
        return sum(self.body.values())

    @property
    def wire_total(self) -> int:
        return sum(self.wire.values())


class Recorder:
    """Every finished request of a page, measured on demand (call before closing the page).

    The event handler only collects requests; sizes are read later from the main flow, since
    Playwright's synchronous API must not be re-entered from inside an event handler.
    """

    def __init__(self, page) -> None:
        self.requests: list = []
        self.failed: list[str] = []
        page.on("requestfinished", lambda request: self.requests.append(request))
        page.on("requestfailed", lambda request: self.failed.append(request.url))

    def settle(self, page, rounds: int = 1500) -> None:
        """Wait until every resource the page reports having loaded (its resource timing
        entries and the document) has reached this recorder as a finished or failed request.

        Playwright delivers ``requestfinished`` events a little after the page sees the
        response; a fixed pause would undercount on a loaded machine. This waits for the
        events themselves (``rounds`` x 20 ms is only a safety net).
        """
        urls = page.evaluate("() => [location.href, ...performance.getEntriesByType('resource')"
                             ".map(e => e.name)].filter(u => /^https?:/.test(u))")
        wanted = {u.split("#")[0] for u in urls}
        for _ in range(rounds):
            seen = {r.url.split("#")[0] for r in self.requests} | {u.split("#")[0] for u in self.failed}
            if wanted <= seen:
                return
            page.wait_for_timeout(20)

    def mark(self) -> int:
        """How many requests have finished so far (a point to measure up to)."""
        return len(self.requests)

    def measure(self, upto: int | None = None) -> Loaded:
        loaded = Loaded()
        for request in self.requests[:upto]:
            if request.url.startswith(("data:", "blob:")):
                continue
            if urlparse(request.url).hostname != "127.0.0.1":
                loaded.off_host.append(request.url)
            try:
                response = request.response()
                if response is None:
                    continue
                body = len(response.body())
                sizes = request.sizes()
            except Exception:  # redirects and aborted requests have no body
                continue
            loaded.body[request.url] = loaded.body.get(request.url, 0) + body
            loaded.wire[request.url] = (loaded.wire.get(request.url, 0)
                                        + sizes["responseBodySize"] + sizes["responseHeadersSize"])
        return loaded


def load_and_wake(page, url: str) -> tuple[Loaded, Loaded, list[str]]:
    """Load ``url`` cold and measure it, then bring every field to life and measure again.

    Returns (before interaction, with every field live, field states).
    """
    recorder = Recorder(page)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")  # web fonts are fetched after layout
    page.wait_for_load_state("networkidle")
    recorder.settle(page)  # the last finished-request events, waited for, not guessed
    before = recorder.mark()
    states = wake_every_field(page)
    recorder.settle(page)
    return recorder.measure(before), recorder.measure(), states


def fields(page) -> list:
    """The page's interactive gradient fields (``data-gradfig-field`` containers)."""
    return page.query_selector_all("[data-gradfig-field]")


def _wait_live(page, element, timeout_ms: int) -> str:
    """Wait until a field is drawn (class ``is-live``) or has given up (``is-failed``)."""
    page.wait_for_function(
        "el => el.classList.contains('is-live') || el.classList.contains('is-failed')",
        arg=element, timeout=timeout_ms)
    return "live" if "is-live" in (element.get_attribute("class") or "") else "failed"


def wake_every_field(page, timeout_ms: int = 30_000) -> list[str]:
    """Do what a reader does to bring every field to life, then wait for the network to settle.

    Scroll to each field and move the pointer across it; for a field with a landscape switcher
    (radio buttons), pick every landscape in turn. Returns one state per field and landscape
    shown: ``"NAME: live"`` or ``"NAME: failed"`` (``src/gradfig/figures/assets/gradfig-fields.js`` marks a
    drawn field ``is-live`` and one that could not load ``is-failed``).
    """
    states = []
    for element in fields(page):
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        if box:
            for fx, fy in ((0.5, 0.5), (0.3, 0.6), (0.7, 0.4)):
                page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        states.append(f"{element.get_attribute('data-gradfig-field')}: "
                      f"{_wait_live(page, element, timeout_ms)}")
        radios = element.query_selector_all(".gradfig-switch input[type=radio]")
        for radio in radios[1:] if radios else []:
            radio.check()
            page.wait_for_function("([el, name]) => el.getAttribute('data-gradfig-field') === name",
                                   arg=[element, radio.get_attribute("value")], timeout=timeout_ms)
            states.append(f"{radio.get_attribute('value')}: {_wait_live(page, element, timeout_ms)}")
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    return states


def axe_violations(page) -> list[dict]:
    """Run axe-core (from node_modules, injected from disk) on the loaded page.

    Returns one dict per violated rule: id, impact, help and the first few target selectors.
    """
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": len(v["nodes"]), "targets": [n["target"] for n in v["nodes"][:3]]}
            for v in result["violations"]]


#: ``mkdocs build --strict`` of this repository into a folder (the fixture tests use).
build_site = _CONF.build_site


#: Folders never copied into a temporary copy of the repository (installed, built or generated).
_NOT_COPIED = (".venv", "node_modules", "site", ".git", "__pycache__", ".cache", ".pytest_cache",
               ".hypothesis", ".ruff_cache", "generated", "bench-results", "bench")


def copy_repo(dest: Path) -> Path:
    """Copy the repository's sources to ``dest`` (no builds, no caches), sharing node_modules.

    ``shutil.copytree`` keeps mtimes, so ``make`` in the copy sees the real venv as current.
    """
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*_NOT_COPIED))
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def copy_env(repo: Path, **extra: str) -> dict[str, str]:
    """Environment for running a copy: its own ``src/`` ahead of the editable install, and its
    own figure cache (in its ``.cache/``), so a copy's build starts cold and leaves the shared
    cache alone."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(repo / "src"),
            "GRADFIG_FIGURE_CACHE": str(repo / ".cache" / "figures"), **extra}


def build_copy(repo: Path, dest: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of a repository copy into ``dest`` (what ``make site`` runs)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=repo, env=copy_env(repo, **extra_env), capture_output=True, text=True, timeout=900)


def file_hashes(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def nav_pages(config: Path = ROOT / "mkdocs.yml") -> list[str]:
    """Site-relative URLs of the pages in mkdocs.yml's nav, in nav order (``""`` = home)."""
    import yaml

    def walk(items) -> Iterator[str]:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from walk(value)
            elif isinstance(value, str) and not value.startswith(("http://", "https://")):
                yield value

    urls = []
    for source in walk(yaml.safe_load(config.read_text(encoding="utf-8")).get("nav", [])):
        stem = source.rsplit(".", 1)[0]
        urls.append("" if stem == "index" else stem.removesuffix("/index") + "/")
    return urls


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_text(url: str) -> str | None:
    """The body at ``url``, or None if nothing answers there (yet)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, predicate, proc: subprocess.Popen | None = None,
             limit_s: float = 900.0, poll_s: float = 0.1) -> float:
    """Poll ``url`` until ``predicate(body)`` holds; returns the seconds it took.

    ``limit_s`` is a safety net for a build that never finishes, not a speed requirement.
    """
    import time

    start = time.perf_counter()
    while True:
        body = fetch_text(url)
        if body is not None and predicate(body):
            return time.perf_counter() - start
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with code {proc.returncode}")
        if time.perf_counter() - start > limit_s:
            raise TimeoutError(f"{url} did not reach the expected state in {limit_s:g} s")
        time.sleep(poll_s)


@contextlib.contextmanager
def serving(repo: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``mkdocs serve`` of a repository copy on a free 127.0.0.1 port, as ``make serve`` runs it.

    Yields the base URL once the first build is served, and the process; stops the server
    (its whole process group) on exit. Output goes to ``log``.
    """
    import signal

    port = _free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=repo, env=copy_env(repo), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, lambda body: "</html>" in body, proc)
        yield url, proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def scale_landscape(repo: Path, name: str, factor: str = "1.25") -> tuple[str, str]:
    """Multiply one landscape's formula by ``factor`` in a copy (its critical points stay put).

    Returns the old and the new formula.
    """
    import re

    path = repo / "src" / "gradfig" / "landscapes.py"
    text = path.read_text(encoding="utf-8")
    block = re.search(rf'name="{re.escape(name)}",.*?formula="(?P<f>[^"]*)"', text, re.DOTALL)
    if block is None:
        raise RuntimeError(f"no landscape named {name!r} in {path}")
    old = block.group("f")
    new = f"{factor}*({old})"
    path.write_text(text[:block.start("f")] + new + text[block.end("f"):], encoding="utf-8")
    return old, new
