"""Shared fixtures: the repository, scenario sites in temp dirs, and one real build."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PLAN = ROOT / "plan"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class Build:
    """The outcome of one `mkdocs build`: exit code, log and where the site went."""

    returncode: int
    output: str
    site: Path

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


# The status date the tests fix (PLAYBOOK_TODAY): the sample plan's own, a few weeks into
# the engagement, after its last recorded progress (2026-11-30). A plan may not record
# progress after its status date, so this moves forward whenever the sample records more.
# A test of another day passes its own date: `MARCH` is one in the weeks when Toronto has
# moved its clocks and Krakow has not. As of it, with nothing recorded since November,
# unfinished work has slid past March and every deadline is missed because time passed.
TODAY = "2026-12-02"
MARCH = "2027-03-20"


def run_build(
    config: Path,
    site: Path,
    plan_dir: Path | None = None,
    strict: bool = True,
    today: str = TODAY,
    *,
    env_extra: dict[str, str] | None = None,
) -> Build:
    """Run `mkdocs build` in a subprocess, as a user would, and capture its log;
    `env_extra` adds to its environment."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1800000000",
        "PLAYBOOK_TODAY": today,
        **(env_extra or {}),
    }
    env.pop("PLAN_DIR", None)
    if plan_dir is not None:
        env["PLAN_DIR"] = str(plan_dir)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    if strict:
        command.append("--strict")
    done = subprocess.run(
        command, cwd=config.parent, env=env, capture_output=True, text=True, check=False
    )
    return Build(done.returncode, done.stdout + done.stderr, site)


FRONT_MATTER = "---\nowner: key-contact\nreviewed: 2026-11-02\ntags: [test]\n---\n\n"


def make_site(directory: Path, pages: dict[str, str], plan_dir: Path = SAMPLE_PLAN) -> Path:
    """A small scenario site using the project's macros and hooks; returns its mkdocs.yml.

    Pages without front matter get a valid one (`FRONT_MATTER`, two lines before the text
    after its five), as every page of the site must name an owner, a review date and tags.
    """
    (directory / "docs").mkdir(parents=True)
    for name, text in pages.items():
        page = directory / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text if text.startswith("---") else FRONT_MATTER + text, encoding="utf-8")
    (directory / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    (directory / "hooks").symlink_to(ROOT / "hooks", target_is_directory=True)
    (directory / "plan").symlink_to(plan_dir, target_is_directory=True)
    config = directory / "mkdocs.yml"
    config.write_text(
        "site_name: Scenario\n"
        "theme:\n  name: material\n  custom_dir: hooks/theme\n  font: false\n"
        "plugins:\n  - search\n  - macros:\n      module_name: macros\n"
        "      on_error_fail: true\n      on_undefined: strict\n"
        "hooks:\n  - hooks/playbook.py\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(autouse=True)
def status_date(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test computes the plan as of `TODAY`, whatever the clock, `make` or CI say.

    Code under test reads the status date from the environment (`macros.schedule.today`): without
    this, a test that schedules the sample would follow the calendar, and CI's daily run,
    which sets PLAYBOOK_TODAY to its own date, would test another plan. PLAYBOOK_PLAN_DATE
    (set by the pull-request check when plan/ changes) is left to the tests that want it.
    """
    monkeypatch.setenv("PLAYBOOK_TODAY", TODAY)
    monkeypatch.delenv("PLAYBOOK_PLAN_DATE", raising=False)
    return TODAY


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site with the sample plan, built once per test session."""
    site = tmp_path_factory.mktemp("sample") / "site"
    build = run_build(ROOT / "mkdocs.yml", site)
    assert build.returncode == 0, build.output
    return build
