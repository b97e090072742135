"""Dashboard, RACI, role and escalation data, with a fixed build date."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from macros.plan.loader import load_plan
from macros.plan.model import EscalationLevel, Plan, Raci, Role
from macros.plan.values import Minutes, parse_hours
from macros.present.pages import (
    dashboard,
    duties_by_role,
    escalation_levels,
    local_hours,
    raci_gaps,
    raci_letters,
    raci_rows,
    raci_table,
    role_task_cells,
    role_task_rows,
    task_raci,
)
from macros.present.render import render
from macros.schedule.result import PlanResult, compute
from tests.helpers import plan, site, task

ROOT = Path(__file__).resolve().parents[2]


STATUS_DATE = date(2026, 12, 2)  # the sample's: under way, with progress and a baseline


def _sample(status_date: date = STATUS_DATE) -> PlanResult:
    loaded, warnings = load_plan(ROOT / "plan", status_date)
    return compute(loaded, warnings, status_date)


def working_days_after(result: PlanResult, sites: tuple[str, ...], first: date, last: date) -> int:
    """Days after `first` up to `last` when every one of `sites` works, counted one by one."""
    count, day = 0, first + timedelta(days=1)
    while day <= last:
        count += all(result.calendars.site[s].is_working(day) for s in sites)
        day += timedelta(days=1)
    return count


def test_the_sample_as_of_its_status_date() -> None:
    d = dashboard(_sample(), STATUS_DATE)
    assert d.status_date == STATUS_DATE
    assert d.countdown is not None
    assert d.countdown.go_live.start == date(2027, 4, 19)
    assert d.countdown.calendar_days == 138
    assert [p.phase.id for p in d.current] == ["pre-launch", "training", "technical"]
    assert [m.id for m in d.next_milestones] == [
        "curriculum-ready",
        "systems-ready",
        "soft-launch-start",
    ]
    assert [m.id for m in d.done_milestones] == ["kickoff", "contract-signed", "plan-approved"]
    assert not d.before_start
    assert not d.finished
    assert d.missed == []
    assert d.key_contact is not None
    assert d.key_contact.id == "key-contact"


@pytest.mark.parametrize(
    "status_date",
    [
        date(2026, 12, 2),
        date(2026, 12, 24),  # Christmas Eve: Krakow is off
        date(2027, 1, 2),  # a Saturday
        date(2027, 3, 26),  # Good Friday at Toronto
        date(2027, 4, 16),
    ],
)
def test_countdown_matches_a_day_by_day_count(status_date: date) -> None:
    """From any status date, the working days to Go-Live are those after the status date up
    to Go-Live's day when all of its sites work (the schedule moves with the status date)."""
    result = _sample(status_date)
    d = dashboard(result, status_date)
    assert d.countdown is not None
    live = d.countdown.go_live
    assert live.start >= status_date  # not done yet: it cannot happen before the status date
    assert d.countdown.working_days == working_days_after(
        result, live.sites, status_date, live.start
    )
    assert d.countdown.calendar_days == (live.start - status_date).days


def test_countdown_after_go_live_counts_days_since() -> None:
    p = with_go_live(
        plan(
            date(2027, 6, 7),
            [site("toronto"), site("krakow")],
            [
                task("a", 2, started=date(2027, 6, 7), finished=date(2027, 6, 8)),
                task("live", None, "a", finished=date(2027, 6, 9)),
            ],
        ),
        "live",
    )
    today = date(2027, 6, 14)  # the Monday after Go-Live on Wednesday 9 June
    d = dashboard(compute(p, status_date=today), today)
    assert d.countdown is not None
    assert d.countdown.go_live.status == "done"
    assert (d.countdown.working_days, d.countdown.calendar_days) == (-3, -5)
    assert d.countdown.passed
    assert d.finished


def test_before_the_start_and_after_the_end() -> None:
    p = plan(
        date(2027, 6, 7), [site("toronto"), site("krakow")], [task("a", 5), task("b", None, "a")]
    )
    early = date(2027, 6, 1)
    assert dashboard(compute(p, status_date=early), early).before_start
    late = date(2027, 7, 1)
    d = dashboard(compute(p, status_date=late), late)
    assert not d.finished  # nothing recorded: the work is still ahead, from the status date
    assert [m.id for m in d.next_milestones] == ["b"]
    done = replace(
        p,
        tasks=(
            replace(p.tasks[0], started=date(2027, 6, 7), finished=date(2027, 6, 11)),
            replace(p.tasks[1], finished=date(2027, 6, 14)),
        ),
    )
    d = dashboard(compute(done, status_date=late), late)
    assert d.finished
    assert d.next_milestones == []
    assert [m.id for m in d.done_milestones] == ["b"]


def with_go_live(p: Plan, task_id: str) -> Plan:
    return replace(p, project=replace(p.project, go_live=task_id))


def test_missed_deadlines_come_with_their_chain() -> None:
    p = plan(
        date(2027, 6, 7),
        [site("toronto"), site("krakow")],
        [task("a", 5), task("b", None, "a", deadline=date(2027, 6, 10))],
    )
    d = dashboard(compute(p), date(2027, 6, 1))
    ((miss, chain),) = d.missed
    assert miss.task == "b"
    assert [t.id for t in chain] == ["a", "b"]


def test_raci_letters_and_gaps() -> None:
    t = task(
        "t",
        1,
        raci=Raci(responsible=("lead", "agents"), accountable="lead", informed=("boss",)),
    )
    assert raci_letters(t, "lead") == "R/A"
    assert raci_letters(t, "agents") == "R"
    assert raci_letters(t, "boss") == "I"
    assert raci_letters(t, "nobody") == ""
    lacking = task("u", 1, raci=Raci(consulted=("boss",)))
    assert raci_table(plan(date(2027, 6, 7), [site("toronto")], [t, lacking])) == {
        "t": {"lead": "R/A", "agents": "R", "boss": "I"},
        "u": {"boss": "C"},
    }
    p = plan(date(2027, 6, 7), [site("toronto"), site("krakow")], [t, lacking])
    assert [(g.id, what) for g, what in raci_gaps(p)] == [
        ("u", "no Accountable"),
        ("u", "no Responsible"),
    ]


def test_role_duties_sorted_by_letter_then_date() -> None:
    result = _sample()
    duties = duties_by_role(result)["key-contact"]
    letters = [d.letter[0] for d in duties]
    assert letters == sorted(letters, key="RACI".index)
    assert all(d.scheduled.task.raci is not None for d in duties)


def test_escalation_hours_in_every_sites_time_move_with_the_clocks() -> None:
    toronto, krakow = site("toronto"), site("krakow")
    level = EscalationLevel(role="x", response=Minutes(30), hours=parse_hours("08:00-16:00"))
    # Krakow's 08:00-16:00 in Toronto: 02:00-10:00 in winter (6 hours apart), 03:00-11:00
    # in the March weeks when only North America has moved its clocks.
    assert local_hours(level, krakow, toronto, date(2027, 3, 1)) == "02:00-10:00"
    assert local_hours(level, krakow, toronto, date(2027, 3, 20)) == "03:00-11:00"
    assert local_hours(level, krakow, krakow, date(2027, 3, 20)) == "08:00-16:00"
    late = replace(level, hours=parse_hours("20:00-24:00"))
    assert local_hours(late, toronto, krakow, date(2027, 3, 1)) == "02:00-06:00 (the next day)"
    always = replace(level, hours=parse_hours("00:00-24:00"))
    assert local_hours(always, toronto, krakow, date(2027, 3, 1)) == "around the clock"


def test_escalation_levels_of_the_sample() -> None:
    result = _sample()
    levels = list(escalation_levels(result, date(2027, 3, 20)))
    assert [lv.role.id for lv in levels] == [
        "provider-lead",
        "support-lead",
        "it-lead-hq",
        "key-contact",
    ]
    first = levels[0]
    assert first.days == "Monday to Friday"
    assert [(h.site.id, h.text) for h in first.hours] == [
        ("hq", "03:00-11:00"),
        ("krakow", "08:00-16:00"),
    ]
    assert levels[2].days == "every day"
    assert str(levels[0].level.response) == "30 min"
    assert str(levels[3].level.response) == "1 day"


def test_role_without_tasks_has_no_duties() -> None:
    result = _sample()
    extra = Role(id="observer", title="Observer", site="hq")
    assert extra.id not in duties_by_role(result)


def test_duties_by_role_lists_every_task_that_names_the_role() -> None:
    result = _sample()
    every = duties_by_role(result)
    for role in result.plan.roles:
        named = set()
        for t in result.plan.tasks:
            if t.raci is not None:
                values = (t.raci.responsible, t.raci.accountable, t.raci.consulted, t.raci.informed)
                if any(v == role.id or (isinstance(v, tuple) and role.id in v) for v in values):
                    named.add(t.id)
        assert {d.scheduled.id for d in every.get(role.id, [])} == named, role.id
    assert sum(len(duties) for duties in every.values()) > 100


def test_role_task_rows_escape_task_text() -> None:
    result = _sample()
    first = result.plan.tasks[0]
    evil = replace(first, title='<em>hub</em> & "quoted"')
    scheduled = {**result.schedule.tasks, first.id: replace(result.schedule[first.id], task=evil)}
    result = replace(
        result,
        plan=replace(result.plan, tasks=(evil, *result.plan.tasks[1:])),
        schedule=replace(result.schedule, tasks=scheduled),
    )
    assert first.raci is not None
    role_id = first.raci.responsible[0]
    duties = [d for d in duties_by_role(result)[role_id] if d.scheduled.id == first.id]
    cells = role_task_cells(result, '../"timeline"/')
    rows = role_task_rows(duties, cells, date(2027, 3, 20), lambda letters: f"<{letters}>")
    assert "<em>" not in rows
    assert "&lt;em&gt;hub&lt;/em&gt; &amp; &#34;quoted&#34;" in rows
    assert 'href="../&#34;timeline&#34;/#task-' in rows
    assert f'title="&lt;{duties[0].letter}&gt;"' in rows


def test_raci_letters_in_letters_order_each_once() -> None:
    twice = Raci(responsible=("lead", "lead"), accountable="lead", consulted=("lead", "boss"))
    t = task("t", 1, raci=replace(twice, informed=("boss", "boss", "lead")))
    assert task_raci(t) == {"lead": "R/A/C/I", "boss": "C/I"}
    assert list(task_raci(t)) == ["lead", "boss"]  # in the order the RACI names them
    assert task_raci(task("u", 1)) == {}


def test_raci_rows_hold_every_tasks_letters_in_role_order() -> None:
    p = _sample().plan
    table = raci_table(p)
    rows = raci_rows(p, table, "../timeline/")
    lines = rows.split("\n")
    assert lines[-1] == ""  # every line ends in a newline, none when there are no tasks
    task_lines = [line for line in lines if line.startswith("<tr><th")]
    assert len(task_lines) == len(p.tasks)
    for t, line in zip([t for _, ts in p.tasks_by_phase() for t in ts], task_lines, strict=True):
        assert f'href="../timeline/#task-{t.id}"' in line
        cells = re.findall(r'<td class="op-raci-(\w+)">([^<]*)</td>', line)
        expected = [table[t.id].get(r.id, "") for r in p.roles]
        assert [letters for _, letters in cells] == expected
        assert [kind for kind, _ in cells] == [(x[:1] or "none").lower() for x in expected]
    assert raci_rows(replace(p, tasks=()), {}, "../timeline/") == ""


def test_raci_matrix_escapes_plan_text() -> None:
    p = _sample().plan
    first, role = p.tasks[0], p.roles[0]
    hostile = replace(
        p,
        tasks=(replace(first, title='<em>hub</em> & "quoted"'), *p.tasks[1:]),
        roles=(replace(role, title="<b>Lead</b>", person='Jo "<Example>"'), *p.roles[1:]),
        phases=tuple(
            replace(ph, title="<i>Phase</i>") if ph.id == first.phase else ph for ph in p.phases
        ),
    )
    rows = raci_rows(hostile, raci_table(hostile), '../"timeline"/')
    html = render(
        "raci.html",
        rows=rows,
        gaps=[],
        plan=hostile,
        href=lambda src, anchor="": f'../"{src}"/',
        aside=lambda html: html,
    )
    for raw in ("<em>", "<b>", "<i>", "<Example>"):
        assert raw not in html
    assert "&lt;em&gt;hub&lt;/em&gt; &amp; &#34;quoted&#34;" in rows
    assert "&lt;i&gt;Phase&lt;/i&gt;" in rows
    assert 'href="../&#34;timeline&#34;/#task-' in rows
    assert "&lt;b&gt;Lead&lt;/b&gt;" in html
    assert 'title="Jo &#34;&lt;Example&gt;&#34;"' in html


def test_an_owner_the_plan_does_not_know_is_named_without_a_link() -> None:
    from macros.present.pages import owner_note

    note = owner_note(None, "night-<b>desk</b>", None, date(2026, 4, 14))
    assert note == (
        '<p class="op-page-owner">Owner: night-&lt;b&gt;desk&lt;/b&gt; · last reviewed '
        '<time datetime="2026-04-14">Tuesday 14 April 2026</time></p>'
    )
