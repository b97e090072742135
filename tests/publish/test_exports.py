"""`schedule.csv` and `plan.ics`: read back with `csv` and `icalendar`, compared to the plan.

Dates below are those of the sample plan (project start Monday 2026-10-26) as the schedule
computes them as of the tests' status date, 2026-12-02; they match `schedule.json` and the
dates on the site. The sample has a baseline (saved 2026-10-23) that it now runs three
working days behind: the statement of work was signed on 2026-11-05 instead of 2026-11-02,
recruiting started then, and everything after it on the critical path moved with it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from icalendar import Calendar, Event

from macros.plan.loader import load_plan
from macros.publish.exports import (
    BASELINE_COLUMNS,
    CSV_COLUMNS,
    escape_text,
    fold_line,
    neutralise,
    plan_ics,
    project_slug,
    schedule_csv,
)
from macros.schedule.result import PlanResult, compute, document
from macros.schedule.workdays import Holiday
from tests.conftest import SAMPLE_PLAN
from tests.helpers import plan, site, task

STAMP = datetime(2027, 1, 4, 12, 30, 15, tzinfo=UTC)
DOMAIN = "northwind-desk-tier-1-support-outsourcing.outsourcing-playbook"


@pytest.fixture(scope="module")
def sample() -> PlanResult:
    loaded, _ = load_plan(SAMPLE_PLAN)
    return compute(loaded)


@pytest.fixture(scope="module")
def sample_ics(sample: PlanResult) -> str:
    return plan_ics(sample, STAMP)


def events(text: str) -> dict[str, Event]:
    """The feed's events by UID (asserting that no UID repeats)."""
    found = [e for e in Calendar.from_ical(text).walk("VEVENT") if isinstance(e, Event)]
    by_uid = {str(e["UID"]): e for e in found}
    assert len(by_uid) == len(found)
    return by_uid


def unfold(text: str) -> list[str]:
    """Content lines of a feed: CRLF + one space or tab joins a line to the previous one."""
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")


def titled(title: str, *, phase_title: str = "Phase") -> PlanResult:
    """A two-site plan whose only task has `title`."""
    made = plan(
        date(2027, 1, 11),
        [site("toronto"), site("krakow")],
        [replace(task("only", 3), title=title)],
    )
    return compute(replace(made, phases=(replace(made.phases[0], title=phase_title),)))


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# -- CSV -------------------------------------------------------------------------------------


def test_csv_header_and_one_row_a_task_in_plan_order(sample: PlanResult) -> None:
    text = schedule_csv(sample)
    assert sample.plan.baseline is not None  # so the baseline's columns follow
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS + BASELINE_COLUMNS)
    assert [row["id"] for row in read_csv(text)] == [t.id for t in sample.plan.tasks]


def test_csv_rows_end_with_crlf(sample: PlanResult) -> None:
    text = schedule_csv(sample)
    assert text.endswith("\r\n")
    assert text.count("\n") == text.count("\r\n") == len(sample.plan.tasks) + 1
    assert "\ufeff" not in text


def cell(value: Any) -> str:
    """How `schedule.json`'s value of a task field is written in the CSV."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return "" if value is None else str(value)


def test_csv_carries_the_task_fields_of_schedule_json(sample: PlanResult) -> None:
    tasks = document(sample)["tasks"]
    rows = read_csv(schedule_csv(sample))
    shared = [key for key in tasks[0] if key in CSV_COLUMNS + BASELINE_COLUMNS]
    assert set(tasks[0]) - set(shared) == {"driver"}  # the one field left to schedule.json
    assert len(rows) == len(tasks)
    for row, expected in zip(rows, tasks, strict=True):
        for key in shared:
            assert row[key] == cell(expected[key]), (expected["id"], key)


def test_csv_values_of_known_rows(sample: PlanResult) -> None:
    rows = {row["id"]: row for row in read_csv(schedule_csv(sample))}
    # Recruiting (30 Krakow working days) started 2026-11-05, so it ends 2026-12-17; the
    # agents' onboarding waits 40 more Krakow working days (past Christmas Eve, Christmas,
    # New Year and Epiphany) and runs 2027-02-18 to 02-24. Training follows on 15 days both
    # sites work: 25 February to 17 March, three later than the baseline's 22 Feb-12 Mar.
    assert rows["product-training"] == {
        "id": "product-training",
        "title": "Product training for the agents (live remote sessions and sandbox practice)",
        "phase": "training",
        "sites": "hq;krakow",
        "start": "2027-02-25",
        "end": "2027-03-17",
        "duration": "15",
        "milestone": "false",
        "slack": "0",
        "critical": "true",
        "latest_end": "2027-03-17",
        "deadline": "",
        "after": "prepare-materials;onboard-agents;create-accounts",
        "responsible": "trainers",
        "accountable": "support-lead",
        "status": "not started",
        "started": "",
        "finished": "",
        "remaining": "15",
        "behind": "false",
        "baseline_start": "2027-02-22",
        "baseline_end": "2027-03-12",
        "variance": "3",
        "new": "false",
    }
    progress = ("status", "start", "end", "remaining", "behind", "slack", "variance")
    # Finished three days late (the baseline ended it on Friday 2026-10-30).
    done = ["done", "2026-10-26", "2026-11-04", "0", "false", "", "3"]
    assert [rows["agree-scope"][key] for key in progress] == done
    # Started 2026-11-12 with 5 days to do, so planned to end 2026-11-18 (Krakow closed on
    # 11 November): behind as of 2026-12-02. Three days left from then: Dec 2, 3 and 4, 13
    # joint working days after the baseline's end (2026-11-17).
    behind = ["in progress", "2026-11-12", "2026-12-04", "3", "true"]
    assert [rows["firewall-vpn"][key] for key in progress[:5]] == behind
    assert rows["firewall-vpn"]["variance"] == "13"
    go_live = rows["go-live"]
    assert (go_live["milestone"], go_live["duration"], go_live["deadline"]) == (
        "true",
        "0",
        "2027-04-19",
    )


def test_csv_raci_columns_hold_role_ids(sample: PlanResult) -> None:
    rows = {row["id"]: row for row in read_csv(schedule_csv(sample))}
    for t in sample.plan.tasks:
        assert t.raci is not None
        assert rows[t.id]["responsible"] == ";".join(t.raci.responsible)
        assert rows[t.id]["accountable"] == (t.raci.accountable or "")
    assert rows["kickoff"]["responsible"] == "key-contact"
    assert rows["build-glossary"]["accountable"] == "key-contact"


@pytest.mark.parametrize(
    "title",
    ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "＝1"],
)
def test_csv_neutralises_formulas(title: str) -> None:
    text = schedule_csv(titled(title))
    (row,) = read_csv(text)
    assert row["title"] == "'" + title
    assert neutralise(title) == "'" + title


def test_csv_leaves_ordinary_text_and_negative_numbers_alone() -> None:
    assert neutralise("Go-Live = done") == "Go-Live = done"
    assert neutralise("'quoted") == "'quoted"
    made = plan(
        date(2027, 1, 11),
        [site("toronto"), site("krakow")],
        [task("late", 10, deadline=date(2027, 1, 13))],
    )
    (row,) = read_csv(schedule_csv(compute(made)))
    assert int(row["slack"]) < 0  # written as a number, not neutralised into text


def test_csv_title_with_quote_comma_and_line_break_round_trips() -> None:
    title = 'Sign the "final" SOW, then\nbrief both teams'
    text = schedule_csv(titled(title))
    assert '"Sign the ""final"" SOW, then\nbrief both teams"' in text
    (row,) = read_csv(text)
    assert row["title"] == title


# -- iCalendar: the feed ---------------------------------------------------------------------


def test_ics_calendar_properties(sample_ics: str) -> None:
    calendar = Calendar.from_ical(sample_ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Outsourcing Playbook//Plan//EN"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Northwind Desk tier-1 support outsourcing"
    assert "Northwind Desk" in str(calendar["X-WR-CALDESC"])


def test_ics_has_an_event_per_task_and_per_holiday(sample: PlanResult, sample_ics: str) -> None:
    found = events(sample_ics)
    # From 2026-10-26 to 2027-05-12: in Ontario Christmas, Boxing Day (a Saturday) and the
    # Monday it is observed on, New Year's Day, Family Day and Good Friday; in Poland All
    # Saints' Day (a Sunday), Independence Day, Christmas Eve, both days of Christmas, New
    # Year's Day, Epiphany, Easter Sunday and Monday, 1 May (a Saturday) and 3 May.
    assert len(sample.holidays) == 6 + 11
    assert len(found) == len(sample.plan.tasks) + len(sample.holidays)
    assert {uid for uid in found if uid.startswith("task-")} == {
        f"task-{t.id}@{DOMAIN}" for t in sample.plan.tasks
    }


def test_ics_task_is_all_day_with_exclusive_end(sample_ics: str) -> None:
    event = events(sample_ics)[f"task-product-training@{DOMAIN}"]
    assert event.start == date(2027, 2, 25)
    assert event.end == date(2027, 3, 18)  # the task ends on Wednesday 2027-03-17
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert str(event["SUMMARY"]) == (
        "Product training for the agents (live remote sessions and sandbox practice)"
    )
    assert event.categories == ["Training and knowledge transfer"]
    assert str(event["DESCRIPTION"]).splitlines() == [
        "Phase: Training and knowledge transfer",
        "Sites: Northwind Desk headquarters, Toronto; Provider support centre, Krakow",
        "Duration: 15 working days",
        "Status: not started",
        "Slack: 0 working days",
        "Critical: yes",
        "Against the baseline: 3 working days later",
        "Responsible: Product Trainers (Leah Fischer)",
        "Accountable: Customer Support Lead (Priya Raman)",
    ]


def test_ics_milestone_is_one_day(sample_ics: str) -> None:
    event = events(sample_ics)[f"task-go-live@{DOMAIN}"]
    # Three working days later than the baseline's Wednesday 14 April: on the deadline.
    assert event.start == date(2027, 4, 19)
    assert event.end == date(2027, 4, 20)
    assert str(event["SUMMARY"]) == "Milestone: Go-Live"
    assert event.categories == ["Go-Live", "Milestone"]
    assert "Deadline: 2027-04-19" in str(event["DESCRIPTION"])


def test_ics_every_event_matches_the_schedule(sample: PlanResult, sample_ics: str) -> None:
    found = events(sample_ics)
    for st in sample.schedule.tasks.values():
        event = found[f"task-{st.id}@{DOMAIN}"]
        assert event.start == st.start
        assert event.end == st.end + timedelta(days=1)
        assert str(event["SUMMARY"]).startswith("Milestone: ") == st.milestone


def test_ics_holidays_of_both_sites(sample_ics: str) -> None:
    found = events(sample_ics)
    family_day = found[f"holiday-hq-2027-02-15-1@{DOMAIN}"]
    assert family_day.start == date(2027, 2, 15)
    assert family_day.end == date(2027, 2, 16)
    assert str(family_day["SUMMARY"]) == "Northwind Desk headquarters, Toronto: Family Day"
    assert str(family_day["TRANSP"]) == "TRANSPARENT"
    assert family_day.categories == ["Holiday"]
    assert "Local name" not in str(family_day["DESCRIPTION"])  # the same as the English one

    easter_monday = found[f"holiday-krakow-2027-03-29-1@{DOMAIN}"]
    assert easter_monday.start == date(2027, 3, 29)
    assert str(easter_monday["SUMMARY"]) == "Provider support centre, Krakow: Easter Monday"
    assert str(easter_monday["TRANSP"]) == "TRANSPARENT"
    assert easter_monday.categories == ["Holiday"]
    assert "Poniedziałek Wielkanocny" in str(easter_monday["DESCRIPTION"])
    assert "estimated" not in str(easter_monday["DESCRIPTION"])


def test_ics_estimated_holiday_says_so() -> None:
    # Islamic-calendar holidays in Egypt are estimates in `holidays` (Eid al-Fitr in March).
    made = plan(date(2027, 1, 4), [site("cairo"), site("krakow")], [task("long", 120)])
    result = compute(made)
    estimated = [h for h in result.holidays if h.estimated]
    assert estimated
    found = events(plan_ics(result, STAMP))
    holiday = estimated[0]
    uid = f"holiday-{holiday.site}-{holiday.date.isoformat()}-1@test-plan.outsourcing-playbook"
    assert "(estimated date)" in str(found[uid]["DESCRIPTION"])


def test_ics_dtstamp_is_the_stamp_in_utc(sample_ics: str, sample: PlanResult) -> None:
    for event in events(sample_ics).values():
        assert event.DTSTAMP == STAMP
    assert "DTSTAMP:20270104T123015Z\r\n" in sample_ics
    toronto = timezone(timedelta(hours=-5))
    shifted = plan_ics(sample, datetime(2027, 1, 4, 7, 30, 15, tzinfo=toronto))
    assert shifted == sample_ics


def test_ics_is_the_same_from_build_to_build(sample_ics: str) -> None:
    loaded, _ = load_plan(SAMPLE_PLAN)
    again = plan_ics(compute(loaded), STAMP)
    assert again == sample_ics
    assert list(events(again)) == list(events(sample_ics))


def test_ics_uids_survive_a_change_of_dates(sample: PlanResult) -> None:
    later = replace(
        sample.plan,
        project=replace(sample.plan.project, start=date(2027, 2, 1)),
    )
    before = {u for u in events(plan_ics(sample, STAMP)) if u.startswith("task-")}
    after = {u for u in events(plan_ics(compute(later), STAMP)) if u.startswith("task-")}
    assert before == after


def test_ics_uids_are_unique_and_one_per_holiday_on_a_shared_date() -> None:
    # Two sites with the same country share holidays: each gets its own events.
    made = plan(
        date(2027, 3, 22), [site("munich"), site("berlin")], [task("a", 10), task("b", None)]
    )
    result = compute(made)
    found = events(plan_ics(result, STAMP))
    assert len(found) == 2 + len(result.holidays)
    assert "holiday-munich-2027-03-26-1@test-plan.outsourcing-playbook" in found
    assert "holiday-berlin-2027-03-26-1@test-plan.outsourcing-playbook" in found


def test_ics_numbers_holidays_of_one_site_on_one_date() -> None:
    made = compute(plan(date(2027, 1, 11), [site("toronto"), site("krakow")], [task("a", 3)]))
    day = date(2027, 1, 12)
    result = replace(
        made,
        holidays=(
            Holiday(day, "krakow", "First", "Pierwsze", estimated=True),
            Holiday(day, "krakow", "Second", "Second"),
            Holiday(day, "toronto", "Third", "Third"),
        ),
    )
    found = events(plan_ics(result, STAMP))
    first = found["holiday-krakow-2027-01-12-1@test-plan.outsourcing-playbook"]
    second = found["holiday-krakow-2027-01-12-2@test-plan.outsourcing-playbook"]
    third = found["holiday-toronto-2027-01-12-1@test-plan.outsourcing-playbook"]
    assert str(first["SUMMARY"]) == "Krakow: First"
    assert str(first["DESCRIPTION"]).splitlines() == [
        "Public holiday at Krakow (PL)",
        "Local name: Pierwsze",
        "(estimated date)",
    ]
    assert str(second["DESCRIPTION"]) == "Public holiday at Krakow (PL)"
    assert str(third["DESCRIPTION"]) == "Public holiday at Toronto (CA-ON)"


# -- iCalendar: text, escaping and folding ---------------------------------------------------


def test_ics_lines_end_with_crlf(sample_ics: str) -> None:
    assert sample_ics.startswith("BEGIN:VCALENDAR\r\n")
    assert sample_ics.endswith("END:VCALENDAR\r\n")
    assert sample_ics.count("\n") == sample_ics.count("\r\n")
    assert "\r" not in sample_ics.replace("\r\n", "")


def test_ics_lines_are_at_most_75_octets(sample_ics: str) -> None:
    lines = sample_ics.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)  # the sample's long lines are folded


def test_ics_escaping_round_trips() -> None:
    title = 'Back\\slash; semi, comma\nand a "second" line'
    text = plan_ics(titled(title, phase_title="Plan, build; run"), STAMP)
    assert 'SUMMARY:Back\\\\slash\\; semi\\, comma\\nand a "second" line\r\n' in text
    (event,) = (e for u, e in events(text).items() if u.startswith("task-"))
    assert str(event["SUMMARY"]) == title
    assert event.categories == ["Plan, build; run"]
    assert str(event["DESCRIPTION"]).startswith("Phase: Plan, build; run\nSites: Toronto; ")


def test_ics_long_multibyte_title_is_folded_and_unfolds_to_itself() -> None:
    title = "Przegląd w Łódź ✓ " * 12 + "koniec"
    text = plan_ics(titled(title), STAMP)
    physical = text.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    for line in physical:
        line.encode("utf-8").decode("utf-8")  # no line ends inside a character
    assert f"SUMMARY:{title}" in unfold(text)
    (event,) = (e for u, e in events(text).items() if u.startswith("task-"))
    assert str(event["SUMMARY"]) == title


def test_ics_holds_no_control_characters() -> None:
    text = plan_ics(titled("Bell\x07 and\x00 tab\there"), STAMP)
    (event,) = (e for u, e in events(text).items() if u.startswith("task-"))
    assert str(event["SUMMARY"]) == "Bell and tab\there"


def test_escape_text() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert escape_text("plain: text") == "plain: text"


@pytest.mark.parametrize("length", [0, 1, 74, 75, 76, 149, 150, 151, 400])
def test_fold_line_ascii(length: int) -> None:
    line = "X" * length
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert re.sub(r"\r\n ", "", folded) == line
    assert len(parts) == (1 if length <= 75 else 1 + -(-(length - 75) // 74))


@pytest.mark.parametrize("char", ["ł", "✓", "😀"])
@pytest.mark.parametrize("offset", [0, 1, 2, 3])
def test_fold_line_never_splits_a_character(char: str, offset: int) -> None:
    line = "S" * offset + char * 60
    folded = fold_line(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert re.sub(r"\r\n ", "", folded) == line


def test_fold_line_keeps_escapes_whole() -> None:
    for offset in range(70, 80):
        line = "D" * offset + "\\n" * 5
        for part in fold_line(line).split("\r\n"):
            assert not part.endswith("\\") or part.endswith("\\\\")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # "ł" is 2 octets, "✓" 3, "😀" 4: the first line holds 75 octets, a continuation
        # line 74 after its space; a character that does not fit moves whole to the next.
        ("S" * 73 + "ł", ["S" * 73 + "ł"]),
        ("S" * 74 + "ł", ["S" * 74, " ł"]),
        ("S" * 72 + "✓", ["S" * 72 + "✓"]),
        ("S" * 73 + "✓", ["S" * 73, " ✓"]),
        ("S" * 71 + "😀", ["S" * 71 + "😀"]),
        ("S" * 72 + "😀x", ["S" * 72, " 😀x"]),
        ("ł" * 80, ["ł" * 37, " " + "ł" * 37, " " + "ł" * 6]),
        ("😀" * 40, ["😀" * 18, " " + "😀" * 18, " " + "😀" * 4]),
        ("S" * 75 + "ł" * 37 + "T", ["S" * 75, " " + "ł" * 37, " T"]),
        # An escape is two octets and stays whole; "\\\\" is one (an escaped backslash).
        ("S" * 73 + "\\n", ["S" * 73 + "\\n"]),
        ("S" * 74 + "\\n", ["S" * 74, " \\n"]),
        ("S" * 73 + "\\\\n", ["S" * 73 + "\\\\", " n"]),
        ("S" * 74 + "\\\\n", ["S" * 74, " \\\\n"]),
    ],
)
def test_fold_line_fills_each_line_up_to_a_whole_character(line: str, expected: list[str]) -> None:
    assert fold_line(line) == "\r\n".join(expected)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Northwind Desk tier-1 support outsourcing", "northwind-desk-tier-1-support-outsourcing"),
        ("  Łódź ✓ Go-Live!  ", "odz-go-live"),
        ("Café", "cafe"),
        ("✓✓✓", "plan"),
        ("a" * 80, "a" * 63),
    ],
)
def test_project_slug(name: str, slug: str) -> None:
    assert project_slug(name) == slug


def test_project_description_is_the_calendar_description(sample: PlanResult) -> None:
    described = replace(
        sample.plan,
        project=replace(sample.plan.project, description="Tier-1 support, moved to Krakow."),
    )
    text = plan_ics(compute(described), STAMP)
    assert "X-WR-CALDESC:Tier-1 support\\, moved to Krakow." in unfold(text)


def test_ics_task_notes_end_the_description() -> None:
    made = plan(
        date(2027, 1, 11),
        [site("toronto"), site("krakow")],
        [task("noted", 2, notes="Book the room; bring headsets.\n")],
    )
    (event,) = (e for u, e in events(plan_ics(compute(made), STAMP)).items() if "noted" in u)
    assert str(event["DESCRIPTION"]).endswith("Critical: yes\n\nBook the room; bring headsets.")
