"""The generated plan pages and exports of a real build, read as a user's tools would."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import icalendar
import pytest

from macros.plan.loader import load_plan
from tests.conftest import FIXTURES, ROOT, Build, run_build

PLAN_PAGES = [
    "index.html",
    "plan/index.html",
    "plan/timeline/index.html",
    "plan/holidays/index.html",
    "plan/shared-hours/index.html",
    "plan/raci/index.html",
    "plan/roles/index.html",
    "plan/contacts/index.html",
]


def test_dashboard(sample_site: Build) -> None:
    html = sample_site.html("index.html")
    assert 'Status as of <strong><time datetime="2026-12-02">Wednesday 2 December 2026' in html
    assert "Monday 19 April 2027" in html
    # From 2 December 2026 (the fixed status date) to Go-Live on 19 April 2027, counted day
    # by day in tests/test_pages.py: the days both sites work after the status date.
    assert "<strong>89</strong> working days to go (138 calendar days)" in html
    assert "<strong>3 working days later</strong> than agreed on 2026-10-23" in html
    assert "Training and knowledge transfer" in html
    assert "Training curriculum ready" in html
    assert "Maya Thornton" in html
    for target in ("schedule.csv", "plan.ics", "schedule.json"):
        assert f'href="{target}"' in html or f'href="./{target}"' in html
    for page in ("plan/timeline/", "plan/holidays/", "plan/raci/", "plan/contacts/"):
        assert f'href="{page}"' in html


def test_timeline_has_the_chart_and_every_task(sample_site: Build) -> None:
    html = sample_site.html("plan/timeline/index.html")
    plan, _ = load_plan(ROOT / "plan")
    assert "<svg" in html
    assert 'role="img"' in html
    for task in plan.tasks:
        assert f'id="task-{task.id}"' in html


def test_role_pages_exist_for_every_role(sample_site: Build) -> None:
    plan, _ = load_plan(ROOT / "plan")
    index = sample_site.html("plan/roles/index.html")
    for role in plan.roles:
        page = sample_site.html(f"plan/roles/{role.id}/index.html")
        assert f'href="{role.id}/"' in index
        assert "<h1" in page
        assert role.title in page
    support = sample_site.html("plan/roles/support-lead/index.html")
    assert "Design the training curriculum" in support
    assert 'edit/main/docs/../plan/project.yaml"' in support  # browsers resolve the ..


def test_contacts_show_escalation_in_every_sites_time(sample_site: Build) -> None:
    html = sample_site.html("plan/contacts/index.html")
    assert html.index("Key contact: Maya Thornton") < html.index("Escalation path")
    # Krakow's team lead answers 08:00-16:00 Krakow time, which on 2 December (the status
    # date, both in winter time, six hours apart) is 02:00-10:00 in Toronto.
    assert "Northwind Desk headquarters, Toronto: 02:00-10:00" in html
    assert "around the clock" in html


def test_holidays_and_shared_hours(sample_site: Build) -> None:
    holidays = sample_site.html("plan/holidays/index.html")
    assert "Family Day" in holidays
    assert "Poniedziałek Wielkanocny" in holidays
    shared = sample_site.html("plan/shared-hours/index.html")
    assert "14–27 March 2027: 2 h shared instead of 1 h" in shared


def test_csv_export_opens_in_a_spreadsheet_reader(sample_site: Build) -> None:
    raw = (sample_site.site / "schedule.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    document = json.loads((sample_site.site / "schedule.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == [t["id"] for t in document["tasks"]]
    go_live = next(r for r in rows if r["id"] == "go-live")
    assert (go_live["start"], go_live["end"], go_live["milestone"]) == (
        "2027-04-19",
        "2027-04-19",
        "true",
    )


def test_ics_export_is_valid_icalendar_with_stable_uids(sample_site: Build, tmp_path: Path) -> None:
    calendar = icalendar.Calendar.from_ical((sample_site.site / "plan.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    plan, _ = load_plan(ROOT / "plan")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    assert sum(1 for u in uids if u.startswith("task-")) == len(plan.tasks)
    live = next(e for e in events if str(e["UID"]).startswith("task-go-live@"))
    assert live.decoded("DTSTART").isoformat() == "2027-04-19"
    # A later build on another day keeps every UID: subscribed calendars update in place.
    # As of a later status date unfinished work slides and the plan may reach further, with
    # more holidays in its window; every event of the earlier feed is still there.
    again = run_build(ROOT / "mkdocs.yml", tmp_path / "site", today="2027-04-02")
    assert again.returncode == 0, again.output
    later = {
        str(e["UID"])
        for e in icalendar.Calendar.from_ical((again.site / "plan.ics").read_bytes()).walk("VEVENT")
    }
    assert set(uids) <= later
    assert {u for u in later if u.startswith("task-")} == {u for u in uids if u.startswith("task-")}


@pytest.fixture(scope="module")
def three_site_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real docs with a three-site plan whose values contain markup."""
    root = tmp_path_factory.mktemp("three")
    plan = root / "plan"
    shutil.copytree(FIXTURES / "three-sites", plan)
    return run_build(ROOT / "mkdocs.yml", root / "site", plan_dir=plan)


def test_a_three_site_plan_builds_cleanly(three_site_build: Build) -> None:
    assert three_site_build.returncode == 0, three_site_build.output
    assert "WARNING" not in three_site_build.output
    for page in PLAN_PAGES:
        assert (three_site_build.site / page).exists(), page
    shared = three_site_build.html("plan/shared-hours/index.html")
    assert "Riyadh" in shared
    assert "Manila" in shared
    holidays = three_site_build.html("plan/holidays/index.html")
    assert "Friday and Saturday" in holidays


def test_plan_values_are_escaped_everywhere(three_site_build: Build) -> None:
    # The fixture has a person "Jo <Example>" and a task "Train the <em>hub</em>".
    for page in [*PLAN_PAGES, "plan/roles/key-contact/index.html"]:
        html = three_site_build.html(page)
        assert "<Example>" not in html, page
        assert "<em>hub</em>" not in html, page
    assert "Jo &lt;Example&gt;" in three_site_build.html("plan/contacts/index.html")
    assert "Train the &lt;em&gt;hub&lt;/em&gt;" in three_site_build.html("plan/timeline/index.html")
    ics = (three_site_build.site / "plan.ics").read_text(encoding="utf-8")
    assert re.search(r"SUMMARY:Train the <em>hub</em>", ics)  # text, as calendars expect
