"""The schedule for other tools: `schedule.csv` for spreadsheets, `plan.ics` for calendars.

Both are pure functions of a computed plan (`macros.schedule.result.compute`) and return text; the
caller decides where the files go. Same input, same text: nothing here reads the clock (the
iCalendar `DTSTAMP` is passed in, see `macros.schedule.today.build_time`).

- `schedule_csv`: one row a task in plan order with the task fields of `schedule.json`
  (without `driver`) plus the RACI's responsible and accountable role ids.
- `plan_ics`: an RFC 5545 feed of tasks, milestones and public holidays with UIDs derived
  from the project name and the task ids (holidays: site, date and position), so a
  subscribed calendar updates its events instead of adding copies.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from macros.plan.model import Plan, Site, Task
from macros.schedule.result import PlanResult
from macros.schedule.workdays import Holiday

# -- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "phase",
    "sites",
    "start",
    "end",
    "duration",
    "milestone",
    "slack",
    "critical",
    "latest_end",
    "deadline",
    "after",
    "responsible",
    "accountable",
    "status",
    "started",
    "finished",
    "remaining",
    "behind",
)
"""The header of `schedule.csv`, in order; with a baseline, `BASELINE_COLUMNS` follow."""

BASELINE_COLUMNS: tuple[str, ...] = ("baseline_start", "baseline_end", "variance", "new")

LIST_SEPARATOR = ";"
"""Joins list values (`sites`, `after`, `responsible`) in one CSV cell."""

# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV
# injection"); the full-width forms are read as formulas by some spreadsheet programs too.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(text: str) -> str:
    """`text` as a spreadsheet shows it but never runs it: a leading quote before a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def _csv_row(result: PlanResult, task: Task, columns: tuple[str, ...]) -> list[str]:
    st = result.schedule[task.id]
    raci = task.raci
    # Free text and ids go through `neutralise`; numbers and dates are ours, and a negative
    # slack such as -3 must stay a number.
    text = {
        "id": task.id,
        "title": task.title,
        "phase": task.phase,
        "sites": LIST_SEPARATOR.join(st.sites),
        "after": LIST_SEPARATOR.join(d.task for d in task.dependencies),
        "responsible": LIST_SEPARATOR.join(raci.responsible) if raci else "",
        "accountable": (raci.accountable or "") if raci else "",
    }
    computed = {
        "start": st.start.isoformat(),
        "end": st.end.isoformat(),
        "duration": str(task.days),
        "milestone": _flag(st.milestone),
        "slack": "" if st.slack is None else str(st.slack),
        "critical": _flag(st.critical),
        "latest_end": _iso(st.latest_end),
        "deadline": _iso(task.deadline),
        "status": st.status,
        "started": _iso(task.started),
        "finished": _iso(task.finished),
        "remaining": str(st.remaining),
        "behind": _flag(st.behind),
        "baseline_start": _iso(st.baseline_start),
        "baseline_end": _iso(st.baseline_end),
        "variance": "" if st.variance is None else str(st.variance),
        "new": _flag(st.new),
    }
    row = {key: neutralise(value) for key, value in text.items()} | computed
    return [row[column] for column in columns]


def schedule_csv(result: PlanResult) -> str:
    """The schedule as CSV text (RFC 4180): a header, then one row a task in plan order.

    Columns are `CSV_COLUMNS`, then `BASELINE_COLUMNS` when the plan has a baseline.
    Lists (`sites`, `after`, `responsible`) are joined with `;`, booleans are
    `true`/`false`, dates are ISO (YYYY-MM-DD), absent values are empty. Rows end with CRLF;
    fields are quoted only when they hold a comma, a quote or a line break.

    Text cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
    `@`, a tab or a line break) get a leading `'`: titles come from pull requests.

    The text has no byte order mark: write it as plain UTF-8, which project tools and
    LibreOffice read as is. Excel guesses the encoding of a double-clicked file; Excel users
    open it through Data > From Text/CSV (UTF-8) to keep accented names intact.
    """
    out = io.StringIO(newline="")
    # A plain writer of lists: `csv.DictWriter` would check every row's keys once more.
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    columns = CSV_COLUMNS + (BASELINE_COLUMNS if result.plan.baseline is not None else ())
    writer.writerow(columns)
    writer.writerows(_csv_row(result, task, columns) for task in result.plan.tasks)
    return out.getvalue()


# -- iCalendar ---------------------------------------------------------------------------------

PRODID = "-//Outsourcing Playbook//Plan//EN"
UID_DOMAIN = "outsourcing-playbook"
MILESTONE_PREFIX = "Milestone: "
FOLD_OCTETS = 75  # RFC 5545 3.1: content lines are folded at 75 octets, CRLF excluded
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in TEXT
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def project_slug(name: str) -> str:
    """A DNS-label-like slug of the project name: ASCII lowercase, runs of others -> '-'.

    Accents are dropped ("Łódź" -> "odz"); a name with no ASCII letter or digit gives "plan".
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:63].rstrip("-") or "plan"


def escape_text(value: str) -> str:
    r"""A TEXT value escaped as RFC 5545 3.3.11 says: `\\`, `\;`, `\,` and `\n`.

    Line breaks of any kind become `\n`; other control characters, which TEXT may not
    hold, are dropped.
    """
    if value.isprintable():  # no control character at all, line breaks included: no regex
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = _CONTROL.sub("", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _LINE_BREAK.sub("\\\\n", value)


def fold_line(line: str) -> str:
    """One content line folded into physical lines of at most 75 octets, joined by CRLF.

    Continuation lines start with one space (which counts toward their 75 octets). A
    multi-byte UTF-8 character is never split, nor an escape such as `\\n` (allowed, but
    some calendar programs unfold such a split badly). Each physical line is as long as
    these rules allow.

    Every line of a feed passes through here and most are short, so a line of at most 75
    octets is returned as it is; longer lines are cut on their UTF-8 bytes (see `_cuts`)
    rather than character by character.
    """
    if len(line) <= FOLD_OCTETS and (line.isascii() or len(line.encode()) <= FOLD_OCTETS):
        return line
    data = line.encode()
    bounds = [0, *_cuts(data), len(data)]
    return "\r\n ".join(data[a:b].decode() for a, b in pairwise(bounds))


def _cuts(data: bytes) -> Iterator[int]:
    """Where the UTF-8 `data` of one content line is cut: the longest legal pieces, in order.

    A piece ends at the last character boundary within its octets (75 for the first, 74
    after the space of a continuation line); a UTF-8 continuation byte (0b10xxxxxx) is no
    boundary. If the character before that boundary is a backslash that opens an escape
    pair, the piece ends before the backslash instead. Escapes pair up from the left, so in
    a run of backslashes (preceded by another character, hence starting a new unit) the
    1st, 3rd, ... open pairs: the last one opens a pair when the run is of odd length.
    Backslash (0x5C) never occurs inside a multi-byte UTF-8 character.
    """
    end, size = 0, len(data)
    limit = FOLD_OCTETS
    while size - end > limit:
        end += limit
        while data[end] & 0xC0 == 0x80:
            end -= 1
        run = end
        while run and data[run - 1] == 0x5C:
            run -= 1
        if (end - run) % 2:
            end -= 1
        yield end
        limit = FOLD_OCTETS - 1


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _utc(moment: datetime) -> str:
    """`moment` as an RFC 5545 UTC date-time; a naive `moment` is taken to be UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class _Event:
    """One VEVENT before it is written: all-day from `first` to `last` (inclusive)."""

    uid: str
    first: date
    last: date
    summary: str
    description: str
    categories: tuple[str, ...]

    def lines(self, stamp: str) -> Iterator[str]:
        yield "BEGIN:VEVENT"
        yield f"UID:{self.uid}"
        yield f"DTSTAMP:{stamp}"
        yield f"DTSTART;VALUE=DATE:{_date(self.first)}"
        yield f"DTEND;VALUE=DATE:{_date(self.last + timedelta(days=1))}"  # exclusive end
        yield f"SUMMARY:{escape_text(self.summary)}"
        yield f"DESCRIPTION:{escape_text(self.description)}"
        yield "CATEGORIES:" + ",".join(escape_text(c) for c in self.categories)
        # Plan events inform; they do not make anyone busy for weeks in free/busy lookups.
        yield "TRANSP:TRANSPARENT"
        yield "END:VEVENT"


@dataclass(frozen=True)
class _Names:
    """What a task event shows instead of ids; looked up once a feed, not once a task."""

    phases: dict[str, str]
    sites: dict[str, str]
    roles: dict[str, str]

    @classmethod
    def of(cls, plan: Plan) -> _Names:
        return cls(
            phases={p.id: p.title for p in plan.phases},
            sites={s: site.name for s, site in plan.sites.items()},
            roles={r.id: f"{r.title} ({r.person})" if r.person else r.title for r in plan.roles},
        )

    def of_roles(self, role_ids: Iterable[str]) -> str:
        """Role titles (with the person, if named) joined by `; `; an unknown id as it is."""
        return "; ".join(self.roles.get(role_id, role_id) for role_id in role_ids)


def _days(count: int) -> str:
    return f"{count} working day" + ("" if abs(count) == 1 else "s")


def _variance(count: int) -> str:
    if count == 0:
        return "on time"
    return f"{_days(abs(count))} {'later' if count > 0 else 'earlier'}"


def _task_event(result: PlanResult, task: Task, domain: str, names: _Names) -> _Event:
    st = result.schedule[task.id]
    phase = names.phases.get(task.phase, task.phase)
    sites = "; ".join(names.sites.get(s, s) for s in st.sites)
    lines = [f"Phase: {phase}", f"Sites: {sites}"]
    if st.milestone:
        lines.append("Milestone")
    else:
        lines.append(f"Duration: {_days(task.days)}")
    lines.append(f"Status: {st.status}" + (" (behind)" if st.behind else ""))
    if st.slack is not None:
        lines += [f"Slack: {_days(st.slack)}", f"Critical: {'yes' if st.critical else 'no'}"]
    if st.variance is not None:
        lines.append(f"Against the baseline: {_variance(st.variance)}")
    if task.deadline:
        lines.append(f"Deadline: {task.deadline.isoformat()}")
    if task.raci and task.raci.responsible:
        lines.append(f"Responsible: {names.of_roles(task.raci.responsible)}")
    if task.raci and task.raci.accountable:
        lines.append(f"Accountable: {names.of_roles([task.raci.accountable])}")
    if task.notes:
        lines += ["", task.notes.strip()]
    return _Event(
        uid=f"task-{task.id}@{domain}",
        first=st.start,
        last=st.end,
        summary=(MILESTONE_PREFIX + task.title) if st.milestone else task.title,
        description="\n".join(lines),
        categories=(phase, "Milestone") if st.milestone else (phase,),
    )


def _region(site: Site) -> str:
    return f"{site.country}-{site.subdivision}" if site.subdivision else site.country


def _holiday_events(plan: Plan, holidays: Iterable[Holiday], domain: str) -> Iterator[_Event]:
    seen: dict[tuple[str, date], int] = {}
    for holiday in holidays:
        n = seen[holiday.site, holiday.date] = seen.get((holiday.site, holiday.date), 0) + 1
        site = plan.sites.get(holiday.site)
        site_name = site.name if site else holiday.site
        lines = [f"Public holiday at {site_name}" + (f" ({_region(site)})" if site else "")]
        if holiday.local_name and holiday.local_name != holiday.name:
            lines.append(f"Local name: {holiday.local_name}")
        if holiday.estimated:
            lines.append("(estimated date)")
        yield _Event(
            uid=f"holiday-{holiday.site}-{holiday.date.isoformat()}-{n}@{domain}",
            first=holiday.date,
            last=holiday.date,
            summary=f"{site_name}: {holiday.name}",
            description="\n".join(lines),
            categories=("Holiday",),
        )


def plan_ics(result: PlanResult, stamp: datetime) -> str:
    """The plan as an RFC 5545 iCalendar feed (CRLF line ends, folded at 75 octets).

    Every task is an all-day event from its start to its end (DTEND is the day after, as
    all-day events end exclusively); a milestone is a one-day event whose summary starts
    with "Milestone: "; every public holiday of every site between the project start and the
    schedule's end is a transparent all-day event in the category "Holiday".

    UIDs are `task-<task id>@<slug>.outsourcing-playbook` and
    `holiday-<site>-<date>-<n>@<slug>.outsourcing-playbook` (n counts the site's holidays on
    that date from 1), with the slug of the project name (`project_slug`): stable from build
    to build, so renaming the project or a task id replaces those events.

    `stamp` is written as every event's DTSTAMP (in UTC; a naive value counts as UTC):
    pass the build time (`macros.schedule.today.build_time`) so two builds of one commit match.
    """
    plan = result.plan
    name = plan.project.name
    domain = f"{project_slug(name)}.{UID_DOMAIN}"
    description = plan.project.description or f"Tasks, milestones and public holidays: {name}"
    names = _Names.of(plan)
    events = [_task_event(result, task, domain, names) for task in plan.tasks]
    events += _holiday_events(plan, result.holidays, domain)
    events.sort(key=lambda e: (e.first, e.last, e.uid))
    dtstamp = _utc(stamp)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-CALDESC:{escape_text(description)}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
        *(line for event in events for line in event.lines(dtstamp)),
        "END:VCALENDAR",
    ]
    return "".join(fold_line(line) + "\r\n" for line in lines)
