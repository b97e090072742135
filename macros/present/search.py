"""What the site's search knows beyond the words on a page.

Agents search in their own words: "AHT" for a page that says "average handle time", "canned
reply" for one that says "macro". The glossary already knows which words mean the same, so
every section of the search index gets a `synonyms` field with the glossary's other names
for the terms it holds. Material's search indexes every field named in the search plugin's
`fields` option (mkdocs.yml) and shows only the title and the text, so the synonyms help a
section rank without ever appearing in a result.

Pages also weigh differently: a knowledge-base article answers a question, the plan's
generated tables mostly repeat names and dates. `page_boost` gives a page the weight of its
folder (mkdocs.yml `extra.search_boost`) unless its front matter sets `search: boost:`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from macros.plan.model import Term

SYNONYMS_FIELD = "synonyms"

_TAG = re.compile(r"<[^>]*>")


def synonym_finder(terms: Iterable[Term]) -> Callable[[str], str]:
    """A function from a section's text (HTML allowed) to the other names, space-separated,
    of every glossary term the text holds by any of its names ("" when none)."""
    groups: list[tuple[str, ...]] = []
    group_of: dict[str, int] = {}
    for term in terms:
        names = tuple(dict.fromkeys(n.strip() for n in (term.term, *term.aliases) if n.strip()))
        for name in names:
            group_of.setdefault(name.lower(), len(groups))
        groups.append(names)
    if not group_of:
        return lambda text: ""
    # Longest first, so that "first response time" wins over "response"; whole words only.
    pattern = _words(sorted(group_of, key=len, reverse=True))

    def find(text: str) -> str:
        plain = html.unescape(_TAG.sub(" ", text)).lower()
        found = sorted({group_of[m.group(1).lower()] for m in pattern.finditer(plain)})
        names = (name for g in found for name in groups[g])
        return " ".join(name for name in names if not _words([name]).search(plain))

    return find


def _words(names: Iterable[str]) -> re.Pattern[str]:
    """Any of `names` as whole words (a hyphen joins words: "handover-note" is one)."""
    alternatives = "|".join(re.escape(name.lower()) for name in names)
    return re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])", re.IGNORECASE)


def with_synonyms(index: Mapping[str, Any], terms: Iterable[Term]) -> dict[str, Any]:
    """A copy of Material's search index (`{"config": …, "docs": […]}`) whose sections carry
    the glossary's other names for the terms they hold."""
    find = synonym_finder(terms)
    docs = []
    for written in index.get("docs", []):
        entry = {k: v for k, v in written.items() if k != SYNONYMS_FIELD}
        found = find(f"{entry.get('title', '')} {entry.get('text', '')}")
        if found:
            entry[SYNONYMS_FIELD] = found
        docs.append(entry)
    return {**index, "docs": docs}


def page_boost(src_uri: str, boosts: Mapping[str, float]) -> float | None:
    """The search weight of the page at `src_uri` ("knowledge-base/escalation.md") from the
    folder weights `boosts` ({"knowledge-base/": 2}): the longest folder that holds it."""
    best: tuple[int, float] | None = None
    for folder, weight in boosts.items():
        if src_uri.startswith(folder) and (best is None or len(folder) > best[0]):
            best = (len(folder), weight)
    return None if best is None else best[1]
