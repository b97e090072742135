"""The Gantt chart and the schedule table, read back as XML."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
from markupsafe import Markup

from macros.plan.loader import load_plan
from macros.plan.model import Plan
from macros.plan.wording import longdate
from macros.present.gantt import (
    PX_PER_DAY,
    WEEKLY_ABOVE,
    Scale,
    chart_scale,
    gantt_svg,
    schedule_table,
    truncate,
)
from macros.schedule.result import PlanResult, compute
from tests.helpers import plan, site, task

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 12, 2)  # the sample's status date: under way, with progress and a baseline
DAY = timedelta(days=1)


@cache
def sample() -> PlanResult:
    loaded, warnings = load_plan(ROOT / "plan", TODAY)
    return compute(loaded, warnings, TODAY)


def with_go_live(p: Plan, task_id: str) -> Plan:
    return dataclasses.replace(p, project=dataclasses.replace(p.project, go_live=task_id))


def three_sites() -> PlanResult:
    """Toronto, Krakow and Riyadh (weekend Friday-Saturday), one task at Riyadh alone."""
    return compute(
        plan(
            date(2027, 6, 7),  # Monday; no holiday at any of the three sites for two weeks
            [site("toronto"), site("krakow"), site("riyadh")],
            [
                task("joint", 6),
                task("local", 6, "joint", sites=("riyadh",)),
                task("done", None, "local"),
            ],
        )
    )


def late() -> PlanResult:
    """A 10-day task that cannot meet its deadline, and a milestone after it that can."""
    return compute(
        with_go_live(
            plan(
                date(2027, 6, 7),
                [site("toronto")],
                [
                    task("build", 10, deadline=date(2027, 6, 11)),
                    task("launch", None, "build", deadline=date(2027, 7, 30)),
                ],
            ),
            "launch",
        )
    )


def parse(markup: Markup) -> ET.Element:
    """The fragment as XML: it must be well-formed."""
    return ET.fromstring(f"<root>{markup}</root>")


def chart(root: ET.Element) -> ET.Element:
    found = root.find(f".//{SVG}svg[@role='img']")
    assert found is not None
    return found


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def row(svg: ET.Element, task_id: str, prefix: str = "gantt") -> ET.Element:
    found = svg.find(f".//{SVG}g[@id='{prefix}-task-{task_id}']")
    assert found is not None, task_id
    return found


def diamond_centre(path: str) -> tuple[float, float]:
    """Centre of an "M cx top L right cy L cx bottom L left cy Z" diamond."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    return numbers[0], numbers[3]


# -- structure and accessibility -------------------------------------------------------------
def test_the_chart_is_well_formed_labelled_svg_in_a_scrolling_region() -> None:
    root = parse(gantt_svg(sample(), TODAY))
    region = root.find("./div/div[@class='op-gantt']")
    assert region is not None
    assert (region.get("role"), region.get("aria-label"), region.get("tabindex")) == (
        "region",
        "Timeline",
        "0",
    )
    svg = chart(root)
    assert svg.get("aria-labelledby") == "gantt-title gantt-desc"
    assert svg.findtext(f"{SVG}title") == "Timeline of Northwind Desk tier-1 support outsourcing"
    assert svg.find(f"{SVG}desc[@id='gantt-desc']") is not None
    assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"


def test_the_text_alternative_summarises_the_plan() -> None:
    result = sample()
    sched = result.schedule
    desc = chart(parse(gantt_svg(result, TODAY))).findtext(f"{SVG}desc") or ""
    critical = sum(st.critical for st in sched.tasks.values())
    assert desc.startswith(f"{len(result.plan.tasks)} tasks (")
    assert f"from {longdate(sched.start)} to {longdate(sched.end)}." in desc
    counts = Counter(st.status for st in sched.tasks.values())
    behind = sum(st.behind for st in sched.tasks.values())
    assert (
        f"As of Wednesday 2 December 2026: {counts['done']} done, {counts['in progress']} in "
        f"progress, {counts['not started']} not started; {behind} tasks are behind schedule."
    ) in desc
    live = sched["go-live"]
    assert live.variance == 3
    assert (
        f"Go-Live: {longdate(live.start)} (3 working days later than agreed on "
        "Friday 23 October 2026)."
    ) in desc
    assert f"{critical} tasks are on the critical path" in desc
    assert "Under each task, a thin bar shows its dates in the baseline." in desc


def test_the_text_alternative_names_missed_deadlines_and_go_live() -> None:
    desc = chart(parse(gantt_svg(late(), TODAY))).findtext(f"{SVG}desc") or ""
    assert "Go-Live: Monday 21 June 2027." in desc
    assert "1 deadline is missed: Build (deadline Friday 11 June 2027" in desc


def test_phases_then_tasks_in_plan_order() -> None:
    result = sample()
    svg = chart(parse(gantt_svg(result, TODAY)))
    rows = svg.find(f".//{SVG}g[@class='op-gantt-rows']")
    assert rows is not None
    seen = [g.get("id", "") for g in rows.findall(f"{SVG}g")]
    expected = []
    for phase in result.plan.phases:
        tasks = [t.id for t in result.plan.tasks if t.phase == phase.id]
        if tasks:
            expected += [f"gantt-phase-{phase.id}", *(f"gantt-task-{t}" for t in tasks)]
    assert seen == expected


def test_long_titles_are_cut_in_the_label_and_whole_in_the_tooltip() -> None:
    result = sample()
    svg = chart(parse(gantt_svg(result, TODAY)))
    title = result.plan.task("name-key-contact").title
    g = row(svg, "name-key-contact")
    label = g.findtext(f".//{SVG}text[@class='op-gantt-label']") or ""
    assert label.endswith("…")
    assert title.startswith(label[:-1])
    assert len(label) < len(title)
    assert (g.findtext(f"{SVG}title") or "").startswith(title + ":")
    assert truncate("short", 10) == "short"
    assert truncate("a  very long  title", 8) == "a very…"


# -- geometry --------------------------------------------------------------------------------
def test_the_sample_is_drawn_day_by_day_in_whole_weeks() -> None:
    scale = chart_scale(sample())
    assert not scale.weekly
    assert scale.px_per_day == PX_PER_DAY
    assert (scale.first, scale.last) == (date(2026, 10, 26), date(2027, 5, 16))
    assert scale.x(date(2027, 1, 12)) - scale.x(date(2027, 1, 11)) == PX_PER_DAY


@pytest.mark.parametrize("make", [sample, three_sites, late], ids=["sample", "three", "late"])
def test_every_task_has_one_bar_or_diamond_where_its_dates_are(make: object) -> None:
    assert callable(make)
    result: PlanResult = make()
    scale = chart_scale(result)
    svg = chart(parse(gantt_svg(result, TODAY)))
    for task_ in result.plan.tasks:
        st = result.schedule[task_.id]
        g = row(svg, task_.id)
        bars = g.findall(f"{SVG}rect[@class='op-gantt-bar']")
        diamonds = g.findall(f"{SVG}path[@class='op-gantt-diamond']")
        if st.milestone:
            assert (len(bars), len(diamonds)) == (0, 1)
            cx, _ = diamond_centre(diamonds[0].get("d", ""))
            assert cx == pytest.approx(scale.center(st.start))
        else:
            assert (len(bars), len(diamonds)) == (1, 0)
            x, width = float(bars[0].get("x", "")), float(bars[0].get("width", ""))
            assert x == pytest.approx(scale.x(st.start))
            assert x + width == pytest.approx(scale.x(st.end + DAY))
        assert ("critical" in classes(g)) == st.critical
        assert ("milestone" in classes(g)) == st.milestone


def test_critical_tasks_carry_the_class() -> None:
    svg = chart(parse(gantt_svg(sample(), TODAY)))
    assert "critical" in classes(row(svg, "go-live"))
    assert "critical" in classes(row(svg, "product-training"))
    assert "critical" in classes(row(svg, "recruit-agents"))  # in progress, the long pole
    assert "critical" not in classes(row(svg, "design-curriculum"))
    assert "critical" not in classes(row(svg, "kickoff"))  # done: no slack, never critical


def test_days_off_inside_a_bar_are_hatched_for_the_tasks_own_sites() -> None:
    result = three_sites()
    scale = chart_scale(result)
    svg = chart(parse(gantt_svg(result, TODAY)))

    def gaps(task_id: str) -> list[tuple[float, float]]:
        return [
            (float(r.get("x", "")), float(r.get("width", "")))
            for r in row(svg, task_id).findall(f"{SVG}rect[@class='op-gantt-gap']")
        ]

    # Joint work of three sites: Friday to Sunday is off (Riyadh Fri-Sat, the others Sat-Sun).
    joint = result.schedule["joint"]
    assert (joint.start, joint.end) == (date(2027, 6, 7), date(2027, 6, 15))
    assert gaps("joint") == [(scale.x(date(2027, 6, 11)), 3 * PX_PER_DAY)]
    # Riyadh alone: Friday and Saturday only.
    local = result.schedule["local"]
    assert (local.start, local.end) == (date(2027, 6, 16), date(2027, 6, 23))
    assert gaps("local") == [(scale.x(date(2027, 6, 18)), 2 * PX_PER_DAY)]
    assert all(
        r.get("fill") == "url(#gantt-hatch)"
        for r in svg.iter(f"{SVG}rect")
        if "gap" in str(r.get("class"))
    )


def test_each_site_has_a_lane_of_its_days_off_and_no_site_days_are_shaded() -> None:
    result = three_sites()
    scale = chart_scale(result)
    svg = chart(parse(gantt_svg(result, TODAY)))
    lanes = svg.findall(f".//{SVG}g[@class='op-gantt-lanes']/{SVG}g")
    assert [sorted(classes(g)) for g in lanes] == [
        ["op-gantt-lane", f"op-gantt-site-{i}"] for i in range(3)
    ]
    riyadh = [
        float(r.get("x", "")) for r in lanes[2].findall(f"{SVG}rect[@class='op-gantt-lane-off']")
    ]
    assert scale.x(date(2027, 6, 11)) in riyadh  # a Friday
    all_off = svg.findall(f".//{SVG}g[@class='op-gantt-alloff']/{SVG}rect")
    saturdays = [float(r.get("x", "")) for r in all_off]
    assert scale.last == date(2027, 6, 27)
    assert saturdays == [scale.x(date(2027, 6, d)) for d in (12, 19, 26)]
    assert all(float(r.get("width", "")) == PX_PER_DAY for r in all_off)


def test_deadlines_are_marked_and_missed_ones_stand_out() -> None:
    result = late()
    scale = chart_scale(result)
    svg = chart(parse(gantt_svg(result, TODAY)))
    build = row(svg, "build").find(f"{SVG}g")
    launch = row(svg, "launch").find(f"{SVG}g")
    assert build is not None
    assert launch is not None
    assert classes(build) == {"op-gantt-deadline", "missed"}
    assert classes(launch) == {"op-gantt-deadline"}
    line = build.find(f"{SVG}line")
    assert line is not None
    assert float(line.get("x1", "")) == scale.x(date(2027, 6, 12))
    assert "missed by 5 working days" in (build.findtext(f"{SVG}title") or "")
    assert "missed" in classes(row(svg, "build"))
    # The range reaches the deadline after the plan's last day.
    assert scale.last >= date(2027, 7, 30)


def test_the_status_date_line_is_drawn_at_its_day_only_inside_the_range() -> None:
    result = sample()
    scale = chart_scale(result)
    inside = chart(parse(gantt_svg(result, TODAY)))
    line = inside.find(f"{SVG}line[@id='gantt-status-date']")
    assert line is not None
    assert classes(line) == {"op-gantt-statusdate"}
    # At the start of the status date: work is done up to it, what remains starts on it.
    assert float(line.get("x1", "")) == scale.x(TODAY)
    labels = [t for t in inside.iter(f"{SVG}text") if "op-gantt-statusdate-label" in classes(t)]
    assert [t.text for t in labels] == ["as of 2 Dec 2026"]
    assert not [t for t in inside.iter(f"{SVG}text") if t.text == "today"]
    for outside in (date(2026, 10, 1), date(2027, 6, 1)):
        svg = chart(parse(gantt_svg(result, outside)))
        assert svg.find(".//*[@id='gantt-status-date']") is None
        assert not [t for t in svg.iter(f"{SVG}text") if (t.text or "").startswith("as of")]


def test_a_long_plan_is_drawn_week_by_week_and_stays_reasonable() -> None:
    result = compute(
        plan(
            date(2027, 1, 4),
            [site("toronto"), site("krakow")],
            [task("a", 400), task("b", 500, "a"), task("end", None, "b")],
        )
    )
    scale = chart_scale(result)
    assert scale.days > WEEKLY_ABOVE
    assert scale.weekly
    assert scale.px_per_day <= 3
    markup = gantt_svg(result, TODAY)
    svg = chart(parse(markup))
    assert float(svg.get("width", "")) < 7000
    assert len(markup) < 200_000
    # Weekends are not shaded at this scale; holidays are.
    toronto = svg.findall(f".//{SVG}g[@class='op-gantt-lanes']/{SVG}g")[0]
    assert 20 < len(toronto.findall(f"{SVG}rect[@class='op-gantt-lane-off']")) < 80
    assert "week by week" in str(markup)


def test_days_off_on_the_same_weekday_are_shaded_not_taken_for_a_weekend() -> None:
    # Krakow takes every Friday off: days off, shaded as such at week scale, where only the
    # site's weekend (Saturday and Sunday, as its calendar has it) is left out, however
    # regular the days off are.
    fridays = tuple(date(2027, 1, 8) + timedelta(weeks=w) for w in range(120))
    result = compute(
        plan(
            date(2027, 1, 4),
            [site("toronto"), site("krakow", days_off=fridays)],
            [task("a", 400), task("end", None, "a")],
        )
    )
    scale = chart_scale(result)
    assert scale.weekly
    svg = chart(parse(gantt_svg(result, TODAY)))
    krakow = svg.findall(f".//{SVG}g[@class='op-gantt-lanes']/{SVG}g")[1]
    boxes = [
        (float(r.get("x", "")), float(r.get("x", "")) + float(r.get("width", "")))
        for r in krakow.findall(f"{SVG}rect[@class='op-gantt-lane-off']")
    ]

    def shaded(day: date) -> bool:
        return any(left <= scale.x(day) < right for left, right in boxes)

    inside = [friday for friday in fridays if friday < scale.last]
    assert len(inside) > 60
    assert all(shaded(friday) for friday in inside)
    assert not any(shaded(friday + DAY) for friday in inside)  # Saturdays: the weekend


def test_one_task_one_site() -> None:
    result = compute(plan(date(2027, 6, 7), [site("toronto")], [task("only", 3)]))
    svg = chart(parse(gantt_svg(result, date(2027, 6, 8))))
    assert len(svg.findall(f".//{SVG}rect[@class='op-gantt-bar']")) == 1
    assert "1 task (0 milestones) in 1 phase" in (svg.findtext(f"{SVG}desc") or "")


# -- escaping, ids and determinism -----------------------------------------------------------
def hostile() -> PlanResult:
    base = plan(date(2027, 6, 7), [site("toronto"), site("krakow")], [task("a", 2)])
    evil = dataclasses.replace(base.tasks[0], title='<b>bold</b> & "quoted" <script>x</script>')
    return compute(dataclasses.replace(base, tasks=(evil,)))


def test_markup_in_titles_is_text() -> None:
    result = hostile()
    for markup in (gantt_svg(result, TODAY), schedule_table(result)):
        assert "&lt;b&gt;bold&lt;/b&gt;" in markup
        assert "<b>" not in markup
        assert "<script>" not in markup
        root = parse(markup)
        assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("b", "script")]
    g = row(chart(parse(gantt_svg(result, TODAY))), "a")
    assert (g.findtext(f"{SVG}title") or "").startswith('<b>bold</b> & "quoted"')


def test_ids_are_prefixed_and_unique() -> None:
    markup = gantt_svg(sample(), TODAY, prefix="tl2")
    ids = [e.get("id", "") for e in parse(markup).iter() if e.get("id")]
    assert ids
    assert len(ids) == len(set(ids))
    assert all(i.startswith("tl2-") for i in ids)
    assert 'aria-labelledby="tl2-title tl2-desc"' in markup
    assert "url(#tl2-hatch)" in markup


def test_output_is_deterministic_and_markdown_safe() -> None:
    first = gantt_svg(sample(), TODAY)
    loaded, _ = load_plan(ROOT / "plan")
    again = gantt_svg(compute(loaded), TODAY)
    assert first == again
    assert isinstance(first, Markup)
    body = str(first).strip("\n")
    assert "\n\n" not in body  # Markdown would end the raw HTML block at a blank line
    assert not re.search(r"\d\.\d{3,}", body)  # coordinates are rounded


def test_scale_helpers() -> None:
    scale = Scale(date(2027, 6, 7), date(2027, 6, 13), 10, left=100)
    assert scale.days == 7
    assert scale.x(date(2027, 6, 9)) == 120
    assert scale.center(date(2027, 6, 9)) == 125
    assert scale.span(date(2027, 6, 8), date(2027, 6, 9)) == (110, 20)
    assert scale.right == 170
    assert scale.contains(date(2027, 6, 13))
    assert not scale.contains(date(2027, 6, 14))


# -- the schedule table ----------------------------------------------------------------------
def test_the_table_has_a_row_per_task_with_an_anchor() -> None:
    result = sample()
    root = parse(schedule_table(result, TODAY))
    table = root.find("table")
    assert table is not None
    assert table.get("class") == "op-schedule"
    headers = [th.text for th in table.findall("./thead/tr/th")]
    assert headers == [
        "Task",
        "Status",
        "Phase",
        "Start",
        "End",
        "Variance",
        "Duration",
        "Slack",
        "Sites",
        "Responsible",
    ]
    rows = table.findall("./tbody/tr")
    assert [r.get("id") for r in rows] == [f"task-{t.id}" for t in result.plan.tasks]


def cells(root: ET.Element, task_id: str) -> tuple[ET.Element, list[str]]:
    tr = root.find(f".//tr[@id='task-{task_id}']")
    assert tr is not None
    return tr, ["".join(td.itertext()) for td in tr]


def test_table_rows_show_dates_slack_sites_and_responsible_roles() -> None:
    root = parse(schedule_table(sample(), TODAY))
    tr, text = cells(root, "go-live")
    assert "op-critical" in classes(tr)
    assert text[0].startswith("◆ Go-Live")
    assert "critical" in text[0]
    assert text[1:8] == [
        "not started",
        "Go-Live",
        "19 Apr 2027",
        "—deadline 19 Apr 2027",
        "+3 3 working days later than the baseline",
        "milestone",
        "0",
    ]
    assert text[8] == "Northwind Desk headquarters, TorontoProvider support centre, Krakow"
    assert text[9] == "Provider Team Lead"
    tr, text = cells(root, "create-accounts")
    assert "op-critical" not in classes(tr)
    assert text[3:9] == [
        "18 Dec 2026",
        "22 Dec 2026",
        "+3 3 working days later than the baseline",
        "3 days",
        "41",
        "Northwind Desk headquarters, Toronto",
    ]
    tr, text = cells(root, "agree-scope")  # done, three days late
    assert "op-past" in classes(tr)
    assert text[1] == "done"
    assert text[5] == "+3 3 working days later than the baseline"
    assert text[7] == "—"  # no slack once done


def test_table_marks_missed_deadlines_and_links_roles_when_asked() -> None:
    root = parse(schedule_table(late(), role_href=lambda r: f"roles/{r}/"))
    _, text = cells(root, "build")
    assert text[4] == "18 Jun 2027deadline 11 Jun 2027, missed by 5 days"
    assert text[6] == "−5"
    assert text[8] == "—"  # no RACI in this plan
    sample_root = parse(schedule_table(sample(), role_href=lambda r: f"roles/{r}/"))
    link = sample_root.find(".//tr[@id='task-go-live']/td/a")
    assert link is not None
    assert (link.get("href"), link.text) == ("roles/provider-lead/", "Provider Team Lead")


def test_without_a_baseline_the_table_has_no_variance_column() -> None:
    root = parse(schedule_table(late(), date(2027, 6, 1)))
    headers = [th.text for th in root.findall(".//thead/tr/th")]
    assert "Variance" not in headers
    assert "Status" in headers
    assert all(len(tr) == len(headers) for tr in root.findall(".//tbody/tr"))
    note = root.find("./p[@class='op-table-note']")
    assert note is not None
    assert "".join(note.itertext()) == "Status as of Tuesday 1 June 2027."
