"""Tags that look like a typo: one page's tag close to a tag other pages share.

Tags gather pages on the tags index; a misspelt tag ("escalaton") quietly makes a group of
one. A tag only one page uses, whose closest other tag is used by at least two pages and
differs from it by a letter or two, is reported with that tag as the likely meaning.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping

CLOSE = 0.8
"""How alike two tags must be (difflib's ratio) to call one a typo of the other."""

MAX_TAGS = 1000
"""Above this many different tags the check is skipped: comparing every lone tag with every
shared one grows with the square of their number, and no knowledge base has so many."""


def tag_typos(tags_by_page: Mapping[str, Iterable[str]]) -> list[tuple[str, str, str]]:
    """(page, tag, the tag probably meant), in page order. Tags that differ only in their
    digits ("tier-1", "tier-2") are different tags, not typos."""
    pages = {page: list(dict.fromkeys(str(t) for t in tags)) for page, tags in tags_by_page.items()}
    used = Counter(tag for tags in pages.values() for tag in tags)
    if len(used) > MAX_TAGS:
        return []
    by_length: dict[int, list[str]] = {}
    for tag, count in used.items():
        if count >= 2:
            by_length.setdefault(len(tag), []).append(tag)
    found = []
    for page, tags in pages.items():
        for tag in tags:
            if used[tag] != 1:
                continue
            # a typo is a letter or two away: only tags of about the same length can be meant
            near = [t for n in range(len(tag) - 2, len(tag) + 3) for t in by_length.get(n, [])]
            near = [t for t in near if _letters(t) != _letters(tag)]
            meant = difflib.get_close_matches(tag, near, n=1, cutoff=CLOSE)
            if meant:
                found.append((page, tag, meant[0]))
    return found


def _letters(tag: str) -> str:
    return "".join(c for c in tag if not c.isdigit())
