"""The search index the sample site ships: what is in it, what is kept out, what weighs more.

How it ranks agents' questions in the browser is tests/e2e/test_search_questions.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Build, make_site, run_build


def _index(build: Build) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(build.html("search/search_index.json"))
    return data


def _entry(index: dict[str, Any], location: str) -> dict[str, Any]:
    return next(e for e in index["docs"] if e["location"] == location)


def test_tags_weigh_as_a_heading_does_and_synonyms_are_searched(sample_site: Build) -> None:
    fields = _index(sample_site)["config"]["fields"]
    assert fields["tags"]["boost"] <= fields["title"]["boost"]  # Material's default: 1,000x
    assert "synonyms" in fields


def test_each_glossary_term_is_a_result_of_its_own(sample_site: Build) -> None:
    aht = _entry(_index(sample_site), "glossary/#aht")
    assert aht["title"] == "AHT"
    assert "average handle time" in aht["text"]


def test_a_section_knows_the_glossary_names_it_does_not_use(sample_site: Build) -> None:
    locked = _entry(
        _index(sample_site),
        "knowledge-base/account-access/#locked-out-by-two-factor-authentication",
    )
    assert "2FA" in locked["text"]
    assert "MFA" in locked["synonyms"].split()  # the glossary's MFA, also called 2FA
    assert "MFA" not in locked["text"]  # searched, never shown


def test_furniture_is_not_indexed(sample_site: Build) -> None:
    index = _index(sample_site)
    every = " ".join(e["title"] + " " + e["text"] for e in index["docs"])
    # The escalation page is overdue in the sample, and shows its banner...
    assert "Review overdue" in sample_site.html("knowledge-base/escalation/index.html")
    # ...which no snippet repeats; nor the checklists' buttons, notes and sign-off lines.
    for furniture in ("Review overdue", "Clear my ticks", "The boxes on the left", "Checked by"):
        assert furniture not in every, furniture
    assert not any(e["location"].startswith("tags/") for e in index["docs"])  # a list of links


def test_pages_weigh_by_their_folder(sample_site: Build) -> None:
    index = _index(sample_site)

    def boost(location: str) -> float:
        return float(_entry(index, location).get("boost", 1))

    assert boost("knowledge-base/escalation/") == 2
    assert boost("glossary/#aht") == 2
    assert boost("plan/timeline/") == 0.5
    assert boost("editors/") == 0.5
    assert boost("") == 1  # the home page: no folder, Material's own weight


def test_a_page_sets_its_own_weight_and_a_wrong_one_says_what_to_write(tmp_path: Path) -> None:
    pages = {
        "index.md": "# Home\n",
        "kb/a.md": "---\nowner: key-contact\nreviewed: 2026-11-02\ntags: [x]\n"
        "search:\n  boost: 3\n---\n\n# A\n",
        "kb/b.md": "# B\n",
    }
    config = make_site(tmp_path / "ok", pages)
    config.write_text(
        config.read_text(encoding="utf-8") + "extra:\n  search_boost:\n    kb/: 1.5\n",
        encoding="utf-8",
    )
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 0, build.output
    index = _index(build)
    assert _entry(index, "kb/a/")["boost"] == 3  # its own
    assert _entry(index, "kb/b/")["boost"] == 1.5  # its folder's

    bad = {
        "index.md": "---\nowner: key-contact\nreviewed: 2026-11-02\ntags: [x]\n"
        "search:\n  boost: 1e9\n---\n\n# Home\n"
    }
    failed = run_build(make_site(tmp_path / "bad", bad), tmp_path / "site2")
    assert failed.returncode == 1
    assert (
        "docs/index.md:5:1: `search: boost:` is 1000000000.0, not a number from 0.1 to 10: "
        "write `search: {boost: 2}`" in failed.output
    )


def test_a_wrong_folder_weight_is_left_out_with_a_warning(tmp_path: Path) -> None:
    config = make_site(tmp_path / "s", {"index.md": "# Home\n", "kb/a.md": "# A\n"})
    config.write_text(
        config.read_text(encoding="utf-8") + "extra:\n  search_boost:\n    kb/: 99\n",
        encoding="utf-8",
    )
    build = run_build(config, tmp_path / "site", strict=False)
    assert build.returncode == 0, build.output
    assert "mkdocs.yml: extra.search_boost: kb/: `search: boost:` is 99" in build.output
    assert "boost" not in _entry(_index(build), "kb/a/")
