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
from mkdocs.exceptions import PluginError

INLINE_BLOCK = (
    "a macro that makes a chart or a table is used inside a line (text, a heading, a link or "
    "a code span): put it on a line of its own, such as {{ schedule_table() }}"
)

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
        # A page cannot write a placeholder: it does not know this build's key, so what it
        # writes stays the HTML it is, and no page can pull in another page's block.
        self._key = secrets.token_hex(8)
        self.placeholder = re.compile(f'<div data-op-block="{self._key}-(\\d{{1,9}})"></div>')
        self._aside = re.compile(f'<div data-op-aside="{self._key}-(\\d{{1,9}})"></div>')

    def __len__(self) -> int:
        return len(self._blocks)

    def put(self, html: str) -> Markup:
        """Keep `html`; returns the one-line placeholder that stands for it in Markdown."""
        self._blocks.append(search_separated(str(html).strip()))
        return Markup('<div data-op-block="{}-{}"></div>').format(self._key, len(self._blocks) - 1)

    def get(self, number: int) -> str:
        """Block `number` of this build (whose placeholders only this build makes)."""
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
        found = self.blocks.placeholder.search(line)
        if found is None:  # a page's own HTML that looks like one: left as it is
            return line
        if line.strip() != found.group(0):
            raise PluginError(INLINE_BLOCK)
        # A block on a line of its own ends as a raw HTML block of Markdown's own does (with
        # its line end), so the page is byte for byte as if the HTML were written in it.
        end = "\n" if line.startswith("<") else ""
        block = self.blocks.get(int(found.group(1))) + end
        return line[: found.start()] + str(self.md.htmlStash.store(block))


class BlocksExtension(Extension):  # type: ignore[misc]
    """Python-Markdown extension: placeholders to `htmlStash` entries, after fenced code is
    set aside (25: a placeholder in a code block stays text there) and before raw HTML is
    read (Markdown's own `html_block`, 20)."""

    def __init__(self, blocks: Blocks) -> None:
        super().__init__()
        self.blocks = blocks

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Restore(md, self.blocks), "playbook_blocks", 22)
