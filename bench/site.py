"""Sections `site`, `large`, `serve`: what macros and hooks add to a build; preview latency.

- `site`: the sample site built with the macros plugin and the hooks, against the same
  configuration without them (pages then keep their `{{ }}` text: fine for timing), over
  docs/ alone and over docs/ with the generated pages written as files (the same pages).
- `large`: a generated site (`bench/largesite.py`) of 250, 500 and 1,000 pages with a
  glossary of 1,000 terms and a plan of 2,000 tasks, both ways; with a profile of our code
  when growth is not linear.
- `serve`: `mkdocs serve` on a copy of the project: seconds from saving a change to the plan
  or to a page until the rebuilt page is served with the change.

Builds run in this process (`mkdocs.config.load_config` + `mkdocs.commands.build.build`,
as `mkdocs build` does, not strict), with the build date fixed and `PLAN_DIR` unset; each
run builds with and without back to back, build times are the best of the runs and ratios
the median of the runs' own ratios (see `Pair`). Build times are CPU seconds
(`time.process_time`; for a new process, its user + system time): a build uses one core,
so on an idle machine they match the wall clock, and other load on a shared machine does
not inflate them as it does wall time.
As in `mkdocs serve`, the modules stay loaded between builds (`hooks/playbook.py` imports
macros/ again only when a file in it changed), and so do compiled page templates and the
glossary's matcher while the glossary is unchanged; the plan, its schedule and every page
are worked out again in each build.
"""

from __future__ import annotations

import cProfile
import gc
import logging
import os
import pstats
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
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from bench.common import FAIL, PASS, progress, table
from bench.largesite import Project, without_macros, write_project, write_same_pages, write_yaml

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-12-02"
"""The build date of every benchmark build, as in the tests."""

SITE_RUNS = 15
SITE_CLI_RUNS = 3
LARGE_SIZES = (250, 500, 1_000)
LARGE_TERMS = 1_000
LARGE_TASKS = 2_000
LARGE_RUNS = 5
LINEAR_SLACK = 1.1
"""Growth from 250 to 1,000 pages may be this much above 4 (ideal) and still pass."""
MARGINAL_SLACK = 1.25
"""How much faster the cost of an added page may rise (from 250-500 to 500-1,000 pages) with
macros and hooks than without them: MkDocs' own cost of a page rises with the site too."""
SERVE_RUNS = 6
SERVE_JITTER = 0.5
"""Before each change the benchmark waits 1 s plus a random part of this: MkDocs looks for
changes every 0.5 s, and a fixed wait would meet its polling at the same phase each time."""
SERVE_TARGET = 3.0
SERVE_POLL = 0.05
SERVE_TIMEOUT = 30.0
"""Seconds to wait for one change to show before the run counts as failed."""
SERVE_START_TIMEOUT = 120.0


# --- building in this process -----------------------------------------------------------


@contextmanager
def build_environment() -> Iterator[None]:
    """Fixed build date, no PLAN_DIR, MkDocs logging off; all restored afterwards."""
    names = ("PLAYBOOK_TODAY", "PLAN_DIR", "NO_MKDOCS_2_WARNING")
    saved = {name: os.environ.get(name) for name in names}
    logger = logging.getLogger("mkdocs")
    level = logger.level
    os.environ["PLAYBOOK_TODAY"] = TODAY
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.pop("PLAN_DIR", None)
    logger.setLevel(logging.ERROR)  # the bare builds warn about links to generated pages
    try:
        yield
    finally:
        logger.setLevel(level)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass
class BuildTimes:
    """One build's CPU seconds."""

    total: float = 0.0


def build(config_file: Path, site_dir: Path, times: BuildTimes | None = None) -> float:
    """Build `config_file` into `site_dir` as `mkdocs build` does; returns CPU seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    times = times if times is not None else BuildTimes()
    gc.collect()
    started = time.process_time()
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=False)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    times.total = time.process_time() - started
    return times.total


def cli_build(config_file: Path, site_dir: Path) -> float:
    """`mkdocs build` in a new process (imports included); returns its CPU seconds."""
    env = {**os.environ, "PLAYBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PLAN_DIR", None)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [*command, "-d", str(site_dir)],
        cwd=config_file.parent,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def bare_sample_config(directory: Path) -> tuple[Path, Path]:
    """The project's mkdocs.yml without macros and hooks, written into `directory` twice.

    The first builds docs/ as it is; the second a copy of docs/ with the pages the hooks
    generate from the sample plan added as files, so that it has the same pages as the
    site with macros. `watch` is dropped (its paths are relative to mkdocs.yml).
    """
    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    bare = without_macros(config)
    docs = ROOT / config.get("docs_dir", "docs")
    bare["docs_dir"] = str(docs)
    bare["strict"] = False
    bare.pop("watch", None)
    authored = directory / "mkdocs-bare.yml"
    write_yaml(authored, bare)
    write_same_pages(docs, ROOT / "plan", directory / "docs-same")
    same = directory / "mkdocs-same.yml"
    write_yaml(same, {**bare, "docs_dir": str(directory / "docs-same")})
    return authored, same


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


@dataclass(frozen=True)
class Pair:
    """Every run of one site built with the macros and hooks and without them.

    Without them twice: over the authored pages only, and over the same pages as the
    build with them (the generated pages written as files, their macro calls left as text).
    The ratio that meets the target is against the same pages: the theme, search and
    Markdown work on a page would be paid by a site that wrote those pages by hand.

    Each run builds the configurations back to back, so a run's ratio compares builds made
    a second apart. The ratio judged is the median of the runs' ratios: on a shared machine
    single builds now and then run much faster or slower than the rest, and the best time
    of one configuration may come from such a build when the other's does not, which moved
    the ratio of best times by up to 0.1 between runs of the same code. Times per build
    (and growth) are the best of the runs.
    """

    bare_runs: list[BuildTimes]  # without, authored pages only
    same_runs: list[BuildTimes]  # without, the same pages
    full_runs: list[BuildTimes]  # with
    bare_pages: int
    same_pages: int
    full_pages: int

    @property
    def bare(self) -> float:
        return min(t.total for t in self.bare_runs)

    @property
    def same(self) -> float:
        return min(t.total for t in self.same_runs)

    @property
    def full(self) -> float:
        return min(t.total for t in self.full_runs)

    @property
    def ratio(self) -> float:
        """Our overhead: the median over runs of with / without (the same pages)."""
        return _median_ratio(self.full_runs, self.same_runs)

    @property
    def ratio_of_best(self) -> float:
        """The best time with macros and hooks over the best time without."""
        return self.full / self.same

    @property
    def ratio_authored(self) -> float:
        """The median over runs of with / without (the authored pages only)."""
        return _median_ratio(self.full_runs, self.bare_runs)


def _median_ratio(tops: list[BuildTimes], bottoms: list[BuildTimes]) -> float:
    return statistics.median(
        top.total / bottom.total for top, bottom in zip(tops, bottoms, strict=True)
    )


def measure_pair(configs: tuple[Path, Path, Path], work: Path, *, runs: int, label: str) -> Pair:
    """Build the configurations (with; without, docs/ only; without, same pages) `runs`
    times, in turn."""
    return measure_pairs({label: (configs, work)}, runs=runs, label=label)[label]


def measure_pairs(
    sites: dict[Any, tuple[tuple[Path, Path, Path], Path]], *, runs: int, label: str
) -> dict[Any, Pair]:
    """`measure_pair` for several sites at once: each run builds every site in turn.

    So a spell when the machine is slower touches every site alike, rather than all the
    runs of one size: the growth check compares differences between sizes, which such a
    spell would skew.
    """
    names = ("bare", "same", "full")
    times: dict[tuple[Any, str], list[BuildTimes]] = {
        (key, name): [] for key in sites for name in names
    }
    for run in range(1, runs + 1):
        progress(f"{label}: run {run}/{runs}")
        for key, ((full, bare, same), work) in sites.items():
            for config, name in ((bare, "bare"), (same, "same"), (full, "full")):
                shutil.rmtree(work / name, ignore_errors=True)
                built = BuildTimes()
                build(config, work / name, built)
                times[key, name].append(built)
    return {
        key: Pair(
            times[key, "bare"],
            times[key, "same"],
            times[key, "full"],
            html_pages(work / "bare"),
            html_pages(work / "same"),
            html_pages(work / "full"),
        )
        for key, (_, work) in sites.items()
    }


def verdict(passed: bool) -> str:
    return PASS if passed else FAIL


# --- section `site` ---------------------------------------------------------------------


def section_site() -> str:
    """The sample site with and without macros and hooks."""
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp, build_environment():
        work = Path(tmp)
        bare, same = bare_sample_config(work)
        full = ROOT / "mkdocs.yml"
        pair = measure_pair((full, bare, same), work, runs=SITE_RUNS, label="site")
        progress("site: new processes")
        cli_same = min(cli_build(same, work / "cli-same") for _ in range(SITE_CLI_RUNS))
        cli_full = min(cli_build(full, work / "cli-full") for _ in range(SITE_CLI_RUNS))
        progress("site: profiling a build")
        profile = profile_build(full, work / "profiled")
    rows = [
        (
            f"In this process, {SITE_RUNS} runs",
            f"{pair.bare:.2f}",
            f"{pair.same:.2f}",
            f"{pair.full:.2f}",
            f"{pair.ratio_of_best:.2f}",
            f"{pair.ratio:.2f}",
        ),
        (
            f"`mkdocs build` in a new process, best of {SITE_CLI_RUNS}",
            "",
            f"{cli_same:.2f}",
            f"{cli_full:.2f}",
            f"{cli_full / cli_same:.2f}",
            "",
        ),
    ]
    return "\n".join(
        [
            "The sample site (`mkdocs.yml`, `docs/`, `plan/`) built with the macros plugin "
            "and the hooks, and with the same configuration without them (pages then keep "
            "their macro calls as text), twice: over `docs/` as it is "
            f"({pair.bare_pages} HTML pages), and over `docs/` with the pages the hooks "
            "generate from the plan (roles, glossary, checklists, review) written as files "
            f"({pair.same_pages} pages, as many as with macros and hooks: {pair.full_pages}). "
            "The ratio is against the same pages: what a site with these pages written by "
            "hand would not pay. Not strict; build date fixed. Times are CPU seconds (one "
            "core; the same as wall time on an idle machine, and not inflated by other load), "
            "the best of the runs. Each run builds the three back to back; the ratio judged "
            "is the median of the runs' own ratios, which a single unusually fast or slow "
            "build cannot move (the ratio of the best times is shown beside it). A figure to "
            "follow, not a target: what counts is the time a person waits for.",
            "",
            table(
                (
                    "Build",
                    "Without, docs/ only (s)",
                    "Without, same pages (s)",
                    "With (s)",
                    "Ratio of best times",
                    "Ratio, median of runs",
                ),
                rows,
                (False, True, True, True, True, True),
            ),
            "",
            f"Against `docs/` only, without the generated pages, the ratio is "
            f"{pair.ratio_authored:.2f}: that also counts the theme, search and Markdown "
            "work on the generated pages.",
            "",
            profile,
        ]
    )


# --- section `large` --------------------------------------------------------------------


def profile_build(config_file: Path, site_dir: Path, limit: int = 20) -> str:
    """cProfile one build; our functions (macros/, hooks/) by cumulative time, as a table."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        build(config_file, site_dir)
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler)
    rows: list[tuple[str, str, str, str]] = []
    entries: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = getattr(
        stats, "stats", {}
    )
    ours = [
        (key, value)
        for key, value in entries.items()
        if re.search(r"/(macros|hooks)/.+\.py$", key[0])
    ]
    ours.sort(key=lambda kv: -kv[1][3])
    for (filename, line, name), (_, calls, own, cumulative, _) in ours[:limit]:
        where = f"{Path(filename).relative_to(ROOT)}:{line}"
        rows.append((f"`{where}` `{name}`", f"{calls:,}", f"{own:.2f}", f"{cumulative:.2f}"))
    total = getattr(stats, "total_tt", 0.0)
    return (
        f"Profile of one build with macros and hooks (cProfile, {total:.1f} s under the "
        "profiler, which slows Python code about 2x): our functions by cumulative time.\n\n"
        + table(
            ("Function", "Calls", "Own (s)", "Cumulative (s)"),
            rows,
            (False, True, True, True),
        )
    )


def fit_line(xs: list[int], ys: list[float]) -> tuple[float, float]:
    """Least squares `y = a + b·x`; returns (a, b)."""
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    return mean_y - slope * mean_x, slope


def section_large() -> str:
    """A generated site at three sizes, with and without macros and hooks."""
    projects: dict[int, Project] = {}
    with tempfile.TemporaryDirectory(prefix="bench-large-") as tmp, build_environment():
        work = Path(tmp)
        for size in LARGE_SIZES:
            progress(f"large: writing a site of {size:,} pages")
            projects[size] = write_project(work / f"p{size}", size, LARGE_TERMS, LARGE_TASKS)
        pairs = measure_pairs(
            {
                size: ((project.config, project.bare, project.same), project.root)
                for size, project in projects.items()
            },
            runs=LARGE_RUNS,
            label="large",
        )
        small, middle, large = LARGE_SIZES
        growth = pairs[large].full / pairs[small].full
        ideal = large / small
        early = (pairs[middle].full - pairs[small].full) / (middle - small)
        late = (pairs[large].full - pairs[middle].full) / (large - middle)
        same_early = (pairs[middle].same - pairs[small].same) / (middle - small)
        same_late = (pairs[large].same - pairs[middle].same) / (large - middle)
        rise, same_rise = late / early, same_late / same_early
        linear_ok = growth <= ideal * LINEAR_SLACK and rise <= same_rise * MARGINAL_SLACK
        profile = ""
        if not linear_ok:
            progress(f"large: profiling a build of {small:,} pages")
            profile = profile_build(projects[small].config, projects[small].root / "profiled")
    rows = []
    previous: tuple[int, Pair] | None = None
    for size in LARGE_SIZES:
        pair = pairs[size]
        marginal = ""
        if previous is not None:
            added = size - previous[0]
            marginal = (
                f"{(pair.same - previous[1].same) / added * 1000:.1f} / "
                f"{(pair.full - previous[1].full) / added * 1000:.1f}"
            )
        rows.append(
            (
                f"{size:,}",
                f"{pair.bare_pages:,} / {pair.same_pages:,} / {pair.full_pages:,}",
                f"{pair.bare:.2f}",
                f"{pair.same:.2f}",
                f"{pair.full:.2f}",
                f"{pair.ratio:.2f}",
                f"{pair.same / size * 1000:.1f} / {pair.full / size * 1000:.1f}",
                marginal,
            )
        )
        previous = (size, pair)
    same_growth = pairs[large].same / pairs[small].same
    sizes = list(LARGE_SIZES)
    fixed, per_page = fit_line(sizes, [pairs[n].full - pairs[n].same for n in sizes])
    parts = [
        f"Generated sites (`bench/largesite.py`): N knowledge-base pages of 500 to 800 words "
        f"with a glossary term every 20 to 45 words and valid front matter, plus the plan's "
        f"seven pages (dashboard, timeline, holidays, shared hours, RACI, roles, contacts); a "
        f"glossary of {LARGE_TERMS:,} terms; a plan of {LARGE_TASKS:,} tasks "
        "(`bench/plans.py`) with 12 roles. Configuration: the project's theme, Markdown "
        "extensions, plugins and hooks; not strict; a short nav (the plan's pages and the "
        "first page of each section of 40), because Material renders the whole nav into "
        "every page, which grows with N squared and would hide everything else. Without "
        "macros and hooks twice, as for the sample: over `docs/` only, and over the same "
        "pages (the generated ones written as files); the ratio is against the same pages. "
        f"CPU seconds, best of {LARGE_RUNS} builds each; each run builds every size in turn. "
        "The ratio judged is the median of the runs' own ratios, as for the sample; the "
        "growth figures use the best times.",
        "",
        table(
            (
                "Pages (N)",
                "HTML files (docs/ / same / with)",
                "Without, docs/ only (s)",
                "Without, same pages (s)",
                "With (s)",
                "Ratio, median of runs",
                "Per page, same / with (ms)",
                "Per added page, same / with (ms)",
            ),
            rows,
            (True, True, True, True, True, True, True, True),
        ),
        "",
        f"- Ratio at {large:,} pages: {pairs[large].ratio:.2f}; of the best times, "
        f"{pairs[large].ratio_of_best:.2f}",
        f"- Against `docs/` only it is {pairs[large].ratio_authored:.2f}.",
        f"- Growth from {small:,} to {large:,} pages: {growth:.2f} with macros and hooks, "
        f"{same_growth:.2f} without (ideal {ideal:g}; target ≤ {ideal * LINEAR_SLACK:.1f}); "
        f"a page added from {middle:,} to {large:,} costs {late * 1000:.1f} ms, one added "
        f"from {small:,} to {middle:,} {early * 1000:.1f} ms: {rise:.2f} times as much, "
        f"against {same_rise:.2f} without macros and hooks (target: at most "
        f"{MARGINAL_SLACK:g} times that) {verdict(linear_ok)}",
        f"- The extra time of macros and hooks, fitted as a + b·N: a = {fixed:.1f} s for "
        f"every build (the plan and its pages), b = {per_page * 1000:.1f} ms a page",
    ]
    if profile:
        parts += ["", profile]
    return "\n".join(parts)


# --- section `serve` --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str, timeout: float = 10.0) -> str | None:
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


def copy_project(target: Path) -> Path:
    """mkdocs.yml, docs/ and plan/ copied into `target`; macros/ and hooks/ symlinked."""
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "plan", target / "plan")
    for name in ("macros", "hooks"):
        (target / name).symlink_to(ROOT / name, target_is_directory=True)
    return target / "mkdocs.yml"


SERVED_PAGE = ("knowledge-base/index.md", "knowledge-base/")
"""The page edited in the copy of docs/, and its URL under the site."""


def section_serve() -> str:
    """Preview latency of `mkdocs serve` for a plan edit and a page edit."""
    plan_times: list[float] = []
    page_times: list[float] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        work = Path(tmp)
        config = copy_project(work / "project")
        plan_copy = work / "plan"
        shutil.copytree(ROOT / "plan", plan_copy)
        env = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "PLAYBOOK_TODAY": TODAY,
            "PLAN_DIR": str(plan_copy),
        }
        port = free_port()
        log = work / "serve.log"
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--livereload",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(config),
        ]
        progress(f"serve: starting mkdocs serve on port {port}")
        with log.open("wb") as output:
            process = subprocess.Popen(
                command, cwd=config.parent, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        try:
            base = wait_for_server(process, log, SERVE_START_TIMEOUT)
            page_file = config.parent / "docs" / SERVED_PAGE[0]
            original = page_file.read_text(encoding="utf-8")
            jitter = random.Random(SERVE_RUNS)
            for run in range(1, SERVE_RUNS + 1):
                progress(f"serve: run {run}/{SERVE_RUNS}")
                name = f"Latencyprobe plan {run}-{time.time_ns()}"
                plan_times.append(
                    time_until_served(
                        base,
                        name,
                        partial(set_project_name, plan_copy / "project.yaml", name),
                    )
                )
                time.sleep(1.0 + jitter.uniform(0, SERVE_JITTER))  # settle, then a new phase
                marker = f"latencyprobe-page-{run}-{time.time_ns()}"
                text = f"{original}\n\n{marker}\n"
                page_times.append(
                    time_until_served(
                        base + SERVED_PAGE[1],
                        marker,
                        partial(page_file.write_text, text, encoding="utf-8"),
                    )
                )
                time.sleep(1.0 + jitter.uniform(0, SERVE_JITTER))
        finally:
            stop(process)
    load_after = os.getloadavg()[0]
    rows = []
    for what, times in (
        ("`plan/project.yaml` (the project's name, on the home page)", plan_times),
        (f"a page (`docs/{SERVED_PAGE[0]}`)", page_times),
    ):
        worst = max(times)
        rows.append(
            (
                what,
                f"{statistics.median(times):.2f}",
                f"{worst:.2f}" if worst != float("inf") else f"> {SERVE_TIMEOUT:g}",
                f"< {SERVE_TARGET:g} s {verdict(worst < SERVE_TARGET)}",
            )
        )
    return "\n".join(
        [
            "`mkdocs serve --livereload` on a copy of the project (the plan copied elsewhere "
            "and named by `PLAN_DIR`): seconds from saving a change until the rebuilt page is "
            f"served with it, polling over HTTP every {SERVE_POLL * 1000:.0f} ms; "
            f"{SERVE_RUNS} runs each, 1 to 1.5 s apart (at random, so that the saves meet "
            "MkDocs' polling at different moments). MkDocs polls for changes every 0.5 s "
            "and waits 0.1 s before it rebuilds the whole site; requests wait for the "
            "build to finish. "
            "These are wall-clock times: other load on the machine lengthens them (load "
            f"average over one minute {load_before:.1f} before, {load_after:.1f} after, on "
            f"{os.cpu_count()} CPUs).",
            "",
            table(
                ("Change saved to", "Median (s)", "Max (s)", "Target"),
                rows,
                (False, True, True, False),
            ),
        ]
    )
