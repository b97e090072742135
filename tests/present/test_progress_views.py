"""Progress on the site: the dashboard, the Gantt chart, the schedule table and role pages
of a plan under way, with work done, in progress, behind and new since the baseline.

The scenario plan runs at Toronto and Krakow from Monday 7 June 2027 (no holiday at either
site in June) and is seen as of Wednesday 23 June 2027. Expected figures are worked out
here from the plan and the sites' calendars, day by day, not read back from the schedule.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from macros.plan.loader import load_plan
from macros.plan.model import BaselineFile, BaselineTask, Plan, Raci, Role, Task
from macros.plan.problems import Loc, Problem, Severity
from macros.plan.wording import longdate
from macros.present import gantt, pages
from macros.present.render import render
from macros.schedule.result import PlanResult, compute
from tests.conftest import ROOT, SAMPLE_PLAN, TODAY, Build, run_build
from tests.helpers import plan, site, task
from tests.plan.plan_views import every_view

SVG = "{http://www.w3.org/2000/svg}"
DAY = timedelta(days=1)
STATUS = date(2027, 6, 23)  # a Wednesday
SAVED = date(2027, 6, 4)  # the baseline: agreed on the Friday before the start
HOSTILE = "<img src=x onerror=alert(1)>"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


# -- the scenario -----------------------------------------------------------------------------
def scenario_plan(title_prefix: str = "") -> Plan:
    """Done, in progress (with and without `remaining`), behind, new and a baseline."""
    d = date

    def named(t: Task, title: str) -> Task:
        raci = Raci(responsible=("lead",), accountable="lead")
        return dataclasses.replace(t, title=title_prefix + title, raci=raci)

    tasks = [
        named(task("kickoff", None, finished=d(2027, 6, 7)), "Kickoff"),
        # Three days of work done in two: a day early.
        named(task("prep", 3, "kickoff", started=d(2027, 6, 7), finished=d(2027, 6, 8)), "Prep"),
        # Five days of work in six: a day late.
        named(
            task("design", 5, "kickoff", started=d(2027, 6, 7), finished=d(2027, 6, 14)),
            "Design",
        ),
        # Planned to end on 10 June; two days left as of the status date: behind.
        named(task("docs", 3, "kickoff", started=d(2027, 6, 8), remaining=2), "Docs"),
        # Ten days from 15 June, counted from `started`: on time.
        named(task("build", 10, "design", started=d(2027, 6, 15)), "Build"),
        # Could have started on 15 June, after design: behind.
        named(task("review", 2, "design"), "Review"),
        named(task("launch", None, "build", "docs", "review", deadline=d(2027, 7, 2)), "Launch"),
        named(task("extra", 2, "launch"), "Extra checks"),  # not in the baseline: new
    ]
    agreed = {
        "kickoff": (d(2027, 6, 7), d(2027, 6, 7)),
        "prep": (d(2027, 6, 7), d(2027, 6, 9)),
        "design": (d(2027, 6, 7), d(2027, 6, 11)),
        "docs": (d(2027, 6, 7), d(2027, 6, 9)),
        "build": (d(2027, 6, 11), d(2027, 6, 24)),
        "review": (d(2027, 6, 14), d(2027, 6, 15)),
        "launch": (d(2027, 6, 25), d(2027, 6, 25)),
    }
    baseline = BaselineFile(
        saved=SAVED,
        tasks={i: BaselineTask(id=i, start=a, end=b) for i, (a, b) in agreed.items()},
    )
    base = plan(d(2027, 6, 7), [site("toronto"), site("krakow")], tasks)
    return dataclasses.replace(
        base,
        project=dataclasses.replace(base.project, go_live="launch"),
        roles=(Role(id="lead", title="Lead", site="toronto"),),
        baseline=baseline,
    )


@cache
def scenario(title_prefix: str = "") -> PlanResult:
    return compute(scenario_plan(title_prefix), status_date=STATUS)


def working(result: PlanResult, sites: tuple[str, ...], first: date, last: date) -> int:
    """The days from `first` to `last` when every one of `sites` works, one by one."""
    count, day = 0, first
    while day <= last:
        count += all(result.calendars.site[s].is_working(day) for s in sites)
        day += DAY
    return count


def expected_completion(result: PlanResult, today: date) -> tuple[int, int]:
    """Working days done and planned, from the plan's own fields (PLAN_FORMAT.md)."""
    done = planned = 0
    for t in result.plan.tasks:
        planned += t.days
        if t.finished is not None:
            done += t.days
        elif t.started is not None:
            sites = result.plan.task_sites(t)
            left = t.remaining
            if left is None:
                left = max(1, t.days - working(result, sites, t.started, today - DAY))
            done += max(0, t.days - left)
    return done, planned


# -- reading HTML -----------------------------------------------------------------------------
class _Tree(HTMLParser):
    """HTML as an ElementTree (void elements closed, a line break read as a space), to find
    elements by path."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = ET.TreeBuilder()
        self.builder.start("root", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.builder.start(tag, {k: v or "" for k, v in attrs})
        if tag in VOID:
            self.builder.end(tag)
            if tag == "br":
                self.builder.data(" ")  # a line break parts words, as when read aloud

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.builder.end(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.builder.end(tag)

    def handle_data(self, data: str) -> None:
        self.builder.data(data)


def html_tree(html: str) -> ET.Element:
    parser = _Tree()
    parser.feed(html)
    parser.close()
    parser.builder.end("root")
    return parser.builder.close()


def text(element: ET.Element | None) -> str:
    assert element is not None
    return " ".join("".join(element.itertext()).split())


def find(root: ET.Element, path: str) -> ET.Element:
    found = root.find(path)
    assert found is not None, path
    return found


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in classes(e)]


def href(src: str, anchor: str = "") -> str:
    return f"{src}#{anchor}" if anchor else src


def dashboard_html(result: PlanResult, today: date = STATUS) -> str:
    return str(
        render(
            "dashboard.html",
            d=pages.dashboard(result, today),
            href_file=href,
            readiness=Markup(""),
            plan=result.plan,
            schedule=result.schedule,
            href=href,
            today=today,
            aside=Markup,
        )
    )


# -- the dashboard ----------------------------------------------------------------------------
def test_the_dashboard_says_as_of_the_status_date_and_the_baseline() -> None:
    root = html_tree(dashboard_html(scenario()))
    asof = find(root, ".//p[@class='op-asof']")
    assert text(asof) == (
        "Status as of Wednesday 23 June 2027 · compared with the baseline agreed on 2027-06-04"
    )
    assert find(asof, ".//time").get("datetime") == "2027-06-23"


def test_percent_complete_counts_working_days_done_of_those_planned() -> None:
    result = scenario()
    done, planned = expected_completion(result, STATUS)
    # prep 3 + design 5 + docs 1 (3, 2 left) + build 6 (10 from 15 June: 6 days to 22 June)
    assert (done, planned) == (15, 25)
    percent = 100 * done // planned
    completion = pages.dashboard(result, STATUS).completion
    assert (completion.done, completion.planned, completion.percent) == (done, planned, percent)
    root = html_tree(dashboard_html(result))
    card = find(root, ".//section[@aria-labelledby='op-complete']")
    assert text(find(card, "./p[@class='op-big']")) == f"{percent}%"
    bar = find(card, ".//span[@role='progressbar']")
    assert bar.get("aria-valuenow") == str(percent)
    assert find(bar, "./span").get("style") == f"width: {percent}%"
    assert f"{done} of {planned} planned working days done, 2 tasks in progress." in text(card)
    assert "Since the baseline: 1 task added." in text(card)


def test_completion_edges() -> None:
    assert pages.Completion(0, 0, all_done=False).percent == 0
    assert pages.Completion(0, 0, all_done=True).percent == 100
    assert pages.Completion(199, 200, all_done=False).percent == 99  # 100 only when done


def test_go_live_variance_is_a_sentence() -> None:
    result = scenario()
    # Launch now follows build, which ends on Monday 28 June: Tuesday 29 June; agreed on
    # Friday 25 June. The working days after the 25th up to the 29th: 28 and 29 June.
    live = result.schedule["launch"]
    assert live.start == date(2027, 6, 29)
    assert working(result, live.sites, date(2027, 6, 26), live.start) == 2
    d = pages.dashboard(result, STATUS)
    assert d.variance is not None
    assert d.variance.sentence == "2 working days later than agreed on 2027-06-04"
    card = find(html_tree(dashboard_html(result)), ".//section[@aria-labelledby='op-golive']")
    line = find(card, ".//p[@class='op-variance op-variance--later']")
    assert text(line) == "2 working days later than agreed on 2027-06-04 (was 25 Jun 2027)."
    assert text(find(line, "strong")) == "2 working days later"
    assert pages.Variance(-1, SAVED, SAVED).sentence == (
        "1 working day earlier than agreed on 2027-06-04"
    )
    assert pages.Variance(0, SAVED, SAVED).sentence == "as agreed on 2027-06-04"


def test_tasks_behind_are_listed_latest_first_with_how_late() -> None:
    result = scenario()
    root = html_tree(dashboard_html(result))
    section = find(root, ".//section[@aria-labelledby='behind']")
    items = section.findall(".//li")
    # docs: planned to end 10 June, now 24 June (two days from the status date): the days
    # from 11 to 24 June that both sites work. review: could start on 15 June; the days
    # from then to the day before the status date.
    docs = working(result, ("toronto", "krakow"), date(2027, 6, 11), date(2027, 6, 24))
    review = working(result, ("toronto", "krakow"), date(2027, 6, 15), STATUS - DAY)
    assert (docs, review) == (10, 6)
    assert [text(li) for li in items] == [
        f"Docs {docs} working days late should have ended 10 Jun 2027; "
        "now forecast to end 24 Jun 2027",
        f"Review {review} working days late could have started 15 Jun 2027; "
        "not started, now starts 23 Jun 2027",
    ]
    assert [find(li, "a").get("href") for li in items] == [
        "plan/timeline.md#task-docs",
        "plan/timeline.md#task-review",
    ]
    assert all(by_class(li, "op-badge--behind") for li in items)


def test_tasks_in_progress_with_their_forecast_ends() -> None:
    root = html_tree(dashboard_html(scenario()))
    section = find(root, ".//section[@aria-labelledby='in-progress']")
    assert [text(li) for li in section.findall(".//li")] == [
        "Docs behind forecast end 24 Jun 2027 · 2 working days left",
        "Build forecast end 28 Jun 2027 · 4 working days left",
    ]
    assert [t.get("datetime") for t in section.iter("time")] == ["2027-06-24", "2027-06-28"]


def test_milestones_done_with_their_actual_dates_and_next_ones() -> None:
    root = html_tree(dashboard_html(scenario()))
    done = find(root, ".//section[@aria-labelledby='milestones-done']")
    assert [text(li) for li in done.findall(".//li")] == ["7 Jun 2027 · Kickoff"]
    upcoming = find(root, ".//section[@aria-labelledby='op-next']")
    assert [text(li) for li in upcoming.findall(".//li")] == ["29 Jun 2027 · Launch"]


def deadline_plan() -> Plan:
    """Work with its days left recorded, and a deadline its milestone meets until time
    passes without anyone recording progress."""
    return plan(
        date(2027, 6, 7),
        [site("toronto"), site("krakow")],
        [
            task("a", 5, started=date(2027, 6, 7), remaining=3),
            task("b", None, "a", deadline=date(2027, 6, 16)),
        ],
    )


def test_a_deadline_missed_because_time_passed_is_loud_and_says_what_to_do() -> None:
    p = deadline_plan()
    assert compute(p, status_date=date(2027, 6, 9)).schedule.missed == ()
    result = compute(p, status_date=date(2027, 6, 16), plan_date=date(2027, 6, 9))
    ((miss, _),) = pages.dashboard(result, date(2027, 6, 16)).missed
    assert miss.by_time
    root = html_tree(dashboard_html(result, date(2027, 6, 16)))
    boxes = [e for e in root.iter("div") if "op-missed" in classes(e)]
    assert [sorted(classes(box)) for box in boxes] == [
        ["admonition", "danger", "op-missed", "op-missed--time"]
    ]
    said = text(boxes[0])
    assert said.startswith("1 deadline missed as time passed")
    assert "only because time has passed" in said
    assert "B: due 2027-06-16, scheduled 2027-06-21, 3 working days late. Pushed by: A → B." in said
    assert "What to do: record the progress made (started, finished or remaining" in said
    assert "agree a new date" in said


def test_a_deadline_the_plan_misses_is_not_put_on_time() -> None:
    result = compute(deadline_plan(), status_date=date(2027, 6, 16))
    root = html_tree(dashboard_html(result, date(2027, 6, 16)))
    (box,) = [e for e in root.iter("div") if "op-missed" in classes(e)]
    assert "op-missed--time" not in classes(box)
    assert text(box).startswith("1 deadline cannot be met")
    assert "Shorten or overlap those tasks" in text(box)


def test_a_deadline_held_back_by_the_status_date_names_it_in_the_chain() -> None:
    p = plan(
        date(2027, 6, 7),
        [site("toronto"), site("krakow")],
        [task("a", 5), task("b", None, "a", deadline=date(2027, 6, 16))],
    )
    result = compute(p, status_date=date(2027, 6, 14))  # nothing recorded: a starts on S
    ((miss, _),) = pages.dashboard(result, date(2027, 6, 14)).missed
    assert miss.held
    box = by_class(html_tree(dashboard_html(result, date(2027, 6, 14))), "op-missed")[0]
    assert "Pushed by: the status date 2027-06-14 → A → B." in text(box)


def test_notices_are_listed_briefly_with_their_keys_as_code() -> None:
    notice = Problem(
        Loc(Path("plan/project.yaml"), 40, 5),
        "task 'docs' started on 2027-06-08 while 'kickoff', which it waits for, had not "
        "finished (out of sequence): record `finished:` on 'kickoff', or drop it from `after`",
        Severity.NOTICE,
    )
    result = compute(scenario_plan(), [notice], STATUS)
    root = html_tree(dashboard_html(result))
    box = by_class(root, "op-notices")[0]
    assert text(find(box, "./p")) == "1 notice: work recorded out of sequence"
    (item,) = box.findall(".//li")
    assert [c.text for c in item.iter("code")] == ["finished:", "after"]
    assert text(item).startswith("task 'docs' started on 2027-06-08")
    assert pages.with_code("a `b` <c> `d") == Markup("a `b` &lt;c&gt; `d")  # odd: as it is
    assert "op-notices" not in dashboard_html(scenario())


# -- the Gantt chart --------------------------------------------------------------------------
def chart(result: PlanResult) -> ET.Element:
    root = ET.fromstring(f"<root>{gantt.gantt_svg(result, STATUS)}</root>")
    return find(root, f".//{SVG}svg")


def task_row(svg: ET.Element, task_id: str) -> ET.Element:
    return find(svg, f".//{SVG}g[@id='gantt-task-{task_id}']")


def rect(g: ET.Element, name: str) -> tuple[float, float]:
    found = [r for r in g.findall(f"{SVG}rect") if name in classes(r)]
    assert len(found) == 1, name
    return float(found[0].get("x", "")), float(found[0].get("width", ""))


def test_the_chart_fills_work_done_and_in_progress_up_to_the_status_date() -> None:
    result = scenario()
    scale = gantt.chart_scale(result)
    svg = chart(result)
    for done in ("prep", "design"):
        g = task_row(svg, done)
        assert {"done"} <= classes(g)
        assert rect(g, "op-gantt-progress") == rect(g, "op-gantt-bar")  # all of it
        assert by_class(g, "op-gantt-mark")[0].get("class") == "op-gantt-mark done"
    g = task_row(svg, "build")
    assert {"in-progress"} <= classes(g)
    assert "behind" not in classes(g)
    x, width = rect(g, "op-gantt-progress")
    assert x == scale.x(date(2027, 6, 15))
    assert x + width == scale.x(STATUS)  # done up to the status date, the rest forecast
    bar_x, bar_width = rect(g, "op-gantt-bar")
    assert (bar_x, bar_x + bar_width) == (x, scale.x(date(2027, 6, 29)))
    for not_started in ("review", "extra"):
        g = task_row(svg, not_started)
        assert {"not-started"} <= classes(g)
        assert not by_class(g, "op-gantt-progress")


def test_the_chart_marks_tasks_behind_and_new() -> None:
    svg = chart(scenario())
    for late in ("docs", "review"):
        g = task_row(svg, late)
        assert "behind" in classes(g)
        assert [sorted(classes(m)) for m in by_class(g, "op-gantt-mark")] == [
            ["behind", "op-gantt-mark"]
        ]
    new = task_row(svg, "extra")
    assert "new" in classes(new)
    assert [t.text for t in by_class(new, "op-gantt-new")] == ["new"]
    assert "new since the baseline" in (new.findtext(f"{SVG}title") or "")
    assert not by_class(new, "op-gantt-baseline")
    assert not by_class(task_row(svg, "build"), "op-gantt-new")


def test_each_task_has_its_baseline_just_below_its_bar() -> None:
    result = scenario()
    scale = gantt.chart_scale(result)
    svg = chart(result)
    g = task_row(svg, "build")
    (agreed,) = [r for r in g.findall(f"{SVG}rect") if "op-gantt-baseline" in classes(r)]
    assert (float(agreed.get("x", "")), float(agreed.get("width", ""))) == scale.span(
        date(2027, 6, 11), date(2027, 6, 24)
    )
    (bar,) = [r for r in g.findall(f"{SVG}rect") if "op-gantt-bar" in classes(r)]
    bar_bottom = float(bar.get("y", "")) + float(bar.get("height", ""))
    assert bar_bottom < float(agreed.get("y", "")) < bar_bottom + 4  # just below, thin
    assert float(agreed.get("height", "")) < float(bar.get("height", "")) / 2
    title = g.findtext(f"{SVG}title") or ""
    assert "baseline Friday 11 June 2027 to Thursday 24 June 2027, 2 working days later" in title
    launch = task_row(svg, "launch")
    (mark,) = [p for p in launch.findall(f"{SVG}path") if "op-gantt-baseline" in classes(p)]
    assert mark.get("d", "").startswith(f"M{gantt.num(scale.center(date(2027, 6, 25)))} ")


def test_milestones_done_are_at_their_actual_date() -> None:
    result = scenario()
    scale = gantt.chart_scale(result)
    g = task_row(chart(result), "kickoff")
    assert "done" in classes(g)
    (diamond,) = [p for p in g.findall(f"{SVG}path") if "op-gantt-diamond" in classes(p)]
    assert diamond.get("d", "").startswith(f"M{gantt.num(scale.center(date(2027, 6, 7)))} ")
    assert "milestone, happened on Monday 7 June 2027" in (g.findtext(f"{SVG}title") or "")


def test_the_status_date_line_the_legend_and_the_text_alternative() -> None:
    result = scenario()
    scale = gantt.chart_scale(result)
    markup = gantt.gantt_svg(result, STATUS)
    svg = chart(result)
    (line,) = by_class(svg, "op-gantt-statusdate")
    assert float(line.get("x1", "")) == scale.x(STATUS)
    assert [t.text for t in by_class(svg, "op-gantt-statusdate-label")] == ["as of 23 Jun 2027"]
    legend = [(find(li, "svg").tail or "").strip() for li in html_tree(str(markup)).iter("li")]
    for item in (
        "Done (actual dates)",
        "In progress: done up to the status date, then forecast",
        "Behind schedule",
        "Baseline, agreed on 4 Jun 2027",
        "New since the baseline",
        "Status date (23 Jun 2027)",
    ):
        assert item in legend
    desc = svg.findtext(f"{SVG}desc") or ""
    assert (
        "As of Wednesday 23 June 2027: 3 done, 2 in progress, 3 not started; "
        "2 tasks are behind schedule."
    ) in desc
    assert (
        "Go-Live: Tuesday 29 June 2027 (2 working days later than agreed on Friday 4 June 2027)."
    ) in desc
    assert "1 task is new since then." in desc


def test_without_progress_or_baseline_the_chart_adds_nothing() -> None:
    result = compute(
        plan(date(2027, 6, 7), [site("toronto")], [task("a", 3), task("b", None, "a")]),
        status_date=date(2027, 6, 1),
    )
    svg = chart(result)
    for name in ("op-gantt-progress", "op-gantt-baseline", "op-gantt-new", "op-gantt-mark"):
        assert not by_class(svg, name), name
    desc = svg.findtext(f"{SVG}desc") or ""
    assert "As of" not in desc
    assert "baseline" not in desc


# -- the schedule table and the role pages ----------------------------------------------------
def table() -> ET.Element:
    return html_tree(str(gantt.schedule_table(scenario(), STATUS)))


def row_cells(root: ET.Element, task_id: str) -> tuple[ET.Element, dict[str, ET.Element]]:
    headers = [text(th) for th in root.findall(".//thead/tr/th")]
    tr = find(root, f".//tr[@id='task-{task_id}']")
    return tr, dict(zip(headers, list(tr), strict=True))


def test_the_table_shows_status_and_variance_in_words() -> None:
    root = table()
    assert [text(th) for th in root.findall(".//thead/tr/th")] == [
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
    note = find(root, "./p[@class='op-table-note']")
    assert text(note) == (
        "Status as of Wednesday 23 June 2027. Variance: working days later (+) or earlier (−) "
        "than the baseline agreed on 2027-06-04."
    )
    expected = {
        "kickoff": ("done 7 Jun 2027", "0", "op-on-time", "as agreed"),
        "prep": ("done", "−1", "op-earlier", "1 working day earlier than the baseline"),
        "design": ("done", "+1", "op-later", "1 working day later than the baseline"),
        "docs": ("in progress 2 days left behind", "+11", "op-later", None),
        "build": ("in progress 4 days left", "+2", "op-later", None),
        "review": (
            "not started behind",
            "+7",
            "op-later",
            "7 working days later than the baseline",
        ),
        "launch": ("not started", "+2", "op-later", "2 working days later than the baseline"),
    }
    for task_id, (status, shown, cls, words) in expected.items():
        _, cells = row_cells(root, task_id)
        assert text(cells["Status"]) == status, task_id
        (value,) = by_class(cells["Variance"], "op-variance-value")
        assert (value.text, classes(value) - {"op-variance-value"}) == (shown, {cls}), task_id
        assert value.get("aria-hidden") == "true"  # read out in words instead:
        (spoken,) = by_class(cells["Variance"], "op-sr")
        if words:
            assert text(spoken) == words, task_id
    tr, cells = row_cells(root, "extra")
    assert "op-new" in classes(tr)
    assert text(cells["Variance"]) == "new since the baseline"
    assert by_class(cells["Variance"], "op-badge--new")
    for late in ("docs", "review"):
        tr, cells = row_cells(root, late)
        assert "op-behind" in classes(tr)
        assert by_class(cells["Status"], "op-badge--behind")
    _, cells = row_cells(root, "kickoff")
    assert find(cells["Status"], ".//time").get("datetime") == "2027-06-07"
    assert by_class(cells["Status"], "op-status--done")


def test_role_pages_show_status_and_variance() -> None:
    result = scenario()
    cells = pages.role_task_cells(result, "../../timeline/")
    duties = pages.duties_by_role(result)["lead"]
    rows = pages.role_task_rows(duties, cells, STATUS, str)
    html = render(
        "role.html",
        role=result.plan.roles[0],
        site=result.plan.sites["toronto"],
        duties=duties,
        task_rows=rows,
        items=[],
        levels=[],
        names=str,
        plan=result.plan,
        schedule=result.schedule,
        href=href,
        today=STATUS,
        aside=Markup,
    )
    root = html_tree(str(html))
    headers = [text(th) for th in root.findall(".//thead/tr/th")]
    assert headers == ["Role", "Task", "Start", "End", "Working days", "Status", "Variance"]
    by_task = {
        text(find(tr[1], "a")): dict(zip(headers, [text(td) for td in tr], strict=True))
        for tr in root.findall(".//tbody/tr")
    }
    assert by_task["Docs"]["Status"] == "in progress 2 days left behind"
    assert by_task["Prep"]["Variance"] == "−1 1 working day earlier than the baseline"
    assert by_task["Extra checks"]["Variance"] == "new since the baseline"
    assert by_task["Kickoff"]["Status"] == "done 7 Jun 2027"
    assert "Status as of Wednesday 23 June 2027" in text(root)


def test_without_a_baseline_role_pages_have_no_variance() -> None:
    result = compute(dataclasses.replace(scenario_plan(), baseline=None), status_date=STATUS)
    cells = pages.role_task_cells(result, "t")
    assert all("op-variance-value" not in c and "op-badge--new" not in c for c in cells.values())
    assert "op-status--in-progress" in cells["build"]


# -- escaping ---------------------------------------------------------------------------------
def test_a_hostile_title_stays_text_in_every_view() -> None:
    result = scenario(HOSTILE)
    assert all(t.title.startswith(HOSTILE) for t in result.plan.tasks)
    views = every_view(result, STATUS)[3:]  # the HTML: not the JSON, CSV and iCalendar files
    for html in [*views, dashboard_html(result)]:
        assert "<img" not in html
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    dashboard = dashboard_html(result)
    for name in ("behind", "in-progress", "milestones-done"):
        section = find(html_tree(dashboard), f".//section[@aria-labelledby='{name}']")
        assert HOSTILE in text(section), name  # shown as the text it is
    assert escaped in dashboard
    svg = str(gantt.gantt_svg(result, STATUS))
    assert escaped in svg
    assert svg.count(escaped) >= 2 * len(result.plan.tasks)  # each label and tooltip
    assert escaped in str(gantt.schedule_table(result, STATUS))
    assert escaped in pages.role_task_cells(result, "t")["extra"]


# -- a real build -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample under way (progress, a baseline), some titles hostile, one task new."""
    root = tmp_path_factory.mktemp("progress")
    directory = root / "plan"
    shutil.copytree(SAMPLE_PLAN, directory)
    project = directory / "project.yaml"
    source = project.read_text(encoding="utf-8")
    for title in (
        "Joint kickoff meeting",  # a milestone done
        "Recruit the tier-1 agents",  # in progress
        "Open firewall rules and set up the site-to-site VPN",  # in progress, behind
        "Write the end-to-end test plan with the provider team",  # not started, behind
    ):
        line = f"    title: {title}\n"
        assert line in source, title
        source = source.replace(line, f'    title: "{HOSTILE} {title}"\n')
    new_task = (
        "  - id: extra-review\n"
        f'    title: "{HOSTILE} extra review"\n'
        "    phase: soft-launch\n"
        "    duration: 2\n"
        "    after: [soft-launch-rules]\n"
    )
    head, sep, tail = source.partition("\nescalation:")
    assert sep
    project.write_text(head.rstrip("\n") + "\n" + new_task + sep + tail, encoding="utf-8")
    build = run_build(ROOT / "mkdocs.yml", root / "site", plan_dir=directory)
    assert build.returncode == 0, build.output
    return build


def test_the_built_dashboard_shows_progress_as_of_the_status_date(hostile_build: Build) -> None:
    status = date.fromisoformat(TODAY)
    loaded, warnings = load_plan(hostile_build.site.parent / "plan", status)
    result = compute(loaded, warnings, status)
    done, planned = expected_completion(result, status)
    percent = 100 * done // planned
    root = html_tree(hostile_build.html("index.html"))
    assert text(find(root, ".//p[@class='op-asof']")).startswith(f"Status as of {longdate(status)}")
    card = find(root, ".//section[@aria-labelledby='op-complete']")
    assert text(find(card, "./p[@class='op-big']")) == f"{percent}%"
    assert f"{done} of {planned} planned working days done" in text(card)
    assert "Since the baseline: 1 task added." in text(card)
    behind = find(root, ".//section[@aria-labelledby='behind']")
    late = [t.id for t in loaded.tasks if result.schedule[t.id].behind]
    assert late
    assert sorted(a.get("href", "").rsplit("#task-", 1)[-1] for a in behind.iter("a")) == sorted(
        late
    )
    variance = result.schedule[loaded.project.go_live or ""].variance
    assert variance is not None
    golive = find(root, ".//section[@aria-labelledby='op-golive']")
    words = gantt.variance_words(variance)
    assert f"{words[:1].upper()}{words[1:]}" in text(golive)


def test_the_built_timeline_draws_progress_and_the_baseline(hostile_build: Build) -> None:
    html = hostile_build.html("plan/timeline/index.html")
    root = html_tree(html)
    for name in (
        "op-gantt-progress",
        "op-gantt-baseline",
        "op-gantt-statusdate",
        "op-gantt-new",
        "op-status--done",
        "op-status--in-progress",
        "op-badge--behind",
        "op-variance-value",
        "op-badge--new",
    ):
        assert by_class(root, name), name
    row = find(root, ".//tr[@id='task-extra-review']")
    assert "op-new" in classes(row)


def test_hostile_titles_stay_text_on_every_page(hostile_build: Build) -> None:
    pages_seen = 0
    for page in sorted(hostile_build.site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<img[^>]*onerror", html), page
        pages_seen += 1
    assert pages_seen > 20
    for page in ("index.html", "plan/timeline/index.html", "plan/roles/it-lead-krakow/index.html"):
        assert "&lt;img src=x onerror=alert(1)&gt;" in hostile_build.html(page), page
