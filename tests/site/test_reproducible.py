"""Two builds of one commit are byte-identical, and "today" comes only from the environment.

The site's sources are copied twice, to paths of different lengths, and built from each copy
in its own process with the same `SOURCE_DATE_EPOCH` and `PLAYBOOK_TODAY` but with
everything else that may leak into a build changed: the checkout and site paths, the hash
seed (set and dict ordering), the time zone and the wall clock (moved 400 days ahead in one
build by `CLOCK_SHIFT`, below). Every file of the two sites must have the same bytes.

The same holds for the daily publish (.github/workflows/publish.yml), which builds the last
commit again each day with that day as the status date: its builds of one commit on one
date are identical too, and time passing fails none of them.

The copies have no `.git`: where a build would read the day the plan last changed from git,
`PLAYBOOK_PLAN_DATE` says it (without either, the plan counts as changed on the status date).
"""

from __future__ import annotations

import difflib
import gzip
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MARCH, ROOT, TODAY

EPOCH = "1800000000"  # 2027-01-15 08:00 UTC, as in conftest.run_build
PLAN_CHANGED = TODAY  # the sample plan's last change, as the git history would say
TOP_LEVEL_SKIPPED = {".git", ".venv", "node_modules", "site"}
"""Left out when the repository is copied: tools and an earlier build (with caches, below)."""
CACHES = shutil.ignore_patterns("__pycache__", "*.pyc", ".*_cache", ".hypothesis")

# Runs `mkdocs` with the wall clock moved by argv[1] seconds: time.time() and friends, and
# datetime's now()/today()/utcnow(). (The date and datetime classes are replaced by
# subclasses that still pass isinstance checks, as freezegun does.) A build that reads the
# clock anywhere in Python then differs from one that does not move it.
CLOCK_SHIFT = r"""
import datetime, sys, time

shift = float(sys.argv.pop(1))
real_time, real_time_ns = time.time, time.time_ns
real_localtime, real_gmtime, real_strftime = time.localtime, time.gmtime, time.strftime
time.time = lambda: real_time() + shift
time.time_ns = lambda: real_time_ns() + int(shift * 1e9)
time.localtime = lambda secs=None: real_localtime(time.time() if secs is None else secs)
time.gmtime = lambda secs=None: real_gmtime(time.time() if secs is None else secs)
time.strftime = lambda fmt, t=None: real_strftime(fmt, time.localtime() if t is None else t)
time.ctime = lambda secs=None: time.asctime(time.localtime(secs))
real_date, real_datetime = datetime.date, datetime.datetime


class DateMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, real_date)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, real_date)


class DatetimeMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, real_datetime)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, real_datetime)


class ShiftedDate(real_date, metaclass=DateMeta):
    @classmethod
    def today(cls):
        return real_date.fromtimestamp(time.time())


class ShiftedDatetime(real_datetime, metaclass=DatetimeMeta):
    @classmethod
    def now(cls, tz=None):
        return real_datetime.fromtimestamp(time.time(), tz)

    @classmethod
    def today(cls):
        return real_datetime.fromtimestamp(time.time())

    @classmethod
    def utcnow(cls):
        return real_datetime.fromtimestamp(time.time(), datetime.timezone.utc).replace(
            tzinfo=None
        )


datetime.date, datetime.datetime = ShiftedDate, ShiftedDatetime
from mkdocs.__main__ import cli

sys.argv[0] = "mkdocs"
cli()
"""

SHIFT_SECONDS = 400 * 86400


def copy_sources(target: Path) -> Path:
    """The repository, without tools, caches and builds, copied to `target`; its mkdocs.yml."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = set(CACHES(directory, names))
        if Path(directory) == ROOT:
            skipped |= TOP_LEVEL_SKIPPED & set(names)
        return skipped

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    return target / "mkdocs.yml"


def build(
    config: Path,
    site: Path,
    *,
    today: str | None,
    epoch: str | None = EPOCH,
    shift: float = 0,
    **env: str,
) -> Path:
    """`mkdocs build --strict` of `config` into `site` in a new process; returns `site`.

    `today` and `epoch` set PLAYBOOK_TODAY and SOURCE_DATE_EPOCH (None: unset); `shift`
    moves the wall clock by that many seconds; `env` adds variables.
    """
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    for name in ("PLAN_DIR", "PLAYBOOK_TODAY", "SOURCE_DATE_EPOCH"):
        environment.pop(name, None)
    if today is not None:
        environment["PLAYBOOK_TODAY"] = today
    if epoch is not None:
        environment["SOURCE_DATE_EPOCH"] = epoch
    command = [sys.executable, "-c", CLOCK_SHIFT, str(shift), "build", "--strict"]
    done = subprocess.run(
        [*command, "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def files_of(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def first_difference(name: str, a: bytes, b: bytes, context: int = 2, limit: int = 12) -> str:
    """Where two versions of a file first differ, for a human: a short diff or byte offset."""
    if a[:2] == b[:2] == b"\x1f\x8b":  # gzip: its header holds a timestamp
        header = f"gzip header mtime {a[4:8].hex()} vs {b[4:8].hex()}; "
        try:
            return (
                header
                + "contents: "
                + first_difference(name, gzip.decompress(a), gzip.decompress(b), context, limit)
            )
        except OSError as exc:
            return header + f"cannot decompress: {exc}"
    try:
        text_a, text_b = a.decode("utf-8"), b.decode("utf-8")
    except UnicodeDecodeError:
        offset = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
        offset = min(len(a), len(b)) if offset is None else offset
        return f"binary; first differing byte at offset {offset} (sizes {len(a)}, {len(b)})"
    # Minified pages and the search index are one long line: split them where tags end.
    lines_a = text_a.replace(">", ">\n").splitlines()
    lines_b = text_b.replace(">", ">\n").splitlines()
    diff = list(difflib.unified_diff(lines_a, lines_b, "first", "second", n=context, lineterm=""))
    shown = [line[:200] for line in diff[2 : 2 + limit]]
    more = " (...)" if len(diff) > 2 + limit else ""
    return "\n    " + "\n    ".join(shown) + more


def compare_sites(first: Path, second: Path, keep: Callable[[str], bool] = lambda _: True) -> str:
    """An empty string when the two sites are byte-identical, else what differs."""
    a = {k: v for k, v in files_of(first).items() if keep(k)}
    b = {k: v for k, v in files_of(second).items() if keep(k)}
    problems = [f"only in the first build: {name}" for name in sorted(a.keys() - b.keys())]
    problems += [f"only in the second build: {name}" for name in sorted(b.keys() - a.keys())]
    differing = [name for name in sorted(a.keys() & b.keys()) if a[name] != b[name]]
    if differing:
        problems.append(f"{len(differing)} files differ: {', '.join(differing[:20])}")
        problems += [
            f"{name}: {first_difference(name, a[name], b[name])}" for name in differing[:5]
        ]
    return "\n".join(problems)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two copies of the build inputs, at paths of different lengths."""
    base = tmp_path_factory.mktemp("reproducible")
    return copy_sources(base / "a"), copy_sources(base / "checkout-of-the-same-commit")


@pytest.fixture(scope="module")
def first(sources: tuple[Path, Path]) -> Path:
    config = sources[0]
    return build(
        config,
        config.parent / "site",
        today=TODAY,
        PYTHONHASHSEED="1",
        TZ="Pacific/Kiritimati",  # UTC+14
    )


@pytest.fixture(scope="module")
def second(sources: tuple[Path, Path]) -> Path:
    config = sources[1]
    return build(
        config,
        config.parent / "another-site-directory",
        today=TODAY,
        shift=SHIFT_SECONDS,
        PYTHONHASHSEED="2",
        TZ="Etc/GMT+12",  # UTC-12: the local date differs from the first build's
    )


def test_two_builds_of_one_commit_are_byte_identical(first: Path, second: Path) -> None:
    built = files_of(first)
    expected = ["index.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"]
    expected += ["plan.ics", "schedule.json", "schedule.csv"]
    assert [name for name in expected if name not in built] == []
    assert sum(name.endswith(".html") for name in built) > 40
    difference = compare_sites(first, second)
    assert not difference, "the two builds differ:\n" + difference


def test_the_clock_shift_reaches_the_build(sources: tuple[Path, Path], tmp_path: Path) -> None:
    """The wall clock shift works: with no fixed date at all, the shifted build's date moves.

    400 days on, the sample misses its deadlines only because time passed: the strict
    build still passes."""
    config = sources[0]
    changed = {"PLAYBOOK_PLAN_DATE": PLAN_CHANGED}
    plain = build(config, tmp_path / "plain", today=None, epoch=None, **changed)
    shifted = build(
        config, tmp_path / "shifted", today=None, epoch=None, shift=SHIFT_SECONDS, **changed
    )
    assert (plain / "index.html").read_bytes() != (shifted / "index.html").read_bytes()


def status_of(site: Path) -> dict[str, Any]:
    document = json.loads((site / "schedule.json").read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_playbook_today_alone_changes_the_dashboard(
    sources: tuple[Path, Path], first: Path, tmp_path: Path
) -> None:
    """A week later, the same commit: the pages and the schedule are as of the new date.

    On 2026-12-09 the work recorded as under way has moved on and nothing misses a
    deadline yet (recruiting, on the critical path, is still forecast to end on 17
    December), so the plan needs no date of its last change."""
    later = build(sources[0], tmp_path / "later", today="2026-12-09")
    dashboard = (first / "index.html").read_text(encoding="utf-8")
    changed = (later / "index.html").read_text(encoding="utf-8")
    assert dashboard != changed
    before, after = status_of(first), status_of(later)
    assert (before["project"]["status_date"], after["project"]["status_date"]) == (
        "2026-12-02",
        "2026-12-09",
    )
    assert before["project"]["go_live"] == after["project"]["go_live"] == "2027-04-19"
    assert after["missed_deadlines"] == []


@pytest.fixture(scope="module")
def daily(sources: tuple[Path, Path]) -> tuple[Path, Path]:
    """The daily publish of one commit on one later day, twice, as `first` and `second`.

    SOURCE_DATE_EPOCH stays the commit's, PLAYBOOK_TODAY is the day of the run (`MARCH`,
    months after the last recorded progress); everything else changes between the two."""
    common = {"today": MARCH, "PLAYBOOK_PLAN_DATE": PLAN_CHANGED}
    one = build(
        sources[0], sources[0].parent / "daily", PYTHONHASHSEED="3", TZ="Asia/Tokyo", **common
    )
    two = build(
        sources[1],
        sources[1].parent / "daily-again",
        shift=SHIFT_SECONDS,
        PYTHONHASHSEED="4",
        TZ="America/Toronto",
        **common,
    )
    return one, two


def test_a_daily_build_of_one_commit_is_byte_identical(daily: tuple[Path, Path]) -> None:
    difference = compare_sites(*daily)
    assert not difference, "the two daily builds differ:\n" + difference


def test_time_passing_fails_no_daily_build(daily: tuple[Path, Path]) -> None:
    """Months later with no progress recorded, every deadline is missed only because time
    passed: the site says so, and the strict build (`build` asserts it) passed."""
    document = status_of(daily[0])
    assert document["project"]["status_date"] == MARCH
    assert document["project"]["feasible"] is False
    missed = document["missed_deadlines"]
    assert {m["task"] for m in missed} == {"curriculum-ready", "systems-ready", "go-live"}
    assert all(m["because_time_passed"] for m in missed)
    assert not any(w.split(": ")[1].startswith("warning") for w in document["warnings"])


def test_without_playbook_today_the_date_follows_source_date_epoch(
    sources: tuple[Path, Path], first: Path, tmp_path: Path
) -> None:
    """SOURCE_DATE_EPOCH at noon UTC on the test date gives the pages PLAYBOOK_TODAY gives.

    Read in UTC: in Kiritimati (UTC+14) that moment is already the next day.
    """
    noon = datetime(2026, 12, 2, 12, tzinfo=UTC)
    assert noon.date().isoformat() == TODAY
    from_epoch = build(
        sources[0],
        tmp_path / "from-epoch",
        today=None,
        epoch=str(int(noon.timestamp())),
        shift=-SHIFT_SECONDS,
        TZ="Pacific/Kiritimati",
    )
    # Every page is the same; the sitemap's dates and plan.ics's DTSTAMP are the epoch's.
    difference = compare_sites(first, from_epoch, keep=lambda name: name.endswith(".html"))
    assert not difference, "the date did not follow SOURCE_DATE_EPOCH:\n" + difference
