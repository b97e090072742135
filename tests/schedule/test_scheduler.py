"""The scheduler against explicit, hand-counted dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from macros.plan.loader import load_plan
from macros.plan.model import Dependency
from macros.schedule.scheduler import schedule, schedule_warnings
from tests.helpers import plan, site, task

ROOT = Path(__file__).resolve().parents[2]
MON = date(2027, 5, 3)  # Monday 3 May 2027: a Polish holiday (Constitution Day)


def test_the_format_documents_example() -> None:
    """A 5-day task from Monday ends Friday; a successor with lag 2 starts Wednesday."""
    p = plan(
        date(2027, 6, 7),  # Monday, no holiday in Ontario that week or the next
        [site("toronto")],
        [task("a", 5), task("b", 1, Dependency(task="a", lag=2))],
    )
    s = schedule(p)
    assert (s["a"].start, s["a"].end) == (date(2027, 6, 7), date(2027, 6, 11))
    assert s["b"].start == date(2027, 6, 16)


def test_joint_tasks_count_only_days_both_sites_work() -> None:
    # 22 March 2027 (Mon) to Easter: Good Friday 26 March is off in Toronto, Easter Monday
    # 29 March off in Krakow; a joint 6-day task runs 22-25 and 30-31 March.
    p = plan(
        date(2027, 3, 22),
        [site("toronto"), site("krakow")],
        [task("train", 6), task("toronto-only", 6, sites=("toronto",))],
    )
    s = schedule(p)
    assert (s["train"].start, s["train"].end) == (date(2027, 3, 22), date(2027, 3, 31))
    # Toronto alone works on Easter Monday: 22-25, 29, 30.
    assert s["toronto-only"].end == date(2027, 3, 30)


def test_lag_across_holidays() -> None:
    # a ends Thursday 25 March; the next joint working day is Tuesday 30 March; a lag of
    # 2 joint working days skips 30 and 31 March: b starts Thursday 1 April.
    p = plan(
        date(2027, 3, 22),
        [site("toronto"), site("krakow")],
        [task("a", 4), task("b", 2, Dependency(task="a", lag=2))],
    )
    s = schedule(p)
    assert s["a"].end == date(2027, 3, 25)
    assert (s["b"].start, s["b"].end) == (date(2027, 4, 1), date(2027, 4, 2))


def test_lag_counts_the_successors_days() -> None:
    # Krakow-only task after a Toronto-only one: the lag counts Krakow's working days.
    p = plan(
        date(2027, 3, 23),
        [site("toronto"), site("krakow")],
        [
            task("a", 3, sites=("toronto",)),  # 23, 24, 25 March
            task("b", 1, Dependency(task="a", lag=1), sites=("krakow",)),
        ],
    )
    s = schedule(p)
    # After 25 March, Krakow works on 26 March (Good Friday is no Polish holiday); the lag
    # skips it; 29 March is Easter Monday in Poland: b is on 30 March.
    assert s["b"].start == date(2027, 3, 30)


def test_start_on_a_holiday_moves_to_the_next_working_day() -> None:
    p = plan(MON, [site("toronto"), site("krakow")], [task("a", 1)])
    assert schedule(p)["a"].start == date(2027, 5, 4)


def test_chain_of_milestones_happens_on_one_day() -> None:
    p = plan(
        date(2027, 6, 7),
        [site("toronto")],
        [
            task("a", 3),  # 7-9 June
            task("m1", None, "a"),  # the next working day: 10 June
            task("m2", None, "m1"),  # a point at the start of 10 June: same day
            task("m3", None, "m2"),
            task("b", 2, "m3"),  # may start on the milestone's date
            task("c", 1, Dependency(task="m3", lag=1)),  # lag counts from that date on
        ],
    )
    s = schedule(p)
    assert [s[m].start for m in ("m1", "m2", "m3")] == [date(2027, 6, 10)] * 3
    assert all(s[m].start == s[m].end for m in ("m1", "m2", "m3"))
    assert (s["b"].start, s["b"].end) == (date(2027, 6, 10), date(2027, 6, 11))
    assert s["c"].start == date(2027, 6, 11)


def test_slack_and_critical_path() -> None:
    p = plan(
        date(2027, 6, 7),
        [site("toronto")],
        [
            task("a", 2),  # 7-8 June
            task("long", 5, "a"),  # 9-15 June
            task("short", 2, "a"),  # 9-10 June: 3 working days of slack
            task("end", None, "long", "short"),  # 16 June
        ],
    )
    s = schedule(p)
    assert s["end"].start == date(2027, 6, 16)
    assert [s[t].slack for t in ("a", "long", "short", "end")] == [0, 0, 3, 0]
    assert [s[t].critical for t in ("a", "long", "short", "end")] == [True, True, False, True]
    assert s["short"].latest_end == date(2027, 6, 15)


def test_infeasible_deadline_names_the_chain_and_the_shortfall() -> None:
    p = plan(
        date(2027, 6, 7),
        [site("toronto")],
        [
            task("spec", 5),  # 7-11 June
            task("build", 5, "spec"),  # 14-18 June
            task("side", 1),
            task("ship", None, "build", "side", deadline=date(2027, 6, 16)),  # 21 June
        ],
    )
    s = schedule(p)
    assert s["ship"].start == date(2027, 6, 21)
    (miss,) = s.missed
    assert (miss.task, miss.deadline, miss.scheduled) == (
        "ship",
        date(2027, 6, 16),
        date(2027, 6, 21),
    )
    assert miss.shortfall == 3  # 17, 18 and 21 June
    assert miss.chain == ("spec", "build", "ship")
    assert [s[t].slack for t in ("spec", "build", "ship")] == [-3, -3, -3]
    # side must end before ship's latest date, the deadline 16 June: by 15 June, six
    # working days (8-11, 14, 15 June) after its end on 7 June.
    assert (s["side"].latest_end, s["side"].slack) == (date(2027, 6, 15), 6)
    (warning,) = schedule_warnings(p, s)
    assert warning.message == (
        "task 'ship' cannot meet its deadline 2027-06-16: it is scheduled to end on "
        "2027-06-21, 3 working days late, pushed by spec -> build -> ship; shorten or overlap "
        "those tasks, drop a dependency, or move the deadline"
    )


def test_deadline_on_a_weekend_means_the_friday_before() -> None:
    p = plan(date(2027, 6, 7), [site("toronto")], [task("a", 5, deadline=date(2027, 6, 13))])
    s = schedule(p)
    assert s["a"].latest_end == date(2027, 6, 11)
    assert s["a"].slack == 0
    assert s.feasible


STATUS = date(2026, 12, 2)  # the sample's status date, as the tests fix it (conftest.TODAY)


def test_sample_plan_by_hand() -> None:
    """The sample plan's critical chain as of 2 December 2026, counted by hand on a calendar.

    Joint days skip Toronto's and Krakow's weekends and holidays; Krakow-only days skip
    Poland's: Independence Day (11 November), Christmas Eve and Christmas (24, 25 December),
    New Year's Day and Epiphany (6 January).

    - kickoff happened on Monday 26 October 2026; agree-scope ran 26 October - 4 November,
      the statement of work was signed on Thursday 5 November (all recorded).
    - recruit-agents (Krakow, 30 days) started on 5 November, recorded without `remaining`:
      18 Krakow working days went by before 2 December (5-6, 9-10, 12-13, 16-20, 23-27
      November, 30 November - 1 December), so 12 are left: 2-4, 7-11, 14-17 December.
    - onboard-agents (Krakow, 5) waits 40 more Krakow working days from Friday 18 December:
      8 in December (18, 21-23, 28-31), 19 in January (not 1 or 6 January), 10 in early
      February and 15-17 February make 40, so it runs Thursday 18 - Wednesday 24 February.
    - product-training (joint, 15): 25 February - 17 March (Family Day is past).
    - knowledge-transfer (joint, 5): 18-24 March.
    - shadowing (joint, 5): 25 March and 30 March - 2 April (Good Friday 26 March is off in
      Toronto, Easter Monday 29 March in Krakow).
    - reverse-shadowing (joint, 5): 5-9 April; assessments (joint, 2): 12-13 April.
    - go-no-go: 14 April; cutover-prep (joint, 3) may start that day: 14-16 April.
    - go-live: the next joint working day, Monday 19 April: its deadline, so no slack left.
    """
    loaded, _ = load_plan(ROOT / "plan", STATUS)
    s = schedule(loaded, status_date=STATUS)
    assert s["kickoff"].start == s["kickoff"].end == date(2026, 10, 26)
    assert s["kickoff"].status == "done"
    assert (s["agree-scope"].start, s["agree-scope"].end) == (date(2026, 10, 26), date(2026, 11, 4))
    assert s["contract-signed"].start == date(2026, 11, 5)
    recruit = s["recruit-agents"]
    assert (recruit.status, recruit.remaining, recruit.behind) == ("in progress", 12, False)
    assert (recruit.start, recruit.end) == (date(2026, 11, 5), date(2026, 12, 17))
    assert (s["onboard-agents"].start, s["onboard-agents"].end) == (
        date(2027, 2, 18),
        date(2027, 2, 24),
    )
    assert (s["product-training"].start, s["product-training"].end) == (
        date(2027, 2, 25),
        date(2027, 3, 17),
    )
    assert (s["knowledge-transfer"].start, s["knowledge-transfer"].end) == (
        date(2027, 3, 18),
        date(2027, 3, 24),
    )
    assert (s["shadowing"].start, s["shadowing"].end) == (date(2027, 3, 25), date(2027, 4, 2))
    assert (s["reverse-shadowing"].start, s["reverse-shadowing"].end) == (
        date(2027, 4, 5),
        date(2027, 4, 9),
    )
    assert (s["assessments"].start, s["assessments"].end) == (date(2027, 4, 12), date(2027, 4, 13))
    assert s["go-no-go"].start == date(2027, 4, 14)
    assert (s["cutover-prep"].start, s["cutover-prep"].end) == (
        date(2027, 4, 14),
        date(2027, 4, 16),
    )
    assert s["go-live"].start == date(2027, 4, 19)
    assert (s["go-live"].slack, s["go-live"].critical) == (0, True)
    assert s.feasible


def test_sample_progress_by_hand() -> None:
    """What the sample records, read as of 2 December 2026.

    - design-curriculum (Toronto, 8 days) started Monday 23 November: planned to end on
      2 December (23-27, 30 November, 1-2 December), so not behind; the trainers say 2
      days are left: 2 and 3 December.
    - firewall-vpn (joint, 5) started Thursday 12 November: planned to end on 18 November
      (12, 13, 16, 17, 18), so behind; 3 days left: 2, 3 and 4 December.
    - e2e-test-plan (joint, 4) waits for refine-processes (finished 18 November) and
      plan-approved (10 November): it could have started on 19 November and has not, so
      it is behind, and starts on the status date at the earliest: 2-7 December.
    - build-glossary and document-processes finished a day before their baseline ends
      (3 and 6 November); agree-scope three joint working days after (30 October).
    """
    loaded, _ = load_plan(ROOT / "plan", STATUS)
    s = schedule(loaded, status_date=STATUS)
    curriculum = s["design-curriculum"]
    assert (curriculum.status, curriculum.behind, curriculum.planned_end, curriculum.end) == (
        "in progress",
        False,
        date(2026, 12, 2),
        date(2026, 12, 3),
    )
    firewall = s["firewall-vpn"]
    assert (firewall.status, firewall.behind, firewall.planned_end, firewall.end) == (
        "in progress",
        True,
        date(2026, 11, 18),
        date(2026, 12, 4),
    )
    plan_tests = s["e2e-test-plan"]
    assert (plan_tests.status, plan_tests.behind, plan_tests.driver) == ("not started", True, None)
    assert (plan_tests.start, plan_tests.end) == (date(2026, 12, 2), date(2026, 12, 7))
    assert {t for t, st in s.tasks.items() if st.behind} == {"firewall-vpn", "e2e-test-plan"}
    assert s.baseline_saved == date(2026, 10, 23)
    variance = {t: s[t].variance for t in ("build-glossary", "document-processes", "agree-scope")}
    assert variance == {"build-glossary": -1, "document-processes": -1, "agree-scope": 3}
    assert s["go-live"].variance == 3
    assert s.removed == ()
    assert all(st.in_baseline for st in s.tasks.values())


def test_the_sample_baseline_is_the_plan_as_agreed() -> None:
    """baseline.yaml holds what the scheduler gives for the sample without its progress,
    as of the day it was saved: the plan both sides agreed on before work started."""
    loaded, _ = load_plan(ROOT / "plan", STATUS)
    assert loaded.baseline is not None
    agreed = replace(
        loaded,
        tasks=tuple(replace(t, started=None, finished=None, remaining=None) for t in loaded.tasks),
    )
    s = schedule(agreed, status_date=loaded.baseline.saved)
    assert {t: (b.start, b.end) for t, b in loaded.baseline.tasks.items()} == {
        t: (st.start, st.end) for t, st in s.tasks.items()
    }
    assert s["go-live"].start == date(2027, 4, 14)
    assert loaded.baseline.saved < min(t.started or t.finished or STATUS for t in loaded.tasks)
