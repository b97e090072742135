"""The project's own configuration for the benchmarks' sites: mkdocs.yml as data, the same
configuration as plain Material, and the pages the hooks generate, written as files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from macros.plan.loader import load_plan
from macros.present.generated import generated_pages

ROOT = Path(__file__).resolve().parents[1]


class _ProjectLoader(yaml.SafeLoader):
    """YAML with MkDocs' `!ENV [NAME, default]` read as its default: the benchmarks build
    the site as published (the offline copy's switch, for one, stays off)."""


def _env_default(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)[-1]
    return None


_ProjectLoader.add_constructor("!ENV", _env_default)


def project_config() -> dict[str, Any]:
    """The project's mkdocs.yml as data."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_ProjectLoader)
    return data


def without_macros(config: dict[str, Any]) -> dict[str, Any]:
    """A copy of a configuration without the macros plugin, hooks and theme overrides:
    plain Material (the overrides live in hooks/, and the CSP they carry needs its hook)."""
    bare = dict(config)
    bare["plugins"] = [
        p
        for p in config.get("plugins", [])
        if not (p == "macros" or (isinstance(p, dict) and "macros" in p))
    ]
    bare.pop("hooks", None)
    if isinstance(bare.get("theme"), dict):
        bare["theme"] = {k: v for k, v in bare["theme"].items() if k != "custom_dir"}
    return bare


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


def write_same_pages(docs: Path, plan_dir: Path, target: Path) -> int:
    """Copy `docs` to `target` and add the pages the hooks generate from the plan in
    `plan_dir`, as files (an authored page of the same name wins, as in the hook).

    Built without macros, they keep their macro calls as text, as the authored pages do.
    Returns how many pages were added.
    """
    shutil.copytree(docs, target)
    plan, _ = load_plan(plan_dir)
    added = 0
    for page in generated_pages(plan):
        path = target / page.path
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
        added += 1
    return added
