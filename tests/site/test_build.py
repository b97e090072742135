"""The real site builds, holds the plan, asks no other host; a bad plan builds nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, ROOT, Build, make_site, run_build

# Any URL the browser would fetch by itself: scripts, styles, images, fonts, frames, and
# <link> elements other than rel="canonical" (an address, never fetched).
FETCHED = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["']([^"']+)|"""
    r"""<link\b(?![^>]*\brel=["']canonical["'])[^>]*\bhref=["']([^"']+)|"""
    r"""url\(\s*["']?([^"')]+)""",
    re.IGNORECASE,
)


def test_home_page_shows_the_plan(sample_site: Build) -> None:
    html = sample_site.html("index.html")
    assert (
        '<h1 id="northwind-desk-tier-1-support-outsourcing">Northwind Desk tier-1 support' in html
    )
    assert "Key contact" in html
    assert "Maya Thornton" in html


def test_timeline_lists_every_task(sample_site: Build) -> None:
    html = sample_site.html("plan/timeline/index.html")
    from macros.plan.loader import load_plan

    plan, _ = load_plan(ROOT / "plan")
    for task in plan.tasks:
        assert f'id="task-{task.id}"' in html


def test_edit_links_and_theme_features(sample_site: Build) -> None:
    html = sample_site.html("knowledge-base/index.html")
    assert (
        'href="https://github.com/northwind-desk/outsourcing-playbook/edit/main/docs/'
        'knowledge-base/index.md"' in html
    )
    assert 'data-md-component="palette"' in html or "data-md-color-media" in html
    assert "md-tabs" in html
    assert (sample_site.site / "search" / "search_index.json").exists()


def test_no_page_fetches_from_another_host(sample_site: Build) -> None:
    offenders = []
    for page in sample_site.site.rglob("*"):
        if page.suffix not in {".html", ".css", ".js"}:
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in FETCHED.finditer(text):
            url = next(g for g in match.groups() if g)
            if re.match(r"^(?:[a-z]+:)?//", url, re.IGNORECASE) and not url.startswith("data:"):
                offenders.append(f"{page.relative_to(sample_site.site)}: {url}")
    assert offenders == []
    assert "fonts.googleapis.com" not in sample_site.html("index.html")


def test_invalid_plan_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    text = (plan / "project.yaml").read_text(encoding="utf-8")
    (plan / "project.yaml").write_text(
        text.replace("start: 2026-10-26", "start: 2026-02-30", 1), encoding="utf-8"
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("published earlier", encoding="utf-8")
    build = run_build(ROOT / "mkdocs.yml", site, plan_dir=plan)
    assert build.returncode == 1
    line = text[: text.index("start: 2026-10-26")].count("\n") + 1
    assert f"project.yaml:{line}:10: project: start: 2026-02-30 is not a date" in build.output
    assert "Traceback" not in build.output
    assert sorted(p.name for p in site.iterdir()) == ["keep.txt"]


def test_plan_dir_selects_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "other-plan"
    shutil.copytree(ROOT / "plan", plan)
    text = (plan / "project.yaml").read_text(encoding="utf-8")
    (plan / "project.yaml").write_text(
        text.replace(
            "name: Northwind Desk tier-1 support outsourcing", "name: Other's <b>plan</b>", 1
        ),
        encoding="utf-8",
    )
    build = run_build(ROOT / "mkdocs.yml", tmp_path / "site", plan_dir=plan)
    assert build.returncode == 0, build.output
    html = build.html("index.html")
    assert "Other&#39;s &lt;b&gt;plan&lt;/b&gt;" in html
    assert "<b>plan</b>" not in html


def test_scenario_site_builds_with_a_fixture_plan(tmp_path: Path) -> None:
    config = make_site(
        tmp_path / "s",
        {"index.md": "# {{ project.name }}\n\n{{ contacts() }}\n"},
        plan_dir=FIXTURES / "three-sites",
    )
    build = run_build(config, tmp_path / "site")
    assert build.returncode == 0, build.output
    assert "Manila" in build.html("index.html")
