"""Finished HTML blocks kept out of Python-Markdown's way.

A macro's output is HTML that is already complete: the timeline's chart and table, the
holiday calendars, the RACI matrix. Returned into the page's Markdown, Python-Markdown
would read all of it again (its raw-HTML parser) only to pass it through unchanged; on
the plan pages that was the largest part of the time the macros add to a build. Instead
the block is kept here and the page gets a one-line placeholder; once the page is HTML,
`restore` puts every block back in its place, before anything else reads the content.

Charts and calendar grids (an SVG Gantt chart, a month-by-month calendar) are put back
only into the finished page, after search has indexed its content: their text is axis
labels and day numbers, noise in search results, and parsing it was a large part of the
search plugin's time on the plan pages. The tables beside them carry the same facts in
words, and those are indexed.
"""

from __future__ import annotations

import re

from markupsafe import Markup

PLACEHOLDER = re.compile(
    r'<p><div data-op-block="(\d+)"></div></p>|<div data-op-block="(\d+)"></div>'
)
"""A placeholder, with the paragraph Python-Markdown puts round it when it stands alone in
an indented block (an admonition, a list item), which the block replaces too."""

_WORD_BREAK = re.compile(r"(</t[dhr]>(?=<t[dhr][\s>])|<br\s*/?>(?=\S))")
"""A cell's or row's end right before the next cell or row, or a line break with no white
space after it: places where the eye sees a break but the text has none."""


def search_separated(html: str) -> str:
    """`html` with a line break where a table or a `<br>` separates words without space.

    Search indexes a page's text, not its layout: `<td>Role</td><td>Person</td>` would
    be one word, "RolePerson". Browsers ignore white space between table cells, and a
    line break after `<br>` starts the next line anyway, so the page looks the same.
    """
    return _WORD_BREAK.sub("\\1\n", html)


class BlockStash:
    """The HTML blocks of one build, numbered in the order they were made."""

    def __init__(self) -> None:
        self._blocks: list[tuple[str, bool]] = []  # (html, whether search should read it)

    def __len__(self) -> int:
        return len(self._blocks)

    def put(self, html: str, *, searchable: bool = True) -> Markup:
        """Keep `html`; returns the placeholder that stands for it in Markdown.

        One line with no blank lines round it, so that a macro indented inside an
        admonition or a list item stays there. `searchable=False` keeps the block out of
        the content search reads (see `restore`).
        """
        text = str(html).strip()
        self._blocks.append((search_separated(text) if searchable else text, searchable))
        return Markup(f'<div data-op-block="{len(self._blocks) - 1}"></div>')

    def restore(self, html: str, *, searchable_only: bool = False) -> str:
        """`html` with placeholders replaced by the blocks they stand for.

        With `searchable_only`, blocks put with `searchable=False` keep their placeholder
        (for a later call on the finished page). Raises KeyError for a placeholder this
        build did not make.
        """

        def block(found: re.Match[str]) -> str:
            number = int(found.group(1) or found.group(2))
            if number >= len(self._blocks):
                raise KeyError(f"no HTML block number {number} in this build")
            text, searchable = self._blocks[number]
            return text if searchable or not searchable_only else found.group(0)

        return PLACEHOLDER.sub(block, html) if "data-op-block" in html else html
