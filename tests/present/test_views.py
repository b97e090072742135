"""The calendar views: holidays per site, the month grid and the shared-hours bands.

Expected dates for the sample plan (26 October 2026 to May 2027, as of its status date
2 December 2026): Family Day is Monday 15 February 2027 (Ontario), Good Friday 26 March
(Ontario), Easter Sunday 28 March and Easter Monday 29 March (Poland). Warsaw goes back to
winter time on 25 October 2026 and Toronto on 1 November; Toronto moves to summer time on
14 March 2027 and Warsaw on 28 March. So Toronto 09:00-17:00 and Krakow 08:00-16:00 share
1 h, but 2 h from 26 to 31 October and from 14 to 27 March.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from macros.plan.loader import load_plan
from macros.plan.model import Phase, Plan
from macros.present import views
from macros.schedule.result import PlanResult, compute
from tests.helpers import plan, site, task

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


STATUS_DATE = date(2026, 12, 2)  # the sample's


@pytest.fixture(scope="module")
def sample() -> PlanResult:
    loaded, warnings = load_plan(ROOT / "plan", STATUS_DATE)
    return compute(loaded, warnings, STATUS_DATE)


@pytest.fixture(scope="module")
def three() -> PlanResult:
    """Toronto, Krakow and Riyadh (weekend Friday and Saturday)."""
    sites = [site("toronto"), site("krakow", "08:00-16:00"), site("riyadh", "10:00-18:00")]
    return compute(plan(date(2027, 1, 11), sites, [task("a", 60)]))


class _Checker(HTMLParser):
    """Fails on a closing tag that does not match the open one, or on one left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <line/> and the like in SVG

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()


def tree(html: Markup) -> ET.Element:
    """The fragment parsed strictly: balanced for html.parser and well-formed XML."""
    checker = _Checker()
    checker.feed(str(html))
    checker.close()
    assert checker.problems == []
    assert checker.stack == []
    return ET.fromstring(f"<root>{html}</root>")


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def by_id(root: ET.Element, element_id: str) -> ET.Element:
    found = root.find(f".//*[@id='{element_id}']")
    assert found is not None, element_id
    return found


def inner(element: ET.Element, path: str) -> str:
    """The text of the first element at `path` below `element`, which must exist."""
    found = element.find(path)
    assert found is not None, path
    return text(found)


def links(element: ET.Element) -> list[str]:
    return [a.get("href", "") for a in element.iter("a")]


# -- holidays by site -------------------------------------------------------------------------
def test_good_friday_listed_with_the_tasks_it_falls_into(sample: PlanResult) -> None:
    root = tree(views.holidays_by_site(sample))
    row = by_id(root, "holiday-hq-2027-03-26")
    assert "Fri 26 Mar 2027" in text(row)
    assert "Good Friday" in text(row)
    expected = [
        f"../timeline/#task-{t.id}"
        for t in sample.plan.tasks
        if sample.schedule[t.id].start <= date(2027, 3, 26) <= sample.schedule[t.id].end
        and "hq" in sample.schedule[t.id].sites
    ]
    assert expected  # shadowing and the soft launch run across it
    assert links(row) == expected
    family_day = by_id(root, "holiday-hq-2027-02-15")
    assert "Family Day" in text(family_day)
    assert links(family_day) == []  # no work at Toronto that day


def test_easter_monday_with_its_polish_name(sample: PlanResult) -> None:
    root = tree(views.holidays_by_site(sample))
    row = by_id(root, "holiday-krakow-2027-03-29")
    assert "Easter Monday" in text(row)
    local = row.find(".//*[@class='op-local-name']")
    assert local is not None
    assert local.text == "Poniedziałek Wielkanocny"
    assert local.get("lang") == "pl"
    assert "../timeline/#task-shadowing" in links(row)


def test_local_name_only_when_it_differs(sample: PlanResult) -> None:
    root = tree(views.holidays_by_site(sample))
    assert by_id(root, "holiday-hq-2027-02-15").find(".//*[@class='op-local-name']") is None


def test_task_links_come_from_the_caller(sample: PlanResult) -> None:
    html = views.holidays_by_site(sample, task_href=lambda task_id: f"/plan/#t-{task_id}")
    assert links(by_id(tree(html), "holiday-hq-2027-03-26"))[0].startswith("/plan/#t-")
    assert "../timeline/" not in html


def test_days_off_and_weekend_holidays(sample: PlanResult) -> None:
    root = tree(views.holidays_by_site(sample))
    assert "Company day off" in text(by_id(root, "holiday-hq-2027-02-12-off"))
    easter_sunday = by_id(root, "holiday-krakow-2027-03-28")
    assert "on the weekend" in text(easter_sunday)
    assert "on the weekend" not in text(by_id(root, "holiday-krakow-2027-03-29"))


def test_site_heading_place_and_weekend(sample: PlanResult) -> None:
    root = tree(views.holidays_by_site(sample))
    assert text(by_id(root, "holidays-hq")) == "Northwind Desk headquarters, Toronto"
    section = text(root)
    assert "Canada, Ontario (CA-ON)" in section
    assert "Poland (PL)" in section
    assert "Weekend: Saturday and Sunday" in section


def test_training_callout_lists_closures_in_the_training_window(sample: PlanResult) -> None:
    window = views.training_window(sample)
    assert window is not None
    training = {p.id for p in sample.plan.phases if p.training}
    scheduled = [sample.schedule[t.id] for t in sample.plan.tasks if t.phase in training]
    assert window == (min(s.start for s in scheduled), max(s.end for s in scheduled))
    first, last = window

    root = tree(views.holidays_by_site(sample))
    box = root.find(".//*[@class='admonition warning op-training-closures']")
    assert box is not None
    said = text(box)
    assert said.startswith("During training and knowledge transfer")
    for day, name in (
        (date(2027, 2, 15), "Family Day"),
        (date(2027, 3, 26), "Good Friday"),
        (date(2027, 3, 29), "Easter Monday"),
    ):
        assert (f"({name})" in said) == (first <= day <= last), name
    assert "Monday 15 February 2027 (Family Day)" in said
    assert "Easter Sunday" not in said  # a Sunday: no working day lost
    assert "National Day" not in said  # after the training window
    assert "Don't schedule the provider's team" in said


def test_no_callout_without_training_phases() -> None:
    result = compute(plan(date(2027, 2, 8), [site("toronto")], [task("a", 10)]))
    html = views.holidays_by_site(result)
    assert "op-training-closures" not in html
    assert "Family Day" in text(tree(html))


def test_no_callout_when_training_has_no_closures() -> None:
    base = plan(date(2027, 1, 11), [site("toronto")], [task("a", 5)])
    trained = dataclasses.replace(base, phases=(Phase(id="p", title="Onboarding", training=True),))
    result = compute(trained)
    assert views.training_window(result) == (date(2027, 1, 11), date(2027, 1, 15))
    assert views.training_callout(result, []) is None
    assert "op-training-closures" not in views.holidays_by_site(result)


def test_site_without_holidays_says_so() -> None:
    result = compute(plan(date(2027, 1, 11), [site("toronto")], [task("a", 3)]))
    said = text(tree(views.holidays_by_site(result)))
    assert "No public holidays or days off at Toronto in the plan window" in said


def test_estimated_dates_are_badged() -> None:
    result = compute(plan(date(2027, 3, 1), [site("cairo")], [task("a", 20)]))
    assert any(h.estimated for h in result.holidays)
    root = tree(views.holidays_by_site(result))
    badges = root.findall(".//*[@class='op-badge op-badge--estimated']")
    assert len(badges) == sum(h.estimated for h in result.holidays)


def test_weekends() -> None:
    sites = [site("toronto"), site("riyadh"), site("krakow", weekend=("sun",))]
    result = compute(plan(date(2027, 1, 11), sites, [task("a", 5)]))
    assert views.weekend_days(result, "toronto") == ("sat", "sun")
    assert views.weekend_days(result, "riyadh") == ("fri", "sat")
    assert views.weekend_days(result, "krakow") == ("sun",)
    assert views.weekend_text(("fri", "sat")) == "Friday and Saturday"
    assert views.weekend_text(("fri", "sat", "sun")) == "Friday, Saturday and Sunday"
    assert views.weekend_text(()) == "none: the site works every day"


def test_weekend_is_not_fooled_by_a_holiday_week() -> None:
    """Christmas and Boxing Day fall on weekdays; the weekend is still Saturday and Sunday."""
    result = compute(plan(date(2026, 12, 21), [site("toronto")], [task("a", 3)]))
    assert views.weekend_days(result, "toronto") == ("sat", "sun")


# -- month grid -------------------------------------------------------------------------------
def test_month_grid_covers_the_plan_window(sample: PlanResult) -> None:
    root = tree(views.month_grid(sample, date(2027, 3, 3)))
    tables = root.findall(".//table")
    captions = [inner(t, "caption") for t in tables]
    assert captions == [
        "October 2026",
        "November 2026",
        "December 2026",
        "January 2027",
        "February 2027",
        "March 2027",
        "April 2027",
        "May 2027",
    ]
    for table in tables:
        heads = table.findall("./thead/tr/th")
        assert [th.get("scope") for th in heads] == ["col"] * 7
        assert text(heads[0]) == "Mon"
        for row in table.findall("./tbody/tr"):
            assert len(row.findall("td")) == 7


def cell(root: ET.Element, day: date) -> ET.Element:
    found = root.find(f".//td[@data-date='{day.isoformat()}']")
    assert found is not None, day
    return found


def chips(td: ET.Element) -> dict[str, tuple[str, str]]:
    """Site id -> (kind, accessible text) of a cell's chips."""
    return {
        chip.get("data-site", ""): (chip.get("class", "").split("--")[-1], chip.get("title", ""))
        for chip in td.iter("span")
        if chip.get("data-site")
    }


def test_month_grid_marks_holidays_days_off_and_weekends(sample: PlanResult) -> None:
    root = tree(views.month_grid(sample, date(2027, 3, 3)))
    good_friday = cell(root, date(2027, 3, 26))
    assert chips(good_friday) == {
        "hq": ("holiday", "Northwind Desk headquarters, Toronto: Good Friday")
    }
    chip = good_friday.find(".//span[@data-site='hq']")
    assert chip is not None
    assert "op-chip--holiday" in chip.get("class", "")
    label, spoken = chip.findall("span")
    assert (label.text, label.get("aria-hidden")) == ("hq", "true")
    assert (spoken.text, spoken.get("class")) == (
        "Northwind Desk headquarters, Toronto: Good Friday",
        "op-sr",
    )
    assert chips(cell(root, date(2027, 3, 29)))["krakow"][0] == "holiday"
    assert chips(cell(root, date(2027, 2, 12))) == {
        "hq": ("dayoff", "Northwind Desk headquarters, Toronto: company day off")
    }
    saturday = cell(root, date(2027, 1, 16))
    assert {k: v[0] for k, v in chips(saturday).items()} == {"hq": "weekend", "krakow": "weekend"}
    assert "op-cal-off" in saturday.get("class", "")
    assert chips(cell(root, date(2027, 1, 12))) == {}


def test_month_grid_dims_days_outside_the_window_and_outlines_today(sample: PlanResult) -> None:
    root = tree(views.month_grid(sample, date(2027, 3, 3)))
    before = cell(root, date(2026, 10, 24))  # a Saturday before the start: no marks
    assert "op-cal-out" in before.get("class", "")
    assert chips(before) == {}
    assert "op-cal-out" not in cell(root, date(2026, 10, 26)).get("class", "")
    assert "op-cal-out" not in cell(root, date(2027, 5, 12)).get("class", "")  # the last day
    assert "op-cal-out" in cell(root, date(2027, 5, 13)).get("class", "")
    today = cell(root, date(2027, 3, 3))
    assert "op-cal-today" in today.get("class", "")
    assert today.get("aria-current") == "date"
    assert root.findall(".//td[@aria-current]") == [today]


def test_month_grid_without_today_in_view(sample: PlanResult) -> None:
    html = views.month_grid(sample, date(2030, 1, 1))
    assert "aria-current" not in html


def test_month_grid_across_a_year_end() -> None:
    result = compute(plan(date(2026, 12, 14), [site("toronto"), site("krakow")], [task("a", 20)]))
    root = tree(views.month_grid(result, date(2026, 12, 14)))
    captions = [text(c) for c in root.iter("caption")]
    assert captions == ["December 2026", "January 2027"]
    assert chips(cell(root, date(2026, 12, 25)))["toronto"][0] == "holiday"


def test_long_site_ids_are_shortened_on_chips() -> None:
    sites = [site("toronto"), dataclasses.replace(site("krakow"), id="krakow-support-centre")]
    result = compute(plan(date(2027, 1, 11), sites, [task("a", 10)]))
    root = tree(views.month_grid(result, date(2027, 1, 11)))
    chip = root.find(".//span[@data-site='krakow-support-centre']/span")
    assert chip is not None
    assert chip.text == "krakow-…"


# -- shared hours -----------------------------------------------------------------------------
def test_shared_hours_of_the_sample(sample: PlanResult) -> None:
    root = tree(views.shared_hours(sample))
    group = by_id(root, "shared-hq-krakow")
    assert text(group) == "Northwind Desk headquarters, Toronto and Provider support centre, Krakow"
    rows = [[text(td) for td in tr.findall("td")] for tr in root.findall(".//tbody/tr")]
    assert rows == [
        ["26–31 October 2026", "2 h", "13:00–15:00", "09:00–11:00", "14:00–16:00"],
        ["1 November 2026 – 13 March 2027", "1 h", "14:00–15:00", "09:00–10:00", "15:00–16:00"],
        ["14–27 March 2027", "2 h", "13:00–15:00", "09:00–11:00", "14:00–16:00"],
        ["28 March – 12 May 2027", "1 h", "13:00–14:00", "09:00–10:00", "15:00–16:00"],
    ]
    changed = [tr.get("class") for tr in root.findall(".//tbody/tr")]
    assert changed == ["op-shared-changed", None, "op-shared-changed", None]
    minutes = [r.minutes for r in sample.overlaps["hq", "krakow"]]
    assert minutes == [120, 60, 120, 60]
    notes = root.find(".//*[@class='admonition note op-clock-changes']")
    assert notes is not None
    said = text(notes)
    assert said.startswith("When the clocks change 26–31 October 2026: 2 h shared instead of 1 h")
    assert "14–27 March 2027: 2 h shared instead of 1 h" in said


def test_bands_are_labelled_svg(sample: PlanResult) -> None:
    root = tree(views.shared_hours(sample))
    svgs = root.findall(f".//{SVG}svg")
    assert len(svgs) == 4
    for svg in svgs:
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None
        assert desc is not None
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        ticks = [t.text for t in svg.findall(f"./{SVG}g[@class='op-band-ticks']/{SVG}text")]
        assert ticks == ["UTC", *(f"{h:02}:00" for h in range(0, 25, 3))]
        lanes = svg.findall(f"./{SVG}g[@class='op-band-lane']")
        assert [inner(lane, f"{SVG}text") for lane in lanes] == ["hq", "krakow"]
    second = svgs[2]
    assert inner(second, f"{SVG}title") == "Working hours in UTC, 14–27 March 2027"
    said = inner(second, f"{SVG}desc")
    assert "Northwind Desk headquarters, Toronto works 13:00–21:00 UTC" in said
    assert "Provider support centre, Krakow works 07:00–15:00 UTC" in said
    assert said.endswith("they share 13:00–15:00 UTC (2 h).")
    shared = second.findall(f"./{SVG}rect[@class='op-band-shared']")
    assert [(r.get("x"), r.get("width")) for r in shared] == [(views._x(780), views._w(120))]


def test_band_local_times_below_it(sample: PlanResult) -> None:
    root = tree(views.shared_hours(sample))
    figure = by_id(root, "shared-hq-krakow-2")
    caption = inner(figure, "figcaption")
    assert caption.startswith("14–27 March 2027: 2 h shared")
    assert "Northwind Desk headquarters, Toronto: 09:00–11:00 local time" in caption
    assert "Provider support centre, Krakow: 14:00–16:00 local time" in caption


def test_three_sites_have_an_all_sites_group(three: PlanResult) -> None:
    root = tree(views.shared_hours(three))
    ids = [s.get("aria-labelledby") for s in root.findall("./div/section")]
    pairs = ["shared-toronto-krakow", "shared-toronto-riyadh", "shared-krakow-riyadh"]
    assert ids == [*pairs, "shared-all"]
    assert text(by_id(root, "shared-all")) == "All sites: Toronto, Krakow and Riyadh"
    lanes = by_id(root, "shared-all-0").findall(f".//{SVG}g[@class='op-band-lane']")
    assert len(lanes) == 3
    said = text(tree(views.holidays_by_site(three)))
    assert "Weekend: Friday and Saturday" in said
    grid = tree(views.month_grid(three, date(2027, 1, 11)))
    friday = chips(cell(grid, date(2027, 1, 15)))
    assert friday == {"riyadh": ("weekend", "Riyadh: weekend")}


def test_pair_sharing_nothing_is_said_plainly() -> None:
    result = compute(plan(date(2027, 1, 11), [site("toronto"), site("manila")], [task("a", 5)]))
    root = tree(views.shared_hours(result))
    said = text(root)
    assert "These sites share no working hours on any date" in said
    rows = [[text(td) for td in tr.findall("td")] for tr in root.findall(".//tbody/tr")]
    assert rows == [["11–15 January 2027", "nothing", "—", "—", "—"]]
    svg = root.find(f".//{SVG}svg")
    assert svg is not None
    assert svg.findall(f"{SVG}rect[@class='op-band-shared']") == []
    assert inner(svg, f"{SVG}desc").endswith("they share no working time.")
    assert "works 09:00–17:00 local time" in inner(root, ".//figcaption")


def test_windows_across_utc_midnight_are_split() -> None:
    assert views._pieces(60, 540) == [(60, 540)]
    assert views._pieces(1320, 1800) == [(1320, 1440), (0, 360)]
    assert views._pieces(-120, 300) == [(1320, 1440), (0, 300)]
    assert views._pieces(0, 1440) == [(0, 1440)]
    assert views._pieces(600, 2100) == [(0, 1440)]
    # Manila 07:00-16:00 is 23:00 the day before to 08:00 UTC.
    manila = site("manila", "07:00-16:00")
    assert views.working_utc(manila, date(2027, 1, 11)) == (-60, 480)
    toronto = site("toronto")
    assert views.working_utc(toronto, date(2027, 1, 11)) == (840, 1320)
    assert views.working_utc(toronto, date(2027, 7, 12)) == (780, 1260)


def test_band_of_a_window_across_utc_midnight() -> None:
    sites = [site("manila", "07:00-16:00"), site("toronto", "18:00-24:00")]
    result = compute(plan(date(2027, 1, 11), sites, [task("a", 3)]))
    ranges = result.overlaps["manila", "toronto"]
    # 23:00 to 05:00 UTC, as minutes after UTC midnight
    assert {(r.utc_start, r.utc_end) for r in ranges if r.minutes} == {(1380, 300)}
    root = tree(views.shared_hours(result))
    svg = root.find(f".//{SVG}svg")
    assert svg is not None
    shared = svg.findall(f"{SVG}rect[@class='op-band-shared']")
    assert [(r.get("x"), r.get("width")) for r in shared] == [
        (views._x(1380), views._w(60)),
        (views._x(0), views._w(300)),
    ]


# -- escaping and determinism -----------------------------------------------------------------
def marked_up() -> Plan:
    bold = dataclasses.replace(site("toronto"), name="Toronto <b>HQ</b> & co")
    return plan(date(2027, 2, 8), [bold, site("krakow")], [task("a", 10)])


def test_markup_in_plan_values_is_shown_not_interpreted() -> None:
    result = compute(marked_up())
    for html in (
        views.holidays_by_site(result),
        views.month_grid(result, date(2027, 2, 15)),
        views.shared_hours(result),
    ):
        assert isinstance(html, Markup)
        assert "<b>" not in html
        assert "Toronto &lt;b&gt;HQ&lt;/b&gt; &amp; co" in html
        root = tree(html)
        assert root.find(".//b") is None
        assert "Toronto <b>HQ</b> & co" in text(root)


def test_output_is_deterministic(sample: PlanResult) -> None:
    again = compute(load_plan(ROOT / "plan", STATUS_DATE)[0], status_date=STATUS_DATE)
    assert views.holidays_by_site(sample) == views.holidays_by_site(again)
    assert views.month_grid(sample, date(2027, 3, 3)) == views.month_grid(again, date(2027, 3, 3))
    assert views.shared_hours(sample) == views.shared_hours(again)


def test_no_blank_lines_for_markdown(sample: PlanResult) -> None:
    for html in (
        views.holidays_by_site(sample),
        views.month_grid(sample, date(2027, 3, 3)),
        views.shared_hours(sample),
    ):
        assert "\n\n" not in html.strip()


def test_heading_level(sample: PlanResult) -> None:
    assert '<h3 id="holidays-hq">' in views.holidays_by_site(sample, heading_level=3)
    assert '<h4 id="shared-hq-krakow">' in views.shared_hours(sample, heading_level=4)


def test_words() -> None:
    assert views.and_join([]) == ""
    assert views.and_join(["a"]) == "a"
    assert views.and_join(["a", "b", "c"]) == "a, b and c"
    assert views.country_name("SA") == "Saudi Arabia"
    assert views.country_name("ZZ") == "ZZ"
    assert views.country_name("UK") == "United Kingdom"  # an alias `holidays` accepts
    assert views.country_name("TR") == "Türkiye"  # CLDR's name
    assert views.subdivision_name("CA", "ON") == "Ontario"
    assert views.subdivision_name("PL", "14") == "Mazowieckie"
    assert views.subdivision_name("FR", "971") == "Guadeloupe"  # not its other code, GP
    assert views.subdivision_name("CA", "XX") == "XX"
    assert views.day_text(date(2027, 2, 15)) == "Monday 15 February 2027"
    assert views.short_day_text(date(2027, 3, 29)) == "Mon 29 Mar 2027"
