"""A page whose front matter holds an alias bomb stops the build at once, at the alias."""

from __future__ import annotations

import time
from pathlib import Path

from tests.conftest import make_site, run_build

BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_front_matter_alias_bomb_stops_the_build_with_its_place(tmp_path: Path) -> None:
    # Before: MkDocs kept the aliases as shared values, and mkdocs-macros formatted every
    # page's metadata as text for its debug log, 9^9 values: four minutes, gigabytes.
    page = "---\nowner: key-contact\nreviewed: 2026-11-02\ntags: [test]\n" + BOMB + "---\n\n# X\n"
    assert len(BOMB.encode()) < 420
    config = make_site(tmp_path, {"index.md": "# Home\n", "bomb.md": page})

    started = time.monotonic()
    build = run_build(config, tmp_path / "site")
    took = time.monotonic() - started

    assert build.returncode == 1
    assert took < 60
    assert (
        "docs/bomb.md:6:8: the page's front matter: the alias *a repeats a value written "
        "elsewhere, which is not allowed here: write the value out"
    ) in build.output
    assert "Traceback" not in build.output
    assert not (tmp_path / "site" / "bomb" / "index.html").exists()
