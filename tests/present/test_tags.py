"""A misspelt tag is told apart from a new one."""

from __future__ import annotations

from macros.present.tags import tag_typos


def test_a_lone_tag_close_to_a_shared_one_is_a_typo() -> None:
    pages = {
        "a.md": ["escalation", "agents"],
        "b.md": ["escalation"],
        "c.md": ["escalaton", "agents"],  # the typo
        "d.md": ["billing"],  # new and unlike any other: fine
        "e.md": ["agent"],  # close to the shared "agents"
    }
    assert tag_typos(pages) == [("c.md", "escalaton", "escalation"), ("e.md", "agent", "agents")]


def test_shared_tags_and_a_page_repeating_its_tag_are_not_typos() -> None:
    assert tag_typos({"a.md": ["plans", "plans"], "b.md": ["plan"], "c.md": ["plan"]}) == [
        ("a.md", "plans", "plan")
    ]
    assert tag_typos({"a.md": ["plan"], "b.md": ["plan"], "c.md": ["plan"]}) == []
    assert tag_typos({}) == []


def test_tags_that_differ_in_digits_only_are_different_tags() -> None:
    pages = {"a.md": ["tier-2"], "b.md": ["tier-2"], "c.md": ["tier-1"], "d.md": ["tier2s"]}
    assert tag_typos(pages) == [("d.md", "tier2s", "tier-2")]
