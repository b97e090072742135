"""Fixtures for the browser tests: the sample site over HTTP, one chromium, a context per test.

The site is the session's `sample_site` build, served by a threaded `http.server` on a free
port of 127.0.0.1, under the path of `site_url` in mkdocs.yml as GitHub Pages serves it
(the 404 page's asset URLs start with that path). The browser is Debian's chromium
(`make browser`), launched once per session through Playwright; every test gets fresh
contexts, so no cookie, localStorage entry or colour scheme leaks from one test to the next.
Every page a test opens is watched: a console error, an uncaught exception, a failed request
or a request to any other host fails the test at teardown.

Without /usr/bin/chromium (or axe-core for the accessibility tests) the tests are skipped
with the command that installs it; under `CI=true` they fail instead, so a CI machine can
never pass by skipping them.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Request,
    Response,
    sync_playwright,
)

from macros.publish.pdf import CHROMIUM
from tests.conftest import ROOT, Build
from tests.helpers import site_path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000  # per action and assertion; a local static site answers in milliseconds


def in_ci() -> bool:
    """Whether this runs on a CI machine, where a missing browser is an error."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def require(available: bool, message: str) -> None:
    """Skip the test when something it needs is missing; fail instead under `CI=true`."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{message} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(message)


# -- The site over HTTP ---------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # do not wait for the browser's idle keep-alive connections
    prefix = "/"  # the URL path the site's root is served at


class _Handler(SimpleHTTPRequestHandler):
    # Keep-alive: a page and its assets share one connection, twice as fast as HTTP/1.0.
    protocol_version = "HTTP/1.1"
    timeout = 10  # an idle keep-alive connection frees its thread after this many seconds
    server: _Server

    def translate_path(self, path: str) -> str:
        """Map <prefix>/… to the site's files; anything outside the prefix is not found."""
        prefix = self.server.prefix
        if not (path + "/").startswith(prefix):
            return str(Path(self.directory) / ".outside-site-url" / "missing")
        return super().translate_path("/" + path[len(prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the tests report failed requests themselves."""


@dataclass(frozen=True)
class Site:
    """The built sample site and where it is served."""

    url: str  # http://127.0.0.1:<port>/<site_url's path>/
    root: Path
    pages: tuple[str, ...]  # every HTML page as a path relative to `url`: "", "plan/", "404.html"

    @property
    def origin(self) -> str:
        url = urlsplit(self.url)
        return f"{url.scheme}://{url.netloc}"

    @property
    def path(self) -> str:
        """The URL path of the site's root, e.g. "/outsourcing-playbook/"."""
        return urlsplit(self.url).path

    def html(self, path: str) -> str:
        file = self.root / path
        if path == "" or path.endswith("/"):
            file = file / "index.html"
        return file.read_text(encoding="utf-8")

    def pages_with(self, fragment: str, under: str = "") -> list[str]:
        """The pages under a folder whose HTML contains `fragment`, in URL order."""
        found = [p for p in self.pages if p.startswith(under) and fragment in self.html(p)]
        assert found, f"no page under {under or '/'} contains {fragment!r}"
        return found


def _page_path(file: Path, root: Path) -> str:
    relative = file.relative_to(root).as_posix()
    return relative.removesuffix("index.html") if relative.endswith("index.html") else relative


@pytest.fixture(scope="session")
def site(sample_site: Build) -> Iterator[Site]:
    """Serve the sample site on a free port of 127.0.0.1 for the whole session."""
    with served(sample_site.site) as served_site:
        yield served_site


@contextmanager
def served(root: Path) -> Iterator[Site]:
    """A built site at `root` over HTTP on a free port of 127.0.0.1, under `site_url`'s
    path, as GitHub Pages serves it."""
    handler = functools.partial(_Handler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    server.prefix = site_path()
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    port = server.server_address[1]
    pages = tuple(sorted(_page_path(file, root) for file in root.rglob("*.html")))
    try:
        yield Site(url=f"http://127.0.0.1:{port}{server.prefix}", root=root, pages=pages)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- The browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, launched once per session."""
    require(
        CHROMIUM.exists(),
        f"{CHROMIUM} not found: the browser tests drive Debian's chromium; "
        "install it with `make browser` (apt-get, needs root or sudo)",
    )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class PageLog:
    """What went wrong while pages loaded: console errors, exceptions, foreign requests."""

    origin: str
    problems: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> Page:
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("requestfailed", self._failed)
        page.on("console", self._console)
        page.on("pageerror", self._exception)
        return page

    def take(self) -> list[str]:
        """The problems seen since the last call, and forget them."""
        taken, self.problems = self.problems, []
        return taken

    def _request(self, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in {"data", "blob", "about"}:
            return
        if f"{url.scheme}://{url.netloc}" != self.origin:
            self.problems.append(f"request to another host: {request.method} {request.url}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _failed(self, request: Request) -> None:
        # ERR_ABORTED: the page was left while the request was under way (favicon, worker).
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed ({request.failure}): {request.url}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            line = message.location.get("lineNumber")
            self.problems.append(f"console error: {message.text} [{where}:{line}]")

    def _exception(self, error: Error) -> None:
        self.problems.append(f"uncaught {error.name}: {error.message}")


@pytest.fixture
def page_log(site: Site) -> Iterator[PageLog]:
    """The log of every page the test opens; anything left in it fails the test."""
    log = PageLog(site.origin)
    yield log
    fail_on_problems(log)


def fail_on_problems(log: PageLog) -> None:
    """Fail the test with whatever the pages `log` watched reported."""
    problems = log.take()
    if problems:
        pytest.fail("pages reported problems:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def open_page(browser: Browser, site: Site, page_log: PageLog) -> Iterator[Callable[..., Page]]:
    """Open a page of the sample site in a new browser context (`page_opener`)."""
    with page_opener(browser, site, page_log) as opener:
        yield opener


@contextmanager
def page_opener(browser: Browser, site: Site, log: PageLog) -> Iterator[Callable[..., Page]]:
    """Open a page in a new browser context; keyword arguments go to `new_context`.

    Contexts are the caller's own and closed at the end. Paths given to `page.goto` are
    relative to the site, e.g. `page.goto("plan/")`. With `search=False` the search worker
    gets an empty index: sweeps that never search save building the whole index again on
    every page (about 0.1 s of CPU each), time the browser then spends on their checks.
    """
    contexts: list[BrowserContext] = []

    def open_page(*, search: bool = True, **options: Any) -> Page:
        context = browser.new_context(base_url=site.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if not search:
            index = json.loads((site.root / "search" / "search_index.json").read_bytes())
            empty = {"config": index["config"], "docs": []}
            context.route(f"{site.url}search/search_index.json", lambda r: r.fulfill(json=empty))
        return log.watch(context.new_page())

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(open_page: Callable[..., Page]) -> Page:
    """A page in a fresh desktop-sized context (1280x720, light colour scheme)."""
    return open_page()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's browser build, installed from package-lock.json by `make test`."""
    require(
        AXE.exists(),
        f"{AXE.relative_to(ROOT)} not found: `make node` installs axe-core from "
        "package-lock.json (`make test` does it too)",
    )
    return AXE


# -- Helpers ----------------------------------------------------------------------------------


def wait_for_search(page: Page) -> None:
    """Wait until Material's search worker has loaded the index and answers queries.

    Until then the result box says "Initializing search". Polled on each animation frame,
    which is faster than `expect`'s back-off when it runs on every page of the site.
    """
    page.wait_for_function(
        "() => !/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)"
    )


def visit(page: Page, path: str) -> None:
    """Load a page of the site and fail on any HTTP error."""
    response = page.goto(path)
    assert response is not None, f"/{path}: no response"
    assert response.ok, f"/{path}: HTTP {response.status}"
