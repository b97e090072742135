"""Glossary marking: one compiled matcher over many terms, one pass per page."""

from __future__ import annotations

import random

from bench.common import best_of, table
from macros.plan.model import Term
from macros.present.glossary import GlossaryMarker

WORDS = (  # noqa: SIM905 - reads better as a sentence
    "the agent answers each customer within the agreed time and records every step so "
    "that the next shift can pick up where the previous one stopped without asking"
).split()


def terms(count: int, seed: int = 7) -> tuple[Term, ...]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        word = f"{rng.choice(['queue', 'rota', 'intake', 'triage'])}{n:04d}"
        abbreviation = n % 10 == 0
        out.append(
            Term(
                term=word.upper() if abbreviation else word,
                definition=f"Definition of term number {n}.",
                aliases=(f"{word} list",),
                abbreviation=abbreviation,
            )
        )
    return tuple(out)


def page(glossary: tuple[Term, ...], words: int, seed: int) -> str:
    """A page of `words` words in paragraphs, with a glossary term about every 40 words."""
    rng = random.Random(seed)
    paragraphs, current = [], []
    for n in range(words):
        current.append(rng.choice(glossary).term if n % 40 == 0 else rng.choice(WORDS))
        if len(current) == 80:
            paragraphs.append("<p>" + " ".join(current) + "</p>")
            current = []
    paragraphs.append("<p>" + " ".join(current) + "</p><pre><code>queue0001</code></pre>")
    return "<h2>Section</h2>" + "".join(paragraphs)


def section() -> str:
    rows = []
    for term_count, page_count in ((100, 100), (1000, 250), (1000, 1000)):
        glossary = terms(term_count)
        pages = [page(glossary, 800, seed) for seed in range(page_count)]
        compile_time = best_of(3, lambda g=glossary: GlossaryMarker(g))
        marker = GlossaryMarker(glossary)
        marked = best_of(
            3, lambda m=marker, p=pages: [m.mark(h, lambda e: "#" + e.anchor) for h in p]
        )
        rows.append(
            [
                f"{term_count:,}",
                f"{page_count:,}",
                f"{compile_time * 1000:.1f}",
                f"{marked:.2f}",
                f"{marked / page_count * 1000:.2f}",
            ]
        )
    return (
        "Marking glossary terms in pages of about 800 words with a term every 40 words "
        "(`macros.present.glossary.GlossaryMarker`): the matcher is compiled once per build; each "
        "page is one pass.\n\n"
        + table(
            ["Terms", "Pages", "Compile (ms)", "Mark all pages (s)", "Per page (ms)"],
            rows,
            [True] * 5,
        )
    )
