"""A lighter copy of a page's HTML for the search plugin to read, with the same index.

Material's search plugin reads every page with Python's `HTMLParser` and does a good deal
of work for each tag, yet keeps only the text, the headings and a few tags (paragraphs,
lists, code, sub- and superscripts). Tables, links and spans, most of the tags on a plan
page, cost it the most and give the index nothing. `search_view` removes those tags before
the plugin reads the page, which cuts its time by more than half; `hooks/search.py` hands
it the view and gives the theme the page as it was.

The index stays the same: the same sections, titles, anchors and words, and white space
where the page had it, though a run of white space may be a single space (search splits
words on white space, and a result shows the text as HTML). A page the view cannot be
proved safe for is read as it is (`search_view` returns None):

- anything the parser treats specially: comments, `<!DOCTYPE>`, processing instructions,
  `<script>`, `<style>`, `<object>`, `<textarea>`, upper-case tag names, a `<`
  that does not start a tag, an `&` that does not start a character reference, and the
  plugin's own markers (`data-search-exclude`, line numbers);
- tags that are not properly nested, or a heading inside a heading or a `<pre>`.

Why removing a tag changes nothing else: the plugin starts a section at each heading with
the heading's depth (the tags open round it), and at each end tag closes the sections
deeper than the tags then open. So the view keeps every tag that encloses a heading (by
name, for the whole page: every `<div>` if one `<div>` holds a heading), each heading with
what is inside it but its permalink, and the first tag of the page (where the plugin opens
the section before the first heading). A removed tag then holds no heading, and any tag
inside it is deeper than the current section, in the page and in the view alike: no
section is closed there. Inside `<pre>` tags go but white space stays as it is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Set
from html.parser import HTMLParser

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_UNSAFE_TAGS = frozenset(
    {
        "script",
        "style",
        "object",
        "textarea",
        "xmp",
        "plaintext",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        *HTMLParser.CDATA_CONTENT_ELEMENTS,
        *getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ()),
    }
)
"""Tags whose content the plugin skips, or that some version of Python's parser reads in a
way of its own. `<title>` (in an SVG drawing) is one of those only where this Python's
parser says so: newer versions read its content as text alone."""

_UNSAFE_MARKERS = ("data-search-exclude", "linenodiv")
"""The search plugin's markers for what it leaves out."""

_ATTRIBUTES = r"""(?:[^>"']*(?:"[^"]*"|'[^']*'))*[^>"']*"""
"""What follows a tag's name up to its `>`: attributes, with `>` allowed inside quotes."""

_TAG_NAME = re.compile(rf"<(/?[a-zA-Z][^\s/>]*){_ATTRIBUTES}>")
"""Every tag, as its name with a leading `/` for an end tag."""

_TAG_CLOSING = re.compile(r"""<(/?[a-zA-Z][^\s/>]*)(?:[^>"']*(?:"[^"]*"|'[^']*'))*[^>"'/]*(/?)>""")
"""The same with a second group, "/" for a tag that closes itself (`<line/>`): slower, used
only when a page has one."""

_SPECIAL = re.compile(r"(<(h[1-6])[\s>].*?</\2>|<pre[\s>].*?</pre>)", re.DOTALL)
"""A heading with what it holds, or a preformatted block: parts the view treats apart."""

_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
"""A heading's permalink, whose text (a pilcrow) the plugin leaves out of the title."""

_PRE_START = re.compile(r"<pre[\s>]")
_LOOSE_AMPERSAND = re.compile(r"&(?!#?[a-zA-Z0-9]+;)")
"""An `&` that does not start a character reference: two such pieces of text could make
one when the tag between them goes."""
_WHITE_SPACE = re.compile(r"\n[ \t\n\r\f]+")
"""A line break with more white space after it, which the view makes one space: where
removed tags stood on lines of their own (the parser makes each line break a space)."""


@functools.lru_cache(maxsize=64)
def _removable(kept: frozenset[str]) -> re.Pattern[str]:
    """Tags whose name is not in `kept`."""
    names = "|".join(sorted(kept, key=lambda n: (-len(n), n)))
    return re.compile(rf"</?(?!(?:{names})[\s/>])[a-zA-Z][^\s/>]*{_ATTRIBUTES}>")


def search_view(html: str, keep: Set[str], void: Set[str]) -> str | None:
    """`html` without the tags that the search plugin neither keeps nor needs.

    `keep` holds the tags the plugin copies into the index and `void` those it treats as
    having no end tag (both are read from the plugin). Returns None when the page is not
    one this can be proved safe for (see the module's docstring).
    """
    if any(marker in html for marker in _UNSAFE_MARKERS) or _LOOSE_AMPERSAND.search(html):
        return None
    if "/>" in html:
        tags = [name + closes for name, closes in _TAG_CLOSING.findall(html)]
        names = {tag.rstrip("/") for tag in tags}
    else:
        tags = _TAG_NAME.findall(html)
        names = set(tags)
    if len(tags) != html.count("<"):
        return None  # a comment, a "<" that is not a tag, or one this reads unlike the parser
    spelt = "".join(names)
    if (spelt and not spelt.islower()) or not names.isdisjoint(_UNSAFE_TAGS):
        return None  # upper-case names (the parser lowers them), or a tag read in its own way
    enclosing = _enclosing(tags, void)
    if enclosing is None:
        return None
    pieces = _SPECIAL.split(html)
    if len(_PRE_START.findall(html)) != sum(
        1 for piece in pieces[1::3] if piece.startswith("<pre")
    ):
        return None  # a <pre> inside a <pre>, or one that does not end
    removable = _removable(frozenset(keep | HEADINGS | enclosing))
    out: list[str] = []
    for index in range(0, len(pieces), 3):
        out.append(_WHITE_SPACE.sub(" ", removable.sub("", pieces[index])))
        if index + 1 < len(pieces):
            special = pieces[index + 1]
            if special[1] == "h":
                out.append(_HEADERLINK.sub("", special) if "headerlink" in special else special)
            else:
                out.append(removable.sub("", special))
    return "".join(out)


def _enclosing(tags: list[str], void: Set[str]) -> set[str] | None:
    """The names of every tag that holds a heading, and of the page's first tag.

    None when the tags are not properly nested, or a heading is inside a heading or a
    `<pre>`. `tags` are names, "/div" for an end tag and "line/" for a tag that closes
    itself (`<line/>`), which opens and closes at once, as in the parser.
    """
    stack: list[str] = []
    enclosing: set[str] = set()
    for tag in tags:
        if tag[0] == "/":
            if not stack or stack.pop() != tag[1:]:
                return None
            continue
        closes_itself = tag[-1] == "/"
        name = tag[:-1] if closes_itself else tag
        if name in void:
            continue
        if not enclosing:
            enclosing.add(name)  # the first tag: where the plugin opens its first section
        if name in HEADINGS:
            if any(open_tag in HEADINGS or open_tag == "pre" for open_tag in stack):
                return None
            enclosing.update(stack)
        if not closes_itself:
            stack.append(name)
    return None if stack else enclosing
