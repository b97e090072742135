"""`make serve` (mkdocs serve --dirty): a save rebuilds what it touches, and search stays whole.

Runs the real server on a copy of the sample project, saves files as an editor would, and
reads the served pages and search index over HTTP.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from bench.site import fetch, free_port, set_project_name, stop, wait_for_server
from macros.mkdocs import preview
from tests.conftest import ROOT, TODAY

WAIT = 30.0


def _until(check: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    project = tmp_path_factory.mktemp("preview") / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "plan", project / "plan")
    for name in ("macros", "hooks"):
        (project / name).symlink_to(ROOT / name, target_is_directory=True)
    port = free_port()
    log = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": TODAY}
    env.pop("PLAN_DIR", None)
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "-a", f"127.0.0.1:{port}"], cwd=project, env=env, stdout=out, stderr=out
        )
    try:
        base = wait_for_server(process, log, WAIT)
        yield SimpleNamespace(project=project, base=base, log=log)
    finally:
        stop(process)


def _index(base: str) -> list[dict[str, Any]]:
    text = fetch(base + "search/search_index.json")
    return list(json.loads(text)["docs"]) if text else []


def test_a_saved_page_shows_and_search_keeps_every_page(served: SimpleNamespace) -> None:
    before = _index(served.base)
    assert len(before) > 300
    page = served.project / "docs" / "knowledge-base" / "tools.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nPreviewprobe one.\n", encoding="utf-8")
    url = served.base + "knowledge-base/tools/"
    assert _until(lambda: "Previewprobe one" in (fetch(url) or "")), served.log.read_text()
    after = _index(served.base)
    assert sorted(d["location"] for d in after) == sorted(d["location"] for d in before)
    found = [d["location"] for d in after if "Previewprobe one" in d["text"]]
    assert len(found) == 1
    assert found[0].startswith("knowledge-base/tools/")
    assert "WARNING" not in served.log.read_text(encoding="utf-8")  # the dirty-build one


def test_a_plan_change_rebuilds_the_pages_that_use_it(served: SimpleNamespace) -> None:
    set_project_name(served.project / "plan" / "project.yaml", "Planprobe desk")
    assert _until(lambda: "Planprobe desk" in (fetch(served.base) or ""))
    # an authored page that uses the plan, and a page generated from it
    assert _until(lambda: "Planprobe desk" in (fetch(served.base + "plan/timeline/") or ""))
    index = _index(served.base)
    assert len({d["location"] for d in index}) == len(index)  # every entry once
    assert "Rebuilding" in served.log.read_text(encoding="utf-8")


def _file(url: str, generated: bool = False, text: str = "") -> SimpleNamespace:
    return SimpleNamespace(
        url=url, generated_by=("x" if generated else None), abs_src_path=url, content_string=text
    )


def test_what_a_change_touches() -> None:
    pages = [_file("a", text="{{ dashboard() }}"), _file("b", text="Plain."), _file("g", True)]
    base = preview.Inputs("c", "code", "g", "p")
    assert preview.to_rebuild(None, base, pages) == []
    assert preview.to_rebuild(base, base, pages) == []
    plan = preview.Inputs("c", "code", "g", "p2")
    assert [f.url for f in preview.to_rebuild(base, plan, pages)] == ["a"]
    for changed in (
        preview.Inputs("c2", "code", "g", "p"),
        preview.Inputs("c", "code2", "g", "p"),
        preview.Inputs("c", "code", "g2", "p"),
    ):
        assert [f.url for f in preview.to_rebuild(base, changed, pages)] == ["a", "b"]


def test_this_build_s_entries_are_found_in_what_material_writes() -> None:
    def entry(location: str) -> dict[str, str]:
        return {"location": location, "text": location}

    before = [entry(x) for x in ("", "a/", "a/#s", "b/", "b/c/", "d/")]
    # Material drops the entries starting with the first page it rebuilt ("b/"), keeps the
    # rest, and appends this build's (of "b/" and "d/").
    fresh = [entry("b/"), entry("b/#new"), entry("d/")]
    written = [e for e in before if not e["location"].startswith("b/")] + fresh
    assert preview.new_entries(written, before, ["d/", "b/"]) == fresh
    assert preview.new_entries(written, before, ["x/"]) is None
