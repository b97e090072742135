"""Macro HTML into pages through Python-Markdown's own raw-HTML stash, and charts after.

A macro's output is finished HTML (a chart, a table). In the page's Markdown it stands as a
one-line placeholder, so that a macro indented in an admonition or a list item stays there;
`BlocksExtension`, a Markdown preprocessor registered for the build, swaps each placeholder
for the block stored in Markdown's `htmlStash`, which Markdown puts back in the finished HTML
as it does any raw HTML, without parsing it again.

Charts, calendar grids and tables that repeat the schedule are kept *aside*: in the page's
content they are an empty element, and `restore_asides` puts them into the finished page
(MkDocs' `on_post_page`). Search then neither indexes them (each task would be a result
several times) nor parses their thousands of SVG tags, and the glossary marker never walks
them; the reader sees them where they belong.
"""

from __future__ import annotations

import re
import secrets

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

PLACEHOLDER = re.compile(r'<div data-op-block="(\d+)"></div>')

_WORD_BREAK = re.compile(r"(</t[dhr]>(?=<t[dhr][\s>])|<br\s*/?>(?=\S))")
"""A cell's or row's end right before the next cell or row, or a line break with no white
space after it: places where the eye sees a break but the text has none."""


def search_separated(html: str) -> str:
    """`html` with a line break where a table or a `<br>` separates words without space.

    Search indexes a page's text, not its layout: `<td>Role</td><td>Person</td>` would be
    one word, "RolePerson". Browsers ignore white space between table cells, and a line
    break after `<br>` starts the next line anyway, so the page looks the same.
    """
    return _WORD_BREAK.sub("\\1\n", html)


class Blocks:
    """The HTML blocks the macros made in one build, numbered in the order they were made,
    and the blocks kept aside until the page is finished."""

    def __init__(self) -> None:
        self._blocks: list[str] = []
        self._asides: list[str] = []
        # A page cannot write a placeholder for an aside: it does not know this build's key.
        self._key = secrets.token_hex(8)
        self._aside = re.compile(f'<div data-op-aside="{self._key}-(\\d+)"></div>')

    def __len__(self) -> int:
        return len(self._blocks)

    def put(self, html: str) -> Markup:
        """Keep `html`; returns the one-line placeholder that stands for it in Markdown."""
        self._blocks.append(search_separated(str(html).strip()))
        return Markup(f'<div data-op-block="{len(self._blocks) - 1}"></div>')

    def get(self, number: int) -> str:
        """Block `number`; KeyError for a number this build did not make."""
        if number >= len(self._blocks):
            raise KeyError(f"no HTML block number {number} in this build")
        return self._blocks[number]

    def aside(self, html: Markup) -> Markup:
        """Keep `html` out of the page's content until `restore_asides`; returns the empty
        element that stands for it."""
        self._asides.append(str(html).strip())
        return Markup('<div data-op-aside="{}-{}"></div>').format(self._key, len(self._asides) - 1)

    def restore_asides(self, page_html: str) -> str:
        """`page_html` with every aside this build kept back in its place."""
        if "data-op-aside" not in page_html:
            return page_html
        return self._aside.sub(lambda found: self._asides[int(found.group(1))], page_html)


class _Restore(Preprocessor):  # type: ignore[misc]  # Markdown ships no type hints
    def __init__(self, md: Markdown, blocks: Blocks) -> None:
        super().__init__(md)
        self.blocks = blocks

    def run(self, lines: list[str]) -> list[str]:
        return [self._stashed(line) if "data-op-block" in line else line for line in lines]

    def _stashed(self, line: str) -> str:
        # A block on a line of its own ends as a raw HTML block of Markdown's own does (with
        # its line end), so the page is byte for byte as if the HTML were written in it.
        end = "\n" if line.startswith("<") else ""

        def stashed(found: re.Match[str]) -> str:
            return str(self.md.htmlStash.store(self.blocks.get(int(found.group(1))) + end))

        return PLACEHOLDER.sub(stashed, line)


class BlocksExtension(Extension):  # type: ignore[misc]
    """Python-Markdown extension: placeholders to `htmlStash` entries, before raw HTML is
    read (priority 30, above Markdown's own `html_block` at 20)."""

    def __init__(self, blocks: Blocks) -> None:
        super().__init__()
        self.blocks = blocks

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Restore(md, self.blocks), "playbook_blocks", 30)
