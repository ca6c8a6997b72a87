"""Copy the repository, build its site, serve it, drive Chromium: the one helper for tests and scripts.

``tests/conftest.py`` (the session's shared site, the ``browser`` fixture), the tests that
build a modified copy (``test_add_landscape``, ``test_authoring``, ``test_fault_proof``,
``test_reproducible``), ``scripts/site_probe.py`` and the benchmarks (``scripts/bench_*.py``)
all go through these functions, so a copy, a build and a browser are made one way everywhere.

- :func:`copy_repo` copies the sources (no venv, builds, caches); :func:`seed_from_build`
  gives a copy another copy's generated files and build caches (warm); :func:`env` is the
  environment that makes a copy's own ``src/`` and ``scripts/`` win over the editable install
  and chooses its figure cache; :func:`build` runs ``mkdocs build --strict`` in a copy (what
  ``make site`` runs), :func:`make` a make target there with the real venv.
- :func:`build_once` builds a copy once for many processes (pytest-xdist workers): the first
  caller builds under a file lock, the others wait for it and share the result.
- :func:`serve` serves a built site on 127.0.0.1; :func:`serving` runs ``mkdocs serve`` on a
  copy; :func:`wait_for` polls a served page until it shows what is expected.
- :data:`CHROMIUM_ARGS` is the one list of Chromium's flags; :func:`launch_chromium` uses it.

Nothing here writes into the repository itself: copies and sites go where the caller says.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gzip
import hashlib
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own download cannot work here
#: Without the background-networking flags Chromium phones home at start (refused here).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-features=Translate,OptimizationHints,MediaRouter",
]
#: The date tests build as of (SOURCE_DATE_EPOCH): the session's shared site and any build
#: compared with it byte for byte.
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
#: A safety net for a build that hangs, never a pace a test expects.
BUILD_TIMEOUT_S = 1800
#: Set (to anything but "" or "0") by ``make test-fast``: building a site is then an error, so a
#: test that builds one without the ``site`` marker cannot slip into the fast tier unnoticed.
NO_BUILDS_ENV = "GRADFIG_NO_SITE_BUILDS"

#: Never copied into a copy of the repository: installed, built, generated or cached files,
#: anywhere in the tree ...
_NOT_COPIED = (".venv", "node_modules", ".git", "__pycache__", ".cache", ".pytest_cache",
               ".hypothesis", ".ruff_cache", "generated", "*.egg-info")
#: ... and at the top only (``src/gradfig/figures`` is source; ``/figures`` is ``make figures``'s).
_NOT_COPIED_AT_TOP = ("site", "figures", "bench-results", "build", "dist")


# --------------------------------------------------------------------------------------
# Copies of the repository
# --------------------------------------------------------------------------------------
def copy_repo(dest: Path) -> Path:
    """Copy the repository's sources to ``dest`` (no venv, builds or caches); share node_modules.

    ``shutil.copytree`` keeps modification times, so ``make`` in the copy sees the real venv
    as current. ``figures`` is skipped at the top only (``src/gradfig/figures`` is source).
    """
    anywhere = shutil.ignore_patterns(*_NOT_COPIED)

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = set(_NOT_COPIED_AT_TOP).intersection(names) if Path(folder) == ROOT else set()
        return set(anywhere(folder, names)) | top

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def seed_from_build(repo: Path, built: Path) -> Path:
    """Give the copy ``repo`` what a finished build of the copy ``built`` left behind: its
    ``docs/generated`` and its build caches (``.cache``: bundles, maths, JAX's answers, the
    notebook's page; a symlinked ``.cache`` is copied as the folder it points to).

    A build of ``repo`` then does only what its own edit changes (every writer compares
    content, never dates), as a build after an edit in a checkout does. For a test whose
    subject is an edit, a failure or a server, not a cold build (``test_reproducible`` keeps
    its copy cold). The figure cache is separate: pass ``figure_cache`` to :func:`env`.
    """
    shutil.copytree(built / "docs" / "generated", repo / "docs" / "generated", symlinks=True,
                    dirs_exist_ok=True)
    if (built / ".cache").exists():
        shutil.copytree(built / ".cache", repo / ".cache", symlinks=True, dirs_exist_ok=True)
    return repo


def env(repo: Path = ROOT, *, figure_cache: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment for building or testing ``repo``.

    Its ``src/`` and ``scripts/`` come first on ``PYTHONPATH`` (ahead of the editable
    install of the real tree); figures are cached in ``figure_cache``, by default the copy's
    own ``.cache/figures`` (so a copy's build starts cold and leaves every other cache alone).
    """
    # Not the running pytest's own variables (PYTEST_XDIST_WORKER, PYTEST_ADDOPTS, ...): a
    # pytest run in the copy is a session of its own.
    # Nor a running make's (MAKEFLAGS carries its command-line variables, which would override
    # this environment in a make run in the copy).
    inherited = {k: v for k, v in os.environ.items()
                 if not k.startswith("PYTEST_") and k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL",
                                                              "MAKEOVERRIDES")}
    return {**inherited, "NO_MKDOCS_2_WARNING": "1",
            "PYTHONPATH": os.pathsep.join([str(repo / "src"), str(repo / "scripts")]),
            "GRADFIG_FIGURE_CACHE": str(figure_cache or repo / ".cache" / "figures"), **extra}


def _refuse_if_forbidden(what: str) -> None:
    if os.environ.get(NO_BUILDS_ENV, "") not in ("", "0"):
        raise RuntimeError(f"{what} in the fast tier ({NO_BUILDS_ENV} is set): a test that builds "
                           "or serves a site must be marked 'site'")


def mkdocs_command(*args: str) -> list[str]:
    """``python -m mkdocs ...`` with this interpreter (the venv's)."""
    return [sys.executable, "-m", "mkdocs", *args]


def start_build(repo: Path, site: Path, environ: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """Start ``mkdocs build --strict`` of ``repo`` into ``site`` in its own process group
    (so a test can kill it with every worker it started)."""
    _refuse_if_forbidden("a site build")
    return subprocess.Popen(mkdocs_command("build", "--strict", "--site-dir", str(site)), cwd=repo,
                            env=environ or env(repo), start_new_session=True, **popen)


def build(repo: Path, site: Path, environ: dict[str, str] | None = None,
          **extra_env: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``repo`` into ``site`` (what ``make site`` runs); returns
    the finished process. ``environ`` defaults to :func:`env` of the copy plus ``extra_env``."""
    _refuse_if_forbidden("a site build")
    return subprocess.run(mkdocs_command("build", "--strict", "--site-dir", str(site)), cwd=repo,
                          env=environ or env(repo, **extra_env), capture_output=True, text=True,
                          timeout=BUILD_TIMEOUT_S)


def make(repo: Path, *targets: str, environ: dict[str, str] | None = None,
         timeout: float = BUILD_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
    """Run ``make TARGET...`` in a copy as a user would, with the real tree's venv (``VENV=``).

    The install steps are taken as done (``-o``: make never touches the real venv or
    node_modules from a copy, even where a copied file looks newer than their stamps).
    """
    if any(t.startswith(("site", "serve")) for t in targets):
        _refuse_if_forbidden("make " + " ".join(targets))
    done = ["-o", "install", "-o", f"{VENV}/.installed", "-o", "node_modules/.installed"]
    return subprocess.run(["make", *done, *targets, f"VENV={VENV}"], cwd=repo,
                          env=environ or env(repo), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=timeout)


class BuildError(RuntimeError):
    """A site build that must succeed did not; the message carries its output."""


def build_once(folder: Path, *, figure_cache: Path, cache: Path, slides: bool = False,
               **extra_env: str) -> Path:
    """A copy of the repository built into ``folder/site`` once, however many processes ask.

    The first caller copies the repository to ``folder/repo`` and builds it while holding an
    exclusive lock on ``folder/build.lock``; every other caller (another pytest-xdist worker)
    blocks on the lock, then finds the recorded outcome and shares the site, or the same
    failure. The copy's build caches (maths, JAX's answers, the notebook) live in ``cache``
    and its figures in ``figure_cache``, so a later session starts warm. With ``slides``, the
    copy runs ``make slides`` (the gallery's part of ``make figures``, into its ``figures/``)
    before the build, as a lecturer does: the site then links and zips the slide files.
    """
    folder.mkdir(parents=True, exist_ok=True)
    outcome_file = folder / "outcome.json"
    with (folder / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not outcome_file.exists():
            repo = copy_repo(folder / "repo")
            cache.mkdir(parents=True, exist_ok=True)
            (repo / ".cache").symlink_to(cache, target_is_directory=True)
            environ = env(repo, figure_cache=figure_cache, **extra_env)
            start = time.perf_counter()
            proc = make(repo, "slides", environ=environ) if slides else None
            if proc is None or proc.returncode == 0:
                proc = build(repo, folder / "site", environ)
            outcome = {"returncode": proc.returncode, "seconds": round(time.perf_counter() - start, 1),
                       "output": (proc.stdout + proc.stderr)[-6000:]}
            outcome_file.write_text(json.dumps(outcome), encoding="utf-8")
        outcome = json.loads(outcome_file.read_text(encoding="utf-8"))
    if outcome["returncode"] != 0:
        raise BuildError(f"make slides or mkdocs build of {folder / 'repo'} failed:\n{outcome['output']}")
    return folder / "site"


def scale_landscape(repo: Path, name: str, factor: str = "1.25") -> tuple[str, str]:
    """Multiply one landscape's formula by ``factor`` in a copy (its critical points stay put).

    Returns the old and the new formula.
    """
    path = repo / "src" / "gradfig" / "landscapes.py"
    text = path.read_text(encoding="utf-8")
    block = re.search(rf'name="{re.escape(name)}",.*?formula="(?P<f>[^"]*)"', text, re.DOTALL)
    if block is None:
        raise RuntimeError(f"no landscape named {name!r} in {path}")
    old = block.group("f")
    new = f"{factor}*({old})"
    path.write_text(text[:block.start("f")] + new + text[block.end("f"):], encoding="utf-8")
    return old, new


# --------------------------------------------------------------------------------------
# What a build made
# --------------------------------------------------------------------------------------
def file_hashes(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


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


def nav_entries(config: Path = ROOT / "mkdocs.yml") -> list[tuple[str, str]]:
    """``(title, site-relative URL)`` of each page in mkdocs.yml's nav, in nav order (``""`` = home)."""
    from mkdocs.utils.yaml import yaml_load  # knows !ENV (site_url: !ENV SITE_URL)

    def walk(items) -> Iterator[tuple[str, str]]:
        for item in items:
            title, value = next(iter(item.items())) if isinstance(item, dict) else ("", item)
            if isinstance(value, list):
                yield from walk(value)
            elif isinstance(value, str) and not value.startswith(("http://", "https://")):
                yield title, value

    entries = []
    for title, source in walk(yaml_load(config.read_text(encoding="utf-8")).get("nav", [])):
        stem = source.rsplit(".", 1)[0]
        entries.append((title, "" if stem == "index" else stem.removesuffix("/index") + "/"))
    return entries


def nav_pages(config: Path = ROOT / "mkdocs.yml") -> list[str]:
    """Site-relative URLs of the pages in mkdocs.yml's nav, in nav order (``""`` = home)."""
    return [url for _, url in nav_entries(config)]


# --------------------------------------------------------------------------------------
# Serving
# --------------------------------------------------------------------------------------
# What a static host (GitHub Pages, Netlify, nginx gzip_static) sends compressed.
_COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".md")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; with ``gzip_text`` text is sent gzip-compressed, as real static hosts do."""

    gzip_text = False
    #: Sent, with status 404, for a path that is not there, as static hosts send ``404.html``.
    not_found: Path | None = None
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

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or self.not_found is None:
            super().send_error(code, message, explain)
            return
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path, gzip_text: bool = False, under: str = "") -> Iterator[str]:
    """Serve a built ``site`` on 127.0.0.1 (a free port); yields the base URL ending in ``/``.

    ``under`` (e.g. ``"course"``) serves it at ``/course/`` instead of ``/``, as a static host
    serves a project's site at its sub-path, and answers any missing path with the site's
    ``404.html`` (status 404), as GitHub Pages does.
    """
    with tempfile.TemporaryDirectory() as top:
        root, attributes = site, {"gzip_text": gzip_text}
        if under:
            root = Path(top)
            (root / under).symlink_to(site.resolve(), target_is_directory=True)
            attributes["not_found"] = site / "404.html"
        handler_cls = type("Handler", (_Handler,), attributes)
        handler = functools.partial(handler_cls, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/" + (f"{under}/" if under else "")
        finally:
            server.shutdown()
            server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_text(url: str) -> str | None:
    """The body at ``url``, or None if nothing answers there (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, predicate: Callable[[str], bool], proc: subprocess.Popen | None = None,
             limit_s: float = 900.0, poll_s: float = 0.1) -> float:
    """Poll ``url`` until ``predicate(body)`` holds; returns the seconds it took.

    ``limit_s`` is a safety net for a build that never finishes, not a speed requirement.
    """
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
def serving(repo: Path, log: Path, environ: dict[str, str] | None = None
            ) -> Iterator[tuple[str, subprocess.Popen]]:
    """``mkdocs serve`` of a repository copy on a free 127.0.0.1 port, as ``make serve`` runs it.

    Yields the base URL once the first build is served, and the process; stops the server
    (its whole process group) on exit. Output goes to ``log``.
    """
    _refuse_if_forbidden("mkdocs serve")
    port = _free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            mkdocs_command("serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"),
            cwd=repo, env=environ or env(repo), stdout=out, stderr=subprocess.STDOUT,
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


# --------------------------------------------------------------------------------------
# Chromium
# --------------------------------------------------------------------------------------
def from_a_terminal() -> None:
    """``preexec_fn`` for a child whose signals must be as a command started from a terminal has
    them (default), whatever the test run inherited: ``nohup`` ignores SIGHUP, and a shell's
    background job (``cmd &`` in a script) ignores SIGINT, which Python then leaves ignored, so a
    Ctrl-C test would see its Ctrl-C unheard."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def finish(proc: subprocess.Popen, timeout: float) -> tuple[str, str]:
    """``proc.communicate(timeout)`` for a child started in a session of its own; if it is still
    running afterwards (the timeout, or the caller interrupted), its whole group is killed and
    reaped, its pipes closed, so no ResourceWarning lands on a later test."""
    try:
        return proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()


def launch_chromium(playwright, **options):
    """Debian's Chromium, headless, through Playwright (never Playwright's own download)."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: run 'make test' (it installs chromium) "
                                "or 'sudo apt-get install chromium'")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_ARGS, **options)


#: A 390 px phone with a touch screen (``browser.new_context`` arguments).
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def touch(cdp, kind: str, x: float | None = None, y: float | None = None) -> None:
    """One real touch event through the DevTools protocol (``touchStart``, ``touchMove`` at
    page position (x, y); ``touchEnd``): Playwright itself only taps."""
    points = [] if kind == "touchEnd" else [{"x": x, "y": y, "radiusX": 4, "radiusY": 4, "force": 1}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
