"""The knowledge base as built: glossary, term marking, checklists, readiness, reviews."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from mkdocs.utils.meta import get_data

from macros.plan.loader import load_plan
from macros.present.glossary import entries
from tests.conftest import ROOT, TODAY, Build, make_site, run_build

DOCS = ROOT / "docs"


def _authored_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def test_every_page_has_owner_reviewed_and_tags() -> None:
    plan, _ = load_plan(ROOT / "plan")
    roles = {r.id for r in plan.roles}
    for page in _authored_pages():
        _, meta = get_data(page.read_text(encoding="utf-8"))
        assert meta.get("owner") in roles, page
        assert isinstance(meta.get("reviewed"), date), page
        assert isinstance(meta.get("tags"), list), page
        assert meta["tags"], page


def test_the_knowledge_base_is_substantial() -> None:
    prose = [p for p in _authored_pages() if p.parts[-2] in ("knowledge-base", "playbook")]
    assert len(prose) >= 25
    words = sum(len(get_data(p.read_text(encoding="utf-8"))[0].split()) for p in prose)
    assert words >= 12_000


def test_glossary_page_lists_every_term_with_an_anchor(sample_site: Build) -> None:
    plan, _ = load_plan(ROOT / "plan")
    html = sample_site.html("glossary/index.html")
    assert len(plan.terms) >= 40
    for entry in entries(plan.terms):
        # a heading of its own, so that search answers with the entry itself
        assert f'<h3 id="{entry.anchor}"><dfn>' in html
    assert 'href="#letter-s"' in html
    assert "At Provider support centre, Krakow:" in html  # per-site context notes
    assert "See also:" in html
    assert 'class="op-term"' not in html  # the glossary is not marked in itself


def test_terms_are_marked_in_prose_but_not_in_headings_or_code(sample_site: Build) -> None:
    html = sample_site.html("knowledge-base/service-levels/index.html")
    link = re.search(r'<a class="op-term" href="([^"]+#sla)"><abbr title="([^"]+)">', html)
    assert link is not None
    assert html.count(link.group(0)) == 1  # once a page, where it first stands in prose
    assert link.group(1).startswith("../../glossary/#")
    assert "Service level agreement" in link.group(2)
    for heading in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", html, re.DOTALL):
        assert "op-term" not in heading
    for code in re.findall(r"<code>.*?</code>", html, re.DOTALL):
        assert "op-term" not in code


def test_terms_are_marked_in_the_article_only_and_search_reads_plain_text(
    sample_site: Build,
) -> None:
    html = sample_site.html("knowledge-base/service-levels/index.html")
    before, article = html.split("<article", 1)
    article, after = article.split("</article>", 1)
    assert article.count('class="op-term"') >= 5
    assert "op-term" not in before
    assert "op-term" not in after
    index = json.loads((sample_site.site / "search" / "search_index.json").read_text("utf-8"))
    texts = [d["text"] for d in index["docs"] if d["location"].startswith("knowledge-base/")]
    assert any("SLA" in text for text in texts)
    assert not any("op-term" in text or "<abbr" in text for text in texts)


def test_checklist_pages_show_due_dates_owners_and_overdue_items(sample_site: Build) -> None:
    plan, _ = load_plan(ROOT / "plan")
    index = sample_site.html("checklists/index.html")
    for checklist in plan.checklists:
        assert f'href="{checklist.id}/"' in index
        page = sample_site.html(f"checklists/{checklist.id}/index.html")
        assert 'class="op-tick"' in page
        assert "op-checklist:" in page
    # The plan was approved on 2026-11-10, before the tests' status date: the one open item
    # of the pre-launch checklist (the data processing agreement) is overdue.
    pre_launch = sample_site.html("checklists/pre-launch/index.html")
    assert "Due <strong>2026-11-10</strong>" in pre_launch
    assert '<tr id="item-data-protection" class="op-overdue">' in pre_launch
    assert pre_launch.count('class="op-overdue"') == 1
    # systems-ready is forecast for 2027-01-05 (end-to-end tests from 23 December, past
    # both sites' Christmas closures): nothing there is overdue yet.
    technical = sample_site.html("checklists/technical-configuration/index.html")
    assert "Due <strong>2027-01-05</strong>" in technical
    assert "overdue" not in technical
    for area in ("System access", "Firewall", "VOIP", "Desktop"):
        assert f">{area}</h2>" in technical


def test_dashboard_has_the_readiness_panel(sample_site: Build) -> None:
    html = sample_site.html("index.html")
    assert "Go-Live readiness" in html
    assert "NO-GO" in html
    assert 'role="progressbar"' in html


def test_search_finds_glossary_terms_and_checklist_items(sample_site: Build) -> None:
    index = json.loads((sample_site.site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "glossary/" in locations
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("glossary/"))
    assert "Hypercare" in text or "hypercare" in text
    plan, _ = load_plan(ROOT / "plan")
    item = plan.checklists[0].items[0].text
    checklist_docs = [d for d in index["docs"] if d["location"].startswith("checklists/")]
    assert any(item.split()[0] in d["text"] for d in checklist_docs)


def test_due_for_review_page_and_banner(sample_site: Build) -> None:
    review = sample_site.html("editors/review/index.html")
    overdue_rows = re.findall(r'<td class="op-bad">(\d{4}-\d{2}-\d{2})</td>', review)
    assert overdue_rows, "the sample has pages overdue for review"
    assert all(date.fromisoformat(d) < date.fromisoformat(TODAY) for d in overdue_rows)
    first = re.search(r'<tr><td><a href="\.\./\.\./([^"]+)">', review)
    assert first is not None
    page = sample_site.html(first.group(1) + "index.html")
    assert "Review overdue" in page
    assert "Review overdue" not in sample_site.html("editors/plan-format/index.html")


def test_overdue_reviews_can_fail_a_strict_build(tmp_path: Path) -> None:
    old = (date.fromisoformat(TODAY) - timedelta(days=400)).isoformat()
    page = f"---\nowner: support-lead\nreviewed: {old}\ntags: [x]\n---\n\n# Old\n\nText.\n"
    config = make_site(tmp_path / "s", {"index.md": page})
    relaxed = run_build(config, tmp_path / "site")
    assert relaxed.returncode == 0, relaxed.output
    assert "index.md: review overdue since" in relaxed.output
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "extra:\n  review_overdue: warning\n", encoding="utf-8")
    strict = run_build(config, tmp_path / "site2")
    assert strict.returncode == 1
    assert "WARNING -  index.md: review overdue since" in strict.output


def test_bad_front_matter_is_a_warning_with_file_and_line(tmp_path: Path) -> None:
    page = "---\ntags: [x]\nreviewed: 2026-02-30\nowner: nobody\n---\n\n# Page\n"
    config = make_site(tmp_path / "s", {"index.md": page})
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 1
    assert (
        "docs/index.md:4:1: the page names owner 'nobody', which is not a role id" in build.output
    )
    assert (
        "docs/index.md:3:1: the page has a wrong `reviewed:` date: 2026-02-30 is not a date"
        in build.output
    )


def test_a_knowledge_base_page_names_its_owner_and_review_date(sample_site: Build) -> None:
    html = sample_site.html("knowledge-base/escalation/index.html")
    note = re.search(r'<p class="op-page-owner">(.*?)</p>', html)
    assert note is not None
    assert '<a href="../../plan/roles/support-lead/">Customer Support Lead</a>' in note.group(1)
    assert '<time datetime="2026-04-14">' in note.group(1)
    # the overdue banner names the owner it asks the reader to check with
    assert "check with its owner, Customer Support Lead (" in html
    # the owner line is no answer to a search, and plan pages carry none
    index = json.loads((sample_site.site / "search" / "search_index.json").read_text("utf-8"))
    assert not [d["location"] for d in index["docs"] if "Owner: " in d["text"]]
    assert "op-page-owner" not in sample_site.html("plan/timeline/index.html")
    assert "op-page-owner" in sample_site.html("playbook/key-contact/index.html")
