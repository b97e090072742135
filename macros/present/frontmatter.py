"""Where a page file's YAML front matter ends: one rule for every reader of page files.

A page starts with front matter when its first line is `---`; the front matter runs to the
next line that is `---` or `...`. Pages are read this way for their review dates, for their
titles without a second YAML parse, and to turn template line numbers into file lines.
"""

from __future__ import annotations

from collections.abc import Sequence


def opens_front_matter(lines: Sequence[str]) -> bool:
    """Whether the page's first line opens front matter."""
    return bool(lines) and lines[0].strip() == "---"


def front_matter_end(lines: Sequence[str]) -> int | None:
    """The index of the line closing the front matter that opens `lines`.

    None when the page has no front matter, or when it opens one and never closes it
    (`opens_front_matter` tells the two apart).
    """
    if not opens_front_matter(lines):
        return None
    return next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), None)


def body_of(text: str) -> str:
    """A page's Markdown after its front matter (all of it when there is none)."""
    lines = text.splitlines()
    end = front_matter_end(lines)
    return text if end is None else "\n".join(lines[end + 1 :])
