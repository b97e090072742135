"""Load the plan directory into a checked `Plan`, or raise `PlanError` with every problem."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from macros.plan import checks
from macros.plan.annotations import yaml_fields
from macros.plan.convert import INVALID, Converter
from macros.plan.model import (
    PLAN_FILES,
    BaselineFile,
    ChecklistsFile,
    GlossaryFile,
    Plan,
    ProjectFile,
)
from macros.plan.problems import Loc, PlanError, Problem
from macros.plan.reader import read_yaml

DEFAULT_PLAN_DIR = "plan"


def plan_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The plan directory: `explicit`, else `$PLAN_DIR`, else `plan/`."""
    return Path(explicit or os.environ.get("PLAN_DIR") or DEFAULT_PLAN_DIR)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector while a file becomes nodes and then model objects.

    Reading a plan makes hundreds of thousands of small objects (nodes, marks, locations)
    and no reference cycles; each batch of new objects would start a collection that
    walks everything alive in the build, which at 2,000 tasks was a third of the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(path: Path, cls: type[Any], problems: list[Problem]) -> Any:
    """One plan file as its model class, or INVALID (problems recorded)."""
    with collector_paused():
        return _read_file(path, cls, problems)


def _read_file(path: Path, cls: type[Any], problems: list[Problem]) -> Any:
    try:
        _inside_plan_dir(path)
        node, tag_problems = read_yaml(path)
    except PlanError as exc:
        problems.extend(exc.problems)
        return INVALID
    problems.extend(tag_problems)
    if node is None:
        problems.append(
            Problem(Loc(path), f"the file is empty: it must hold {', '.join(_keys(cls))}")
        )
        return INVALID
    converter = Converter(path)
    value = converter.convert(cls, node, "")
    problems.extend(converter.problems)
    return value


def _inside_plan_dir(path: Path) -> None:
    """Refuse a plan file that is a link to a file outside the plan directory.

    A pull request may add a link as easily as a file: `project.yaml -> /etc/passwd` would
    publish another file's text in messages, and `-> /dev/zero` would never end.
    """
    try:
        real = path.resolve(strict=True)
        root = path.parent.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, a loop of links
        raise PlanError(
            [
                Problem(
                    Loc(path),
                    "the plan file is a link that leads nowhere (to no file, or round in a loop): "
                    "replace it with the file",
                )
            ]
        ) from None
    if not real.is_relative_to(root):
        raise PlanError(
            [
                Problem(
                    Loc(path),
                    f"the plan file is a link to {str(real)!r}, outside the plan directory: "
                    "replace the link with the file itself",
                )
            ]
        )


def _keys(cls: Any) -> list[str]:
    return list(yaml_fields(cls))


def load_plan(
    directory: str | os.PathLike[str] | None = None, status_date: date | None = None
) -> tuple[Plan, list[Problem]]:
    """Read and check every plan file in `directory`.

    `status_date` is the build's "today" (`macros.schedule.today.build_date`): recorded progress
    after it is an error. Without it, progress dates are checked only against each other.
    Returns the plan and its warnings and notices; raises PlanError listing every error
    (with the warnings found so far) when any file is wrong.
    """
    root = plan_dir(directory)
    problems: list[Problem] = []
    if not root.is_dir():
        raise PlanError([Problem(Loc(root), "the plan directory does not exist")])
    for name in sorted(p.name for p in root.iterdir()):
        if name.endswith((".yaml", ".yml")) and name not in PLAN_FILES:
            known = ", ".join(PLAN_FILES)
            hint = (
                f": rename it to {name.rsplit('.', 1)[0]}.yaml"
                if name.endswith(".yml") and name.rsplit(".", 1)[0] + ".yaml" in PLAN_FILES
                else f" (plan files are {known})"
            )
            problems.append(Problem(Loc(root / name), f"unknown plan file {name!r}{hint}"))

    files: dict[str, Any] = {}
    for name, (cls, required) in PLAN_FILES.items():
        path = root / name
        if not path.exists() and not path.is_symlink():  # a dangling link is read, and refused
            if required:
                problems.append(
                    Problem(Loc(path), f"{name} is missing: the plan needs it (see PLAN_FORMAT.md)")
                )
            files[name] = INVALID if required else None
            continue
        files[name] = _read(path, cls, problems)

    pf: ProjectFile | Any = files["project.yaml"]
    gf: GlossaryFile | Any | None = files["glossary.yaml"]
    cf: ChecklistsFile | Any | None = files["checklists.yaml"]
    bf: BaselineFile | Any | None = files["baseline.yaml"]
    if pf is not INVALID:
        problems.extend(checks.check_project(pf))
        problems.extend(checks.check_progress(pf, status_date))
        site_ids = None if pf.sites is INVALID else list(pf.sites)
        if gf not in (None, INVALID):
            problems.extend(checks.check_glossary(gf, site_ids))
        if cf not in (None, INVALID):
            problems.extend(checks.check_checklists(cf, checks.ids(pf.roles), checks.ids(pf.tasks)))
    if any(p.is_error for p in problems) or pf is INVALID or INVALID in (gf, cf, bf):
        raise PlanError(problems)
    plan = Plan(
        directory=root,
        project=pf.project,
        sites=pf.sites,
        roles=pf.roles,
        phases=pf.phases,
        tasks=pf.tasks,
        terms=gf.terms if gf else (),
        checklists=cf.checklists if cf else (),
        escalation=pf.escalation,
        baseline=bf,
    )
    return plan, sorted(problems)
