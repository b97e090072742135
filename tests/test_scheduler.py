"""The scheduler against explicit, hand-counted dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import plan, site, task

from macros.loader import load_plan
from macros.model import Dependency
from macros.scheduler import schedule, schedule_warnings

ROOT = Path(__file__).resolve().parents[1]
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


def test_sample_plan_by_hand() -> None:
    """The sample plan's critical chain, counted by hand on a calendar.

    Joint days skip Toronto's and Krakow's weekends and holidays; hq-only days also skip
    the company day off on 12 February and Family Day on 15 February.

    - kickoff: milestone on the start day, Monday 11 January.
    - document-processes (hq, 10 days) may start on the kickoff's day: 11-22 January.
    - refine-processes (joint, 5): 25-29 January.
    - design-curriculum (hq, 8): 1-10 February; curriculum-ready: 11 February.
    - prepare-materials (hq, 5): 11, 16, 17, 18, 19 February (12 Feb day off, 15 Family Day).
    - product-training (joint, 15): 22 February - 12 March.
    - knowledge-transfer (joint, 5): 15-19 March.
    - shadowing (joint, 5): 22-25 March and 30 March (Good Friday 26 March is off in
      Toronto, Easter Monday 29 March in Krakow).
    - reverse-shadowing (joint, 5): 31 March - 6 April; assessments (joint, 2): 7-8 April.
    - go-no-go: 9 April; cutover-prep (joint, 3) may start that day: 9, 12, 13 April.
    - go-live: the next joint working day, Wednesday 14 April, before its deadline (19th).
    """
    loaded, _ = load_plan(ROOT / "plan")
    s = schedule(loaded)
    assert s["kickoff"].start == date(2027, 1, 11)
    assert (s["document-processes"].start, s["document-processes"].end) == (
        date(2027, 1, 11),
        date(2027, 1, 22),
    )
    assert (s["refine-processes"].start, s["refine-processes"].end) == (
        date(2027, 1, 25),
        date(2027, 1, 29),
    )
    assert s["curriculum-ready"].start == date(2027, 2, 11)
    assert (s["prepare-materials"].start, s["prepare-materials"].end) == (
        date(2027, 2, 11),
        date(2027, 2, 19),
    )
    assert (s["product-training"].start, s["product-training"].end) == (
        date(2027, 2, 22),
        date(2027, 3, 12),
    )
    assert (s["shadowing"].start, s["shadowing"].end) == (date(2027, 3, 22), date(2027, 3, 30))
    assert (s["reverse-shadowing"].start, s["reverse-shadowing"].end) == (
        date(2027, 3, 31),
        date(2027, 4, 6),
    )
    assert s["go-no-go"].start == date(2027, 4, 9)
    assert (s["cutover-prep"].start, s["cutover-prep"].end) == (date(2027, 4, 9), date(2027, 4, 13))
    assert s["go-live"].start == date(2027, 4, 14)
    assert s["go-live"].critical
    assert s.feasible
