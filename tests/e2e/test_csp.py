"""The Content-Security-Policy in a real browser: the site works under it, injected script does not.

Every page of the sample site, and what a reader does on it (search, the palette toggle,
checklist ticks), must run without one violation of the policy: Material's inline scripts
are allowed by their hashes, its search fetches its index and starts its worker. On a
scenario page that brings a <script> and an onerror= handler, neither runs and the browser
reports both. Under `mkdocs serve` MkDocs' live-reload script still runs.
"""

from __future__ import annotations

import functools
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import make_site, run_build
from tests.e2e.conftest import TIMEOUT_MS, PageLog, Site, visit, wait_for_search

pytestmark = pytest.mark.browser

# Collects every violation the page reports, from before its first script on.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "?"} at line ${e.lineNumber}: ${e.sample}`
));
"""
VIOLATIONS = "() => window.__csp"
# Material's first inline script defines __md_get: it ran, so its hash was right.
THEME_RAN = "() => typeof __md_get === 'function'"
INJECTED = (
    "# Injected\n\n"
    '<img src=x onerror="window.__pwned=1">\n\n'
    "<script>window.__pwned2=1</script>\n\n"
    "Text after the injected markup.\n"
)


def listening(page: Page) -> Page:
    page.context.add_init_script(LISTEN)
    return page


def test_every_page_runs_under_the_policy_without_a_violation(
    open_page: Callable[..., Page], page_log: PageLog, site: Site
) -> None:
    page = listening(open_page(search=False))
    problems: list[str] = []
    for path in site.pages:
        visit(page, path)
        wait_for_search(page)  # the worker runs and the index was fetched, under the policy
        if not page.evaluate(THEME_RAN):
            problems.append(f"/{path}: Material's inline scripts did not run")
        problems += [f"/{path}: {v}" for v in page.evaluate(VIOLATIONS)]
        problems += [f"/{path}: {p}" for p in page_log.take()]
    assert not problems, f"{len(problems)} problems:\n  " + "\n  ".join(problems)


def test_search_palette_and_ticks_work_under_the_policy(page: Page, site: Site) -> None:
    listening(page)
    visit(page, "")
    wait_for_search(page)
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("hypercare")
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d+ matching"))
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    query.press("Escape")

    body = page.locator("body")
    page.locator("label[title='Switch to dark mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.reload()  # the palette's inline script restores the choice
    expect(body).to_have_attribute("data-md-color-scheme", "slate")

    visit(page, site.pages_with('class="op-tick"', under="checklists/")[0])
    tick = page.locator("input.op-tick").first
    tick.check()
    expect(tick.locator("xpath=ancestor::tr[1]")).to_have_class(re.compile(r"\bop-ticked\b"))
    page.reload()
    expect(tick).to_be_checked()
    assert page.evaluate(VIOLATIONS) == []


# -- A hostile page -------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The test reads what the browser reports, not the server's log."""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scenario site with a page of injected markup, served on a free port."""
    directory = tmp_path_factory.mktemp("hostile-e2e")
    config = make_site(directory, {"index.md": "# Home\n\nText.\n", "injected.md": INJECTED})
    build = run_build(config, directory / "site")
    assert build.returncode == 0, build.output
    handler = functools.partial(_QuietHandler, directory=str(build.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="hostile-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_injected_script_and_handler_do_not_run(browser: Browser, hostile_url: str) -> None:
    context = browser.new_context(base_url=hostile_url)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = listening(context.new_page())
        page.goto("injected/")
        expect(page.get_by_text("Text after the injected markup.")).to_be_visible()
        # The image fails to load (there is no "x"), so its handler is due: wait for both.
        page.wait_for_function(
            "() => ['script-src-elem', 'script-src-attr']"
            ".every((d) => window.__csp.some((v) => v.startsWith(d)))"
        )
        assert page.evaluate("() => [window.__pwned, window.__pwned2]") == [None, None]
        assert page.evaluate(THEME_RAN), "Material's own scripts must still run"
    finally:
        context.close()


# -- mkdocs serve ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`mkdocs serve` of a scenario site, as `make serve` runs it; stopped at the end."""
    config = make_site(tmp_path, {"index.md": "# Home\n\nText.\n"})
    port = free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(config)]
    process = subprocess.Popen(
        [*command, "-a", f"127.0.0.1:{port}"],
        cwd=config.parent,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urlopen(url, timeout=2):
                    break
            except (URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "serve.log").read_text(encoding="utf-8"))
                time.sleep(0.5)
        yield url
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl-C: it removes its temporary site
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_live_reload_still_runs_under_mkdocs_serve(browser: Browser, served: str) -> None:
    context = browser.new_context(base_url=served)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = listening(context.new_page())
        with page.expect_console_message(lambda m: m.text == "Enabled live reload"):
            page.goto("")
        assert page.evaluate(THEME_RAN)
        assert page.evaluate(VIOLATIONS) == []
    finally:
        context.close()
