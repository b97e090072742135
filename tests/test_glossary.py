"""Glossary entries and the marking of terms in page HTML."""

from __future__ import annotations

from macros.glossary import GlossaryMarker, entries, slug
from macros.model import Term

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
    assert _mark("<p>tickets and TICKET</p>").count("op-term") == 2  # words match any case


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
    assert marked.count("op-term") == 2
    assert marked.startswith("<p><code>SLA</code> then <a")


def test_attributes_and_comments_are_never_touched() -> None:
    html = '<p title="SLA"><img alt="SLA"><!-- SLA --> ok</p>'
    assert _mark(html) == html


def test_a_thousand_terms_compile_into_one_pattern() -> None:
    many = tuple(Term(term=f"term{n:04d}", definition=f"Definition {n}.") for n in range(1000))
    marker = GlossaryMarker(many)
    marked = marker.mark("<p>term0007 and term0999 but not term10000</p>", lambda e: e.anchor)
    assert marked.count("op-term") == 2
