"""MkDocs glue: compute the plan once per build and hand it to mkdocs-macros.

Thin on purpose: the computation lives in modules that import nothing from MkDocs; this
module registers macros that render their results, with links relative to the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from . import checklists, gantt, glossary, pages, views
from .loader import load_plan, plan_dir
from .render import render
from .review import DEFAULT_REVIEW_EVERY, PageReview
from .timeline import PlanResult, compute
from .today import build_date

# The plan of the build in progress, keyed by the id of its MkDocs config object. mkdocs
# serve makes a new config for each rebuild, so an edit to the plan is always reread.
_LOADED: dict[int, PlanResult] = {}

LETTER_NAMES = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}


def letter_names(letters: str) -> str:
    """ "R/A" -> "Responsible and accountable"."""
    words = [LETTER_NAMES[letter] for letter in letters.split("/")]
    return " and ".join([words[0], *(w.lower() for w in words[1:])])


def resolve_plan_dir(config: Any) -> Path:
    """`$PLAN_DIR` (else plan/), relative to the directory of mkdocs.yml."""
    root = Path(config.config_file_path or ".").resolve().parent
    return root / plan_dir()


def result_for(config: Any) -> PlanResult:
    """The build's plan, schedule and warnings, computed on first use.

    Raises PlanError when the plan is invalid.
    """
    key = id(config)
    if key not in _LOADED:
        _LOADED.clear()  # one build at a time: drop the previous build's plan
        plan, warnings = load_plan(resolve_plan_dir(config))
        _LOADED[key] = compute(plan, warnings)
    return _LOADED[key]


# Per build: the review state of every authored page, and the glossary matcher.
_REVIEWS: dict[int, list[PageReview]] = {}
_MARKERS: dict[int, glossary.GlossaryMarker] = {}
_REVIEW_INDEX: dict[int, dict[str, PageReview]] = {}

GLOSSARY_PAGE = "glossary.md"
CHECKLISTS_INDEX = "checklists/index.md"
REVIEW_PAGE = "editors/review.md"


def role_page_path(role_id: str) -> str:
    """Where the generated page of a role lives in the docs tree."""
    return f"plan/roles/{role_id}.md"


def checklist_page_path(checklist_id: str) -> str:
    return f"checklists/{checklist_id}.md"


def review_every(config: Any) -> int:
    value = config.extra.get("review_every", DEFAULT_REVIEW_EVERY)
    return value if isinstance(value, int) and value > 0 else DEFAULT_REVIEW_EVERY


def set_reviews(config: Any, reviews: list[PageReview]) -> None:
    _REVIEWS.clear()
    _REVIEW_INDEX.clear()
    _REVIEWS[id(config)] = reviews


def reviews_for(config: Any) -> list[PageReview]:
    return _REVIEWS.get(id(config), [])


def review_of(config: Any, path: str) -> PageReview | None:
    """The review state of the page at `path` in docs/, found by key, not by a scan."""
    key = id(config)
    if _REVIEW_INDEX.get(key) is None:
        _REVIEW_INDEX.clear()
        _REVIEW_INDEX[key] = {r.path: r for r in reviews_for(config)}
    return _REVIEW_INDEX[key].get(path)


def marker_for(config: Any) -> glossary.GlossaryMarker:
    """The glossary matcher of this build, compiled once."""
    key = id(config)
    if key not in _MARKERS:
        _MARKERS.clear()
        _MARKERS[key] = glossary.GlossaryMarker(result_for(config).plan.terms)
    return _MARKERS[key]


def no_glossary(html: Markup) -> Markup:
    """Keep glossary links out of a chart or a dense table: they would only add noise."""
    return Markup('\n\n<div class="op-no-glossary">') + html.strip() + Markup("</div>\n\n")


def define_env(env: Any) -> None:
    """Register the plan's variables and the macros that render it."""
    result = result_for(env.conf)
    plan = result.plan
    today = build_date()
    env.variables["plan"] = plan
    env.variables["project"] = plan.project
    env.variables["schedule"] = result.schedule
    env.variables["today"] = today

    def page_url() -> str:
        page = env.variables.get("page")
        return str(getattr(page, "url", "") or "")

    def href(src: str, anchor: str = "") -> str:
        """A link from the current page to the page built from `src` (a docs path)."""
        files = env.variables.get("files")
        target = files.get_file_from_path(src) if files is not None else None
        url = target.url if target is not None else src.removesuffix(".md") + "/"
        relative = get_relative_url(url, page_url()) if url else "./"
        return f"{relative}#{anchor}" if anchor else relative

    def href_file(name: str) -> str:
        """A link from the current page to a file the build writes at the site's root."""
        return get_relative_url(name, page_url())

    common = {"plan": plan, "schedule": result.schedule, "href": href, "today": today}

    def checklist_href(checklist_id: str) -> str:
        return href(checklist_page_path(checklist_id))

    @env.macro  # type: ignore[untyped-decorator]
    def dashboard() -> Markup:
        """The home page: Go-Live countdown, phase, milestones, missed deadlines, contact."""
        ready = (
            render(
                "readiness.html",
                r=checklists.readiness(result, today),
                checklist_href=checklist_href,
                **common,
            )
            if plan.checklists
            else Markup("")
        )
        return render(
            "dashboard.html",
            d=pages.dashboard(result, today),
            href_file=href_file,
            readiness=ready,
            **common,
        )

    @env.macro  # type: ignore[untyped-decorator]
    def glossary_page() -> Markup:
        """The glossary A-Z, with aliases, per-site readings and see-also links."""
        entries = glossary.entries(plan.terms)
        by_name = {}
        for entry in entries:
            for word in (entry.term.term, *entry.term.aliases):
                by_name[word.casefold()] = entry
        letters = sorted({e.letter for e in entries})
        return render(
            "glossary.html",
            entries=entries,
            letters=letters,
            by_name=by_name,
            site_names={s.id: s.name for s in plan.sites.values()},
            context_notes=glossary.context_notes,
            **common,
        )

    @env.macro  # type: ignore[untyped-decorator]
    def checklists_index() -> Markup:
        """Every checklist with its progress, due date and overdue items."""
        return render(
            "checklists_index.html",
            views=checklists.checklist_views(result, today),
            checklist_href=checklist_href,
            **common,
        )

    @env.macro  # type: ignore[untyped-decorator]
    def checklist_page(checklist_id: str) -> Markup:
        """One checklist: items by area, owners, due date, official and personal ticks."""
        chosen = next(c for c in plan.checklists if c.id == checklist_id)
        return render(
            "checklist.html",
            v=checklists.checklist_view(result, chosen, today),
            role_href=role_href,
            storage_key=f"op-checklist:{glossary.slug(plan.project.name)}:{checklist_id}",
            **common,
        )

    @env.macro  # type: ignore[untyped-decorator]
    def review_page() -> Markup:
        """Pages whose review is overdue, with their owners and dates."""
        reviews = reviews_for(env.conf)
        roles = {r.id: r for r in plan.roles}
        overdue = sorted((r for r in reviews if r.overdue(today)), key=lambda r: r.due or today)
        upcoming = sorted(
            (r for r in reviews if not r.overdue(today) and r.due is not None),
            key=lambda r: r.due or today,
        )[:10]
        return render(
            "review.html",
            overdue=overdue,
            upcoming=upcoming,
            roles=roles,
            every=review_every(env.conf),
            **common,
        )

    def task_href(task_id: str) -> str:
        return href("plan/timeline.md", f"task-{task_id}")

    def role_href(role_id: str) -> str:
        return href(role_page_path(role_id))

    @env.macro  # type: ignore[untyped-decorator]
    def gantt_chart() -> Markup:
        """The timeline as inline SVG: phases, bars, critical path, milestones, today."""
        return no_glossary(gantt.gantt_svg(result, today))

    @env.macro  # type: ignore[untyped-decorator]
    def schedule_table() -> Markup:
        """Every task with dates, working days, slack, sites and who is responsible."""
        return no_glossary(gantt.schedule_table(result, today, role_href=role_href))

    @env.macro  # type: ignore[untyped-decorator]
    def holidays_by_site() -> Markup:
        """Each site's holidays, weekend and days off, with the tasks they touch."""
        return views.holidays_by_site(result, task_href=task_href)

    @env.macro  # type: ignore[untyped-decorator]
    def month_grid() -> Markup:
        """A month-by-month calendar of the plan's window marking every site's days off."""
        return no_glossary(views.month_grid(result, today))

    @env.macro  # type: ignore[untyped-decorator]
    def shared_hours() -> Markup:
        """The hours the sites share, per range of dates, as 24-hour bands."""
        return views.shared_hours(result)

    @env.macro  # type: ignore[untyped-decorator]
    def raci_matrix() -> Markup:
        """Tasks by roles, with R/A/C/I, and the tasks whose RACI has gaps."""
        by_phase = plan.tasks_by_phase()
        return render(
            "raci.html",
            by_phase=by_phase,
            gaps=pages.raci_gaps(plan),
            letters=pages.raci_letters,
            **common,
        )

    @env.macro  # type: ignore[untyped-decorator]
    def roles_index() -> Markup:
        """Every role with a link to its page."""
        counts = [(r, len(pages.role_duties(result, r.id))) for r in pages.roles_key_first(plan)]
        return render("roles_index.html", roles=counts, **common)

    @env.macro  # type: ignore[untyped-decorator]
    def role_page(role_id: str) -> Markup:
        """One role's own plan: its tasks by R/A/C/I, its checklist items, its escalation."""
        role = plan.role(role_id)
        return render(
            "role.html",
            role=role,
            site=plan.sites[role.site],
            duties=pages.role_duties(result, role_id),
            items=pages.role_items(result, role_id),
            levels=[lv for lv in pages.escalation_levels(result, today) if lv.role.id == role_id],
            names=letter_names,
            **common,
        )

    @env.macro  # type: ignore[untyped-decorator]
    def contacts() -> Markup:
        """Key contact first, every role, and the escalation path in every site's time."""
        return render(
            "contacts.html",
            key=pages.key_contact(plan),
            roles=pages.roles_key_first(plan),
            levels=list(pages.escalation_levels(result, today)),
            on=today,
            **common,
        )
