"""MkDocs glue: compute the plan once per build and hand it to mkdocs-macros.

Thin on purpose: the computation lives in modules that import nothing from MkDocs; this
module registers macros that render their results, with links relative to the page.
"""

from __future__ import annotations

import dataclasses
import functools
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from macros.plan.loader import plan_dir
from macros.plan.model import Term
from macros.present import checklists, gantt, glossary, pages, views
from macros.present.blocks import BlockStash
from macros.present.frontmatter import front_matter_end
from macros.present.generated import checklist_page_path, role_page_path
from macros.present.render import render
from macros.present.review import DEFAULT_REVIEW_EVERY, PageReview
from macros.present.sandbox import (
    PageLimits,
    PageSandbox,
    PageTemplateError,
    count_output,
    render_page,
)
from macros.schedule.result import PlanResult, compute_dir
from macros.schedule.today import build_date

T = TypeVar("T")


class PerBuild(Generic[T]):
    """A value computed once per build, tied to that build's MkDocs config object.

    `mkdocs serve` makes a new config for each rebuild, so an edited plan or page is always
    read again. The config is held by a weak reference, not by its `id()`: the modules stay
    loaded between rebuilds (hooks/reload.py), and a later config may be created at the
    address of a freed one.
    """

    def __init__(self) -> None:
        self._config: weakref.ref[Any] | None = None
        self._value: T | None = None

    def get(self, config: Any) -> T | None:
        if self._config is not None and self._config() is config:
            return self._value
        return None

    def set(self, config: Any, value: T) -> T:
        self._config, self._value = weakref.ref(config), value
        return value


_RESULT: PerBuild[PlanResult] = PerBuild()

LETTER_NAMES = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}


@functools.cache
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
    result = _RESULT.get(config)
    if result is None:
        result = _RESULT.set(config, compute_dir(resolve_plan_dir(config)))
    return result


# Per build: the review state of every authored page, and the glossary matcher.
_REVIEWS: PerBuild[list[PageReview]] = PerBuild()
_REVIEW_INDEX: PerBuild[dict[str, PageReview]] = PerBuild()
_MARKER: PerBuild[glossary.GlossaryMarker] = PerBuild()
_BLOCKS: PerBuild[BlockStash] = PerBuild()
_PAGES: PerBuild[PageRenderer] = PerBuild()


def review_every(config: Any) -> int:
    value = config.extra.get("review_every", DEFAULT_REVIEW_EVERY)
    return value if isinstance(value, int) and value > 0 else DEFAULT_REVIEW_EVERY


def set_reviews(config: Any, reviews: list[PageReview]) -> None:
    _REVIEWS.set(config, reviews)
    _REVIEW_INDEX.set(config, {r.path: r for r in reviews})


def reviews_for(config: Any) -> list[PageReview]:
    return _REVIEWS.get(config) or []


def review_of(config: Any, path: str) -> PageReview | None:
    """The review state of the page at `path` in docs/, found by key, not by a scan."""
    index = _REVIEW_INDEX.get(config)
    return index.get(path) if index is not None else None


def marker_for(config: Any) -> glossary.GlossaryMarker:
    """The glossary matcher of this build, compiled once."""
    marker = _MARKER.get(config)
    if marker is None:
        marker = _MARKER.set(config, _marker_of(result_for(config).plan.terms))
    return marker


_LAST_MARKER: list[glossary.GlossaryMarker] = []
"""The last matcher made, for the next build of `mkdocs serve` (this module stays loaded)."""


def _marker_of(terms: tuple[Term, ...]) -> glossary.GlossaryMarker:
    """A matcher for `terms`: the last one again while the glossary is the same.

    Making one sorts the entries and builds a pattern of every word, about 20 ms for 1,000
    terms, and compiling the pattern as much again when Python's own cache of compiled
    patterns no longer holds it. A rebuild after an edit to a page or to the project file
    finds the same terms (compared by value, in half a millisecond).
    """
    if _LAST_MARKER and _LAST_MARKER[0].terms == terms:
        return _LAST_MARKER[0]
    marker = glossary.GlossaryMarker(terms)
    _LAST_MARKER[:] = [marker]
    return marker


def blocks_for(config: Any) -> BlockStash:
    """The finished HTML blocks the macros made in this build (see `macros.present.blocks`)."""
    stash = _BLOCKS.get(config)
    return stash if stash is not None else _BLOCKS.set(config, BlockStash())


def no_glossary(html: Markup) -> Markup:
    """Keep glossary links out of a chart or a dense table: they would only add noise."""
    return Markup('\n\n<div class="op-no-glossary">') + html.strip() + Markup("</div>\n\n")


@dataclass(frozen=True)
class PageInfo:
    """What a page may know of itself: `{{ page.title }}`, `{{ page.meta.owner }}`."""

    title: str
    url: str
    path: str
    meta: Mapping[str, Any]


class PageRenderer:
    """Renders every page of one build in the page sandbox (`macros.present.sandbox`).

    Pages see plain data only: the plan, its schedule, the build date, the site's name
    and address, the page's own title, address and front matter, and the macros
    registered in `define_env`. Never MkDocs' config, files or plugins.
    """

    def __init__(self, config: Any, data: Mapping[str, Any]) -> None:
        self.sandbox = PageSandbox(page_limits(config))
        self.data = {
            **data,
            "site_name": str(config.site_name or ""),
            "site_url": str(config.site_url or ""),
        }
        self.docs = Path(config.docs_dir).name

    def render(self, markdown: str, page: Any) -> str:
        """`markdown`, the body of `page`, rendered; PluginError names the page and line."""
        from mkdocs.exceptions import PluginError

        shown = f"{self.docs}/{page.file.src_uri}"
        info = PageInfo(
            title=Markup(str(page.title or "")).striptags(),  # the theme's HTML, as text
            url=str(page.url or ""),
            path=str(page.file.src_uri),
            meta=dict(page.meta),
        )
        try:
            first = _first_line(page.file.content_string, markdown)
            return render_page(self.sandbox, markdown, {**self.data, "page": info}, shown, first)
        except PageTemplateError as exc:
            raise PluginError(str(exc)) from None


def page_limits(config: Any) -> PageLimits:
    """`PageLimits` with what `extra.page_limits` in mkdocs.yml changes."""
    wanted = config.extra.get("page_limits") or {}
    known = {f.name for f in dataclasses.fields(PageLimits)}
    chosen: dict[str, Any] = {
        k: v
        for k, v in wanted.items()
        if k in known and isinstance(v, int | float) and not isinstance(v, bool) and v > 0
    }
    return PageLimits(**chosen)


def _first_line(source: str, markdown: str) -> int:
    """The line of `source` (a page file) where `markdown`, its body, starts, from 1.

    MkDocs hands plugins the page without its front matter and the blank lines after it;
    template line numbers count from there, editors count from the top of the file.
    """
    lines = source.splitlines()
    closing = front_matter_end(lines)
    start = 0 if closing is None else closing + 1
    if markdown.strip():
        while start < len(lines) and not lines[start].strip():
            start += 1
    return start + 1


def render_current_page(env: Any) -> None:
    """mkdocs-macros' `on_pre_page_macros`: render the page in the sandbox, in its place.

    mkdocs-macros then leaves the page alone: its own environment (unsandboxed, with
    MkDocs' config in reach) never sees a page. `render_macros: false` in the front
    matter keeps a page's text as it is, as mkdocs-macros documents.
    """
    from mkdocs.exceptions import PluginError

    page = env.page
    meta = page.meta
    if "ignore_macros" in meta:
        raise PluginError(
            f"{Path(env.conf.docs_dir).name}/{page.file.src_uri}: `ignore_macros` is no "
            "longer supported: write `render_macros: false` instead"
        )
    if meta.get("render_macros") is not False:
        renderer = _PAGES.get(env.conf)
        if renderer is None:  # pragma: no cover - define_env always runs first
            raise PluginError("the page renderer was not set up: is `define_env` registered?")
        title = str(page.title or "")
        if "title" not in meta and renderer.sandbox.variable_start_string in title:
            # MkDocs' title before rendering is the first heading's source, such as
            # `# {{ project.name }}`: it gets the same data, escaped the same way.
            page.title = renderer.render(title, page)
        env.markdown = renderer.render(env.markdown, page)
    meta["render_macros"] = False  # rendered once, here: mkdocs-macros must not again


def define_env(env: Any) -> None:
    """Register the plan's variables and the macros that render it."""
    result = result_for(env.conf)
    plan = result.plan
    today = build_date()
    page_macros: dict[str, Callable[..., Any]] = {}

    def page_url() -> str:
        page = env.variables.get("page")
        return str(getattr(page, "url", "") or "")

    urls: dict[tuple[int, str], str] = {}

    def url_of(src: str) -> str:
        """The URL of the page built from `src`; asked thousands of times on big plans."""
        files = env.variables.get("files")
        key = (id(files), src)
        if key not in urls:
            target = files.get_file_from_path(src) if files is not None else None
            urls[key] = target.url if target is not None else src.removesuffix(".md") + "/"
        return urls[key]

    def href(src: str, anchor: str = "") -> str:
        """A link from the current page to the page built from `src` (a docs path)."""
        url = url_of(src)
        relative = get_relative_url(url, page_url()) if url else "./"
        return f"{relative}#{anchor}" if anchor else relative

    def href_file(name: str) -> str:
        """A link from the current page to a file the build writes at the site's root."""
        return get_relative_url(name, page_url())

    stash = blocks_for(env.conf)

    def block_macro(
        function: Callable[..., Markup], *, searchable: bool = True
    ) -> Callable[..., Markup]:
        """Register `function` as a macro whose HTML goes round Python-Markdown."""

        @functools.wraps(function)
        def placeholder(*args: Any, **kwargs: Any) -> Markup:
            html = function(*args, **kwargs)
            count_output(len(html))  # kept aside, but the page's output all the same
            return stash.put(html, searchable=searchable)

        page_macros[function.__name__] = placeholder
        return function

    def chart_macro(function: Callable[..., Markup]) -> Callable[..., Markup]:
        """A block macro whose HTML search does not read: a chart or a calendar grid."""
        return block_macro(function, searchable=False)

    def unindexed(html: Markup) -> Markup:
        """Put `html` into the page after search has read it (see `macros.present.blocks`): for
        tables that repeat the schedule's tasks, such as the RACI matrix and the task list
        of a role page, which would make every task a search result several times."""
        return stash.put(html, searchable=False)

    common = {
        "plan": plan,
        "schedule": result.schedule,
        "href": href,
        "today": today,
        "unindexed": unindexed,
    }

    def checklist_href(checklist_id: str) -> str:
        return href(checklist_page_path(checklist_id))

    @block_macro
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

    @block_macro
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

    @block_macro
    def checklists_index() -> Markup:
        """Every checklist with its progress, due date and overdue items."""
        return render(
            "checklists_index.html",
            views=checklists.checklist_views(result, today),
            checklist_href=checklist_href,
            **common,
        )

    @block_macro
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

    @block_macro
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

    @functools.cache
    def raci() -> dict[str, dict[str, str]]:
        return pages.raci_table(plan)

    @functools.cache
    def all_duties() -> dict[str, list[pages.RoleDuty]]:
        """Every role's tasks, found in one pass for the roles index and the role pages."""
        return pages.duties_by_role(result, raci())

    def duties_of(role_id: str) -> list[pages.RoleDuty]:
        return all_duties().get(role_id, [])

    @functools.cache
    def role_task_cells(timeline: str) -> dict[str, str]:
        """The task cells the role pages share, per link to the timeline (one in practice)."""
        return pages.role_task_cells(result, timeline)

    @functools.cache
    def escalation() -> list[pages.LevelView]:
        """The escalation path, worked out once for the contacts page and every role page."""
        return list(pages.escalation_levels(result, today))

    def task_href(task_id: str) -> str:
        return href("plan/timeline.md", f"task-{task_id}")

    def role_href(role_id: str) -> str:
        return href(role_page_path(role_id))

    @chart_macro
    def gantt_chart() -> Markup:
        """The timeline as inline SVG: phases, bars, critical path, milestones, today."""
        return no_glossary(gantt.gantt_svg(result, today))

    @block_macro
    def schedule_table() -> Markup:
        """Every task with dates, working days, slack, sites and who is responsible."""
        return no_glossary(gantt.schedule_table(result, today, role_href=role_href))

    @block_macro
    def holidays_by_site() -> Markup:
        """Each site's holidays, weekend and days off, with the tasks they touch."""
        return views.holidays_by_site(result, task_href=task_href)

    @chart_macro
    def month_grid() -> Markup:
        """A month-by-month calendar of the plan's window marking every site's days off."""
        return no_glossary(views.month_grid(result, today))

    @block_macro
    def shared_hours() -> Markup:
        """The hours the sites share, per range of dates, as 24-hour bands."""
        return views.shared_hours(result)

    @block_macro
    def raci_matrix() -> Markup:
        """Tasks by roles, with R/A/C/I, and the tasks whose RACI has gaps."""
        return render(
            "raci.html",
            rows=pages.raci_rows(plan, raci(), href("plan/timeline.md")),
            gaps=pages.raci_gaps(plan),
            **common,
        )

    @block_macro
    def roles_index() -> Markup:
        """Every role with a link to its page."""
        counts = [(r, len(duties_of(r.id))) for r in pages.roles_key_first(plan)]
        return render("roles_index.html", roles=counts, **common)

    @block_macro
    def role_page(role_id: str) -> Markup:
        """One role's own plan: its tasks by R/A/C/I, its checklist items, its escalation."""
        role = plan.role(role_id)
        duties = duties_of(role_id)
        cells = role_task_cells(href("plan/timeline.md"))
        return render(
            "role.html",
            role=role,
            site=plan.sites[role.site],
            duties=duties,
            task_rows=pages.role_task_rows(duties, cells, today, letter_names),
            items=pages.role_items(result, role_id),
            levels=[lv for lv in escalation() if lv.role.id == role_id],
            names=letter_names,
            **common,
        )

    @block_macro
    def contacts() -> Markup:
        """Key contact first, every role, and the escalation path in every site's time."""
        return render(
            "contacts.html",
            key=pages.key_contact(plan),
            roles=pages.roles_key_first(plan),
            levels=escalation(),
            on=today,
            **common,
        )

    _PAGES.set(
        env.conf,
        PageRenderer(
            env.conf,
            {
                "plan": plan,
                "project": plan.project,
                "schedule": result.schedule,
                "today": today,
                **page_macros,
            },
        ),
    )
