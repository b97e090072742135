"""The glossary: entries for the glossary page, and marking terms in a page's HTML.

`GlossaryMarker` compiles every term and alias into one regular expression (a trie, so a
thousand terms stay one fast pass) and wraps each occurrence in prose in a link to the
term's entry with an `<abbr>` tooltip. It leaves alone code, headings, links, existing
abbreviations, SVG drawings, scripts and anything marked `op-no-glossary`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from markupsafe import escape

from .model import Term

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


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of `words` factored as a trie: one pass, little backtracking."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


@dataclass
class GlossaryMarker:
    """Marks glossary terms in HTML; build it once per build, use it on every page."""

    terms: tuple[Term, ...]
    _exact: dict[str, Entry] = field(default_factory=dict, repr=False)
    _folded: dict[str, Entry] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        exact_words: list[str] = []
        folded_words: list[str] = []
        for entry in entries(self.terms):
            for word in (entry.term.term, *entry.term.aliases):
                if entry.term.abbreviation and word.isupper():
                    self._exact[word] = entry
                    exact_words.append(word)
                else:
                    self._folded[word.casefold()] = entry
                    folded_words.append(word.casefold())
        parts = []
        if exact_words:
            parts.append(_trie_pattern(exact_words))
        if folded_words:
            parts.append("(?i:" + _trie_pattern(folded_words) + ")")
        if parts:
            body = "|".join(parts)
            self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")

    def entry_for(self, text: str) -> Entry | None:
        return self._exact.get(text) or self._folded.get(text.casefold())

    def mark(self, page_html: str, href: Callable[[Entry], str]) -> str:
        """`page_html` with each term in prose linked to `href(entry)`, with a tooltip."""
        if self._pattern is None:
            return page_html
        pattern = self._pattern
        out: list[str] = []
        stack: list[tuple[str, bool]] = []  # open elements: (name, whether it is skipped)
        skip_depth = 0
        position = 0
        for match in _TAG.finditer(page_html):
            text = page_html[position : match.start()]
            out.append(text if skip_depth else self._mark_text(text, pattern, href))
            out.append(match.group(0))
            position = match.end()
            name = (match.group(2) or "").lower()
            attributes = match.group(3) or ""
            if not name or name in VOID or attributes.rstrip().endswith("/"):
                continue  # a comment, a void element or a self-closed one
            if match.group(1):  # a closing tag: unwind to the element it closes
                if any(open_name == name for open_name, _ in stack):
                    while stack:
                        open_name, skipped = stack.pop()
                        skip_depth -= skipped
                        if open_name == name:
                            break
                continue
            skipped = (
                name in SKIPPED
                or "op-no-glossary" in attributes
                or "admonition-title" in attributes  # a heading in all but name
            )
            stack.append((name, skipped))
            skip_depth += skipped
        tail = page_html[position:]
        out.append(tail if skip_depth else self._mark_text(tail, pattern, href))
        return "".join(out)

    def _mark_text(self, text: str, pattern: re.Pattern[str], href: Callable[[Entry], str]) -> str:
        if not text.strip():
            return text

        def replace(match: re.Match[str]) -> str:
            entry = self.entry_for(html.unescape(match.group(0)))
            if entry is None:
                return match.group(0)
            tip = escape(_tooltip(entry.term))
            return (
                f'<a class="op-term" href="{escape(href(entry))}">'
                f'<abbr title="{tip}">{match.group(0)}</abbr></a>'
            )

        return pattern.sub(replace, text)


def _tooltip(term: Term) -> str:
    return term.definition.strip()


def context_notes(term: Term, site_names: Mapping[str, str]) -> list[tuple[str, str]]:
    """(site name, how that site reads the word), in the plan's site order."""
    return [(site_names[s], note) for s, note in term.context.items() if s in site_names]
