"""`python -m macros schedule`: the published schedule document, on stdout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, Build


def _run(*args: str, plan_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PLAN_DIR", "GITHUB_ACTIONS")}
    if plan_dir is not None:
        env["PLAN_DIR"] = str(plan_dir)
    return subprocess.run(
        [sys.executable, "-m", "macros", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_schedule_prints_the_document_the_site_publishes(sample_site: Build) -> None:
    done = _run("schedule")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    published = json.loads((sample_site.site / "schedule.json").read_text(encoding="utf-8"))
    assert printed == published
    # As of the tests' status date the sample runs three working days behind its baseline:
    # Go-Live on Monday 19 April instead of Wednesday 14 April, hypercare's exit on
    # Wednesday 12 May instead of Friday 7 May (Krakow closes on 3 May).
    assert printed["project"] == {
        "name": "Northwind Desk tier-1 support outsourcing",
        "start": "2026-10-26",
        "end": "2027-05-12",
        "go_live": "2027-04-19",
        "feasible": True,
        "status_date": "2026-12-02",
        "baseline_saved": "2026-10-23",
        "removed_since_baseline": [],
    }
    task_fields = {"id", "title", "phase", "sites", "start", "end", "duration", "milestone"}
    assert task_fields | {"slack", "critical", "status", "variance"} <= set(printed["tasks"][0])
    easter_monday = {
        "date": "2027-03-29",
        "site": "krakow",
        "name": "Easter Monday",
        "local_name": "Poniedziałek Wielkanocny",
        "estimated": False,
    }
    assert easter_monday in printed["holidays"]
    spring_gap = {
        "sites": ["hq", "krakow"],
        "from": "2027-03-14",
        "to": "2027-03-27",
        "minutes": 120,
        "utc_start": "13:00",
        "utc_end": "15:00",
        "local": {
            "hq": {"start": "09:00", "end": "11:00"},
            "krakow": {"start": "14:00", "end": "16:00"},
        },
    }
    assert spring_gap in printed["overlap"]
    # The engagement started in the week when Krakow had left summer time and Toronto had not.
    autumn_gap = {**spring_gap, "from": "2026-10-26", "to": "2026-10-31"}
    assert printed["overlap"][0] == autumn_gap


def test_schedule_honours_plan_dir_and_reports_missed_deadlines(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    text = (plan / "project.yaml").read_text(encoding="utf-8")
    (plan / "project.yaml").write_text(
        text.replace("deadline: 2027-04-19", "deadline: 2027-04-14", 1), encoding="utf-8"
    )
    done = _run("schedule", plan_dir=plan)
    assert done.returncode == 0
    document = json.loads(done.stdout)
    assert document["project"]["feasible"] is False
    (miss,) = document["missed_deadlines"]
    assert (miss["task"], miss["deadline"], miss["scheduled"], miss["shortfall"]) == (
        "go-live",
        "2027-04-14",
        "2027-04-19",
        3,  # 15, 16 and 19 April: the baseline's date no longer holds
    )
    assert miss["chain"][-3:] == ["go-no-go", "cutover-prep", "go-live"]
    assert "cannot meet its deadline 2027-04-14" in done.stderr
    assert _run("schedule", "--strict", plan_dir=plan).returncode == 1
    # check reports the scheduling warnings as the build does, and --strict fails on them.
    checked = _run("check", plan_dir=plan)
    assert checked.returncode == 0
    assert "warning: task 'go-live' cannot meet its deadline 2027-04-14" in checked.stderr
    assert _run("check", "--strict", plan_dir=plan).returncode == 1


def test_schedule_exit_codes(tmp_path: Path) -> None:
    assert _run("schedule", str(tmp_path / "missing")).returncode == 2
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "project.yaml").write_text("project: [\n", encoding="utf-8")
    done = _run("schedule", str(broken))
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"{broken}/project.yaml:2:1: YAML syntax error" in done.stderr
