"""Small builders for plans in tests: sites, tasks and plans without YAML."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from macros.plan.model import Dependency, Phase, Plan, Project, Site, Task
from macros.plan.values import parse_hours

SITES: dict[str, dict[str, Any]] = {
    "toronto": {"country": "CA", "subdivision": "ON", "timezone": "America/Toronto"},
    "krakow": {"country": "PL", "timezone": "Europe/Warsaw"},
    "munich": {"country": "DE", "subdivision": "BY", "timezone": "Europe/Berlin"},
    "berlin": {"country": "DE", "subdivision": "BE", "timezone": "Europe/Berlin"},
    "riyadh": {"country": "SA", "timezone": "Asia/Riyadh"},
    "cairo": {"country": "EG", "timezone": "Africa/Cairo"},
    "dubai": {"country": "AE", "timezone": "Asia/Dubai"},
    "manila": {"country": "PH", "timezone": "Asia/Manila"},
    "kuala-lumpur": {"country": "MY", "timezone": "Asia/Kuala_Lumpur"},
    "delhi": {"country": "IN", "subdivision": "DL", "timezone": "Asia/Kolkata"},
}


def site(site_id: str, hours: str = "09:00-17:00", **overrides: Any) -> Site:
    fields = {**SITES[site_id], **overrides}
    return Site(id=site_id, name=site_id.title(), hours=parse_hours(hours), **fields)


def task(task_id: str, duration: int | None = None, *after: str | Dependency, **kw: Any) -> Task:
    milestone = duration is None
    return Task(
        id=task_id,
        title=task_id.replace("-", " ").title(),
        phase="p",
        duration=duration,
        milestone=milestone,
        after=tuple(after),
        **kw,
    )


def plan(start: date, sites: list[Site], tasks: list[Task]) -> Plan:
    return Plan(
        directory=Path("."),
        project=Project(name="Test plan", start=start),
        sites={s.id: s for s in sites},
        roles=(),
        phases=(Phase(id="p", title="Phase"),),
        tasks=tuple(tasks),
    )


def check_material_copy(override: Path, changes: list[tuple[str, str]]) -> None:
    """`override`, a partial copied from Material into hooks/theme/, is the installed
    Material's file (the version and sha256 its comment names) with only `changes` made:
    each (ours, theirs) pair occurs once, and putting theirs back gives Material's file."""
    import hashlib
    import importlib.metadata
    import re

    import material

    text = override.read_text(encoding="utf-8")
    copied = re.search(r"mkdocs-material (\S+)\s+\(sha256 of that file: ([0-9a-f]{64})\)", text)
    assert copied, f"{override} does not say which Material it was copied from"
    version, expected = copied.groups()
    name = override.relative_to(override.parents[1]).as_posix()  # partials/x.html
    source = Path(material.__file__).parent / "templates" / name
    original = source.read_bytes()
    installed = importlib.metadata.version("mkdocs-material")
    assert hashlib.sha256(original).hexdigest() == expected, (
        f"Material {installed}'s {name} is not the one {override} was copied from (Material "
        f"{version}): copy {source} again, make the changes its comment names, and put the "
        "new version and sha256 in the comment"
    )
    body = text.split("-#}\n", 1)[1]
    for ours, theirs in changes:
        assert body.count(ours) == 1, ours
        body = body.replace(ours, theirs)
    assert body == original.decode("utf-8").split("-#}\n", 1)[1]


def site_path() -> str:
    """The URL path of `site_url` in mkdocs.yml ("/" without one): where the site lives,
    as GitHub Pages serves it."""
    from urllib.parse import urlsplit

    from bench.project import project_config

    path = urlsplit(str(project_config().get("site_url") or "")).path.strip("/")
    return f"/{path}/" if path else "/"
