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


def tag_typos(tags_by_page: Mapping[str, Iterable[str]]) -> list[tuple[str, str, str]]:
    """(page, tag, the tag probably meant), in page order."""
    pages = {page: list(dict.fromkeys(str(t) for t in tags)) for page, tags in tags_by_page.items()}
    used = Counter(tag for tags in pages.values() for tag in tags)
    shared = [tag for tag, count in used.items() if count >= 2]
    found = []
    for page, tags in pages.items():
        for tag in tags:
            if used[tag] != 1:
                continue
            meant = difflib.get_close_matches(tag, shared, n=1, cutoff=CLOSE)
            if meant:
                found.append((page, tag, meant[0]))
    return found
