"""Checks across the plan: unique ids, references, cycles, countries, zones and languages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import holidays

from macros.plan.convert import INVALID, suggest
from macros.plan.model import ChecklistsFile, Dependency, GlossaryFile, Located, ProjectFile, Task
from macros.plan.problems import Loc, Problem, Severity, clip


@cache
def supported_countries() -> dict[str, tuple[str, ...]]:
    """Country code -> subdivision codes, as the `holidays` package knows them."""
    return {
        code: tuple(subdivisions)
        for code, subdivisions in holidays.list_supported_countries().items()
        if len(code) == 2
    }


@cache
def known_timezones() -> frozenset[str]:
    """The IANA time zone names, from the `tzdata` package's list.

    Not `zoneinfo.available_timezones()`: that also lists files of the machine's own zone
    database such as `localtime` (whatever zone the machine is set to) and `posixrules`,
    so a plan would mean one thing on one machine and another elsewhere. `Factory` is in
    the list but is no place: it is the zone of a machine nobody has set up.
    """
    names = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(names.split()) - {"Factory"}


@cache
def country_languages(country: str) -> tuple[str, ...]:
    return tuple(holidays.country_holidays(country).supported_languages)


def _err(loc: Loc, message: str) -> Problem:
    return Problem(loc, message)


def _warn(loc: Loc, message: str) -> Problem:
    return Problem(loc, message, Severity.WARNING)


def _items(items: Any) -> tuple[Any, ...]:
    """A list field's items; none when the field itself was invalid (already reported)."""
    return () if items is INVALID else tuple(items)


class IdList(list[str]):
    """Ids in the order they were written (for messages), with a set behind `in`: a plan
    of 2,000 tasks checks tens of thousands of references against its task ids."""

    def __init__(self, ids: Iterable[str]) -> None:
        super().__init__(ids)
        self._set = frozenset(self)

    def __contains__(self, value: object) -> bool:
        return value in self._set


def ids(items: Any, key: str = "id") -> list[str] | None:
    """The valid ids of `items`, each once; None when the list itself was invalid."""
    if items is INVALID:
        return None
    return IdList(dict.fromkeys(v for i in items if (v := getattr(i, key)) is not INVALID))


def _unique(items: Iterable[Located], key: str, kind: str) -> Iterator[Problem]:
    first: dict[str, Loc] = {}
    for item in items:
        value = getattr(item, key)
        if value is INVALID:
            continue
        if value in first:
            yield _err(
                item.at(key),
                f"duplicate {kind} id {value!r} (first used on line {first[value].line}): "
                "give each one its own id",
            )
        else:
            first[value] = item.at(key)


def _ref(loc: Loc, value: Any, known: list[str] | None, what: str, kind: str) -> Iterator[Problem]:
    """An error when `value` is not among the `known` ids (None: the list was invalid)."""
    if known is None or value is INVALID or value in known:
        return
    hint = suggest(value, known) or (
        f": known {kind} ids are {', '.join(known)}" if known else f": define the {kind} first"
    )
    yield _err(loc, f"{what} names an unknown {kind} {value!r}{hint}")


def check_project(pf: ProjectFile) -> Iterator[Problem]:
    sites = {} if pf.sites is INVALID else pf.sites
    roles, phases, tasks = _items(pf.roles), _items(pf.phases), _items(pf.tasks)
    if pf.sites is not INVALID:
        yield from _check_sites(pf)
    yield from _unique(roles, "id", "role")
    yield from _unique(phases, "id", "phase")
    yield from _unique(tasks, "id", "task")
    site_ids = None if pf.sites is INVALID else list(sites)
    role_ids, phase_ids, task_ids = ids(pf.roles), ids(pf.phases), ids(pf.tasks)

    for role in roles:
        yield from _ref(role.at("site"), role.site, site_ids, role.label, "site")
    if pf.tasks is not INVALID and not tasks:
        yield _err(pf.at("tasks"), "the plan has no tasks: add at least one under `tasks:`")
    for task in tasks:
        yield from _check_task(task, site_ids, role_ids, phase_ids, task_ids)
    yield from _check_cycles(tasks)

    for level in _items(pf.escalation):
        yield from _ref(level.at("role"), level.role, role_ids, level.label, "role")

    project = pf.project
    if project is INVALID:
        return
    if project.key_contact is not None:
        yield from _ref(
            project.at("key_contact"), project.key_contact, role_ids, "project: key_contact", "role"
        )
    go_live = project.go_live
    target = next((t for t in tasks if t.id == go_live), None)
    if go_live is None or task_ids is None:
        return
    if target is None:
        yield from _ref(project.at("go_live"), go_live, task_ids, "project: go_live", "task")
    elif not target.milestone and "milestone" not in target.invalid:
        yield _err(
            project.at("go_live"),
            f"project: go_live names {go_live!r}, which is not a milestone: "
            "name the Go-Live milestone, or add `milestone: true` to that task",
        )


def _check_sites(pf: ProjectFile) -> Iterator[Problem]:
    if len(pf.sites) < 2 and "sites" not in pf.invalid:
        yield _err(
            pf.at("sites"),
            f"the plan has {len(pf.sites)} site{'s' if len(pf.sites) != 1 else ''}: an outsourcing "
            "plan needs two or more (the client's and the provider's)",
        )
    countries = supported_countries()
    zones = known_timezones()
    for site in pf.sites.values():
        label = site.label
        if site.country is INVALID:
            pass
        elif site.country not in countries:
            hint = suggest(site.country.upper(), countries)
            if site.country.upper() in countries:
                hint = f": write it in capitals, {site.country.upper()!r}"
            yield _err(
                site.at("country"),
                f"{label}: country {clip(site.country)!r} is not an ISO 3166-1 alpha-2 code known "
                f"to the holidays package{hint or ' (such as CA, PL, DE, IN or PH)'}",
            )
        elif site.subdivision is not None and site.subdivision not in countries[site.country]:
            subdivisions = countries[site.country]
            hint = suggest(site.subdivision, subdivisions)
            listing = (
                f"; {site.country} has: {', '.join(subdivisions[:40])}"
                if subdivisions
                else f"; remove it, holidays knows no subdivisions of {site.country}"
            )
            yield _err(
                site.at("subdivision"),
                f"{label}: {clip(site.subdivision)!r} is not a subdivision of {site.country}"
                f"{hint}{'' if hint else listing}",
            )
        if site.language is not None and site.country in countries:
            languages = country_languages(site.country)
            if site.language not in languages:
                yield _err(
                    site.at("language"),
                    f"{label}: holidays has no {clip(site.language)!r} names for {site.country}"
                    f"{suggest(site.language, languages)}; "
                    f"it has: {', '.join(languages) or 'none'}",
                )
        if site.timezone is not INVALID and site.timezone not in zones:
            yield _err(
                site.at("timezone"),
                f"{label}: {clip(site.timezone)!r} is not an IANA time zone"
                f"{suggest(site.timezone, zones) or ' (such as America/Toronto or Europe/Warsaw)'}",
            )
        if site.weekend is not None and len(set(site.weekend)) != len(site.weekend):
            yield _err(site.at("weekend"), f"{label}: weekend lists a day twice")
        if site.weekend is not None and len(set(site.weekend)) == 7:
            yield _err(site.at("weekend"), f"{label}: weekend covers every day of the week")


def _check_task(
    task: Task,
    site_ids: list[str] | None,
    role_ids: list[str] | None,
    phase_ids: list[str] | None,
    task_ids: list[str] | None,
) -> Iterator[Problem]:
    label = task.label
    yield from _ref(task.at("phase"), task.phase, phase_ids, label, "phase")
    if task.milestone and task.duration:
        yield _err(
            task.at("duration"),
            f"{label} is a milestone, which takes no time: remove `duration: {task.duration}` "
            "or `milestone: true`",
        )
    # A duration or milestone that was written but is invalid has its own message already.
    if not task.milestone and not task.duration and not {"duration", "milestone"} & task.invalid:
        yield _err(
            task.at("duration") if "duration" in task.locs else task.loc,
            f"{label} needs `duration:` in working days (1 or more), or `milestone: true`",
        )
    # The `site in site_ids` tests before `_ref` (here and below) are only a shortcut: a big
    # plan has tens of thousands of references, nearly all fine, and making `_ref`'s
    # generator and the location for each of them was most of the time of these checks.
    for i, site in enumerate(task.sites):
        if site_ids is None or site in site_ids:
            continue
        yield from _ref(task.at(f"sites.{i}"), site, site_ids, label, "site")
    if len(set(task.sites)) != len(task.sites):
        yield _err(task.at("sites"), f"{label}: sites lists a site twice")
    seen: set[str] = set()
    for dep in task.dependencies:
        if dep.task == task.id:
            yield _err(dep.loc, f"{label} cannot come after itself: remove it from `after`")
        elif dep.task in seen:
            yield _err(dep.loc, f"{label} lists {dep.task!r} twice in `after`")
        elif task_ids is not None and dep.task not in task_ids:
            yield from _ref(dep.loc, dep.task, task_ids, f"{label}: after", "task")
        seen.add(dep.task)
    if task.raci is not None:
        raci = task.raci
        for letter in ("responsible", "consulted", "informed"):
            for i, role in enumerate(getattr(raci, letter)):
                if role_ids is None or role in role_ids:
                    continue
                yield from _ref(
                    raci.at(f"{letter}.{i}"), role, role_ids, f"{label}: raci {letter}", "role"
                )
        if raci.accountable is None and "accountable" not in raci.invalid:
            yield _warn(
                raci.loc,
                f"{label}: raci has no accountable: add `accountable:` with the one role "
                "that answers for the result",
            )
        if not raci.responsible and "responsible" not in raci.invalid:
            yield _warn(
                raci.loc,
                f"{label}: raci has no responsible: add `responsible:` with the role "
                "(or roles) that do the work",
            )
        if raci.accountable is not None:
            yield from _ref(
                raci.at("accountable"),
                raci.accountable,
                role_ids,
                f"{label}: raci accountable",
                "role",
            )
    if task.page is not None and (task.page.startswith("/") or ".." in task.page.split("/")):
        yield _err(
            task.at("page"),
            f"{label}: page {clip(task.page)!r} must be a path inside docs/, such as kb/billing.md",
        )


def _check_cycles(tasks: tuple[Task, ...]) -> Iterator[Problem]:
    """Report each dependency cycle once, at the dependency that closes it."""
    by_id = {t.id: t for t in tasks if t.id is not INVALID}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    followed: dict[str, list[Dependency]] = {}  # node -> the dependencies the walk follows
    reported: set[frozenset[str]] = set()
    for root in by_id:
        if root in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                path.append(node)
                # Worked out once per node, not at each of its dependencies.
                followed[node] = [
                    d for d in by_id[node].dependencies if d.task in by_id and d.task != node
                ]
            deps = followed[node]
            if index < len(deps):
                stack.append((node, index + 1))
                dep = deps[index]
                if state.get(dep.task) == 1:
                    cycle = [*path[path.index(dep.task) :], dep.task]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        yield _err(
                            dep.loc,
                            "dependency cycle: "
                            + " -> ".join(reversed(cycle))
                            + f": remove {dep.task!r} from the `after` of {node!r} "
                            "or break the loop elsewhere",
                        )
                elif dep.task not in state:
                    stack.append((dep.task, 0))
            else:
                state[node] = 2
                path.pop()


MAX_TERM = 100
"""The longest glossary term or alias. Pages are searched for every one of them with one
pattern built letter by letter, a level of recursion per letter: a term of a few hundred
characters ended the build in a RecursionError."""


def check_glossary(gf: GlossaryFile, site_ids: list[str] | None) -> Iterator[Problem]:
    terms = _items(gf.terms)
    names: dict[str, Loc] = {}
    owners: dict[str, str] = {}  # per word: how its first entry holds it, for messages
    for term in terms:
        for i, name in enumerate((term.term, *term.aliases)):
            if name is INVALID:
                continue
            loc = term.at("term") if i == 0 else term.at(f"aliases.{i - 1}")
            if len(name) > MAX_TERM:
                yield _err(
                    loc,
                    f"glossary: {clip(name)!r} is {len(name):,} characters long: a term is a "
                    f"word or a short phrase, at most {MAX_TERM} characters; put the rest in its "
                    "definition",
                )
            key = name.casefold()
            here = "a term" if i == 0 else f"an alias of {term.label}"
            if key in names:
                yield _err(
                    loc,
                    f"glossary: {clip(name)!r} here is {here}, and on line {names[key].line} "
                    f"already {owners[key]}: merge the two entries, or keep the word in one",
                )
            else:
                names[key] = loc
                owners[key] = here
    known_terms = [t.term for t in terms if t.term is not INVALID]
    for term in terms:
        for i, other in enumerate(term.see_also):
            if other.casefold() not in names:
                yield _err(
                    term.at(f"see_also.{i}"),
                    f"glossary: {term.label}: see_also names {clip(other)!r}, which is no term or "
                    f"alias{suggest(other, known_terms)}",
                )
        words = [w for w in (term.term, *term.aliases) if w is not INVALID]
        for i, phrase in enumerate(term.not_in):
            if phrase is INVALID:
                continue
            if not any(re.search(rf"(?i)(?<![\w-]){re.escape(w)}(?![\w-])", phrase) for w in words):
                yield _err(
                    term.at(f"not_in.{i}"),
                    f"glossary: {term.label}: not_in lists {clip(phrase)!r}, which does not hold "
                    f"the term or an alias ({', '.join(repr(w) for w in words)}): write the "
                    "phrase in which its word means something else, such as 'identity provider' "
                    "for 'provider'",
                )
        for site in term.context:
            yield from _ref(
                term.at(f"context.{site}"),
                site,
                site_ids,
                f"glossary: {term.label}: context",
                "site",
            )


def check_checklists(
    cf: ChecklistsFile, role_ids: list[str] | None, task_ids: list[str] | None
) -> Iterator[Problem]:
    checklists = _items(cf.checklists)
    yield from _unique(checklists, "id", "checklist")
    for checklist in checklists:
        label = checklist.label
        if checklist.task is not None:
            yield from _ref(checklist.at("task"), checklist.task, task_ids, label, "task")
        items = _items(checklist.items)
        yield from _unique(items, "id", f"{label} item")
        for item in items:
            yield from _ref(item.at("owner"), item.owner, role_ids, f"{item.label}: owner", "role")


def _notice(loc: Loc, message: str) -> Problem:
    return Problem(loc, message, Severity.NOTICE)


def check_progress(pf: ProjectFile, status_date: date | None) -> Iterator[Problem]:
    """Recorded progress (`started`, `finished`, `remaining`), as PLAN_FORMAT.md says.

    Errors: finished before started; started or finished after the status date; finished
    without started on a task that takes time; started or remaining on a milestone;
    remaining on a task not started or already finished. Notices: a task started (a
    milestone: finished) while a task it waits for had not finished, out of sequence.
    """
    tasks = [t for t in _items(pf.tasks) if t is not INVALID]
    finished_on = {t.id: t.finished for t in tasks}
    for task in tasks:
        label, started, finished = task.label, task.started, task.finished
        if task.milestone and started is not None:
            yield _err(
                task.at("started"),
                f"{label} is a milestone, which happens on one day: remove `started:` and "
                "write the day it happened as `finished:`",
            )
        if task.milestone and task.remaining is not None:
            yield _err(
                task.at("remaining"),
                f"{label} is a milestone, which has no work to do: remove `remaining:`",
            )
        elif task.remaining is not None and started is None and "started" not in task.invalid:
            yield _err(
                task.at("remaining"),
                f"{label} has `remaining:` but has not started: add `started:` with the day "
                "work began, or remove `remaining:`",
            )
        elif task.remaining is not None and finished is not None:
            yield _err(
                task.at("remaining"),
                f"{label} is finished, so no work remains: remove `remaining:`",
            )
        if (
            finished is not None
            and started is None
            and not task.milestone
            and "started" not in task.invalid
        ):
            yield _err(
                task.at("finished"),
                f"{label} has `finished:` but no `started:`: add `started:` with the day "
                "work began",
            )
        if finished is not None and started is not None and finished < started:
            yield _err(
                task.at("finished"),
                f"{label} finished on {finished.isoformat()}, before it started on "
                f"{started.isoformat()}: correct one of the two dates",
            )
        if status_date is not None:
            for name, day in (("started", started), ("finished", finished)):
                if day is not None and day > status_date:
                    yield _err(
                        task.at(name),
                        f"{label}: `{name}: {day.isoformat()}` is after the status date "
                        f"{status_date.isoformat()}: record progress only once it has "
                        "happened (the status date is the build's today, PLAYBOOK_TODAY "
                        "when set)",
                    )
        began = finished if task.milestone else started
        if began is None:
            continue
        for dep in task.dependencies:
            if dep.task not in finished_on:
                continue  # an unknown id, reported by check_project
            done = finished_on[dep.task]
            if done is None or done > began:
                verb = "happened" if task.milestone else "started"
                if done is None:
                    when, fix = "had not finished", f"record `finished:` on {dep.task!r}"
                else:
                    when = f"finished only on {done.isoformat()}"
                    fix = "check the two dates"
                yield _notice(
                    task.at("finished" if task.milestone else "started"),
                    f"{label} {verb} on {began.isoformat()} while {dep.task!r}, which it "
                    f"waits for, {when} (out of sequence): {fix}, or drop {dep.task!r} from "
                    "`after` if the work did not need it",
                )
