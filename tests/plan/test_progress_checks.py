"""Recorded progress and baselines: every mistake at its line and column, notices, the CLI.

The plans are the broken-plan corpus' base (`BASE_PROJECT`: kickoff, then train-agents in
Krakow, then the go-live milestone) with progress lines added, so that each expected
place can be read off the text below.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from macros.plan.loader import load_plan
from macros.plan.model import Plan
from macros.plan.problems import PlanError, Severity
from macros.publish.exports import plan_ics, schedule_csv
from macros.schedule.result import compute, document
from tests.plan.test_loader_corpus import BASE_PROJECT, run_cli

S = date(2027, 2, 1)
"""The status date of these tests: a Monday, three weeks into the base plan."""


def _plan(tmp_path: Path, edits: dict[str, str], baseline: str | None = None) -> Path:
    """BASE_PROJECT with the line after each `edits` key (a whole line) added."""
    text = BASE_PROJECT
    for anchor, added in edits.items():
        assert anchor + "\n" in text, anchor
        text = text.replace(anchor + "\n", anchor + "\n" + added + "\n", 1)
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "project.yaml").write_text(text, encoding="utf-8")
    if baseline is not None:
        (plan / "baseline.yaml").write_text(baseline, encoding="utf-8")
    return plan


def _problems(plan: Path, status: date = S) -> list[tuple[int, int, str, str]]:
    with pytest.raises(PlanError) as raised:
        load_plan(plan, status)
    return [(p.loc.line, p.loc.col, p.severity.value, p.message) for p in raised.value.problems]


KICKOFF = "    duration: 1"  # line 37, the last line of kickoff
TRAINING = "    after: [kickoff]"  # line 43, inside train-agents
GO_LIVE = "    after: [train-agents]"  # line 51, the last line of go-live


def test_each_progress_mistake_is_an_error_at_its_place(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        {
            # lines 38-40: started, finished before it, remaining on finished work
            KICKOFF: "    started: 2027-01-12\n    finished: 2027-01-11\n    remaining: 2",
            # lines 47-48: finished without started; remaining below 1
            TRAINING: "    finished: 2027-01-20\n    remaining: 0",
            # lines 57-58: a milestone with started and remaining
            GO_LIVE: "    started: 2027-01-25\n    remaining: 1",
        },
    )
    assert _problems(plan) == [
        (
            39,
            15,
            "error",
            "task 'kickoff' finished on 2027-01-11, before it started on 2027-01-12: correct "
            "one of the two dates",
        ),
        (40, 16, "error", "task 'kickoff' is finished, so no work remains: remove `remaining:`"),
        (
            47,
            15,
            "error",
            "task 'train-agents' has `finished:` but no `started:`: add `started:` with the "
            "day work began",
        ),
        (48, 16, "error", "task 'train-agents': remaining must be at least 1, not 0"),
        (
            57,
            14,
            "error",
            "task 'go-live' is a milestone, which happens on one day: remove `started:` and "
            "write the day it happened as `finished:`",
        ),
        (
            58,
            16,
            "error",
            "task 'go-live' is a milestone, which has no work to do: remove `remaining:`",
        ),
    ]


def test_progress_after_the_status_date_is_an_error(tmp_path: Path) -> None:
    plan = _plan(tmp_path, {KICKOFF: "    started: 2027-01-11\n    finished: 2027-02-02"})
    assert _problems(plan) == [
        (
            39,
            15,
            "error",
            "task 'kickoff': `finished: 2027-02-02` is after the status date 2027-02-01: "
            "record progress only once it has happened (the status date is the build's "
            "today, PLAYBOOK_TODAY when set)",
        )
    ]
    assert load_plan(plan, date(2027, 2, 2))[0].task("kickoff").finished == date(2027, 2, 2)


def test_remaining_on_work_not_started_is_an_error(tmp_path: Path) -> None:
    plan = _plan(tmp_path, {TRAINING: "    remaining: 3"})
    assert _problems(plan) == [
        (
            44,
            16,
            "error",
            "task 'train-agents' has `remaining:` but has not started: add `started:` with "
            "the day work began, or remove `remaining:`",
        )
    ]


def test_work_out_of_sequence_is_a_notice_that_fails_only_strict_checks(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path, {TRAINING: "    started: 2027-01-18", GO_LIVE: "    finished: 2027-01-29"}
    )
    _, problems = load_plan(plan, S)
    assert [(p.loc.line, p.loc.col, p.severity, p.message) for p in problems] == [
        (
            44,
            14,
            Severity.NOTICE,
            "task 'train-agents' started on 2027-01-18 while 'kickoff', which it waits for, "
            "had not finished (out of sequence): record `finished:` on 'kickoff', or drop "
            "'kickoff' from `after` if the work did not need it",
        ),
        (
            53,
            15,
            Severity.NOTICE,
            "task 'go-live' happened on 2027-01-29 while 'train-agents', which it waits for, "
            "had not finished (out of sequence): record `finished:` on 'train-agents', or "
            "drop 'train-agents' from `after` if the work did not need it",
        ),
    ]
    env = {"PLAYBOOK_TODAY": S.isoformat(), "PLAYBOOK_PLAN_DATE": S.isoformat()}
    plain = run_cli("check", str(plan), env=env)
    assert plain.returncode == 0, plain.stderr
    assert "project.yaml:44:14: notice: task 'train-agents' started on 2027-01-18" in plain.stderr
    assert plain.stdout.strip().endswith("the plan is valid (2 notices)")
    strict = run_cli("check", "--strict", str(plan), env=env)
    assert strict.returncode == 1
    assert strict.stderr.strip().endswith("2 notices, failing because of --strict")


BASELINE = """\
saved: 2027-01-08
tasks:
  kickoff: {start: 2027-01-11, end: 2027-01-11}
  train-agents: {start: 2027-01-12, end: 2027-01-25}
  retired-task: {start: 2027-01-12, end: 2027-01-13}
"""


def _under_way_with_baseline(tmp_path: Path) -> Plan:
    """The plan with kickoff done, training started, and `BASELINE` saved, as of S."""
    plan = _plan(
        tmp_path,
        {
            KICKOFF: "    started: 2027-01-11\n    finished: 2027-01-12",
            TRAINING: "    started: 2027-01-14",
        },
        BASELINE,
    )
    return load_plan(plan, S)[0]


def test_a_baseline_gives_variance_and_names_new_and_removed_tasks(tmp_path: Path) -> None:
    loaded = _under_way_with_baseline(tmp_path)
    sched = compute(loaded, [], S).schedule
    assert sched.baseline_saved == date(2027, 1, 8)
    assert sched.removed == ("retired-task",)
    # kickoff ended Tue 12 instead of Mon 11: one working day later.
    assert sched["kickoff"].variance == 1
    # Training, ten Krakow days from Thu 14: twelve worked before Mon Feb 1 (14, 15, 18-22,
    # 25-29), so R is the floor of 1; it ends on Feb 1 and was planned to end Wed 27.
    assert sched["train-agents"].remaining == 1
    assert sched["train-agents"].end == date(2027, 2, 1)
    assert sched["train-agents"].behind  # planned to end Wed 27
    assert sched["train-agents"].variance == 5  # Jan 26, 27, 28, 29, Feb 1
    assert sched["go-live"].new
    assert sched["go-live"].variance is None


def test_a_malformed_baseline_is_an_error_at_its_place(tmp_path: Path) -> None:
    baseline = "saved: 2027-01-32\ntasks:\n  kickoff: {start: 2027-01-11, finish: 2027-01-11}\n"
    plan = _plan(tmp_path, {}, baseline)
    with pytest.raises(PlanError) as raised:
        load_plan(plan, S)
    found = [(p.loc.path.name, p.loc.line, p.loc.col, p.message) for p in raised.value.problems]
    assert found == [
        ("baseline.yaml", 1, 8, "saved: 2027-01-32 is not a date: January 2027 has 31 days"),
        (
            "baseline.yaml",
            3,
            12,
            "task 'kickoff' is missing 'end': add `end:` with a date such as 2027-01-11",
        ),
        ("baseline.yaml", 3, 32, "unknown key 'finish' in task 'kickoff' (allowed: start, end)"),
    ]


def test_the_baseline_command_writes_what_the_loader_reads_back(tmp_path: Path) -> None:
    plan = _plan(tmp_path, {KICKOFF: "    started: 2027-01-11\n    finished: 2027-01-11"})
    env = {"PLAYBOOK_TODAY": "2027-01-15", "PLAYBOOK_PLAN_DATE": "2027-01-15"}
    done = run_cli("baseline", str(plan), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {plan / 'baseline.yaml'}: 3 tasks as of 2027-01-15"
    text = (plan / "baseline.yaml").read_text(encoding="utf-8")
    assert "saved: 2027-01-15\ntasks:\n  kickoff: {start: 2027-01-11, end: 2027-01-11}\n" in text
    loaded, _ = load_plan(plan, date(2027, 1, 15))
    sched = compute(loaded, [], date(2027, 1, 15)).schedule
    assert all(s.variance == 0 for s in sched.tasks.values())
    assert not any(s.new for s in sched.tasks.values())


def test_exports_carry_progress_and_baseline_fields(tmp_path: Path) -> None:
    loaded = _under_way_with_baseline(tmp_path)
    result = compute(loaded, [], S)
    doc = json.loads(json.dumps(document(result)))
    assert doc["project"]["status_date"] == "2027-02-01"
    assert doc["project"]["baseline_saved"] == "2027-01-08"
    assert doc["project"]["removed_since_baseline"] == ["retired-task"]
    kickoff, training, go_live = doc["tasks"]
    assert (kickoff["status"], kickoff["started"], kickoff["finished"]) == (
        "done",
        "2027-01-11",
        "2027-01-12",
    )
    assert (kickoff["slack"], kickoff["critical"], kickoff["latest_end"]) == (None, False, None)
    assert (training["status"], training["remaining"], training["behind"]) == (
        "in progress",
        1,
        True,
    )
    assert (training["baseline_end"], training["variance"]) == ("2027-01-25", 5)
    assert (go_live["new"], go_live["variance"], go_live["baseline_end"]) == (True, None, None)
    rows = list(csv.DictReader(io.StringIO(schedule_csv(result))))
    assert rows[1]["status"] == "in progress"
    assert (rows[1]["variance"], rows[2]["new"], rows[0]["slack"]) == ("5", "true", "")
    ics = plan_ics(result, datetime(2027, 2, 1, tzinfo=UTC))
    assert "Status: in progress (behind)" in ics.replace("\r\n ", "")


def test_uids_stay_the_same_when_a_task_s_dates_move(tmp_path: Path) -> None:
    def uids(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith("UID:task-")]

    plan = _plan(tmp_path, {})
    stamp = datetime(2027, 1, 8, tzinfo=UTC)
    before = plan_ics(compute(load_plan(plan, S)[0], [], date(2027, 1, 8)), stamp)
    after = plan_ics(compute(load_plan(plan, S)[0], [], date(2027, 3, 1)), stamp)
    assert before != after  # the dates moved: nothing was started by March
    assert uids(before) == uids(after)


def test_a_deadline_missed_only_because_time_passed_fails_no_build(tmp_path: Path) -> None:
    plan = _plan(tmp_path, {GO_LIVE: "    deadline: 2027-01-29"})
    late = {"PLAYBOOK_TODAY": "2027-02-01"}
    # Judged on the day the plan changed (2027-01-08), the deadline was met: a notice.
    passed = run_cli("check", str(plan), env={**late, "PLAYBOOK_PLAN_DATE": "2027-01-08"})
    assert passed.returncode == 0, passed.stderr
    assert "project.yaml:52:15: notice: task 'go-live' cannot meet its deadline 2027-01-29" in (
        passed.stderr
    )
    assert "the plan met it when it last changed, and time has passed since" in passed.stderr
    # Changed today, the plan misses it: a warning, and the strict check fails.
    changed = run_cli(
        "check", "--strict", str(plan), env={**late, "PLAYBOOK_PLAN_DATE": "2027-02-01"}
    )
    assert changed.returncode == 1
    assert "project.yaml:52:15: warning: task 'go-live' cannot meet its deadline" in changed.stderr
    assert "pushed by the status date 2027-02-01 -> kickoff -> train-agents -> go-live" in (
        changed.stderr
    )


def test_work_started_before_what_it_waits_for_finished_is_a_notice_too(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        {
            KICKOFF: "    started: 2027-01-11\n    finished: 2027-01-19",
            TRAINING: "    started: 2027-01-18",
        },
    )
    _, problems = load_plan(plan, S)
    assert [(p.loc.line, p.loc.col, p.message) for p in problems] == [
        (
            46,
            14,
            "task 'train-agents' started on 2027-01-18 while 'kickoff', which it waits for, "
            "finished only on 2027-01-19 (out of sequence): check the two dates, or drop "
            "'kickoff' from `after` if the work did not need it",
        )
    ]
