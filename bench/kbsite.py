"""The sample site with a knowledge base of N generated articles, as an editor would list them.

`write_kb_project` copies the project (mkdocs.yml, docs/, plan/; macros/ and hooks/
symlinked) into a directory and adds N articles of about 600 words under
`docs/knowledge-base/articles/`, listed in the navigation under "Knowledge base" in
sections of 40 (`SECTION`): the full navigation, as the project's own mkdocs.yml would
have it. Beside it, `mkdocs-plain.yml`: the same configuration as plain Material (no macros
plugin, no hooks, no template overrides) over `docs-plain/`, the same pages with those the
hooks generate from the plan written as files.

The articles use the sample glossary's terms in their prose and link to one another; all
comes from seeded `random.Random` objects, so the same arguments write the same files.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.project import project_config, without_macros, write_same_pages, write_yaml
from macros.plan.loader import load_plan

ROOT = Path(__file__).resolve().parents[1]
SECTION = 40
"""Articles a navigation section lists."""
KB_TAB = "Knowledge base"
ARTICLES = "knowledge-base/articles"

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
"""The vocabulary of the articles' made-up prose."""


@dataclass(frozen=True)
class KbProject:
    root: Path
    config: Path  # the project's configuration: macros plugin, hooks, overrides
    plain: Path  # plain Material over the same pages
    articles: int


def article_path(number: int) -> str:
    return f"{ARTICLES}/section-{number // SECTION + 1:03d}/article-{number + 1:05d}.md"


def _glossary_words(plan: Path) -> list[str]:
    terms = load_plan(plan)[0].terms
    return [w for t in terms for w in (t.term, *t.aliases)]


def article_text(number: int, total: int, words: list[str], seed: int = 15) -> str:
    """Article `number`: front matter, a title, sections, prose with glossary terms, a list
    and a link to another article; 500 to 700 words."""
    rng = random.Random(seed * 1_000_003 + number)
    owner = rng.choice(("support-lead", "key-contact", "provider-lead", "trainers"))
    lines = [
        "---",
        f"owner: {owner}",
        f"reviewed: 2026-{rng.randint(7, 11):02d}-{rng.randint(1, 28):02d}",
        f"tags: [articles, section-{number // SECTION + 1:03d}]",
        "---",
        "",
        f"# Article {number + 1}: {rng.choice(words)} and {rng.choice(WORDS)}",
        "",
    ]
    target = rng.randint(500, 700)
    written, paragraph, paragraphs = 0, [], 0
    next_term = rng.randint(15, 40)
    while written < target:
        paragraph.append(rng.choice(words) if written == next_term else rng.choice(WORDS))
        if written == next_term:
            next_term += rng.randint(15, 40)
        written += 1
        if len(paragraph) >= 60 or written == target:
            lines += [" ".join(paragraph).capitalize() + ".", ""]
            paragraph = []
            paragraphs += 1
            if paragraphs % 3 == 0 and written < target:
                lines += [f"## Step {paragraphs // 3}: {rng.choice(WORDS)}", ""]
    other = rng.randrange(total)
    link = "../" + article_path(other).split("/", 2)[2]  # from articles/section-x/
    lines += [
        f"- See [article {other + 1}]({link}) for a related case.",
        f"- Ask the owner of the {rng.choice(words)} before changing it.",
        "",
    ]
    return "\n".join(lines)


def nav_with_articles(nav: list[Any], articles: int) -> list[Any]:
    """The project's nav with the articles in the knowledge base's tab, in sections."""
    sections = [
        {
            f"Articles {start + 1}–{min(start + SECTION, articles)}": [
                article_path(n) for n in range(start, min(start + SECTION, articles))
            ]
        }
        for start in range(0, articles, SECTION)
    ]
    out: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict) and KB_TAB in entry:
            out.append({KB_TAB: [*entry[KB_TAB], *sections]})
        else:
            out.append(entry)
    return out


def write_kb_project(directory: Path, articles: int) -> KbProject:
    """The project with `articles` generated articles, in `directory` (created)."""
    directory.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", directory / "docs")
    shutil.copytree(ROOT / "plan", directory / "plan")
    for name in ("macros", "hooks"):
        (directory / name).symlink_to(ROOT / name, target_is_directory=True)
    words = _glossary_words(directory / "plan")
    for number in range(articles):
        path = directory / "docs" / article_path(number)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(number, articles, words), encoding="utf-8")
    source = project_config()
    config = {**source, "nav": nav_with_articles(source["nav"], articles)}
    write_yaml(directory / "mkdocs.yml", config)
    write_same_pages(directory / "docs", directory / "plan", directory / "docs-plain")
    plain = without_macros(config)
    plain.pop("watch", None)
    plain.update({"docs_dir": "docs-plain", "strict": False})
    write_yaml(directory / "mkdocs-plain.yml", plain)
    return KbProject(directory, directory / "mkdocs.yml", directory / "mkdocs-plain.yml", articles)
