"""Sections `sample`, `kb`, `serve`, `search`: what a person waits for, and what a page weighs.

- `sample`: `mkdocs build` of the sample site as a whole process (imports included), against
  plain Material on the same pages (the project's configuration without the macros plugin,
  the hooks and the template overrides, over docs/ with the generated pages as files).
- `kb`: the sample with a knowledge base of 1,000 and 3,000 generated articles listed in the
  navigation in sections of 40, as an editor would (`bench/kbsite.py`): the site's size, the
  average page, and the build's CPU time, against plain Material's with the full navigation.
- `serve`: `mkdocs serve --dirty` (as `make serve` runs it) on the 1,000-article site:
  seconds from saving an article, or the plan, until the browser is served the change.
- `search`: the 3,000-article site's search index: its size, and the time Chromium with a
  CPU slowed four times takes to load a page and answer the first query.

Build times are CPU seconds of the build process (user + system, from `getrusage`): one
core, so on an idle machine they match the wall clock, and other load hardly moves them.
The preview and search times are wall-clock seconds. Every build has the same date.
"""

from __future__ import annotations

import functools
import gzip
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.common import FAIL, PASS, progress, table
from bench.kbsite import KbProject, article_path, write_kb_project
from bench.project import project_config, without_macros, write_same_pages, write_yaml
from macros.publish.pdf import CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-12-02"
"""The build date of every benchmark build: the sample plan's status date, as in the tests."""

SAMPLE_RUNS = 7
SAMPLE_TARGET = 1.25
"""The sample's build may take at most this many times plain Material's."""
KB_SIZES = (1_000, 3_000)
KB_RUNS = 2
"""Builds of each knowledge base with our code (the best counts); plain Material's 1,000
articles once (about half a minute)."""
PAGE_TARGET_KB = 60
"""The 1,000-article site's pages may weigh this much on average."""
KB_RATIO_TARGET = 0.4
"""Its build may take this share of plain Material's (full navigation)."""
SIZE_TARGET_MB = 200
GROWTH_TARGET = 3.3
"""The 3,000-article build may take this many times the 1,000-article one."""
SERVE_RUNS = 5
SERVE_JITTER = 0.5
"""Before each save the benchmark waits 2 s plus a random part of this: MkDocs looks for
changes every 0.5 s, and a fixed wait would meet its polling at the same phase each time."""
ARTICLE_TARGET = 3.0
PLAN_TARGET = 10.0
SERVE_POLL = 0.05
SERVE_TIMEOUT = 60.0
SERVE_START_TIMEOUT = 300.0
CPU_SLOWDOWN = 4
QUERY = "escalation"


def verdict(passed: bool) -> str:
    return PASS if passed else FAIL


def _env() -> dict[str, str]:
    env = {
        **os.environ,
        "PLAYBOOK_TODAY": TODAY,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1796000000",
    }
    env.pop("PLAN_DIR", None)
    return env


def cli_build(config_file: Path, site_dir: Path) -> float:
    """`mkdocs build` in a new process (imports included); returns its CPU seconds."""
    shutil.rmtree(site_dir, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [*command, "-d", str(site_dir)],
        cwd=config_file.parent,
        env=_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


@dataclass(frozen=True)
class SiteSize:
    pages: int
    total_bytes: int
    page_bytes: int

    @property
    def mb(self) -> float:
        return self.total_bytes / 1e6

    @property
    def average_page_kb(self) -> float:
        return self.page_bytes / self.pages / 1e3


def site_size(site: Path) -> SiteSize:
    """Every file's bytes (what GitHub Pages counts), and the HTML pages'."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    return SiteSize(
        len(pages), sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in pages)
    )


# --- section `sample` -------------------------------------------------------------------


def plain_sample(directory: Path) -> Path:
    """The project's mkdocs.yml as plain Material, over docs/ with the pages the hooks
    generate written as files (their macro calls left as text): the same pages."""
    config = project_config()
    plain = without_macros(config)
    plain.pop("watch", None)
    write_same_pages(ROOT / "docs", ROOT / "plan", directory / "docs-plain")
    plain.update({"docs_dir": str(directory / "docs-plain"), "strict": False})
    path = directory / "mkdocs-plain.yml"
    write_yaml(path, plain)
    return path


def section_sample() -> str:
    """The sample site, `mkdocs build` as a whole process, with and without our code."""
    with tempfile.TemporaryDirectory(prefix="bench-sample-") as tmp:
        work = Path(tmp)
        plain = plain_sample(work)
        ours_times, plain_times = [], []
        for run in range(1, SAMPLE_RUNS + 1):
            progress(f"sample: run {run}/{SAMPLE_RUNS}")
            plain_times.append(cli_build(plain, work / "plain"))
            ours_times.append(cli_build(ROOT / "mkdocs.yml", work / "ours"))
        pages = site_size(work / "ours").pages
    ratios = [o / p for o, p in zip(ours_times, plain_times, strict=True)]
    ratio = statistics.median(ratios)
    rows = [
        (
            f"{pages}",
            f"{statistics.median(plain_times):.2f}",
            f"{statistics.median(ours_times):.2f}",
            f"{ratio:.2f}",
            f"≤ {SAMPLE_TARGET:g} {verdict(ratio <= SAMPLE_TARGET)}",
        )
    ]
    return "\n".join(
        [
            "`mkdocs build` of the sample site (`mkdocs.yml`, `docs/`, `plan/`) as a new "
            "process, imports included, against plain Material: the same configuration "
            "without the macros plugin, the hooks and the template overrides, over `docs/` "
            "with the pages generated from the plan written as files (their macro calls "
            f"left as text). {SAMPLE_RUNS} runs, each building both back to back; CPU "
            "seconds, medians; the ratio is the median of the runs' own ratios.",
            "",
            table(
                ("Pages", "Plain Material (s)", "With our code (s)", "Ratio", "Target"),
                rows,
                (True, True, True, True, False),
            ),
        ]
    )


# --- section `kb` -----------------------------------------------------------------------


def section_kb() -> str:
    """The sample with 1,000 and 3,000 articles: size, page weight, build time."""
    with tempfile.TemporaryDirectory(prefix="bench-kb-") as tmp:
        work = Path(tmp)
        builds: dict[int, float] = {}
        sizes: dict[int, SiteSize] = {}
        plain_time = 0.0
        plain_size: SiteSize | None = None
        for articles in KB_SIZES:
            progress(f"kb: writing {articles:,} articles")
            project = write_kb_project(work / f"kb{articles}", articles)
            if articles == KB_SIZES[0]:
                progress(f"kb: plain Material, {articles:,} articles")
                plain_time = cli_build(project.plain, project.root / "plain")
                plain_size = site_size(project.root / "plain")
                shutil.rmtree(project.root / "plain")
            times = []
            for run in range(1, KB_RUNS + 1):
                progress(f"kb: {articles:,} articles, run {run}/{KB_RUNS}")
                times.append(cli_build(project.config, project.root / "site"))
            builds[articles] = min(times)
            sizes[articles] = site_size(project.root / "site")
            shutil.rmtree(project.root, ignore_errors=True)
    small, large = KB_SIZES
    assert plain_size is not None
    ratio = builds[small] / plain_time
    growth = builds[large] / builds[small]
    rows = [
        (
            f"{small:,}, plain Material",
            f"{plain_size.pages:,}",
            f"{plain_size.mb:.0f}",
            f"{plain_size.average_page_kb:.0f}",
            f"{plain_time:.1f}",
            "",
        ),
        *(
            (
                f"{n:,}, with our code",
                f"{sizes[n].pages:,}",
                f"{sizes[n].mb:.0f}",
                f"{sizes[n].average_page_kb:.0f}",
                f"{builds[n]:.1f}",
                "",
            )
            for n in KB_SIZES
        ),
    ]
    small_ok = sizes[small].average_page_kb <= PAGE_TARGET_KB
    return "\n".join(
        [
            "The sample project with N generated articles of 500 to 700 words (glossary "
            "terms in their prose, a link to another article, valid front matter) listed "
            "in the knowledge base's tab in sections of 40, as an editor would: the full "
            "navigation, with the project's own mkdocs.yml (`bench/kbsite.py`). Plain "
            "Material: the same configuration and pages without our plugin, hooks and "
            "overrides. Sizes are every file of the site (MB = 10^6 bytes) and the average "
            f"HTML page (KB = 1,000 bytes); CPU seconds of `mkdocs build`, best of {KB_RUNS} "
            "with our code, one build of plain Material.",
            "",
            table(
                ("Articles", "HTML pages", "Site (MB)", "Page (KB)", "Build (s)", ""),
                rows,
                (False, True, True, True, True, False),
            ),
            "",
            f"- {small:,} articles: {sizes[small].average_page_kb:.0f} KB a page on average "
            f"(target ≤ {PAGE_TARGET_KB} KB) {verdict(small_ok)}; the build takes "
            f"{ratio:.2f} times plain Material's (target ≤ {KB_RATIO_TARGET:g}) "
            f"{verdict(ratio <= KB_RATIO_TARGET)}",
            f"- {large:,} articles: {sizes[large].mb:.0f} MB in all (target < "
            f"{SIZE_TARGET_MB} MB) {verdict(sizes[large].mb < SIZE_TARGET_MB)}; the build "
            f"takes {growth:.2f} times the {small:,}-article one (target ≤ "
            f"{GROWTH_TARGET:g}) {verdict(growth <= GROWTH_TARGET)}",
        ]
    )


# --- section `serve` --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str, timeout: float = 30.0) -> str | None:
    """The page's text, or None while it cannot be fetched."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body: bytes = response.read()
            return body.decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for_server(process: subprocess.Popen[bytes], log: Path, timeout: float) -> str:
    """The URL `mkdocs serve` announces, once the site answers there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped:\n{log.read_text(encoding='utf-8')}")
        found = re.search(r"Serving on (http://\S+)", log.read_text(encoding="utf-8"))
        if found:
            url = found.group(1).rstrip("/") + "/"
            if fetch(url) is not None:
                return url
        time.sleep(0.2)
    raise RuntimeError(f"mkdocs serve did not start within {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started: Ctrl-C (it cleans up), then SIGTERM, then SIGKILL."""
    if process.poll() is not None:
        return
    signals: tuple[Callable[[], None], ...] = (
        partial(process.send_signal, signal.SIGINT),
        process.terminate,
        process.kill,
    )
    for send in signals:
        send()
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


def time_until_served(url: str, marker: str, change: Callable[[], object]) -> float:
    """Seconds from `change()` (saving a file) until `url` serves `marker`; inf on timeout."""
    started = time.perf_counter()
    change()
    deadline = started + SERVE_TIMEOUT
    while time.perf_counter() < deadline:
        body = fetch(url)
        if body is not None and marker in body:
            return time.perf_counter() - started
        time.sleep(SERVE_POLL)
    return float("inf")


def set_project_name(plan_file: Path, name: str) -> None:
    """Replace the value of `project: name:` in project.yaml, keeping everything else."""
    lines = plan_file.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("project:"))
    for index in range(start + 1, len(lines)):
        found = re.match(r"^(\s+name:\s*)(.*?)(\s*#.*)?$", lines[index].rstrip("\n"))
        if found:
            lines[index] = f"{found.group(1)}{name}{found.group(3) or ''}\n"
            break
    else:
        raise ValueError(f"{plan_file}: no `name:` under `project:`")
    plan_file.write_text("".join(lines), encoding="utf-8")


def section_serve() -> str:
    """Preview latency of `mkdocs serve --dirty` on the 1,000-article site."""
    articles = KB_SIZES[0]
    article_times: list[float] = []
    plan_times: list[float] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        progress(f"serve: writing {articles:,} articles")
        project: KbProject = write_kb_project(Path(tmp) / "kb", articles)
        port = free_port()
        log = project.root / "serve.log"
        command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty"]
        progress(f"serve: starting mkdocs serve --dirty on port {port}")
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*command, "-a", f"127.0.0.1:{port}", "-f", str(project.config)],
                cwd=project.root,
                env={k: v for k, v in _env().items() if k != "SOURCE_DATE_EPOCH"},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            base = wait_for_server(process, log, SERVE_START_TIMEOUT)
            article = article_path(articles // 2)
            page_file = project.root / "docs" / article
            page_url = base + article.removesuffix(".md") + "/"
            original = page_file.read_text(encoding="utf-8")
            jitter = random.Random(SERVE_RUNS)
            for run in range(1, SERVE_RUNS + 1):
                progress(f"serve: run {run}/{SERVE_RUNS}")
                time.sleep(2.0 + jitter.uniform(0, SERVE_JITTER))
                marker = f"latencyprobe-article-{run}-{time.time_ns()}"
                article_times.append(
                    time_until_served(
                        page_url,
                        marker,
                        partial(
                            page_file.write_text, f"{original}\n\n{marker}\n", encoding="utf-8"
                        ),
                    )
                )
                time.sleep(2.0 + jitter.uniform(0, SERVE_JITTER))
                name = f"Latencyprobe plan {run}-{time.time_ns()}"
                plan_times.append(
                    time_until_served(
                        base,
                        name,
                        partial(set_project_name, project.root / "plan" / "project.yaml", name),
                    )
                )
        finally:
            stop(process)
    load_after = os.getloadavg()[0]
    rows = [
        (
            f"an article (`docs/{article}`)",
            f"{statistics.median(article_times):.2f}",
            f"{max(article_times):.2f}",
            f"< {ARTICLE_TARGET:g} s {verdict(max(article_times) < ARTICLE_TARGET)}",
        ),
        (
            "`plan/project.yaml` (the project's name, on the home page)",
            f"{statistics.median(plan_times):.2f}",
            f"{max(plan_times):.2f}",
            f"< {PLAN_TARGET:g} s {verdict(max(plan_times) < PLAN_TARGET)}",
        ),
    ]
    return "\n".join(
        [
            f"`mkdocs serve --livereload --dirty` (as `make serve` runs it) on the "
            f"{articles:,}-article site: seconds from saving a file until the page is served "
            f"with the change, polling over HTTP every {SERVE_POLL * 1000:.0f} ms; "
            f"{SERVE_RUNS} saves of each, 2 to 2.5 s apart at random. MkDocs looks for "
            "changes every 0.5 s and waits 0.1 s before it rebuilds; a plan change rebuilds "
            "every page that uses the plan. Wall-clock times (load average over one minute "
            f"{load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} CPUs).",
            "",
            table(
                ("Change saved to", "Median (s)", "Max (s)", "Target"),
                rows,
                (False, True, True, False),
            ),
        ]
    )


# --- section `search` -------------------------------------------------------------------


@contextmanager
def served_directory(root: Path) -> Iterator[str]:
    """`root` over HTTP on a free port of 127.0.0.1, as GitHub Pages would serve it."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def section_search() -> str:
    """The 3,000-article site's search index: size, and Chromium's time to answer."""
    from playwright.sync_api import sync_playwright

    articles = KB_SIZES[-1]
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        progress(f"search: writing and building {articles:,} articles")
        project = write_kb_project(Path(tmp) / "kb", articles)
        site = project.root / "site"
        cli_build(project.config, site)
        index = site / "search" / "search_index.json"
        raw = index.stat().st_size
        packed = len(gzip.compress(index.read_bytes(), 6))
        page = article_path(articles // 3).removesuffix(".md") + "/"
        loads, answers = [], []
        with served_directory(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                for run in range(1, 4):
                    progress(f"search: browser run {run}/3")
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    tab = context.new_page()
                    cdp = context.new_cdp_session(tab)
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                    started = time.perf_counter()
                    tab.goto(base + page, wait_until="load")
                    loads.append(time.perf_counter() - started)
                    tab.locator("label.md-search__icon, .md-search__input").first.click()
                    tab.locator(".md-search__input").press_sequentially(QUERY)  # keys, as typed
                    tab.locator(".md-search-result__item").first.wait_for(timeout=120_000)
                    answers.append(time.perf_counter() - started)
                    context.close()
            finally:
                browser.close()
    load, answer = statistics.median(loads), statistics.median(answers)
    slowest = "the search" if answer - load > load else "the page itself"
    return "\n".join(
        [
            f"The {articles:,}-article site of the `kb` section: its search index, and "
            f"Chromium with the CPU slowed {CPU_SLOWDOWN} times (DevTools' throttling, as "
            "a modest laptop or phone) opening an article over HTTP, then typing "
            f'"{QUERY}" as soon as the page has loaded: seconds from the start of the '
            "navigation until the page has loaded, and until the first result shows "
            "(medians of 3 fresh browser profiles).",
            "",
            table(
                ("Index (MB)", "Gzipped (MB)", "Page loaded (s)", "First result (s)"),
                [(f"{raw / 1e6:.1f}", f"{packed / 1e6:.1f}", f"{load:.2f}", f"{answer:.2f}")],
                (True, True, True, True),
            ),
            "",
            f"The slowest part of opening a page and searching: {slowest}.",
        ]
    )
