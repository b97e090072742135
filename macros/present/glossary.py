"""The glossary: entries for the glossary page, and marking terms in a page's HTML.

`GlossaryMarker` compiles every term and alias into one regular expression (a trie, so a
thousand terms stay one fast pass) and wraps each occurrence in prose in a link to the
term's entry with an `<abbr>` tooltip. It leaves alone code, headings, links, existing
abbreviations, SVG drawings, scripts and anything marked `op-no-glossary`. Pages are
searched in a lowered ASCII copy first, which is several times faster (see `_Finder`).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from macros.plan.model import Term
from macros.present.render import Snippet

SKIPPED = frozenset(
    {
        "a",
        "abbr",
        "code",
        "pre",
        "kbd",
        "samp",
        "script",
        "style",
        "svg",
        "textarea",
        "button",
        "select",
        "option",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "title",
        "dfn",
    }
)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_HEAD = Snippet('<a class="op-term" href="{}"><abbr title="{}">')
_TAIL = Markup("</abbr></a>")
"""A term's mark round its words (as the page has them, HTML already): link and tooltip."""
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<!--.*?-->", re.DOTALL)


def slug(text: str) -> str:
    """An anchor for a term: ascii, lowercase, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "term"


@dataclass(frozen=True)
class Entry:
    """One glossary entry as the page shows it."""

    term: Term
    anchor: str
    letter: str


def entries(terms: Iterable[Term]) -> list[Entry]:
    """Entries sorted A-Z (case- and accent-insensitive), each with a unique anchor."""
    out: list[Entry] = []
    used: set[str] = set()
    for term in sorted(terms, key=lambda t: (slug(t.term), t.term)):
        anchor = base = slug(term.term)
        n = 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        first = slug(term.term)[:1].upper()
        out.append(Entry(term, anchor, first if first.isalpha() else "#"))
    return out


def trie_pattern(words: Iterable[Sequence[str]], char: Callable[[str], str] = re.escape) -> str:
    """A regex alternation of `words` factored as a trie: one pass, little backtracking.

    `char` writes one item of a word as a regex; by default a word is a string and each
    character matches itself.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for item in word:
            node = node.setdefault(item, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [char(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def words_pattern(exact: Iterable[str], folded: Iterable[str]) -> str:
    """A regex of any of the `exact` words (as written: abbreviations) or the `folded`
    ones (in any case), each list as one trie; "" when both are empty."""
    exact, folded = list(exact), list(folded)
    parts = [trie_pattern(exact)] if exact else []
    if folded:
        parts.append("(?i:" + trie_pattern(folded) + ")")
    return "|".join(parts)


@functools.cache
def _ascii_matches(char: str, *, fold: bool) -> str:
    """The ASCII characters, lowered, that `char` of a word matches: as itself, or in
    any case with `fold`.

    The regex engine itself decides, so that odd cases come out as in `_pattern`: the
    long s "ſ" matches "s", the Kelvin sign "K" matches "k".
    """
    test = re.compile(f"(?i:{re.escape(char)})" if fold else re.escape(char))
    return "".join(sorted({c.lower() for c in map(chr, range(128)) if test.fullmatch(c)}))


def _any_of(chars: str) -> str:
    """A regex for any one character of `chars`."""
    if not chars:
        return "(?!)"  # never matches
    if len(chars) == 1:
        return re.escape(chars)
    return "[" + "".join(map(re.escape, chars)) + "]"


@dataclass(frozen=True)
class _Finder:
    """Finds where a glossary's pattern matches in a page, as its `finditer` would.

    The pattern tries every position of the page, slowly: its case-insensitive part most
    of all. So `scan` first finds the places where a word may start, in a lowered ASCII
    copy of the page: "?" for each non-ASCII character (one byte each, so positions stay
    the page's) and a space in front (so that every position has a character before it).
    In `scan` each character of a word stands for every ASCII character it matches,
    lowered; so wherever the pattern matches in the page, `scan` matches in the copy,
    unless some word matches a non-ASCII character of the page (`foreign`): such a page
    is searched with the pattern alone. The pattern then checks each place found, in the
    page itself, which also drops the few places that `scan` finds in excess.
    """

    pattern: re.Pattern[str]
    scan: re.Pattern[bytes]
    foreign: re.Pattern[str]

    @classmethod
    def build(
        cls, pattern: re.Pattern[str], exact_words: list[str], folded_words: list[str]
    ) -> _Finder:
        """The finder for `pattern`, made of `exact_words` and case-`folded_words`."""
        lowered = [[_ascii_matches(c, fold=False) for c in word] for word in exact_words]
        lowered += [[_ascii_matches(c, fold=True) for c in word] for word in folded_words]
        first = _any_of("".join(sorted({c for word in lowered for c in word[0]})))
        trie = trie_pattern(lowered, _any_of)
        # A character that is not a word character nor "-" (in lowered ASCII), then a word
        # and no such character. Only the first character is consumed, so that every place
        # is found, even inside a word found before; checking the first letter of a word
        # on its own first is faster still.
        scan = rf"[^0-9a-z_\-](?={first})(?={trie}(?![0-9a-z_\-]))"
        chars = {re.escape(c) for c in "".join(exact_words)}
        chars |= {f"(?i:{re.escape(c)})" for c in "".join(folded_words)}
        foreign = rf"[^\x00-\x7f](?<={'|'.join(sorted(chars))})"
        return cls(pattern, re.compile(scan.encode("ascii")), re.compile(foreign))

    def spans(self, page_html: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each match of the pattern in `page_html`, tags and all."""
        pattern = self.pattern
        if not page_html.isascii() and self.foreign.search(page_html):
            for match in pattern.finditer(page_html):
                yield match.span()
            return
        text = b" " + page_html.encode("ascii", "replace").lower()
        end = 0
        for place in self.scan.finditer(text):
            start = place.start()  # text[start] is the character before page_html[start]
            if start < end:
                continue  # inside the last match
            found = pattern.match(page_html, start)
            if found is not None:
                end = found.end()
                yield start, end


class _Away:
    """Where, in one page, each entry's `not_in` phrases stand: its words there are left
    alone ("provider" in "identity provider"). Looked for once per entry and page, and only
    for an entry whose words the page holds."""

    def __init__(self, patterns: dict[str, re.Pattern[str]], text: str) -> None:
        self._patterns, self._text = patterns, text
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def inside(self, anchor: str, start: int, end: int) -> bool:
        pattern = self._patterns.get(anchor)
        if pattern is None:
            return False
        if anchor not in self._spans:
            self._spans[anchor] = [m.span() for m in pattern.finditer(self._text)]
        return any(a <= start and end <= b for a, b in self._spans[anchor])


@dataclass
class GlossaryMarker:
    """Marks glossary terms in HTML; build it once per build, use it on every page."""

    terms: tuple[Term, ...]
    site_names: Mapping[str, str] = field(default_factory=dict)
    """Site id -> name, for the per-site readings in the tooltips."""
    _exact: dict[str, Entry] = field(default_factory=dict, repr=False)
    _folded: dict[str, Entry] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _finder: _Finder | None = field(default=None, repr=False)
    """None when a word could run into a tag or is blank (see `mark`)."""
    _tips: dict[str, str] = field(default_factory=dict, repr=False)
    """Per entry's anchor: its tooltip, escaped; the same on every page."""
    _not_in: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)
    """Per entry's anchor: its `not_in` phrases, where its words mean something else."""

    def __post_init__(self) -> None:
        exact_words: list[str] = []
        folded_words: list[str] = []
        for entry in entries(self.terms):
            if entry.term.not_in:
                phrases = "|".join(re.escape(p) for p in sorted(entry.term.not_in, key=len)[::-1])
                self._not_in[entry.anchor] = re.compile(rf"(?i)(?<![\w-])(?:{phrases})(?![\w-])")
            for word in (entry.term.term, *entry.term.aliases):
                if entry.term.abbreviation and word.isupper():
                    self._exact[word] = entry
                    exact_words.append(word)
                else:
                    self._folded[word.casefold()] = entry
                    folded_words.append(word.casefold())
        body = words_pattern(exact_words, folded_words)
        if not body:
            return
        # Not inside an entity reference: "amp" in "Q&amp;A", "x27" in "&#x27;".
        self._pattern = re.compile(rf"(?<![\w&-])(?<!&#)(?:{body})(?![\w-])")
        words = [*exact_words, *folded_words]
        if all(word.strip() and "<" not in word and ">" not in word for word in words):
            self._finder = _Finder.build(self._pattern, exact_words, folded_words)

    def entry_for(self, text: str) -> Entry | None:
        return self._exact.get(text) or self._folded.get(text.casefold())

    def words_in(self, text: str) -> Iterator[tuple[Entry, str]]:
        """Each glossary word in plain `text`, with its entry, as the marks find them:
        whole words, abbreviations in capitals, none inside its entry's `not_in` phrases."""
        if self._pattern is None:
            return
        away = _Away(self._not_in, text)
        for found in self._pattern.finditer(text):
            entry = self.entry_for(found.group(0))
            if entry is not None and not away.inside(entry.anchor, *found.span()):
                yield entry, found.group(0)

    def _head(self, entry: Entry, href: Callable[[Entry], str]) -> Markup:
        """The link and tooltip that go before a term's words (`_TAIL` after them)."""
        tip = self._tips.get(entry.anchor)
        if tip is None:
            tip = self._tips[entry.anchor] = _tooltip(entry.term, self.site_names)
        return _HEAD(href(entry), tip)

    def mark(self, page_html: str, href: Callable[[Entry], str]) -> str:
        """`page_html` with each term in prose linked to `href(entry)`, with a tooltip.

        The same result as marking each stretch of text between two tags on its own
        (`_mark_segments`), but faster: terms are looked for in the whole page at once
        (`_Finder`), and the tags are walked only to tell which of them are in prose
        (`_in_prose`). The two agree when no word contains "<" or ">", so that
        no match can run from text into a tag or out of one, and no word is blank (text
        between two tags is only searched when it is not blank); for any other glossary
        `mark` falls back to `_mark_segments`.
        """
        if self._pattern is None:
            return page_html
        if self._finder is None:
            return self._mark_segments(page_html, self._pattern, href)
        out: list[str] = []
        done = 0  # page_html[:done] is in `out`
        marked: set[str] = set()  # the entries marked on this page: each once, at first
        away = _Away(self._not_in, page_html)
        for start, end in _in_prose(page_html, self._finder.spans(page_html)):
            word = page_html[start:end]
            entry = self.entry_for(html.unescape(word))
            if entry is None or entry.anchor in marked or away.inside(entry.anchor, start, end):
                continue
            marked.add(entry.anchor)
            out += (page_html[done:start], self._head(entry, href), word, _TAIL)
            done = end
        if not out:
            return page_html
        out.append(page_html[done:])
        return "".join(out)

    def _mark_segments(
        self, page_html: str, pattern: re.Pattern[str], href: Callable[[Entry], str]
    ) -> str:
        """`mark`, one stretch of text between two tags at a time: right for any words.

        The stretches in prose are the ones `_in_prose` keeps: the same walk over the tags.
        """
        bounds = [0]
        for tag in _TAG.finditer(page_html):
            bounds += (tag.start(), tag.end())
        bounds.append(len(page_html))
        texts = [
            (start, end)
            for start, end in zip(bounds[::2], bounds[1::2], strict=True)
            if page_html[start:end].strip()  # as `_mark_text`, which leaves blank text alone
        ]
        out: list[str] = []
        done = 0
        marked: set[str] = set()
        for start, end in _in_prose(page_html, iter(texts)):
            text = page_html[start:end]
            out += (page_html[done:start], self._mark_text(text, pattern, href, marked))
            done = end
        out.append(page_html[done:])
        return "".join(out)

    def _mark_text(
        self, text: str, pattern: re.Pattern[str], href: Callable[[Entry], str], marked: set[str]
    ) -> str:
        if not text.strip():
            return text
        away = _Away(self._not_in, text)

        def replace(match: re.Match[str]) -> str:
            entry = self.entry_for(html.unescape(match.group(0)))
            if entry is None or entry.anchor in marked or away.inside(entry.anchor, *match.span()):
                return match.group(0)
            marked.add(entry.anchor)
            # the words are the page's HTML already: joined as text, not escaped again
            return "".join((self._head(entry, href), match.group(0), _TAIL))

        return pattern.sub(replace, text)


def _in_prose(page_html: str, spans: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The `spans` (in order, not overlapping) that lie in prose.

    That is, not inside a tag or a comment and not inside a skipped element: a walk over
    the tags that keeps the open elements, where a closing tag closes the element it names
    and every element opened inside it (if one of that name is open; else nothing). It
    stops after the last span and does little for each tag, which is where most of the
    time goes.
    """
    span = next(spans, None)
    names: list[str] = []  # the open elements, innermost last
    skips: list[bool] = []  # for each of them: whether it is skipped
    skip_depth = 0
    tag_end = 0  # where the last tag ended
    for tag in _TAG.finditer(page_html):
        tag_start = tag.start()
        while span is not None and span[0] < tag_start:  # after the last tag, or inside it
            if not skip_depth and span[0] >= tag_end:
                yield span
            span = next(spans, None)
        if span is None:
            return
        tag_end = tag.end()
        slash, name, attributes = tag.groups()
        if name is None:
            continue  # a comment
        name = name.lower()
        if name in VOID or (attributes and attributes.rstrip().endswith("/")):
            continue  # a void element or a self-closed one
        if slash:  # a closing tag: unwind to the element it closes
            if names and names[-1] == name:
                names.pop()
                skip_depth -= skips.pop()
            elif name in names:
                while True:
                    skip_depth -= skips.pop()
                    if names.pop() == name:
                        break
            continue
        skipped = (
            name in SKIPPED
            or "op-no-glossary" in attributes
            or "admonition-title" in attributes  # a heading in all but name
        )
        names.append(name)
        skips.append(skipped)
        skip_depth += skipped
    while span is not None:  # after the last tag
        if not skip_depth and span[0] >= tag_end:
            yield span
        span = next(spans, None)


def _tooltip(term: Term, site_names: Mapping[str, str]) -> str:
    """The definition, then how each site reads the word where they differ, a paragraph
    each (the tooltip keeps the line breaks)."""
    readings = [f"At {site}: {note.strip()}" for site, note in context_notes(term, site_names)]
    return "\n".join([term.definition.strip(), *readings])


def context_notes(term: Term, site_names: Mapping[str, str]) -> list[tuple[str, str]]:
    """(site name, how that site reads the word), in the plan's site order."""
    return [(site_names[s], note) for s, note in term.context.items() if s in site_names]
