"""MkDocs glue: load the plan once per build and hand it to mkdocs-macros.

Thin on purpose: the computation lives in modules that import nothing from MkDocs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from .loader import load_plan, plan_dir
from .model import Plan
from .render import render
from .timeline import PlanResult, compute

# The plan of the build in progress, keyed by the id of its MkDocs config object. mkdocs
# serve makes a new config for each rebuild, so an edit to the plan is always reread.
_LOADED: dict[int, PlanResult] = {}


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


def define_env(env: Any) -> None:
    """Register the plan and the macros that render it."""
    result = result_for(env.conf)
    plan = result.plan
    env.variables["plan"] = plan
    env.variables["schedule"] = result.schedule
    env.variables["project"] = plan.project

    @env.macro  # type: ignore[untyped-decorator]
    def plan_overview() -> Markup:
        """Sites, key contact and phases of the plan."""
        return render("overview.html", plan=plan, key_contact=key_contact(plan))

    @env.macro  # type: ignore[untyped-decorator]
    def plan_tasks() -> Markup:
        """Every task by phase, with its dependencies and RACI."""
        return render("tasks.html", plan=plan, by_phase=tasks_by_phase(plan))

    @env.macro  # type: ignore[untyped-decorator]
    def plan_contacts() -> Markup:
        """Roles and the people who hold them, key contact first."""
        return render("contacts.html", plan=plan, roles=roles_key_first(plan))


def key_contact(plan: Plan) -> Any:
    """The one role everybody reaches first: `project.key_contact`, else role `key-contact`."""
    wanted = plan.project.key_contact or "key-contact"
    return next((r for r in plan.roles if r.id == wanted), None)


def roles_key_first(plan: Plan) -> list[Any]:
    first = key_contact(plan)
    return [first, *(r for r in plan.roles if r is not first)] if first else list(plan.roles)


def tasks_by_phase(plan: Plan) -> list[tuple[Any, list[Any]]]:
    return [(phase, [t for t in plan.tasks if t.phase == phase.id]) for phase in plan.phases]
