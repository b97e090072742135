"""Checklists with their due dates, progress and overdue items; Go-Live readiness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from macros.plan.model import Checklist, ChecklistItem, Role
from macros.schedule.result import PlanResult


@dataclass(frozen=True)
class ItemView:
    item: ChecklistItem
    owner: Role | None
    overdue: bool


@dataclass(frozen=True)
class ChecklistView:
    checklist: Checklist
    due: date | None
    items: list[ItemView]
    areas: list[tuple[str | None, list[ItemView]]]  # items grouped by area, in first-seen order

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.item.done)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)


def checklist_view(result: PlanResult, checklist: Checklist, today: date) -> ChecklistView:
    plan = result.plan
    due = result.schedule[checklist.task].end if checklist.task else None
    roles = {r.id: r for r in plan.roles}
    items = [
        ItemView(
            item=item,
            owner=roles.get(item.owner),
            overdue=due is not None and not item.done and due < today,
        )
        for item in checklist.items
    ]
    areas: dict[str | None, list[ItemView]] = {}
    for view in items:
        areas.setdefault(view.item.area, []).append(view)
    return ChecklistView(checklist, due, items, list(areas.items()))


def checklist_views(result: PlanResult, today: date) -> list[ChecklistView]:
    return [checklist_view(result, c, today) for c in result.plan.checklists]


@dataclass(frozen=True)
class Readiness:
    """Go-Live readiness: every checklist due by Go-Live must be complete to go."""

    checklists: list[ChecklistView]  # those that count for Go-Live
    open_items: int
    overdue_items: int

    @property
    def go(self) -> bool:
        return bool(self.checklists) and self.open_items == 0


def readiness(result: PlanResult, today: date) -> Readiness:
    views = checklist_views(result, today)
    go_live = result.plan.project.go_live
    deadline = result.schedule[go_live].start if go_live else None
    counted = [v for v in views if deadline is None or v.due is None or v.due <= deadline]
    return Readiness(
        checklists=counted,
        open_items=sum(v.total - v.done for v in counted),
        overdue_items=sum(v.overdue for v in counted),
    )
