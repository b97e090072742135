"""Glossary entries and the marking of terms in page HTML."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from macros.plan.model import Term
from macros.present.glossary import SKIPPED, VOID, GlossaryMarker, entries, slug

TERMS = (
    Term(
        term="SLA",
        definition="Service level agreement: the promised times.",
        abbreviation=True,
        aliases=("service level agreement",),
    ),
    Term(term="Go-Live", definition='The first day on our own ("live").', aliases=("go live",)),
    Term(
        term="soft launch", definition="Live tickets during training.", aliases=("soft launches",)
    ),
    Term(term="ticket", definition="A customer's request.", aliases=("tickets",)),
    Term(term="Ärger", definition="Trouble."),
)


def _mark(html: str) -> str:
    return GlossaryMarker(TERMS).mark(html, lambda e: f"/glossary/#{e.anchor}")


def _link(text: str, anchor: str, tip: str) -> str:
    return f'<a class="op-term" href="/glossary/#{anchor}"><abbr title="{tip}">{text}</abbr></a>'


def test_entries_sorted_with_anchors_and_letters() -> None:
    found = entries(TERMS)
    assert [e.term.term for e in found] == ["Ärger", "Go-Live", "SLA", "soft launch", "ticket"]
    assert [e.anchor for e in found] == ["arger", "go-live", "sla", "soft-launch", "ticket"]
    assert [e.letter for e in found] == ["A", "G", "S", "S", "T"]
    assert slug("Go/no-go decision") == "go-no-go-decision"


def test_terms_and_aliases_in_prose_are_marked() -> None:
    sla = _link("SLA", "sla", "Service level agreement: the promised times.")
    assert _mark("<p>Our SLA holds.</p>") == f"<p>Our {sla} holds.</p>"
    assert "go live" in _mark("<p>Before go live.</p>")
    assert _mark("<p>Before go live.</p>").count('href="/glossary/#go-live"') == 1
    assert _mark("<p>Two soft launches.</p>").count("#soft-launch") == 1
    assert _mark("<p>Ärger!</p>").count("#arger") == 1


def test_abbreviations_match_their_case_only_and_whole_words() -> None:
    assert "op-term" not in _mark("<p>sla, Slack, SLAs, pre-SLA, SLA-based</p>")
    marked = _mark("<p>tickets and TICKET</p>")  # words match any case; marked once a page
    assert marked.count("op-term") == 1
    assert marked.endswith("</a> and TICKET</p>")
    assert _mark("<p>TICKET</p>").count("op-term") == 1


def test_definition_is_escaped_in_the_tooltip() -> None:
    assert 'title="The first day on our own (&#34;live&#34;)."' in _mark("<p>Go-Live</p>")


def test_code_headings_links_and_svg_are_left_alone() -> None:
    untouched = (
        "<h2>SLA</h2><pre><code>SLA</code></pre><p><code>SLA</code> <a href='x'>SLA</a> "
        "<abbr title='y'>SLA</abbr></p><svg><text>SLA</text></svg>"
        '<div class="op-no-glossary"><p>SLA <b>SLA</b></p></div>'
    )
    assert _mark(untouched) == untouched


def test_marking_resumes_after_a_skipped_element() -> None:
    marked = _mark("<p><code>SLA</code> then SLA<br>and SLA</p>")
    assert marked.count("op-term") == 1  # the first SLA in prose, not the one in code
    assert marked.startswith("<p><code>SLA</code> then <a")
    assert marked.endswith("<br>and SLA</p>")


def test_each_term_is_marked_at_its_first_occurrence_only() -> None:
    marked = _mark("<h2>SLA</h2><p>The SLA and the SLA again; tickets and a ticket.</p>")
    assert marked.count('href="/glossary/#sla"') == 1  # never in the heading
    assert marked.count('href="/glossary/#ticket"') == 1
    assert marked.startswith("<h2>SLA</h2><p>The <a")


def test_phrases_where_a_word_means_something_else_are_left_alone() -> None:
    provider = Term(
        term="Provider",
        definition="The outsourcing company.",
        not_in=("identity provider", "email provider"),
    )
    marker = GlossaryMarker((provider,))
    page = "<p>Ask the identity provider, then the Email Provider, then the provider.</p>"
    marked = marker.mark(page, lambda e: "/glossary/#" + e.anchor)
    assert marked.count("op-term") == 1
    assert marked.endswith(
        'then the <a class="op-term" href="/glossary/#provider">'
        '<abbr title="The outsourcing company.">provider</abbr></a>.</p>'
    )
    # the same with words that send the marker down its slower path (a "<" in a word)
    odd = Term(term="a<b", definition="x", not_in=("the a<b rule",))
    assert GlossaryMarker((odd,)).mark("<p>the a&lt;b rule</p>", lambda e: "#") == (
        "<p>the a&lt;b rule</p>"
    )


def test_attributes_and_comments_are_never_touched() -> None:
    html = '<p title="SLA"><img alt="SLA"><!-- SLA --> ok</p>'
    assert _mark(html) == html


def test_a_thousand_terms_compile_into_one_pattern() -> None:
    many = tuple(Term(term=f"term{n:04d}", definition=f"Definition {n}.") for n in range(1000))
    marker = GlossaryMarker(many)
    marked = marker.mark("<p>term0007 and term0999 but not term10000</p>", lambda e: e.anchor)
    assert marked.count("op-term") == 2


# `mark` against a plain reference: the same rules, written out one step at a time.


def _is_word_char(char: str) -> bool:
    return char in "-_" or char.isalnum()


def _fits(text: str, word: str, *, fold: bool) -> bool:
    """Whether `text` is `word`, letter by letter; with `fold` in any case, as `re` sees it."""
    if not fold:
        return text == word
    return len(text) == len(word) and all(
        re.fullmatch(f"(?i:{re.escape(w)})", t) for t, w in zip(text, word, strict=True)
    )


def _longest(text: str, start: int, words: Iterable[str], *, fold: bool) -> int | None:
    """Where the longest of `words` that stands alone at `text[start:]` ends."""
    ends = [
        start + len(word)
        for word in words
        if _fits(text[start : start + len(word)], word, fold=fold)
        and not _is_word_char(text[start + len(word) : start + len(word) + 1] or " ")
    ]
    return max(ends, default=None)


def _pieces(page: str) -> Iterator[tuple[bool, str]]:
    """(is a tag or comment, text) in order: a tag runs from "<" and a letter (or "</" and
    a letter) to the next ">", a comment from "<!--" to the next "-->"."""
    start = position = 0
    while position < len(page):
        end = -1
        if page.startswith("<!--", position):
            close = page.find("-->", position + 4)
            end = close + 3 if close >= 0 else -1
        elif page.startswith("<", position):
            after = position + 2 if page.startswith("</", position) else position + 1
            if page[after : after + 1].isascii() and page[after : after + 1].isalpha():
                close = page.find(">", after)
                end = close + 1 if close >= 0 else -1
        if end < 0:
            position += 1
            continue
        yield False, page[start:position]
        yield True, page[position:end]
        start = position = end
    yield False, page[start:]


def _reference_mark(page: str, terms: tuple[Term, ...], href: Callable[[Term], str]) -> str:
    exact = {w: t for t in terms for w in (t.term, *t.aliases) if t.abbreviation and w.isupper()}
    folded = {w.casefold(): t for t in terms for w in (t.term, *t.aliases) if w not in exact}
    seen: set[str] = set()  # a term is marked once a page, where it first stands in prose

    def mark_text(text: str) -> str:
        out, done, position = [], 0, 0
        while position < len(text):
            if position and (
                _is_word_char(text[position - 1])
                or text[position - 1] == "&"
                or text[:position].endswith("&#")
            ):
                position += 1
                continue
            end = _longest(text, position, exact, fold=False) or _longest(
                text, position, folded, fold=True
            )
            if end is None:
                position += 1
                continue
            word = text[position:end]
            term = exact.get(word) or folded.get(word.casefold())
            if term is not None and term.term not in seen:
                seen.add(term.term)
                tip = escape(term.definition.strip())
                link = f'<a class="op-term" href="{escape(href(term))}"><abbr title="{tip}">'
                out += [text[done:position], link, word, "</abbr></a>"]
                done = end
            position = end
        return "".join(out) + text[done:]

    out: list[str] = []
    open_elements: list[tuple[str, bool]] = []  # (name, skipped), innermost last
    for is_tag, piece in _pieces(page):
        skipping = any(skipped for _, skipped in open_elements)
        if not is_tag:
            out.append(piece if skipping or not piece.strip() else mark_text(piece))
            continue
        out.append(piece)
        found = re.match(r"</?([a-zA-Z][a-zA-Z0-9-]*)", piece)
        if found is None:
            continue  # a comment
        name, attributes = found.group(1).lower(), piece[found.end() : -1]
        if name in VOID or attributes.rstrip().endswith("/"):
            continue
        names = [open_name for open_name, _ in open_elements]
        if piece.startswith("</"):
            if name in names:
                del open_elements[len(names) - 1 - names[::-1].index(name) :]
            continue
        skipped = name in SKIPPED or "op-no-glossary" in attributes
        open_elements.append((name, skipped or "admonition-title" in attributes))
    return "".join(out)


_FOLDED_LETTERS = "abks -é\u0131"  # no two match the same letter; dotless i matches "I"
_WORDS = st.one_of(
    st.text(_FOLDED_LETTERS, min_size=1, max_size=5),
    st.text("ABKS2", min_size=1, max_size=4),  # abbreviations when the term is one
    st.sampled_from(["a>b", "<b", "  "]),  # words `mark` leaves to `_mark_segments`
)


@st.composite
def _glossaries(draw: st.DrawFn) -> tuple[Term, ...]:
    words = draw(st.lists(_WORDS, min_size=1, max_size=6, unique_by=str.casefold))
    groups: list[list[str]] = []
    for word in words:  # each word starts a term or is an alias of the one before
        if groups and draw(st.booleans()):
            groups[-1].append(word)
        else:
            groups.append([word])
    return tuple(
        Term(
            term=group[0],
            definition=f' "{group[0]}" & <more> ',
            aliases=tuple(group[1:]),
            abbreviation=draw(st.booleans()),
        )
        for group in groups
    )


_FRAGMENTS = (
    "<p>", "</p>", "<P class=x>", "</P>", "<code>", "</code>", "<a href='k'>", "</a>",
    '<div class="op-no-glossary">', "</div>", '<p class="admonition-title">', "<h2>",
    "</h2>", "<svg>", "</svg>", "<br>", "<br />", "<x-y a=b/>", "<a name='x' />", "<code/>",
    "<span title='kab'>",
    "</span>", "<!-- kab -->", "<!--", "-->", "<", ">", "</", "<b", " ", "\n", ".", "_",
    "-", "x", "i", "é", "—", "ſ", "\u212a", "İ", "&amp;", "&", "&#", "&#x", ";",
)  # fmt: skip


@st.composite
def _pages(draw: st.DrawFn, terms: tuple[Term, ...]) -> str:
    words = [w for t in terms for w in (t.term, *t.aliases)]
    spelled = st.builds(
        lambda word, case: case(word),
        st.sampled_from(words),
        st.sampled_from([str, str.upper, str.lower, str.title]),
    )
    return "".join(draw(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), spelled), max_size=40)))


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_mark_agrees_with_a_plain_reference(data: st.DataObject) -> None:
    terms = data.draw(_glossaries())
    page = data.draw(_pages(terms))
    marker = GlossaryMarker(terms)
    marked = marker.mark(page, lambda e: f"/g/?{e.term.term}")
    assert marked == _reference_mark(page, terms, lambda t: f"/g/?{t.term}")


@pytest.mark.parametrize(
    ("words", "page"),
    [
        (("kab",), "<p>\u212aAB, Kab and ſkab-</p>"),  # the Kelvin sign matches "k"
        (("sak",), "<p>ſak and SAK</p><!-- sak <p>sak</p>"),  # the long s matches "s"
        (("kab",), "<p title='kab'>kab<b>kab</b></p><!-- kab --><code>kab</code>kab"),
        (("kab", "a>b"), "<p>kab a>b</p>"),
        (("ab ka", "ka"), "<p>ab ka, ka</p>"),  # a word inside a longer one is not marked
        # The dotless i matches "I", but "KI A" names no entry: still, it hides the "A".
        (("k\u0131 a", "a"), "<p>KI A, a</p>"),
        (("KAB",), "<p>KAB kab Kab</p><p class='admonition-title'>KAB</p>KAB"),
        # An entity's name is not a word: Q&A stays Q&A, [ stays [.
        (("amp", "lt", "x5b", "91"), "<p>Q&amp;A &lt;b&gt; &#x5B;&#91; amp lt x5b 91</p>"),
    ],
)
def test_mark_agrees_with_the_reference_on_odd_pages(words: tuple[str, ...], page: str) -> None:
    terms = tuple(Term(term=w, definition="d", abbreviation=w.isupper()) for w in words)
    marked = GlossaryMarker(terms).mark(page, lambda e: e.anchor)
    assert marked == _reference_mark(page, terms, lambda t: slug(t.term))
    assert "op-term" in marked


def test_a_rebuild_reuses_the_matcher_only_while_the_glossary_is_the_same() -> None:
    from macros.mkdocs.build import _marker_of

    def glossary(definition: str) -> tuple[Term, ...]:
        return (Term(term="SLA", definition=definition, abbreviation=True),)

    sites = {"hq": "Toronto"}
    first = _marker_of(glossary("Service level agreement."), sites)
    assert _marker_of(glossary("Service level agreement."), dict(sites)) is first  # equal
    assert _marker_of(glossary("Service level agreement."), {"hq": "HQ"}) is not first
    changed = _marker_of(glossary("What we promise to answer within."), sites)
    assert changed is not first
    marked = changed.mark("<p>Our SLA.</p>", lambda entry: "#sla")
    assert 'title="What we promise to answer within."' in marked


def test_an_entity_name_is_never_marked_as_a_term() -> None:
    """A term "amp" or "lt" must not split `&amp;` or `&lt;`: the page would show "&amp;"."""
    terms = (Term(term="amp", definition="Amplifier."), Term(term="lt", definition="Lieutenant."))
    page = "<p>Q&amp;A, 1 &lt; 2, &#91;x&#93;: an amp and a lt.</p>"
    marked = GlossaryMarker(terms).mark(page, lambda e: "#" + e.anchor)
    assert marked.startswith("<p>Q&amp;A, 1 &lt; 2, &#91;x&#93;: an <a ")
    assert marked.count("op-term") == 2


def test_the_tooltip_gives_each_sites_reading_after_the_definition() -> None:
    term = Term(
        term="Escalation",
        definition="Passing a ticket up.",
        context={"hq": "Tier 2 in Toronto.", "krakow": "The team lead first.", "gone": "x"},
    )
    marker = GlossaryMarker((term,), {"hq": "Toronto", "krakow": "Krakow"})
    marked = marker.mark("<p>An escalation.</p>", lambda e: "#escalation")
    assert (
        'title="Passing a ticket up.\nAt Toronto: Tier 2 in Toronto.\n'
        'At Krakow: The team lead first."' in marked
    )
