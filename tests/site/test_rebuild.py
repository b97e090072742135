"""Several builds in one process, as `mkdocs serve` makes them: each sees the latest edit.

hooks/playbook.py keeps the `macros` modules loaded between builds unless a file under
macros/ changed, and each build's state (`macros.mkdocs.build.Build`) is tied to its config
object; this test edits the plan and a macro's code between builds of one process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE_PLAN, TODAY, make_site

BUILDS = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, *sites = sys.argv[1:]
for site in sites:
    input()  # the test edits files, then says "go"
    config = load_config(config_file=config_file, site_dir=site)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    print("built", flush=True)
"""


def copy_code(project: Path) -> None:
    """Real copies of macros/ and hooks/ in place of make_site's symlinks."""
    for name in ("macros", "hooks"):
        (project / name).unlink()
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))


def test_edits_between_builds_of_one_process_all_show(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(SAMPLE_PLAN, plan)
    project = tmp_path / "project"
    config = make_site(project, {"index.md": "# Home\n\n{{ project.name }}\n\n{{ contacts() }}\n"})
    (project / "plan").unlink()
    (project / "plan").symlink_to(plan, target_is_directory=True)
    copy_code(project)
    sites = [tmp_path / f"site{n}" for n in range(3)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": TODAY}
    env.pop("PLAN_DIR", None)
    process = subprocess.Popen(
        [sys.executable, "-c", BUILDS, str(config), *map(str, sites)],
        cwd=project,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    assert process.stdout is not None

    def build_next() -> None:
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write("go\n")
        process.stdin.flush()
        if process.stdout.readline() != "built\n":
            process.kill()
            raise AssertionError(process.communicate()[1])

    try:
        build_next()
        project_file = plan / "project.yaml"
        text = project_file.read_text(encoding="utf-8")
        project_file.write_text(
            text.replace("name: Northwind Desk tier", "name: Southwind Desk tier"), "utf-8"
        )
        build_next()
        code = project / "macros" / "present" / "site_pages.py"
        before = code.read_text(encoding="utf-8")
        after = before.replace(
            '"""Key contact first, every role, and the escalation path in every site\'s time."""\n'
            "        return render(",
            '"""Key contact first, every role, and the escalation path in every site\'s time."""\n'
            '        return Markup("<p>edited-code</p>") + render(',
        )
        assert after != before
        code.write_text(after, encoding="utf-8")
        build_next()
    finally:
        _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    first, second, third = ((site / "index.html").read_text(encoding="utf-8") for site in sites)
    assert "Northwind Desk" in first
    assert "Southwind Desk" not in first
    assert "Southwind Desk" in second
    assert "edited-code" not in second
    assert "edited-code" in third
    assert "Southwind Desk" in third
