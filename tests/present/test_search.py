"""The search index's synonyms from the glossary, and the weight of a page by its folder."""

from __future__ import annotations

from macros.plan.model import Term
from macros.present.glossary import GlossaryMarker
from macros.present.search import SYNONYMS_FIELD, page_boost, synonym_finder, with_synonyms


def _term(term: str, *aliases: str) -> Term:
    return Term(term=term, definition=f"About {term}.", aliases=aliases)


TERMS = (
    _term("AHT", "average handle time", "handle time"),
    _term("Macro", "macros", "canned reply"),
    _term("Hand-over", "handover"),
)


def test_a_section_gets_the_other_names_of_the_terms_it_holds() -> None:
    find = synonym_finder(GlossaryMarker(TERMS))
    assert find("<p>Our <strong>AHT</strong> target is six minutes.</p>") == (
        "average handle time handle time"
    )
    # both directions, and only the names the text does not already use
    assert find("<p>The average handle time went up.</p>") == "AHT handle time"
    assert find("Send the canned reply.") == "Macro macros"


def test_only_whole_words_count_and_markup_is_not_text() -> None:
    find = synonym_finder(GlossaryMarker(TERMS))
    assert find("The MACROSCOPIC view, authentic") == ""  # no term inside another word
    assert find('<a href="macro.html" title="aht">link</a>') == ""  # attributes are not text
    assert find("A handover-note") == ""  # a hyphen joins words: not the term "handover"
    assert find("&lt;AHT&gt;") == "average handle time handle time"  # entities are text


def test_the_longest_name_wins_where_names_overlap() -> None:
    # "average handle time" holds "handle time": one term, found once (its shorter name
    # is added although the text holds it: harmless, and it keeps the search one pass)
    assert synonym_finder(GlossaryMarker(TERMS))("average handle time, handle time") == "AHT"
    assert synonym_finder(GlossaryMarker(TERMS))("average handle time") == "AHT handle time"


def test_no_glossary_no_synonyms() -> None:
    assert synonym_finder(GlossaryMarker(()))("AHT") == ""


def test_the_index_gets_a_synonyms_field_and_keeps_the_rest() -> None:
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "a/", "title": "Handle times", "text": "<p>AHT by week</p>"},
            {"location": "b/", "title": "Other", "text": "nothing", SYNONYMS_FIELD: "stale"},
        ],
    }
    out = with_synonyms(index, GlossaryMarker(TERMS))
    assert out["config"] == index["config"]
    assert out["docs"][0] == {**index["docs"][0], SYNONYMS_FIELD: "average handle time handle time"}
    assert SYNONYMS_FIELD not in out["docs"][1]  # recomputed, never carried over
    assert index["docs"][1][SYNONYMS_FIELD] == "stale"  # the input is left as it was


def test_a_page_weighs_what_its_longest_folder_says() -> None:
    boosts = {"knowledge-base/": 2.0, "plan/": 0.5, "plan/roles/": 0.25, "glossary.md": 2.0}
    assert page_boost("knowledge-base/escalation.md", boosts) == 2.0
    assert page_boost("plan/timeline.md", boosts) == 0.5
    assert page_boost("plan/roles/key-contact.md", boosts) == 0.25
    assert page_boost("glossary.md", boosts) == 2.0
    assert page_boost("index.md", boosts) is None


def test_words_are_found_as_the_glossary_marks_them() -> None:
    terms = (
        Term(term="SLA", definition="d", aliases=("service level agreement",), abbreviation=True),
        Term(
            term="Provider",
            definition="d",
            aliases=("outsourcing provider",),
            not_in=("identity provider", "email provider"),
        ),
    )
    find = synonym_finder(GlossaryMarker(terms))
    assert find("Our SLA") == "service level agreement"
    assert find("a sla of wool") == ""  # an abbreviation counts in capitals only
    assert find("Check the identity provider first.") == ""  # its word, another meaning
    assert find("The identity provider and the provider.") == "outsourcing provider"


def test_a_section_gets_a_bounded_number_of_synonyms() -> None:
    many = Term(term="the", definition="d", aliases=tuple(f"alias{n}" for n in range(500)))
    found = synonym_finder(GlossaryMarker((many,)))("the end").split()
    assert len(found) == 40
