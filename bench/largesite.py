"""A generated large site for `python -m bench large`: pages, glossary and plan, as files.

`write_project` writes a complete MkDocs project into a directory: `plan/project.yaml` (the
tasks of `bench/plans.py`, with roles, RACI and escalation added), `plan/glossary.yaml`
(made-up terms, so no English word is marked by accident), `docs/` (the plan's pages plus N
knowledge-base pages of 500 to 800 words with glossary terms in their prose and valid front
matter) and two configurations derived from the project's `mkdocs.yml`: `mkdocs.yml` with
the project's plugins and hooks (`macros/` and `hooks/` are symlinked, as in
`tests/conftest.py`), `mkdocs-bare.yml` without the macros plugin and without hooks, and
`mkdocs-same.yml`, also without them, over `docs-same/`: `docs/` plus the pages the hooks
generate from the plan, written as files (`write_same_pages`), so that it builds the same
pages as `mkdocs.yml` does; all with a short nav (see `nav`).

Everything comes from seeded `random.Random` objects: the same arguments write the same files.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.plans import PHASES, generate, sites
from macros.plan.loader import load_plan
from macros.present.generated import generated_pages

ROOT = Path(__file__).resolve().parents[1]

PAGES_PER_SECTION = 40
ROLE_COUNT = 12
TERM_EVERY = (20, 45)
"""A glossary term every this many words of prose (uniformly drawn)."""
MACRO_EVERY = 10
"""Every this many pages uses a plan variable (`{{ project.name }}`) in its prose."""

WORDS = (  # noqa: SIM905 - reads better as text
    "the agent answers each customer within the agreed time and records every step so that "
    "the next shift can pick up where the previous one stopped without asking again when a "
    "request needs a second look it goes to the lead who decides whether to call back or to "
    "write a short note for the whole team about what changed in the product this week and "
    "how to explain it in plain words before anyone closes a ticket they check that the "
    "reply answers the question that was asked not the one they expected most problems have "
    "a known cause and a known fix but some need patience a clear summary and a careful test "
    "on a second account before the customer hears from us again"
).split()

PLAN_PAGES = {
    "index.md": ("Home", "# {{ project.name }}\n\n{{ dashboard() }}\n"),
    "plan/timeline.md": (
        "Timeline",
        "# Timeline\n\n{{ gantt_chart() }}\n\n## Schedule\n\n{{ schedule_table() }}\n",
    ),
    "plan/holidays.md": (
        "Holidays",
        "# Holidays\n\n{{ holidays_by_site() }}\n\n{{ month_grid() }}\n",
    ),
    "plan/shared-hours.md": ("Shared hours", "# Shared hours\n\n{{ shared_hours() }}\n"),
    "plan/raci.md": ("RACI", "# Roles and responsibilities\n\n{{ raci_matrix() }}\n"),
    "plan/roles/index.md": ("Roles", "# Roles\n\n{{ roles_index() }}\n"),
    "plan/contacts.md": ("Contacts", "# Contacts and escalation\n\n{{ contacts() }}\n"),
}
"""The plan's own pages, as in the sample site: they grow with the plan, not with N."""


@dataclass(frozen=True)
class Project:
    """A written project: its directory, its two configurations and what it holds."""

    root: Path
    config: Path  # with the macros plugin and the hooks
    bare: Path  # without them
    same: Path  # without them, over docs/ and the generated pages as files
    pages: int  # knowledge-base pages (the plan's pages come on top)
    terms: int
    tasks: int


def role_ids(count: int = ROLE_COUNT) -> list[str]:
    return [f"role-{n:02d}" for n in range(1, count + 1)]


def project_document(tasks: int, seed: int = 2027) -> dict[str, Any]:
    """`project.yaml` as plain data: the synthetic plan of `tasks` tasks, with roles."""
    plan = generate(tasks, seed=seed)
    rng = random.Random(seed)
    plan_sites = sites()
    site_ids = list(plan_sites)
    roles = [
        {"id": role, "title": f"Role {n}", "site": site_ids[n % len(site_ids)]}
        for n, role in enumerate(role_ids(), start=1)
    ]
    ids = [r["id"] for r in roles]
    task_docs: list[dict[str, Any]] = []
    for task in plan.tasks:
        doc: dict[str, Any] = {"id": task.id, "title": task.title, "phase": task.phase}
        if task.milestone:
            doc["milestone"] = True
        else:
            doc["duration"] = task.duration
        if task.sites:
            doc["sites"] = list(task.sites)
        if task.after:
            doc["after"] = [
                d if isinstance(d, str) else {"task": d.task, "lag": d.lag} for d in task.after
            ]
        doc["raci"] = {
            "responsible": [rng.choice(ids)],
            "accountable": rng.choice(ids),
            "informed": rng.sample(ids, 2),
        }
        task_docs.append(doc)
    go_live = next(t["id"] for t in reversed(task_docs) if t.get("milestone"))
    return {
        "project": {
            "name": f"Large benchmark plan of {tasks:,} tasks",
            "start": plan.project.start.isoformat(),
            "go_live": go_live,
            "key_contact": ids[0],
        },
        "sites": {
            s.id: {
                "name": s.name,
                "country": s.country,
                **({"subdivision": s.subdivision} if s.subdivision else {}),
                "timezone": s.timezone,
                "hours": str(s.hours),
            }
            for s in plan_sites.values()
        },
        "roles": roles,
        "phases": [{"id": p.id, "title": p.title} for p in PHASES],
        "tasks": task_docs,
        "escalation": [
            {"role": ids[0], "response": "4 h", "hours": "09:00-17:00"},
            {"role": ids[1], "response": "1 d", "hours": "09:00-17:00"},
        ],
    }


_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr")
_VOWELS = ("a", "e", "i", "o", "u")


def glossary_document(count: int, seed: int = 7) -> dict[str, Any]:
    """`glossary.yaml` as plain data: `count` made-up terms, unique in any letter case.

    A tenth are abbreviations (upper case, matched exactly), a third have a plural alias,
    a fifth are two-word phrases.
    """
    rng = random.Random(seed)
    taken: set[str] = {w.casefold() for w in WORDS}
    terms: list[dict[str, Any]] = []
    while len(terms) < count:
        n = len(terms)
        if n % 10 == 0:
            word = "".join(rng.choice("BCDFGHKLMNPRSTVZ") for _ in range(rng.randint(3, 4)))
        else:
            word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(3))
            if n % 5 == 1:
                word += " " + rng.choice(("queue", "report", "rota", "review"))
        alias = word + "s" if n % 3 == 2 and n % 10 else None
        names = [word.casefold(), *([alias.casefold()] if alias else [])]
        if any(name in taken for name in names):
            continue
        taken.update(names)
        term: dict[str, Any] = {
            "term": word,
            "definition": f"Term number {n} of the benchmark glossary, defined in one sentence.",
        }
        if n % 10 == 0:
            term["abbreviation"] = True
        if alias:
            term["aliases"] = [alias]
        terms.append(term)
    return {"terms": terms}


def _words_of(glossary: dict[str, Any]) -> list[str]:
    """Every spelling a page may use for a term: terms and aliases."""
    out: list[str] = []
    for term in glossary["terms"]:
        out.append(term["term"])
        out.extend(term.get("aliases", []))
    return out


def page_path(number: int) -> str:
    return f"kb/section-{number // PAGES_PER_SECTION:02d}/page-{number:04d}.md"


def page_text(number: int, glossary_words: list[str], total: int, seed: int = 11) -> str:
    """Knowledge-base page `number`: front matter, headings, prose with terms, a list, code."""
    rng = random.Random(seed * 100_003 + number)
    owner = rng.choice(role_ids())
    reviewed = f"2026-{rng.randint(6, 12):02d}-{rng.randint(1, 28):02d}"
    section = number // PAGES_PER_SECTION
    lines = [
        "---",
        f"owner: {owner}",
        f"reviewed: {reviewed}",
        f"tags: [kb, section-{section:02d}]",
        "---",
        "",
        f"# Page {number}: {rng.choice(glossary_words)} and {rng.choice(WORDS)}",
        "",
    ]
    words = rng.randint(500, 800)
    written = 0
    paragraph: list[str] = []
    paragraphs = 0
    next_term = rng.randint(*TERM_EVERY)
    while written < words:
        if written == next_term:
            paragraph.append(rng.choice(glossary_words))
            next_term += rng.randint(*TERM_EVERY)
        else:
            paragraph.append(rng.choice(WORDS))
        written += 1
        if len(paragraph) >= 70 or written == words:
            if paragraphs == 0 and number % MACRO_EVERY == 0:
                paragraph.append("for {{ project.name }}")
            lines += [" ".join(paragraph).capitalize() + ".", ""]
            paragraph = []
            paragraphs += 1
            if paragraphs % 3 == 0 and written < words:
                lines += [f"## Step {paragraphs // 3}: {rng.choice(WORDS)}", ""]
    other = rng.randrange(total)
    lines += [
        f"- See [page {other}](../../{page_path(other)}) for a related case.",
        f"- Ask the {rng.choice(glossary_words)} owner before changing it.",
        "",
        "```text",
        f"{rng.choice(glossary_words)}: never marked inside code",
        "```",
        "",
    ]
    return "\n".join(lines)


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


def nav(pages: int) -> list[dict[str, str]]:
    """The plan's pages and the first page of each section of the knowledge base.

    Material renders the whole nav into every page: with all N pages in it, that step
    grows with N squared and hides the cost of everything else (about 28 of the 31 CPU
    seconds of a 1,000-page build without macros). The other pages are built all the same.
    """
    entries = [{title: path} for path, (title, _) in PLAN_PAGES.items()]
    sections = -(-pages // PAGES_PER_SECTION)
    entries += [{f"Section {s}": page_path(s * PAGES_PER_SECTION)} for s in range(sections)]
    return entries


def mkdocs_config(pages: int, *, with_macros: bool) -> dict[str, Any]:
    """A configuration derived from the project's mkdocs.yml (theme, extensions, plugins).

    Not strict; a short nav (`nav`). Without macros: the macros plugin and every hook are
    left out, so the pages keep their macro calls as text.
    """
    source = project_config()
    config: dict[str, Any] = {
        "site_name": "Large benchmark site",
        "docs_dir": "docs",
        "strict": False,
        "theme": source["theme"],
        "plugins": source.get("plugins", []),
        "hooks": [f"hooks/{Path(h).name}" for h in source.get("hooks", [])],
        "markdown_extensions": source.get("markdown_extensions", []),
        "extra": source.get("extra", {}),
        "nav": nav(pages),
    }
    return config if with_macros else without_macros(config)


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


def write_plan(directory: Path, tasks: int, terms: int) -> dict[str, Any]:
    """Write `project.yaml` and `glossary.yaml` into `directory`; returns the glossary."""
    write_yaml(directory / "project.yaml", project_document(tasks))
    glossary = glossary_document(terms)
    write_yaml(directory / "glossary.yaml", glossary)
    return glossary


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


def write_project(directory: Path, pages: int, terms: int = 1_000, tasks: int = 2_000) -> Project:
    """A complete project with `pages` knowledge-base pages, in `directory` (created)."""
    docs = directory / "docs"
    docs.mkdir(parents=True)
    glossary = write_plan(directory / "plan", tasks, terms)
    words = _words_of(glossary)
    for path, (title, body) in PLAN_PAGES.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"---\nowner: role-01\nreviewed: 2027-01-04\ntags: [plan]\ntitle: {title}\n---\n\n"
            + body,
            encoding="utf-8",
        )
    for number in range(pages):
        target = docs / page_path(number)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Links point at pages of this size's site only.
        target.write_text(page_text(number, words, pages), encoding="utf-8")
    for name in ("macros", "hooks"):
        (directory / name).symlink_to(ROOT / name, target_is_directory=True)
    config = directory / "mkdocs.yml"
    bare = directory / "mkdocs-bare.yml"
    same = directory / "mkdocs-same.yml"
    write_yaml(config, mkdocs_config(pages, with_macros=True))
    write_yaml(bare, mkdocs_config(pages, with_macros=False))
    write_same_pages(docs, directory / "plan", directory / "docs-same")
    write_yaml(same, {**mkdocs_config(pages, with_macros=False), "docs_dir": "docs-same"})
    return Project(directory, config, bare, same, pages, terms, tasks)
