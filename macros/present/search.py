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
from collections.abc import Callable, Mapping
from typing import Any

from macros.plan.model import Term
from macros.present.glossary import GlossaryMarker

SYNONYMS_FIELD = "synonyms"

_TAG = re.compile(r"<[^>]*>")


MAX_SYNONYMS = 40
"""At most this many other names are added to one section: a glossary with hundreds of
aliases for a common word must not multiply the index (it is downloaded by every reader)."""


def synonym_finder(marker: GlossaryMarker) -> Callable[[str], str]:
    """A function from a section's text (HTML allowed) to the other names, space-separated,
    of every glossary term the text holds by any of its names ("" when none), at most
    `MAX_SYNONYMS`. Words are found by the glossary's own marker (`GlossaryMarker.words_in`),
    so a word counts here exactly where the pages mark it."""

    def find(text: str) -> str:
        plain = html.unescape(_TAG.sub(" ", text))
        found: dict[str, Term] = {}
        said: set[str] = set()  # the names the text uses (the longest, where names overlap)
        for entry, word in marker.words_in(plain):
            found.setdefault(entry.anchor, entry.term)
            said.add(word.casefold())
        others: list[str] = []
        for term in found.values():
            names = dict.fromkeys(n.strip() for n in (term.term, *term.aliases) if n.strip())
            others += (name for name in names if name.casefold() not in said)
            if len(others) >= MAX_SYNONYMS:
                break
        return " ".join(others[:MAX_SYNONYMS])

    return find


def with_synonyms(index: Mapping[str, Any], marker: GlossaryMarker) -> dict[str, Any]:
    """A copy of Material's search index (`{"config": …, "docs": […]}`) whose sections carry
    the glossary's other names for the terms they hold."""
    find = synonym_finder(marker)
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
