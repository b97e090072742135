"""Review dates from page front matter."""

from __future__ import annotations

from datetime import date

from macros.frontmatter import body_of, front_matter_end
from macros.review import page_review

ROLES = {"support-lead", "trainers"}


def test_due_date_from_reviewed_and_the_default_interval() -> None:
    review = page_review(
        "kb/a.md", "A", {"owner": "trainers", "reviewed": date(2026, 3, 1), "tags": ["x"]}, ROLES
    )
    assert review.problems == ()
    assert review.due == date(2026, 8, 28)  # 180 days later
    assert review.overdue(date(2026, 8, 29))
    assert not review.overdue(date(2026, 8, 28))


def test_a_page_may_set_its_own_interval() -> None:
    meta = {"owner": "trainers", "reviewed": "2026-03-01", "tags": ["x"], "review_every": 30}
    review = page_review("kb/a.md", "A", meta, ROLES, default_every=365)
    assert review.due == date(2026, 3, 31)


def test_missing_and_wrong_front_matter_is_reported_by_key() -> None:
    review = page_review("kb/a.md", "A", {"owner": "nobody", "reviewed": "2026-02-30"}, ROLES)
    assert [key for key, _ in review.problems] == ["owner", "reviewed", "tags"]
    assert "not a role id of the plan (support-lead, trainers)" in review.problems[0][1]
    assert "February 2026 has 28 days" in review.problems[1][1]
    assert review.due is None
    assert not review.overdue(date(2030, 1, 1))


def test_the_body_is_what_follows_the_front_matter() -> None:
    page = "---\n# an owner is required\nowner: qa\n---\n\n# Title\n\nText\n"
    assert body_of(page) == "\n# Title\n\nText"
    assert body_of("# No front matter\n") == "# No front matter\n"
    unclosed = "---\nowner: qa\n# Title\n"
    assert body_of(unclosed) == unclosed


def test_front_matter_ends_at_the_next_dashes_or_dots_line() -> None:
    assert front_matter_end(["---", "owner: qa", "...", "# Title"]) == 2
    assert front_matter_end(["  ---  ", "owner: qa", "---"]) == 2
    assert front_matter_end(["# Title", "---"]) is None  # no front matter
    assert front_matter_end(["---", "owner: qa"]) is None  # never closed
    assert front_matter_end([]) is None
