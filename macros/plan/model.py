"""The plan as typed, immutable data. Field annotations are the single source of the format.

Each YAML file maps to one top-level class (`ProjectFile`, `GlossaryFile`,
`ChecklistsFile`); `Plan` joins them. Every object keeps where it came from (`loc`) and
where each of its fields was written (`locs`), so later checks can point at exact lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from macros.plan.fields import ID_PATTERN, Doc, Expected, FromKey, Internal, Parsed, Pattern, Range
from macros.plan.problems import Loc
from macros.plan.values import Hours, Minutes, parse_date, parse_hours, parse_minutes

Id = Annotated[str, ID_PATTERN]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
IsoDate = Annotated[
    date,
    Parsed(
        parse_date,
        {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    ),
]
ResponseTime = Annotated[
    Minutes,
    Parsed(
        parse_minutes,
        {"type": "string", "pattern": r"^\s*\d+\s*(min|minutes?|h|hours?|d|days?)\s*$"},
    ),
]
WorkingHours = Annotated[
    Hours,
    Parsed(parse_hours, {"type": "string", "pattern": r"^\d{2}:\d{2}-\d{2}:\d{2}$"}),
]

_NO_LOC = Loc(Path("<none>"))


def _loc() -> Loc:
    return field(default=_NO_LOC, compare=False, repr=False, metadata={"internal": Internal()})


def _locs() -> Mapping[str, Loc]:
    return field(default_factory=dict, compare=False, repr=False, metadata={"internal": Internal()})


def _internal(default: object) -> Any:
    return field(default=default, compare=False, repr=False, metadata={"internal": Internal()})


@dataclass(frozen=True)
class Located:
    """Mixin: where an object and each of its fields were written, and how to name it.

    `invalid` names the fields that were written with a wrong value (already reported), so
    later checks neither repeat nor contradict that message.
    """

    loc: Loc = _loc()  # noqa: RUF009 - a dataclasses.field() factory
    locs: Mapping[str, Loc] = _locs()
    label: str = _internal("")
    invalid: frozenset[str] = _internal(frozenset())

    def at(self, name: str) -> Loc:
        """The location of field `name` (or item `name.N`), else of the object itself."""
        return self.locs.get(name, self.loc)


@dataclass(frozen=True, kw_only=True)
class Project(Located):
    name: Annotated[str, Doc("The engagement's name, shown as the site's title.")]
    start: Annotated[IsoDate, Doc("The first day work may start (ISO date).")]
    go_live: Annotated[Id | None, Doc("Id of the Go-Live milestone (countdown, readiness).")] = None
    key_contact: Annotated[
        Id | None, Doc("Role id of the one key contact; default: the role `key-contact`.")
    ] = None
    description: Annotated[str | None, Doc("One or two sentences for the dashboard.")] = None
    min_shared_minutes: Annotated[
        int,
        Range(0, 1440),
        Doc("Warn when two sites share fewer working minutes a day than this (default 60)."),
    ] = 60


@dataclass(frozen=True, kw_only=True)
class Site(Located):
    id: Annotated[Id, FromKey()]
    name: Annotated[str, Doc("The site's name, such as 'Support centre, Krakow'.")]
    country: Annotated[
        str, Doc("ISO 3166-1 alpha-2 country code as the `holidays` package knows it, e.g. CA.")
    ]
    timezone: Annotated[str, Doc("IANA time zone, such as America/Toronto.")]
    hours: Annotated[WorkingHours, Doc('Local working hours, "HH:MM-HH:MM".')]
    subdivision: Annotated[
        str | None, Doc("State or province code as `holidays` knows it, e.g. ON.")
    ] = None
    weekend: Annotated[
        tuple[Weekday, ...] | None,
        Doc("Days off every week; default: the country's weekend per `holidays`."),
    ] = None
    days_off: Annotated[
        tuple[IsoDate, ...], Doc("Extra non-working dates of this site (company days).")
    ] = ()
    language: Annotated[
        str | None, Doc("Language code for holiday names, such as pl; English otherwise.")
    ] = None


@dataclass(frozen=True, kw_only=True)
class Role(Located):
    id: Annotated[Id, Doc("The role's id, used in RACI and checklists.")]
    title: Annotated[str, Doc("The role's title, such as 'Key Contact'.")]
    site: Annotated[Id, Doc("Id of the site the role works at.")]
    person: Annotated[str | None, Doc("Who holds the role.")] = None
    email: Annotated[
        str | None,
        # The domain as "any character, then no dot up to the first dot": the same addresses
        # as [^@\s]+\.[^@\s]+, matched in linear time (that took minutes on a long value).
        Pattern(r"[^@\s]+@[^@\s][^@\s.]*\.[^@\s]+", "an e-mail address such as dana@example.com"),
        Doc("E-mail address."),
    ] = None
    phone: Annotated[
        str | None,
        Pattern(r"\+?[0-9][0-9 ().-]{3,30}", 'a phone number such as "+1 555 0100"'),
        Doc("Phone number, quoted."),
    ] = None


@dataclass(frozen=True, kw_only=True)
class Phase(Located):
    id: Annotated[Id, Doc("The phase's id, used by tasks.")]
    title: Annotated[str, Doc("The phase's title.")]
    training: Annotated[
        bool,
        Doc("true for training and knowledge transfer: holidays then are called out."),
    ] = False


@dataclass(frozen=True, kw_only=True)
class EscalationLevel(Located):
    role: Annotated[Id, Doc("Role id reached at this level.")]
    response: Annotated[
        ResponseTime, Doc('How fast this level answers, such as "30 min", "4 h" or "1 d".')
    ]
    hours: Annotated[
        WorkingHours, Doc('Hours the level covers, in its site\'s local time, "HH:MM-HH:MM".')
    ]
    days: Annotated[
        tuple[Weekday, ...] | None,
        Doc("Days the level covers; default: its site's working days."),
    ] = None
    contact: Annotated[str | None, Doc("How to reach it, such as a queue or a phone line.")] = None


@dataclass(frozen=True, kw_only=True)
class Dependency(Located):
    task: Annotated[Id, Doc("Id of the task this one waits for.")]
    lag: Annotated[int, Range(0, 1000), Doc("Working days to wait after it ends.")] = 0


@dataclass(frozen=True, kw_only=True)
class Raci(Located):
    responsible: Annotated[
        tuple[Id, ...], Doc("Role id (or list of role ids) that does the work.")
    ] = ()
    accountable: Annotated[Id | None, Doc("The one role id that answers for the result.")] = None
    consulted: Annotated[tuple[Id, ...], Doc("Role ids asked before decisions.")] = ()
    informed: Annotated[tuple[Id, ...], Doc("Role ids kept up to date.")] = ()


@dataclass(frozen=True, kw_only=True)
class Task(Located):
    id: Annotated[Id, Doc("The task's id, used in `after` and checklists.")]
    title: Annotated[str, Doc("What is done, in a few words.")]
    phase: Annotated[Id, Doc("Id of the phase the task belongs to.")]
    duration: Annotated[
        int | None,
        Range(0, 2000),
        Expected("a whole number of working days, 1 or more"),
        Doc("Working days, an integer >= 1 (0 or absent for milestones)."),
    ] = None
    milestone: Annotated[bool, Doc("true for a point in time such as Go-Live.")] = False
    sites: Annotated[
        tuple[Id, ...], Doc("Sites whose working days count; default: every site.")
    ] = ()
    after: Annotated[
        tuple[Id | Dependency, ...],
        Doc("Tasks this one waits for: ids, or {task: id, lag: working days}."),
    ] = ()
    raci: Annotated[Raci | None, Doc("Who is Responsible, Accountable, Consulted, Informed.")] = (
        None
    )
    page: Annotated[str | None, Doc("A page in docs/ about this task, such as kb/x.md.")] = None
    deadline: Annotated[IsoDate | None, Doc("The task must end (milestone: happen) by then.")] = (
        None
    )
    notes: Annotated[str | None, Doc("Free text shown with the task.")] = None
    started: Annotated[IsoDate | None, Doc("The day work actually began (not for milestones).")] = (
        None
    )
    finished: Annotated[
        IsoDate | None,
        Doc("The day it actually ended, inclusive; a milestone: the day it happened."),
    ] = None
    remaining: Annotated[
        int | None,
        Range(1, 2000),
        Expected("a whole number of working days, 1 or more"),
        Doc("Started, not finished: working days of work left."),
    ] = None

    page_properties: ClassVar[tuple[str, ...]] = ("days", "dependencies")

    @property
    def days(self) -> int:
        """Working days the task occupies: 0 for a milestone."""
        return 0 if self.milestone else (self.duration or 0)

    @cached_property
    def dependencies(self) -> tuple[Dependency, ...]:
        """`after` with bare ids turned into dependencies without lag."""
        return tuple(
            d if isinstance(d, Dependency) else Dependency(task=d, loc=self.at(f"after.{i}"))
            for i, d in enumerate(self.after)
        )


@dataclass(frozen=True, kw_only=True)
class ProjectFile(Located):
    project: Annotated[Project, Doc("Name and start date of the engagement.")]
    sites: Annotated[dict[Id, Site], Doc("Two or more sites, keyed by an id of your choosing.")]
    roles: Annotated[tuple[Role, ...], Doc("Roles and the people who hold them.")]
    phases: Annotated[tuple[Phase, ...], Doc("Phases, in order.")]
    tasks: Annotated[tuple[Task, ...], Doc("Tasks and milestones.")]
    escalation: Annotated[
        tuple[EscalationLevel, ...],
        Doc("Who to turn to, level by level, when a problem is not solved in time."),
    ] = ()


@dataclass(frozen=True, kw_only=True)
class Term(Located):
    term: Annotated[str, Doc("The word or phrase as it is usually written.")]
    definition: Annotated[str, Doc("What it means here, in a sentence or two.")]
    aliases: Annotated[tuple[str, ...], Doc("Other spellings that mean the same.")] = ()
    abbreviation: Annotated[bool, Doc("true for acronyms such as SLA.")] = False
    context: Annotated[
        dict[Id, str], Doc("Per site id: how this site reads the word, where it differs.")
    ] = field(default_factory=dict)
    see_also: Annotated[tuple[str, ...], Doc("Other terms, by their `term`.")] = ()
    not_in: Annotated[
        tuple[str, ...],
        Doc("Phrases that hold one of its words with another meaning ('identity provider')."),
    ] = ()


@dataclass(frozen=True, kw_only=True)
class GlossaryFile(Located):
    terms: Annotated[tuple[Term, ...], Doc("The shared vocabulary.")]


@dataclass(frozen=True, kw_only=True)
class ChecklistItem(Located):
    id: Annotated[Id, Doc("The item's id, unique within its checklist.")]
    text: Annotated[str, Doc("What must be true, as a sentence.")]
    owner: Annotated[Id, Doc("Role id of who makes it true.")]
    area: Annotated[str | None, Doc("Free grouping, such as firewall or VOIP.")] = None
    done: Annotated[bool, Doc("true once it is verified.")] = False


@dataclass(frozen=True, kw_only=True)
class Checklist(Located):
    id: Annotated[Id, Doc("The checklist's id.")]
    title: Annotated[str, Doc("The checklist's title.")]
    task: Annotated[Id | None, Doc("Task id: items are due when this task ends.")] = None
    items: Annotated[tuple[ChecklistItem, ...], Doc("The items.")]


@dataclass(frozen=True, kw_only=True)
class ChecklistsFile(Located):
    checklists: Annotated[tuple[Checklist, ...], Doc("Checklists for launch readiness.")]


@dataclass(frozen=True)
class Plan:
    """Everything in the plan directory, checked and cross-referenced."""

    page_properties: ClassVar[tuple[str, ...]] = ("role", "task")
    """What pages may use besides the fields (see `macros.present.sandbox`); not `directory`."""

    directory: Path = field(metadata={"internal": Internal()})
    project: Project
    sites: Mapping[str, Site]
    roles: tuple[Role, ...]
    phases: tuple[Phase, ...]
    tasks: tuple[Task, ...]
    terms: tuple[Term, ...] = ()
    checklists: tuple[Checklist, ...] = ()
    escalation: tuple[EscalationLevel, ...] = ()
    baseline: BaselineFile | None = None

    def __repr__(self) -> str:
        """A summary, not every field: mkdocs-macros turns each page variable into text at
        the start of every build (for its debug log, shown or not), and the full repr of a
        plan of 2,000 tasks took longer than laying out its Gantt chart."""
        counts = ", ".join(
            f"{len(items)} {name}"
            for name, items in (
                ("sites", self.sites),
                ("roles", self.roles),
                ("phases", self.phases),
                ("tasks", self.tasks),
                ("terms", self.terms),
                ("checklists", self.checklists),
            )
        )
        return f"Plan({self.project.name!r}: {counts})"

    def task(self, task_id: str) -> Task:
        return next(t for t in self.tasks if t.id == task_id)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def tasks_by_phase(self) -> list[tuple[Phase, list[Task]]]:
        """Every phase in plan order with its tasks, also in plan order.

        One pass over the tasks, not one per phase: the chart, the RACI matrix and the
        dashboard each ask for it, and a big plan has thousands of tasks.
        """
        by_phase: dict[str, list[Task]] = {p.id: [] for p in self.phases}
        for task in self.tasks:
            if task.phase in by_phase:
                by_phase[task.phase].append(task)
        return [(p, by_phase[p.id]) for p in self.phases]

    def task_sites(self, task: Task) -> tuple[str, ...]:
        """The sites whose working days count for `task`: its own, else every site."""
        return task.sites or tuple(self.sites)


@dataclass(frozen=True, kw_only=True)
class BaselineTask(Located):
    id: Annotated[Id, FromKey()]
    start: Annotated[IsoDate, Doc("The task's start when the baseline was saved.")]
    end: Annotated[IsoDate, Doc("The task's end (a milestone: its date) when it was saved.")]


@dataclass(frozen=True, kw_only=True)
class BaselineFile(Located):
    saved: Annotated[IsoDate, Doc("The day both sides agreed on the plan and it was saved.")]
    tasks: Annotated[dict[Id, BaselineTask], Doc("Every task's agreed start and end, by task id.")]


PLAN_FILES: dict[str, tuple[type[Located], bool]] = {
    "project.yaml": (ProjectFile, True),
    "glossary.yaml": (GlossaryFile, False),
    "checklists.yaml": (ChecklistsFile, False),
    "baseline.yaml": (BaselineFile, False),
}
