"""The macros pages call, as methods of one object: each renders a view of the computed plan.

`PlanPages` needs the computed plan, the status date, the reviews of the site's pages and a
`Links` object that turns a page of docs/ into a link from the page being rendered; it
imports nothing from MkDocs, so each macro can be called and tested on its own. The MkDocs
glue (`macros.mkdocs`) hands the methods to the page sandbox as the pages' macros.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

from markupsafe import Markup

from macros.present import checklists, gantt, glossary, pages, views
from macros.present.generated import checklist_page_path, role_page_path
from macros.present.render import render
from macros.present.review import PageReview
from macros.schedule.result import PlanResult

LETTER_NAMES = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}
TIMELINE = "plan/timeline.md"


@functools.cache
def letter_names(letters: str) -> str:
    """ "R/A" -> "Responsible and accountable"."""
    words = [LETTER_NAMES[letter] for letter in letters.split("/")]
    return " and ".join([words[0], *(w.lower() for w in words[1:])])


class Links(Protocol):
    """Links from the page being rendered."""

    def href(self, src: str, anchor: str = "") -> str:
        """To the page built from `src`, a path in docs/."""
        ...

    def href_file(self, name: str) -> str:
        """To a file the build writes at the site's root, such as schedule.csv."""
        ...


def no_glossary(html: Markup) -> Markup:
    """Keep glossary marks out of a chart or a dense table: they would only add noise."""
    return Markup('<div class="op-no-glossary">') + html.strip() + Markup("</div>")


class PlanPages:
    """Every macro of the site, for one build."""

    MACROS = (
        "dashboard",
        "glossary_page",
        "checklists_index",
        "checklist_page",
        "review_page",
        "gantt_chart",
        "schedule_table",
        "holidays_by_site",
        "month_grid",
        "shared_hours",
        "raci_matrix",
        "roles_index",
        "role_page",
        "contacts",
    )
    """The methods pages may call, listed in docs/editors/writing-pages.md."""

    def __init__(
        self,
        result: PlanResult,
        today: date,
        links: Links,
        *,
        reviews: Callable[[], Sequence[PageReview]] = tuple,
        review_every: int = 180,
        aside: Callable[[Markup], Markup] = Markup,
    ) -> None:
        """`aside(html)` is how a chart, a calendar grid or a table that repeats the
        schedule goes into a page: the site keeps them out of search (and out of the
        glossary marks) this way; called alone, they are the HTML itself."""
        self.result, self.plan, self.today, self.links = result, result.plan, today, links
        self._reviews, self.review_every = reviews, review_every
        self.aside = aside
        self._task_cells: dict[str, dict[str, Markup]] = {}

    def _common(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "schedule": self.result.schedule,
            "href": self.links.href,
            "today": self.today,
            "aside": self.aside,
        }

    def _checklist_href(self, checklist_id: str) -> str:
        return self.links.href(checklist_page_path(checklist_id))

    def _role_href(self, role_id: str) -> str:
        return self.links.href(role_page_path(role_id))

    def _task_href(self, task_id: str) -> str:
        return self.links.href(TIMELINE, f"task-{task_id}")

    # -- worked out once per build, for several pages ----------------------------------------

    @functools.cached_property
    def _raci(self) -> dict[str, dict[str, str]]:
        return pages.raci_table(self.plan)

    @functools.cached_property
    def _duties(self) -> dict[str, list[pages.RoleDuty]]:
        """Every role's tasks, found in one pass for the roles index and the role pages."""
        return pages.duties_by_role(self.result, self._raci)

    @functools.cached_property
    def _escalation(self) -> list[pages.LevelView]:
        """The escalation path, for the contacts page and every role page."""
        return list(pages.escalation_levels(self.result, self.today))

    def _role_task_cells(self, timeline: str) -> dict[str, Markup]:
        """The task cells the role pages share, per link to the timeline (one in practice),
        kept on this object so that they go with the build."""
        if timeline not in self._task_cells:
            self._task_cells[timeline] = pages.role_task_cells(self.result, timeline)
        return self._task_cells[timeline]

    # -- the macros ------------------------------------------------------------------------

    def dashboard(self) -> Markup:
        """The home page: status as of today, Go-Live, progress, deadlines, contact."""
        common = self._common()
        ready = (
            render(
                "readiness.html",
                r=checklists.readiness(self.result, self.today),
                checklist_href=self._checklist_href,
                **common,
            )
            if self.plan.checklists
            else Markup("")
        )
        return render(
            "dashboard.html",
            d=pages.dashboard(self.result, self.today),
            href_file=self.links.href_file,
            readiness=ready,
            **common,
        )

    def glossary_page(self) -> Markup:
        """The glossary A-Z, with aliases, per-site readings and see-also links."""
        entries = glossary.entries(self.plan.terms)
        by_name = {}
        for entry in entries:
            for word in (entry.term.term, *entry.term.aliases):
                by_name[word.casefold()] = entry
        return render(
            "glossary.html",
            entries=entries,
            letters=sorted({e.letter for e in entries}),
            by_name=by_name,
            site_names={s.id: s.name for s in self.plan.sites.values()},
            context_notes=glossary.context_notes,
            **self._common(),
        )

    def checklists_index(self) -> Markup:
        """Every checklist with its progress, due date and overdue items."""
        return render(
            "checklists_index.html",
            views=checklists.checklist_views(self.result, self.today),
            checklist_href=self._checklist_href,
            **self._common(),
        )

    def checklist_page(self, checklist_id: str) -> Markup:
        """One checklist: items by area, owners, due date, official and personal ticks."""
        chosen = next(c for c in self.plan.checklists if c.id == checklist_id)
        key = f"op-checklist:{glossary.slug(self.plan.project.name)}:{checklist_id}"
        return render(
            "checklist.html",
            v=checklists.checklist_view(self.result, chosen, self.today),
            role_href=self._role_href,
            storage_key=key,
            **self._common(),
        )

    def review_page(self) -> Markup:
        """Pages whose review is overdue, with their owners and dates."""
        today, reviews = self.today, self._reviews()
        overdue = sorted((r for r in reviews if r.overdue(today)), key=lambda r: r.due or today)
        upcoming = sorted(
            (r for r in reviews if not r.overdue(today) and r.due is not None),
            key=lambda r: r.due or today,
        )[:10]
        return render(
            "review.html",
            overdue=overdue,
            upcoming=upcoming,
            roles={r.id: r for r in self.plan.roles},
            every=self.review_every,
            **self._common(),
        )

    def gantt_chart(self) -> Markup:
        """The timeline as inline SVG: phases, bars, progress, baseline, the status date."""
        return self.aside(no_glossary(gantt.gantt_svg(self.result, self.today)))

    def schedule_table(self) -> Markup:
        """Every task with status, dates, working days, slack, variance and who is responsible."""
        return no_glossary(gantt.schedule_table(self.result, self.today, role_href=self._role_href))

    def holidays_by_site(self) -> Markup:
        """Each site's holidays, weekend and days off, with the tasks they touch."""
        return views.holidays_by_site(self.result, task_href=self._task_href)

    def month_grid(self) -> Markup:
        """A month-by-month calendar of the plan's window marking every site's days off."""
        return self.aside(no_glossary(views.month_grid(self.result, self.today)))

    def shared_hours(self) -> Markup:
        """The hours the sites share, per range of dates, as 24-hour bands."""
        return views.shared_hours(self.result)

    def raci_matrix(self) -> Markup:
        """Tasks by roles, with R/A/C/I, and the tasks whose RACI has gaps."""
        return render(
            "raci.html",
            rows=pages.raci_rows(self.plan, self._raci, self.links.href(TIMELINE)),
            gaps=pages.raci_gaps(self.plan),
            **self._common(),
        )

    def roles_index(self) -> Markup:
        """Every role with a link to its page."""
        counts = [(r, len(self._duties.get(r.id, []))) for r in pages.roles_key_first(self.plan)]
        return render("roles_index.html", roles=counts, **self._common())

    def role_page(self, role_id: str) -> Markup:
        """One role's own plan: its tasks by R/A/C/I, its checklist items, its escalation."""
        role = self.plan.role(role_id)
        duties = self._duties.get(role_id, [])
        cells = self._role_task_cells(self.links.href(TIMELINE))
        return render(
            "role.html",
            role=role,
            site=self.plan.sites[role.site],
            duties=duties,
            task_rows=pages.role_task_rows(duties, cells, self.today, letter_names),
            items=pages.role_items(self.result, role_id),
            levels=[lv for lv in self._escalation if lv.role.id == role_id],
            names=letter_names,
            **self._common(),
        )

    def contacts(self) -> Markup:
        """Key contact first, every role, and the escalation path in every site's time."""
        return render(
            "contacts.html",
            key=pages.key_contact(self.plan),
            roles=pages.roles_key_first(self.plan),
            levels=self._escalation,
            on=self.today,
            **self._common(),
        )
